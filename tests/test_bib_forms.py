"""BibTeX as people have it: DBLP's crossref volumes, escapes in addresses, other archives'
eprints, an app's private addresses, entries without a title, a lab's own author marks.

The root test-bib-forms holds each, as DBLP, BibDesk, Mendeley and reference managers write
them; BibTeX accepts all of it, so the site builds with no warning and says what it left out in
its closing summary.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import html_page, load_searchindex, plain_warnings

SUMMARY = """\
BibTeX entries shown as they are (set academic_bibtex_gaps = "error" in conf.py to make these fail):
  1 entry is missing a title: refs.bib:96
  1 entry has a link that is not a web address (left out): refs.bib:92
  1 entry has a doi that is not a DOI (no DOI link): refs.bib:93
  1 entry only cross-referenced by others, not listed (as BibTeX does; cite it or give it keywords to list it): refs.bib:19
"""  # noqa: E501


def status(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())


@pytest.fixture
def forms_app(make_app, tmp_path):
    """The root, copied (tests may change it), not yet built."""
    srcdir = tmp_path / "bib-forms"
    shutil.copytree(Path(__file__).parent / "roots" / "test-bib-forms", srcdir)

    def make(**settings):
        """The app, with these settings written at the end of conf.py (line 7 on)."""
        with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value!r}\n" for name, value in settings.items())
        return make_app("html", srcdir=srcdir)
    return make


@pytest.fixture
def built(forms_app):
    app = forms_app()
    app.build()
    return app


def entries(app) -> dict[str, object]:
    page = html_page(app.outdir, "publications.html")
    return {item["id"]: item for item in page.select("li.academic-entry")}


def badges(item) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in item.select(".academic-links a")]


def test_what_bibtex_accepts_builds_with_no_warning_and_one_summary(built):
    assert plain_warnings(built) == ""
    assert SUMMARY in status(built)


def test_the_summary_counts_entries_and_lists_each_field_s_line(forms_app, tmp_path):
    """Three fields of one entry with a character no page can show: one entry, three places."""
    bib = tmp_path / "bib-forms" / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    first = len(text.splitlines()) + 2
    bib.write_text(text + "\n@misc{controls2020,\n  title = {A\x01 title},\n"
                   "  author = {Example, Ada},\n  note = {A\x02 note},\n"
                   "  howpublished = {A\x03 talk},\n  year = {2020},\n}\n", encoding="utf-8")
    app = forms_app()
    app.build()
    places = ", ".join(f"refs.bib:{first + offset}" for offset in (1, 3, 4))
    assert (f"  1 entry has a character no page can show (left out): {places}\n"
            in status(app)), status(app)


def test_a_volume_only_cross_referenced_is_not_listed_but_a_cited_one_is(built):
    listed = entries(built)
    assert "stoc22" not in listed
    assert "icalp21" in listed  # cited on the home page
    # A volume's editors stand for its authors, and say so; machines are told they edited it.
    assert listed["icalp21"].select_one(".academic-authors").get_text() == "John Backus, editor"
    head = html_page(built.outdir, "publications/icalp21.html").head
    assert not head.select('meta[name="citation_author"]')
    (json_ld,) = [json.loads(script.string)
                  for script in head.select('script[type="application/ld+json"]')]
    assert json_ld["editor"] == [{"@type": "Person", "name": "John Backus"}]
    assert "author" not in json_ld
    page = html_page(built.outdir, "publications/icalp21.html")
    assert page.select_one("div.academic-copyable.wrap code").get_text().startswith(
        "John Backus, editor. ")  # the plain-text citation to copy says so too
    # The papers still take their venue and year from the volume.
    venue = listed["hopper22compilers"].select_one(".academic-venue").get_text()
    assert "Symposium on Theory of Computing" in venue
    assert listed["hopper22compilers"].find_parent("section")["id"] == "publications-2022"
    # The volume is in no other output either: not a search result, not in the index.
    objects = {name for names in load_searchindex(built.outdir)["objects"].values()
               for *_rest, name in names}
    assert "Automata, Languages and Programming" in objects
    assert not any(name.startswith("STOC") for name in objects)


def test_a_volume_with_keywords_is_listed(forms_app, tmp_path):
    bib = tmp_path / "bib-forms" / "refs.bib"  # the fixture's copy, read as the app starts
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "  publisher = {{ACM}},", "  publisher = {{ACM}},\n  keywords = {edited},"),
        encoding="utf-8")
    app = forms_app()
    app.build()
    assert "stoc22" in entries(app)
    assert "only cross-referenced" not in status(app)


def test_a_volume_the_owner_edited_is_listed(forms_app):
    app = forms_app(academic_owner=["Alan Turing"])
    app.build()
    assert "stoc22" in entries(app)


def test_tex_escapes_in_addresses_are_undone_and_a_doi_is_linked_once(built):
    listed = entries(built)
    assert badges(listed["hopper22compilers"]) == [
        ("DOI", "https://doi.org/10.1145/3519935_3520001")]
    assert badges(listed["hopper22linkers"]) == [
        ("PDF", "https://example.org/papers/linkers%20v2.pdf#page=2")]
    # The copied BibTeX gives the address the links open: biblatex and hyperref read a url
    # as written, and "\_" would be part of it.
    copied = {key: re.findall(r"^  url = \{(.*)\},$", listed[key].select_one(
        "details.academic-bibtex code").get_text(), re.MULTILINE)
        for key in ("hopper22compilers", "hopper22linkers")}
    assert copied == {"hopper22compilers": ["https://doi.org/10.1145/3519935_3520001"],
                      "hopper22linkers": ["https://example.org/papers/linkers%20v2.pdf#page=2"]}


@pytest.mark.parametrize(("key", "badge"), [
    ("eccc20", ("ECCC", "https://eccc.weizmann.ac.il/report/2020/012/")),
    ("iacr19", ("IACR ePrint", "https://eprint.iacr.org/2019/1234")),
    ("hal18", ("HAL", "https://hal.science/hal-01234567v2")),
    ("ssrn17", ("SSRN", "https://ssrn.com/abstract=3456789")),
    ("biorxiv16", ("bioRxiv", "https://doi.org/10.1101/2016.05.01.123456")),
    ("medrxiv15", ("medRxiv", "https://doi.org/10.1101/2015.01.02.654321")),
])
def test_eprints_of_other_archives_are_linked_and_labelled(built, key, badge):
    assert badges(entries(built)[key]) == [badge]


def test_bibdesk_s_address_is_the_url_and_its_file_stays_on_its_disk(built):
    """BibDesk keeps an entry's address in Bdsk-Url-1 (and a file's alias in Bdsk-File-1)."""
    item = entries(built)["bibdesk11"]
    assert [href for _, href in badges(item)] == ["https://example.org/bibdesk_links"]
    copied = item.select_one("details.academic-bibtex code").get_text()
    assert "  url = {https://example.org/bibdesk_links},\n" in copied
    assert "second" not in copied and "YnBsaXN0" not in str(item)


def test_google_scholar_s_preprint_is_linked_to_arxiv(built):
    """Google Scholar names an arXiv preprint's identifier in its journal, and nowhere else."""
    item = entries(built)["hopper10scholar"]
    assert badges(item) == [("arXiv", "https://arxiv.org/abs/1001.01234")]
    assert "arXiv preprint arXiv:1001.01234" in item.select_one(".academic-venue").get_text()


