"""Search on the owner's site, in Chromium: every query of search_queries.toml (what a reader
of this site types) finds its page among the first three results, each with a snippet that
shows a word of the query highlighted whole; his papers listed once, as test_search_browser.py
checks its test root (whose other checks of the search page hold on any site); and the general
index lists his research topics."""

from __future__ import annotations

import pytest
from browser import load_queries, search
from test_search_browser import (  # noqa: F401  (run here too, on the owner's site)
    assert_query_finds_its_page,
    every_snippet_in,
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
def test_query_finds_its_page_in_the_top_three(search_page, site_url, query):
    assert_query_finds_its_page(search_page, site_url, query)


def test_site_index_has_the_owners_research_topics(owner_site):
    entries = site_index(owner_site)
    for topic in ("program synthesis", "discrete diffusion", "code review", "AI for science",
                  "LLM systems", "robotics", "stellarator", "plasma physics"):
        assert topic in entries, topic
    assert {"program synthesis", "discrete diffusion", "plasma physics"} <= entries[
        "research topics"]


@pytest.mark.parametrize("query", ["bibtex", "cv", "arxiv"])
def test_the_sites_own_documentation_comes_after_every_visitor_page(search_page, site_url,
                                                                     query):
    """The colophon (front matter `search_rank: last`) is for those who fork the site."""
    results = search(search_page, site_url, query)
    documentation = [i for i, href in enumerate(results) if href.startswith("colophon/")]
    visitors = [i for i, href in enumerate(results) if not href.startswith("colophon/")]
    assert documentation and visitors, results
    assert max(visitors) < min(documentation), results


@pytest.mark.parametrize(("query", "offered"), [
    ("swimming", "seiping"), ("Hugging", "Highing"), ("Berkeley", "Berg")])
def test_a_word_not_on_the_site_is_offered_no_far_word(search_page, site_url, query, offered):
    """A stem is near another more often than a word is: "swim" is two edits from "seip" (of
    ICSE-SEIP), and the search offered "seiping", a word of no page; "hug" met "high", and
    "Berkeley" met "berg" from its start. Words the site has may still answer (a title word
    starting as typed)."""
    search(search_page, site_url, query)
    assert search_page.eval_on_selector_all(
        "#search-results .search-suggestion a", "links => links.map(a => a.textContent)") == []
    assert offered not in search_page.inner_text("#search-results")
    assert "Did you mean" not in search_page.inner_text("#search-results")
    assert search_page.errors == []


def test_a_section_is_listed_once_whether_its_title_or_its_index_entry_matches(search_page,
                                                                             site_url):
    """"Machine Learning" is a section of Teaching and an entry of its index: the index entry's
    result, turned into its section's link once its snippet is in, listed the section twice."""
    search(search_page, site_url, "Machine Learning")
    shown(search_page)
    every_snippet_in(search_page)
    links = search_page.eval_on_selector_all("#search-results ul.search > li > a",
                                             "links => links.map(a => a.href)")
    assert any(link.endswith("teaching/#machine-learning") for link in links), links
    assert len(links) == len(set(links)), "\n".join(links)


def test_a_project_found_by_a_tag_is_named_by_its_card(search_page, site_url):
    """A tag is found in a card: the result says which project, and leads to its card (it
    said "Projects", and led to the page's top)."""
    search(search_page, site_url, "CUDA")
    shown(search_page)
    every_snippet_in(search_page)
    results = search_page.eval_on_selector_all(
        "#search-results ul.search > li > a", "links => links.map(a => [a.textContent, a.href])")
    assert ["Projects › Titan", site_url + "projects/#project-titan"] in [
        list(result) for result in results], results
