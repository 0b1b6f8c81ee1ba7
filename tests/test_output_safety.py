"""Output safety: what a data file says never becomes a live script link, broken markup, a file
from outside the project or a build that runs out of memory.

Each class of payload goes into every field that reaches an output (the CV file's, refs.bib's,
a card's), on the small whole site of ``tests/roots/test-safety``; outputs are read with
parsers (BeautifulSoup on lxml, ElementTree, markdown-it, pypdf), mistakes are expected as
warnings at ``file:line``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

import pytest
from academic.bib.characters import UNWRITABLE, bidi_closed
from academic.bib.chunks import Chunk, parse_chunk
from academic.bib.links import url_text
from academic.bib.model import Problem
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.bib.urls import EMAIL, kind_of, mailto, web_link_problem
from academic.builder.html_addresses import addresses, refresh_address, srcset_addresses
from academic.builder.html_addresses import text as html_text
from academic.builder.included_files import STANDARD_INCLUDES, refuse_myst_includes
from academic.builder.links import head_address_problem
from academic.cv.parsing import parse as cv_parse
from academic.publications.bibfiles import CITE_ROLE
from academic.site.card_image import Card, drawable, render
from academic.site.escape import (
    markdown_line,
    markdown_text,
    markdown_url,
    script_json,
    xml_text,
)
from academic.site.page_text import inline_markdown
from bs4 import BeautifulSoup
from conftest import TESTS, html_page, plain_warnings
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pybtex.database.input.bibtex import Parser
from pybtex.utils import CaseInsensitiveDict
from pypdf import PdfReader

#: A link that runs code, each as a browser would still read it.
UNSAFE_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
               " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
               "vbscript:msgbox(1)", "file:///etc/passwd"]
#: Any scheme a browser would run or open: what no href, src or PDF link may start with.
LIVE = re.compile(r"^[\x00-\x20]*(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|data|vbscript|file)\s*:",
                  re.IGNORECASE)
#: Text that ends a script, opens a comment in one or is markup in Markdown or HTML.
HOSTILE_TEXT = "</script><!--<script>x</title><b>&amp;</b> [x](javascript:alert(1)) *a*_b_"


def site(tmp_path: Path) -> Path:
    source = tmp_path / "site"
    shutil.copytree(TESTS / "roots" / "test-safety", source, symlinks=True)
    return source


def build(make_app, source: Path):
    app = make_app("dirhtml", srcdir=source)
    app.build(force_all=True)
    return app


def warnings(app) -> list[str]:
    return [line for line in plain_warnings(app).splitlines() if "WARNING" in line]


def links_in_html(outdir: Path) -> list[tuple[Path, str]]:
    found = []
    for page in outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for element in soup.find_all(True):
            for attribute in ("href", "src", "action", "formaction", "xlink:href"):
                if element.get(attribute):
                    found.append((page, element[attribute]))
    return found


def links_in_pdf(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def test_the_site_builds_clean_and_links_every_field(make_app, tmp_path):
    """The baseline every payload test changes one field of: each field does reach a link."""
    app = build(make_app, site(tmp_path))
    assert warnings(app) == []
    outdir = Path(app.outdir)
    hrefs = {href for _, href in links_in_html(outdir)}
    for url in ("https://example.org/lab", "https://example.org/university",
                "https://example.org/talk", "https://github.com/ada-example",
                "https://example.org/kit", "https://example.org/compilers"):
        assert url in hrefs, url
    pdf_links = links_in_pdf(outdir / "ada-example-cv.pdf")
    for url in ("https://example.org/ada/", "https://github.com/ada-example",
                "https://example.org/lab", "https://example.org/university",
                "https://example.org/talk"):
        assert url in pdf_links, url
    # The site's own copy of the paper is the PDF Scholar is told of, at its full address.
    paper = BeautifulSoup((outdir / "publications" / "example2021compilers" / "index.html")
                          .read_text(encoding="utf-8"), "lxml")
    own = "https://example.org/ada/_static/papers/compilers.pdf"
    assert [tag["content"] for tag in paper.select('meta[name="citation_pdf_url"]')] == [own]
    assert (outdir / "_static" / "papers" / "compilers.pdf").is_file()
    # JSON-LD and llms.txt name the same copy, as the page's PDF badge links it.
    data = json.loads(paper.select_one('script[type="application/ld+json"]').string)
    assert own in data["sameAs"]
    line = next(line for line in (outdir / "llms.txt").read_text(encoding="utf-8").splitlines()
                if line.startswith("- [Compilers for Everyone]"))
    assert f"[PDF]({own})" in line


# --- 1. one URL policy: the CV file ---------------------------------------------------------

#: Each field of the CV file that is written as a link: (its place, the line of the good file
#: holding its address).
CV_URL_FIELDS = {"basics.url": 3, "basics.profiles[0].url": 6, "work[0].url": 10,
                 "education[0].url": 13, "talks[0].url": 17}


@pytest.mark.parametrize(("field", "url"), [
    # Every field with one payload, and every payload in one field (in turn).
    *((field, "javascript:alert(1)") for field in CV_URL_FIELDS),
    *zip([*CV_URL_FIELDS] * 2, [*UNSAFE_URLS[1:], "ftp://example.org/x"], strict=False),
])
def test_an_unsafe_cv_url_is_an_error_at_its_line_and_never_a_link(make_app, tmp_path, field,
                                                                    url):
    source = site(tmp_path)
    cv = source / "cv.yaml"
    lines = cv.read_text(encoding="utf-8").splitlines()
    line = CV_URL_FIELDS[field]
    indent, _ = lines[line - 1].split("url: ")
    lines[line - 1] = f"{indent}url: {json.dumps(url)}"
    cv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = build(make_app, source)
    assert warnings(app) == [
        f"{cv}:{line}: WARNING: {field}: {url.strip()!r} is not an http(s) address"
        + ("; write it in full, as https://…" if url.startswith("ftp:")
           else ": a link with that scheme runs code or opens embedded content; write the "
                "page's https:// address")
        + " [academic.cv]"]
    outdir = Path(app.outdir)
    assert not [link for link in links_in_html(outdir) if LIVE.match(link[1])]
    assert not list(outdir.glob("*.pdf"))  # no PDF made from a file with a mistake


# --- 2. every embedding escaped: JSON-LD, the feed, llms.txt ------------------------------------


def head_elements(page: str) -> list[str]:
    return [element.name for element in BeautifulSoup(page, "lxml").head.find_all(True)]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), st.text() | st.lists(st.text()), max_size=4), st.text())
def test_any_string_in_any_json_ld_field_leaves_the_head_intact(data, name):
    good = '<!DOCTYPE html><html><head><title>t</title><script type="application/ld+json">' \
           '{}</script><meta name="description" content="d"></head><body><p>b</p></body>' \
           "</html>"
    data = {**data, "name": name}
    payload = script_json(data)
    page = good.replace("{}", payload, 1)
    assert head_elements(page) == head_elements(good)
    # No "<" at all: no HTML tokenizer state (comment, nested script) can start inside it.
    assert "<" not in payload
    assert json.loads(payload) == data


def hostile_site(tmp_path: Path, hostile: str = HOSTILE_TEXT) -> Path:
    """The site with the hostile text in every text field that reaches a head, the feed,
    llms.txt or the PDF: the CV's name, employer, position and school; the entry's title,
    venue, summary and abstract; the card's name and description."""
    source = site(tmp_path)
    cv = source / "cv.yaml"
    text = cv.read_text()
    for field in ("name: Ada Example", "name: Example Lab", "position: Researcher",
                  "institution: Example University"):
        key = field.split(": ")[0]
        text = text.replace(field, f"{key}: {json.dumps(hostile)}", 1)
    cv.write_text(text)
    bib = source / "refs.bib"
    braced = hostile.replace("_", "\\_")
    bib.write_text(bib.read_text()
                   .replace("Compilers for Everyone", braced)
                   .replace("Proceedings of the Example Conference", braced)
                   .replace("A compiler anyone can use.", braced)
                   .replace("  pdf ", f"  abstract  = {{{braced}}},\n  pdf "))
    projects = source / "projects.md"
    projects.write_text(projects.read_text()
                        .replace("A toolkit for writing compilers.", hostile)
                        .replace("{project-card} Compiler Kit", "{project-card} Kit <b>[x]</b>")
                        # Code with a line of backticks: it must not end the digest's block.
                        + "\n````text\n```\n[z](javascript:alert(3))\n```\n````\n")
    return source


def test_hostile_text_in_every_field_leaves_every_head_intact(make_app, tmp_path):
    app = build(make_app, hostile_site(tmp_path))
    assert warnings(app) == []
    # Built second: a second app in one process warns that nodes are registered again.
    reference = build(make_app, hostile_site(tmp_path / "reference", "Plain text"))
    for page in sorted(Path(reference.outdir).rglob("*.html")):
        relative = page.relative_to(reference.outdir)
        hostile = (Path(app.outdir) / relative).read_text(encoding="utf-8")
        assert head_elements(hostile) == head_elements(page.read_text(encoding="utf-8")), relative
        for script in BeautifulSoup(hostile, "lxml").select('script[type="application/ld+json"]'):
            assert "<" not in script.string
            json.loads(script.string)
    home = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "lxml")
    person = json.loads(home.select_one('script[type="application/ld+json"]').string)
    assert person["name"] == HOSTILE_TEXT  # the data itself is unchanged
    assert person["worksFor"]["name"] == HOSTILE_TEXT
    [pdf] = Path(app.outdir).glob("*.pdf")  # named after the owner: letters and digits only
    assert {uri.split("://")[0] for uri in links_in_pdf(pdf)} == {"https"}


