"""sphinxcontrib-bibtex's citation roles, in the site's styles (tests/roots/test-citations)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import html_page


def soup(app, page: str) -> BeautifulSoup:
    return html_page(app.outdir, page)


def cited(page: BeautifulSoup) -> dict[str, str]:
    """The text after each "role:" label of the test page."""
    found = {}
    for paragraph in page.select("article p"):
        label, _, rest = paragraph.get_text().partition(": ")
        if rest:
            found[label] = rest
    return found


@pytest.mark.sphinx("html", testroot="citations")
def test_every_role_of_the_family(built):
    text = cited(soup(built, "index.html"))
    assert text["p"] == "(Austin et al., 2021a)"
    assert text["ps"] == "(Austin, Odena, and Nye, 2021a)"
    assert text["t"] == "Austin et al. (2021b)"
    assert text["ct"] == "Chowdhery et al. (2023)"
    assert text["ts"] == "Austin, Odena, and Nye (2021a)"
    assert text["alp"] == "Chowdhery et al., 2023"
    assert text["year"] == "2021b"
    assert text["yearpar"] == "(2021b)"
    assert text["author"] == "Chowdhery et al."
    assert text["label"] == "Lovelace, 2020"
    assert text["prepost"] == "(see Austin et al., 2021a, p. 3)"
    # sphinxcontrib-bibtex lists several keys in the bibliography's order: newest first.
    assert text["several"] == "(Chowdhery et al., 2023; Austin et al., 2021a)"
    # A BibLaTeX entry with only a date has its year.
    assert text["biblatex"] == "Lovelace (2020)"


@pytest.mark.sphinx("html", testroot="citations")
def test_citations_link_to_the_list_with_the_full_reference_on_hover(built):
    page = soup(built, "index.html")
    link = page.select_one("span.bibtex-citation a")
    assert link["href"] == "list.html#austin2021program"
    assert link["title"] == ("Program Synthesis with Large Language Models. Jacob Austin, "
                             "Augustus Odena, and Maxwell Nye. arXiv preprint, 2021a. arXiv")
    listing = soup(built, "list.html")
    assert listing.select_one("li#austin2021program .academic-venue").get_text() == (
        "arXiv preprint, 2021a")
    assert listing.select_one("li#austin2021structured .academic-venue").get_text() == (
        "Advances in Neural Information Processing Systems, 2021b")


@pytest.mark.sphinx("html", testroot="citations")
def test_footcite_renders_in_the_site_style(built):
    page = soup(built, "index.html")
    footnote = page.select_one("aside.footnote p")
    assert footnote.get_text() == (
        "PaLM: Scaling Language Modeling with Pathways. Aakanksha Chowdhery et al. Journal of "
        "Machine Learning Research, 2023.")


@pytest.mark.sphinx("html", testroot="citations")
def test_a_stock_bibliography_with_a_filter_renders_in_the_site_style(built):
    page = soup(built, "stock.html")
    items = [li.get_text(" ", strip=True) for li in page.select("article ul li")]
    assert items == [
        "Program Synthesis with Large Language Models. Jacob Austin , Augustus Odena, and "
        "Maxwell Nye. arXiv preprint , 2021a. arXiv",
        "Structured Denoising Diffusion Models in Discrete State-Spaces. Jacob Austin , Daniel D. "
        "Johnson, and Jonathan Ho. Advances in Neural Information Processing Systems , 2021b.",
    ]
    assert [s.get_text() for s in page.select("article ul li strong")] == ["Jacob Austin"] * 2
    # No deprecated DPUB role in any citation markup.
    assert "doc-biblioentry" not in page.decode()
