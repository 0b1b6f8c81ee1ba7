"""Build benchmark: the site as configured, against the bare Sphinx/furo/sphinxcontrib-bibtex stack.

For each size (100, 300 and 2,000 BibTeX entries by default), with 100 pages that cite them:

* **the site**: a copy of this project (its docs/, conf.py, extension, noxfile), with the
  generated entries appended to refs.bib and the citing pages added to the navigation, built
  the way its users build it, ``nox -s build`` (per-paper pages on, incremental, atomic);
* **the site, per-paper pages off** (``-D academic_paper_pages_dir=``): a clean build only;
* **the bare stack**: the same pages and entries with sphinxcontrib-bibtex's ``bibliography``
  (``:all:``) and its ``alpha`` style, furo and MyST, built incrementally with ``sphinx-build``.

Measured: a clean build, a rebuild after editing one page and after editing one entry of
refs.bib, ``nox -s serve``'s time from saving a page to serving the rebuilt page, the home
page's HTML size, the largest page's that does not list the papers, and the output's size; a
clean build without the preview cards, and the CPU time of drawing them.
Then the everyday loop on the real site: a fresh clone's first ``nox -s build`` with an empty
package cache (the README's command: it downloads every package), the second, and a save in
``nox -s serve``. Figures, not assertions; the targets are printed beside them.

    python tests/bench/build_bench.py [--sizes 100,300,2000] [--pages 100] [--no-loop] [--quick]

``--quick`` (what CI runs, so the benchmark cannot silently break): 30 entries and 10 pages, no
profiles, and the fresh clone installs from the package cache already there. Its figures say
that every measurement still runs, not how fast the site is.
"""

from __future__ import annotations

import argparse
import compileall
import http.client
import io
import os
import pstats
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIRST = ["Jacob", "Augustus", "Maxwell", "Daniel", "Rianne", "Hod", "Sofia", "Charles", "Quoc",
         "Élodie", "Jürgen", "Ada", "Grace", "Alan", "Barbara", "Edsger"]
LAST = ["Austin", "Odena", "Nye", "Tarlow", "van den Berg", "Lipson", "Wyetzner", "Sutton",
        "Le", r"Fr{\"o}mmgen", r"M{\"u}ller", "Lovelace", "Hopper", "Turing", "Liskov",
        "Dijkstra"]
WORDS = ["learning", "models", "language", "diffusion", "program", "synthesis", "scaling",
         "systems", "robots", "simulation", "inference", "training", "discrete", "structured",
         "parallel", "efficient", "neural"]
VENUES = ["Advances in Neural Information Processing Systems", "{ICML}", "{ICLR}", "{ICRA}",
          "Journal of Machine Learning Research"]


def bibtex(count: int, seed: int = 1) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    entries, keys = [], []
    for index in range(count):
        key = f"entry{index:04d}"
        keys.append(key)
        authors = " and ".join(f"{rng.choice(LAST)}, {rng.choice(FIRST)}"
                               for _ in range(rng.randint(2, 8)))
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        year = rng.randint(2000, 2025)
        if index % 3 == 0:
            entries.append(
                f"@article{{{key},\n  title = {{{title} -- a \\emph{{study}}}},\n"
                f"  author = {{{authors}}},\n  journal = {{{rng.choice(VENUES)}}},\n"
                f"  volume = {{{rng.randint(1, 40)}}},\n  pages = {{1--{rng.randint(2, 99)}}},\n"
                f"  year = {{{year}}},\n  doi = {{10.1000/{index}}},\n}}\n")
        else:
            entries.append(
                f"@inproceedings{{{key},\n  title = {{{title}}},\n  author = {{{authors}}},\n"
                f"  booktitle = {{{rng.choice(VENUES)}}},\n  year = {{{year}}},\n"
                f"  eprint = {{{2000 + index % 99}.{10000 + index}}},\n"
                f"  archivePrefix = {{arXiv}},\n  url = {{https://example.org/{key}}},\n}}\n")
    return "\n".join(entries), keys


def citing_pages(folder: Path, keys: list[str], pages: int) -> list[str]:
    rng = random.Random(2)
    names = [f"page{i:03d}" for i in range(pages)]
    for name in names:
        paragraphs = [
            f"Paragraph {n} cites {{cite:p}}`{rng.choice(keys)}` and "
            f"{{cite:p}}`{rng.choice(keys)},{rng.choice(keys)}`."
            for n in range(7)
        ]
        (folder / f"{name}.md").write_text(f"# Page {name}\n\n" + "\n\n".join(paragraphs) + "\n")
    return names


