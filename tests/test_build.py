"""`nox -s build`: strict, atomic (a failed or killed build keeps the last good site), and the
same commands Read the Docs runs."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from bs4 import BeautifulSoup
from conftest import REPO, TESTS, this_environment


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "extensions"):
        shutil.copytree(REPO / name, destination / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("refs.bib", "noxfile.py", "pyproject.toml", ".readthedocs.yaml"):
        shutil.copy2(REPO / name, destination / name)
    return destination


def nox_build(project: Path, **popen) -> subprocess.Popen:
    # --no-venv: this environment already has the docs dependencies.
    return subprocess.Popen(
        [sys.executable, "-m", "nox", "-s", "build", "--no-venv"], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        **{"env": this_environment(), **popen},
    )


def build_passes(project: Path) -> None:
    process = nox_build(project)
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output


def clean_build_digest(project: Path, tmp_path: Path) -> str:
    """The digest of the site a clean build of a copy of ``project`` writes."""
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("_build", ".nox"))
    build_passes(clean)
    return tree_digest(clean / "_build" / "html")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the project, built once, and a snapshot of it as that build left it."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    build_passes(project)
    assert (project / "_build" / "html" / "index.html").is_file()
    snapshot = tmp_path_factory.mktemp("snapshot") / "project"
    shutil.copytree(project, snapshot)
    return project, snapshot


@pytest.fixture
def project(built_project: tuple[Path, Path]) -> Path:
    """The built project as its first build left it, whatever an earlier test made of it.

    Put back in the same folder, times kept (copytree copies them): Sphinx's environment
    records the source folder, and a copy elsewhere would make the next build a clean one,
    where these tests need an incremental one. One build for the module, not one a test.
    """
    project, snapshot = built_project
    shutil.rmtree(project)
    shutil.copytree(snapshot, project)
    return project


def a_page(project: Path) -> Path:
    """A page of the site other than the home page, whoever's site it is: the first by name."""
    return min(p for p in (project / "docs").glob("*.md") if p.name != "index.md")


def built_path(page: Path) -> str:
    """Where the dirhtml build writes a page of docs/."""
    return f"{page.stem}/index.html"


def build_with(project: Path, path: Path, addition: str) -> tuple[int, str]:
    """Build with ``addition`` appended to ``path``, then put the file back as it was."""
    good = path.read_text()
    path.write_text(good + addition)
    try:
        process = nox_build(project)
        output, _ = process.communicate(timeout=600)
    finally:
        path.write_text(good)
    return process.returncode, output


def test_a_bad_bib_fails_with_its_line_and_keeps_the_last_good_site(project):
    site = project / "_build" / "html"
    before = tree_digest(site)
    bib = project / "refs.bib"
    line = bib.read_text().count("\n") + 2
    status, output = build_with(project, bib, "\n@misc{broken,\n  title = {Unclosed,\n")
    assert status != 0
    assert f"refs.bib:{line}: WARNING: @misc{{broken: entry is never closed" in output
    assert "still holds the last good site" in output
    assert tree_digest(site) == before


def test_a_bad_cv_file_fails_with_its_line_and_keeps_the_last_good_site(project):
    site = project / "_build" / "html"
    before = tree_digest(site)
    cv = project / "docs" / "cv.yaml"
    line = cv.read_text().count("\n") + 3
    status, output = build_with(project, cv, "\npatents:\n  - name: A Patent\n")
    assert status != 0
    assert (f"cv.yaml:{line - 1}: WARNING: unknown field 'patents' in the file: the fields "
            "there are $schema, basics, work,") in output
    assert "still holds the last good site" in output
    assert tree_digest(site) == before


def test_a_broken_page_fails_with_its_line(project):
    site = project / "_build" / "html"
    before = tree_digest(site)
    page = a_page(project)
    line = page.read_text().count("\n") + 2
    status, output = build_with(project, page, "\nSee {cite:p}`nosuchpaper`.\n")
    assert status != 0
    assert f'{page.name}:{line}: WARNING: could not find bibtex key "nosuchpaper"' in output
    assert tree_digest(site) == before
    # The next build must fail again on the same mistake, not pass on a stale cache.
    status, _ = build_with(project, page, "\nSee {cite:p}`nosuchpaper`.\n")
    assert status != 0


