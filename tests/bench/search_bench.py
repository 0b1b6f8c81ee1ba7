"""Search benchmark: the site's tuned search against plain Sphinx search, on the same content.

Builds docs/ twice in this run, with the academic extension's search tuning (the default) and
without it (``-D academic_search=0``: Sphinx's own index and searchtools.js), serves both
(gzipped, as a static host does), and drives Debian's Chromium through Playwright to print:

1. the gzipped size of everything a search downloads: the search page and its assets, the
   search index and scripts, and the result pages fetched for the summaries;
2. the time from submitting a query in the sidebar search box to its results painted on the
   search page, median over the queries of tests/search_queries.toml; and the time from
   opening a search page to its first result painted on a simulated slow phone (Lighthouse's
   mobile settings: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, a CPU 4x slower), the
   search index not yet cached, for queries spelt right and apart for misspelt ones;
3. how many of those queries find their expected page first, and among the first three; and
   apart, the misspelt ones (``corrected`` in the file): how many find their page among the
   first three (the misspelling hit rate), and how many find nothing at all;
4. at scale: the same site with 2,000 generated BibTeX entries (each with its own page) and
   100 pages citing them (tests/bench/build_bench.py's generator), tuned and plain: the search
   index's size, raw and gzipped, and the slow phone's time to the first result, also for a
   generated title with a letter left out (the nearest words found among thousands).

Figures, not assertions.

    python tests/bench/search_bench.py [--repeat 5] [--entries 2000] [--keep DIR] [--quick]

``--quick`` (what CI runs, so the benchmark cannot silently break): one round, the times of 2.
taken on a sample of the queries (the expected pages of 3. are still counted on every query),
one query searched cold, and 100 generated entries at scale. Its figures say that every measurement
still runs, not how fast the search is.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import mimetypes
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
# The browser tests' helpers: one way to build, serve and drive the site.
from browser import CHROMIUM, launch_chromium, load_queries, search  # noqa: E402
from browser import build_site as build  # noqa: E402
from browser import serve as serve_folder  # noqa: E402

sys.path.insert(0, str(REPO / "tests" / "bench"))
from build_bench import bibtex, site_project  # noqa: E402  (the generated entries and pages)

#: Lighthouse's simulated mobile device (its "slow 4G" and a CPU four times slower than the
#: machine's), applied through the Chrome DevTools Protocol.
SLOW_PHONE = {"latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
              "uploadThroughput": 750 * 1024 / 8, "cpu": 4}

#: Files that exist for search (the rest of the search page is the theme's, on every page).
SEARCH_FILES = ("searchindex.js", "searchtools.js", "language_data.js", "academic-search.js",
                "academic-search-keys.js", "sphinx_highlight.js", "doctools.js",
                "documentation_options.js")

#: How long any browser step may wait (ms). Playwright's default, 30 s, is too short on a loaded
#: machine (a `press` in the search box timed out while the page was still loading); past this,
#: the run stops with the step named rather than hanging or failing on a bare traceback.
WAIT_MS = 180_000

#: Queries timed on the slow phone with nothing cached (each opens a fresh browser context).
COLD_QUERIES = 8
#: Cold searches per query at scale (the median is printed).
COLD_REPEAT = 3
#: Queries timed in a quick run (2.), and searched cold (2. and 4.): enough to see that every
#: step still runs.
QUICK_SAMPLE = 3
QUICK_COLD = 1

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


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Files gzipped (level 6) as a static host sends them, so a throttled download is as long as
    a visitor's; a folder's address without its slash is redirected, as http.server does."""

    cache: dict[Path, bytes] = {}

    def log_message(self, format: str, *args) -> None:
        pass

    def handle(self) -> None:
        # A browser context closed mid-download (the next measurement) is not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                parts = urllib.parse.urlsplit(self.path)
                self.send_response(301)
                self.send_header("Location", urllib.parse.urlunsplit(
                    (parts[0], parts[1], parts[2] + "/", parts[3], parts[4])))
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path) -> contextlib.AbstractContextManager[str]:
    """Serve a folder, gzipped, on a free localhost port from a thread; yields its base URL."""
    return serve_folder(directory, _GzipHandler)


def new_context(browser, **options):
    """A browser context whose every wait is bounded by ``WAIT_MS``."""
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


def slow_phone(browser):
    """A fresh context (nothing cached) and page, throttled as Lighthouse's mobile device."""
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_init_script(TIMING)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": SLOW_PHONE["latency"],
        "downloadThroughput": SLOW_PHONE["downloadThroughput"],
        "uploadThroughput": SLOW_PHONE["uploadThroughput"]})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_PHONE["cpu"]})
    return context, page


def cold_search(browser, base: str, query: str) -> float:
    """Milliseconds from opening the search page for a query, on the slow phone with nothing
    cached, to its first result painted (or its "nothing found" line)."""
    context, page = slow_phone(browser)
    try:
        page.goto(f"{base}search/?q={urllib.parse.quote(query)}")
        # Not the whole list: plain Sphinx search fetches every result's page for its summary,
        # hundreds at scale, and finishes its list long after its first result.
        page.wait_for_function("window.firstPainted !== undefined"
                               " || window.allPainted !== undefined")
        return page.evaluate("(window.firstPainted ?? window.allPainted) - performance.timeOrigin")
    finally:
        context.close()