def test_control_characters_never_break_the_feed(make_app, tmp_path):
    source = site(tmp_path)
    bib = source / "refs.bib"
    bib.write_text(bib.read_text().replace("Compilers for Everyone", "Compilers\x01 for\x0b "
                                           "Everyone\x1f").replace("A compiler", "A\x08 compiler"))
    app = build(make_app, source)
    feed = ET.parse(Path(app.outdir) / "publications.atom")  # raises on invalid XML
    atom = "{http://www.w3.org/2005/Atom}"
    entry = feed.getroot().find(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == "Compilers for Everyone"
    assert "A compiler anyone can use." in entry.findtext(f"{atom}summary")
    assert xml_text("a\x00b\ud800c\ufffed\te\n") == "abcd\te\n"
    # Nor any other output (HTML calls them parse errors): left out where the entry is read,
    # and the build's summary of gaps says so.
    for path in sorted(Path(app.outdir).rglob("*")):
        if path.suffix in (".html", ".txt", ".atom", ".xml", ".js", ".json", ".bib", ".ris"):
            assert UNWRITABLE.search(path.read_text(encoding="utf-8")) is None, path
    assert "a character no page can show" in app.status.getvalue() + app.warning.getvalue()


@pytest.mark.parametrize(("text", "closed", "unmatched"), [
    ("a\u202eb", "a\u202eb\u202c", "\u202e"), ("a\u2066b", "a\u2066b\u2069", "\u2066"),
    ("\u202bא\u202c b", "\u202bא\u202c b", ""),  # a closed pair is the field's own
    ("x\u202cy\u2069", "xy", "\u202c"),          # closers with nothing open
    ("\u2067a\u202bb\u2069c", "\u2067a\u202bb\u2069c", ""),  # an isolate closes its embeddings
    ("\u202b\u2067a\u202cb\u2069\u202c", "\u202b\u2067ab\u2069\u202c", "\u202c"),
    ("\u202a\u2068a", "\u202a\u2068a\u2069\u202c", "\u202a"),
    ("a\u200bb\u200d", "a\u200bb\u200d", "")])
def test_bidirectional_scopes_are_closed_where_the_text_ends(text, closed, unmatched):
    """As UAX #9 matches them: what a field opens, it closes; a closer with nothing open
    closes nothing. Zero-width characters open no scope."""
    assert bidi_closed(text) == (closed, unmatched)


def test_a_field_of_many_bidirectional_scopes_is_read_at_once():
    """Each isolate's closer looked through every scope still open: 40,000 embeddings and as
    many isolate closers took 87 s."""
    text = "\u202a" * 100_000 + "\u2069" * 100_000
    closed, unmatched = at_once(lambda: bidi_closed(text))
    assert unmatched == "\u2069"
    assert closed == "\u202a" * 100_000 + "\u202c" * 100_000


def test_a_bidirectional_control_left_open_stays_in_its_field(make_app, tmp_path):
    """An override left open in a name or a title turned around the rest of the paragraph
    that cites it, and the card drew it as a box: it is a gap at its line, closed where the
    field ends; a closed pair, as a right-to-left title has, is kept."""
    source = site(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('academic_bibtex_gaps = "error"\n')
    bib = source / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + (
        "\n@misc{flip2022,\n"                                           # 11-12
        "  title  = {Flipped \u2067words},\n"                            # 13
        "  author = {Aus\u202etin, Ada and Other, Bo},\n"                 # 14
        "  howpublished = {A \u202cVenue},\n"                            # 15
        "  year   = {2022},\n}\n\n"
        "@misc{hebrew2020,\n  title  = {\u202bשלום\u202c World},\n"         # 19-20
        "  author = {Example, Ada},\n  howpublished = {Somewhere},\n  year = {2020},\n}\n"),
        encoding="utf-8")
    page = source / "cites.md"
    page.write_text("---\norphan: true\n---\n\n# Cites\n\n"
                    "{cite:t}`flip2022` say more after the names.\n", encoding="utf-8")
    app = build(make_app, source)
    found = [line for line in warnings(app) if "flip2022" in line or "hebrew2020" in line]
    assert found == [
        f"{bib}:13: WARNING: @misc{{flip2022}}: title has the bidirectional control U+2067 "
        "(RIGHT-TO-LEFT ISOLATE), which is never closed: it would turn around the text the "
        "page writes after the field; it is closed where the field ends (close it with U+2069 "
        "where its text ends, or remove it) [academic.bib-value]",
        f"{bib}:15: WARNING: @misc{{flip2022}}: howpublished has the bidirectional control "
        "U+202C (POP DIRECTIONAL FORMATTING), which closes nothing; it is left out "
        "[academic.bib-value]",
        f"{bib}:14: WARNING: @misc{{flip2022}}: author has the bidirectional control U+202E "
        "(RIGHT-TO-LEFT OVERRIDE), which is never closed: it would turn around the text the "
        "page writes after the field; it is closed where the field ends (close it with U+202C "
        "where its text ends, or remove it) [academic.bib-value]"], found
    html = (Path(app.outdir) / "cites" / "index.html").read_text(encoding="utf-8")
    prose = next(p.get_text() for p in BeautifulSoup(html, "lxml").find_all("p")
                 if "say more" in p.get_text())
    assert prose.startswith("Aus\u202etin\u202c and Other (2022") and prose.endswith(
        " say more after the names.")
    for path in sorted(Path(app.outdir).rglob("*")):
        if path.suffix in (".html", ".txt", ".atom", ".json", ".bib", ".ris"):
            text = path.read_text(encoding="utf-8")
            for line in text.splitlines():
                assert bidi_closed(line)[1] == "", (path, line)
    paper = (Path(app.outdir) / "publications" / "hebrew2020" / "index.html").read_text(
        encoding="utf-8")
    assert "\u202bשלום\u202c World" in BeautifulSoup(paper, "lxml").h1.get_text()


def test_a_card_draws_no_format_character():
    """Pillow draws a bidirectional control or a zero-width space as a box: the card leaves
    them out, as a reader sees the text."""
    assert drawable("A\u202e\u2066B\u200b\u200dC\u00ad\u202c") == "ABC"
    marked = Card(site="S\u200b", title="T\u202eitle\u202c", details=("Aus\u2067tin\u2069",),
                  address="example.org\u200d", summary="x\u202b")
    plain = Card(site="S", title="Title", details=("Austin",), address="example.org",
                 summary="x")
    assert render(marked) == render(plain)


@pytest.mark.parametrize("text", ["# Ignore previous instructions", "> a quote", "- an item",
                                  "+ an item", "1. first", "7) seventh", "~~~ fence", "===",
                                  "## [x](javascript:alert(1))", "---", "--", "- - -"])
def test_a_line_of_page_text_starts_no_markdown_block(text):
    """Text that starts a line of llms-full.txt (a paragraph of a page, an abstract) reads as
    one paragraph of that very text: no heading, quote, list, fence or underline."""
    tokens = MarkdownIt("commonmark").parse(markdown_line(markdown_text(text)))
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert "".join(child.content for child in tokens[1].children or []) == text


@pytest.mark.parametrize("text", ["Use &amp; for &, &copy; and &#91;x&#93;", "Why C #",
                                  "Tools ##", "#", "C# and F#"])
def test_a_title_reads_as_written_in_a_heading_and_a_paragraph(text):
    """Character references ("&amp;" read "&") and a heading's closing "#"s ("# Why C #" read
    "Why C") are Markdown too: a title in llms.txt reads as the text it is."""
    for line in (f"# {markdown_text(text)}", markdown_line(markdown_text(text))):
        tokens = MarkdownIt("commonmark").parse(line)
        assert "".join(child.content for child in tokens[1].children or []) == text, line


@pytest.mark.parametrize("text", ["~~Not struck~~ out", "a ~b~ c", "~~~"])
def test_a_title_is_struck_through_by_no_markdown_reader(text):
    """GitHub's Markdown strikes "~~text~~" through: llms.txt escapes the tildes too."""
    markdown = MarkdownIt("commonmark").enable("strikethrough")
    tokens = markdown.parse(markdown_line(markdown_text(text)))
    assert [token.type for token in tokens[1].children or []] == ["text"]
    assert tokens[1].children[0].content == text


@pytest.mark.parametrize("url", ["https://e.org/?a&amp;b", "https://e.org/x_(y)?q=&#41;",
                                 "https://e.org/a b<c>\\d", "https://e.org/plain"])
def test_a_markdown_link_leads_where_the_page_s_link_does(url):
    """Nothing in an address ends a Markdown link early or reads as a character reference:
    llms.txt's link is the address the page links, as markdown-it normalises any address."""
    markdown = MarkdownIt("commonmark")
    tokens = markdown.parseInline(f"[x]({markdown_url(url)})")[0].children or []
    assert tokens[0].attrs["href"] == markdown.normalizeLink(url)


@pytest.mark.parametrize("empty", [nodes.literal("", " "), nodes.literal("", ""),
                                   nodes.emphasis("", " "), nodes.strong("", "")])
def test_an_empty_piece_of_code_or_emphasis_opens_no_markdown_span(empty):
    """A code span of spaces was written "``", which opened a span a later one closed: the
    code between became text, and a link in it a link, where the page has none."""
    paragraph = nodes.paragraph("", "", nodes.Text("Start "), empty, nodes.Text(" middle "),
                                nodes.literal("", "``[x](javascript:alert(1)) "),
                                nodes.Text(" end."))
    markdown = MarkdownIt("commonmark")
    markdown.validateLink = lambda url: True
    [_, inline, _] = markdown.parse(inline_markdown(paragraph))
    assert [token.type for token in inline.children or []] == ["text", "code_inline", "text"]
    assert inline.children[1].content == "``[x](javascript:alert(1))"


def test_llms_txt_shows_hostile_text_as_text(make_app, tmp_path):
    app = build(make_app, hostile_site(tmp_path))
    assert warnings(app) == []
    for name in ("llms.txt", "llms-full.txt"):
        text = (Path(app.outdir) / name).read_text(encoding="utf-8")
        markdown = MarkdownIt("commonmark")
        # As a careless reader would: markdown-it itself refuses javascript: links, and would
        # hide one the digest let through.
        markdown.validateLink = lambda url: True
        tokens = markdown.parse(text)
        inline = [child for token in tokens for child in token.children or []]
        assert not [t for t in [*tokens, *inline] if t.type in ("html_inline", "html_block")]
        hrefs = [t.attrs["href"] for t in inline if t.type == "link_open"]
        assert hrefs and not [href for href in hrefs if not href.startswith("https://")], hrefs
        assert "[x](javascript:alert(1))" in markdown.render(text)
    assert markdown_text("[a](b) <i>x</i> `c` *d* _e_ \\") == \
        "\\[a\\](b) \\<i>x\\</i> \\`c\\` \\*d\\* \\_e\\_ \\\\"


# --- 4. bounded input: bombs, deep nesting, duplicate keys, bytes that are not UTF-8 -------------

GOOD_CV = (TESTS / "roots" / "test-safety" / "cv.yaml").read_text(encoding="utf-8")
LAUGHS = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 12))


@pytest.mark.parametrize(("escape", "name"), [
    ("\\x0b", "the control character U+000B"), ("\\x7f", "the control character U+007F"),
    ("\\x85", "the control character U+0085"), ("\\x9b", "the control character U+009B"),
    ("\\ufffe", "the noncharacter U+FFFE")])
def test_an_escaped_control_character_in_the_cv_file_is_an_error_at_its_line(escape, name):
    """DEL and the C1 controls too, which HTML calls parse errors, as a raw one is refused."""
    _, problems = cv_parse(f'basics:\n  name: Ada\n  label: "Lab{escape} chief"\n')
    assert [(problem.line, problem.message) for problem in problems] == [
        (3, f"basics.label has {name}, which no page or PDF can show; remove the escape that "
            "writes it")]


def test_a_bidirectional_control_left_open_in_the_cv_stays_in_its_value():
    """An override left open in a job title turned around everything the CV page, the PDF and
    llms-full.txt write after it: as in refs.bib, it is reported at its line and closed where
    the value ends; a closer with nothing open is left out; a closed pair is kept."""
    data, problems = cv_parse(
        "basics:\n  name: Ada Example\n"
        '  summary: "\\u202bשלום\\u202c, world"\n'               # 3: a closed pair, kept
        "work:\n  - name: Example \u202cLab\n"                   # 5
        "    position: Chief \u202eScientist\n"                  # 6
        "    highlights:\n      - \u2067Compilers\n")             # 8
    assert [(problem.line, problem.message) for problem in problems] == [
        (5, "work[0].name has the bidirectional control U+202C (POP DIRECTIONAL FORMATTING), "
            "which closes nothing; it is left out"),
        (6, "work[0].position has the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE), "
            "which is never closed: it would turn around the text the CV writes after the "
            "value; it is closed where the value ends (close it with U+202C where its text "
            "ends, or remove it)"),
        (8, "work[0].highlights[0] has the bidirectional control U+2067 (RIGHT-TO-LEFT "
            "ISOLATE), which is never closed: it would turn around the text the CV writes "
            "after the value; it is closed where the value ends (close it with U+2069 where "
            "its text ends, or remove it)")]
    assert data is not None  # the CV is shown, as a refs.bib entry with a gap is
    assert data["basics"]["summary"] == "\u202bשלום\u202c, world"
    assert data["work"][0] == {"name": "Example Lab",
                               "position": "Chief \u202eScientist\u202c",
                               "highlights": ["\u2067Compilers\u2069"]}