def site_project(root: Path, entries: int, pages: int) -> Path:
    """This project, with the generated entries and citing pages added."""
    for name in ("docs", "extensions"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns(
            "__pycache__", "_build"))
    for name in ("noxfile.py", "pyproject.toml", "uv.lock"):
        shutil.copy2(REPO / name, root / name)
    for stub in (root / "docs" / "publications").glob("*.md"):
        if stub.name != "index.md":
            stub.unlink()
    source, keys = bibtex(entries)
    (root / "refs.bib").write_text((REPO / "refs.bib").read_text() + "\n" + source)
    bench = root / "docs" / "bench"
    bench.mkdir()
    names = citing_pages(bench, keys, pages)
    (bench / "index.md").write_text("# Citing pages\n\n```{toctree}\n" + "\n".join(names)
                                    + "\n```\n")
    index = root / "docs" / "index.md"
    text = index.read_text()
    start = text.rindex("```{toctree}")
    end = text.index("\n```", start)
    index.write_text(text[:end] + "\nbench/index" + text[end:])
    return root


def bare_project(root: Path, entries: int, pages: int) -> Path:
    root.mkdir(parents=True)
    source, keys = bibtex(entries)
    (root / "refs.bib").write_text(source)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib.bibtex"]\n'
        'bibtex_bibfiles = ["refs.bib"]\nhtml_theme = "furo"\n'
        'suppress_warnings = ["bibtex.duplicate_citation"]\n')
    names = citing_pages(root, keys, pages)
    (root / "index.md").write_text("# Benchmark\n\n```{toctree}\npublications\n"
                                   + "\n".join(names) + "\n```\n")
    (root / "publications.md").write_text("# Publications\n\n```{bibliography}\n:all:\n```\n")
    return root


def timed(command: list[str], cwd: Path, **env: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **env})
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    return elapsed


def nox_build(root: Path, *posargs: str) -> float:
    command = [sys.executable, "-m", "nox", "-s", "build", "--no-venv"]
    return timed(command + (["--", *posargs] if posargs else []), root)


def sphinx_build(root: Path) -> float:
    return timed([sys.executable, "-m", "sphinx", "-q", "-b", "dirhtml", "-d",
                  str(root / "_build" / "doctrees"), str(root), str(root / "_build" / "html")],
                 root)


def edit_page(page: Path, run: str) -> None:
    page.write_text(page.read_text() + f"\nEdited ({run}).\n")


def edit_entry(bib: Path, run: str) -> None:
    text = bib.read_text()
    start = text.index("@article{entry0000,")
    title = text.index("title = {", start) + len("title = {")
    bib.write_text(text[:title] + f"Edited {run} " + text[title:])


def free_port() -> int:
    """A port no one listens on: a fixed one may still be held by a server another run left
    (the bench would then time its pages, not this run's)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(root: Path, port: int):
    """``nox -s serve`` on a port of its own, until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nox", "-s", "serve", "--no-venv", "--", "--port", str(port),
         "--host", "127.0.0.1"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or the page is being rewritten
        return None


def save_to_reload(root: Path, page: Path, url_path: str) -> float:
    """Seconds from saving ``page`` to the server answering with the rebuilt page."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{url_path}"
    with serving(root, port):
        deadline = time.monotonic() + 900
        while fetch(url) is None:  # the first, full build
            if time.monotonic() > deadline:
                sys.exit("nox -s serve did not start")
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle after its own build
        marker = f"Saved at {time.time_ns()}."
        start = time.perf_counter()
        page.write_text(page.read_text() + f"\n{marker}\n")
        while marker not in (fetch(url) or ""):
            if time.perf_counter() - start > 300:
                sys.exit("nox -s serve did not rebuild the page")
            time.sleep(0.02)
        return time.perf_counter() - start


def lists_papers(page: Path) -> bool:
    """The general index, and pages with a publications list, grow with the papers by design."""
    return page.parent.name == "genindex" or "academic-publications" in page.read_text()


def sizes_of(site: Path) -> tuple[int, int, int]:
    """Home page bytes, largest page's bytes outside the lists, whole output's bytes."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = max(p.stat().st_size for p in site.rglob("*.html") if not lists_papers(p))
    return (site / "index.html").stat().st_size, largest, total


def announce(line: str) -> None:
    """A figure printed as soon as it is measured: a run that fails later (or is stopped) keeps
    every figure measured before, where the tables at the end would have lost them all."""
    print(line, flush=True)


