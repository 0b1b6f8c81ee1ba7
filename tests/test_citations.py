"""sphinxcontrib-bibtex's citation roles, in the site's styles (tests/roots/test-citations)."""

from __future__ import annotations

from pathlib import Path

import pytest
from academic.compat.bibtex import MAX_CITED_KEYS, citation_problem
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
def test_every_role_of_the_family(shared_built):
    text = cited(soup(shared_built, "index.html"))
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
def test_citations_link_to_the_list_with_the_full_reference_on_hover(shared_built):
    page = soup(shared_built, "index.html")
    link = page.select_one("span.bibtex-citation a")
    assert link["href"] == "list.html#austin2021program"
    assert link["title"] == ("Program Synthesis with Large Language Models. Jacob Austin, "
                             "Augustus Odena, and Maxwell Nye. arXiv preprint, 2021a. arXiv")
    # The letters are the citations' alone: the list says the year.
    listing = soup(shared_built, "list.html")
    assert listing.select_one("li#austin2021program .academic-venue").get_text() == (
        "arXiv preprint, 2021")
    assert listing.select_one("li#austin2021structured .academic-venue").get_text() == (
        "Advances in Neural Information Processing Systems, 2021")


@pytest.mark.sphinx("html", testroot="citations")
def test_footcite_renders_in_the_site_style(shared_built):
    page = soup(shared_built, "index.html")
    footnote, quoted = page.select("aside.footnote p")
    assert footnote.get_text() == (
        "PaLM: Scaling Language Modeling with Pathways. Aakanksha Chowdhery et al. Journal of "
        "Machine Learning Research, 2023.")
    # The entry's text as written, as the list gives it (compat's FootnotesAsWritten).
    assert quoted.get_text() == 'A "Quoted" Title... Ada Lovelace. 2019.'
    listed = soup(shared_built, "list.html").select_one("li#quoted2019 .academic-title")
    assert listed.get_text() == 'A "Quoted" Title...'


@pytest.mark.sphinx("html", testroot="citations")
def test_a_stock_bibliography_with_a_filter_renders_in_the_site_style(shared_built):
    page = soup(shared_built, "stock.html")
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


def test_year_letters_go_on_past_z():
    """28 papers of one author list in one year: 2021a … 2021z, then 2021aa and 2021ab."""
    from academic.bib.people import NameMatcher
    from academic.bib.records import load_bibliography
    from academic.citations.year_letters import disambiguated_years

    source = "".join(
        f"@article{{paper{i:02d},\n  title = {{Paper {i:02d}}},\n"
        "  author = {Austin, Jacob and Odena, Augustus and Nye, Maxwell},\n"
        "  journal = {Journal},\n  year = {2021},\n}\n\n" for i in range(28))
    bibliography = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"]))
    assert bibliography.problems == []
    years = disambiguated_years(bibliography.entries.values())
    assert sorted(years.values(), key=lambda year: (len(year), year)) == (
        [f"2021{letter}" for letter in "abcdefghijklmnopqrstuvwxyz"] + ["2021aa", "2021ab"])


@pytest.mark.sphinx("html", testroot="citations")
def test_a_filter_it_cannot_evaluate_falls_back_to_the_cited_entries(make_app, app_params):
    """sphinxcontrib-bibtex's own behaviour, kept by the site's faster domain (engine.py): a
    warning at the directive, and the entries cited anywhere instead of the filter's."""
    from conftest import plain_warnings

    args, kwargs = app_params
    source = Path(kwargs["srcdir"])
    with (source / "refs.bib").open("a") as bib:
        bib.write("\n@misc{uncited2022,\n  title = {An Uncited Note},\n"
                  "  author = {Lovelace, Ada},\n  year = {2022},\n}\n")
    stock = source / "stock.md"
    stock.write_text(stock.read_text().replace('year == "2021"', "2000 < year < 2030"))
    app = make_app(*args, **kwargs)
    app.build()
    message = (f"{stock}:3: WARNING: syntax error in :filter: expression; syntax for multiple "
               "comparators not supported [bibtex.filter_syntax_error]")
    assert set(plain_warnings(app).splitlines()) == {message}
    assert "An Uncited Note" in soup(app, "list.html").get_text()  # the entry is there
    items = [li.get_text(" ", strip=True) for li in soup(app, "stock.html").select("article ul li")]
    assert [item.split(". ")[0] for item in items] == [
        "PaLM: Scaling Language Modeling with Pathways",
        "Program Synthesis with Large Language Models",
        "Structured Denoising Diffusion Models in Discrete State-Spaces",
        "A BibLaTeX entry",
    ]


def test_a_citation_of_too_many_keys_or_of_keys_run_together_is_named():
    """sphinxcontrib-bibtex reads a citation's keys by recursion, a call per key: 1,000 keys
    passed Python's recursion limit, and keys without commas raised; both ended the build."""
    assert citation_problem("{see}a{p. 3, 4}, b{ff.}") == ""
    assert citation_problem(",".join(["a"] * MAX_CITED_KEYS)) == ""
    assert citation_problem(",".join(["a"] * 100_000)) == (
        "a citation of 100,000 keys, more than 200: cite fewer at once (a list of papers is "
        "the publications directive's)")
    assert citation_problem("a b") == (
        "cannot read the keys of the citation 'a b': separate them with commas, with the text "
        "before or after a key in braces ({see}key{p. 3})")


@pytest.mark.sphinx("html", testroot="citations")
def test_a_citation_it_cannot_read_is_a_warning_at_its_line(make_app, app_params):
    from conftest import plain_warnings

    args, kwargs = app_params
    index = Path(kwargs["srcdir"]) / "index.md"
    keys = ",".join(["austin2021program"] * 1000)
    index.write_text(index.read_text() + f"\nmany: {{cite:p}}`{keys}`\n\n"
                     "together: {cite}`austin2021program chowdhery2023palm`\n")
    app = make_app(*args, **kwargs)
    app.build()
    lines = len(index.read_text().splitlines())
    assert plain_warnings(app).splitlines() == [
        f"{index}:{lines - 2}: WARNING: a citation of 1,000 keys, more than 200: cite fewer at "
        "once (a list of papers is the publications directive's) [academic.cite]",
        f"{index}:{lines}: WARNING: cannot read the keys of the citation 'austin2021program "
        "chowdhery2023palm': separate them with commas, with the text before or after a key in "
        "braces ({see}key{p. 3}) [academic.cite]"]
