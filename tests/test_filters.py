"""Filters on the publications lists, as HTML: the form the full list carries (hidden by a
``<noscript>`` style without JavaScript), its values and counts, each entry's data attributes;
no form on a compact list, with ``:no-filters:`` or ``academic_publication_filters = False``;
the type of work each kind of entry is. The filtering itself is tested in Chromium
(test_filters_browser.py)."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from academic.bib.display import WORK_TYPES, display_of
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.publications import filters
from bs4 import BeautifulSoup
from conftest import html_page
from docutils.nodes import SkipNode

OWNER = NameMatcher.from_names(["Jacob Austin"])
NO_SCRIPT_STYLE = "<style>form.academic-filters { display: none !important; }</style>"


def values(select) -> list[tuple[str, str]]:
    return [(option["value"], option.get_text()) for option in select.select("option")]


@pytest.mark.sphinx("html", testroot="publications")
def test_the_full_list_has_a_form_of_labelled_controls(shared_built):
    page = html_page(shared_built.outdir, "publications/index.html")
    form = page.select_one("form.academic-filters")
    # It shows from the first paint (no layout shift once the script runs); without JavaScript
    # a style of the page's head hides it.
    assert form is not None and not form.has_attr("hidden")
    # A short list is laid out whole as it opens (only a long one defers its entries off screen,
    # whose estimated heights would move the page).
    assert "academic-long" not in form["class"]
    assert NO_SCRIPT_STYLE in page.head.select_one("noscript").decode_contents()
    # Before the years, whose entries it filters.
    assert all(form in section.find_all_previous("form")
               for section in page.select("section.academic-year"))
    assert form.select_one("fieldset > legend").get_text() == "Filter the list"
    labels = {label.select_one("span").get_text(): label.select_one("select")
              for label in form.select("label.academic-filter")}
    assert list(labels) == ["Year", "Type", "Topic"]
    assert values(labels["Year"]) == [("", "All (4)"), ("2024", "2024 (1)"), ("2023", "2023 (1)"),
                                      ("2021", "2021 (1)"), ("2018", "2018 (1)")]
    assert values(labels["Type"]) == [("", "All (4)"), ("conference", "Conference (1)"),
                                      ("preprint", "Preprint (1)"), ("report", "Report (1)"),
                                      ("software", "Software (1)")]
    # "selected" is a filter of its own, not a topic.
    assert values(labels["Topic"]) == [("", "All (4)"), ("code", "code (1)")]
    check = form.select_one("label.academic-filter-check")
    assert check.select_one("input[type=checkbox]")["name"] == "selected"
    assert " ".join(check.get_text().split()) == "Selected (2)"
    assert form.select_one("button.academic-filters-clear[type=button]").has_attr("hidden")
    status = form.select_one("[role=status]")
    assert status.get_text() == "4 of 4 publications"


@pytest.mark.sphinx("html", testroot="publications")
def test_each_entry_says_what_it_is_filtered_by(shared_built):
    page = html_page(shared_built.outdir, "publications/index.html")
    data = {li["id"]: {name: value for name, value in li.attrs.items()
                       if name.startswith("data-")}
            for li in page.select("li.academic-entry")}
    assert data == {
        "frommgen2024resolving": {"data-year": "2024", "data-type": "conference",
                                  "data-selected": ""},
        "gemini2023gemini": {"data-year": "2023", "data-type": "report"},
        "austin2021program": {"data-year": "2021", "data-type": "preprint",
                              "data-topics": "code", "data-selected": ""},
        "austin2018titan": {"data-year": "2018", "data-type": "software"},
    }
    # Its script and styles come with it, in the page: no further request.
    scripts = " ".join(script.get_text() for script in page.select("script"))
    assert "form.academic-filters" in scripts
    assert "li.academic-entry[hidden]" in " ".join(s.get_text() for s in page.select("style"))


@pytest.mark.sphinx("html", testroot="publications")
def test_a_compact_list_has_no_filters(shared_built):
    for name in ("index.html", "other.html"):
        page = html_page(shared_built.outdir, name)
        assert page.select("li.academic-entry")
        assert page.select_one("form.academic-filters") is None
        assert not any(name.startswith("data-") for li in page.select("li.academic-entry")
                       for name in li.attrs)
        assert "academic-filters" not in " ".join(s.get_text() for s in page.select("script"))
        assert page.head.select_one("noscript") is None


@pytest.mark.sphinx("html", testroot="publications",
                    confoverrides={"academic_publication_filters": False})
def test_filters_can_be_turned_off(app):
    app.build()
    page = html_page(app.outdir, "publications/index.html")
    assert len(page.select("li.academic-entry")) == 4
    assert page.select_one("form.academic-filters") is None
    assert not any(name.startswith("data-") for li in page.select("li.academic-entry")
                   for name in li.attrs)


@pytest.mark.sphinx("html", testroot="publications")
def test_no_filters_option(app):
    page = app.srcdir / "publications" / "index.md"
    page.write_text(page.read_text().replace("```{publications}\n",
                                             "```{publications}\n:no-filters:\n"))
    app.build()
    assert app.warning.getvalue() == ""
    html = html_page(app.outdir, "publications/index.html")
    assert len(html.select("li.academic-entry")) == 4
    assert html.select_one("form.academic-filters") is None


@pytest.mark.sphinx("html", testroot="publications")
def test_a_facet_that_cannot_narrow_the_list_is_not_offered(app):
    """One year, one type, every entry of one topic and selected: nothing to filter by."""
    page = app.srcdir / "publications" / "index.md"
    page.write_text(page.read_text().replace("```{publications}\n",
                                             "```{publications}\n:year: 2021\n"))
    app.build()
    html = html_page(app.outdir, "publications/index.html")
    assert len(html.select("li.academic-entry")) == 1
    assert html.select_one("form.academic-filters") is None


@pytest.mark.sphinx("text", testroot="publications")
def test_other_builders_leave_the_form_out(app):
    app.build()
    text = (app.outdir / "publications" / "index.txt").read_text()
    assert "Program Synthesis with Large Language Models" in text
    assert "Filter" not in text and "of 4 publications" not in text


@pytest.mark.parametrize(("source", "kind"), [
    ("@article{x, journal = {Journal of Machine Learning Research}", "journal"),
    # Google Scholar's and DBLP's arXiv papers are articles of a preprint server.
    ("@article{x, journal = {arXiv preprint arXiv:2108.07732}", "preprint"),
    ("@article{x, journal = {CoRR}, volume = {abs/2108.07732}", "preprint"),
    ("@inproceedings{x, booktitle = {Advances in Neural Information Processing Systems}",
     "conference"),
    ("@inproceedings{x, booktitle = {Proceedings of the Workshop on Deep Learning for Code}",
     "workshop"),
    ("@misc{x, howpublished = {Presented at the {DL4C} 2022 workshop}, eprint = {2112.00114}",
     "workshop"),
    ("@misc{x, eprint = {2108.07732}, archivePrefix = {arXiv}", "preprint"),
    ("@unpublished{x, note = {Manuscript}", "other"),
    ("@misc{x, howpublished = {A blog post}", "other"),
    ("@book{x, publisher = {MIT Press}", "book"),
    ("@incollection{x, booktitle = {A Handbook}, publisher = {MIT Press}", "chapter"),
    ("@phdthesis{x, school = {Example University}", "thesis"),
    ("@thesis{x, type = {mathesis}, institution = {Example University}", "thesis"),
    ("@techreport{x, institution = {Google}", "report"),
    ("@software{x, url = {https://example.org/titan}", "software"),
    ("@dataset{x, url = {https://example.org/data}", "dataset"),
    ("@patent{x, number = {US 1}", "patent"),
])
def test_the_type_of_work_comes_from_the_entry_type_and_venue(source, kind):
    loaded = load_bibliography(f"{source}, author = {{A, B}}, title = {{T}}, year = 2021}}\n",
                               OWNER)
    assert display_of(loaded.entries["x"]).work_type == kind
    assert kind in WORK_TYPES


def test_topics_keep_the_sources_spelling_and_leave_selected_out():
    loaded = load_bibliography("@misc{x, author = {A, B}, title = {T}, year = 2021,\n"
                               "  keywords = {Selected, LLM systems,  code, llm Systems}}\n", OWNER)
    model = display_of(loaded.entries["x"])
    assert model.topics == (("llm systems", "LLM systems"), ("code", "code"))
    assert model.selected


def test_keywords_apart_by_semicolons_and_numbers_alone_are_no_topics():
    """BibDesk and Web of Science part keywords with semicolons; NASA ADS lists its concepts'
    numbers among them."""
    loaded = load_bibliography("@misc{x, author = {A, B}, title = {T}, year = 2021,\n"
                               "  keywords = {pulsars; FRBs; selected, Radio bursts, 1339, "
                               "2008, {Smith; Jones} method, ²}}\n", OWNER)
    model = display_of(loaded.entries["x"])
    assert model.topics == (("pulsars", "pulsars"), ("frbs", "FRBs"),
                            ("radio bursts", "Radio bursts"),
                            ("smith; jones method", "Smith; Jones method"), ("²", "²"))
    assert model.selected


@pytest.mark.sphinx("html", testroot="publications")
def test_a_keyword_is_text_never_markup(app):
    bib = app.srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace(
        "  title = {Titan},", '  title = {Titan},\n  keywords = {<b>bold</b>, "q" & r},'))
    app.cleanup()  # the BibTeX file is read as the application starts: start another
    again = type(app)(srcdir=app.srcdir, buildername="html", warning=io.StringIO())
    again.build()
    page = html_page(again.outdir, "publications/index.html")
    options = [option.get_text() for option in page.select("select[name=topic] option")]
    assert options == ["All (4)", '"q" & r (1)', "<b>bold</b> (1)", "code (1)"]
    assert page.select_one("form.academic-filters b") is None
    assert page.select_one("li#austin2018titan")["data-topics"] == '<b>bold</b>,"q" & r'


def test_a_long_list_lays_out_only_what_is_on_screen():
    """From LONG_LIST entries the form carries academic-long, which academic-filters.css reads
    to defer the layout of entries off screen; a shorter list is laid out whole."""
    bib = "\n".join(f"@misc{{e{n}, title = {{T{n}}}, author = {{A, B}}, "
                    f"year = {{{2000 + n % 20}}}}}" for n in range(filters.LONG_LIST))
    entries = list(load_bibliography(bib, NameMatcher.from_names([])).entries.values())

    def form_classes(chosen) -> list[str]:
        translator = SimpleNamespace(body=[])
        with pytest.raises(SkipNode):
            filters.visit_filters_html(translator, filters.filters_node(chosen))
        return BeautifulSoup("".join(translator.body), "lxml").form["class"]

    assert "academic-long" in form_classes(entries)
    assert "academic-long" not in form_classes(entries[:-1])
    css = (Path(filters.__file__).parents[1] / "static" / "academic-filters.css").read_text()
    assert "form.academic-long ~ section li.academic-entry" in css