def test_a_killed_build_keeps_the_last_good_site(project):
    site = project / "_build" / "html"
    before = tree_digest(site)
    # A change, so that the killed build has pages to write.
    page = a_page(project)
    page.write_text(page.read_text() + "\nA sentence the killed build was writing.\n")
    process = nox_build(project, start_new_session=True)
    running = project / "_build" / ".html.running"
    deadline = time.monotonic() + 120
    while not running.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1)  # into Sphinx's build
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_digest(site) == before
    # The next build starts afresh (a page may have been half written) and publishes the change.
    build_passes(project)
    assert "A sentence the killed build was writing." in (site / built_path(page)).read_text()


def test_an_incremental_build_writes_what_a_clean_build_writes(project, tmp_path):
    """Titles in every sidebar, index entries in the search index, every page in the sitemap."""
    page = a_page(project)
    text = page.read_text()
    title = next(line for line in text.splitlines() if line.startswith("# "))
    page.write_text(text.replace(title, f"{title}, retitled", 1))
    build_passes(project)
    incremental = project / "_build" / "html"
    # In the sidebar of another page (the home page's lists every page of the tree).
    assert f"{title.removeprefix('# ')}, retitled" in (incremental / "index.html").read_text()
    assert clean_build_digest(project, tmp_path) == tree_digest(incremental)


def test_editing_the_extension_rewrites_every_page(project):
    """Sphinx rewrites only pages whose sources changed; the extension's files count as well."""
    css = project / "extensions" / "academic" / "static" / "academic-base.css"
    css.write_text(css.read_text() + "\n.edited-rule { color: inherit; }\n")
    build_passes(project)
    site = project / "_build" / "html"
    # A page of the tree, the list, and a paper's page (whichever comes first in the list: the
    # test runs on anyone's refs.bib).
    listing = BeautifulSoup((site / "publications" / "index.html").read_text(encoding="utf-8"),
                            "lxml")
    paper = listing.select_one("li.academic-entry .academic-title a")["href"]
    paper_page = (site / "publications" / paper).resolve() / "index.html"
    for page in (site / "index.html", site / "publications" / "index.html", paper_page):
        assert ".edited-rule" in page.read_text(encoding="utf-8"), page


def test_editing_and_removing_entries_writes_what_a_clean_build_writes(project, tmp_path):
    """A paper page follows its entry; a removed entry's page is gone; other pages are kept.

    The entries edited and removed are the test's own, so that it runs on anyone's refs.bib.
    """
    site = project / "_build" / "html"
    bib = project / "refs.bib"
    original = bib.read_text()
    edited = "\n@misc{edited2000,\n  title = {An Edited Note},\n  author = {Lovelace, Ada},\n" \
             "  year = {2000},\n}\n"
    bib.write_text(original + edited + "\n@misc{extra1999,\n  title = {An Extra Note},\n"
                   "  author = {Lovelace, Ada},\n  year = {1999},\n}\n")
    build_passes(project)
    assert (site / "publications" / "extra1999" / "index.html").is_file()
    # Far from both edited entries in the list: a paper page links its previous and next paper,
    # so those of the neighbours of an edited entry are rewritten too.
    # Each entry of the list, in order, and its page (named for its key, made safe for a path).
    pages = [item.select_one(".academic-title a")["href"] for item in BeautifulSoup(
        (site / "publications" / "index.html").read_text(encoding="utf-8"), "lxml",
    ).select("li.academic-entry")]
    near = {pages[i] for page in ("edited2000/", "extra1999/")
            for i in range(max(pages.index(page) - 1, 0), pages.index(page) + 2)
            if i < len(pages)}
    far = [page for page in pages if page not in near]
    assert far, pages  # refs.bib has at least two entries of its own
    kept = site / "publications" / far[0] / "index.html"
    written_at = kept.stat().st_mtime_ns
    bib.write_text(original + edited.replace("An Edited Note", "An Edited Note, Revised"))
    build_passes(project)
    assert "Revised" in (site / "publications" / "edited2000" / "index.html").read_text()
    assert not (site / "publications" / "extra1999").exists()
    assert kept.stat().st_mtime_ns == written_at  # the unchanged paper's page was not rewritten
    assert clean_build_digest(project, tmp_path) == tree_digest(site)


