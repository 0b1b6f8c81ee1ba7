"""Errors for mistakes, one summary for gaps; al-folio's and NASA ADS's fields; portable BibTeX.

The root test-bib-gaps holds what other people's files hold and BibTeX accepts: entries without
a venue or a year, a year in words, an eprint that is an address or of another archive, LaTeX
in a field the site never shows, al-folio's and ADS's fields, and a field nobody knows.
"""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from pathlib import Path

import pybtex.errors
import pytest
from academic.bib.fields import KNOWN_FIELDS
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from conftest import html_page, plain_warnings
from pybtex.database.input.bibtex import Parser

SUMMARY = """\
BibTeX entries shown as they are (set academic_bibtex_gaps = "error" in conf.py to make these fail):
  7 entries are missing a venue: refs.bib:45, refs.bib:68, refs.bib:74, refs.bib:80, refs.bib:86 and 2 more
  1 entry is missing a year: refs.bib:38
  1 entry has a year that is not a number (listed as undated): refs.bib:48
  1 entry has a month that is not a month (left out): refs.bib:49
  1 entry has an eprint the site cannot link: refs.bib:63
  1 entry has a preview image that is not in the previews folder (left out): refs.bib:65
  fields the site does not use, left out of the pages: description (1)
"""  # noqa: E501


def png(width: int, height: int) -> bytes:
    """A white PNG image of this size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def status(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())


@pytest.fixture
def gaps_app(make_app, tmp_path):
    """The root, copied (tests may change it), not yet built."""
    srcdir = tmp_path / "bib-gaps"
    shutil.copytree(Path(__file__).parent / "roots" / "test-bib-gaps", srcdir)

    def make(**settings):
        """The app, with these settings written at the end of conf.py (line 8 on)."""
        with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value!r}\n" for name, value in settings.items())
        return make_app("html", srcdir=srcdir)
    return make


#: The root as it is, built once for the tests that only read it (conftest's shared build).
SHARED = pytest.mark.sphinx("html", testroot="bib-gaps")


@SHARED
def test_gaps_build_with_no_warning_and_one_summary_at_the_end(shared_app):
    """Its papers folder is in _static, as the site's is: no warning about it either."""
    app = shared_app
    assert plain_warnings(app) == ""
    out = status(app)
    assert SUMMARY in out
    assert out.count("BibTeX entries shown as they are") == 1
    # At the end: after the pages are written.
    assert out.index(SUMMARY) > out.index("writing output")


def test_gaps_are_warnings_at_their_lines_when_conf_py_asks(gaps_app):
    app = gaps_app(academic_bibtex_gaps="error")
    app.build()
    bib = Path(app.srcdir) / "refs.bib"
    warnings = plain_warnings(app)
    for line, message, subtype in [
        (45, "@article{lovelace_press}: no 'journal' field; the entry is shown without it (add "
             "'journal = {...}' to complete it)", "bib-incomplete"),
        (38, "@online{lovelace_notes}: no 'year' field; the entry is shown without it (add "
             "'year = {...}' to complete it)", "bib-incomplete"),
        (48, "@article{lovelace_press}: year 'in press' is not a four-digit year such as 2021; "
             "the entry is listed as undated", "bib-value"),
        (49, "@article{lovelace_press}: month 'Smarch' is not a month: use 1-12 or jan, feb, "
             "...", "bib-value"),
        (63, "@misc{lovelace_hal}: eprint '1234567' of archivePrefix 'jstor': the site links "
             "identifiers of arXiv, PubMed, ECCC, IACR ePrint, HAL, SSRN, bioRxiv, medRxiv "
             "only; no link is shown", "bib-value"),
        (65, f"@misc{{lovelace_hal}}: preview image 'missing.png' not found in "
             f"{Path(app.srcdir) / '_static/previews'}; no thumbnail is shown (put the image "
             "there: al-folio keeps them in assets/img/publication_preview/)", "bib-preview"),
    ]:
        assert f"{bib}:{line}: WARNING: {message} [academic.{subtype}]\n" in warnings
    assert "BibTeX entries shown as they are" not in status(app)
    # Unknown fields are never warnings: they stay in the summary.
    assert "fields the site does not use, left out of the pages: description (1)" in status(app)


def test_a_wrong_gap_policy_is_named_in_conf_py(gaps_app):
    app = gaps_app(academic_bibtex_gaps="fatal")
    app.build()
    assert (f"{Path(app.srcdir) / 'conf.py'}:8: WARNING: academic_bibtex_gaps = 'fatal' is not one "
            "of 'summary', 'error'; gaps are summarised [academic.config]") in plain_warnings(app)


