"""Search benchmark: the site's tuned search against plain Sphinx search, on the same content.

Builds docs/ twice in this run, with the academic extension's search tuning (the default) and
without it (``-D academic_search=0``: Sphinx's own index and searchtools.js), serves both, and
drives Debian's Chromium through Playwright to print:

1. the gzipped size of everything a search downloads: the search page and its assets, the
   search index and scripts, and the result pages fetched for the summaries;
2. the time from submitting a query in the sidebar search box to its results painted on the
   search page, median over the queries of tests/search_queries.toml;
3. how many of those queries find their expected page among the first three results.

Figures, not assertions.

    python tests/bench/search_bench.py [--repeat 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import sys
import tempfile
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
# The browser tests' helpers: one way to build, serve and drive the site.
from browser import CHROMIUM, CHROMIUM_ARGS, load_queries, serve  # noqa: E402
from browser import build_site as build  # noqa: E402

#: Files that exist for search (the rest of the search page is the theme's, on every page).
SEARCH_FILES = ("searchindex.js", "searchtools.js", "language_data.js", "academic-search.js",
                "academic-search-keys.js", "sphinx_highlight.js", "doctools.js",
                "documentation_options.js")

#: Runs in every page before its scripts: notes when the search box is submitted, and when the
#: search page has painted its first result and its finished list (Sphinx's summary line).
TIMING = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  if (!location.pathname.endsWith("/search/")) {
    addEventListener("submit", () => sessionStorage.setItem("submitted", String(now())), true);
    return;
  }
  const painted = (name) => requestAnimationFrame(() => setTimeout(() => (window[name] = now())));
  const observer = new MutationObserver(() => {
    if (!window.firstSeen && document.querySelector("#search-results ul.search > li")) {
      window.firstSeen = true;
      painted("firstPainted");
    }
    const summary = document.querySelector("#search-results .search-summary");
    if (summary && summary.textContent) {
      observer.disconnect();
      painted("allPainted");
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def downloads(browser, base: str, query: str) -> dict[str, int]:
    """Every response of one search, summaries included: path → gzipped bytes."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def note(response) -> None:
        path = urllib.parse.urlsplit(response.url).path
        with contextlib.suppress(Exception):  # a redirect has no body
            sizes[path] = gzipped(response.body())

    page.on("response", note)
    page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
    page.wait_for_function("document.querySelector('#search-results .search-summary')"
                           "?.textContent.length > 0")
    page.wait_for_load_state("networkidle")
    context.close()
    return sizes


def results(page, base: str, query: str) -> list[str]:
    page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
    page.wait_for_function("document.querySelector('#search-results .search-summary')"
                           "?.textContent.length > 0")
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a",
                                      "links => links.map(a => a.href)")
    return [href.removeprefix(base) for href in hrefs]


def found(query: dict, hrefs: list[str]) -> bool:
    for href in hrefs[:3]:
        path, _, fragment = href.partition("#")
        if path == query["page"] and fragment == query.get("anchor", fragment):
            return True
    return False


def time_search(page, base: str, query: str) -> tuple[float, float]:
    """Milliseconds from submitting the sidebar search box to the first result and to the whole
    list painted."""
    page.goto(f"{base}research/")
    page.fill("input.sidebar-search", query)
    page.press("input.sidebar-search", "Enter")
    page.wait_for_url("**/search/**")
    page.wait_for_function("window.allPainted !== undefined")
    submitted, first, whole = page.evaluate(
        "[Number(sessionStorage.getItem('submitted')), window.firstPainted ?? window.allPainted,"
        " window.allPainted]")
    return first - submitted, whole - submitted


def kib(size: float) -> str:
    return f"{size / 1024:7.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds over the queries")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the sites")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    queries = load_queries()

    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        print("building the site with the tuned search and with plain Sphinx search ...")
        sites = {
            "tuned": build(folder / "tuned"),
            "plain": build(folder / "plain", "-D", "academic_search=0"),
        }
        bases = {name: stack.enter_context(serve(path)) for name, path in sites.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)

        # 1. bytes
        sizes = {name: downloads(browser, base, queries[0]["q"]) for name, base in bases.items()}
        print(f"\n1. gzipped downloads of one search ({queries[0]['q']!r}, gzip -6)\n")
        names = sorted(set(sizes["tuned"]) | set(sizes["plain"]),
                       key=lambda p: (not p.endswith(SEARCH_FILES), p))
        print(f"   {'file':52} {'tuned':>11} {'plain':>11}")
        totals = {name: {"search": 0, "page": 0, "summaries": 0} for name in sizes}
        for path in names:
            kind = ("search" if path.endswith(SEARCH_FILES)
                    else "page" if "/_static/" in path or path.endswith("/search/")
                    else "summaries")
            for name in sizes:
                totals[name][kind] += sizes[name].get(path, 0)
            if kind != "summaries":
                row = [kib(sizes[n][path]) if path in sizes[n] else f"{'-':>11}"
                       for n in ("tuned", "plain")]
                print(f"   {path:52} {row[0]:>11} {row[1]:>11}")
        for kind, label in (("search", "search index and scripts"),
                            ("page", "search page, theme and assets"),
                            ("summaries", "result pages fetched for summaries")):
            tuned, plain = totals["tuned"][kind], totals["plain"][kind]
            ratio = f"{tuned / plain:5.2f}x" if plain else "  -"
            print(f"   {label:52} {kib(tuned)} {kib(plain)}  {ratio}")
        everything = {name: sum(totals[name].values()) for name in totals}
        print(f"   {'everything':52} {kib(everything['tuned'])} {kib(everything['plain'])}"
              f"  {everything['tuned'] / everything['plain']:5.2f}x")

        # 2. time, and 3. quality
        context = browser.new_context()
        context.add_init_script(TIMING)
        page = context.new_page()
        hits = {name: sum(found(q, results(page, base, q["q"])) for q in queries)
                for name, base in bases.items()}
        for query in queries:  # warm the browser's cache on both sites
            for base in bases.values():
                time_search(page, base, query["q"])
        times = {name: {"first": [], "whole": []} for name in bases}
        per_query = {name: {q["q"]: [] for q in queries} for name in bases}
        for _ in range(args.repeat):
            for query in queries:
                for name, base in bases.items():
                    first, whole = time_search(page, base, query["q"])
                    times[name]["first"].append(first)
                    times[name]["whole"].append(whole)
                    per_query[name][query["q"]].append(whole)
        context.close()

        print(f"\n2. submit → results painted, ms (median of {args.repeat} rounds)\n")
        print(f"   {'query':46} {'tuned':>8} {'plain':>8}")
        for query in queries:
            row = [statistics.median(per_query[n][query["q"]]) for n in ("tuned", "plain")]
            print(f"   {query['q']:46} {row[0]:8.1f} {row[1]:8.1f}")
        for key, label in (("first", "first result painted"), ("whole", "all results painted")):
            tuned = statistics.median(times["tuned"][key])
            plain = statistics.median(times["plain"][key])
            print(f"   median, {label:38} {tuned:8.1f} {plain:8.1f}  {tuned / plain:5.2f}x")

        print(f"\n3. expected page in the top 3: tuned {hits['tuned']}/{len(queries)}, "
              f"plain {hits['plain']}/{len(queries)}")


if __name__ == "__main__":
    main()
