"""Search on the owner's site, in Chromium: every query of search_queries.toml (what a reader
of this site types) finds its page among the first three results, each with a snippet that
shows a word of the query highlighted whole; his pages' headings, projects and papers, as
test_search_browser.py checks its test root; and the general index lists his research topics."""

from __future__ import annotations

import pytest
from browser import (  # noqa: F401  (fixtures: browser_page, chromium, owner_site, owner_site_url)
    SEARCH_DONE,
    browser_page_fixture,
    chromium_fixture,
    load_queries,
    owner_site_fixture,
    owner_site_url_fixture,
    search,
)
from test_search_browser import (  # noqa: F401  (run here too, on the owner's site)
    assert_query_finds_its_page,
    shown,
    test_a_paper_is_listed_once_at_its_own_page,
)
from test_search_index import (  # noqa: F401  (run here too, on the owner's site)
    site_index,
    test_site_index_has_every_project_and_publication,
)

pytestmark = pytest.mark.browser

QUERIES = load_queries()


@pytest.fixture(scope="module")
def site_url(owner_site_url: str) -> str:
    """The owner's site, where the imported tests and the ones below look."""
    return owner_site_url


@pytest.fixture
def built_site(owner_site):
    """The owner's site, for the general index test imported from test_search_index.py."""
    return owner_site


@pytest.mark.parametrize("query", QUERIES, ids=[q["q"] for q in QUERIES])
def test_query_finds_its_page_in_the_top_three(browser_page, site_url, query):
    assert_query_finds_its_page(browser_page, site_url, query)


def test_a_query_with_an_apostrophe_highlights_whole_words(browser_page, site_url):
    results = search(browser_page, site_url, "Austin's")
    assert results
    highlights = [h for r in shown(browser_page) for h in r["highlights"]]
    assert highlights and set(highlights) == {"Austin"}
    # Everything on the page, not only the first three, once every snippet is in.
    browser_page.wait_for_load_state("networkidle")
    everything = browser_page.eval_on_selector_all(
        "#search-results .highlighted", "marks => marks.map(m => m.textContent)")
    assert set(everything) == {"Austin"}


def test_the_results_say_where_the_words_are(browser_page, site_url):
    # A heading that holds the words.
    search(browser_page, site_url, "serving Google’s LLMs")
    titles = [r["title"] for r in shown(browser_page)]
    assert titles[0] == "Research › Training and serving Google’s LLMs"
    # A page found by its text: the section the snippet is from.
    results = search(browser_page, site_url, "Carnegie Hall")
    assert shown(browser_page)[0]["title"] == "Music and mountains › Piano and chamber music"
    assert browser_page.eval_on_selector(
        "#search-results ul.search > li > a", "a => a.hash") == "#piano-and-chamber-music"
    assert results[0].startswith("music/")


def test_a_page_is_listed_once_and_where_its_thing_is(browser_page, site_url):
    results = search(browser_page, site_url, "Titan")
    assert results[0] == "projects/#project-titan"
    assert "publications/austin2020titan/" in results[:3]
    # The projects page is not listed again below its card, nor the paper under its own page.
    assert "projects/" not in results
    assert len(results) == len(set(results))


def test_every_word_must_be_on_the_page(browser_page, site_url):
    # Sphinx lets pages with only "palm", or only "2", through.
    assert search(browser_page, site_url, "PaLM 2")[0] == "publications/anil2023palm2/"
    shown(browser_page)
    browser_page.wait_for_load_state("networkidle")  # a list that only lists the paper goes
    final = browser_page.eval_on_selector_all("#search-results ul.search > li > a",
                                              "links => links.map(a => a.href)")
    # The paper's page, and the pages whose text names "PaLM 2" (the home page, Research).
    assert final and all(r.removeprefix(site_url).split("#")[0] in (
        "publications/anil2023palm2/", "research/", "") for r in final), final
    assert search(browser_page, site_url, "zzzz 2021") == []


def test_the_search_box_takes_its_query_to_the_search_page(browser_page, site_url):
    browser_page.goto(f"{site_url}projects/")
    browser_page.fill("input.sidebar-search", "Frommgen")
    browser_page.press("input.sidebar-search", "Enter")
    browser_page.wait_for_url("**/search/?q=Frommgen*")
    browser_page.wait_for_function(SEARCH_DONE)
    first = browser_page.eval_on_selector("#search-results ul.search > li > a", "a => a.href")
    assert first.endswith("publications/frommgen2024resolving/")



def test_site_index_has_the_owners_research_topics(owner_site):
    entries = site_index(owner_site)
    for topic in ("program synthesis", "discrete diffusion", "code review", "AI for science",
                  "LLM systems", "robotics", "stellarator", "plasma physics"):
        assert topic in entries, topic
    assert {"program synthesis", "discrete diffusion", "plasma physics"} <= entries[
        "research topics"]


@pytest.mark.parametrize("query", ["bibtex", "cv", "arxiv"])
def test_the_sites_own_documentation_comes_after_every_visitor_page(browser_page, site_url,
                                                                     query):
    """The colophon (front matter `search_rank: last`) is for those who fork the site."""
    results = search(browser_page, site_url, query)
    documentation = [i for i, href in enumerate(results) if href.startswith("colophon/")]
    visitors = [i for i, href in enumerate(results) if not href.startswith("colophon/")]
    assert documentation and visitors, results
    assert max(visitors) < min(documentation), results
