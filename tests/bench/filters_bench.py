"""Filters benchmark: what the publications list's filters cost, at 2,000 entries.

Builds this project with 2,000 generated BibTeX entries (tests/bench/build_bench.py's generator,
each entry given one to three of twelve topics, one in twenty selected) twice: with the filters
(the default) and without them (``-D academic_publication_filters=0``). Prints:

1. the list page's weight, raw and gzipped, with and without the filters;
2. in Debian's Chromium, a laptop's window (1440×900), the time from a choice to the list laid
   out again (the script's work, the style and the layout, forced at once) and to the next frame,
   and the main thread's CPU time for the choice laid out (which other processes of a busy
   machine do not lengthen), for each kind of choice, median over the rounds; and the same on a
   CPU four times slower (Lighthouse's mobile setting). One frame is 16.7 ms at 60 Hz.

Figures, not assertions.

    python tests/bench/filters_bench.py [--entries 2000] [--repeat 15] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from browser import CHROMIUM, launch_chromium, serve  # noqa: E402

sys.path.insert(0, str(REPO / "tests" / "bench"))
from build_bench import site_project  # noqa: E402  (the generated entries)

TOPICS = ["language models", "diffusion", "robotics", "program synthesis", "systems",
          "compilers", "reinforcement learning", "vision", "theory", "databases", "security",
          "hci"]
#: Choices, as (label, the filters' values): each is made from the whole list.
CHOICES = [
    ("a year", {"year": "2021"}),
    ("a type", {"type": "journal"}),
    ("a topic", {"topic": "robotics"}),
    ("selected", {"selected": True}),
    ("year + type + topic", {"year": "2021", "type": "conference", "topic": "robotics"}),
]
#: Sets the form's controls, fires one change, and times it: to the list laid out (the layout
#: forced at once) and to the next frame. Resets to the whole list first (not timed).
TIMED = """async (values) => {
  const form = document.querySelector("form.academic-filters");
  const set = (wanted) => {
    for (const name of ["year", "type", "topic"]) form.elements[name].value = wanted[name] ?? "";
    form.elements.selected.checked = Boolean(wanted.selected);
  };
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  set({});
  form.dispatchEvent(new Event("change", {bubbles: true}));
  await frame();
  await frame();
  set(values);
  const start = performance.now();
  form.dispatchEvent(new Event("change", {bubbles: true}));
  document.body.getBoundingClientRect();
  const laidOut = performance.now() - start;
  await frame();
  return [laidOut, performance.now() - start,
          parseInt(form.querySelector(".academic-filters-status").textContent)];
}"""
#: The same choice, at once and laid out, for the main thread's CPU time (the wall-clock times
#: above count the time other processes of a busy machine took from it).
AT_ONCE = """(values) => {
  const form = document.querySelector("form.academic-filters");
  for (const name of ["year", "type", "topic"]) form.elements[name].value = values[name] ?? "";
  form.elements.selected.checked = Boolean(values.selected);
  form.dispatchEvent(new Event("change", {bubbles: true}));
  document.body.getBoundingClientRect();
}"""


def with_topics(bib: Path, seed: int = 3) -> None:
    """Give each generated entry (``entryNNNN``) one to three topics; one in twenty is selected."""
    rng = random.Random(seed)

    def keywords(match: re.Match[str]) -> str:
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        if rng.random() < 0.05:
            topics.insert(0, "selected")
        return f"{match.group(0)}\n  keywords = {{{', '.join(topics)}}},"

    text = bib.read_text()
    start = text.index("@article{entry0000")
    bib.write_text(text[:start] + re.sub(r"  year = \{\d{4}\},", keywords, text[start:]))


def build(root: Path, outdir: Path, *extra: str) -> Path:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-d", f"{outdir}-doctrees",
         *extra, "docs", str(outdir)],
        cwd=root, check=True,
    )
    return outdir


def thread_time(session, page, values: dict) -> float:
    """The main thread's CPU time, in ms, of one choice made from the whole list and laid out,
    less that of asking the page for nothing (the protocol's own work)."""
    page.evaluate(AT_ONCE, {})

    def now() -> float:
        metrics = session.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "ThreadTime")

    start = now()
    page.evaluate("() => 0")
    middle = now()
    page.evaluate(AT_ONCE, values)
    return ((now() - middle) - (middle - start)) * 1000


def kib(size: float) -> str:
    return f"{size / 1024:8.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15, help="timed rounds per choice")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the sites")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        print(f"building the site with {args.entries} generated entries, with and without the "
              "filters ...")
        project = site_project(folder / "project", args.entries, 0)
        with_topics(project / "refs.bib")
        sites = {"with": build(project, folder / "with"),
                 "without": build(project, folder / "without",
                                  "-D", "academic_publication_filters=0")}

        print(f"\n1. the publications page at {args.entries} entries\n")
        print(f"   {'':22} {'without':>12} {'with':>12} {'filters add':>12}")
        pages = {name: (site / "publications" / "index.html").read_bytes()
                 for name, site in sites.items()}
        for label, size in (("raw", len), ("gzipped (-6)",
                                           lambda b: len(gzip.compress(b, 6, mtime=0)))):
            without, with_ = size(pages["without"]), size(pages["with"])
            print(f"   {label:22} {kib(without)} {kib(with_)} {kib(with_ - without)}"
                  f"  (+{100 * (with_ - without) / without:.1f}%)")

        print(f"\n2. from a choice to the list laid out / to the next frame, ms (median of "
              f"{args.repeat}), 1440×900\n")
        base = stack.enter_context(serve(sites["with"]))
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright.chromium)
        stack.callback(browser.close)
        for cpu in (1, 4):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            session = context.new_cdp_session(page)
            session.send("Performance.enable", {"timeDomain": "threadTicks"})
            if cpu > 1:
                session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
            page.goto(f"{base}publications/")
            page.wait_for_selector("form.academic-filters", state="visible")
            print(f"   CPU {'as is' if cpu == 1 else f'{cpu}x slower'}{'':16} {'laid out':>10}"
                  f" {'next frame':>11} {'CPU time':>9} {'entries':>8}")
            for label, values in CHOICES:
                rounds = [page.evaluate(TIMED, values) for _ in range(args.repeat)]
                laid_out = statistics.median(r[0] for r in rounds)
                framed = statistics.median(r[1] for r in rounds)
                cpu_time = statistics.median(
                    thread_time(session, page, values) for _ in range(args.repeat))
                print(f"   {label:28} {laid_out:10.1f} {framed:11.1f} {cpu_time:9.1f}"
                      f" {rounds[0][2]:8}")
            context.close()


if __name__ == "__main__":
    main()
