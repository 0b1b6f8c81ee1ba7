"""The publications directive, per-paper pages and citations, built as real Sphinx projects."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.publications.domain import moved_keys
from academic.publications.listing import index_entries, list_anchors
from academic.publications.summaries import entry_summary
from bs4 import BeautifulSoup
from conftest import html_page
from docutils import nodes
from hypothesis import given
from hypothesis import strategies as st
from sphinx import addnodes


def soup(app, page: str) -> BeautifulSoup:
    return html_page(app.outdir, page)


@pytest.mark.sphinx("html", testroot="publications")
def test_full_list_groups_by_year_newest_first(shared_built):
    page = soup(shared_built, "publications/index.html")
    years = [h.get_text(strip=True).rstrip("#¶") for h in page.select("section.academic-year > h2")]
    assert years == ["2024", "2023", "2021", "2018"]
    for section in page.select("section.academic-year"):
        assert section.select_one("ol.academic-publications > li.academic-entry")
    keys = [li["id"] for li in page.select("li.academic-entry")]
    assert keys == ["frommgen2024resolving", "gemini2023gemini", "austin2021program",
                    "austin2018titan"]


@pytest.mark.sphinx("html", testroot="publications")
def test_entry_content(shared_built):
    page = soup(shared_built, "publications/index.html")
    entry = page.select_one("li#frommgen2024resolving")
    title = entry.select_one(".academic-title")
    # LaTeX decoded: \emph is emphasis, -- an en dash, \% a percent sign, braces gone.
    assert title.get_text() == "Resolving Code Review Comments – 100% ML"
    assert title.select_one("em").get_text() == "Code Review"
    authors = entry.select_one(".academic-authors")
    assert authors.get_text() == "Alexander Frömmgen, J. Austin, and Peter Choy"
    assert [s.get_text() for s in authors.select("strong")] == ["J. Austin"]
    assert entry.select_one(".academic-venue").get_text() == "ICSE-SEIP 2024, 2024"
    badges = {a.get_text(): a["href"] for a in entry.select("a.academic-badge")}
    assert badges == {"DOI": "https://doi.org/10.1145/3639477.3639746"}
    bibtex = entry.select_one("details.academic-bibtex pre code").get_text()
    assert bibtex.startswith("@inproceedings{frommgen2024resolving,\n  title = {Resolving")
    assert "keywords" not in bibtex  # the site's own fields are not part of the citation
    # The copy button's script is on this page (inlined), and no script has an attribute that
    # HTML lacks.
    scripts = page.find_all("script")
    assert any("navigator.clipboard" in (s.string or "") for s in scripts)
    assert all("loading_method" not in s.attrs for s in scripts)


@pytest.mark.sphinx("html", testroot="publications")
def test_owner_and_equal_contribution(shared_built):
    entry = soup(shared_built, "publications/index.html").select_one("li#austin2021program")
    assert [s.get_text() for s in entry.select(".academic-authors strong")] == ["Jacob Austin"]
    marks = entry.select("abbr[title='equal contribution']")
    assert len(marks) == 2
    badges = {a.get_text(): a["href"] for a in entry.select("a.academic-badge")}
    assert badges == {"arXiv": "https://arxiv.org/abs/2108.07732"}


@pytest.mark.sphinx("html", testroot="publications")
def test_filters_and_compact_list(shared_built):
    home = soup(shared_built, "index.html")
    compact = home.select("ol.academic-publications.compact > li")
    assert [li.select_one(".academic-title").get_text() for li in compact] == [
        "Resolving Code Review Comments – 100% ML", "Program Synthesis with Large Language Models"]
    assert not home.select("ol.compact details")  # no BibTeX in the compact form
    other = soup(shared_built, "other.html")
    titles = [t.get_text() for t in other.select(".academic-title")]
    assert titles == ["Gemini: A Family of Highly Capable Multimodal Models"]


@pytest.mark.sphinx("html", testroot="publications")
def test_citations_link_to_the_list(shared_built):
    home = soup(shared_built, "index.html")
    cites = home.select("span.bibtex-citation")
    assert [c.get_text() for c in cites] == [
        "Austin et al. (2021)", "(Frömmgen et al., 2024; Gemini Team, Google, 2023)"]
    links = [a["href"] for c in cites for a in c.select("a")]
    assert links == ["publications/index.html#austin2021program",
                     "publications/index.html#frommgen2024resolving",
                     "publications/index.html#gemini2023gemini"]
    # sphinxcontrib-bibtex's tooltip: the full reference, in the site's style.
    assert cites[0].select_one("a")["title"] == (
        "Program Synthesis with Large Language Models. Jacob Austin*, Augustus Odena*, and "
        "Maxwell Nye. arXiv preprint, 2021. arXiv")


@pytest.mark.sphinx("html", testroot="publications")
def test_paper_pages(shared_built):
    page = soup(shared_built, "publications/austin2021program.html")
    assert page.select_one("h1").get_text(strip=True).rstrip("#¶") == (
        "Program Synthesis with Large Language Models")
    meta = [(m["name"], m["content"]) for m in page.select("meta[name^=citation_]")]
    assert meta == [
        ("citation_title", "Program Synthesis with Large Language Models"),
        ("citation_author", "Jacob Austin"),
        ("citation_author", "Augustus Odena"),
        ("citation_author", "Maxwell Nye"),
        ("citation_publication_date", "2021"),  # Scholar's forms: a full date, or a year
        ("citation_pdf_url", "https://arxiv.org/pdf/2108.07732"),
        ("citation_arxiv_id", "2108.07732"),
    ]
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "ScholarlyArticle"
    assert [a["name"] for a in data["author"]] == ["Jacob Austin", "Augustus Odena", "Maxwell Nye"]
    # As refs.bib writes it (LaTeX's ' is a closing quote), as every other output gives it:
    # not Sphinx's smart quotes.
    assert page.select_one("#abstract p").get_text() == (
        'We evaluate large language models’ skill at "program synthesis".')
    # Per-paper pages are off the navigation tree: the sidebar does not grow with the list.
    index = soup(shared_built, "index.html")
    assert not [a for a in index.select(".sidebar-tree a") if "austin2021program" in a["href"]]
    # The list's titles lead to them.
    listing = soup(shared_built, "publications/index.html")
    assert listing.select_one("li#austin2021program .academic-title a")["href"] == (
        "austin2021program.html")


@pytest.mark.sphinx("html", testroot="publications")
def test_index_entries(shared_built):
    """Each paper under its title (the main entry, in bold), its year and its venue."""
    entries = {}  # entry → [(text, link, main)] of its links, or of its subentries' links
    for item in soup(shared_built, "genindex.html").select("table.indextable td > ul > li"):
        sub = item.find("ul")
        links = (sub or item).select("a")
        if sub:
            sub.extract()
        entries[item.get_text(" ", strip=True)] = [
            (a.get_text(strip=True), a["href"], a.strong is not None) for a in links]
    program = ("Program Synthesis with Large Language Models",
               "publications/index.html#austin2021program")
    assert entries[program[0]] == [(*program, True)]
    assert entries["Publications, 2021"] == [(*program, False)]
    assert entries["arXiv preprint"] == [(*program, False)]
    assert entries["ICSE-SEIP 2024"] == [("Resolving Code Review Comments – 100% ML",
                                          "publications/index.html#frommgen2024resolving", False)]


def test_a_journal_is_indexed_by_its_name_not_its_volume():
    """Its volume and issue gave each of a journal's papers an index entry of its own
    ("Journal of Machine Learning Research 24(240)")."""
    source = ("@article{p, title = {PaLM}, author = {Chowdhery, Aakanksha}, year = {2023},\n"
              "  journal = {Journal of Machine Learning Research}, volume = {24},"
              " number = {240}}\n")
    record = load_bibliography(source, NameMatcher(())).entries["p"]
    assert record.venue_text == "Journal of Machine Learning Research 24(240)"  # as shown
    assert ("single", "Journal of Machine Learning Research; PaLM", "p", "", None) in (
        index_entries(record, "p"))


def test_a_list_anchors_an_entry_apart_from_the_pages_ids_and_its_other_entries():
    # The page's ids keep theirs ("b" and "b-", a section and an earlier list's entry); an
    # entry whose anchor an earlier entry of the list has gets another too.
    assert list_anchors({"a": "a", "b": "b", "c": "a"}, taken={"b", "b-"}) == {
        "a": "a", "b": "b--", "c": "a-"}


class CountedAnchor(str):
    """An anchor counting how often one is compared with another."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountedAnchor.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_a_list_anchors_its_entries_in_work_linear_in_its_length():
    """Each entry's anchor is looked up among those of the entries before it, not compared
    with each of them: a list of 10,000 entries took a second to anchor (quadratic)."""
    count = 2000
    CountedAnchor.comparisons = 0
    anchors = list_anchors({f"key{n}": CountedAnchor(f"key{n}") for n in range(count)},
                           taken=set())
    assert CountedAnchor.comparisons < count  # one with each earlier entry: 2,000,000
    assert list(anchors.values()) == [f"key{n}" for n in range(count)]