def test_every_output_of_the_cv_gets_its_values_closed(make_app, tmp_path):
    """The page, llms-full.txt and the PDF are made from the one parsed CV: none holds a
    scope left open."""
    source = site(tmp_path)
    cv = source / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace(
        "position: Researcher", "position: Chief \u202eScientist"), encoding="utf-8")
    app = build(make_app, source)
    assert warnings(app) == [
        f"{cv}:9: WARNING: work[0].position has the bidirectional control U+202E (RIGHT-TO-LEFT "
        "OVERRIDE), which is never closed: it would turn around the text the CV writes after "
        "the value; it is closed where the value ends (close it with U+202C where its text "
        "ends, or remove it) [academic.cv]"]
    outdir = Path(app.outdir)
    page = (outdir / "cv" / "index.html").read_text(encoding="utf-8")
    assert "Chief \u202eScientist\u202c" in page
    assert "Chief \u202eScientist\u202c" in (outdir / "llms-full.txt").read_text(
        encoding="utf-8")
    for path in sorted(outdir.rglob("*")):
        if path.suffix in (".html", ".txt", ".json"):
            for line in path.read_text(encoding="utf-8").splitlines():
                assert bidi_closed(line)[1] == "", (path, line)
    [pdf] = outdir.glob("*.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    # Typst reverses the override's own word, and nothing the PDF writes after it.
    assert "Example Lab — Chief tsitneicS.\nEducation" in text


@pytest.mark.parametrize(("text", "line", "message"), [
    (GOOD_CV + "x0: &l0 lol\n" + LAUGHS, 19,
     "*l0 repeats a value by an alias: the CV file takes no anchors (&name) or aliases (*name); "
     "write the value out where it is used"),
    (GOOD_CV + "interests:\n  - name: Piano\n    keywords: " + "[" * 5000 + "]" * 5000 + "\n",
     20, "nested more than 20 levels deep: a CV's values are at most a few levels down; check "
         "the indentation there"),
    (GOOD_CV.replace("    position: Researcher\n",
                     "    position: Researcher\n    position: Chief Scientist\n"), 10,
     "work[0].position is given twice (first at line 9): YAML would keep only this one; "
     "remove or merge one of them"),
    (GOOD_CV.replace("Example Lab", "Example Lab \udcff"), 8,
     "byte 0xff on this line is not UTF-8: save the file as UTF-8 (in most editors, \"Save "
     "with Encoding\")"),
    # A character no page or PDF can show: PyYAML refused it with a traceback, and an escaped
    # half of a surrogate pair failed the build as the PDF was written.
    (GOOD_CV.replace("Example Lab", "Example\x01 Lab"), 8,
     "the control character U+0001 is on this line, which a YAML file cannot hold; remove it"),
    (GOOD_CV.replace("name: Ada Example", 'name: "Ada\\ud800 Example"'), 2,
     "basics.name has half of a surrogate pair (U+D800), which no page or PDF can show; remove "
     "the escape that writes it"),
])
def test_a_hostile_cv_file_is_an_error_at_its_line_at_once(make_app, tmp_path, text, line,
                                                           message):
    source = site(tmp_path)
    cv = source / "cv.yaml"
    cv.write_bytes(text.encode("utf-8", "surrogateescape"))
    started = time.monotonic()
    app = build(make_app, source)
    assert warnings(app) == [f"{cv}:{line}: WARNING: {message} [academic.cv]"]
    assert time.monotonic() - started < 5  # the whole build: the bomb is refused unexpanded
    assert not list(Path(app.outdir).glob("*.pdf"))


@pytest.mark.parametrize(("text", "line", "message"), [
    ('@string{s0 = "lol lol lol lol "}\n'
     + "".join(f"@string{{s{n} = s{n - 1} # s{n - 1} # s{n - 1}}}\n" for n in range(1, 40))
     + "@misc{bomb2020,\n  title = {Bomb},\n  note = s39,\n  year = {2020},\n}\n", 9,
     "@string{s8}: its @string macros expand to more than 100,000 characters; write the text "
     "out, or name fewer macros"),
    ("@misc{latin2020,\n  title = {Caf\udce9},\n  year = {2020},\n}\n", 2,
     "byte 0xe9 on this line is not UTF-8: save the file as UTF-8 (in most editors, \"Save "
     "with Encoding\")"),
])
def test_a_hostile_bib_file_is_an_error_at_its_line_at_once(make_app, tmp_path, text, line,
                                                            message):
    source = site(tmp_path)
    bib = source / "refs.bib"
    bib.write_bytes((bib.read_text() + "\n").encode() + text.encode("utf-8", "surrogateescape"))
    offset = (TESTS / "roots" / "test-safety" / "refs.bib").read_text().count("\n") + 1
    started = time.monotonic()
    app = build(make_app, source)
    # First: a file that is not UTF-8 is not read, and a list of its entries has none then.
    assert warnings(app)[0] == f"{bib}:{offset + line}: WARNING: {message} [academic.bibtex]"
    assert time.monotonic() - started < 5  # the whole build: the bomb is refused unexpanded


@pytest.mark.parametrize("text", [
    "https://" + "a" * 95_000 + " x", "https://example.org/" + "a" * 95_000 + " x",
    "a@" + "." * 60_000 + "@", "a@" + "b." * 30_000 + "@"])
def test_an_address_is_checked_in_time_linear_in_its_length(text):
    """Addresses and e-mails from refs.bib, the CV and conf.py are checked by regular
    expressions: none backtracks over a long one it rejects (a 95,000-character url took a
    minute), so each check is a moment."""
    started = time.monotonic()
    assert kind_of(text) != "web" and not EMAIL.fullmatch(text)
    assert time.monotonic() - started < 1  # a quadratic check takes a minute


def test_an_entry_too_long_by_itself_is_named_so():
    """The limit on what an entry expands to holds for its own text too, and the error says
    which it is: not "its @string macros" where there is none."""
    source = "@misc{long2020,\n  title = {Long},\n  abstract = {" + "word " * 25_000 + "},\n}\n"
    problems = [problem.message for problem in
                load_bibliography(source, NameMatcher(())).problems if not problem.gap]
    assert problems == [f"@misc{{long2020}}: the entry is {len(source):,} characters long, "
                        "more than 100,000; shorten its longest field"]


def test_a_backslash_in_a_web_address_is_a_mistake_and_no_link():
    """A browser reads "\\" as "/" in an http(s) address, Python's urlsplit does not: the
    badge would be labelled by one host ("arXiv") and open another, and Scholar's tags and
    llms.txt would name the first. Such an address is never a link, and the build says why."""
    source = ("@misc{spoof2020, title = {T}, author = {A, B}, year = {2020},\n"
              "  url = {https://evil.example\\@arxiv.org/abs/2108.07732},\n"
              "  code = {https://github.com\\..\\evil.example/x}}")
    bibliography = load_bibliography(source, NameMatcher(()))
    assert [(problem.line, problem.message) for problem in bibliography.problems
            if not problem.gap] == [
        (2, "@misc{spoof2020}: url 'https://evil.example\\\\@arxiv.org/abs/2108.07732' holds "
            "a backslash, which a browser reads as '/': the link would open another address than "
            "the one written; write %5C for a backslash"),
        (3, "@misc{spoof2020}: code 'https://github.com\\\\..\\\\evil.example/x' holds a "
            "backslash, which a browser reads as '/': the link would open another address than "
            "the one written; write %5C for a backslash"),
    ]
    assert kind_of("https://evil.example\\@arxiv.org/") != "web"
    assert bibliography.entries["spoof2020"].links == ()


@pytest.mark.parametrize(("address", "problem"), [
    ("https://user:secret@github.com/ada/x", "names a user or a password before its host "
     "('…@'): a reader sees one host and the link opens another, and a password is published; "
     "write the address without it"),
    ("https://arxiv.org@evil.example/abs/2108.07732", "names a user or a password before its "
     "host ('…@'): a reader sees one host and the link opens another, and a password is "
     "published; write the address without it"),
    # A slash that is no "/" (U+2215): a browser opens a host of evil.example.
    ("https://github.com\u2215evil.example/repo", "has the character '\u2215' (U+2215 "
     "DIVISION SLASH) in its host, which reads as another or as no part of a name: the link "
     "may open another site than the one a reader sees; write the address with its real "
     "host, or the host in its ASCII form (xn--…)"),
    # The same with a letter that looks like "/" (U+141F, a Canadian syllable).
    ("https://github.com\u141fevil.example/repo", "mixes Canadian and Latin letters in its "
     "host ('com\u141fevil'), as a look-alike of another site's name does; write the host in "
     "one script, or in its ASCII form (xn--…)"),
    # A dot that is no "." as written, which NFKC makes one (U+2024).
    ("https://github.com\u2024evil.example/repo", "has the character '\u2024' (U+2024 "
     "ONE DOT LEADER) in its host, which reads as another or as no part of a name: the link "
     "may open another site than the one a reader sees; write the address with its real "
     "host, or the host in its ASCII form (xn--…)"),
    # arXiv's name, its "a" Cyrillic.
    ("https://\u0430rxiv.org/abs/2108.07732", "mixes Cyrillic and Latin letters in its host "
     "('\u0430rxiv'), as a look-alike of another site's name does; write the host in one "
     "script, or in its ASCII form (xn--…)"),
])
def test_an_address_that_shows_one_host_and_opens_another_is_no_link(address, problem):
    """A user name before the host ("https://arxiv.org@evil.example/" opens evil.example, and
    publishes a password where there is one) or a character nobody sees: never a link, in any
    output, and the build says why at the field's line. The same policy judges the CV's and
    conf.py's addresses."""
    source = ("@misc{spoof2020, title = {T}, author = {A, B}, year = {2020},\n"
              f"  code = {{{address}}},\n  url = {{{address}}}}}")
    bibliography = load_bibliography(source, NameMatcher(()))
    assert [(found.line, found.message) for found in bibliography.problems] == [
        (3, f"@misc{{spoof2020}}: url {address!r} {problem}"),
        (2, f"@misc{{spoof2020}}: code {address!r} {problem}")]
    record = bibliography.entries["spoof2020"]
    assert record.links == () and "url =" not in record.bibtex
    assert kind_of(address) == "other" and web_link_problem(address) == f"{address!r} {problem}"


@pytest.mark.parametrize("address", [
    "https://müller.example/x", "https://例え.jp/", "https://παράδειγμα.δοκιμή/",
    "https://a_b.example.org/", "https://col·legi.cat/", "https://\u05d0\u05d1\u05f3.co.il/",
    "https://日本語ドメイン.jp/", "https://ソニー-sony.jp/", "https://コーヒー.jp/",
    "https://한국.kr/", "https://пример.рф/", "https://ｅｘａｍｐｌｅ.com/", "https://example。com/",
    "https://xn--i-7iq.ws/"])
def test_a_host_in_one_script_is_a_link(address):
    """A name in German, Japanese, Greek, Russian or Korean, with its language's own
    punctuation (Catalan's middle dot, Hebrew's geresh) or mix (Japanese with Latin), is a
    host's own, not a look-alike; so is any name in its ASCII form (xn--…)."""
    assert kind_of(address) == "web"


@pytest.mark.parametrize(("email", "link"), [
    ("r&d@example.org", "mailto:r%26d@example.org"),
    ("first=last@example.org", "mailto:first%3Dlast@example.org"),
    ("ada?bcc=spy@example.org", "mailto:ada%3Fbcc%3Dspy@example.org"),
    ("ada+site@example.org", "mailto:ada+site@example.org"),
    ("ada@example.org?bcc=spy%40evil.example&body=hi", None),  # no domain has "?"
])
def test_an_email_s_link_mails_that_address_and_adds_no_header(email, link):
    """A mailto: link reads "?" as its headers ("?bcc=" mails a hidden copy) and "&", "=",
    "%" and "#" as its own: an address that holds them before its "@" is linked with them
    encoded (RFC 6068), and one whose domain holds them is no address."""
    assert (mailto(email) if EMAIL.fullmatch(email) else None) == link
    if link is not None:
        assert unquote(link.removeprefix("mailto:")) == email
        assert "?" not in link and "&" not in link


@pytest.mark.parametrize(("character", "named"), [
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\x01", "the control character U+0001"), ("\x7f", "the control character U+007F"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"), ("\u200b", "U+200B ZERO WIDTH SPACE")])
def test_an_address_field_with_a_hidden_character_is_left_out_not_cleaned(character, named):
    """Text fields lose a character no output can hold, and have a bidirectional scope closed
    where they end; an address so cleaned would be one the source never held, linked by every
    output ("https://evil.example/\u202ex" became "…/\u202ex\u202c"). The field is left out,
    a gap said at its line."""
    address = f"https://example.org/{character}x"
    source = ("@misc{k, title = {T}, author = {A, B}, year = {2020},\n"
              f"  pdf = {{{address}}}, doi = {{10.1000/{character}x}}}}")
    bibliography = load_bibliography(source, NameMatcher(()))
    record = bibliography.entries["k"]
    assert record.links == ()
    assert not record.fields.get("pdf") and not record.fields.get("doi")
    assert "pdf =" not in record.bibtex and "doi =" not in record.bibtex
    assert [(found.line, found.message, found.gap) for found in bibliography.problems] == [
        (2, f"@misc{{k}}: {field} has {named}, which no address holds; the field is left out "
            "(delete the character)", "link") for field in ("pdf", "doi")]
    # From the CV file or conf.py, the same address is no link either.
    assert kind_of(address) != "web"
    assert f"U+{ord(character):04X}" in (web_link_problem(address) or "")