def test_a_papers_folder_outside_the_static_folders_is_a_conf_py_warning(gaps_app):
    app = gaps_app(academic_paper_files_dir="papers")
    srcdir = Path(app.srcdir)
    shutil.copytree(srcdir / "_static" / "papers", srcdir / "papers")
    app.build()
    assert (f"{srcdir / 'conf.py'}:8: WARNING: academic_paper_files_dir = 'papers' is not inside a "
            "folder of html_static_path (_static), so its files are not copied into the site "
            "and their links would lead nowhere; move the folder under one of them (such as "
            "_static/) or add it to html_static_path [academic.config]") in plain_warnings(app)


def entry(app, anchor: str):
    return html_page(app.outdir, "publications/index.html").select_one(f"li#{anchor}")


@SHARED
def test_alfolio_fields_become_badges_and_a_thumbnail(shared_app):
    app = shared_app
    item = entry(app, "lovelace-2021-iccv")
    badges = [(a.get_text(), a["href"]) for a in item.select(".academic-links a")]
    assert badges == [
        ("arXiv", "https://arxiv.org/abs/2101.00001"), ("HTML", "https://example.org/engine"),
        ("Website", "https://example.org/site"), ("PDF", "../_static/papers/engine.pdf"),
        ("Supplementary", "../_static/papers/engine-supp.pdf"),
        ("Code", "https://example.org/code"), ("Slides", "https://example.org/slides.pdf"),
        ("Poster", "https://example.org/poster.pdf"), ("Video", "https://example.org/video"),
        ("Blog", "https://example.org/blog")]
    for page, prefix in ((item, "../"),
                         (html_page(app.outdir, "publications/Lovelace_2021_ICCV.html"), "../")):
        image = page.select_one("img.academic-preview")
        assert image.attrs == {
            "class": ["academic-preview"], "src": f"{prefix}_static/previews/engine.png",
            "width": "40", "height": "30", "alt": "The Analytical Engine", "loading": "lazy",
            "decoding": "async"}
    assert (Path(app.outdir) / "_static" / "previews" / "engine.png").is_file()
    # A preview whose image is missing shows nothing (and is in the summary).
    assert entry(app, "lovelace-hal").select("img") == []
    # selected = {true} is the keyword "selected".
    loaded = load_bibliography((Path(app.srcdir) / "refs.bib").read_text(), NameMatcher(()))
    assert "selected" in loaded.entries["Lovelace_2021_ICCV"].keywords


def test_a_new_thumbnail_image_rewrites_the_pages_that_show_it(gaps_app, make_app):
    app = gaps_app()
    app.build()
    image = Path(app.srcdir) / "_static" / "previews" / "engine.png"
    image.write_bytes(png(60, 20))
    again = make_app("html", srcdir=Path(app.srcdir))
    again.build()
    for page in ("publications/index.html", "publications/Lovelace_2021_ICCV.html"):
        preview = html_page(again.outdir, page).select_one("img.academic-preview")
        assert (preview["width"], preview["height"]) == ("60", "20"), page


@SHARED
def test_ads_fields_an_ads_badge_and_lt_gt(shared_app):
    app = shared_app
    item = entry(app, "entry-2018mnras-479-5620t")
    assert item.select_one(".academic-title").get_text() == "Engines at < 5 keV and > 1 GeV"
    assert [(a.get_text(), a["href"]) for a in item.select(".academic-links a")] == [
        ("ADS", "https://ui.adsabs.harvard.edu/abs/2018MNRAS.479.5620T")]


@SHARED
def test_an_eprint_that_is_an_address_is_linked_as_one(shared_app):
    app = shared_app
    assert [(a.get_text(), a["href"]) for a in
            entry(app, "lovelace-eprint").select(".academic-links a")] == [
        ("Eprint", "https://example.org/eprint")]


