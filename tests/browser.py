"""Fixtures for tests that drive Debian's Chromium through Playwright: a site, built once per
session and served on a free localhost port, and a browser.

The site is the test root tests/roots/test-browser (``built_site``, ``site_url``): the
extension's browser tests run on it, whoever's site this checkout holds. The owner's own site,
docs/ (``owner_site``), is built for the tests of its content, tests/test_site_*.py, which serve
it under the name ``site_url`` of their own.

Import the fixtures into a test module (``from browser import built_site_fixture``; its name
as a fixture is ``built_site``). Without
/usr/bin/chromium the browser tests are skipped, or fail when ACADEMIC_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
import tomllib
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
#: Sphinx writes this line once a search has finished, found something or not.
SEARCH_DONE = ("() => { const s = document.querySelector('#search-results .search-summary');"
               " return s !== null && s.textContent.length > 0; }")


def load_queries(path: Path = TESTS / "search_queries.toml") -> list[dict]:
    """Search queries and the page each must find: the owner's site's, unless ``path`` says."""
    with path.open("rb") as file:
        return tomllib.load(file)["query"]


#: The browser tests' own site.
BROWSER_ROOT = TESTS / "roots" / "test-browser"


def build_site(outdir: Path, *extra: str, source: Path = REPO / "docs") -> Path:
    """Build a site (the real one, unless ``source`` says) into ``outdir`` (dirhtml), in a
    process of its own; a test root finds the extension on PYTHONPATH."""
    path = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-d", str(outdir) + "-doctrees",
         *extra, str(source), str(outdir)],
        cwd=REPO, check=True, env={**os.environ, "PYTHONPATH": path},
    )
    return outdir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path,
          handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler,
          ) -> Iterator[str]:
    """Serve a folder on a free localhost port from a thread; yields its base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def search(page, base: str, query: str) -> list[str]:
    """Open the site's search page for a query; the results' addresses, best first, relative to
    the site ("projects/#project-titan")."""
    page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
    page.wait_for_function(SEARCH_DONE)
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a",
                                      "links => links.map(a => a.href)")
    return [href.removeprefix(base) for href in hrefs]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("ACADEMIC_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session", name="built_site")
def built_site_fixture(tmp_path_factory) -> Path:
    """The browser tests' site, tests/roots/test-browser, built once per session."""
    return build_site(tmp_path_factory.mktemp("browser-site") / "html", "-W", "-n", "--keep-going",
                      source=BROWSER_ROOT)


@pytest.fixture(scope="session", name="site_url")
def site_url_fixture(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session", name="owner_site")
def owner_site_fixture(tmp_path_factory) -> Path:
    """The owner's site, built from docs/ once per session (for tests/test_site_*.py)."""
    return build_site(tmp_path_factory.mktemp("owner-site") / "html")


@pytest.fixture(scope="module", name="owner_site_url")
def owner_site_url_fixture(owner_site: Path) -> Iterator[str]:
    with serve(owner_site) as url:
        yield url


@pytest.fixture(scope="module", name="chromium")
def chromium_fixture():
    """Debian's Chromium, headless; one per test module, so modules can each start Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(name="browser_page")
def browser_page_fixture(chromium):
    """A fresh page; ``page.errors`` collects console errors and uncaught exceptions."""
    context = chromium.new_context()
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
