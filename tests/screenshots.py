"""Screenshots of the built site, for anyone to look at: `nox -s screenshots`.

    python tests/screenshots.py _build/html _build/screenshots

The home page, the publications list, the first paper's own page and the projects, each on a
laptop (1440×900) and a phone (390×844), in the light and the dark scheme: the first screen as a
visitor sees it (`home-laptop-light.png`…). Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
SCREENS = {"laptop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
PAGES = {"home": "", "publications": "publications/", "projects": "projects/"}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (dirhtml)")
    parser.add_argument("output", type=Path, help="the folder for the PNG files")
    options = parser.parse_args()
    options.output.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(options.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"])
            pages = dict(PAGES)
            probe = browser.new_page()
            probe.goto(base + "publications/")
            first_paper = probe.eval_on_selector(".academic-title a", "a => a.href")
            probe.close()
            pages["paper"] = first_paper.removeprefix(base)
            for screen, viewport in SCREENS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(viewport=viewport, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(urljoin(base, path))
                        page.wait_for_load_state("load")
                        file = options.output / f"{name}-{screen}-{scheme}.png"
                        page.screenshot(path=str(file))
                        print(file)
                    context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
