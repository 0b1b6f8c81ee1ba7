"""Build-time benchmark: the academic extension against the bare sphinxcontrib-bibtex stack.

Generates one project of 2,000 BibTeX entries and 100 pages that cite them, then builds it twice
in this same run, both on sphinxcontrib-bibtex with the same `{cite:p}` roles and furo: the bare
stack (`bibliography :all:`, the stock `alpha` style), and the site's configuration (the
`academic` extension and styles, its `publications` list). Per-paper pages are off here, so that
both builds make the same pages. Prints the clean-build and one-page-rebuild times and their
ratios. Figures, not assertions.

    python tests/bench/build_bench.py [--entries 2000] [--pages 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import compileall
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

EXTENSIONS = Path(__file__).resolve().parents[2] / "extensions"
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


def make_project(root: Path, flavour: str, entries: int, pages: int) -> Path:
    root.mkdir(parents=True)
    source, keys = bibtex(entries)
    (root / "refs.bib").write_text(source, encoding="utf-8")
    common = 'html_theme = "furo"\nsuppress_warnings = ["bibtex.duplicate_citation"]\n'
    if flavour == "academic":
        conf = (f"import sys\nsys.path.insert(0, {str(EXTENSIONS)!r})\n"
                'extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic"]\n'
                'bibtex_bibfiles = ["refs.bib"]\nbibtex_default_style = "academic"\n'
                'bibtex_reference_style = "academic"\n'
                'academic_owner = ["Jacob Austin"]\nacademic_paper_dir = ""\n')
        listing = "```{publications}\n```\n"
    else:
        conf = ('extensions = ["myst_parser", "sphinxcontrib.bibtex"]\n'
                'bibtex_bibfiles = ["refs.bib"]\n')
        listing = "```{bibliography}\n:all:\n```\n"
    (root / "conf.py").write_text(conf + common, encoding="utf-8")
    rng = random.Random(2)
    names = [f"page{i:03d}" for i in range(pages)]
    (root / "index.md").write_text(
        "# Benchmark\n\n```{toctree}\npublications\n" + "\n".join(names) + "\n```\n")
    (root / "publications.md").write_text("# Publications\n\n" + listing)
    for name in names:
        paragraphs = [
            f"Paragraph {n} cites {{cite:p}}`{rng.choice(keys)}` and "
            f"{{cite:p}}`{rng.choice(keys)},{rng.choice(keys)}`."
            for n in range(7)
        ]
        (root / f"{name}.md").write_text(f"# {name}\n\n" + "\n\n".join(paragraphs) + "\n")
    return root


def sphinx(project: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", *extra, str(project),
                    str(project / "_build" / "html")], check=True)
    return time.perf_counter() - start


def measure(project: Path, repeat: int) -> tuple[float, float]:
    clean = []
    for _ in range(repeat):
        shutil.rmtree(project / "_build", ignore_errors=True)
        clean.append(sphinx(project))
    rebuild = []
    page = project / "page050.md"
    for run in range(repeat):
        page.write_text(page.read_text() + f"\nEdited ({run}).\n")
        rebuild.append(sphinx(project))
    return statistics.median(clean), statistics.median(rebuild)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # Where Python may not write bytecode (PYTHONDONTWRITEBYTECODE), every run would compile
    # Sphinx and its extensions afresh: a second of start-up that is neither stack's own cost.
    for folder in (sysconfig.get_paths()["purelib"], EXTENSIONS):
        compileall.compile_dir(folder, quiet=2)
    with tempfile.TemporaryDirectory() as temp:
        results = {}
        for flavour in ("bare", "academic"):
            project = make_project(Path(temp) / flavour, flavour, args.entries, args.pages)
            results[flavour] = measure(project, args.repeat)
    bare, ours = results["bare"], results["academic"]
    print(f"\n{args.entries} BibTeX entries, {args.pages} citing pages, median of "
          f"{args.repeat} runs (seconds)")
    print(f"{'':28}{'clean build':>14}{'rebuild, 1 page edited':>26}")
    print(f"{'bare (sphinxcontrib-bibtex)':28}{bare[0]:14.2f}{bare[1]:26.2f}")
    print(f"{'site (academic on it)':28}{ours[0]:14.2f}{ours[1]:26.2f}")
    print(f"{'ratio (target <= 0.5 / 0.2)':28}{ours[0] / bare[0]:14.2f}{ours[1] / bare[1]:26.2f}")


if __name__ == "__main__":
    main()