def test_readthedocs_config_is_valid():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    schema = yaml.safe_load((TESTS / "data" / "readthedocs-config-schema-v2.json").read_text())
    jsonschema.validate(config, schema)


def wheelhouse_with_uv(folder: Path) -> Path:
    """Pack this environment's uv (the lock's) back into a wheel, for pip to install offline."""
    dist = importlib.metadata.distribution("uv")
    name = f"uv-{dist.version}"
    tag = next(line.removeprefix("Tag: ") for line in (dist.read_text("WHEEL") or "").splitlines()
               if line.startswith("Tag: "))
    folder.mkdir()
    with zipfile.ZipFile(folder / f"{name}-{tag}.whl", "w") as wheel:
        for file in dist.files or ():
            if "__pycache__" in file.parts or file.name in ("RECORD", "INSTALLER"):
                continue
            # The binaries are installed in bin/, outside site-packages: scripts of the wheel.
            inside = f"{name}.data/scripts/{file.name}" if file.parts[0] == ".." else str(file)
            wheel.write(file.locate(), inside)
        wheel.writestr(f"{name}.dist-info/RECORD", "")
    return folder


def test_readthedocs_build_commands(tmp_path):
    """Run the config's commands as Read the Docs would: its variables, a fresh environment.

    Offline: pip finds only the lock's uv (so a pin here that differs from the lock's fails),
    and uv installs from its cache, which installing this environment filled.
    """
    project = copy_project(tmp_path / "checkout")
    shutil.copy2(REPO / "uv.lock", project / "uv.lock")
    config = yaml.safe_load((project / ".readthedocs.yaml").read_text())
    # It is the README's build command, which this tests too.
    assert config["build"]["commands"] == [
        line for line in (REPO / "README.md").read_text().splitlines() if line.endswith("-s build")
    ]
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    output = tmp_path / "output"
    env = {
        **os.environ,
        "PATH": f"{environment / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(environment),
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": "https://owner.readthedocs.io/en/latest/",
        "READTHEDOCS_VERSION": "latest",
        "UV_OFFLINE": "1",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse_with_uv(tmp_path / "wheels")),
    }
    for command in config["build"]["commands"]:
        result = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True,
                                text=True, timeout=900)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    home = (output / "html" / "index.html").read_text()
    assert '<link rel="canonical" href="https://owner.readthedocs.io/en/latest/"' in home
    # The 404 page is served at every missing address: its links must not be relative.
    not_found = (output / "html" / "404" / "index.html").read_text()
    assert 'href="/en/latest/genindex/"' in not_found


def test_real_world_bibs_build_with_nox(tmp_path):
    """A Zotero BibLaTeX export, an ADS export, a DBLP export with crossref and an al-folio
    papers.bib appended to refs.bib: `nox -s build` passes and lists every entry (but a volume
    only cross-referenced).

    All four in one build (their keys are distinct): a build of the whole site costs far more
    than its entries, and each file's own quirks are tested alone in test_bib_sources.py."""
    project = copy_project(tmp_path / "project")
    bib = project / "refs.bib"
    wanted = {}
    for fixture in ("zotero", "ads", "dblp", "alfolio"):
        root = TESTS / "roots" / f"test-bib-{fixture}"
        bib.write_text(bib.read_text() + "\n" + (root / "refs.bib").read_text())
        papers = root / "_static" / "papers"
        if papers.is_dir():
            shutil.copytree(papers, project / "docs" / "_static" / "papers", dirs_exist_ok=True)
        entries = load_bibliography((root / "refs.bib").read_text(), NameMatcher(())).entries
        # A volume only cross-referenced by others is left out, as BibTeX leaves it out.
        parents = {entry.crossref.lower() for entry in entries.values() if entry.crossref}
        wanted |= {entry.title_text: fixture for key, entry in entries.items()
                   if key.lower() not in parents or entry.keywords}
    build_passes(project)
    listed = BeautifulSoup((project / "_build" / "html" / "publications" / "index.html")
                           .read_text(encoding="utf-8"), "lxml")
    titles = {item.get_text() for item in listed.select("li.academic-entry .academic-title")}
    assert {title: fixture for title, fixture in wanted.items() if title not in titles} == {}