@pytest.mark.sphinx("html", testroot="publications")
def test_editing_the_bib_rereads_pages_that_show_the_entry(app):
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    bib.write_text(bib.read_text().replace("Program Synthesis with Large Language Models",
                                           "Program Synthesis, Revised"))
    app.cleanup()  # unregister the first app's nodes before the second one starts
    app2 = type(app)(srcdir=app.srcdir, buildername="html", warning=io.StringIO())
    app2.build()
    assert "Austin et al. (2021)" in soup(app2, "index.html").get_text()
    assert "Program Synthesis, Revised" in soup(app2, "publications/index.html").get_text()
    paper_page = soup(app2, "publications/austin2021program.html")
    assert "Program Synthesis, Revised" in paper_page.get_text()
    home_link = soup(app2, "index.html").select_one("span.bibtex-citation a")
    assert home_link["title"].startswith("Program Synthesis, Revised. ")


@pytest.mark.sphinx("html", testroot="bib-errors",
                    confoverrides={"academic_bibtex_gaps": "error"})
def test_every_bib_problem_is_reported_with_its_line(app):
    """Gaps too (a missing journal, a year in words), as conf.py asks here."""
    app.build()
    warnings = app.warning.getvalue()
    bib = re.escape(str(Path(app.srcdir) / "refs.bib"))
    expected = [
        rf"{bib}:7: WARNING: duplicate key 'good': already used by the entry at line 1; give one "
        r"of them another key \[academic.bibtex\]",
        rf"{bib}:19: WARNING: @misc\{{unclosed\}}: entry is never closed; is a brace or quote left "
        r"open\? \[academic.bibtex\]",
        rf"{bib}:13: WARNING: @article\{{nojournal\}}: no 'journal' field; the entry is shown "
        r"without it \(add 'journal = \{...\}' to complete it\) \[academic.bib-incomplete\]",
        rf"{bib}:26: WARNING: @misc\{{badyear\}}: year '20x1' is not a four-digit year such as "
        r"2021; the entry is listed as undated \[academic.bib-value\]",
        rf"{bib}:27: WARNING: @misc\{{badyear\}}: url 'javascript:alert\(1\)' is not an http\(s\) "
        r"address; only http:// and https:// links are allowed \[academic.bibtex\]",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings), (pattern, warnings)
    assert "Traceback" not in warnings
    # Every entry that could be read is on the page; the two that could not are named above.
    page = soup(app, "index.html")
    assert sorted(li["id"] for li in page.select("li.academic-entry")) == [
        "afterall", "badyear", "good", "nojournal"]
    assert not page.select("a[href^=javascript]")


