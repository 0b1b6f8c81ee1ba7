"""The project-card directive, built as real Sphinx projects."""

from __future__ import annotations

import io
import os
import re
import shutil
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, html_page, load_searchindex, plain_warnings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp


def soup(app, page: str = "index.html") -> BeautifulSoup:
    return html_page(app.outdir, page)


@pytest.mark.sphinx("html", testroot="cards")
def test_card_renders_every_option(shared_app):
    assert plain_warnings(shared_app) == ""
    card = soup(shared_app).select_one("article#project-titan")
    assert card["aria-labelledby"] == "project-titan-title"
    assert card.select_one("h2#project-titan-title").get_text() == "Titan"
    assert card.select_one(".academic-card-meta").get_text() == "Author · 2018–2020"
    assert card.select_one(".academic-card-body strong").get_text() == "GPU"
    assert [li.get_text(strip=True) for li in card.select("ul.academic-card-tags li")] == [
        "CUDA", "C++"]
    links = {a.get_text(): a["href"] for a in card.select(".academic-card-links a")}
    assert links == {
        "Code": "https://github.com/jacobaustin123/Titan",
        "Docs": "https://titan.readthedocs.io/",
    }
    # No publications list and no paper pages in this project: the paper is named, not linked.
    assert "Paper (Austin and Lipson, 2020)" in card.select_one(".academic-card-links").get_text()
    image = card.select_one("img")
    assert (image["alt"], image["width"], image["height"], image["loading"]) == (
        "A simulated soft robot", "40", "20", "lazy")
    assert (Path(shared_app.outdir) / image["src"]).is_file()
    # No interactive element inside another one: each link is reachable on its own.
    assert not card.select("a a, a button, button a")


@pytest.mark.sphinx("html", testroot="cards")
def test_cards_are_grouped_into_grids_and_escaped(shared_app):
    page = soup(shared_app)
    grids = page.select("div.academic-cards")
    assert [len(g.select("article.academic-card")) for g in grids] == [2, 1]
    hostile = grids[0].select("article")[1]
    assert hostile.select_one("h2").get_text() == "<script>alert(1)</script>"
    assert not page.select("article script, article b")
    assert hostile.select_one("a")["href"] == 'https://example.org/?a=1&b="2"'
    assert hostile.select_one("ul.academic-card-tags li").get_text(strip=True) == "<b>bold</b>"


@pytest.mark.sphinx("html", testroot="cards")
def test_cards_feed_the_general_index_and_search(shared_app):
    genindex = soup(shared_app, "genindex.html")
    entries = {a.get_text(strip=True): a["href"] for a in genindex.select("a")}
    assert entries["Titan (project)"] == "index.html#project-titan"
    assert "CUDA" in genindex.get_text() and "OCaml" in genindex.get_text()
    searchindex = load_searchindex(shared_app.outdir)
    assert "physic" in searchindex["terms"]  # the card's summary is searchable
    objects = [row[-1] for rows in searchindex["objects"].values() for row in rows]
    assert "Titan" in objects and "Coral" in objects