def note(row: dict[str, float], entries: int, key: str, value: float) -> None:
    row[key] = value
    unit = (f"{value / 2**20:.1f} MB" if key == "output" else f"{value / 1024:.1f} KB"
            if key in ("home", "largest") else f"{value:.0f}" if key == "cards"
            else f"{value:.2f} s")
    announce(f"  {entries} entries, {key}: {unit}")


def measure_size(temp: Path, entries: int, pages: int) -> dict[str, float]:
    row: dict[str, float] = {}
    edited = f"page{pages // 2:03d}"  # page050 of the default 100
    bare = bare_project(temp / f"bare-{entries}", entries, pages)
    note(row, entries, "bare clean", sphinx_build(bare))
    edit_page(bare / f"{edited}.md", "1")
    note(row, entries, "bare page", sphinx_build(bare))
    edit_entry(bare / "refs.bib", "1")
    note(row, entries, "bare entry", sphinx_build(bare))

    site = site_project(temp / f"site-{entries}", entries, pages)
    note(row, entries, "clean", nox_build(site))
    edit_page(site / "docs" / "bench" / f"{edited}.md", "1")
    note(row, entries, "page", nox_build(site))
    edit_entry(site / "refs.bib", "1")
    note(row, entries, "entry", nox_build(site))
    for key, size in zip(("home", "largest", "output"), sizes_of(site / "_build" / "html"),
                         strict=True):
        note(row, entries, key, size)
    note(row, entries, "serve", save_to_reload(site, site / "docs" / "bench" / f"{edited}.md",
                                               f"bench/{edited}/"))

    off = site_project(temp / f"site-off-{entries}", entries, pages)
    note(row, entries, "clean, pages off", nox_build(off, "-D", "academic_paper_pages_dir="))
    no_cards = site_project(temp / f"site-no-cards-{entries}", entries, pages)
    note(row, entries, "clean, cards off", nox_build(no_cards, "-D", "academic_social_cards=0"))
    cards, cpu = social_card_cost(site / "refs.bib")
    note(row, entries, "cards", cards)
    note(row, entries, "card cpu", cpu)
    return row


def social_card_cost(bib: Path) -> tuple[int, float]:
    """The preview cards of every entry of ``bib`` drawn as a clean build draws them (no cache):
    how many, and the CPU seconds they take, in this process."""
    sys.path.insert(0, str(REPO / "extensions"))
    from academic.bib.records import NameMatcher, load_bibliography
    from academic.site import card_image, social

    entries = load_bibliography(bib.read_text(encoding="utf-8"),
                                NameMatcher.from_names(["Jacob Austin"])).entries
    cards = [social.paper_card("Jacob Austin", "localhost:8000", entry)
             for entry in entries.values()]
    start = time.process_time()
    for card in cards:
        card_image.render(card)
    return len(cards), time.process_time() - start


def profile_build(site: Path, *options: str, into: str = ".html") -> str:
    """Where a build of the site spends its time: Sphinx's own command, serial as
    ``nox -s build`` runs it, profiled; in the folders of ``nox -s build`` (a rebuild), or in new
    ones (a clean build)."""
    profile = site / "build.prof"
    # The sources' date `nox -s build` gives a project outside git: with another, the feed, the
    # exports and llms.txt, which say it, would all be made again, as no nox build makes them.
    timed([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "sphinx", "-q",
           "--builder", "dirhtml", *options,
           "--doctree-dir", str(site / "_build" / f"{into}.doctrees"),
           "docs", str(site / "_build" / f"{into}.work")], site,
          SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "0"))
    out = io.StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    stats.sort_stats("cumulative").print_stats(r"(sphinx|sphinxcontrib|academic|furo).*\(", 25)
    lines = [line for line in out.getvalue().splitlines() if "(" in line and "/" in line]
    return "\n".join(line.replace(str(site), ".") for line in lines[:25])


def outside_virtual_environments(path: str) -> str:
    """``PATH`` without the folders of virtual environments (this nox session's, the one nox
    runs from): the README's command starts with a user's own ``python3 -m pip``, and the
    session's ``python3`` has no pip."""
    return os.pathsep.join(folder for folder in path.split(os.pathsep)
                           if folder and not (Path(folder).parent / "pyvenv.cfg").is_file())


#: Where the CV's work starts (the extension's subpackage, function): reading and checking
#: cv.yaml, its lists on the pages, the link to the PDF, the PDF, and the Atom feed of
#: publications. By subpackage, not file: a module split inside cv/ keeps the figure whole.
CV_WORK = {("cv", "load_cv"), ("cv", "run"), ("cv", "link_pdf"), ("cv", "write_pdf"),
           ("site", "write_feed"), ("site", "announce")}