@pytest.mark.sphinx("html", testroot="publications")
def test_an_unknown_citation_key_is_reported_at_its_line(app):
    index = Path(app.srcdir) / "index.md"
    index.write_text(index.read_text() + "\nSee {cite:p}`nosuchkey`.\n")
    app.build()
    line = index.read_text().count("\n")
    assert (f"index.md:{line}: WARNING: could not find bibtex key \"nosuchkey\" "
            "[bibtex.key_not_found]") in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="publications")
def test_adding_an_entry_and_a_citation_updates_the_pages_that_show_it(app):
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    bib.write_text(bib.read_text() + (
        "\n@misc{nye2021show,\n  title = {Show Your Work},\n  author = {Nye, Maxwell and "
        "Austin, Jacob},\n  year = {2021},\n  keywords = {selected},\n}\n"))
    other = Path(app.srcdir) / "other.md"
    other.write_text(other.read_text() + "\nNew citation {cite:t}`nye2021show`.\n")
    app.cleanup()  # unregister the first app's nodes before the second one starts
    app2 = type(app)(srcdir=app.srcdir, buildername="html", warning=io.StringIO())
    app2.build()
    assert app2.warning.getvalue() == ""
    cite = soup(app2, "other.html").select("span.bibtex-citation")[-1]
    assert cite.get_text() == "Nye and Austin (2021)"
    assert cite.select_one("a")["href"] == "publications/index.html#nye2021show"
    assert soup(app2, "publications/index.html").select_one("li#nye2021show")
    # The home page's selection lists it too, though the home page itself did not change.
    home_titles = [t.get_text() for t in soup(app2, "index.html").select(".academic-title")]
    assert "Show Your Work" in home_titles
    assert (Path(app2.outdir) / "publications" / "nye2021show.html").is_file()


@pytest.mark.sphinx("html", testroot="publications")
def test_source_files_generated_for_papers_by_earlier_versions_are_removed(make_app, app_params):
    args, kwargs = app_params
    folder = Path(kwargs["srcdir"]) / "publications"
    folder.mkdir(exist_ok=True)
    (folder / "austin2021program.md").write_text(
        "---\norphan: true\n---\n<!-- Generated from the BibTeX file by the academic extension. "
        "Edit the BibTeX file, not this file. -->\n\n```{publication} austin2021program\n```\n")
    kept = folder / "notes.md"
    kept.write_text("# Notes\n\nWritten by hand.\n")
    app = make_app(*args, **kwargs)
    app.build()
    assert not (folder / "austin2021program.md").exists()
    assert kept.is_file()
    page = soup(app, "publications/austin2021program.html")
    assert page.select_one("h1").get_text(strip=True).rstrip("#¶") == (
        "Program Synthesis with Large Language Models")