@SHARED
def test_the_bibtex_a_reader_copies_is_portable(shared_app):
    app = shared_app
    blocks = {li["id"]: li.select_one("details code").get_text() for li in
              html_page(app.outdir, "publications/index.html").select("li.academic-entry")}
    assert blocks["entry-2018mnras-479-5620t"] == (
        "@article{2018MNRAS.479.5620T,\n"
        "  title = {{Engines at $\\lt$ 5 keV and $\\gt$ 1 GeV}},\n"
        "  author = {{Lovelace}, A. and {Babbage}, C.},\n"
        "  journal = {Monthly Notices of the Royal Astronomical Society},\n"
        "  volume = {479},\n"
        "  pages = {5620-5640},\n"
        "  year = {2018},\n"
        "}")
    site_only = {"preview", "selected", "bibtex_show", "abbr", "adsurl", "adsnote", "keywords",
                 "supp", "html", "website", "code", "altmetric", "description"}
    for block in blocks.values():
        parser = Parser()
        with pybtex.errors.capture() as errors:
            parser.parse_string(block)
        assert errors == []
        (parsed,) = parser.data.entries.values()
        assert not {name.lower() for name in parsed.fields} & site_only, block


def test_a_pmid_field_links_to_pubmed():
    source = "@article{k,\n  title = {T},\n  pmid = {31234567},\n}\n"
    links = load_bibliography(source, NameMatcher(())).entries["k"].links
    assert [(link.label, link.url) for link in links] == [
        ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/31234567/")]


def test_every_field_of_the_root_is_known_but_one():
    source = (Path(__file__).parent / "roots" / "test-bib-gaps" / "refs.bib").read_text()
    loaded = load_bibliography(source, NameMatcher(()))
    unknown = {name for e in loaded.entries.values() for name in e.unknown_fields}
    assert unknown == {"description"}
    assert {"adsnote", "altmetric", "urldate", "keywords", "bibtex_show"} <= KNOWN_FIELDS
    # Mendeley's and BibDesk's bookkeeping: no field of the work, and not worth a summary line.
    assert {"mendeley-groups", "local-url", "read", "rating"} <= KNOWN_FIELDS


def test_what_bibtex_warns_of_is_a_gap_too():
    """BibTeX's styles warn of a book with no publisher, a report with no institution and a
    cross-reference to an entry the file lacks ("a bad cross reference"): the summary said
    nothing of them, though it is the list of what BibTeX accepts but finds incomplete."""
    source = ("@book{b, author = {A, B}, title = {T}, year = {2011}}\n"
              "@techreport{t, author = {A, B}, title = {T}, year = {2011}}\n"
              "@inproceedings{c, author = {A, B}, title = {T}, year = {2011},\n"
              "  booktitle = {Proc.}, crossref = {nothere}}\n"
              "@book{ok, author = {A, B}, title = {T}, year = {2011}, publisher = {P}}\n")
    loaded = load_bibliography(source, NameMatcher(()))
    assert [(p.line, p.gap, p.fatal, p.message) for p in loaded.problems] == [
        (1, "publisher", False, "@book{b}: no 'publisher' field; the entry is shown without "
                                "it (add 'publisher = {...}' to complete it)"),
        (2, "publisher", False, "@techreport{t}: no 'institution' field; the entry is shown "
                                "without it (add 'institution = {...}' to complete it)"),
        (4, "crossref", False, "@inproceedings{c}: crossref 'nothere' names no entry of the "
                               "file; nothing is inherited from it (put the entry it names in "
                               "this file, or correct the key)")]
    assert list(loaded.entries) == ["b", "t", "c", "ok"]
    # A crossref written on the entry's one line is read, as one on a line of its own.
    one_line = load_bibliography(
        "@proceedings{p, title = {Proc. of X}, booktitle = {Proc. of X}, year = {2011}}\n"
        "@inproceedings{c, author = {A, B}, title = {T}, crossref = {p}}\n", NameMatcher(()))
    assert one_line.problems == []
    assert one_line.entries["c"].fields["year"] == "2011"
    # Words of another field's value are no crossref: neither one that hides the real one,
    # nor one that would make the entry inherit from another.
    words = load_bibliography(
        "@proceedings{p, title = {Proc. of X}, booktitle = {Proc. of X}, year = {2011}}\n"
        "@proceedings{q, title = {Q}, booktitle = {Q}, year = {1999}, publisher = {Q Press}}\n"
        "@inproceedings{c, author = {A, B}, title = {T},\n"
        "  abstract = {Two sources, crossref = the DOI agency, and more},\n"
        "  crossref = {p}}\n"
        "@misc{m, author = {A, B}, title = {T}, year = {2020}, note = \"See, crossref = q\"}\n",
        NameMatcher(()))
    assert words.problems == []
    assert words.entries["c"].fields["year"] == "2011"
    assert "publisher" not in words.entries["m"].fields
