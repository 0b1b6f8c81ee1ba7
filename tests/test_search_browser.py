"""Search on the real site, in Chromium: every query of search_queries.toml finds its page among
the first three results; the browser splits and folds words as the index did; Ctrl-K and "/"
focus the search box."""

from __future__ import annotations

import pytest
from academic.search import academic_language, base_language
from browser import (  # noqa: F401  (fixtures: browser_page, built_site, chromium, site_url)
    SEARCH_DONE,
    browser_page_fixture,
    built_site_fixture,
    chromium_fixture,
    load_queries,
    search,
    site_url_fixture,
)

pytestmark = pytest.mark.browser

QUERIES = load_queries()


def matches(result: str, expected: dict) -> bool:
    path, _, fragment = result.partition("#")
    return path == expected["page"] and fragment == expected.get("anchor", fragment)


@pytest.mark.parametrize("query", QUERIES, ids=[q["q"] for q in QUERIES])
def test_query_finds_its_page_in_the_top_three(browser_page, site_url, query):
    results = search(browser_page, site_url, query["q"])
    assert any(matches(r, query) for r in results[:3]), (
        f"{query['q']!r} ({query['why']}): expected {query['page']}"
        f"{'#' + query['anchor'] if 'anchor' in query else ''} in the top 3, got {results[:5]}"
    )
    browser_page.wait_for_load_state("networkidle")  # the results' summaries are fetched
    assert browser_page.errors == []


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
    assert all(r.startswith(("publications/anil2023palm2/", "research/"))
               for r in search(browser_page, site_url, "PaLM 2"))
    assert search(browser_page, site_url, "zzzz 2021") == []


def test_the_browser_splits_and_folds_words_as_the_index_does(browser_page, site_url):
    samples = ["Frömmgen", "Fro\u0308mmgen", "C++17 and C# in 2021", "Notepad++ ÆSIR Straße",
               "ICSE-SEIP rm@256 D3PMs", "Diffusion models, denoising", "AI/ML", "ﬁne ²"]
    browser_page.goto(f"{site_url}search/")
    browser_page.wait_for_function("typeof Search !== 'undefined' && Search.hasIndex()")
    in_browser = browser_page.evaluate(
        """samples => samples.map(s => {
             const stemmer = new Stemmer();
             return splitQuery(s).map(w => stemmer.stemWord(w.toLowerCase()));
           })""",
        samples,
    )
    language = academic_language(base_language("en"))({})
    in_python = [[language.stem(w).lower() for w in language.split(s)] for s in samples]
    assert in_browser == in_python
    assert in_python[0] == in_python[1] == ["frommgen"]
    assert browser_page.errors == []


def test_the_search_box_takes_its_query_to_the_search_page(browser_page, site_url):
    browser_page.goto(f"{site_url}projects/")
    browser_page.fill("input.sidebar-search", "Frommgen")
    browser_page.press("input.sidebar-search", "Enter")
    browser_page.wait_for_url("**/search/?q=Frommgen*")
    browser_page.wait_for_function(SEARCH_DONE)
    first = browser_page.eval_on_selector("#search-results ul.search > li > a", "a => a.href")
    assert first.endswith("publications/frommgen2024resolving/")


@pytest.mark.parametrize("keys", ["/", "Control+k", "Meta+k"])
def test_keyboard_shortcut_focuses_the_search_box(browser_page, site_url, keys):
    browser_page.goto(f"{site_url}research/")
    browser_page.wait_for_load_state("load")
    browser_page.keyboard.press(keys)
    assert browser_page.evaluate("document.activeElement.name") == "q"
    browser_page.keyboard.type("diffusion")
    assert browser_page.input_value("input.sidebar-search") == "diffusion"
    assert browser_page.errors == []


def test_ctrl_k_opens_the_navigation_drawer_on_a_narrow_screen(browser_page, site_url):
    browser_page.set_viewport_size({"width": 400, "height": 800})
    browser_page.goto(f"{site_url}music/")
    browser_page.wait_for_load_state("load")
    assert not browser_page.is_checked("#__navigation")
    browser_page.keyboard.press("Control+k")
    assert browser_page.is_checked("#__navigation")
    assert browser_page.evaluate("document.activeElement.name") == "q"


def test_search_scripts_load_only_where_needed(browser_page, site_url):
    loaded = []
    browser_page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1].split("?")[0]))
    browser_page.goto(f"{site_url}teaching/")
    browser_page.wait_for_load_state("load")
    assert not {"academic-search.js", "searchtools.js", "searchindex.js"} & set(loaded)
    # The shortcut's script is there (as a file or written into the page).
    assert browser_page.get_attribute("input.sidebar-search", "aria-keyshortcuts")
