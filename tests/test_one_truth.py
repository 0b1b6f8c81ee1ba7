"""One entry, one truth: every output of a build, read back entry by entry, against the model.

The model of an entry (:mod:`academic.bib.display`) holds its authors as published, whether
they are the whole byline and how many there are, the owner's part, the venue and the date. A
build writes each entry in ten forms; :func:`disagreements` reads each form back with a parser
of its own (HTML with BeautifulSoup, the meta tags, JSON-LD with json, the Atom feed with
ElementTree, the PDF with pypdf, llms.txt as text) and compares what it finds with the model's
facts: the names, in order, every one of them accounted for (shown, or folded into "N more"),
the owner's name and part, the count where the source gives it, the venue, the date. It does
not ask which names the shortening rule shows: any form of the rule reads back to the same
facts, so changing the rule (say, the threshold) fails :func:`test_the_rule_folds_long_lists`
alone.

This file builds ``tests/roots/test-one-truth`` (one entry of each shape); the same reader
reads the owner's site (``test_site_one_truth.py``) and the site with each of the real
bibliographies (``test_bib_real.py``), in the builds those files make.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Set
from pathlib import Path

import pytest
from academic.bib.author_line import role_suffix
from academic.bib.clean_bibtex import clean_bibtex
from academic.bib.display import Display, display_of, full_stop
from academic.bib.names import entry_names
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.bib.urls import same_address
from academic.citations.year_letters import with_year_letters
from browser import SOURCE_DATE_EPOCH
from bs4 import BeautifulSoup
from conftest import REPO, TESTS
from pypdf import PdfReader

ATOM = "{http://www.w3.org/2005/Atom}"
#: The sources' date the builds are given (the owner's site's too, tests/browser.py): the
#: feed's <updated> is it, and nothing else.
EPOCH = SOURCE_DATE_EPOCH
EPOCH_TEXT = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH))
#: Kinds of work whose own address (url) is the work itself: a book's site, a program's
#: repository, a data set's page, a web page.
OWN_ADDRESS_IS_THE_WORK = {"book", "mvbook", "inbook", "booklet", "phdthesis", "mastersthesis",
                           "thesis", "software", "dataset", "online", "www", "electronic", "misc",
                           "unpublished"}
#: Badges about a work, never the work itself: JSON-LD's sameAs must not name them.
NOT_THE_WORK = {"Code", "Blog", "Slides", "Video", "Poster", "Website", "Supplementary"}


def build(source: Path, out: Path) -> str:
    """A strict dirhtml build of ``source`` as the site's own build runs it; its warnings."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH),
           "PYTHONPATH": os.pathsep.join([str(REPO / "extensions"),
                                          os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-n", "--keep-going", "-W",
               str(source), str(out)]
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1500,
                             check=False)
    assert process.returncode == 0, process.stderr
    return process.stderr


def models(bib: Path, owner: Iterable[str]) -> dict[str, Display]:
    """The model of every entry, made as the build makes it."""
    loaded = load_bibliography(bib.read_text(encoding="utf-8"), NameMatcher.from_names(owner))
    return {key: display_of(record)
            for key, record in with_year_letters(loaded.entries).items()}


def text_of(node) -> str:
    return " ".join(node.get_text().split())


#: A PDF's ligatures ("ﬁ"), which its text extraction gives as one character.
LIGATURES = re.compile("[\ufb00-\ufb06]")


def same(text: str) -> str:
    """Text as compared: a PDF's ligatures read as their letters, spaces collapsed; nothing
    else folded (a quote or an ellipsis is the source's on every page and in every format)."""
    text = LIGATURES.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- reading an author line -----------------------------------------------------------------


def tail_of(model: Display) -> str:
    """What follows the names, from the model's facts alone (not from its rule): the owner's
    place, or his part, and what says the list is not whole."""
    owner, named = model.owner, len(model.authors)
    # A volume's editors, standing in the author list, say so after everything else.
    editors = ("" if model.record.people_role == "author" or not named
               else ", editors" if len(model.record.authors) > 1 else ", editor")
    return _tail_before_editors(model, owner, named) + editors