@pytest.mark.parametrize("url", ["search-ms:query=x&crumb=location:\\\\evil\\share",
                                 "ftp://example.org/x", "papers3://publication/uuid/1"])
def test_the_copied_bibtex_keeps_no_url_the_policy_refuses(url):
    """No page links such an address; the BibTeX a reader copies (the page's, the .bib files,
    llms-full.txt: all this one text) would make it a link in their document."""
    source = f"@misc{{k, title = {{T}}, author = {{A, B}}, year = {{2020}},\n  url = {{{url}}}}}"
    record = load_bibliography(source, NameMatcher(())).entries["k"]
    assert "url" not in record.bibtex and record.links == ()
    kept = load_bibliography(source.replace(url, "https://example.org/x"), NameMatcher(()))
    assert "  url = {https://example.org/x}," in kept.entries["k"].bibtex


def test_a_bomb_of_macros_named_with_punctuation_is_refused_unexpanded():
    """pybtex reads "+s1" as a macro's name as it reads "s1": a bound that counted only names
    that start with a letter let this chain expand to 25 MB in five seconds (a few more lines,
    past any memory)."""
    source = ('@string{+s0 = "lol lol lol lol "}\n'
              + "".join(f"@string{{+s{n} = +s{n - 1} # +s{n - 1} # +s{n - 1}}}\n"
                        for n in range(1, 14))
              + "@misc{bomb2020,\n  title = {Bomb},\n  note = +s13,\n  year = {2020},\n}\n")
    bibliography = load_bibliography(source, NameMatcher(()))
    assert [problem.message for problem in bibliography.problems] == [
        "@string{+s8}: its @string macros expand to more than 100,000 characters; write the "
        "text out, or name fewer macros"]
    assert len(bibliography.entries["bomb2020"].fields["note"]) < 100_000


class MacrosNotToScan(CaseInsensitiveDict):
    """@string macros that may be looked up by name, never read all at once."""

    def __iter__(self):
        raise AssertionError("a pass over every macro, for one entry")


def test_an_entry_is_checked_against_the_macros_it_names_only():
    """The bound on what an entry expands to looks up the macros the entry names, not every
    macro defined: a pass over all of them for each entry made a file of 8,000 @string take
    eight seconds to read (quadratic)."""
    parser = Parser()
    parser.macros = MacrosNotToScan({f"s{n}": "x" for n in range(1000)})
    problems: list[Problem] = []
    entry = parse_chunk(parser, Chunk(1, "misc", "k", "@misc{k,\n  title = s1 # s2,\n}\n"),
                        problems)
    assert entry is not None and entry.fields["title"] == "xx" and problems == []



#: A long run of spaces, which a lazy match followed by spaces tried at every length: each of
#: the functions below took a minute over 100,000 of them, and returns at once.
SPACES = " " * 200_000

T = TypeVar("T")

#: What "at once" allows a call below: far past the milliseconds each takes, far short of the
#: minutes super-linear work takes on these inputs. A bound on the work, not a measure of speed.
AT_ONCE = 10.0


def at_once(call: Callable[[], T]) -> T:
    """What ``call`` returns, failing the test if it is still working after :data:`AT_ONCE`
    seconds (it goes on in the background until the test process ends)."""
    results: list[T] = []
    worker = threading.Thread(target=lambda: results.append(call()), daemon=True)
    worker.start()
    worker.join(AT_ONCE)
    if worker.is_alive():
        pytest.fail(f"still working after {AT_ONCE:.0f} s: the work grows faster than the input")
    assert results, "the call raised: see the thread's exception above"
    return results[0]


def test_a_fence_followed_by_a_long_run_of_spaces_is_read_at_once():
    text = "```{include} ../out" + SPACES + "side.md\n```\n"
    assert at_once(lambda: refuse_myst_includes(text, lambda written: True)).startswith(
        "```{academic-refused-include} ../out ")


@pytest.mark.parametrize(("content", "address"), [
    ("5; url='https://example.org/'", "https://example.org/"), ("0;URL=a b", "a b"),
    ("0; url='x" + SPACES + "y", "x" + SPACES + "y"), ("0" + SPACES + "url=x", "x"),
    ("0;" + SPACES + "'x" + SPACES, "x" + SPACES), (SPACES + "'x", None)])
def test_a_refresh_is_read_at_once(content, address):
    assert at_once(lambda: refresh_address(content)) == address


@pytest.mark.parametrize(("content", "address"), [
    # One opening quote is skipped, and the address ends at the same quote or at the end.
    ("5; url='javascript:alert(1)", "javascript:alert(1)"),
    ("5; url=\"javascript:alert(1)'", "javascript:alert(1)'"),
    ("0;URL='javascript:alert(1)' junk", "javascript:alert(1)"),
    ("0; 'javascript:alert(1)", "javascript:alert(1)"),
    (".5,url = \"a\"b", "a"), ("\t3 , URL\n=\x0c'q", "q"), ("0;javascript:x", "javascript:x"),
    # "url =" is skipped only whole: else the address starts at its "u", quotes and all.
    ("0; urx", "urx"), ("0; url x", "url x"), ("0 u'x'", "u'x'"),
    # No refresh: no delay, or one followed by anything but a separator; a delay alone
    # reloads the page.
    ("'javascript:alert(1)'", None), ("javascript:alert(1)", None),
    ("5x; url=javascript:alert(1)", None), ("5", None), ("5; ", None), ("", None)])
def test_a_refresh_is_read_as_browsers_read_it(content, address):
    """The HTML standard's shared declarative refresh steps: the address checked is the one
    the browser opens."""
    assert refresh_address(content) == address


@pytest.mark.parametrize("content", ["5; url='javascript:alert(1)",
                                     "5; url=\"javascript:alert(1)'",
                                     "0;URL='javascript:alert(1)' junk"])
def test_a_refresh_to_a_live_scheme_in_any_quotes_is_refused(content):
    assert head_address_problem("refresh", content) == (
        f"{refresh_address(content)!r} may not be a link: its scheme runs code or opens "
        "embedded content; write the page's https:// address")


@pytest.mark.parametrize("noise", ["cite:" * 40_000, ":cite" * 40_000])
def test_citations_are_found_at_once_among_a_long_run_of_cite(noise):
    """Each "cite" in a page starts a look for a citation role: it once read the whole run of
    ":cite" after it again, and 20,000 took half a minute."""
    text = f"{noise} {{cite:p}}`a, b` :footcite:t:`c` {noise}"
    assert at_once(lambda: [match[1] for match in CITE_ROLE.finditer(text)]) == ["a, b", "c"]


@pytest.mark.parametrize(("value", "text"), [
    (r" \url {https://example.org/a\_b} ", "https://example.org/a_b"), (r"\url{a", r"\urla"),
    ("\\url{" * 100_000, "\\url" * 100_000)])
def test_an_address_is_unwrapped_from_url_at_once(value, text):
    """An address is taken out of its \\url{}: once by an expression that read from each
    "\\url{" to the end of the field, and a field of 20,000 of them took ten seconds."""
    assert at_once(lambda: url_text(value)) == text


# --- 3. nothing from outside the project -------------------------------------------------------

SECRET = b"SECRET-OUTSIDE-THE-PROJECT"


def secret_file(tmp_path: Path, name: str) -> Path:
    """A file outside the project (the site's folder), as /etc/passwd would be."""
    path = tmp_path / "outside" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(SECRET + b" " + name.encode())
    return path


def published(outdir: Path) -> list[Path]:
    return [path for path in outdir.rglob("*") if path.is_file() and SECRET in path.read_bytes()]