def build_in(root: Path, outdir: Path, *extra: str) -> Path:
    """Build a project's docs/ (dirhtml) into ``outdir``, in a process of its own."""
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-d", str(outdir) + "-doctrees",
         *extra, "docs", str(outdir)],
        cwd=root, check=True,
    )
    return outdir


def index_sizes(site: Path) -> tuple[int, int]:
    """The search index's size: raw and gzipped."""
    data = (site / "searchindex.js").read_bytes()
    return len(data), gzipped(data)


def downloads(browser, base: str, query: str) -> dict[str, int]:
    """Every response of one search, summaries included: path → gzipped bytes."""
    context = new_context(browser)
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
    """The addresses of a query's results, best first, as the tests read them: the site's
    search page opened once, each next query run in it (tests/browser.py's ``search``)."""
    return search(page, base, query)


def found(query: dict, hrefs: list[str], within: int = 3) -> bool:
    for href in hrefs[:within]:
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


def short(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def kib(size: float) -> str:
    return f"{size / 1024:7.1f} KiB"


def main() -> None:
    from playwright.sync_api import TimeoutError as BrowserTimeout

    try:
        run()
    except BrowserTimeout as error:
        sys.exit(f"search benchmark: a browser step waited more than {WAIT_MS // 1000} s, "
                 f"the machine is too loaded to measure (rerun when it is idle): {error}")


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds over the queries")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the sites")
    parser.add_argument("--entries", type=int, default=2000,
                        help="generated entries for the scale figures (0: none)")
    parser.add_argument("--quick", action="store_true",
                        help="one round, a sample of the queries timed, 100 entries at scale")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.entries = 1, 100
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    everything = load_queries()
    # The misspelt queries are a figure of their own: the rates and times of the queries spelt
    # right stay comparable with earlier runs.
    queries = [q for q in everything if "corrected" not in q]
    misspelt = [q for q in everything if "corrected" in q]
    timed = queries[:QUICK_SAMPLE] if args.quick else queries
    cold_queries = QUICK_COLD if args.quick else COLD_QUERIES

    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        print("building the site with the tuned search and with plain Sphinx search ...")
        sites = {
            "tuned": build(folder / "tuned"),
            "plain": build(folder / "plain", "-D", "academic_search=0"),
        }
        bases = {name: stack.enter_context(serve(path)) for name, path in sites.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright.chromium)
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
        context = new_context(browser)
        context.add_init_script(TIMING)
        page = context.new_page()
        answers = {name: [results(page, base, q["q"]) for q in queries]
                   for name, base in bases.items()}
        hits = {name: sum(found(q, a) for q, a in zip(queries, answers[name], strict=True))
                for name in bases}
        firsts = {name: sum(found(q, a, 1) for q, a in zip(queries, answers[name], strict=True))
                  for name in bases}
        wrong = {name: [results(page, base, q["q"]) for q in misspelt]
                 for name, base in bases.items()}
        for query in timed:  # warm the browser's cache on both sites
            for base in bases.values():
                time_search(page, base, query["q"])
        times = {name: {"first": [], "whole": []} for name in bases}
        per_query = {name: {q["q"]: [] for q in timed} for name in bases}
        for _ in range(args.repeat):
            for query in timed:
                for name, base in bases.items():
                    first, whole = time_search(page, base, query["q"])
                    times[name]["first"].append(first)
                    times[name]["whole"].append(whole)
                    per_query[name][query["q"]].append(whole)
        context.close()

        print(f"\n2. submit → results painted, ms (median of {args.repeat} rounds)\n")
        print(f"   {'query':46} {'tuned':>8} {'plain':>8}")
        for query in timed:
            row = [statistics.median(per_query[n][query["q"]]) for n in ("tuned", "plain")]
            print(f"   {short(query['q']):46} {row[0]:8.1f} {row[1]:8.1f}")
        for key, label in (("first", "first result painted"), ("whole", "all results painted")):
            tuned = statistics.median(times["tuned"][key])
            plain = statistics.median(times["plain"][key])
            print(f"   median, {label:38} {tuned:8.1f} {plain:8.1f}  {tuned / plain:5.2f}x")

        cold = {name: [cold_search(browser, base, q["q"]) for q in queries[:cold_queries]]
                for name, base in bases.items()}
        tuned, plain = (statistics.median(cold[n]) for n in ("tuned", "plain"))
        label = f"slow phone, uncached: open → result ({cold_queries} q.)"
        print(f"   median, {label:38} {tuned:8.1f} {plain:8.1f}  {tuned / plain:5.2f}x")
        if misspelt:  # plain Sphinx's "result" is its line saying it found nothing
            cold = {name: [cold_search(browser, base, q["q"]) for q in misspelt[:cold_queries]]
                    for name, base in bases.items()}
            tuned, plain = (statistics.median(cold[n]) for n in ("tuned", "plain"))
            label = f"the same, misspelt ({min(cold_queries, len(misspelt))} q.)"
            print(f"   median, {label:38} {tuned:8.1f} {plain:8.1f}  {tuned / plain:5.2f}x")

        print(f"\n3. expected page, of {len(queries)} queries:   {'tuned':>8} {'plain':>8}")
        print(f"   first                                  {firsts['tuned']:8} {firsts['plain']:8}"
              f"   ({100 * firsts['tuned'] / len(queries):.0f}% / "
              f"{100 * firsts['plain'] / len(queries):.0f}%)")
        print(f"   in the top 3                           {hits['tuned']:8} {hits['plain']:8}"
              f"   ({100 * hits['tuned'] / len(queries):.0f}% / "
              f"{100 * hits['plain'] / len(queries):.0f}%)")
        if misspelt:
            print_misspelt(misspelt, wrong)

        if args.entries:
            at_scale(browser, folder, args.entries, 1 if args.quick else COLD_REPEAT,
                     QUICK_COLD if args.quick else None)