@pytest.mark.sphinx("html", testroot="card-errors")
def test_every_bad_card_option_is_reported(shared_app):
    warnings = plain_warnings(shared_app)
    expected = [
        (3, "missing project name; write ```{project-card} Name"),
        (7, "unknown option :colour: in 'Unknown option'; use one of :image:, :alt:, :tags:, "
            ":role:, :years:, :repo:, :link:, :docs:, :paper:, :no-index:"),
        (11, "empty tag in :tags: of 'Empty tag'; separate tags with single commas"),
        (15, ":link: 'javascript:alert(1)' in 'Script link' is not an http(s) address"),
        (19, ":docs: 'data:text/html;base64,PHNjcmlwdD4=' in 'Data link' is not an http(s) "
             "address"),
        (23, ":link: 'java\\tscript:alert(1)' in 'Hidden scheme' is not an http(s) address"),
        (27, "unknown BibTeX key 'nosuchkey' in :paper: of 'Unknown paper'; add it to the "
             "BibTeX file, fix the spelling, or remove the option"),
        (31, ":image: file '_static/missing.png' not found"),
        (36, ":image: needs :alt: text in 'Missing alt'; describe the image for readers who "
             "cannot see it"),
        (40, "unknown :role: 'boss' in 'Bad role'; use one of author, co-author, contributor, "
             "maintainer"),
        (44, ":alt: without :image: in 'Alt alone'; add the image or drop :alt:"),
        (48, ":tags: of 'Many tags' has 51 tags, more than 50: keep those that say what the "
             "project is (the first 50 are shown)"),
        (52, ":paper: of 'Many papers' names 51 papers, more than 50: keep those the project "
             "is about (the first 50 are shown)"),
    ]
    for line, message in expected:
        assert f"index.md:{line}: WARNING: project-card: {message}" in warnings, (line, warnings)
        assert warnings.count(f"index.md:{line}: WARNING") == 1
    assert warnings.count("[academic.card]") == len(expected)
    page = soup(shared_app)
    # No rejected link made it into the page in any form.
    assert all(a["href"].startswith(("https:", "#", "_", "genindex", "search", "index"))
               for a in page.select("a[href]"))
    assert "javascript:" not in page.decode() and "data:text" not in page.decode()
    # Each tag costs a list item and an index entry: 125,000 took 82 seconds to build.
    tags = page.select("article#project-many-tags .academic-card-tags li")
    assert [tag.get_text() for tag in tags] == [f"t{n}" for n in range(1, 51)]
    # A paper named again is one badge.
    links = page.select_one("article#project-many-papers .academic-card-links")
    assert links.get_text(strip=True) == "Paper (Austin and Lipson, 2020)"


@pytest.mark.sphinx("html", testroot="card-errors",
                    confoverrides={"suppress_warnings": ["academic.card"]})
def test_card_warnings_can_be_suppressed(shared_app):
    assert plain_warnings(shared_app) == ""


def build_html(srcdir: Path, outdir: Path, parallel: int) -> dict[str, str]:
    """The root's pages, built in a process of its own: a parallel build forks, and a fork of
    this process, whose threads (a browser's driver, a test server) may hold locks, can hang."""
    path = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(parallel),
                    str(srcdir), str(outdir)], check=True, env={**os.environ, "PYTHONPATH": path})
    return {
        page.relative_to(outdir).as_posix(): page.read_text(encoding="utf-8")
        for page in outdir.rglob("*.html")
    }


@pytest.mark.parametrize("root", [
    pytest.param(root, marks=pytest.mark.sphinx("html", testroot=root)) for root in
    ("cards", "publications")])
def test_parallel_build_matches_serial(shared_built, tmp_path, rootdir, root):
    """A parallel build (two processes) writes what the serial build that the other tests of
    the root read (shared) wrote, page for page."""
    serial = {page.relative_to(shared_built.outdir).as_posix(): page.read_text(encoding="utf-8")
              for page in Path(shared_built.outdir).rglob("*.html")}
    shutil.copytree(rootdir / f"test-{root}", tmp_path / "src")
    parallel = build_html(tmp_path / "src", tmp_path / "out", 2)
    assert serial.keys() == parallel.keys()
    for page in serial:
        assert serial[page] == parallel[page], page