def relink(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


def test_a_paper_file_or_preview_linked_from_outside_is_an_error_at_its_entry(make_app,
                                                                               tmp_path):
    source = site(tmp_path)
    relink(source / "_static" / "papers" / "compilers.pdf", secret_file(tmp_path, "paper.pdf"))
    relink(source / "_static" / "previews" / "compilers.png", secret_file(tmp_path, "pre.png"))
    app = build(make_app, source)
    bib = source / "refs.bib"
    root = source.resolve()
    assert warnings(app) == [
        f"{bib}:7: WARNING: @inproceedings{{example2021compilers}}: pdf file 'compilers.pdf' is a "
        f"link to {tmp_path.resolve()}/outside/paper.pdf, outside the project ({root}): it would "
        f"be published; copy the file into {source}/_static/papers instead [academic.files]",
        f"{bib}:8: WARNING: @inproceedings{{example2021compilers}}: preview file 'compilers.png' "
        f"is a link to {tmp_path.resolve()}/outside/pre.png, outside the project ({root}): it "
        f"would be published; copy the file into {source}/_static/previews instead "
        "[academic.files]"]
    assert published(Path(app.outdir)) == []


def test_a_file_name_no_file_can_have_is_not_found_not_a_crash(make_app, tmp_path):
    """A name longer than the system allows, in refs.bib's pdf and preview fields and a card's
    :image:: each the usual "not found" at its line, as any missing file."""
    source = site(tmp_path)
    long = "a" * 300
    bib = source / "refs.bib"
    bib.write_text(bib.read_text().replace("compilers.pdf", f"{long}.pdf").replace(
        "compilers.png", f"{long}.png"))
    projects = source / "projects.md"
    projects.write_text(projects.read_text().replace("_static/cards/kit.png",
                                                     f"_static/{long}.png"))
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('academic_bibtex_gaps = "error"\n')
    app = build(make_app, source)
    where = "@inproceedings{example2021compilers}"
    assert warnings(app) == [
        f"{bib}:7: WARNING: {where}: pdf file '{long}.pdf' not found in "
        f"{source}/_static/papers; put the file there or give its https:// address "
        "[academic.bibtex]",
        f"{bib}:8: WARNING: {where}: preview image '{long}.png' not found in "
        f"{source}/_static/previews; no thumbnail is shown (put the image there: al-folio keeps "
        "them in assets/img/publication_preview/) [academic.bib-preview]",
        f"{projects}:3: WARNING: project-card: :image: file '_static/{long}.png' not found "
        f"(looked for {source}/_static/{long}.png) [academic.card]"], "\n".join(warnings(app))


@pytest.mark.parametrize("how", ["parent segments", "symlink"])
def test_a_card_image_from_outside_is_an_error_at_its_card(make_app, tmp_path, how):
    source = site(tmp_path)
    secret = secret_file(tmp_path, "logo.png")
    projects = source / "projects.md"
    if how == "symlink":
        relink(source / "_static" / "cards" / "kit.png", secret)
        written = "_static/cards/kit.png"
    else:
        written = "../outside/logo.png"
        projects.write_text(projects.read_text().replace("_static/cards/kit.png", written))
    app = build(make_app, source)
    link = source / "_static" / "cards" / "kit.png"
    assert warnings(app) == [
        # The link itself, as every link out of the project in a static folder is.
        f"WARNING: {link}: a symlink to {secret.resolve()}, outside the project "
        f"({source.resolve()}): its content would be published; copy the file into the project "
        "instead [academic.files]"] * (how == "symlink") + [
        f"{projects}:3: WARNING: project-card: :image: {written!r} in 'Compiler Kit' is "
        f"{secret.resolve()}, outside the project ({source.resolve()}): put the image in the "
        "documentation [academic.card]"]
    assert published(Path(app.outdir)) == []


def test_a_page_image_or_download_from_outside_is_not_published(make_app, tmp_path):
    """A page's image or download that is a link out of the project: Sphinx copies images and
    downloads itself, whatever exclude_patterns says, so the page's reference is an error at its
    line and the file stays out of the site (a build without -W publishes what it wrote)."""
    source = site(tmp_path)
    (source / "figure.png").symlink_to(secret_file(tmp_path, "figure.png"))
    (source / "notes.txt").symlink_to(secret_file(tmp_path, "notes.txt"))
    page = source / "gallery.md"
    page.write_text("---\norphan: true\n---\n\n# Gallery\n\n![A figure](figure.png)\n\n"
                    "{download}`The notes <notes.txt>`\n", encoding="utf-8")
    app = build(make_app, source)
    outside, root = (tmp_path / "outside").resolve(), source.resolve()
    found = warnings(app)
    for name, line in (("figure.png", 7), ("notes.txt", 9)):
        assert f"WARNING: {source}/{name}: a symlink to {outside}/{name}, outside the project" \
            in "\n".join(found)
        assert (f"{page}:{line}: WARNING: {name!r} is {outside}/{name}, outside the project "
                f"({root}): it is not published; copy the file into the project instead "
                "[academic.files]") in found, found
    assert published(Path(app.outdir)) == []


def test_a_page_that_reads_a_file_from_outside_is_an_error_at_its_line(make_app, tmp_path):
    """Every directive that reads a file into a page (include, in MyST and in
    reStructuredText, literalinclude, raw and csv-table with :file:), every BibTeX file and the
    CV file: one outside the project is an error at its line and is not read, nothing of it
    published; a directive that would fetch its file from the network is an error too."""
    source = site(tmp_path)
    for name in ("notes.md", "notes.rst", "code.py", "part.html", "table.csv", "more.bib",
                 "cv.yaml", "icon.svg", "logo.svg", "scorer.js"):
        secret_file(tmp_path, name)
    template = tmp_path / "outside" / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text('{% extends "!page.html" %}{% block body %}SECRET-OUTSIDE-THE-PROJECT'
                        '{{ super() }}{% endblock %}', encoding="utf-8")
    (source / "inside.md").write_text("Text from inside the project.\n", encoding="utf-8")
    (source / "linked.md").symlink_to(tmp_path / "outside" / "notes.md")
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('bibtex_bibfiles = ["refs.bib", "../outside/more.bib"]\n'
                   'academic_cv = "../outside/cv.yaml"\n'
                   'html_favicon = "../outside/icon.svg"\nhtml_logo = "../outside/logo.svg"\n'
                   'html_static_path = ["_static", "../outside"]\n'
                   'academic_previews_dir = "../outside"\n'
                   f'html_search_scorer = "{tmp_path / "outside" / "scorer.js"}"\n'
                   'templates_path = ["../outside/templates"]\n'
                   'html_theme_path = ["../outside"]\nlocale_dirs = ["../outside"]\n'
                   'academic_portrait = "../outside/icon.svg"\n'
                   'academic_portrait_alt = "A portrait"\n')
    outside, root = (tmp_path / "outside").resolve(), source.resolve()
    standard = f"<{os.path.relpath(outside / 'notes.rst', STANDARD_INCLUDES)}>"
    page = source / "reads.md"
    page.write_text(
        "---\norphan: true\n---\n\n# Reads\n\n"                            # 1-5
        "```{include} inside.md\n```\n\n"                                      # 7-8
        "```{include} ../outside/notes.md\n```\n\n"                            # 10-11
        "```{include} linked.md\n:literal:\n```\n\n"                          # 13-15
        "```{eval-rst}\n.. include:: ../outside/notes.rst\n   :literal:\n```\n\n"  # 17-20
        "```{literalinclude} ../outside/code.py\n```\n\n"                      # 22-23
        "```{raw} html\n:file: ../outside/part.html\n```\n\n"                 # 25-27
        "```{csv-table} A table\n:file: ../outside/table.csv\n```\n\n"        # 29-31
        "```{raw} html\n:url: https://example.org/part.html\n```\n\n"         # 33-35
        # An absolute path that exists is read as it is (Sphinx says so, and reads it).
        f"```{{csv-table}} Another\n:file: {tmp_path / 'outside' / 'table.csv'}\n```\n\n"  # 37
        "```{literalinclude} inside.md\n:diff: ../outside/code.py\n```\n\n"             # 41
        # Refused before MyST reads it: a folder, which MyST would fail to read.
        "```{include} ../outside\n```\n\n"                                       # 45
        # An example in a code block is text, whatever it names.
        "````markdown\n```{include} ../outside/notes.md\n```\n````\n\n"          # 48
        # docutils' own folder, left: as literal text, docutils reads it without include-read.
        f"```{{eval-rst}}\n.. include:: {standard}\n   :literal:\n```\n\n"      # 53-56
        f"```{{include}} {standard}\n```\n\n"                                    # 58
        # A name over several lines: docutils joins them, stripped ("inside/../../outside").
        "```{eval-rst}\n.. include:: sub/.\n   ./.\n   ./outside/notes.rst\n   :literal:\n"
        "```\n",                                                                 # 61-66
        encoding="utf-8")
    app = build(make_app, source)
    conf = source / "conf.py"
    reads = "it is not read; copy the file into the project instead [academic.files]"
    found = [line for line in warnings(app) if "outside the project" in line
             or "network" in line]
    config_warnings = [line for line in warnings(app) if "[academic.files]" in line
                       and "conf.py" in line and ("_path" in line or "html_" in line
                                                  or "academic_prev" in line
                                                  or "academic_portrait" in line
                                                  or "locale_dirs" in line)]
    assert config_warnings == [
        f"{conf}:14: WARNING: html_favicon '../outside/icon.svg' is {outside}/icon.svg, "
        f"outside the project ({root}): it is not published; copy the file into the project "
        "instead [academic.files]",
        f"{conf}:15: WARNING: html_logo '../outside/logo.svg' is {outside}/logo.svg, outside "
        f"the project ({root}): it is not published; copy the file into the project instead "
        "[academic.files]",
        f"{conf}:22: WARNING: academic_portrait '../outside/icon.svg' is {outside}/icon.svg, "
        f"outside the project ({root}): it is not published; copy the image into the "
        "documentation instead [academic.files]",
        f"{conf}:18: WARNING: html_search_scorer '{outside}/scorer.js' is {outside}/scorer.js, "
        f"outside the project ({root}): it is not read; copy the file into the project instead "
        "[academic.files]",
        f"{conf}:16: WARNING: html_static_path: '../outside' is {outside}, outside the project "
        f"({root}): its files are not published; copy the folder into the project instead "
        "[academic.files]",
        f"{conf}:19: WARNING: templates_path: '../outside/templates' is {outside}/templates, "
        f"outside the project ({root}): its templates are not read; copy the folder into the "
        "project instead [academic.files]",
        f"{conf}:20: WARNING: html_theme_path: '../outside' is {outside}, outside the project "
        f"({root}): its themes are not read; copy the folder into the project instead "
        "[academic.files]",
        f"{conf}:21: WARNING: locale_dirs: '../outside' is {outside}, outside the project "
        f"({root}): Sphinx reads its translations before any check, and this build may show "
        "them; copy the folder into the project instead [academic.files]",
    ], "\n".join(warnings(app))
    assert (f"{conf}:17: WARNING: academic_previews_dir '../outside' must name a folder inside "
            "the project, such as '_static/previews': the preview images are read there "
            "[academic.config]") in warnings(app)
    assert not [link for page_, link in links_in_html(Path(app.outdir))
                if link.startswith("data:image/svg")]  # no favicon written into the pages
    assert [line for line in found if line not in config_warnings] == [
        f"{conf}:12: WARNING: the BibTeX file '../outside/more.bib' is {outside}/more.bib, "
        f"outside the project ({root}): it is not read; copy the file into the project (or "
        "export it there) and name it from conf.py's folder [academic.files]",
        f"WARNING: {source}/linked.md: a symlink to {outside}/notes.md, outside the project "
        f"({root}): its content would be published; copy the file into the project instead "
        "[academic.files]",
        f"{conf}:13: WARNING: the CV file '../outside/cv.yaml' is {outside}/cv.yaml, outside "
        f"the project ({root}): it is not read; copy the file into the project (or export it "
        "there) and name it from conf.py's folder [academic.files]",
        f"{page}:10: WARNING: include: '../outside/notes.md' is {outside}/notes.md, outside "
        f"the project ({root}): {reads}",
        f"{page}:13: WARNING: include: 'linked.md' is {outside}/notes.md, outside the project "
        f"({root}): {reads}",
        f"{page}:18: WARNING: include: '../outside/notes.rst' is {outside}/notes.rst, outside "
        f"the project ({root}): {reads}",
        f"{page}:22: WARNING: literalinclude: '../outside/code.py' is {outside}/code.py, "
        f"outside the project ({root}): {reads}",
        f"{page}:25: WARNING: raw: '../outside/part.html' is {outside}/part.html, outside the "
        f"project ({root}): {reads}",
        f"{page}:29: WARNING: csv-table: '../outside/table.csv' is {outside}/table.csv, "
        f"outside the project ({root}): {reads}",
        f"{page}:33: WARNING: raw: 'https://example.org/part.html' is fetched from the network "
        "as the page is read; save the file into the project and give its path in :file: "
        "[academic.files]",
        f"{page}:37: WARNING: csv-table: '{tmp_path / 'outside' / 'table.csv'}' is "
        f"{outside}/table.csv, outside the project ({root}): {reads}",
        f"{page}:41: WARNING: literalinclude: '../outside/code.py' is {outside}/code.py, "
        f"outside the project ({root}): {reads}",
        f"{page}:45: WARNING: include: '../outside' is {outside}, outside the project "
        f"({root}): {reads}",
        f"{page}:54: WARNING: include: '{standard}' is {outside}/notes.rst, outside the "
        f"project ({root}): {reads}",
        f"{page}:58: WARNING: include: '{standard}' is {outside}/notes.rst, outside the "
        f"project ({root}): {reads}",
        f"{page}:62: WARNING: include: 'sub/../../outside/notes.rst' is "
        f"{outside}/notes.rst, outside the project ({root}): {reads}"], "\n".join(warnings(app))
    assert published(Path(app.outdir)) == []
    # Nothing else: no error of MyST's reading the folder (Sphinx's own note on the absolute
    # csv-table path aside).
    assert not [line for line in warnings(app) if "reads.md" in line and "[academic" not in line
                and "csv-table directive now recognizes" not in line]
    html = (Path(app.outdir) / "reads" / "index.html").read_text(encoding="utf-8")
    assert "Text from inside the project." in html
    code = BeautifulSoup(html, "lxml").select_one("div.highlight-markdown pre").get_text()
    assert "```{include} ../outside/notes.md" in code


def test_a_favicon_or_logo_address_is_held_to_the_address_policy(make_app, tmp_path):
    """A favicon or logo given as an address is written into every page: a file:// one is an
    error at its line of conf.py, and no page links it."""
    source = site(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_favicon = "file:///etc/icon.svg"\n'
                   'html_logo = "FILE://evil.example/logo.svg"\n')
    app = build(make_app, source)
    conf = source / "conf.py"
    assert [line for line in warnings(app) if "html_favicon" in line or "html_logo" in line] == [
        f"{conf}:12: WARNING: html_favicon 'file:///etc/icon.svg' is not an http(s) address: a "
        "link with that scheme runs code or opens embedded content; write the page's https:// "
        "address [academic.files]",
        f"{conf}:13: WARNING: html_logo 'FILE://evil.example/logo.svg' is not an http(s) "
        "address: a link with that scheme runs code or opens embedded content; write the "
        "page's https:// address [academic.files]"], "\n".join(warnings(app))
    written = [(page, link) for page, link in links_in_html(Path(app.outdir))
               if link.lower().startswith("file:")]
    assert written == []


def test_conf_addresses_the_theme_and_open_graph_write_are_held_to_the_policy(make_app,
                                                                            tmp_path):
    """furo's footer links and source repository, and sphinxext-opengraph's site address and
    image, are written into every page as conf.py gives them: a live scheme there is an error
    at its line of conf.py, and no page writes it."""
    source = site(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'extensions += ["sphinxext.opengraph"]\n'                                  # 12
            'html_theme = "furo"\n'                                                    # 13
            "html_theme_options = {\n"                                                 # 14
            '    "footer_icons": [\n'                                                  # 15
            '        {"name": "Home", "url": "https://example.org/", "html": "H"},\n'  # 16
            '        {"name": "y", "url": "/", "html": "<svg><a href=\\"javascript:x\\">"'  # 17
            '"Y</a></svg>"},\n'
            '        {"name": "x", "url": "java\\tscript:alert(1)", "html": "X"}],\n'   # 18
            '    "source_repository": "javascript:alert(2)//",\n'                      # 19
            '    "source_branch": "main",\n'
            '    "source_directory": "",\n'
            "}\n"
            'ogp_site_url = "data:text/html,x"\n'                                     # 23
            'ogp_image = "vbscript:x"\n'                                               # 24
            "html_theme_options['announcement'] = (\n"                                # 25
            "    '<a href=\"javascript:alert(3)\">New</a>')\n"
            "ogp_custom_meta_tags = ['<meta name=\"x\" content=\"y\">',\n"             # 27
            "    '<link rel=\"me\" href=\"javascript:alert(4)\">']\n"
            '# the "footer_icons" above name the site\n')                              # 29
    app = build(make_app, source)
    conf = source / "conf.py"
    live = ("may not be a link: its scheme runs code or opens embedded content; write the "
            "page's https:// address [academic.links]")
    scheme = ("is not an http(s) address: a link with that scheme runs code or opens embedded "
              "content; write the page's https:// address [academic.links]")
    assert [line for line in warnings(app) if "[academic.links]" in line] == [
        f"{conf}:15: WARNING: footer_icons: <a href>: 'javascript:x' {live}",
        f"{conf}:15: WARNING: footer_icons: 'java\\tscript:alert(1)' {live}",
        f"{conf}:19: WARNING: source_repository: 'javascript:alert(2)//' {live}",
        f"{conf}:25: WARNING: announcement: <a href>: 'javascript:alert(3)' {live}",
        f"{conf}:27: WARNING: ogp_custom_meta_tags: <link href>: 'javascript:alert(4)' {live}",
        f"{conf}:23: WARNING: ogp_site_url: 'data:text/html,x' {scheme}",
        f"{conf}:24: WARNING: ogp_image: 'vbscript:x' {scheme}",
    ], "\n".join(warnings(app))
    written = [(page, link) for page, link in links_in_html(Path(app.outdir))
               if kind_of(link) == "unsafe"]
    assert written == []
    home = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "lxml")
    # The good footer link stays; the Open Graph addresses are the site's own.
    assert home.select_one('a[href="https://example.org/"]') is not None
    assert home.select_one('meta[property="og:url"]')["content"] == "https://example.org/ada/"
    assert home.select_one('meta[name="x"]')["content"] == "y"  # the good tag stays
    assert "New" not in home.get_text()  # the announcement is left out whole
    for tag in home.select("meta[property^='og:']"):
        assert kind_of(tag["content"]) != "unsafe", tag