def cv_cost(site: Path, into: str) -> dict[str, float]:
    """Seconds a profiled build of ``site`` spends on the CV (and on its PDF alone): a clean
    build in new folders, then a rebuild after an edit of docs/cv.yaml."""
    figures = {}
    cv = site / "docs" / "cv.yaml"
    for run in ("clean", "cv.yaml edited"):
        if run != "clean":
            # The first item's name, whoever's CV it is (a fork's too).
            cv.write_text(re.sub(r"(?m)^(  - name: .+)$", r"\1 (edited)", cv.read_text(),
                                 count=1))
        profile = site / "cv.prof"
        figures[f"{run} build"] = timed(
            [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "sphinx", "-q",
             "--builder", "dirhtml", "--doctree-dir", str(site / "_build" / f"{into}.doctrees"),
             "docs", str(site / "_build" / f"{into}.work")], site)
        stats = pstats.Stats(str(profile)).stats
        spent: dict[tuple[str, str], float] = {}
        for (file, _, name), (_, _, _, total, _) in stats.items():
            if "academic" in file:
                place = (Path(file).parent.name, name)
                spent[place] = spent.get(place, 0.0) + total
        figures[run] = sum(spent.get(place, 0.0) for place in CV_WORK)
        figures[f"{run} PDF"] = spent.get(("cv", "write_pdf"), 0.0)
        announce(f"  CV, {site.name}, {run} build: {figures[run]:.2f} s of "
                 f"{figures[f'{run} build']:.1f} s (the PDF {figures[f'{run} PDF']:.2f} s)")
    return figures


def print_cv_cost(label: str, figures: dict[str, float]) -> None:
    for run in ("clean", "cv.yaml edited"):
        print(f"  {label + ', ' + run + ' build:':<44}{figures[run]:>6.2f} s of "
              f"{figures[run + ' build']:>5.1f} s (the PDF {figures[run + ' PDF']:.2f} s)")


