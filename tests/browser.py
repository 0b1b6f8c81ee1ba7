"""Fixtures for tests that drive Debian's Chromium through Playwright: a site, built once per
session and served on a free localhost port, and a browser.

The site is the test root tests/roots/test-browser (``built_site``, ``site_url``): the
extension's browser tests run on it, whoever's site this checkout holds. The owner's own site,
docs/ (``owner_site``), is built for the tests of its content, tests/test_site_*.py, which serve
it under the name ``site_url`` of their own.

The fixtures are those of a pytest plugin (tests/conftest.py loads it): a test asks for
``built_site``, ``site_url``, ``chromium``, ``browser_page``... by name and imports nothing. Each
is made once per test process (per xdist worker) or per module, as its scope says: one
browser, one context per module, one page per viewport per module. Without
/usr/bin/chromium the browser tests are skipped, or fail when ACADEMIC_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
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
#: --in-process-gpu: the compositor (software, with --disable-gpu) runs in the browser's own
#: process instead of a GPU process of its own. Pages are drawn the same; the browser tests
#: take about 14 % less CPU (the GPU process's work and its messages with every renderer),
#: measured over the 213 browser tests, three runs each way.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--in-process-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
#: Chromium (156) makes a page of browser UI for every window, and so for every browser context
#: a test opens: the address bar's suggestion popup (chrome://omnibox-popup.top-chrome/), in a
#: renderer of its own that takes about 0.7 s of CPU as it starts. No test shows an address bar;
#: turned off, the browser tests take 0.71x the time (median of three runs, 213 tests).
UNUSED_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup")
DISABLE_FEATURES = "--disable-features="
#: Sphinx writes this line once a search has finished, found something or not.
SEARCH_DONE = ("() => { const s = document.querySelector('#search-results .search-summary');"
               " return s !== null && s.textContent.length > 0; }")


def load_queries(path: Path = TESTS / "search_queries.toml") -> list[dict]:
    """Search queries and the page each must find: the owner's site's, unless ``path`` says."""
    with path.open("rb") as file:
        return tomllib.load(file)["query"]


#: The browser tests' own site.
BROWSER_ROOT = TESTS / "roots" / "test-browser"
#: The sources' date of every site these helpers build (SOURCE_DATE_EPOCH), fixed as `nox -s
#: build` fixes it: the feed's dates are known (test_one_truth.py's reader checks them).
SOURCE_DATE_EPOCH = 1_700_000_000


def build_site(outdir: Path, *extra: str, source: Path = REPO / "docs") -> Path:
    """Build a site (the real one, unless ``source`` says) into ``outdir`` (dirhtml), in a
    process of its own; a test root finds the extension on PYTHONPATH."""
    path = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-d", str(outdir) + "-doctrees",
         *extra, str(source), str(outdir)],
        cwd=REPO, check=True,
        env={**os.environ, "PYTHONPATH": path, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)},
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


#: Run a query in the search page already open, as loading its address would: the address and
#: the box say the query, the last query's results are gone (Sphinx's own `performSearch` adds
#: its list after them) and the page's own `Search.performSearch` lays out the results.
QUERY_IN_PLACE = """query => {
  history.replaceState(null, "", "?" + new URLSearchParams({q: query}));
  document.querySelectorAll("input[name='q']").forEach(box => { box.value = query; });
  document.getElementById("search-results").replaceChildren();
  Search.performSearch(query);
}"""


def search(page, base: str, query: str) -> list[str]:
    """The site's search results for a query: their addresses, best first, relative to the site
    ("projects/#project-titan").

    The first query of a page opens the search page's address; a page already showing the
    site's search page with its index loaded (`search_page`, one per module) runs the next query
    in place: the same script and index, without loading the page and index again.
    """
    if page.url.startswith(f"{base}search/") and page.evaluate(
            "() => typeof Search === 'object' && Search.hasIndex()"):
        page.evaluate(QUERY_IN_PLACE, query)
    else:
        page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
    page.wait_for_function(SEARCH_DONE)
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a",
                                      "links => links.map(a => a.href)")
    return [href.removeprefix(base) for href in hrefs]


def disable_features_switches(browser) -> list[str]:
    """The `--disable-features` switches a browser launched with `--enable-automation` runs
    with (the DevTools protocol's `Browser.getBrowserCommandLine` answers under that switch)."""
    switches = browser.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]
    return [switch for switch in switches if switch.startswith(DISABLE_FEATURES)]


def playwrights_disable_features(browser_type) -> list[str]:
    """The `--disable-features` switches Playwright launches Chromium with, read from a browser
    started only to tell them."""
    probe = browser_type.launch(executable_path=str(CHROMIUM),
                                args=[*CHROMIUM_ARGS, "--enable-automation"])
    try:
        return disable_features_switches(probe)
    finally:
        probe.close()


def features_of(switches: list[str]) -> list[str]:
    """The features `--disable-features` switches name."""
    return [feature for switch in switches
            for feature in switch.removeprefix(DISABLE_FEATURES).split(",") if feature]


