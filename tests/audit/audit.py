"""Audit a built site: every page must score 100 and be valid, accessible and fully linked.

    python tests/audit/audit.py _build/audit

Serves the site on http://localhost:8000 (`nox -s audit` builds it with that address as
html_baseurl, through SITE_PREVIEW_URL, so canonical and og:url addresses are internal), then
checks every HTML page with

* an internal link checker: every internal href/src/action resolves to a file, every #fragment
  to an id of the target page (sitemap.xml and llms.txt addresses too);
* the Nu Html Checker (vnu.jar): zero errors;
* axe-core in Chromium through Playwright, light and dark theme, phone and desktop, each page
  as it loads and with its disclosures open: zero violations;
* Lighthouse (mobile, simulated throttling), one page at a time: 100 in all four categories,
  the largest contentful paint within 1 s (and one round trip more for a page whose HTML
  takes TCP's second window; none may take a third), and the home page within its weight
  budget. Lighthouse's figures vary from run to run on a busy machine: a page whose
  first run fails is measured four times more and judged by the median of the five runs, so it
  passes when three of them pass (every run's report is kept).

The Nu checker (one JVM for all pages) runs while the links are checked and axe runs, the four
screens of axe side by side: none of them measures time. Lighthouse runs alone, after them:
its performance score is simulated from the page load's trace, whose script and layout times
grow on a busy processor. It runs in one Chromium for all pages (``lighthouse.mjs``), not one
Chromium and one Node process per page as its command line would.

Prints one row per page and how long each part took, and exits non-zero on any failure. The
npm tools come from this folder's lockfile (`npm ci --prefix tests/audit`); Chromium and Java
from Debian.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from playwright.async_api import Browser, async_playwright

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
PORT = 8000
BASE = f"http://localhost:{PORT}/"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Every page must show its content fast on a slow phone; the home page, the one most people
#: see first, must also stay light.
#: The largest paint's budget is 1 s for a page whose HTML arrives in TCP's first window, and a
#: round trip more (`ROUND_TRIP_MS`) for a page whose HTML takes the second one (the
#: publications list, with its filters, reference-manager data and BibTeX; a long guide); a page
#: whose HTML needs a third is over budget, whatever its paint. The round trip is what the
#: second window costs in Lighthouse's simulation, on any machine: 153 ms between the list
#: (18.7 kB, painted at 0.91 s) and a paper page (11.7 kB, 0.76 s), measured side by side. What
#: the page makes the phone do (parsing, style, layout, scripts) has the same allowance on every
#: page; that part grows on a slower processor, and the list, byte for byte the same, painted at
#: 1.01 s on a slower machine than the one that measured 0.91 s.
BUDGET = {"kib": 30, "requests": 8, "lcp_ms": 1000, "cls": 0, "html_round_trips": 2}
#: Lighthouse's slow 4G (its `mobileSlow4G` throttling): 150 ms of round trip. Its TCP model
#: sends 10 segments of 1,460 bytes in the first round trip and doubles them in each next one.
ROUND_TRIP_MS = 150
FIRST_WINDOW_BYTES = 10 * 1460


def html_round_trips(transfer_bytes: int) -> int:
    """How many round trips the page's HTML (headers and compressed body) takes to arrive."""
    trips, window, sent = 1, FIRST_WINDOW_BYTES, FIRST_WINDOW_BYTES
    while sent < transfer_bytes:
        trips, window = trips + 1, window * 2
        sent += window
    return trips


def lcp_budget_ms(transfer_bytes: int) -> int:
    """The largest paint's budget for a page whose HTML takes `transfer_bytes` on the wire."""
    return BUDGET["lcp_ms"] + ROUND_TRIP_MS * (html_round_trips(transfer_bytes) - 1)


#: Lighthouse's advice for a metric that varies from run to run: judge the median of five runs,
#: which halves the variation of one (its docs/variability.md), for a page whose first run is
#: over a budget.
RUNS = 5
#: Sphinx marks the search page noindex on purpose: a results page is not content.
NOINDEX_PAGES = {"search/"}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml")
VIEWPORTS = {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1280, "height": 800}}