def test_editing_a_card_updates_it_incrementally(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-cards", src)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    app.build()
    app.cleanup()
    page = src / "index.md"
    time.sleep(0.01)
    page.write_text(page.read_text().replace("A **GPU** physics library.", "Now on TPUs."))
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out")
    app.build()
    app.cleanup()
    card = soup(app).select_one("article#project-titan")
    assert card.select_one(".academic-card-body").get_text(strip=True) == "Now on TPUs."


def test_cards_of_one_name_are_numbered(tmp_path):
    """Each anchor was the last one with "-1" added: 3,000 cards of one name took seven
    seconds to read, and their ids made the page 28 MB."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "academic"]\n'
                                 'academic_paper_pages_dir = ""\n')
    (src / "refs.bib").write_text("")
    names = ["Kit", "Kit", "Kit 2", "Kit", "Kit"]
    (src / "index.md").write_text("# Page\n\n" + "".join(
        f"```{{project-card}} {name}\nSummary.\n```\n\n" for name in names))
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    assert [card["id"] for card in soup(app).select("article.academic-card")] == [
        "project-kit", "project-kit-2", "project-kit-2-2", "project-kit-3", "project-kit-4"]


# --- property-based: any card either renders exactly or is reported at its line --------------

option_text = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " <>\"'&;:/.,-_()#%\\é"),
    min_size=0, max_size=30,
).map(str.strip)


card_strategy = st.tuples(option_text, st.dictionaries(
    st.sampled_from(["tags", "role", "years", "repo", "link", "docs", "paper", "alt", "colour"]),
    option_text, max_size=4))


# Many cards to a build: a build of one page costs far more than a card, and each card is
# checked at its own lines, so that one build checks as many cards as 25 builds of one did.
@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cards=st.lists(card_strategy, min_size=1, max_size=12))
def test_any_card_renders_or_names_its_problem(tmp_path_factory, cards):
    src = tmp_path_factory.mktemp("card")
    (src / "conf.py").write_text('extensions = ["myst_parser", "academic"]\n'
                                 'academic_paper_pages_dir = ""\n')
    (src / "refs.bib").write_text("")
    text = ["# Page", ""]
    directives = []  # each card's directive line, and the lines of its options
    for name, options in cards:
        lines = [f":{key}: {value}" for key, value in options.items() if value]
        directives.append((len(text) + 1, range(len(text) + 2, len(text) + 2 + len(lines))))
        text += [f"```{{project-card}} {name}", *lines, "", "Summary.", "```", ""]
    (src / "index.md").write_text("\n".join(text))
    warning = io.StringIO()
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build", warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())  # a stream, not an app
    assert "Traceback" not in warnings
    page = soup(app)
    # A card with a name is shown, its name exactly as written, whatever its options; a bad
    # option is left out and reported: as a card problem at the directive's line, or by
    # MyST at an option's line when it cannot read the options as YAML (":role: >" and
    # ":tags: >0" are YAML's block scalars, "#" begins a comment).
    shown = [c.select_one("h2").get_text() for c in page.select("article.academic-card")]
    assert shown == [name for name, _options in cards if name]
    card_lines = {line for line, _options in directives}
    option_lines = {line for _directive, options in directives for line in options}
    for line in warnings.splitlines():
        card = re.fullmatch(r".*index\.md:(\d+): WARNING: project-card: .+ \[academic\.card\]",
                            line)
        option = re.fullmatch(
            r".*index\.md:(\d+): WARNING: 'project-card': (Invalid (option value for '\w+'|"
            r"options format): .+ \[myst\.directive_option\]|Directive options has # "
            r"comments, .+ \[myst\.directive_comments\])", line)
        assert (card and int(card[1]) in card_lines) or (
            option and int(option[1]) in option_lines), warnings
    for (name, _options), (line, _lines) in zip(cards, directives, strict=True):
        if not name:
            assert f"index.md:{line}: WARNING: project-card: missing project name" in warnings


def test_a_card_s_paper_added_to_the_bibtex_file_is_shown_at_once(make_app, tmp_path):
    """A live preview goes on past an unknown :paper: key: once the key is in the BibTeX file
    (a typo fixed, a broken entry mended), the card shows the paper, as a clean build does."""
    source = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-card-errors", source)
    make_app("html", srcdir=source).build()
    bib = source / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{nosuchkey,\n  title = {Found},\n"
                   "  author = {Example, Ada},\n  year = {2021},\n}\n", encoding="utf-8")
    again = make_app("html", srcdir=source)
    again.build()
    card = next(card for card in soup(again).select("article.academic-card")
                if "Unknown paper" in card.get_text())
    assert "Paper (Example, 2021)" in card.get_text(" ", strip=True)
    assert "nosuchkey" not in plain_warnings(again)
