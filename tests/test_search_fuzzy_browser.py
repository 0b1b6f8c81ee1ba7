"""A misspelt search, in Chromium, on the test root tests/roots/test-browser: a query one or two
letters off the words of the site finds the pages of the nearest words, with a "Did you mean"
line that runs the corrected query; a query spelt right runs as typed, with no such line.
test_site_search.py runs the owner's misspelt queries (search_queries.toml, ``corrected``)."""

from __future__ import annotations

import urllib.parse

import pytest
from browser import SEARCH_DONE, search
from test_pages_browser import CONTRAST, SCREENS, box
from test_search_browser import assert_query_finds_its_page, every_snippet_in, shown

pytestmark = pytest.mark.browser

#: What a reader might mistype on the test root, the page it must still find among the first
#: three results, and the query the search runs instead.
MISSPELT = [
    {"q": "difusion", "corrected": "diffusion", "page": "publications/quill2021diffusion/",
     "why": "a letter left out of a title word"},
    {"q": "Augustus Odna", "corrected": "Augustus Odena",
     "page": "publications/quill2021program/", "why": "a co-author, a letter left out"},
    {"q": "Lovelcae", "corrected": "Lovelace", "page": "publications/frommgen2024resolving/",
     "why": "a co-author, two letters swapped"},
    {"q": "Program Synthsis", "corrected": "Program Synthesis",
     "page": "publications/quill2021program/", "why": "a title's words, one misspelt"},
    {"q": "Titen", "corrected": "Titan", "page": "projects/", "anchor": "project-titan",
     "why": "a project's name, a letter changed"},
    {"q": "Wigmroe Hall", "corrected": "Wigmore Hall", "page": "music/",
     "why": "two letters swapped in a word of a page's text"},
    {"q": "Knoth", "corrected": "Knuth", "page": "publications/frommgen2024resolving/",
     "why": "a short name, one letter changed"},
    {"q": "simulaton", "corrected": "simulation", "page": "research/",
     "why": "a letter left out where it keeps the stemmer from finding the stem ('simul')"},
]


def suggestions(page) -> list[str]:
    return page.eval_on_selector_all("#search-results .search-suggestion a",
                                     "links => links.map(a => a.textContent)")


def summary(page) -> str:
    return page.inner_text("#search-results .search-summary")


def final_results(page, site_url: str, query: str) -> list[str]:
    """The results once every snippet is in: a result whose words are only in a paper's entry
    listed above is taken out then (test_search_browser.test_a_paper_is_listed_once...)."""
    search(page, site_url, query)
    shown(page)
    every_snippet_in(page)
    return [href.removeprefix(site_url) for href in page.eval_on_selector_all(
        "#search-results ul.search > li > a", "links => links.map(a => a.href)")]


@pytest.mark.parametrize("query", MISSPELT, ids=[q["q"] for q in MISSPELT])
def test_a_misspelt_query_finds_its_page(search_page, site_url, query):
    # Its page among the first three, the corrected words highlighted, "Did you mean" the
    # corrected query (test_search_browser.assert_query_finds_its_page).
    assert_query_finds_its_page(search_page, site_url, query)


@pytest.mark.parametrize("query", MISSPELT[:3], ids=[q["q"] for q in MISSPELT[:3]])
def test_a_misspelt_query_shows_the_corrected_query_s_results(search_page, site_url, query):
    """The same results, in the same order, as the corrected query typed; the status line says
    both queries."""
    misspelt = final_results(search_page, site_url, query["q"])
    count = len(misspelt)
    assert summary(search_page) == (
        f"Nothing on this site matches “{query['q']}”: "
        + (f"{count} results" if count > 1 else "one result")
        + f" for “{query['corrected']}”")
    assert misspelt == final_results(search_page, site_url, query["corrected"])
    assert suggestions(search_page) == []
    assert search_page.errors == []


def test_did_you_mean_is_a_link_that_runs_the_corrected_query(search_page, site_url):
    search(search_page, site_url, "Augustus Odna")
    link = search_page.get_by_role("link", name="Augustus Odena", exact=True)
    assert search_page.inner_text("#search-results .search-suggestion") == (
        "Did you mean Augustus Odena?")
    # From the search box, the keyboard reaches it before the results.
    search_page.focus(".academic-search-form input[name=q]")
    for _ in range(3):  # the box, its button, then the line
        search_page.keyboard.press("Tab")
        if search_page.evaluate("document.activeElement.closest('.search-suggestion') !== null"):
            break
    assert search_page.evaluate("document.activeElement.textContent") == "Augustus Odena"
    search_page.keyboard.press("Enter")
    search_page.wait_for_url("**/search/?q=Augustus+Odena")
    search_page.wait_for_function(SEARCH_DONE)
    assert search_page.input_value(".academic-search-form input[name=q]") == "Augustus Odena"
    assert suggestions(search_page) == []
    assert link.count() == 0
    assert summary(search_page).endswith("for “Augustus Odena”")
    assert not summary(search_page).startswith("Nothing")
    assert search_page.errors == []


@pytest.mark.parametrize("query", [
    "Qiulk",  # "Quill" two edits off, and five letters allow one
    "Lvoleacx",  # "Lovelace" three edits off, where eight letters allow two
    "zz",  # two letters: a few edits from too many words to guess
    "2012",  # a number is never corrected: two digits swapped are another year (2021)
    "Augstus Odna Progrm Synthsis",  # four unknown words: another text, not a misspelling
    "zzqq $' $& ${count}",  # replacement patterns and a placeholder, shown as typed
])
def test_a_query_too_far_from_every_word_is_not_corrected(search_page, site_url, query):
    assert search(search_page, site_url, query) == []
    assert suggestions(search_page) == []
    assert summary(search_page) == (
        f"Nothing on this site matches “{query}”. Check the spelling, or try fewer words.")
    assert search_page.errors == []


@pytest.mark.parametrize("query", ["diffusion", "Augustus Odena", "Lovelace", "synth"])
def test_a_query_that_finds_anything_runs_as_typed(search_page, site_url, query):
    """No "Did you mean" line where the words are the site's (a word's start too: "synth")."""
    results = search(search_page, site_url, query)
    assert results
    assert suggestions(search_page) == []
    assert not summary(search_page).startswith("Nothing")


def test_the_search_box_keeps_what_was_typed(search_page, site_url):
    search_page.goto(f"{site_url}search/?q={urllib.parse.quote('difusion')}")
    search_page.wait_for_function(SEARCH_DONE)
    assert search_page.input_value(".academic-search-form input[name=q]") == "difusion"
    assert suggestions(search_page) == ["diffusion"]


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_the_line_is_read_before_the_results_on_every_screen(screen, viewport, scheme):
    page = screen("search/?q=difusion", viewport, scheme)
    page.wait_for_function(SEARCH_DONE)
    link = page.eval_on_selector("#search-results .search-suggestion a", CONTRAST)
    assert link["label"] == "diffusion"
    assert link["text"] >= 4.5, link  # WCAG AA for text of its size
    assert page.eval_on_selector(
        "#search-results .search-suggestion a",
        "a => getComputedStyle(a).textDecorationLine") == "underline"
    line = box(page, "#search-results .search-suggestion")
    first = box(page, "#search-results ul.search > li")
    assert line["left"] >= 0 and line["right"] <= viewport["width"], line
    assert line["bottom"] <= first["top"], (line, first)