# --- serving ------------------------------------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a dirhtml build like a static host: gzip for text, /dir/ -> index.html, 404 page."""

    protocol_version = "HTTP/1.1"  # keep-alive, as on any real host

    def do_GET(self) -> None:
        self.respond(body=True)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def respond(self, body: bool) -> None:
        root = Path(self.directory).resolve()
        path = unquote(urlsplit(self.path).path)
        file = (root / path.lstrip("/")).resolve()
        if file.is_dir() and file.is_relative_to(root) and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if file.is_dir():
            file = file / "index.html"
        status = 200
        if not file.is_relative_to(root) or not file.is_file():
            status, file = 404, root / "404" / "index.html"
        content = file.read_bytes()
        content_type = self.guess_type(str(file))
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        self.send_response(status)
        if content_type.startswith(COMPRESSIBLE):
            self.send_header("Vary", "Accept-Encoding")
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                content = gzip.compress(content, mtime=0)
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing a connection
            super().handle_error(request, client_address)


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    try:
        server = Server(
            ("127.0.0.1", PORT), partial(SiteHandler, directory=str(site)))
    except OSError as error:
        sys.exit(f"cannot serve on port {PORT} ({error.strerror}): stop `nox -s serve` first")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- pages --------------------------------------------------------------------------------------


def page_paths(site: Path) -> list[str]:
    """Every HTML page, as its path from the root: "", "research/", "404/"."""
    pages = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html"))
    return pages


def check_links(site: Path, pages: list[str]) -> list[str]:
    """Every internal address (relative, or absolute under BASE) must exist, with its anchor."""
    ids: dict[Path, set[str]] = {}

    def anchors(file: Path) -> set[str]:
        if file not in ids:
            soup = BeautifulSoup(file.read_bytes(), "lxml")
            ids[file] = {tag["id"] for tag in soup.find_all(id=True)}
            ids[file] |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
        return ids[file]

    def check(source: str, url: str) -> str | None:
        if not url.startswith(BASE):
            return None  # external: not ours to check offline
        parts = urlsplit(url)
        file = site / unquote(parts.path).lstrip("/")
        if file.is_dir() and not parts.path.endswith("/"):
            return f"{source}: {url} is a folder: link to {parts.path}/"
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return f"{source}: {url} does not exist"
        fragment = unquote(parts.fragment)
        if fragment and file.suffix == ".html" and fragment not in anchors(file):
            return f"{source}: {url}: no id {parts.fragment!r} in {file.relative_to(site)}"
        return None

    problems = []
    for page in pages:
        file = site / page / "index.html" if not page.endswith(".html") else site / page
        soup = BeautifulSoup(file.read_bytes(), "lxml")
        for tag in soup.find_all(True):
            for attribute in ("href", "src", "action", "xlink:href"):
                value = tag.get(attribute)
                if value is not None:
                    problems.append(check(page or "/", urljoin(BASE + page, value.strip())))
    sitemap = BeautifulSoup((site / "sitemap.xml").read_bytes(), "xml")
    problems += [check("sitemap.xml", loc.text.strip()) for loc in sitemap.find_all("loc")]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    problems += [check("robots.txt", url) for url in re.findall(r"^Sitemap: (\S+)", robots, re.M)]
    for digest in ("llms.txt", "llms-full.txt"):
        text = (site / digest).read_text(encoding="utf-8")
        problems += [check(digest, url) for url in re.findall(r"\]\((\S+?)\)", text)]
    return [problem for problem in problems if problem]


def check_html(site: Path) -> list[str]:
    """The Nu Html Checker on every built file, in one JVM; no message is filtered out."""
    result = subprocess.run(
        ["java", "-jar", str(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"),
         "--skip-non-html", "--errors-only", "--format", "json", str(site)],
        capture_output=True, text=True, check=False,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        return [f"vnu failed: {result.stderr.strip() or result.stdout.strip()}"]
    return [
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).relative_to(site.resolve())}:"
        f"{m.get('lastLine', '?')}: {m['message']}"
        for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


#: axe-core on the page as it loads, then with every disclosure open (a BibTeX entry, the
#: names of a long byline): what a reader opens is checked too. A rule broken only once they
#: are open says so.
AXE_RUN = """async () => {
  const described = (violations, state) => violations.map(v => `${v.id}${state}: ${v.help} (${
    v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")})`);
  const loaded = (await axe.run(document)).violations;
  const closed = document.querySelectorAll("details:not([open])");
  if (!closed.length) return described(loaded, "");
  closed.forEach(details => { details.open = true; });
  const broken = new Set(loaded.map(v => v.id));
  const opened = (await axe.run(document)).violations.filter(v => !broken.has(v.id));
  return [...described(loaded, ""), ...described(opened, " (disclosures open)")];
}"""


async def axe_screen(browser: Browser, pages: list[str], scheme: str, screen: str) -> list[str]:
    """axe-core on every page in one theme on one screen, in a browser context of its own."""
    # furo reads the theme from localStorage into body[data-theme]; "auto" follows
    # prefers-color-scheme. Set both, so either mechanism gives this theme.
    context = await browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[screen])
    await context.add_init_script(f"localStorage.setItem('theme', '{scheme}')")
    # In every page as it is created (from the file, once), not sent again after each load.
    await context.add_init_script(path=NODE_MODULES / "axe-core" / "axe.min.js")
    page = await context.new_page()
    problems = []
    for path in pages:
        await page.goto(BASE + path, wait_until="load")
        problems += [f"/{path} ({scheme}, {screen}): {violation}"
                     for violation in await page.evaluate(AXE_RUN)]
    await context.close()
    return problems