def test_a_control_character_in_the_site_s_title_is_an_error_and_left_out(make_app, tmp_path):
    """conf.py's title is in every page's <title>, its sidebar, its card's alt text and the
    feed's: a control character there made every page's HTML invalid (a parse error)."""
    source = site(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_title = "Ada\\x0b Example"\n'                         # 12
                   'extensions += ["sphinxext.opengraph"]\n'
                   'ogp_site_name = "Ada\\x0e Example"\n'                      # 14
                   'copyright = ["2021, Ada\\x0c Example"]\n'                  # 15
                   'html_theme = "furo"\n'
                   'html_theme_options = {"announcement": "<b>New\\x0b</b>"}\n')  # 17
    app = build(make_app, source)
    conf = source / "conf.py"
    shown = "which no page, feed or PDF can show; it is left out (remove it) [academic.config]"
    assert [line for line in warnings(app) if "[academic.config]" in line] == [
        f"{conf}:15: WARNING: copyright has the control character U+000C, {shown}",
        f"{conf}:12: WARNING: html_title has the control character U+000B, {shown}",
        f"{conf}:14: WARNING: ogp_site_name has the control character U+000E, {shown}",
        f"{conf}:17: WARNING: announcement has the control character U+000B, {shown}"]
    written = [path for path in Path(app.outdir).rglob("*")
               if path.is_file() and path.suffix in (".html", ".xml", ".atom", ".txt", ".json")
               and any(char in path.read_text(encoding="utf-8") for char in "\x0b\x0c\x0e")]
    assert written == []
    home = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.title.get_text().startswith("Ada Example")
    assert "New" in home.select_one(".announcement").get_text()  # kept, without the character


