"""Output safety in Chromium: hostile text in every field leaves every page's head as the same
text in plain words would (title, meta tags, JSON-LD all there), and nothing runs."""

from __future__ import annotations

from pathlib import Path

from browser import SEARCH_DONE, serve
from test_output_safety import LIVE, hostile_site

HEAD = """() => Array.from(document.head.children).map(element =>
    element.tagName + (element.getAttribute('type') || '') + (element.getAttribute('name') || '')
    + (element.getAttribute('property') || ''))"""
LINKS = """() => Array.from(document.querySelectorAll('[href], [src]')).map(element =>
    element.getAttribute('href') ?? element.getAttribute('src') ?? '')"""


def test_every_head_is_intact_and_nothing_runs(make_app, tmp_path, browser_page):
    hostile = make_app("dirhtml", srcdir=hostile_site(tmp_path / "hostile"))
    hostile.build(force_all=True)
    plain = make_app("dirhtml", srcdir=hostile_site(tmp_path / "plain", "Plain text"))
    plain.build(force_all=True)
    dialogs: list[str] = []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(path.relative_to(plain.outdir).as_posix()
                   for path in Path(plain.outdir).rglob("index.html"))
    assert len(pages) >= 5
    with serve(Path(hostile.outdir)) as hostile_url, serve(Path(plain.outdir)) as plain_url:
        for page in pages:
            browser_page.goto(plain_url + page)
            expected = browser_page.evaluate(HEAD)
            browser_page.goto(hostile_url + page)
            assert browser_page.evaluate(HEAD) == expected, page
            assert not [link for link in browser_page.evaluate(LINKS) if LIVE.match(link)], page
            for script in browser_page.eval_on_selector_all(
                    'script[type="application/ld+json"]', "s => s.map(e => e.textContent)"):
                assert "<" not in script
        # The search lays its results out from the index, where the hostile text is a title,
        # a venue and a card's description: shown as text, nothing run.
        for query in ("script", "alert", "javascript"):
            browser_page.goto(f"{hostile_url}search/?q={query}")
            browser_page.wait_for_function(SEARCH_DONE)
            titles = browser_page.eval_on_selector_all("#search-results li > a",
                                                       "links => links.map(a => a.textContent)")
            assert titles, query
            assert not browser_page.eval_on_selector_all(
                "#search-results script, #search-results b, #search-results img", "e => e.length")
    assert dialogs == []
    # Served from a folder of its own, not at html_baseurl's path: files it names from there
    # (the favicon) are missing in both sites alike; a script's error would be here too.
    assert [error for error in browser_page.errors
            if not error.startswith("Failed to load resource")] == []
