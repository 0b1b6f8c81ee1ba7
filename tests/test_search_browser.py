"""Search in Chromium, on the test root tests/roots/test-browser: a word highlighted whole; one
result per paper; the results page's heading, search box, count and arrow keys; the browser
splits and folds words as the index did; Ctrl-K and "/" focus the search box.
test_site_search.py checks the owner's site: the queries of search_queries.toml, his pages."""

from __future__ import annotations

import re

import pytest
from academic.search.tuning import academic_language, base_language, fold, split_words
from browser import BROWSER_ROOT, SEARCH_DONE, load_queries, search

pytestmark = pytest.mark.browser

#: The test root's own queries (test_site_search.py runs the owner's, search_queries.toml).
QUERIES = load_queries(BROWSER_ROOT / "queries.toml")

STEM = academic_language(base_language("en"))({}).stem


def matches(result: str, expected: dict) -> bool:
    path, _, fragment = result.partition("#")
    return path == expected["page"] and fragment == expected.get("anchor", fragment)


#: An HTML entity shown as text ("&#x27;", "&amp;").
ENTITY = re.compile(r"&(#x?[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def is_query_word(word: str, query: str) -> bool:
    """A whole word of the query, a word with its stem ("models" for "model"), one it begins
    ("synthesis" for "synth"), or a year with its letter ("2021b" for "2021")."""
    folded = fold(word)
    for asked in (fold(w) for w in split_words(query)):
        stem = STEM(asked)
        if folded in (asked, asked + "a", asked + "b") or STEM(folded) == stem:
            return True
        if len(stem) >= 3 and folded.startswith(stem) and folded.isalpha():
            return True
    return False


def shown(page) -> list[dict]:
    """The results on the page once their snippets are in: link, title, snippet, highlights."""
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results ul.search > li')].slice(0, 3)"
        ".every(li => li.dataset.snippet === 'done')")
    return page.eval_on_selector_all(
        "#search-results ul.search > li",
        """items => items.map(li => ({
             title: li.querySelector('a').textContent,
             snippet: li.querySelector('p.context')?.textContent ?? '',
             highlights: [...li.querySelectorAll('.highlighted')].map(h => h.textContent),
           }))""")


#: Every result the page has begun to summarise has its snippet. Results are summarised as they
#: come within 400 px of the screen (academic-search.js's IntersectionObserver); the margin here
#: is a little less, so that one at the very edge cannot keep the wait going.
EVERY_SNIPPET_IN = """() => [...document.querySelectorAll('#search-results ul.search > li')]
  .filter(li => li.getBoundingClientRect().top < innerHeight + 390)
  .every(li => li.dataset.snippet === 'done')"""


def every_snippet_in(page) -> None:
    """Wait until the results near the screen have their snippets (each fetched its page):
    what the page shows is final, and a failed fetch has been reported. Waiting for the
    network to be idle costs half a second a query."""
    page.wait_for_function(EVERY_SNIPPET_IN)


def assert_query_finds_its_page(browser_page, site_url: str, query: dict) -> None:
    """The query's page among the first three results (or first), each of them with a snippet
    that shows a word of the query highlighted whole; no entity shown as text, no error. A
    misspelt query (``corrected``) shows the corrected query's results and says "Did you mean"
    it; any other runs as typed, without that line."""
    results = search(browser_page, site_url, query["q"])
    suggested = browser_page.eval_on_selector_all(
        "#search-results .search-suggestion a", "links => links.map(a => a.textContent)")
    assert suggested == ([query["corrected"]] if "corrected" in query else []), query["q"]
    asked = query.get("corrected", query["q"])  # the words the results are for
    where = "first" if query.get("first") else "in the top 3"
    assert any(matches(r, query) for r in results[:1 if query.get("first") else 3]), (
        f"{query['q']!r} ({query['why']}): expected {query['page']}"
        f"{'#' + query['anchor'] if 'anchor' in query else ''} {where}, got {results[:5]}"
    )
    # Each of the first three shows why it matched: a word of the query, highlighted whole.
    for result in shown(browser_page)[:3]:
        assert result["highlights"], (query["q"], result)
        for highlight in result["highlights"]:
            assert highlight in result["snippet"]
            assert is_query_word(highlight, asked), (query["q"], highlight)
        assert not ENTITY.search(result["title"] + result["snippet"]), result
    every_snippet_in(browser_page)
    assert browser_page.errors == []


@pytest.mark.parametrize("query", QUERIES, ids=[q["q"] for q in QUERIES])
def test_query_finds_its_page_in_the_top_three(search_page, site_url, query):
    assert_query_finds_its_page(search_page, site_url, query)


def test_a_query_with_an_apostrophe_highlights_whole_words(browser_page, site_url):
    results = search(browser_page, site_url, "Quill's")
    assert results
    highlights = [h for r in shown(browser_page) for h in r["highlights"]]
    assert highlights and set(highlights) == {"Quill"}
    # Everything on the page, not only the first three, once every snippet is in.
    every_snippet_in(browser_page)
    everything = browser_page.eval_on_selector_all(
        "#search-results .highlighted", "marks => marks.map(m => m.textContent)")
    assert set(everything) == {"Quill"}