def _tail_before_editors(model: Display, owner: str, named: int) -> str:
    place = (model.position if model.role == "author" and model.owner_listed is None
             and model.position else None)
    if place is not None:
        total = model.total
        tail = (", \N{HORIZONTAL ELLIPSIS}" if place > named + 1 else "") + f", {owner}"
        if not named:
            tail = tail.removeprefix(", ")
        if total and total > place:
            tail += ", \N{HORIZONTAL ELLIPSIS}"
        return tail + (f" ({total} authors)" if total else " et al." if not model.complete
                       else "")
    tail = (" et al." if named else "et al.") if len(model.authors) < len(
        model.record.authors) else ""
    if model.role == "author" and model.owner_listed is None and owner:
        tail += f", including {owner}"
    elif model.role == "contributor":
        tail += f" \N{EM DASH} {owner} is a contributor"
    return tail


def marks_said(model: Display) -> str:
    """What the marks after the names mean, said in words, as the source marks them:
    "equal contribution: A and B; student author: C"."""
    marked: dict[str, list[str]] = {}
    for author in model.authors:
        if author.equal_contribution:
            marked.setdefault("equal contribution", []).append(author.name)
        for _symbol, meaning in author.marks:
            marked.setdefault(meaning, []).append(author.name)
    said = []
    for meaning, names in marked.items():
        joined = (", ".join(names[:-1]) + ", and " + names[-1] if len(names) > 2
                  else " and ".join(names))
        said.append(f"{meaning}: {joined}")
    return "; ".join(said)


def read_line(text: str, model: Display, *, whole: bool = False,
              marks: bool = True, in_words: bool = False) -> list[str]:
    """What is wrong with an author line as a form shows it: every name of the model, in
    order, shown or folded into "N more" (``whole``: shown), the owner never folded, then the
    owner's place or part and "et al." exactly as the facts say. A sentence's full stop may
    end the line (or be the last name's: "Guy L. Steele Jr."). A mark after a name where the
    form has a legend for it (``marks``), none where it has not (a machine's, a card's); a
    text read whole with no legend (``in_words``) says what the marks meant after the line:
    "(equal contribution: A and B)"."""
    text, problems = same(text), []
    names = [(author.name, author.name + ("*" if marks and author.equal_contribution else ""))
             for author in model.authors]
    position, index, shown = 0, 0, []
    while index < len(names):
        position += re.match(r"(?:,? and |, | )?", text[position:]).end()
        folded = re.match(r"(\d+) more", text[position:])
        if folded and not whole:
            index += int(folded.group(1))
            position += folded.end()
            continue
        name, written = names[index]
        if not text.startswith(same(written), position):
            return [f"expected {written!r} at {text[position:position + 40]!r} in {text!r}"]
        shown.append(name)
        position += len(same(written))
        index += 1
    if index != len(names):
        problems.append(f"{index} names folded or shown, {len(names)} published: {text!r}")
    listed = model.owner_listed
    if listed is not None and listed.name not in shown:
        problems.append(f"the owner is folded away: {text!r}")
    tail = tail_of(model)
    if in_words and marks_said(model):
        tail = f"{tail} ({marks_said(model)})"
    if same(text[position:]).removesuffix(".") != same(tail).removesuffix("."):
        problems.append(f"after the names {text[position:]!r}, not {tail!r}")
    return problems


# --- reading every form ---------------------------------------------------------------------


def unfolded(node) -> tuple[str, str]:
    """An HTML author line as shown (folded names as their summary) and unfolded."""
    shown, whole = BeautifulSoup(str(node), "lxml"), BeautifulSoup(str(node), "lxml")
    for details in shown.select("details.academic-more"):
        details.replace_with(details.summary.get_text())
    for details in whole.select("details.academic-more"):
        details.replace_with(details.select_one(":scope > .academic-more-names").get_text())
    return text_of(shown), text_of(whole)