def loop_figures(temp: Path, cold: bool = True) -> dict[str, float]:
    """The README's build command on a fresh clone, cold package cache (or the user's, when
    ``cold`` is false); again; a save."""
    clone = temp / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    env = {**os.environ, "PATH": outside_virtual_environments(os.environ.get("PATH", ""))}
    if cold:
        env.update({"UV_CACHE_DIR": str(temp / "uv-cache"), "PIP_NO_CACHE_DIR": "1"})
    env.pop("VIRTUAL_ENV", None)
    python3 = shutil.which("python3", path=env["PATH"])
    if python3 is None:
        sys.exit("no python3 outside a virtual environment on PATH: the README's command needs "
                 "one with pip")
    readme = [line for line in (REPO / "README.md").read_text().splitlines()
              if line.endswith("nox -s build")][0]
    figures = {}
    for name in ("first build", "second build"):
        start = time.perf_counter()
        result = subprocess.run(readme, shell=True, cwd=clone, env=env, capture_output=True,
                                text=True)
        figures[name] = time.perf_counter() - start
        if result.returncode:
            sys.exit(f"{readme} failed:\n{result.stdout}\n{result.stderr}")
        announce(f"  fresh clone, {name}: {figures[name]:.1f} s")
    figures["serve"] = save_to_reload(clone, clone / "docs" / "teaching.md", "teaching/")
    announce(f"  fresh clone, serve: {figures['serve']:.2f} s")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,2000")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--no-loop", action="store_true", help="skip the fresh-clone figures")
    parser.add_argument("--quick", action="store_true",
                        help="30 entries, 10 pages, no profiles, a warm package cache")
    args = parser.parse_args()
    # Stopped with SIGTERM, the benchmark still stops the servers it started (their `finally`
    # blocks run): a server left behind would answer the next run's requests.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.quick:
        args.sizes, args.pages = "30", 10
    sizes = [int(size) for size in args.sizes.split(",")]
    # Where Python may not write bytecode (PYTHONDONTWRITEBYTECODE), every run would compile
    # Sphinx and its extensions afresh: a second of start-up that is neither stack's own cost.
    for folder in (sysconfig.get_paths()["purelib"], REPO / "extensions"):
        compileall.compile_dir(folder, quiet=2)
    rows = {}
    announce("Figures as they are measured (the tables follow at the end):")
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        for size in sizes:
            rows[size] = measure_size(temp, size, args.pages)
        largest = max(sizes)
        site = temp / f"site-{largest}"
        profiles = {}
        if not args.quick:
            edit_page(site / "docs" / "bench" / "page050.md", "profiled")
            profiles["one-page rebuild"] = profile_build(site)
            announce(f"  profile, one-page rebuild:\n{profiles['one-page rebuild']}")
            edit_entry(site / "refs.bib", "profiled")
            profiles["one-entry rebuild"] = profile_build(site)
            announce(f"  profile, one-entry rebuild:\n{profiles['one-entry rebuild']}")
            name = "clean build with per-paper pages off"
            profiles[name] = profile_build(site, "-D", "academic_paper_pages_dir=",
                                           into=".profile-pages-off")
            announce(f"  profile, {name}:\n{profiles[name]}")
        loop = None if args.no_loop else loop_figures(temp, cold=not args.quick)
        owner = temp / "owner-cv"
        for name in ("docs", "extensions"):
            shutil.copytree(REPO / name, owner / name,
                            ignore=shutil.ignore_patterns("__pycache__", "_build"))
        shutil.copy2(REPO / "refs.bib", owner / "refs.bib")
        cv_costs = {"the owner's site": cv_cost(owner, ".cv")}
        if not args.quick:  # at a quick run's 30 entries, the CV is the owner's again
            cv_costs[f"{largest} entries"] = cv_cost(site, ".cv")

    print(f"\nBuild times in seconds (one run each), {args.pages} citing pages; the site through "
          "`nox -s build`, per-paper pages on")
    header = (f"{'entries':>8}{'clean':>8}{'1 page':>8}{'1 entry':>9}{'serve':>7}"
              f"{'home KB':>9}{'largest KB':>12}{'output MB':>11}"
              f"{'bare clean':>12}{'bare 1 page':>13}{'bare 1 entry':>14}{'pages off':>11}")
    print(header)
    for size, row in rows.items():
        print(f"{size:>8}{row['clean']:>8.1f}{row['page']:>8.1f}{row['entry']:>9.1f}"
              f"{row['serve']:>7.1f}{row['home'] / 1024:>9.1f}{row['largest'] / 1024:>12.1f}"
              f"{row['output'] / 2**20:>11.1f}{row['bare clean']:>12.1f}"
              f"{row['bare page']:>13.1f}{row['bare entry']:>14.1f}"
              f"{row['clean, pages off']:>11.1f}")
    print("\nRatios to the bare stack (targets: clean <= 1.3, 1 page <= 0.3, 1 entry <= 0.5; "
          "output <= 40 MB at 2,000 entries)")
    print(f"{'entries':>8}{'clean':>8}{'pages off':>11}{'1 page':>8}{'1 entry':>9}")
    for size, row in rows.items():
        print(f"{size:>8}{row['clean'] / row['bare clean']:>8.2f}"
              f"{row['clean, pages off'] / row['bare clean']:>11.2f}"
              f"{row['page'] / row['bare page']:>8.2f}{row['entry'] / row['bare entry']:>9.2f}")
    print("\nPreview cards (academic.social): the clean build with and without them, and what "
          "drawing them costs")
    print(f"{'entries':>8}{'clean':>8}{'cards off':>11}{'cards':>7}{'CPU s':>7}{'ms/card':>9}")
    for size, row in rows.items():
        print(f"{size:>8}{row['clean']:>8.1f}{row['clean, cards off']:>11.1f}{row['cards']:>7.0f}"
              f"{row['card cpu']:>7.1f}{1000 * row['card cpu'] / row['cards']:>9.2f}")
    for name, profile in profiles.items():
        print(f"\nWhere a {name} at {largest} entries spends its time (profiled, "
              "cumulative seconds):")
        print(profile)
    print("\nThe CV (cv.yaml, its lists, the PDF, the Atom feed) in a profiled build "
          "(target: <= 1 s of the owner's clean build)")
    for label, figures in cv_costs.items():
        print_cv_cost(label, figures)
    if loop:
        print("\nThe everyday loop on the site (targets: first <= 60 s, second <= 5 s, "
              "serve <= 1 s)")
        cache = "warm package cache" if args.quick else "empty package cache"
        print(f"  fresh clone, `nox -s build`, {cache + ':':<21}{loop['first build']:.1f} s")
        print(f"  second `nox -s build`:                           {loop['second build']:.1f} s")
        print(f"  `nox -s serve`, save to reloaded page:           {loop['serve']:.2f} s")


if __name__ == "__main__":
    main()