def test_a_paper_is_listed_once_at_its_own_page(browser_page, site_url):
    for query in ("Titan", "diffusion", "PaLM", "2021", "Augustus Odena", "NeurIPS"):
        results = search(browser_page, site_url, query)
        shown(browser_page)
        every_snippet_in(browser_page)
        final = browser_page.eval_on_selector_all(
            "#search-results ul.search > li > a", "links => links.map(a => a.href)")
        paths = [href.removeprefix(site_url) for href in final]
        assert len(paths) == len(set(paths)), (query, paths)
        # Not at its entry in the publications list: publications/#quill2020titan.
        papers = {p.split("/")[1] for p in paths if re.fullmatch(r"publications/\w+/", p)}
        assert not [p for p in results if p.partition("#")[2] in papers], (query, results)
        # Nor at a place whose only match is a listed paper's entry.
        titles = browser_page.eval_on_selector_all(
            "#search-results ul.search > li", "items => items.map(li => li.textContent)")
        assert len(titles) == len(paths)


def test_the_results_say_where_the_words_are(browser_page, site_url):
    # A heading that holds the words.
    search(browser_page, site_url, "serving large language models")
    titles = [r["title"] for r in shown(browser_page)]
    assert titles[0] == "Research › Training and serving large language models"
    # A page found by its text: the section the snippet is from.
    results = search(browser_page, site_url, "Wigmore Hall")
    assert shown(browser_page)[0]["title"] == "Music and trails › Piano and chamber music"
    assert browser_page.eval_on_selector(
        "#search-results ul.search > li > a", "a => a.hash") == "#piano-and-chamber-music"
    assert results[0].startswith("music/")


def test_the_results_page_has_one_heading_the_query_and_the_count(browser_page, site_url):
    search(browser_page, site_url, "Titan")
    shown(browser_page)
    every_snippet_in(browser_page)  # the count is final once snippets are in
    results = browser_page.eval_on_selector_all("#search-results ul.search > li", "l => l")
    assert browser_page.locator("h1").all_inner_texts() == ["Search"]
    assert browser_page.locator("#search-results h2, #search-results h3").count() == 0
    assert browser_page.input_value(".academic-search-form input[name=q]") == "Titan"
    summary = browser_page.inner_text("#search-results .search-summary")
    assert summary == f"{len(results)} results for “Titan”"
    assert browser_page.errors == []


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_search_box_is_at_the_top_on_every_screen(browser_page, site_url, size):
    width, height = size
    browser_page.set_viewport_size({"width": width, "height": height})
    search(browser_page, site_url, "diffusion")
    box = browser_page.locator(".academic-search-form input[name=q]")
    assert box.is_visible()
    bounds = box.bounding_box()
    assert bounds["y"] >= 0 and bounds["y"] + bounds["height"] <= height / 2
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width
    first = browser_page.locator("#search-results ul.search > li > a").first.bounding_box()
    assert bounds["y"] < first["y"]  # above the results
    # A new query from the box.
    box.fill("Coral")
    box.press("Enter")
    browser_page.wait_for_url("**/search/?q=Coral*")
    browser_page.wait_for_function(SEARCH_DONE)
    assert browser_page.locator("#search-results ul.search > li > a").first.get_attribute(
        "href").endswith("projects/#project-coral")


def test_arrow_keys_move_through_the_results_and_enter_opens_one(browser_page, site_url):
    results = search(browser_page, site_url, "PaLM")
    assert len(results) >= 2
    browser_page.focus(".academic-search-form input[name=q]")
    active = "document.activeElement.href ?? document.activeElement.name"
    browser_page.keyboard.press("ArrowDown")
    assert browser_page.evaluate(active) == site_url + results[0]
    browser_page.keyboard.press("ArrowDown")
    assert browser_page.evaluate(active) == site_url + results[1]
    browser_page.keyboard.press("ArrowUp")
    browser_page.keyboard.press("ArrowUp")
    assert browser_page.evaluate(active) == "q"
    browser_page.keyboard.press("ArrowDown")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url(site_url + results[0])
    assert browser_page.errors == []


def test_a_page_is_listed_once_and_where_its_thing_is(browser_page, site_url):
    results = search(browser_page, site_url, "Titan")
    assert results[0] == "projects/#project-titan"
    assert "publications/quill2020titan/" in results[:3]
    # The projects page is not listed again below its card, nor the paper under its own page.
    assert "projects/" not in results
    assert len(results) == len(set(results))


def test_every_word_must_be_on_the_page(browser_page, site_url):
    # Sphinx lets pages with only "palm", or only "2", through.
    assert search(browser_page, site_url, "PaLM 2")[0] == "publications/quill2023palm2/"
    shown(browser_page)
    every_snippet_in(browser_page)  # a list that only lists the paper goes
    final = browser_page.eval_on_selector_all("#search-results ul.search > li > a",
                                              "links => links.map(a => a.href)")
    assert final and all(r.removeprefix(site_url).startswith(
        ("publications/quill2023palm2/", "research/")) for r in final), final
    assert search(browser_page, site_url, "zzzz 2021") == []