def check_entry_html(node, model: Display, where: str, *, whole: bool) -> list[str]:
    """The author line and venue line of one entry of a list, or of a paper's page."""
    problems = []
    authors = node.select_one(".academic-authors")
    if authors is None:
        if model.authors or model.owner:
            problems.append(f"{where}: no author line")
    else:
        shown, unfolded_text = unfolded(authors)
        problems += [f"{where}: {p}" for p in read_line(shown, model, whole=whole)]
        problems += [f"{where} (unfolded): {p}" for p in read_line(unfolded_text, model,
                                                                  whole=True)]
        bold = [text_of(b) for b in authors.select("strong")]
        if model.owner and bold != [model.owner]:
            problems.append(f"{where}: the owner in bold is {bold}, not {model.owner!r}")
    venue = node.select_one(".academic-venue")
    if venue is None or same(text_of(venue)) != same(model.venue_line()):
        problems.append(f"{where}: venue {venue and text_of(venue)!r}, not "
                        f"{model.venue_line()!r}")
    return problems


def scholar_and_json_ld(soup: BeautifulSoup, model: Display, where: str) -> list[str]:
    problems = []
    tags = [(m["name"], m["content"]) for m in soup.select("meta[name^=citation_]")]
    authors = [value for name, value in tags if name == "citation_author"]
    # Scholar reads the tags as the whole byline: only a whole byline of authors is written
    # (a volume's editors are not its authors, and Scholar has no editor tag).
    editors = model.record.people_role == "editor"
    expected = [author.name for author in model.authors] if model.complete and not editors \
        else []
    if authors != expected:
        problems.append(f"{where}: citation_author {authors}, not {expected}")
    dates = [value for name, value in tags if name == "citation_publication_date"]
    # Scholar's two forms: the full date, or the year alone (never a year and month).
    full = model.iso_date("/") if model.day else str(model.year)
    if dates != ([full] if model.year else []):
        problems.append(f"{where}: citation_publication_date {dates}")
    (script,) = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    # A volume's editors are its "editor", as the source says; nobody is its "author".
    role, other = ("editor", "author") if editors else ("author", "editor")
    people = [agent["name"] for agent in data.get(role, [])]
    expected = [author.name for author in model.authors]
    if model.role == "author" and model.owner_listed is None:
        expected.append(model.owner)
    if people != expected or other in data:
        problems.append(f"{where}: JSON-LD {role} {people}, not {expected}; "
                        f"{other} {data.get(other)}")
    contributors = [agent["name"] for agent in data.get("contributor", [])]
    if contributors != ([model.owner] if model.role == "contributor" else []):
        problems.append(f"{where}: JSON-LD contributor {contributors}")
    if (not model.complete or (model.role == "author" and model.owner_listed is None)
            or marks_said(model)):
        # The names alone would read as the whole byline, and as no one's part: creditText
        # says what it is.
        problems += [f"{where}: creditText: {p}"
                     for p in read_line(data.get("creditText", ""), model, whole=True,
                                       marks=False, in_words=True)]
    if data.get("datePublished", "") != model.iso_date():
        problems.append(f"{where}: datePublished {data.get('datePublished')!r}")
    # The entry's own address (its url) is the work where its kind says so ("Code" for a
    # program's repository, "Website" for a book's site); the other badges are about it.
    own = {link.url for link in model.links if model.address and same_address(
        link.url, model.address)} if model.record.entry_type in OWN_ADDRESS_IS_THE_WORK else set()
    about = {link.url for link in model.links if link.label in NOT_THE_WORK} - own
    if about & set(data.get("sameAs", [])):
        problems.append(f"{where}: sameAs names what is not the work: {about}")
    return problems


def citation_text(soup: BeautifulSoup, model: Display, where: str) -> list[str]:
    """The plain-text citation a reader copies: the byline as published (every name, in
    order, "et al." where it is not whole), the title, the venue line."""
    text = same(soup.select_one("div.academic-copyable.wrap code").get_text())
    venue = f"{full_stop(same(model.record.title_text))} {full_stop(same(model.venue_line()))}"
    if venue not in text:
        return [f"{where}: citation {text!r} has not {venue!r}"]
    byline, position = text[:text.index(venue)].strip(), 0
    for author in model.authors:
        position += re.match(r"(?:,? and |, )?", byline[position:]).end()
        if not byline.startswith(same(author.name), position):
            return [f"{where}: citation byline {byline!r} has not {author.name!r} next"]
        position += len(same(author.name))
    # The sentence's full stop may be the last name's own ("Guy L. Steele Jr.").
    tail = ("" if model.complete else " et al." if model.authors else "et al.") + role_suffix(
        model.record)  # ", editors" for a volume's
    if byline[position:].removesuffix(".") != tail.removesuffix("."):
        return [f"{where}: citation byline ends {byline[position:]!r}, not {tail!r}"]
    return []


