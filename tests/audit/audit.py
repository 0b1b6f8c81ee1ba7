"""Audit a built site: every page must score 100 and be valid, accessible and fully linked.

    python tests/audit/audit.py _build/audit

Serves the site on http://localhost:8000 (`nox -s audit` builds it with that address as
html_baseurl, through SITE_PREVIEW_URL, so canonical and og:url addresses are internal), then
checks every HTML page with

* an internal link checker: every internal href/src/action resolves to a file, every #fragment
  to an id of the target page (sitemap.xml and llms.txt addresses too);
* the Nu Html Checker (vnu.jar): zero errors;
* axe-core in Chromium through Playwright, light and dark theme, phone and desktop: zero
  violations;
* Lighthouse (mobile, simulated throttling), one page at a time: 100 in all four categories,
  the largest contentful paint within 1 s on every page, and the home page within its
  weight budget. Lighthouse's figures vary from run to run on a busy machine: the home page,
  and a page whose first run fails, are judged by the median of three runs (every run's
  report is kept).

Prints one row per page and exits non-zero on any failure. The npm tools come from this
folder's lockfile (`npm ci --prefix tests/audit`); Chromium and Java from Debian.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

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
#: A page whose HTML fits TCP's first window (~14 KiB compressed, the home page) paints in
#: about 0.76 s on Lighthouse's slow 4G; one a window longer (the publications list with its
#: filters, reference-manager data and BibTeX; a long guide) in about 0.93 s.
BUDGET = {"kib": 30, "requests": 8, "lcp_ms": 1000, "cls": 0}
#: Lighthouse's advice for a metric that varies from run to run: judge the median of several
#: (the home page always; another page when its first run is over a budget).
HOME_RUNS = 3
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
    """The Nu Html Checker on every built file; no message is filtered out."""
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


AXE_RUN = """async () => {
  const result = await axe.run(document);
  return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(" "))
    .slice(0, 3).join(", ")})`);
}"""


def check_accessibility(pages: list[str]) -> list[str]:
    """axe-core's default rules in light and dark theme, on a phone and a desktop screen."""
    axe = NODE_MODULES / "axe-core" / "axe.min.js"
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS)
        for scheme in ("light", "dark"):
            for screen, viewport in VIEWPORTS.items():
                # furo reads the theme from localStorage into body[data-theme]; "auto" follows
                # prefers-color-scheme. Set both, so either mechanism gives this theme.
                context = browser.new_context(color_scheme=scheme, viewport=viewport)
                context.add_init_script(f"localStorage.setItem('theme', '{scheme}')")
                page = context.new_page()
                for path in pages:
                    page.goto(BASE + path, wait_until="load")
                    page.add_script_tag(path=str(axe))
                    for violation in page.evaluate(AXE_RUN):
                        problems.append(f"/{path} ({scheme}, {screen}): {violation}")
                context.close()
        browser.close()
    return problems


# --- Lighthouse ---------------------------------------------------------------------------------


def lighthouse(path: str, reports: Path, run: int = 0) -> dict:
    name = (path.strip("/").replace("/", "_") or "index") + (f"-{run}" if run else "")
    output = reports / name
    subprocess.run(
        ["node", str(NODE_MODULES / "lighthouse" / "cli" / "index.js"), BASE + path,
         "--quiet", "--output=json", "--output=html", f"--output-path={output}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"],
        env={**os.environ, "CHROME_PATH": CHROME}, check=False,
    )
    report = output.with_name(name + ".report.json")
    return json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}


def summarise(path: str, report: dict) -> tuple[list, list[str]]:
    """The table row for one page, and what fails on it."""
    if not report or report.get("runtimeError"):
        error = (report.get("runtimeError") or {}).get("message", "no report")
        return [path or "/", *["-"] * 8], [f"/{path}: Lighthouse failed: {error}"]
    audits = report["audits"]
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    kib = audits["total-byte-weight"]["numericValue"] / 1024
    # A data: URL (an icon inlined in furo's CSS) is listed too, but nothing goes over the wire.
    requests = sum(not item["url"].startswith("data:")
                   for item in audits["network-requests"]["details"]["items"])
    lcp = audits["largest-contentful-paint"]["numericValue"]
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
    if lcp > BUDGET["lcp_ms"] or cls > BUDGET["cls"]:
        problems.append(f"/{path}: LCP {lcp / 1000:.2f} s, CLS {cls:.3f}; budget is "
                        f"{BUDGET['lcp_ms'] / 1000:.1f} s and {BUDGET['cls']}")
    row = [path or "/", *scores.values(), f"{kib:.1f}", requests, f"{lcp / 1000:.2f}",
           f"{cls:.3f}"]
    return row, problems


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
        for name, check in (("links", lambda: check_links(site, pages)),
                            ("vnu", lambda: check_html(site)),
                            ("axe", lambda: check_accessibility(pages))):
            found = check()
            print(f"{name}: {len(found)} problem(s)", flush=True)
            problems += found
        header = ["page", "perf", "a11y", "bp", "seo", "KiB", "req", "LCP s", "CLS"]
        print(f"{header[0]:<40}" + "".join(f"{h:>7}" for h in header[1:]), flush=True)
        for path in [] if options.no_lighthouse else pages:
            report = lighthouse(path, reports)
            if path == "" or summarise(path, report)[1]:
                runs = [report] + [lighthouse(path, reports, run) for run in range(1, HOME_RUNS)]
                runs.sort(key=lambda r: r.get("audits", {}).get("largest-contentful-paint", {})
                          .get("numericValue", float("inf")))
                report = runs[len(runs) // 2]
            row, found = summarise(path, report)
            print(f"{row[0]:<40}" + "".join(f"{v:>7}" for v in row[1:]), flush=True)
            problems += found
    finally:
        server.shutdown()
    for problem in problems:
        print("FAIL", problem)
    print(f"{len(pages)} pages, {len(problems)} problem(s), {time.monotonic() - started:.0f} s "
          f"(Lighthouse reports in {reports})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