def test_mendeley_s_arxiv_identifier_is_linked(built):
    """Mendeley writes an arXiv identifier as arxivId, not eprint."""
    assert badges(entries(built)["hopper09mendeley"]) == [
        ("arXiv", "https://arxiv.org/abs/0901.01234")]


def test_an_apostrophe_before_a_year_is_not_an_opening_quote(built):
    venue = entries(built)["hopper22compilers"].select_one(".academic-venue").get_text()
    assert "STOC \N{RIGHT SINGLE QUOTATION MARK}22" in venue
    assert "\N{LEFT SINGLE QUOTATION MARK}" not in venue


def test_an_entry_without_a_title_is_shown_and_indexed_under_its_key(built):
    item = entries(built)["untitled13"]
    assert item.select_one(".academic-title").get_text(strip=True) == "untitled13"
    assert "Navy Quarterly" in item.get_text()
    assert "untitled13" in html_page(built.outdir, "genindex.html").get_text()
    page = html_page(built.outdir, "publications/untitled13.html")
    assert page.h1.get_text().rstrip("¶") == "untitled13"
    assert page.select_one('meta[name="description"]')["content"].startswith("untitled13 — ")


def test_gaps_in_links_and_titles_are_warnings_at_their_lines_when_conf_py_asks(forms_app):
    app = forms_app(academic_bibtex_gaps="error")
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    warnings = plain_warnings(app)
    for line, message, subtype in [
        (92, "@article{mendeley14}: url 'papers3://publication/uuid/0A1B2C3D-4E5F-6789-ABCD-"
             "EF0123456789' is not a web address; the link is left out (write the full https:// "
             "address to show it)", "bib-link"),
        (93, "@article{mendeley14}: doi '978-0-12-345678-9' is not a DOI such as "
             "10.1145/3639477.3639746; no DOI link is shown", "bib-value"),
        (96, "@article{untitled13}: no 'title' field; the entry is shown without it (add "
             "'title = {...}' to complete it)", "bib-incomplete"),
    ]:
        assert f"{bib}:{line}: WARNING: {message} [academic.{subtype}]\n" in warnings
    assert len(warnings.splitlines()) == 3, warnings  # nothing blames another file