async def axe_screens(pages: list[str]) -> list[str]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS)
        found = await asyncio.gather(*(axe_screen(browser, pages, scheme, screen)
                                       for scheme in ("light", "dark") for screen in VIEWPORTS))
        await browser.close()
    return [problem for screen in found for problem in screen]


def check_accessibility(pages: list[str]) -> list[str]:
    """axe-core's default rules in light and dark theme, on a phone and a desktop screen, on
    each page as it loads and with its disclosures open."""
    return asyncio.run(axe_screens(pages))


# --- Lighthouse ---------------------------------------------------------------------------------


def report_name(path: str, run: int) -> str:
    return (path.strip("/").replace("/", "_") or "index") + (f"-{run}" if run else "")


def lighthouse(paths: list[str], reports: Path, run: int = 0) -> dict[str, dict]:
    """Run ``run`` of Lighthouse on each page, in one Chromium: its report, by page."""
    jobs = reports / f"jobs-{run}.json"
    jobs.write_text(json.dumps({
        "chromePath": CHROME, "chromeFlags": CHROME_FLAGS, "categories": CATEGORIES,
        "runs": [{"url": BASE + path, "output": str(reports / report_name(path, run))}
                 for path in paths],
    }), encoding="utf-8")
    for path in paths:  # a report left by an earlier audit is not this run's
        (reports / f"{report_name(path, run)}.report.json").unlink(missing_ok=True)
    subprocess.run(["node", str(HERE / "lighthouse.mjs"), str(jobs)], check=False)
    found = {}
    for path in paths:
        report = reports / f"{report_name(path, run)}.report.json"
        found[path] = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return found