def test_a_page_link_with_a_live_scheme_is_an_error_at_its_line_and_never_written(make_app,
                                                                                   tmp_path):
    """The one address policy holds for what pages write too, whatever wrote the link: a
    directive's option, an image's target, a card's link, reStructuredText in eval-rst. Each is
    an error at its line, and the link leaves the page, its text kept."""
    source = site(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions += ["sphinx_design", "sphinxext.opengraph"]\n')
    page = source / "links.md"
    page.write_text(
        "---\norphan: true\nog:url: javascript:alert(1)\nog:image: /card.png\n"   # 1-4
        "og:see_also: https://example.org/more/\n"                                # 5
        "\"og:x\\\"><script>alert(1)</script>\": v\nog:title: A & B <b>\n"      # 6-7
        "myst:\n  html_meta:\n"                                                   # 8-9
        "    \"http-equiv=refresh\": \"0; URL='javascript:alert(1)'\"\n"         # 10
        "    \"name=x onload=alert(1)\": v\n"                                      # 11
        "---\n\n# Links\n\n"                                                    # 12-14
        "```{button-link} javascript:alert(1)\nA button\n```\n\n"          # 16-18
        "```{eval-rst}\nAn `rst link <vbscript:msgbox(1)>`_ here.\n```\n\n"  # 20-22
        "```{image} _static/card.png\n:target: data:text/html,x\n:alt: A picture\n```\n\n"
        "```{card} A card\n:link: file:///etc/passwd\n\nIts text\n```\n",    # 29-33
        encoding="utf-8")
    # A quote the address opens and never closes: the browser reads up to the end.
    refresh = source / "refresh.md"
    refresh.write_text("---\norphan: true\nmyst:\n  html_meta:\n"
                       "    \"http-equiv=refresh\": \"5; url='javascript:alert(1)\"\n"  # 5
                       "---\n\n# Refresh\n", encoding="utf-8")
    app = build(make_app, source)
    found = [line for line in warnings(app) if "[academic.links]" in line]
    live = "a link with that scheme runs code or opens embedded content"
    assert found == [
        *(f"{page}:{line}: WARNING: {address!r} may not be a link: its scheme runs code or "
          "opens embedded content; write the page's https:// address [academic.links]"
          for line, address in ((16, "javascript:alert(1)"), (21, "vbscript:msgbox(1)"),
                                (24, "data:text/html,x"), (29, "file:///etc/passwd"))),
        f"{page}:3: WARNING: og:url: 'javascript:alert(1)' is not an http(s) address: {live}; "
        "write the page's https:// address [academic.links]",
        f"{page}:4: WARNING: og:image: '/card.png' is not an http(s) address; write it in "
        "full, as https://… [academic.links]",
        f"{page}:6: WARNING: 'og:x\"><script>alert(1)</script>' is not an Open Graph property "
        "such as og:title or og:image:alt: it would be written into the page's head as it is; "
        "rename the field [academic.links]",
        f"{page}:10: WARNING: refresh: 'javascript:alert(1)' may not be a link: its scheme runs "
        "code or opens embedded content; write the page's https:// address [academic.links]",
        f"{page}:11: WARNING: x: a <meta> tag with onload is not written: a tag of the head "
        "takes charset, content, dir, http-equiv, itemprop, lang, media, name, property, "
        "scheme [academic.links]",
        f"{refresh}:5: WARNING: refresh: 'javascript:alert(1)' may not be a link: its scheme "
        "runs code or opens embedded content; write the page's https:// address "
        "[academic.links]"], found
    written = (Path(app.outdir) / "refresh" / "index.html").read_text(encoding="utf-8")
    assert BeautifulSoup(written, "lxml").head.find("meta", attrs={"http-equiv": True}) is None
    html = (Path(app.outdir) / "links" / "index.html")
    assert not [link for page_, link in links_in_html(html.parent) if LIVE.match(link)]
    head = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").head
    assert head.find("meta", attrs={"http-equiv": True}) is None
    assert not head.find_all(attrs={"onload": True})
    assert not [script for script in head.find_all("script") if "alert" in script.get_text()]
    # The page's own field as text, whatever sphinxext-opengraph escapes.
    assert head.find("meta", property="og:title")["content"] == "A & B <b>"
    assert [meta["content"] for meta in head.find_all("meta", property=re.compile("^og:"))
            if "og:url" in meta["property"] or "og:image" in meta["property"]
            or "og:see_also" in meta["property"]] == [
        "https://example.org/ada/links/", "https://example.org/more/"]
    text = " ".join(BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").get_text().split())
    assert all(words in text for words in ("A button", "rst link", "A card", "Its text"))


#: Raw HTML in a page, each line an attribute a browser opens an address from.
RAW_PAGE = (
    "---\norphan: true\n---\n\n# Raw\n\n"                                        # 1-6
    "<a href=\"javascript:alert('raw')\">raw link</a>\n\n"                          # 7
    "Inline <img src=\"data:text/html,x\" alt=\"x\"> and <a href=\"https://example.org/\">"
    "a fine link</a>.\n\n"                                                            # 9
    "<form action=\"vbscript:msgbox(1)\"><button formaction=\"javascript:alert(2)\">Go"
    "</button></form>\n\n"                                                            # 11
    "<iframe src=\"file:///etc/passwd\" title=\"f\"></iframe>\n\n"                # 13
    "<map name=\"m\"><area href=\"javascript:alert(3)\" alt=\"a\"></map>\n\n"    # 15
    "<object data=\"javascript:alert(4)\"></object>\n\n"                           # 17
    "<p><img srcset=\"https://example.org/a.png 1x, javascript:alert(5) 2x\" alt=\"b\"></p>"
    "\n\n"                                                                            # 19
    "<div><meta http-equiv=\"refresh\" content=\"0; url='javascript:alert(6)\"></div>\n\n"
    "```{raw} html\n<div><p>Kept text</p><a href=\"&#106;avascript:alert(7)\">encoded</a>"
    "</div>\n```\n\n"                                                                # 23-25
    "```{eval-rst}\n.. raw:: html\n\n   <a href=\"JaVaScRiPt:alert(8)\">rst raw</a>\n"
    "```\n\n"                                                                         # 27-31
    "<p>A fine <a href=\"https://example.org/\">raw link</a>, <img src=\"_static/card.png\""
    " srcset=\"a.png 1x, b.png 2x\" alt=\"c\"> and <a href=\"mailto:ada@example.org\">"
    "mail</a></p>\n")                                                                 # 33


def test_raw_html_with_a_live_scheme_is_an_error_at_its_line_and_never_written(make_app,
                                                                                tmp_path):
    """Raw HTML is held to the links' policy, every attribute a browser opens an address
    from: an unsafe one is an error at the HTML's line, and the HTML leaves the page, its text
    kept, as a link does. Safe raw HTML is written as it is."""
    source = site(tmp_path)
    page = source / "raw.md"
    page.write_text(RAW_PAGE, encoding="utf-8")
    app = build(make_app, source)
    found = [line for line in warnings(app) if "raw.md" in line]
    assert found == [
        f"{page}:{line}: WARNING: <{where}>: {address!r} may not be a link: its scheme runs "
        "code or opens embedded content; write the page's https:// address [academic.links]"
        for line, where, address in (
            (7, "a href", "javascript:alert('raw')"), (9, "img src", "data:text/html,x"),
            (11, "form action", "vbscript:msgbox(1)"),
            (11, "button formaction", "javascript:alert(2)"),
            (13, "iframe src", "file:///etc/passwd"), (15, "area href", "javascript:alert(3)"),
            (17, "object data", "javascript:alert(4)"),
            (19, "img srcset", "javascript:alert(5)"),
            (21, "meta content", "javascript:alert(6)"),
            (23, "a href", "javascript:alert(7)"), (28, "a href", "JaVaScRiPt:alert(8)"))], found
    html = (Path(app.outdir) / "raw" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    assert not [link for link in links_in_html(Path(app.outdir) / "raw") if LIVE.match(link[1])]
    for tag, attribute in (("img", "srcset"), ("object", "data"), ("meta", "content")):
        assert not [element for element in soup.find_all(tag, attrs={attribute: True})
                    if "alert" in element[attribute]]
    text = " ".join(soup.get_text().split())
    assert all(words in text for words in ("raw link", "Go", "Kept text", "encoded", "rst raw"))
    # Safe raw HTML, inline or a block, as written.
    assert '<a href="https://example.org/">a fine link</a>' in html
    assert ('<p>A fine <a href="https://example.org/">raw link</a>, <img src="_static/card.png"'
            ' srcset="a.png 1x, b.png 2x" alt="c"> and <a href="mailto:ada@example.org">mail</a>'
            "</p>") in html


@pytest.mark.parametrize(("value", "addresses"), [
    ("a.png", ["a.png"]), ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    ("a.png,b.png 2x", ["a.png,b.png"]), ("a.png, , b.png,, c.png", ["a.png", "b.png", "c.png"]),
    ("a.png 1x (x, y), javascript:x 2x", ["a.png", "javascript:x"]),
    ("\tjavascript:x\n100w", ["javascript:x"]), (" , ", [])])
def test_a_srcset_is_read_as_browsers_read_it(value, addresses):
    assert srcset_addresses(value) == addresses


@pytest.mark.parametrize(("fragment", "address"), [
    ('<a href="javascript:x"', "javascript:x"), ("<a href='javascript:x", "javascript:x"),
    ('<a/href="javascript:x">', "javascript:x"), ("<A HREF=javascript:x>", "javascript:x"),
    ('<iframe srcdoc="&lt;a href=&quot;javascript:x&quot;&gt;">', "javascript:x"),
    ('<svg><set attributeName="href" to="javascript:x"/></svg>', "javascript:x"),
    ('<a ping="https://e.org/ javascript:x">', "javascript:x")])
def test_raw_html_addresses_are_read_as_browsers_read_them(fragment, address):
    """A fragment that ends inside its tag reads on into the page's next tags: its
    attributes are read as if closed there."""
    assert [found.address for found in addresses(fragment)
            if found.address.startswith(address)]


def test_raw_html_nested_deeper_than_it_is_read_is_reported_at_once():
    """Each iframe's srcdoc is read as a document of its own: 300 of them, one in another (a
    megabyte of escaped quotes), exhausted the stack (RecursionError). Past the depth read,
    the srcdoc is reported unread, as an unsafe address would be."""
    fragment = '<a href="javascript:x">x</a>'
    for _ in range(300):
        fragment = f'<iframe srcdoc="{html.escape(fragment)}"></iframe>'
    found = at_once(lambda: addresses(fragment))
    assert [(item.tag, item.attribute, item.unread) for item in found] == [
        ("iframe", "srcdoc", True)]
    shallow = '<iframe srcdoc="&lt;a href=&quot;javascript:x&quot;&gt;"></iframe>'
    assert [item.address for item in addresses(shallow)] == ["javascript:x"]


@pytest.mark.parametrize(("fragment", "words"), [
    ('<p>Kept <a href="javascript:x">text</a></p>', "Kept text"),
    ("Ends in a quote \"'>", "Ends in a quote \"'>"), ('Text <a href="javascript:x', "Text"),
    ("<script>var a = '<'</script>Shown", "Shown"), ("<a " * 20_000, "")])
def test_the_text_of_raw_html_is_read_at_once(fragment, words):
    """The text kept of HTML that leaves the page: read as addresses are, with its tag closed
    (the parser read a fragment ending inside a tag again for each character: 40 s for
    20,000 unclosed tags)."""
    assert at_once(lambda: html_text(fragment)) == words


#: academic_person with a mistake in each kind of property, and one sameAs address alone.
PERSON = {"url": "javascript:alert(1)", "image": "/me.png", "email": "ada at example",
          "logo": {"@type": "ImageObject", "url": "https://example.org/logo.png"},
          "sameAs": "https://github.com/ada", "knowsAbout": {"compilers"},
          "affiliation": {"@type": "Organization", "url": "data:text/html,x"},
          "worksFor": {"@type": "Organization", "name": "Lab",
                       "sameAs": ["https://example.org/lab", "//evil.example/lab"]}}


def test_one_bibtex_file_named_as_text_is_read_and_reported_at_its_line(make_app, tmp_path):
    """``bibtex_bibfiles = "refs.bib"``: sphinxcontrib-bibtex read each character as a file
    name, and the build gave a score of messages about files "r" and "/". It is one error, at
    its line, and the file is read."""
    source = site(tmp_path)
    conf = source / "conf.py"
    text = conf.read_text(encoding="utf-8")
    (line,) = [number for number, content in enumerate(text.splitlines(), 1)
               if content.startswith("bibtex_bibfiles")]
    conf.write_text(re.sub(r"(?m)^bibtex_bibfiles = \[(.+?)\]$", r"bibtex_bibfiles = \1", text),
                    encoding="utf-8")
    app = build(make_app, source)
    assert warnings(app) == [
        f"{conf}:{line}: WARNING: bibtex_bibfiles = 'refs.bib' must be a list of file names, "
        "such as ['refs.bib'] [academic.config]"]
    assert html_page(Path(app.outdir), "publications").select("li.academic-entry")


def test_a_site_address_that_is_not_text_is_an_error_at_its_line(make_app, tmp_path):
    """html_baseurl given as a list ended the build in a traceback."""
    source = site(tmp_path)
    conf = source / "conf.py"
    line = len(conf.read_text(encoding="utf-8").splitlines()) + 1
    with conf.open("a", encoding="utf-8") as handle:
        handle.write('html_baseurl = ["https://example.org/site/"]\n')
    app = build(make_app, source)
    assert [line_ for line_ in warnings(app) if "html_baseurl" in line_] == [
        f"{conf}:{line}: WARNING: html_baseurl: ['https://example.org/site/'] is not text: "
        "write the site's address in quotes, as 'https://example.org/' [academic.config]"]
    assert not [path for path in Path(app.outdir).rglob("*.html")
                if b"example.org/site" in path.read_bytes()]


#: A setting of each kind, of another kind (each crashed the build with a traceback).
WRONG_KINDS = ('academic_owner = ["Ada Example", 5]\nacademic_links = [("a",)]\n'
               'academic_author_marks = ["*"]\nacademic_cv_pdf_publications = "selected"\n'
               'academic_max_authors = "many"\n')


@pytest.mark.parametrize(("folder", "base"), [
    ("../escaped", "javascript:alert(1)//"), ("/tmp/escaped", 'https://example.org/a"b/'),
    ("papers/../../escaped", "https://example.org/?page=1")])
def test_conf_values_the_site_writes_are_checked_at_their_lines(make_app, tmp_path, folder,
                                                               base):
    """conf.py's values that become files or addresses: a paper pages folder that leads out
    of the site (the pages go to the default folder), a site address that is not one (the
    site is written without it), academic_person's properties that are not what schema.org
    says (each left out). Each is an error at its line of conf.py."""
    source = site(tmp_path)
    conf = source / "conf.py"
    line = len(conf.read_text(encoding="utf-8").splitlines()) + 1
    with conf.open("a", encoding="utf-8") as handle:
        handle.write(f"academic_paper_pages_dir = {folder!r}\nhtml_baseurl = {base!r}\n"
                     f"academic_person = {PERSON!r}\n{WRONG_KINDS}")
    app = build(make_app, source)
    live = "a link with that scheme runs code or opens embedded content"
    base_problem = (
        f"{base!r} is not an http(s) address: {live}; write the page's https:// address"
        if base.startswith("javascript") else
        f"{base!r} is not the address of a site: write it with no query, fragment, space, "
        "quote or angle bracket, as https://example.org/")
    person = f"{conf}:{line + 2}: WARNING: academic_person"
    assert warnings(app) == [
        f"{conf}:{line + 3}: WARNING: academic_owner = ['Ada Example', 5] must be a list of "
        "names, such as ['Ada Lovelace']; the default ([]) is used [academic.config]",
        f"{conf}:{line + 4}: WARNING: academic_links = [('a',)] must be a list of addresses or "
        "(name, address) pairs, such as [('Blog', 'https://example.org/blog/')]; the default "
        "([]) is used [academic.config]",
        f"{conf}:{line + 5}: WARNING: academic_author_marks = ['*'] must be a dict of symbols "
        "and what each means, such as {'*': 'equal contribution'}; the default ({'*': 'equal "
        "contribution'}) is used [academic.config]",
        f"{conf}:{line + 6}: WARNING: academic_cv_pdf_publications = 'selected' must be a dict "
        "of the {cv} publications options, such as {'keyword': 'selected'}; the default ({}) "
        "is used [academic.config]",
        f"{conf}:{line + 7}: WARNING: academic_max_authors = 'many' must be a whole number (0 "
        "shows every name); the default (8) is used [academic.config]",
        f"{conf}:{line + 1}: WARNING: html_baseurl: {base_problem} [academic.config]",
        f"{conf}:{line}: WARNING: academic_paper_pages_dir {folder!r} must name a folder inside "
        "the documentation, such as 'publications': the paper pages are written there "
        "[academic.config]",
        f"{person}['url']: 'javascript:alert(1)' is not an http(s) address: {live}; write the "
        "page's https:// address [academic.config]",
        f"{person}['image']: '/me.png' is not an http(s) address; write it in full, as "
        "https://… [academic.config]",
        f"{person}['email']: 'ada at example' is not an e-mail address: write it as "
        "name@example.org [academic.config]",
        f"{person}['knowsAbout']: {{'compilers'}} is a set, which JSON-LD cannot hold: write "
        "text, a number, a list or a dict [academic.config]",
        f"{person}['affiliation']: 'data:text/html,x' is not an http(s) address: {live}; write "
        "the page's https:// address [academic.config]",
        # An address at any depth is held to the policy, not only to its scheme.
        f"{person}['worksFor']: '//evil.example/lab' is not an http(s) address; write it in "
        "full, as https://… [academic.config]"]
    assert not (tmp_path / "escaped").exists() and not (source.parent / "escaped").exists()
    assert not Path("/tmp/escaped").exists()
    outdir = Path(app.outdir)
    assert list((outdir / "publications").glob("*/index.html"))
    written = base.rstrip("/").encode()
    assert not [path for path in outdir.rglob("*") if path.is_file()
                and written in path.read_bytes()]
    home = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    person_ld = next(data for data in (json.loads(script.string) for script in
                                       home.find_all("script", type="application/ld+json"))
                     if data.get("@type") == "Person")
    assert person_ld["sameAs"] == ["https://github.com/ada"]
    assert person_ld["logo"] == PERSON["logo"]  # an ImageObject is an image too
    assert not {"url", "image", "email", "knowsAbout", "affiliation"} & set(person_ld)
    assert [link["href"] for link in home.select("a.academic-profile-link")] == [
        "https://github.com/ada"]


def test_folders_beside_the_documentation_inside_the_project_are_fine(make_app, tmp_path):
    """An al-folio "assets/" folder beside docs/, inside the project (here: the folder with
    pyproject.toml), may hold the papers' files and be a static folder."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'site'\n")
    (tmp_path / "assets" / "papers").mkdir(parents=True)
    (tmp_path / "assets" / "papers" / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        'extensions = ["myst_parser", "academic"]\nhtml_static_path = ["../assets"]\n'
        'academic_paper_files_dir = "../assets/papers"\nbibtex_bibfiles = ["refs.bib"]\n')
    (docs / "refs.bib").write_text("@misc{a2020,\n  title = {A},\n  author = {Ada, B},\n"
                                   "  year = {2020},\n  howpublished = {Notes},\n"
                                   "  pdf = {paper.pdf},\n}\n")
    (docs / "index.md").write_text("# Home\n\n```{publications}\n```\n")
    app = build(make_app, docs)
    assert warnings(app) == []
    assert (Path(app.outdir) / "_static" / "papers" / "paper.pdf").is_file()
    assert ("index.html", "_static/papers/paper.pdf") in [
        (page.name, link) for page, link in links_in_html(Path(app.outdir))]


def test_the_project_s_tooling_is_no_file_of_the_site(make_app, tmp_path):
    """The repository (its settings hold the remotes' tokens), the environments and the builds
    are in the project, not in its site: a page, conf.py or refs.bib that names a file there
    is refused as one outside the project is."""
    source = site(tmp_path)
    (source / ".git").mkdir()
    (source / ".git" / "config").write_bytes(SECRET + b" token")
    (source / "tooling.md").write_text(
        "---\norphan: true\n---\n\n# Tooling\n\n"                               # 1-5
        "```{eval-rst}\n.. include:: .git/config\n   :literal:\n```\n\n"          # 7-10
        "```{literalinclude} .git/config\n```\n", encoding="utf-8")               # 12
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_extra_path = [".git"]\n')
    app = build(make_app, source)
    root = source.resolve()
    where = f"{root}/.git/config, in .git, the project's tooling, not its site ({root})"
    page = source / "tooling.md"
    found = [line for line in warnings(app) if "tooling" in line]
    assert found == [
        f"{source / 'conf.py'}:12: WARNING: html_extra_path: '.git' is {root}/.git, in .git, "
        f"the project's tooling, not its site ({root}): its files are not published; copy the "
        "folder into the project instead [academic.files]",
        f"{page}:8: WARNING: include: '.git/config' is {where}: it is not read; copy the file "
        "into the project instead [academic.files]",
        f"{page}:12: WARNING: literalinclude: '.git/config' is {where}: it is not read; copy "
        "the file into the project instead [academic.files]"], "\n".join(warnings(app))
    assert published(Path(app.outdir)) == []


def test_static_links_out_of_the_project_and_folder_loops_are_errors_not_followed(make_app,
                                                                                  tmp_path):
    source = site(tmp_path)
    (source / "_static" / "leak.txt").symlink_to(secret_file(tmp_path, "leak.txt"))
    (source / "_static" / "secrets").symlink_to(tmp_path / "outside", target_is_directory=True)
    (source / "up").symlink_to("..", target_is_directory=True)
    (source / "loop").symlink_to(".", target_is_directory=True)
    (source / "_static" / "again").symlink_to(".", target_is_directory=True)
    # A link that may be followed (inside the project), to a folder with one that may not.
    (source / "more").symlink_to("_static/cards", target_is_directory=True)
    (source / "_static" / "cards" / "evil.png").symlink_to(secret_file(tmp_path, "evil.png"))
    # Inside the project, but the repository's: its settings hold the remotes' tokens.
    (source / ".git").mkdir()
    (source / ".git" / "config").write_bytes(SECRET + b" token")
    (source / "_static" / "gitconfig").symlink_to(source / ".git" / "config")
    started = time.monotonic()
    app = build(make_app, source)
    assert time.monotonic() - started < 30
    outside = (tmp_path / "outside").resolve()
    root = source.resolve()
    assert warnings(app) == [
        f"WARNING: {source}/_static/again: a symlink to {root}/_static, a folder that "
        "contains it: it would be read again and again; remove it [academic.files]",
        f"WARNING: {source}/_static/cards/evil.png: a symlink to {outside}/evil.png, outside "
        f"the project ({root}): its content would be published; copy the file into the "
        "project instead [academic.files]",
        f"WARNING: {source}/_static/gitconfig: a symlink to {root}/.git/config, in .git, the "
        f"project's tooling, not its site ({root}): its content would be published; copy the "
        "file into the project instead [academic.files]",
        f"WARNING: {source}/_static/leak.txt: a symlink to {outside}/leak.txt, "
        f"outside the project ({root}): its content would be published; copy the file into "
        "the project instead [academic.files]",
        f"WARNING: {source}/_static/secrets: a symlink to {outside}, outside the "
        f"project ({root}): its content would be published; copy the file into the project "
        "instead [academic.files]",
        f"WARNING: {source}/loop: a symlink to {root}, a folder that contains it: it "
        "would be read again and again; remove it [academic.files]",
        f"WARNING: {source}/more/evil.png: a symlink to {outside}/evil.png, outside the "
        f"project ({root}): its content would be published; copy the file into the project "
        "instead [academic.files]",
        f"WARNING: {source}/up: a symlink to {tmp_path.resolve()}, outside the project "
        f"({root}): its content would be published; copy the file into the project instead "
        "[academic.files]"]
    outdir = Path(app.outdir)
    assert published(outdir) == []
    assert not (outdir / "loop").exists() and not (outdir / "up").exists()
    assert (outdir / "_static" / "site.css").is_file()  # the rest is copied as ever


# --- 5. deletion is an edit ---------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file under ``folder`` with its bytes, and every folder (None), empty ones too."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


def test_a_removed_page_static_file_and_renamed_pdf_are_gone_after_an_incremental_build(
        make_app, tmp_path):
    source = site(tmp_path)
    (source / "_static" / "empty").mkdir()
    (source / "_static" / "empty" / "note.txt").write_text("a note\n")
    first = make_app("dirhtml", srcdir=source)
    first.build()
    outdir = Path(first.outdir)
    assert {"projects/index.html", "_static/site.css", "ada-example-cv.pdf",
            "_images/kit.png", "_static/empty/note.txt"} <= set(tree(outdir))
    # A page (and the image only it used), a static file, and the CV's owner renamed.
    (source / "projects.md").unlink()
    index = source / "index.md"
    index.write_text(index.read_text().replace("projects\n", ""))
    (source / "_static" / "site.css").unlink()
    # The last file of a static folder: the folder stays, as a clean build copies it.
    (source / "_static" / "empty" / "note.txt").unlink()
    cv = source / "cv.yaml"
    cv.write_text(cv.read_text().replace("name: Ada Example", "name: Ada B. Example"))
    clean_source = tmp_path / "clean"
    shutil.copytree(source, clean_source, ignore=shutil.ignore_patterns("_build"))
    make_app("dirhtml", srcdir=source).build()
    clean = make_app("dirhtml", srcdir=clean_source)
    clean.build()
    incremental = tree(outdir)
    assert "ada-b-example-cv.pdf" in incremental
    assert sorted(incremental) == sorted(tree(Path(clean.outdir)))
    assert incremental == tree(Path(clean.outdir))


@pytest.mark.parametrize("setting", [
    'language = "de"',  # the environment's: its stemmer and translations
    'html_logo = "_static/cards/kit.png"\nhtml_search_language = "fr"',  # HTML settings
])
def test_the_static_files_of_a_setting_since_changed_are_gone(make_app, tmp_path, setting):
    """Sphinx copies a language's, a logo's or a theme's files into _static and never removes
    them: once the setting is back, an incremental build writes what a clean build writes."""
    source = site(tmp_path)
    conf = source / "conf.py"
    settings = conf.read_text(encoding="utf-8")
    conf.write_text(f"{settings}\n{setting}\n", encoding="utf-8")
    first = make_app("dirhtml", srcdir=source)
    first.build()
    outdir = Path(first.outdir)
    written = set(tree(outdir))
    assert {"_static/german-stemmer.js"} <= written or {"_static/kit.png",
                                                       "_static/french-stemmer.js"} <= written
    conf.write_text(settings, encoding="utf-8")
    clean_source = tmp_path / "clean"
    shutil.copytree(source, clean_source, ignore=shutil.ignore_patterns("_build"))
    make_app("dirhtml", srcdir=source).build()
    clean = make_app("dirhtml", srcdir=clean_source)
    clean.build()
    assert sorted(tree(outdir)) == sorted(tree(Path(clean.outdir)))
    assert tree(outdir) == tree(Path(clean.outdir))


@pytest.mark.parametrize("edit", ["entries reordered", "thumbnail added"])
def test_lists_follow_the_files_order_and_a_thumbnail_that_appears(make_app, tmp_path, edit):
    """Entries of one date are listed in the files' order: moving one in refs.bib reorders
    every list (a compact one too), as a clean build does. A thumbnail whose image is added
    after a build shows in the lists too, not only on its paper's page."""
    source = site(tmp_path)
    bib = source / "refs.bib"
    base = bib.read_text(encoding="utf-8")
    first = ("@misc{first2020,\n  title = {First Note},\n  author = {Example, Ada},\n"
             "  year = {2020},\n  preview = {later.png},\n}\n")
    # Another first author: no year letters ("2020a", "2020b"), which follow the order too.
    second = ("@misc{second2020,\n  title = {Second Note},\n  author = {Other, Bea and "
              "Example, Ada},\n  year = {2020},\n}\n")
    bib.write_text(f"{base}\n{first}\n{second}", encoding="utf-8")
    (source / "selected.md").write_text("# Selected\n\n```{publications}\n:compact:\n```\n",
                                        encoding="utf-8")
    index = source / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("cv\n", "cv\nselected\n"),
                     encoding="utf-8")
    first_app = make_app("dirhtml", srcdir=source)
    first_app.build()
    assert warnings(first_app) == []
    outdir = Path(first_app.outdir)
    if edit == "entries reordered":
        bib.write_text(f"{base}\n{second}\n{first}", encoding="utf-8")
    else:
        shutil.copy(source / "_static" / "previews" / "compilers.png",
                    source / "_static" / "previews" / "later.png")
    clean_source = tmp_path / "clean"
    shutil.copytree(source, clean_source, ignore=shutil.ignore_patterns("_build"))
    make_app("dirhtml", srcdir=source).build()
    clean = make_app("dirhtml", srcdir=clean_source)
    clean.build()
    for page in ("selected/index.html", "publications/index.html"):
        assert (outdir / page).read_text() == (Path(clean.outdir) / page).read_text(), page
    assert tree(outdir) == tree(Path(clean.outdir))


def test_a_page_whose_name_an_address_cannot_hold_is_an_error(make_app, tmp_path):
    """A control character would make the sitemap unreadable; a space, "#", "?" or "%" would
    make the page's address another's in the sitemap, the feed, llms.txt and links."""
    source = site(tmp_path)
    page = source / "notes\x01.md"
    page.write_text("# Notes\n\nText.\n")
    other = source / "a b#c?d.md"
    other.write_text("# Other\n\nText.\n")
    index = source / "index.md"
    index.write_text(index.read_text().replace("cv\n", "cv\nnotes\x01\na b#c?d\n"))
    app = build(make_app, source)
    assert warnings(app) == [
        f"{other}: WARNING: the file name 'a b#c?d' has ' ' '#' '?', which its address cannot "
        "hold as it is; rename the file (letters, digits, '-', '_' and '.') [academic.pages]",
        f"{page}: WARNING: the file name 'notes\\x01' has a control character, which the sitemap "
        "cannot hold; rename the file (letters, digits, '-', '_' and '.') [academic.pages]"]