def test_a_star_means_equal_contribution_by_default_and_other_symbols_stay(built):
    item = entries(built)["students12"]
    marks = [(abbr.get_text(), abbr["title"]) for abbr in item.select(".academic-authors abbr")]
    assert marks == [("*", "equal contribution")]
    assert "Ann Adams†" in item.select_one(".academic-authors").get_text()


def test_what_each_author_mark_means_is_configurable(forms_app):
    app = forms_app(academic_author_marks={"*": "student author", "†": "corresponding author"})
    app.build()
    assert plain_warnings(app) == ""
    item = entries(app)["students12"]
    authors = item.select_one(".academic-authors")
    marks = [(abbr.get_text(), abbr["title"]) for abbr in authors.select("abbr")]
    assert marks == [("*", "student author"), ("†", "corresponding author")]
    assert "Ann Adams†" in authors.get_text()
    assert "Adams††" not in authors.get_text()


def test_wrong_author_marks_are_named_in_conf_py(forms_app):
    app = forms_app(academic_author_marks={"a": "student"})
    app.build()
    assert (f"{Path(app.srcdir) / 'conf.py'}:7: WARNING: academic_author_marks = {{'a': "
            "'student'}: give each mark as a symbol and what it means, such as {\"*\": \"equal "
            "contribution\", \"†\": \"student author\"}; the default ({\"*\": \"equal "
            "contribution\"}) is used [academic.config]") in plain_warnings(app)


def test_the_summary_says_what_a_corrected_name_list_was(forms_app, tmp_path):
    """NASA ADS ends a long list with "and et al.", which BibTeX prints as a person's name and
    the site reads as "and others": the summary says what it corrected, not that BibTeX
    warned (it does not)."""
    bib = tmp_path / "bib-forms" / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    bib.write_text(text + "\n@misc{ads2020,\n  title = {T},\n"
                   "  author = {{Example}, A. and et al.},\n  year = {2020},\n}\n",
                   encoding="utf-8")
    app = forms_app()
    app.build()
    assert ("  1 entry has an author or editor list corrected as it was read (an extra 'and' "
            f"or comma, 'et al.' read as 'and others'): refs.bib:{line + 2}\n"
            in status(app)), status(app)


def test_a_field_given_twice_is_summarised_at_the_second(forms_app, tmp_path):
    """pybtex, as BibTeX, reads the first of a field given twice; the summary named it a name
    list corrected, at the entry's first line."""
    bib = tmp_path / "bib-forms" / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    bib.write_text(text + "\n@misc{twice2020,\n  title = {First},\n  author = {Example, A.},\n"
                   "  title = {Second},\n  year = {2020},\n}\n", encoding="utf-8")
    app = forms_app()
    app.build()
    assert ("  1 entry has a field given twice (the first is read, as BibTeX reads it): "
            f"refs.bib:{line + 3}\n" in status(app)), status(app)
    assert "Second" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def test_an_owner_who_matches_no_author_is_named_in_the_summary(forms_app):
    app = forms_app(academic_owner=["Hedy Lamarr"])
    app.build()
    assert plain_warnings(app) == ""
    assert ("  academic_owner ('Hedy Lamarr') matches no author or editor of any entry, so no "
            "name is set in bold: write it in conf.py as your entries spell it\n") in status(app)


def test_a_site_with_no_owner_says_so_in_the_summary(forms_app):
    """A fork that deleted the line (or left the list empty) is told why nothing is bold."""
    app = forms_app(academic_owner=[])
    app.build()
    assert plain_warnings(app) == ""
    assert ("  academic_owner is not set, so no name is set in bold: set it in conf.py to your "
            "name as your entries spell it\n") in status(app)


def test_an_owner_who_matches_says_nothing(built):
    assert "academic_owner" not in status(built)