def launch_chromium(browser_type, *extra: str):
    """Debian's Chromium (Playwright's ``browser_type``), headless (CHROMIUM_ARGS and ``extra``),
    without the UNUSED_FEATURES.

    Chromium reads the last `--disable-features` switch alone, and Playwright passes one of its
    own (features that make its runs unreliable): its list is passed again with these added, in
    place of its own switch.
    """
    own = playwrights_disable_features(browser_type)
    return browser_type.launch(
        executable_path=str(CHROMIUM), ignore_default_args=own,
        args=[*CHROMIUM_ARGS, *extra,
              DISABLE_FEATURES + ",".join([*features_of(own), *UNUSED_FEATURES])])


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("ACADEMIC_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def build_strictly(outdir: Path, source: Path = REPO / "docs") -> Path:
    """Build a site as `nox -s build` does (-W -n --keep-going): the test fails, naming the
    warnings, unless the build passes with none."""
    warnings = outdir.parent / f"{outdir.name}-warnings.txt"
    try:
        build_site(outdir, "-W", "-n", "--keep-going", "-w", str(warnings), source=source)
    except subprocess.CalledProcessError:
        pytest.fail(f"{source} does not build strictly:\n{warnings.read_text()}")
    assert warnings.read_text() == ""
    return outdir


# --- fixtures: this file is a pytest plugin (tests/conftest.py), so each is made once per test
# process (per xdist worker), whichever modules ask for it. A module that imports one of them
# makes its own copy: import the helpers, never the fixtures.


@contextlib.contextmanager
def held(lock: Path) -> Iterator[None]:
    """An exclusive lock on a file while the block runs (released however the process ends)."""
    import fcntl  # POSIX, as Chromium's path above is

    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def built_once(tmp_path_factory, name: str, build) -> Path:
    """``build(folder)`` once for the whole test run, its result shared by every test process.

    The xdist workers of one run have folders side by side in one temporary folder: the first
    to ask builds there, under a lock, and the others wait for it and read the same site (only
    read: no test writes into these). Without xdist, the run's own temporary folder.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / name
    with held(shared / f"{name}.lock"):
        if not (shared / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            (shared / f"{name}.done").touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The browser tests' site, tests/roots/test-browser, built once for the run."""
    return built_once(tmp_path_factory, "browser-site",
                      lambda folder: build_strictly(folder / "html", source=BROWSER_ROOT)) / "html"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def owner_site(tmp_path_factory) -> Path:
    """The owner's site, built strictly from docs/ once for the run (for tests/test_site*.py)."""
    return built_once(tmp_path_factory, "owner-site",
                      lambda folder: build_strictly(folder / "html")) / "html"


@pytest.fixture(scope="session")
def owner_site_url(owner_site: Path) -> Iterator[str]:
    with serve(owner_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless: one for the whole run of a test process."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright.chromium)
        yield browser
        browser.close()


def watch_errors(page):
    """``page.errors`` collects console errors and uncaught exceptions."""
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture(scope="module")
def browser_context(chromium):
    """One browser context (a profile: its cache, its storage) for a module's tests."""
    context = chromium.new_context()
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context):
    """A new page of the module's browser context; ``page.errors`` as `watch_errors` says."""
    page = watch_errors(browser_context.new_page())
    yield page
    page.close()


@pytest.fixture
def fresh_page(chromium):
    """A page in a context of its own, with nothing cached: for tests of what a page fetches."""
    context = chromium.new_context()
    yield watch_errors(context.new_page())
    context.close()


@pytest.fixture(scope="module")
def _search_page(browser_context):
    page = watch_errors(browser_context.new_page())
    yield page
    page.close()


@pytest.fixture
def search_page(_search_page):
    """One page for every query of a module (`search` opens each query's results in it), its
    errors cleared for each test."""
    _search_page.errors.clear()
    return _search_page


@pytest.fixture(scope="module")
def _screens(chromium):
    """One page per viewport for a module's tests (viewport → page), each in a context of its
    own, made the first time a test asks for that viewport."""
    pages: dict[tuple[int, int], object] = {}
    contexts = []

    def page_for(viewport: dict):
        key = (viewport["width"], viewport["height"])
        if key not in pages:
            contexts.append(chromium.new_context(viewport=viewport))
            pages[key] = contexts[-1].new_page()
        return pages[key]

    yield page_for
    for context in contexts:
        context.close()


@pytest.fixture(name="screen")
def screen_fixture(_screens, site_url):
    """A page of the site at a viewport and a colour scheme: screen(path, viewport, scheme)
    opens it, in the module's page for that viewport, the scheme set by `emulate_media`."""

    def open_page(path: str, viewport: dict, scheme: str):
        page = _screens(viewport)
        page.emulate_media(color_scheme=scheme)
        page.goto(site_url + path, wait_until="load")
        return page

    return open_page