def test_the_browser_splits_and_folds_words_as_the_index_does(browser_page, site_url):
    samples = ["Frömmgen", "Fro\u0308mmgen", "C++17 and C# in 2021", "Notepad++ ÆSIR Straße",
               "ICSE-SEIP rm@256 D3PMs", "Diffusion models, denoising", "AI/ML", "ﬁne ²"]
    browser_page.goto(f"{site_url}search/?q=words")  # the scripts load for a query only
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


def test_search_scripts_load_only_where_needed(fresh_page, site_url):
    browser_page = fresh_page  # nothing cached: every file the page loads is fetched
    loaded = []
    browser_page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1].split("?")[0]))
    browser_page.goto(f"{site_url}teaching/")
    browser_page.wait_for_load_state("load")
    assert not {"academic-search.js", "searchtools.js", "searchindex.js"} & set(loaded)
    # The shortcut's script is there (as a file or written into the page).
    assert browser_page.get_attribute("input.sidebar-search", "aria-keyshortcuts")


def test_the_empty_search_page_loads_no_script_file(fresh_page, site_url):
    """Without a query there is nothing to run: no search script and no index is fetched; the
    form's query reloads the page, which fetches them and shows the results."""
    browser_page = fresh_page  # nothing cached: every file the page loads is fetched
    scripts = []
    browser_page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script"
                    else None)
    browser_page.goto(f"{site_url}search/", wait_until="load")
    assert scripts == []
    browser_page.fill("#academic-search-query", "diffusion")
    browser_page.press("#academic-search-query", "Enter")
    browser_page.wait_for_url("**/search/?q=diffusion*")
    browser_page.wait_for_function(SEARCH_DONE)
    assert [url.split("?")[0].rsplit("/", 1)[1] for url in scripts] == [
        "searchtools.js", "language_data.js", "sphinx_highlight.js", "academic-search.js",
        "searchindex.js"]
    assert browser_page.locator("#search-results ul.search > li").count() > 0
    assert browser_page.errors == []


def test_a_result_opens_its_page_with_the_words_highlighted(browser_page, site_url):
    """Sphinx's sphinx_highlight.js, loaded on a page only when a search has left words to
    highlight (with doctools.js, which it needs)."""
    browser_page.goto(f"{site_url}search/?q=diffusion")
    browser_page.wait_for_function(SEARCH_DONE)
    browser_page.click("#search-results ul.search > li > a")
    browser_page.wait_for_selector("[role=main] .highlighted")
    words = browser_page.eval_on_selector_all("[role=main] .highlighted",
                                              "els => els.map(e => e.textContent.toLowerCase())")
    assert words and all(word.startswith("diffusion") for word in words)
    assert browser_page.errors == []


def test_a_page_opened_from_a_search_highlights_its_words(browser_page, site_url):
    """The words searched for are highlighted on the page a result opens: furo's icon titles
    ("Light mode") made Sphinx's highlighting throw and highlight nothing."""
    # The words of a search made earlier in this browser would be highlighted instead.
    browser_page.goto(site_url)
    browser_page.evaluate("() => localStorage.removeItem('sphinx_highlight_terms')")
    browser_page.goto(f"{site_url}research/?highlight=diffusion%20mode")
    browser_page.wait_for_selector("span.highlighted")
    highlighted = browser_page.eval_on_selector_all(
        ".highlighted", "nodes => nodes.map((node) => [node.closest('svg') !== null, "
        "node.textContent.toLowerCase()])")
    assert ["diffusion" in text for _, text in highlighted].count(True) >= 1
    assert not [text for in_svg, text in highlighted if in_svg]
    assert browser_page.errors == []


def ampersand_title(route) -> None:
    """The index as Sphinx writes it for a paper titled "PaLM 2 & Technical Report": its
    page's title as written, its publication's name escaped."""
    index = route.fetch().text()
    index = index.replace('"quill2023palm2","PaLM 2 Technical Report"',
                          '"quill2023palm2","PaLM 2 &amp; Technical Report"')
    route.fulfill(body=index.replace('"PaLM 2 Technical Report"', '"PaLM 2 & Technical Report"'),
                  content_type="text/javascript")


def test_a_title_with_an_ampersand_is_one_result_at_its_own_page(browser_page, site_url):
    """Sphinx writes a publication's name escaped in the index ("&amp;") and a page's title as
    written: the paper was listed twice, at its page and in the list, and "amp" found it."""
    browser_page.route("**/searchindex.js", ampersand_title)
    try:
        browser_page.goto("about:blank")
        results = search(browser_page, site_url, "Technical Report")
        # Once, at its own page: not again at its entry in the list.
        assert results.count("publications/quill2023palm2/") == 1, results
        assert not [result for result in results if result.endswith("#quill2023palm2")], results
        assert "publications/quill2023palm2/" not in search(browser_page, site_url, "amp")
        assert browser_page.errors == []
    finally:
        browser_page.unroute("**/searchindex.js")
        browser_page.goto("about:blank")  # the next test loads the index as Sphinx wrote it