def median_run(path: str, runs: list[dict]) -> dict:
    """The median of a page's runs, ranked by how many problems each has (`summarise`), then
    by largest contentful paint: a page passes when most of its runs pass."""
    return sorted(runs, key=lambda report: (
        len(summarise(path, report)[1]),
        report.get("audits", {}).get("largest-contentful-paint", {}).get("numericValue",
                                                                           float("inf"))),
    )[len(runs) // 2]


def summarise(path: str, report: dict) -> tuple[list, list[str]]:
    """The table row for one page, and what fails on it."""
    if not report or report.get("runtimeError"):
        error = (report.get("runtimeError") or {}).get("message", "no report")
        return [path or "/", *["-"] * 9], [f"/{path}: Lighthouse failed: {error}"]
    audits = report["audits"]
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    kib = audits["total-byte-weight"]["numericValue"] / 1024
    # A data: URL (an icon inlined in furo's CSS) is listed too, but nothing goes over the wire.
    requests = sum(not item["url"].startswith("data:")
                   for item in audits["network-requests"]["details"]["items"])
    lcp = audits["largest-contentful-paint"]["numericValue"]
    html = next((item["transferSize"] for item in audits["network-requests"]["details"]["items"]
                 if item.get("resourceType") == "Document"), 0)
    lcp_budget = lcp_budget_ms(html)
    cls = audits["cumulative-layout-shift"]["numericValue"]
    problems = []
    for category in CATEGORIES:
        failing = [
            ref["id"] for ref in report["categories"][category]["auditRefs"]
            if audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
            and audits[ref["id"]]["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
            and ref.get("weight", 0) > 0
        ]
        if category == "seo" and path in NOINDEX_PAGES and failing == ["is-crawlable"]:
            continue
        if scores[category] < 100:
            problems.append(f"/{path}: {category} {scores[category]}: {', '.join(failing)}")
        # An audit that could not run would hide a failure (weightless diagnostics aside:
        # Lighthouse 12.2's trace engine cannot read some of Chromium 156's trace events).
        problems += [f"/{path}: {category}: {ref['id']} could not run: "
                     f"{audits[ref['id']].get('errorMessage', '')[:120]}"
                     for ref in report["categories"][category]["auditRefs"]
                     if audits[ref["id"]]["scoreDisplayMode"] == "error" and ref.get("weight")]
    if path == "" and (kib > BUDGET["kib"] or requests > BUDGET["requests"]):
        problems.append(f"home page: {kib:.1f} KiB in {requests} requests; budget is "
                        f"{BUDGET['kib']} KiB in {BUDGET['requests']}")
    if html_round_trips(html) > BUDGET["html_round_trips"]:
        problems.append(f"/{path}: its HTML ({html / 1000:.1f} kB on the wire) takes "
                        f"{html_round_trips(html)} round trips; budget is "
                        f"{BUDGET['html_round_trips']}: make the page lighter, or split it")
    if lcp > lcp_budget or cls > BUDGET["cls"]:
        problems.append(f"/{path}: LCP {lcp / 1000:.2f} s, CLS {cls:.3f}; budget is "
                        f"{lcp_budget / 1000:.2f} s (its HTML in {html_round_trips(html)} "
                        f"round trip(s)) and {BUDGET['cls']}")
    row = [path or "/", *scores.values(), f"{kib:.1f}", requests, f"{lcp / 1000:.2f}",
           f"{lcp_budget / 1000:.2f}", f"{cls:.3f}"]
    return row, problems


def timed(check: Callable[[], list[str]]) -> tuple[list[str], float]:
    started = time.monotonic()
    return check(), time.monotonic() - started


def audit_lighthouse(pages: list[str], reports: Path) -> list[str]:
    """Lighthouse on every page; a page whose run fails is judged by the median of RUNS."""
    timer = time.monotonic()
    first = lighthouse(pages, reports)
    again = [path for path in pages if summarise(path, first[path])[1]]
    runs = {path: [first[path]] for path in pages}
    for run in range(1, RUNS if again else 1):
        for path, report in lighthouse(again, reports, run).items():
            runs[path].append(report)
    header = ["page", "perf", "a11y", "bp", "seo", "KiB", "req", "LCP s", "budget", "CLS"]
    print(f"{header[0]:<40}" + "".join(f"{h:>7}" for h in header[1:]), flush=True)
    problems = []
    for path in pages:
        row, found = summarise(path, median_run(path, runs[path]))
        print(f"{row[0]:<40}" + "".join(f"{v:>7}" for v in row[1:]), flush=True)
        problems += found
    print(f"lighthouse: {len(pages) + len(again) * (RUNS - 1)} runs "
          f"({len(again)} page(s) measured again), {len(problems)} problem(s), "
          f"{time.monotonic() - timer:.0f} s", flush=True)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (dirhtml)")
    parser.add_argument("--no-lighthouse", action="store_true", help="only links, vnu and axe")
    options = parser.parse_args()
    started = time.monotonic()
    site = options.site.resolve()
    pages = page_paths(site)
    reports = site.parent / "lighthouse"
    reports.mkdir(exist_ok=True)
    server = serve(site)
    problems: list[str] = []
    try:
        # The Nu checker waits on its JVM in a thread of its own, beside the links and axe.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            vnu = pool.submit(timed, lambda: check_html(site))
            for name, check in (("links", lambda: check_links(site, pages)),
                                ("axe", lambda: check_accessibility(pages))):
                found, seconds = timed(check)
                print(f"{name}: {len(found)} problem(s), {seconds:.0f} s", flush=True)
                problems += found
            found, seconds = vnu.result()
        print(f"vnu: {len(found)} problem(s), {seconds:.0f} s (beside links and axe)",
              flush=True)
        problems += found
        if not options.no_lighthouse:
            problems += audit_lighthouse(pages, reports)
    finally:
        server.shutdown()
    for problem in problems:
        print("FAIL", problem)
    print(f"{len(pages)} pages, {len(problems)} problem(s), {time.monotonic() - started:.0f} s "
          f"(Lighthouse reports in {reports})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