def print_misspelt(misspelt: list[dict], answers: dict[str, list[list[str]]]) -> None:
    """3b. The misspelt queries: their page found, and nothing found at all."""
    count = len(misspelt)

    def rate(name: str, test) -> str:
        hits = sum(bool(test(q, a)) for q, a in zip(misspelt, answers[name], strict=True))
        return f"{hits:3}/{count} ({100 * hits / count:3.0f}%)"

    print(f"\n   misspelt ({count} queries):               {'tuned':>14} {'plain':>14}")
    for label, test in (("expected page first", lambda q, a: found(q, a, 1)),
                        ("expected page in the top 3", found),
                        ("nothing found", lambda q, a: not a)):
        print(f"   {label:38} {rate('tuned', test):>14} {rate('plain', test):>14}")
    for query, got in zip(misspelt, answers["tuned"], strict=True):
        if not found(query, got):
            print(f"   missed: {query['q']!r} (expected {query['page']}), got {got[:3]}")


def at_scale(browser, folder: Path, entries: int, repeat: int, sample: int | None) -> None:
    """4. The site with ``entries`` generated entries, tuned and plain, each cold search made
    ``repeat`` times, of the first ``sample`` queries (all of them: None)."""
    print(f"\n4. at scale: the site with {entries} generated entries and 100 citing pages")
    project = site_project(folder / f"scale-{entries}", entries, 100)
    sites = {"tuned": build_in(project, folder / f"scale-{entries}-tuned"),
             "plain": build_in(project, folder / f"scale-{entries}-plain",
                               "-D", "academic_search=0")}
    source, _keys = bibtex(entries)
    title = re.search(r"title = \{([^{}]+)\}", source).group(1)
    queries = ["diffusion models", title, "Lovelace", "2021", "ICRA", "program synthesis"][:sample]
    # The title with a letter left out of its longest word: the nearest words, at scale.
    longest = max(title.split(), key=len)
    typo = title.replace(longest, longest[:len(longest) // 2] + longest[len(longest) // 2 + 1:])
    print(f"\n   {'':52} {'tuned':>11} {'plain':>11}")
    sizes = {name: index_sizes(site) for name, site in sites.items()}
    for label, at in (("searchindex.js, raw", 0), ("searchindex.js, gzipped", 1)):
        print(f"   {label:52} {kib(sizes['tuned'][at])} {kib(sizes['plain'][at])}"
              f"  {sizes['tuned'][at] / sizes['plain'][at]:5.2f}x")
    print(f"\n   slow phone, nothing cached: open → first result, ms (median of {repeat})"
          f"\n   {'':52} {'tuned':>8} {'plain':>8}")
    with contextlib.ExitStack() as stack:
        bases = {name: stack.enter_context(serve(site)) for name, site in sites.items()}
        times = {name: [] for name in bases}
        for query in queries:
            row = {name: statistics.median(cold_search(browser, base, query)
                                           for _ in range(repeat))
                   for name, base in bases.items()}
            for name, ms in row.items():
                times[name].append(ms)
            print(f"   {short(query):52} {row['tuned']:8.1f} {row['plain']:8.1f}")
        tuned, plain = (statistics.median(times[n]) for n in ("tuned", "plain"))
        print(f"   {'median':52} {tuned:8.1f} {plain:8.1f}  {tuned / plain:5.2f}x")
        row = {name: statistics.median(cold_search(browser, base, typo)
                                       for _ in range(repeat))
               for name, base in bases.items()}
        print(f"   {'misspelt: ' + short(typo, 42):52} {row['tuned']:8.1f} {row['plain']:8.1f}"
              "  (plain: to its line saying it found nothing)")
        context = new_context(browser)
        page = context.new_page()
        own = results(page, bases["tuned"], title)
        corrected = results(page, bases["tuned"], typo)
        context.close()
    print(f"\n   a generated entry's title ({title!r}) finds its own page first: "
          f"{'yes' if own and own[0].startswith('publications/') else 'no: ' + str(own[:3])}")
    print(f"   misspelt ({typo!r}), it finds the same page first: "
          f"{'yes' if own and corrected[:1] == own[:1] else 'no: ' + str(corrected[:3])}")


if __name__ == "__main__":
    main()
