"""The home page's hero, paper pages (summary, "Discussed on", citations to copy, neighbours),
card titles, the general index's entries and a quiet build."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from academic.site.paper_pages import citation_text
from academic.site.profile import ProfileLink, profile_links
from conftest import REPO, html_page, plain_warnings

BOOK = ("Book: How To Scale Your Model", "https://jax-ml.github.io/scaling-book/")


# --- the hero's links ------------------------------------------------------------------------


def test_profile_links_are_named_from_their_addresses():
    links = profile_links(["https://github.com/jacobaustin123",
                           "https://research.google/people/jacob-austin/",
                           "https://scholar.google.com/citations?user=x"], [BOOK])
    assert links == [
        ProfileLink("GitHub", "https://github.com/jacobaustin123", "mark-github"),
        ProfileLink("Google Research", "https://research.google/people/jacob-austin/", "beaker"),
        ProfileLink("Google Scholar", "https://scholar.google.com/citations?user=x",
                    "mortar-board"),
        ProfileLink("Book: How To Scale Your Model", "https://jax-ml.github.io/scaling-book/",
                    "book"),
    ]


def test_every_icon_is_an_octicon():
    from academic.site.profile import DEFAULT_ICON, ICON_OF_PREFIX, KNOWN_SITES
    from sphinx_design.icons import list_octicons

    used = {icon for _, _, icon in KNOWN_SITES} | set(ICON_OF_PREFIX.values()) | {DEFAULT_ICON}
    assert used <= set(list_octicons())


def test_profile_links_need_a_name_for_an_unknown_site_and_an_http_address():
    with pytest.raises(ValueError) as error:
        profile_links(["https://example.org/me"], [])
    assert str(error.value) == (
        "'https://example.org/me' is not a site the extension knows by name; give it one, as "
        "('Blog', 'https://example.org/me') in academic_links")
    with pytest.raises(ValueError) as error:
        profile_links([], [("Mail", "mailto:someone@example.org")])
    assert str(error.value) == ("'mailto:someone@example.org' is not an http(s) address; write "
                                "it in full, as https://…")
    # The URL policy's reason, as for any other address the site writes.
    with pytest.raises(ValueError) as error:
        profile_links([], [("Lab", "https://[")])
    assert str(error.value) == ("'https://[' is not a well-formed address (Invalid IPv6 URL); "
                                "correct it")


@pytest.mark.sphinx("html", testroot="pages")
def test_the_hero_has_the_line_and_the_profile_links(shared_built):
    home = html_page(shared_built.outdir)
    hero = home.select_one(".academic-profile")
    assert hero.select_one(".academic-profile-text > p").get_text() == (
        "Works on large language models.")
    links = hero.select("ul.academic-profile-links a.academic-profile-link")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("GitHub", "https://github.com/jacobaustin123"),
        ("Google Research", "https://research.google/people/jacob-austin/"),
        BOOK,
    ]
    # Each icon is inline SVG, hidden from screen readers: the name beside it is read.
    for link in links:
        svg = link.find("svg")
        assert svg is not None and svg["aria-hidden"] == "true"
    # No portrait configured: none shown.
    assert hero.select_one("img") is None


@pytest.mark.sphinx("html", testroot="pages",
                    confoverrides={"academic_links": ["https://example.org/blog"]})
def test_an_unnamed_address_of_an_unknown_site_is_a_warning(shared_app):
    # Given with -D (the test's overrides): conf.py's line holds another value, so the warning
    # is at the page that shows the links (the next test: a value of conf.py's own).
    page = Path(shared_app.srcdir) / "index.md"
    assert plain_warnings(shared_app).strip().endswith(
        f"{page}:3: WARNING: profile links: 'https://example.org/blog' is not a site the "
        "extension knows by name; give it one, as ('Blog', 'https://example.org/blog') in "
        "academic_links [academic.profile]")


def test_conf_py_s_unnamed_address_is_a_warning_at_its_line(make_app, tmp_path):
    """At the line of conf.py that sets academic_links, where it is fixed; not at the page."""
    source = tmp_path / "pages"
    shutil.copytree(REPO / "tests" / "roots" / "test-pages", source)
    conf = source / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines()
    lines[9] = 'academic_links = ["https://example.org/blog"]'
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = make_app("html", srcdir=source)
    app.build()
    assert plain_warnings(app).strip().endswith(
        f"{conf}:10: WARNING: profile links: 'https://example.org/blog' is not a site the "
        "extension knows by name; give it one, as ('Blog', 'https://example.org/blog') in "
        "academic_links [academic.profile]")


@pytest.mark.sphinx("html", testroot="pages", confoverrides={"academic_portrait": "me.jpg"})
def test_a_portrait_needs_its_alt_text(shared_app):
    assert "index.md:3: WARNING: academic_portrait needs academic_portrait_alt: describe the " \
           "portrait for readers who cannot see it [academic.profile]" in plain_warnings(shared_app)


# --- paper pages -----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="pages")
def test_a_paper_page_has_its_summary_abstract_and_the_pages_that_cite_it(shared_built):
    page = html_page(shared_built.outdir, "publications/austin2021structured.html")
    paper = page.select_one("section.academic-paper")
    assert paper.select_one("p.academic-summary").get_text() == (
        "Introduces a kind of diffusion model for discrete data.")
    assert paper.select_one("p.academic-note").get_text() == "* Equal contribution."
    assert paper.select_one("#abstract p").get_text() == (
        "Denoising diffusion models for discrete state spaces.")
    discussed = paper.select("#discussed-on li a")
    assert [(a.get_text(), a["href"]) for a in discussed] == [("Research", "../research.html")]


@pytest.mark.sphinx("html", testroot="pages")
def test_a_paper_without_summary_citations_or_equal_contribution_shows_none(shared_built):
    paper = html_page(shared_built.outdir, "publications/odena2020older.html").select_one(
        "section.academic-paper")
    assert paper.select("p.academic-summary, p.academic-note, #abstract, #discussed-on") == []


@pytest.mark.sphinx("html", testroot="pages")
def test_a_paper_page_shows_a_citation_and_the_bibtex_to_copy(shared_built):
    paper = html_page(shared_built.outdir, "publications/austin2021structured.html")
    blocks = paper.select("#cite div.academic-copyable")
    # RIS and CSL-JSON follow, closed (tests/test_exports.py).
    assert [block["data-copy-label"] for block in blocks] == [
        "Copy the citation", "Copy the BibTeX", "Copy the RIS", "Copy the CSL-JSON"]
    assert blocks[0].get_text() == (
        "Jacob Austin, Daniel D. Johnson, and Jonathan Ho. Structured Denoising Diffusion "
        "Models in Discrete State-Spaces. NeurIPS 2021, 2021. https://doi.org/10.1000/example")
    assert blocks[1].get_text().startswith("@inproceedings{austin2021structured,")
    # The buttons are added by the page's copy script (no button that cannot work without it).
    assert any(".academic-copyable" in (script.string or "")
               for script in paper.find_all("script"))


def test_a_citation_with_others_ends_with_et_al():
    from academic.bib.people import NameMatcher
    from academic.bib.records import load_bibliography

    source = (REPO / "tests" / "roots" / "test-pages" / "refs.bib").read_text()
    entries = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"])).entries
    assert citation_text(entries["odena2020older"]) == (
        "Augustus Odena, Jacob Austin et al. An Older Paper. 2020.")
    assert citation_text(entries["austin2022newer"]) == (
        "Jacob Austin and Augustus Odena. A Newer Paper. 2022.")
    # A title that ends as a sentence takes no full stop after it.
    asked = load_bibliography("@misc{q, title = {Is It Complete?}, author = {Austin, Jacob},\n"
                              "  howpublished = {A Venue}, year = {2020}}",
                              NameMatcher.from_names(["Jacob Austin"])).entries["q"]
    assert citation_text(asked) == "Jacob Austin. Is It Complete? A Venue, 2020."


@pytest.mark.sphinx("html", testroot="pages")
def test_paper_pages_link_their_neighbours_and_mark_publications_current(shared_built):
    def neighbours(key: str) -> tuple[str | None, str | None]:
        page = html_page(shared_built.outdir, f"publications/{key}.html")
        previous, following = page.select_one("a.prev-page"), page.select_one("a.next-page")
        return (previous["href"] if previous else None,
                following["href"] if following else None)

    # The list's order: newest first.
    assert neighbours("austin2022newer") == (None, "austin2021structured.html")
    assert neighbours("austin2021structured") == ("austin2022newer.html",
                                                  "odena2020older.html")
    assert neighbours("odena2020older") == ("austin2021structured.html", None)
    page = html_page(shared_built.outdir, "publications/odena2020older.html")
    current = page.select(".sidebar-tree li.current > a")
    assert [a.get_text() for a in current] == ["Publications"]


@pytest.mark.sphinx("html", testroot="pages")
def test_a_new_citation_rewrites_the_paper_page(app):
    app.build()
    research = Path(app.srcdir) / "research.md"
    research.write_text(research.read_text() + "\nAnd an older one {cite:p}`odena2020older`.\n")
    app.cleanup()
    again = type(app)(srcdir=app.srcdir, buildername="html", warning=io.StringIO())
    again.build()
    page = html_page(again.outdir, "publications/odena2020older.html")
    assert [a.get_text() for a in page.select("#discussed-on li a")] == ["Research"]
    # Its neighbours' pages did not change, and kept their citing pages.
    page = html_page(again.outdir, "publications/austin2021structured.html")
    assert [a.get_text() for a in page.select("#discussed-on li a")] == ["Research"]


@pytest.mark.sphinx("html", testroot="pages")
def test_a_template_newer_than_a_paper_page_writes_it_again(app):
    """As Sphinx writes a page again whose template changed since: a paper page too."""
    app.build()
    stale = Path(app.outdir) / "publications/odena2020older.html"
    kept = Path(app.outdir) / "publications/austin2021structured.html"
    os.utime(stale, (0, 0))  # written before any template's last change
    written = kept.stat().st_mtime_ns
    app.cleanup()
    again = type(app)(srcdir=app.srcdir, buildername="html", warning=io.StringIO())
    again.build()
    assert stale.stat().st_mtime > 0
    assert kept.stat().st_mtime_ns == written


# --- project cards ---------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="cards")
def test_a_card_title_links_to_the_project(shared_built):
    page = html_page(shared_built.outdir)
    for card in page.select("article.academic-card"):
        title = card.select_one(".academic-card-title")
        badges = {a.get_text(): a["href"] for a in card.select(".academic-card-links a")}
        link = title.find("a")
        main = badges.get("Website") or badges.get("Code")
        assert (link["href"] if link else None) == main, title.get_text()
        if not badges:  # no empty row of links
            assert card.select_one(".academic-card-links") is None


# --- the general index -----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="publications")
def test_years_and_venues_are_not_index_symbols(shared_built):
    genindex = html_page(shared_built.outdir, "genindex.html")
    letters = [h.get_text() for h in genindex.select("h2")]
    assert "Symbols" not in letters
    text = genindex.get_text(" ")
    assert "Publications, 2021" in text
    assert "ICSE-SEIP 2024" in text  # the venue, its name first


# --- a quiet build ---------------------------------------------------------------------------


def test_the_build_prints_progress_and_its_result_only(tmp_path):
    """No matplotlib notice, myst configuration or "configuration has changed" (second build)."""
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-d", str(tmp_path / "d"),
               str(REPO / "docs"), str(tmp_path / "html")]
    for _ in range(2):
        output = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
        assert output.stderr == ""
        for noise in ("matplotlib", "MdParserConfig", "configuration has changed",
                      "Writing evaluated template"):
            assert noise not in output.stdout
    assert "build succeeded" in output.stdout


@pytest.mark.sphinx("html", testroot="pages")
def test_a_message_is_one_piece_of_code(shared_built):
    """The `message` role: the text as written, escaped, in one <code> element, where Sphinx
    writes inline code a <span> per word (a table of messages was 850 of them)."""
    code, rst = html_page(shared_built.outdir, "research.html").select("p > code.literal")
    assert code.get_text() == "@misc{x}: url 'a<b>&c' is not an http(s) address"
    assert code.find(True) is None  # no element inside: no span per word
    assert "'a&lt;b&gt;&amp;c'" in str(code)
    # reStructuredText's backslash is kept, as docutils' literal role keeps it.
    assert rst.get_text() == "title has LaTeX (\\foo)"
    assert rst.find(True) is None


# --- the files written into every page ------------------------------------------------------


def test_a_file_written_into_the_pages_is_read_again_once_it_changes(make_app, rootdir, tmp_path):
    """Every page writes in the same few files, each read once a build
    (builder.assets.once_per_build), not once a page. A second build in the same process (as in
    a long-lived process), whose documentation_options.js says another release of the same
    length, writes that one into its pages."""
    srcdir = tmp_path / "pages"
    shutil.copytree(rootdir / "test-pages", srcdir)
    for version in ("1.0", "2.0"):
        app = make_app("html", srcdir=srcdir, confoverrides={"release": version})
        app.build()
        assert f"VERSION: '{version}'" in (app.outdir / "index.html").read_text(encoding="utf-8")