@pytest.mark.sphinx("html", testroot="publications")
def test_an_entry_edit_rereads_the_lists_that_select_it_and_no_other(app):
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    builds = [app]

    def rebuild_after(old: str, new: str) -> set[str]:
        bib.write_text(bib.read_text().replace(old, new, 1))
        builds[-1].cleanup()  # unregister the last app's nodes before the next one starts
        builds.append(type(app)(srcdir=app.srcdir, buildername="html", warning=io.StringIO()))
        read: set[str] = set()
        builds[-1].connect("doctree-read", lambda sphinx, doctree: read.add(sphinx.env.docname))
        builds[-1].build()
        return read

    # Titan is cited on "other" and shown in the full list; the home page selects it not.
    assert rebuild_after("title = {Titan}", "title = {Titan, Revised}") == {
        "other", "publications/index"}
    # Given the keyword the home page's list selects, the home page shows it now.
    assert rebuild_after("title = {Titan, Revised},", "title = {Titan, Revised},\n"
                         "  keywords = {selected},") == {"index", "other", "publications/index"}
    assert "Titan, Revised" in soup(builds[-1], "index.html").get_text()


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_entries_made_after_the_post_transforms_are_the_entries_made_before(
        make_app, tmp_path, monkeypatch, builder):
    """The site's builders make a list's entries once the page is resolved, on the word that
    no HTML post-transform of Sphinx, furo, sphinx-design, MyST or sphinxcontrib-bibtex changes
    them (summaries.py): a release that did would write another page. Built the other way too
    (first of the post-transforms, as for every other builder), the site is the same."""
    import shutil

    from academic.publications import summaries

    def built(folder: str) -> dict[str, bytes]:
        source = tmp_path / folder
        shutil.copytree(Path(__file__).parent / "roots" / "test-publications", source)
        app = make_app(builder, srcdir=source, freshenv=True)
        app.build()
        outdir = Path(app.outdir)
        return {path.relative_to(outdir).as_posix(): path.read_bytes()
                for path in sorted(outdir.rglob("*")) if path.is_file()
                and path.name != ".buildinfo"}

    resolved_first = built("resolved")
    monkeypatch.setattr(summaries, "SITE_BUILDERS", frozenset())
    made_first = built("made")
    assert resolved_first.keys() == made_first.keys()
    assert [name for name in resolved_first if resolved_first[name] != made_first[name]] == []


@pytest.mark.sphinx("html", testroot="publications")
def test_a_list_is_read_as_a_placeholder_an_entry_and_written_whole(shared_built):
    """A page that lists every entry is read and pickled with one placeholder an entry, not
    the twenty nodes it shows (each read transform walks them all: an entry edit re-reads the
    list of 2,000); the page written has them all, its links resolved."""
    app = shared_built
    read = app.env.get_doctree("publications/index")
    placeholders = list(read.findall(entry_summary))
    assert len(placeholders) == 4
    assert not [node for node in read.findall(nodes.paragraph)
                if "academic-title" in node["classes"]]
    written = app.env.get_and_resolve_doctree("publications/index", app.builder)
    assert not list(written.findall(entry_summary))
    assert not list(written.findall(addnodes.pending_xref))
    titles = [node for node in written.findall(nodes.paragraph)
              if "academic-title" in node["classes"]]
    assert len(titles) == 4
    assert all(isinstance(title[0], nodes.reference) for title in titles)


@given(st.permutations(range(12)), st.sets(st.integers(0, 11)), st.sets(st.integers(12, 15)))
def test_moved_keys_are_the_fewest_whose_order_changed(order, removed, added):
    """Entries of one date are listed in the files' order: of any two entries whose order
    changed, one is counted as moved, and no more are counted than must be (all but a longest
    run kept in order)."""
    before = [str(key) for key in range(12)]
    after = [str(key) for key in order if key not in removed] + [str(key) for key in added]
    moved = moved_keys(before, after)
    common = [key for key in before if key in after]
    place = {key: after.index(key) for key in common}
    for first, second in ((a, b) for i, a in enumerate(common) for b in common[i + 1:]):
        if place[first] > place[second]:
            assert first in moved or second in moved
    # The longest run in the same order, by brute force over the common keys.
    longest = [1] * len(common)
    for i, key in enumerate(common):
        for j in range(i):
            if place[common[j]] < place[key]:
                longest[i] = max(longest[i], longest[j] + 1)
    assert len(common) - len(moved) == max(longest, default=0)
    assert moved <= set(common)
