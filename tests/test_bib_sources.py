"""The .bib files people already have: a Zotero Better BibLaTeX export, a NASA ADS export, a
DBLP export with crossref and an al-folio papers.bib (fixtures written for these tests, in
tests/roots/test-bib-*). Each builds with no warning and shows every entry as it should read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

LATEX_LEFT = re.compile(r"\\[A-Za-z]+|\$")


def entries(app) -> dict[str, dict]:
    """Title → what the list shows of the entry."""
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "lxml")
    shown = {}
    for item in page.select("li.academic-entry"):
        title = item.select_one(".academic-title").get_text()
        shown[title] = {
            "authors": item.select_one(".academic-authors").get_text(),
            "venue": item.select_one(".academic-venue").get_text(),
            "links": {a.get_text(): a["href"] for a in item.select(".academic-links a")},
            "owner": [s.get_text() for s in item.select(".academic-authors strong")],
            "equal": len(item.select(".academic-authors abbr[title='equal contribution']")),
            # What a reader sees as text: the BibTeX disclosure is LaTeX on purpose.
            "text": " ".join(p.get_text(" ") for p in item.select("p")),
        }
        assert not LATEX_LEFT.search(shown[title]["text"]), shown[title]["text"]
    return shown


@pytest.mark.sphinx("html", testroot="bib-zotero")
def test_zotero_better_biblatex_export(shared_built):
    shown = entries(shared_built)
    assert len(shown) == 7
    smith = shown["Deep learning for EEG classification"]
    assert smith["authors"] == "Jane Smith and Jürgen Müller"
    assert smith["venue"] == "Journal of Neural Engineering 17, 2020"  # journaltitle, date
    assert smith["links"] == {"DOI": "https://doi.org/10.1088/1741-2552/ab1234",
                              "Paper": "https://example.org/smith2020"}
    assert shown["A checker for C♯ programs"]["venue"] == "2021"  # @online, date only
    assert shown["Benchmarks for streaming systems"]["venue"] == "Example Lab, 2019"  # @report
    thesis = shown["On the Çağlar–Ogonek problem: ą case study"]  # cedilla, ogonek
    assert thesis["venue"] == "Example University, 2018"  # @thesis, type = {phdthesis}
    assert shown["fastlib"]["links"] == {"Code": "https://example.org/fastlib"}  # @software
    pubmed = shown["Cells under stress"]  # eprinttype = {pmid} is not an arXiv id
    assert pubmed["links"] == {"PubMed": "https://pubmed.ncbi.nlm.nih.gov/28123456/"}
    arxiv = shown["Models of λ-calculus"]
    assert arxiv["links"] == {"arXiv": "https://arxiv.org/abs/2301.00001"}


@pytest.mark.sphinx("html", testroot="bib-ads")
def test_nasa_ads_export(shared_built):
    shown = entries(shared_built)
    assert len(shown) == 3
    survey = shown["A survey of ~10⁴ galaxies with λ cuts"]
    assert survey["authors"] == "A. Martin, B. García, and C. Çelik"
    assert survey["owner"] == ["A. Martin"]
    assert survey["venue"] == "Astronomy and Astrophysics 710, 2026"  # \aap, bare year
    assert survey["links"] == {"arXiv": "https://arxiv.org/abs/2601.01234",
                               "DOI": "https://doi.org/10.1051/0004-6361/202600001",
                               "ADS": "https://ui.adsabs.harvard.edu/abs/2026A&A...710L..32M"}
    assert shown["Dust in nearby spirals"]["venue"] == (
        "Monthly Notices of the Royal Astronomical Society 482, 2019")
    # A bibcode is a key like any other: the entry has its own page.
    pages = {p.name for p in (Path(shared_built.outdir) / "publications").iterdir()}
    assert "2026A-A---710L--32M.html" in pages


@pytest.mark.sphinx("html", testroot="bib-dblp")
def test_dblp_export_with_crossref(shared_built):
    shown = entries(shared_built)
    paper = shown["Types for Everyone"]
    # booktitle and year come from the @proceedings the entry's crossref names.
    assert paper["venue"] == (
        "Proceedings of the 46th ACM Symposium on Principles of Programming Languages, 2019")
    # DBLP's numbers for people of one name are no part of the name, in any output.
    assert paper["owner"] == ["Alice Foo"]
    assert paper["authors"] == "Alice Foo and Bob Bar"
    numbered = [path.name for path in Path(shared_built.outdir).rglob("*") if path.is_file()
                and path.suffix in {".html", ".bib", ".ris", ".json", ".txt", ".atom", ".js"}
                and re.search(rb"\b00(01|12)\b", path.read_bytes())]
    assert numbered == []
    # The volume itself, which only the paper cross-references, is not listed (as BibTeX
    # leaves it out): the papers are the owner's, the volume is its editors'.
    assert not any(title.startswith("Proceedings of the 46th") for title in shown)
    # Keys with ":", "/", "." and "+" all get pages, none shared, none overwritten.
    pages = sorted(p.name for p in (Path(shared_built.outdir) / "publications").iterdir()
                   if p.suffix == ".html")  # beside each page its .bib, .ris and .csl.json
    assert pages == ["DBLP-conf-popl-Foo19.html",
                     "a-b-2e7336dc.html", "a-b-6783a31e.html", "a-b.html"]
    titles = {BeautifulSoup((Path(shared_built.outdir) / "publications" / name).read_text("utf-8"),
                            "lxml").select_one("h1").get_text(strip=True).rstrip("#¶")
              for name in pages}
    assert len(titles) == 4


@pytest.mark.sphinx("html", testroot="bib-alfolio")
def test_alfolio_papers_bib(shared_built):
    shown = entries(shared_built)
    assert len(shown) == 3
    einstein = shown["On the electrodynamics of moving bodies"]
    assert einstein["venue"] == "Annalen der Physik 322(10), 1905"
    assert einstein["links"] == {
        "arXiv": "https://arxiv.org/abs/2101.00001",  # arxiv = {...}
        "HTML": "https://example.org/einstein1905",
        "Website": "https://example.org/site",
        "PDF": "_static/papers/einstein1905.pdf",  # a file of the site
        "Code": "https://github.com/example/relativity",
        "Slides": "_static/papers/einstein_slides.pdf",
        "Poster": "https://example.org/poster.pdf",
        "Video": "https://example.org/video",
        "Blog": "https://example.org/blog",
    }
    assert (Path(shared_built.outdir) / "_static" / "papers" / "einstein1905.pdf").is_file()
    # The star after a last name marks equal contribution, as al-folio draws it.
    epr = shown["Can quantum-mechanical description of physical reality be considered complete?"]
    assert epr["authors"] == "Albert Einstein*, Boris Podolsky*, and Nathan Rosen"
    assert epr["equal"] == 2
    assert epr["venue"] == "Phys. Rev., 1935"


@pytest.mark.sphinx("html", testroot="bib-alfolio")
def test_alfolio_selected_is_a_keyword(app):
    index = Path(app.srcdir) / "index.md"
    index.write_text(index.read_text()
                     + "\n```{publications}\n:keyword: selected\n:compact:\n```\n")
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "lxml")
    compact = page.select("ol.compact .academic-title")
    assert [t.get_text() for t in compact] == ["On the electrodynamics of moving bodies"]


@pytest.mark.sphinx("html", testroot="bib-alfolio")
def test_a_missing_paper_file_is_an_error_at_its_field(app_params, make_app):
    args, kwargs = app_params
    srcdir = Path(kwargs["srcdir"])
    slides = srcdir / "_static" / "papers" / "einstein_slides.pdf"
    kept = slides.read_bytes()
    slides.unlink()  # before the application starts: the file is checked when it does
    try:
        app = make_app(*args, **kwargs)
        app.build()
    finally:
        slides.write_bytes(kept)
    assert (f"{srcdir / 'refs.bib'}:18: WARNING: @article{{einstein1905}}: slides file "
            f"'einstein_slides.pdf' not found in {srcdir / '_static/papers'}; put the file there "
            "or give its https:// address [academic.bibtex]") in app.warning.getvalue()