def social_text(soup: BeautifulSoup, model: Display, site: str, where: str) -> list[str]:
    """og:description: "Title — line. Venue, 2021."; the card's alt: "Title — line — short
    venue — site"."""
    problems = []
    title = same(model.record.title_text)
    description = same(soup.select_one('meta[property="og:description"]')["content"])
    venue = full_stop(f" {same(model.venue_line())}" if (model.authors or model.owner) else
                      same(model.venue_line()))
    if not description.startswith(f"{title} — ") or not description.endswith(venue):
        problems.append(f"{where}: og:description {description!r}")
    else:
        line = description[len(title) + 3:len(description) - len(venue)]
        problems += [f"{where}: og:description: {p}"
                     for p in read_line(line, model, marks=False)]
    alt_tag = soup.select_one('meta[property="og:image:alt"]')
    if alt_tag is None:
        return [*problems, f"{where}: no og:image:alt"]
    alt = same(alt_tag["content"])
    short = f" — {same(model.venue_line(short=True))} — {same(site)}"
    venue, between = model.venue_parts(short=True)
    # The alt says what the card draws: a venue too wide for it cut short, never its year.
    cut = re.search(rf" — ([^—]+){re.escape(same('…' + between + model.year_text))} — "
                    rf"{re.escape(same(site))}$", alt) if venue else None
    if cut and same(venue).startswith(cut.group(1)) and len(cut.group(1)) < len(same(venue)):
        short = alt[cut.start():]
    if not alt.startswith(f"{title} — ") or not alt.endswith(short):
        problems.append(f"{where}: og:image:alt {alt!r}, not ending {short!r}")
    elif model.authors or model.owner:
        problems += [f"{where}: og:image:alt: {p}"
                     for p in read_line(alt[len(title) + 3:len(alt) - len(short)], model,
                                       marks=False)]
    return problems


def feed_authors(model: Display) -> list[str]:
    """The Atom authors of an entry: the names given, and the owner where the source makes him
    an author beyond them. An entry with none is not in the feed: it would take the feed's."""
    expected = [author.name for author in model.authors]
    if model.role == "author" and model.owner_listed is None:
        expected.append(model.owner)
    return expected


def feed_entry(entry: ET.Element, model: Display, where: str) -> list[str]:
    problems = []
    authors = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]
    expected = feed_authors(model)
    if authors != expected:
        problems.append(f"{where}: Atom authors {authors}, not {expected}")
    contributors = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}contributor")]
    if contributors != ([model.owner] if model.role == "contributor" else []):
        problems.append(f"{where}: Atom contributors {contributors}")
    if entry.findtext(f"{ATOM}updated") != EPOCH_TEXT:
        problems.append(f"{where}: <updated> is not the sources' date")
    published = entry.findtext(f"{ATOM}published")
    if published != (f"{model.iso_date()}T00:00:00Z" if model.day else None):
        problems.append(f"{where}: <published> {published!r} for a date of {model.iso_date()!r}")
    summary = same(entry.findtext(f"{ATOM}summary") or "")
    venue = full_stop(same(model.venue_line()))
    at = summary.find(f" {venue}") if (model.authors or model.owner) else -1
    if at < 0 and (model.authors or model.owner):
        problems.append(f"{where}: Atom summary {summary!r} has not the venue {venue!r}")
    elif at >= 0:
        problems += [f"{where}: Atom summary: {p}"
                     for p in read_line(summary[:at], model, whole=True, marks=False,
                                        in_words=True)]
    return problems


def llms_line(text: str, model: Display, url: str, where: str) -> list[str]:
    # The text as written, its Markdown escapes ("\\[cs\\]", "Austin\\*") undone.
    text = re.sub(r"\\(.)", r"\1", text)
    title = model.record.title_text
    lines = [line for line in text.splitlines() if line.startswith(f"- [{title}]({url})")]
    if len(lines) != 1:
        return [f"{where}: {len(lines)} lines for the entry in llms.txt"]
    rest = lines[0][len(f"- [{title}]({url}): "):]
    venue, between = model.venue_parts()
    when = full_stop(f"*{venue}*{between}{model.year_text}" if venue else model.year_text)
    at = rest.find(when)
    if at < 0:
        return [f"{where}: llms.txt line {rest!r} has not {when!r}"]
    line = rest[:at].strip()
    if not (model.authors or model.owner):
        return [] if not line else [f"{where}: llms.txt names authors {line!r}"]
    return [f"{where}: llms.txt: {p}" for p in read_line(line, model, whole=True,
                                                          marks=False, in_words=True)]


def pdf_words(pdf: Path) -> str:
    """The PDF's text as compared. A line that breaks after a hyphen ("ICSE-" / "SEIP") is read
    as one word again: Typst breaks lines at hyphens only (the CV is not hyphenated)."""
    text = same(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def pdf_entry(text: str, model: Display, where: str) -> list[str]:
    """The entry in the PDF: its title, its author line, its venue line. Two entries may have
    one title: the entry is found if one of them reads right."""
    title = same(model.record.title_text)
    found = [at for at in range(len(text)) if text.startswith(f"{title} ", at)]
    if not found:
        return [f"{where}: the PDF has not the title {title!r}"]
    problems: list[list[str]] = []
    venue = full_stop(same(model.venue_line()))
    for at in found:
        rest = text[at + len(title):].lstrip()
        end = rest.find(venue)
        if end < 0:
            problems.append([f"{where}: the PDF has not the venue line {venue!r} after the "
                             "title"])
            continue
        line = rest[:end].strip()
        if not (model.authors or model.owner):
            problems.append([] if not line else [f"{where}: the PDF names authors {line!r}"])
        else:
            problems.append([f"{where}: PDF: {p}" for p in read_line(line, model)])
        if not problems[-1]:
            return []
    return problems[0]


def disagreements(out: Path, entries: dict[str, Display], site: str,
                  in_pdf: Set[str] | None = None) -> list[str]:
    """Every entry of a dirhtml build, in every form, against its model: what disagrees. The
    CV PDF lists the entries ``in_pdf`` (all by default: a site may choose a few for it), and
    no other."""
    problems: list[str] = []
    names = entry_names(entries)
    listing = BeautifulSoup((out / "publications" / "index.html").read_text(encoding="utf-8"),
                            "lxml")
    cv_page = BeautifulSoup((out / "cv" / "index.html").read_text(encoding="utf-8"), "lxml")
    # Each item by the paper page its title links to: two entries may have one title.
    cv_items = {li.select_one(".academic-title a")["href"].rstrip("/").rsplit("/", 1)[-1]: li
                for li in cv_page.select("li.academic-entry")}
    feed = {entry.findtext(f"{ATOM}id"): entry
            for entry in ET.parse(out / "publications.atom").getroot().iter(f"{ATOM}entry")}
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    (pdf,) = out.glob("*-cv.pdf")
    pdf_text = pdf_words(pdf)
    base = re.search(r"^- \[Atom feed\]\((\S+)publications\.atom\): ", llms,
                     re.MULTILINE).group(1)
    for key, model in entries.items():
        page_name = names[key].page
        where = f"{key}"
        item = listing.find(id=names[key].anchor)
        if item is None:
            problems.append(f"{where}: not on the list")
        else:
            problems += check_entry_html(item, model, f"{where} (list)", whole=False)
        paper = BeautifulSoup((out / "publications" / page_name / "index.html").read_text(
            encoding="utf-8"), "lxml")
        problems += check_entry_html(paper.select_one("section.academic-paper"), model,
                                     f"{where} (paper page)", whole=True)
        problems += scholar_and_json_ld(paper, model, f"{where} (paper page)")
        problems += social_text(paper, model, site, f"{where} (paper page)")
        problems += citation_text(paper, model, f"{where} (citation)")
        cv_item = cv_items.get(page_name)
        if cv_item is None:
            problems.append(f"{where}: not on the CV page")
        else:
            problems += check_entry_html(cv_item, model, f"{where} (CV page)", whole=False)
        url = f"{base}publications/{page_name}/"
        if not feed_authors(model):
            if url in feed:
                problems.append(f"{where}: in the feed, which names no author of it")
        elif url not in feed:
            problems.append(f"{where}: not in the feed")
        else:
            problems += feed_entry(feed[url], model, f"{where} (feed)")
        problems += llms_line(llms, model, url, f"{where} (llms.txt)")
        if in_pdf is None or key in in_pdf:
            problems += pdf_entry(pdf_text, model, f"{where} (PDF)")
        elif f"{same(model.record.title_text)} " in pdf_text:
            problems.append(f"{where}: in the PDF, which should not list it")
        if model.letter:
            # The letter is the citations': nothing else says "2021a". In llms.txt, the entry's
            # own line, addresses left out: another entry's address may hold the same characters
            # (a key such as "lovelace2022cards").
            letter = f"{model.year}{model.letter}"
            own_line = " ".join(re.sub(r"\]\([^)]*\)", "]", line) for line in llms.splitlines()
                                if line.startswith("- [") and f"]({url})" in line)
            for form, text in (("list", text_of(item) if item else ""),
                               ("paper page", text_of(paper.select_one("section"))),
                               ("llms.txt", own_line), ("PDF", pdf_text),
                               ("feed", ET.tostring(feed.get(url, ET.Element("x")),
                                                    encoding="unicode"))):
                if letter in text:
                    problems.append(f"{where} ({form}): says {letter!r}")
    return problems


# --- the root: one entry of each shape -------------------------------------------------------


@pytest.fixture(scope="module")
def root_build(tmp_path_factory) -> tuple[Path, dict[str, Display]]:
    source = tmp_path_factory.mktemp("one-truth") / "src"
    shutil.copytree(TESTS / "roots" / "test-one-truth", source)
    out = source / "_build"
    assert build(source, out) == ""
    return out, models(source / "refs.bib", ["Ada Example"])


def test_every_form_of_every_entry_agrees_with_its_model(root_build):
    out, entries = root_build
    assert disagreements(out, entries, "Ada Example") == []


def test_the_root_has_every_shape_of_entry(root_build):
    """The cross-format test sees each case: were one missing, it would pass without it."""
    _, entries = root_build
    roles = {key: (model.role, model.complete, model.total, model.position)
             for key, model in entries.items()}
    assert roles == {
        "example2021first": ("equal contribution", True, 6, 1),
        "example2021second": ("author", True, 3, 1),
        "big2023model": ("author", False, 20, 5),
        "many2023report": ("author", False, None, None),
        "team2023one": ("author", True, 1, None),
        "team2024two": ("contributor", True, 1, None),
        "cut2025three": ("contributor", False, None, None),
        "steps2021workshop": ("author", True, 3, 2),
        "dated2022day": ("author", True, 2, 2),
        "nobody2020notes": ("", True, 0, None),
        "report2019numbered": ("author", True, 2, 1),
        "chapter2018series": ("author", True, 1, 1),
        "example2017thesis": ("author", True, 1, 1),
        "among2022authors": ("author", False, None, None),
        "undated": ("author", True, 1, 1),
        "baddate2021": ("author", True, 1, 1),
        "longvenue2019": ("author", True, 1, 1),
        "quoted2018": ("author", True, 1, 1),
    }
    assert (entries["example2021first"].letter, entries["example2021second"].letter) == (
        "a", "b")
    assert entries["steps2021workshop"].event_year == 2022
    assert entries["dated2022day"].iso_date() == "2022-08-16"


def test_machines_are_told_what_the_source_says(root_build):
    """Each identifier as the source gives it, each tag what Scholar means by it, nothing the
    source does not say: a DOI written with LaTeX's escapes, an old arXiv identifier, a
    report's number and a series' number, a thesis's school, a byline that leaves out the
    owner, an undated entry, an entry that names nobody."""
    out, _ = root_build

    def head(key: str) -> tuple[list[tuple[str, str]], dict, BeautifulSoup]:
        soup = BeautifulSoup((out / "publications" / key / "index.html").read_text(
            encoding="utf-8"), "lxml")
        tags = [(meta["name"], meta["content"]) for meta in soup.select('meta[name^="citation_"]')]
        (script,) = soup.select('script[type="application/ld+json"]')
        return tags, json.loads(script.string), soup

    tags, data, soup = head("report2019numbered")
    assert ("citation_doi", "10.1000/ab_cd") in tags
    assert ("citation_technical_report_number", "TR-7") in tags
    assert not [tag for tag in tags if tag[0] == "citation_issue"]
    assert "https://doi.org/10.1000/ab_cd" in data["sameAs"]
    assert [a["href"] for a in soup.select(".academic-links a") if a.get_text() == "DOI"] == [
        "https://doi.org/10.1000/ab_cd"]
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Example Lab"}
    assert "isPartOf" not in data
    tags, data, _ = head("chapter2018series")
    assert ("citation_arxiv_id", "math.GT/0309136") in tags
    assert not [tag for tag in tags if tag[0] in ("citation_issue",
                                                  "citation_technical_report_number")]
    assert data["isPartOf"] == {"@type": "CreativeWork", "name": "Lectures on Examples"}
    _, data, _ = head("example2017thesis")
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Example University"}
    assert "isPartOf" not in data
    tags, data, _ = head("among2022authors")
    assert not [tag for tag in tags if tag[0] == "citation_author"]  # not the whole byline
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "is among the authors of (Chowdhery et al., 2022)." in " ".join(
        home.get_text().split())
    _, data, _ = head("nobody2020notes")
    assert "author" not in data
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    assert ("- [An Undated Page](https://example.org/ada/publications/undated/): Ada Example. "
            "*Crowd Supply*, n.d.\n") in llms
    assert not [path for path in out.rglob("*") if path.suffix in (".html", ".txt", ".atom")
                and "n.d.." in path.read_text(encoding="utf-8")]
    (pdf,) = out.glob("*-cv.pdf")
    assert "Crowd Supply, n.d. " in pdf_words(pdf) and "n.d.." not in pdf_words(pdf)
    # A day that does not exist is no day: the entry is dated February 2021.
    assert display_of(load_bibliography(
        (out.parent / "refs.bib").read_text(encoding="utf-8"), NameMatcher(())
    ).entries["baddate2021"]).iso_date() == "2021-02"
    assert not [path for path in out.rglob("*") if path.suffix in (".html", ".txt", ".atom",
                                                                    ".ris", ".json", ".bib")
                and re.search(r"2021.02.30", path.read_text(encoding="utf-8").replace(
                    "date = {2021-02-30}", ""))]


def test_the_rule_folds_long_lists():
    """The one rule, exactly: the first names, the owner kept, the rest as "N more"."""
    entries = models(TESTS / "roots" / "test-one-truth" / "refs.bib", ["Ada Example"])
    first = entries["example2021first"]
    assert first.author_text(4) == (
        "Ada Example*, Grace Lovelace*, Alan Turing, Grace Hopper, and 2 more")
    assert first.author_text(3) == "Ada Example*, Grace Lovelace*, Alan Turing, and 3 more"
    assert first.author_text(5) == first.author_text() == (
        "Ada Example*, Grace Lovelace*, Alan Turing, Grace Hopper, Barbara Liskov, and Donald "
        "Knuth")  # "1 more" would hide one name in the room of one
    many = entries["many2023report"]
    assert many.author_text(3) == "Ant, Bee, Cat, 2 more et al., including Ada Example"
    big = entries["big2023model"]
    assert big.author_text(2) == big.author_text() == (
        "Big, \N{HORIZONTAL ELLIPSIS}, Ada Example, \N{HORIZONTAL ELLIPSIS} (20 authors)")
    # The owner is kept past the first names; the last name alone is shown, as "and 1 more"
    # would take its room.
    ten = " and ".join(["One, Ann", "Two, Bo", "Three, Cy", "Four, Di", "Five, Ed", "Six, Flo",
                        "Seven, Gus", "Eight, Hal", "Example, Ada", "Ten, Jo"])
    owner = NameMatcher.from_names(["Ada Example"])
    late = display_of(load_bibliography(f"@misc{{late, author = {{{ten}}}, title = {{T}}}}",
                                        owner).entries["late"])
    assert late.author_text(4) == "Ann One, Bo Two, Cy Three, 5 more, Ada Example, and Jo Ten"
    second = ten.replace("Example, Ada", "Nine, Ivy").replace("Two, Bo", "Example, Ada")
    early = display_of(load_bibliography(
        f"@misc{{early, author = {{{second}}}, title = {{T}}}}", owner).entries["early"])
    assert early.author_text(4) == "Ann One, Ada Example, Cy Three, Di Four, and 6 more"
    day = entries["dated2022day"]
    assert day.author_text(1) == "Barbara Liskov and Ada Example"
    three = display_of(load_bibliography(
        "@misc{three, author = {Example, Ada and Two, Bo and Three, Cy}, title = {T}}",
        owner).entries["three"])
    assert three.author_text(1) == "Ada Example and 2 more"


def test_the_reader_finds_what_a_form_gets_wrong():
    """The reader is what makes the cross-format test able to fail: it sees a dropped owner,
    a name out of order, a count that does not add up, a role said otherwise."""
    entries = models(TESTS / "roots" / "test-one-truth" / "refs.bib", ["Ada Example"])
    first, big, two = entries["example2021first"], entries["big2023model"], entries["team2024two"]
    assert read_line(first.author_text(3), first) == []
    assert read_line(first.credit_text(3), first, marks=False) == []
    assert read_line(first.author_text(3), first, marks=False)  # a mark with no legend
    assert read_line("Grace Lovelace*, Ada Example*, Alan Turing, and 3 more", first)
    assert read_line("Ada Example*, Grace Lovelace*, Alan Turing, and 2 more", first)
    assert read_line("Ada Example*, Grace Lovelace*, Alan Turing, and 3 more", first,
                     whole=True)
    assert read_line("Chowdhery et al.", big)
    assert read_line("Big, \N{HORIZONTAL ELLIPSIS}, Ada Example, \N{HORIZONTAL ELLIPSIS} "
                     "(21 authors)", big)
    assert read_line("Example Team, Example Lab, including Ada Example", two)
    assert read_line("Example Team, Example Lab \N{EM DASH} Ada Example is a"
                     "\N{HORIZONTAL ELLIPSIS}", two)


def test_the_bibtex_a_reader_copies_keeps_the_day(root_build):
    """BibTeX has no field for a day: the source's date goes along, as BibLaTeX reads it."""
    out, _ = root_build
    bibtex = (out / "publications" / "dated2022day" / "dated2022day.bib").read_text("utf-8")
    assert "  year = {2022},\n  month = aug,\n  date = {2022-08-16},\n" in bibtex
    # A date that says another year or month than the entry's fields is not the entry's.
    assert "date =" not in clean_bibtex("article", "k", {"title": "T", "year": "2022",
                                                       "month": "mar", "date": "2021-08-16"}, {})
    other = (out / "publications" / "baddate2021" / "baddate2021.bib").read_text("utf-8")
    assert "month = feb,\n}" in other and "date =" not in other


def test_the_feed_states_no_day_the_source_does_not(root_build):
    out, entries = root_build
    feed = ET.parse(out / "publications.atom").getroot()
    assert feed.findtext(f"{ATOM}updated") == EPOCH_TEXT
    published = {entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}published")
                 for entry in feed.iter(f"{ATOM}entry")}
    assert {title: date for title, date in published.items() if date} == {
        "A Paper of a Known Day": "2022-08-16T00:00:00Z"}


def test_a_card_keeps_the_owners_part_whole(root_build):
    out, _ = root_build
    # A venue wider than the card is cut, never its year: the alt says what is drawn.
    long = BeautifulSoup((out / "publications" / "longvenue2019" / "index.html").read_text(
        encoding="utf-8"), "lxml").select_one('meta[property="og:image:alt"]')["content"]
    assert long.endswith("SIGPLAN-SIGACT\N{HORIZONTAL ELLIPSIS}, 2019 \N{EM DASH} Ada Example")
    page = BeautifulSoup((out / "publications" / "cut2025three" / "index.html").read_text(
        encoding="utf-8"), "lxml")
    alt = page.select_one('meta[property="og:image:alt"]')["content"]
    assert "Ada Example is a contributor \N{EM DASH} arXiv preprint, 2025" in alt
    assert "\N{HORIZONTAL ELLIPSIS}" not in alt
