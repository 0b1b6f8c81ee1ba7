"""`nox -s build`: strict, atomic (a failed or killed build keeps the last good site), and the
same commands Read the Docs runs."""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import os
import shutil
import signal
import subprocess
import time
import tomllib
import venv
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from bs4 import BeautifulSoup
from conftest import REPO, TESTS
from projects import (
    build_passes,
    build_with,
    clean_build_digest,
    copy_project,
    nox_build,
    tree_digest,
)


def a_page(project: Path) -> Path:
    """A page of the site other than the home page, whoever's site it is: the first by name."""
    return min(p for p in (project / "docs").glob("*.md") if p.name != "index.md")


def built_path(page: Path) -> str:
    """Where the dirhtml build writes a page of docs/."""
    return f"{page.stem}/index.html"


def test_mistakes_fail_at_their_lines_and_keep_the_last_good_site(project):
    """A broken entry, an unknown CV field and a citation of no entry, in one build (a build of
    the whole site is what these cost): each is named at its line, the build fails, and the
    published site is the last good one. The next build fails again on what is left, rather
    than passing on a stale cache."""
    site = project / "_build" / "html"
    before = tree_digest(site)
    bib, cv, page = project / "refs.bib", project / "docs" / "cv.yaml", a_page(project)
    good = {path: path.read_text() for path in (bib, cv, page)}
    bib_line = good[bib].count("\n") + 2
    cv_line = good[cv].count("\n") + 2
    page_line = good[page].count("\n") + 2
    cite = "\nSee {cite:p}`nosuchpaper`.\n"
    try:
        bib.write_text(good[bib] + "\n@misc{broken,\n  title = {Unclosed,\n")
        cv.write_text(good[cv] + "\npatents:\n  - name: A Patent\n")
        page.write_text(good[page] + cite)
        process = nox_build(project)
        output, _ = process.communicate(timeout=600)
        assert process.returncode != 0
        assert f"refs.bib:{bib_line}: WARNING: @misc{{broken}}: entry is never closed" in output
        assert (f"cv.yaml:{cv_line}: WARNING: unknown field 'patents' in the file: the fields "
                "there are $schema, basics, work,") in output
        missing = f'{page.name}:{page_line}: WARNING: could not find bibtex key "nosuchpaper"'
        assert missing in output
        assert "still holds the last good site" in output
        assert tree_digest(site) == before
        bib.write_text(good[bib])
        cv.write_text(good[cv])
        # A first build that fails says so: there is no last good site to keep.
        site.rename(site.with_name("html.kept"))
        try:
            status, output = build_with(project, page, "")
        finally:
            assert not site.exists()
            site.with_name("html.kept").rename(site)
        assert status != 0
        assert missing in output
        assert (f"the build failed: nothing was published ({site} holds no site yet)"
                in output), output
        assert "still holds" not in output
        assert tree_digest(site) == before
    finally:
        for path, text in good.items():
            path.write_text(text)


def test_a_killed_build_keeps_the_last_good_site(project):
    site = project / "_build" / "html"
    before = tree_digest(site)
    # A change, so that the killed build has pages to write.
    page = a_page(project)
    page.write_text(page.read_text() + "\nA sentence the killed build was writing.\n")
    # Killed once Sphinx has written the changed page into its work folder: mid-build, before
    # the site is published. (A fixed wait was not: on a fast machine the build was published
    # within it.)
    written = project / "_build" / ".html.work" / built_path(page)
    old_version = written.stat().st_mtime_ns
    process = nox_build(project, start_new_session=True)
    deadline = time.monotonic() + 120
    while (written.stat().st_mtime_ns == old_version and process.poll() is None
           and time.monotonic() < deadline):
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_digest(site) == before
    # The next build starts afresh (a page may have been half written) and publishes the change.
    build_passes(project)
    assert "A sentence the killed build was writing." in (site / built_path(page)).read_text()


def test_a_build_with_another_builder_publishes_its_pages_alone(project):
    """`nox -s build -- -b html` writes cv.html where dirhtml writes cv/index.html: in the
    work folder kept from build to build, the last builder's pages stayed beside the new
    ones, and were published. A build with another builder than the last starts afresh."""
    site = project / "_build" / "html"
    before = tree_digest(site)
    page = a_page(project)
    assert (site / built_path(page)).is_file()
    build_passes(project, "-b", "html")
    assert (site / f"{page.stem}.html").is_file()
    assert not (site / page.stem / "index.html").exists()
    build_passes(project)
    assert not (site / f"{page.stem}.html").exists()
    assert tree_digest(site) == before  # byte for byte the first build's site


@pytest.mark.parametrize(("arguments", "builder"), [
    ([], "dirhtml"), (["-b", "html"], "html"), (["-bhtml"], "html"), (["-Eb", "html"], "html"),
    (["-aEb", "singlehtml"], "singlehtml"), (["--build", "text"], "text"),
    (["--builder=text", "-q"], "text"), (["-D", "-bfoo"], "dirhtml"),
    (["-j", "2", "-b", "latex"], "latex"), (["-W", "--keep-going"], "dirhtml"),
])
def test_the_build_knows_the_builder_sphinx_build_runs(arguments, builder):
    """As sphinx-build's own parser reads its arguments: a cluster of flags ("-Eb html"), an
    abbreviation ("--build"), a value that looks like a flag ("-D -bfoo" defines a setting)."""
    assert project_noxfile().builder_of(["--builder", "dirhtml", *arguments]) == builder


@functools.cache
def project_noxfile():
    """noxfile.py, loaded once (each load registers its sessions with nox again)."""
    spec = importlib.util.spec_from_file_location("project_noxfile", REPO / "noxfile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_incremental_builds_write_what_a_clean_build_writes(project, tmp_path):
    """A retitled page (its title in every sidebar, its index entries in the search index, every
    page in the sitemap), entries added, edited and removed, a page and a static file added
    and deleted: a paper page follows its entry, a removed entry's page is gone, a deleted page
    and file are gone from the published site, other pages are kept; and the site is, byte for
    byte, what a clean build writes (one clean build for every step: each costs a whole site).

    The entries edited and removed are the test's own, so that it runs on anyone's refs.bib.
    """
    site = project / "_build" / "html"
    page = a_page(project)
    text = page.read_text()
    title = next(line for line in text.splitlines() if line.startswith("# "))
    page.write_text(text.replace(title, f"{title}, retitled", 1))
    bib = project / "refs.bib"
    original = bib.read_text()
    edited = "\n@misc{edited2000,\n  title = {An Edited Note},\n  author = {Lovelace, Ada},\n" \
             "  year = {2000},\n}\n"
    bib.write_text(original + edited + "\n@misc{extra1999,\n  title = {An Extra Note},\n"
                   "  author = {Lovelace, Ada},\n  year = {1999},\n}\n")
    # A page and a static file, deleted below (the page in a toctree of its own).
    index = project / "docs" / "index.md"
    home = index.read_text()
    name = "a-page-to-delete"
    deleted = project / "docs" / f"{name}.md"
    static = project / "docs" / "_static" / "a-file-to-delete.css"
    deleted.write_text("---\ndescription: A page that is deleted.\n---\n\n# A page to delete\n\n"
                       "Its text.\n")
    static.write_text("/* deleted */\n")
    index.write_text(f"{home}\n```{{toctree}}\n:hidden:\n\n{name}\n```\n")
    build_passes(project)
    assert (site / name / "index.html").is_file()
    assert (site / "_static" / "a-file-to-delete.css").is_file()
    # In the sidebar of another page (the home page's lists every page of the tree).
    assert f"{title.removeprefix('# ')}, retitled" in (site / "index.html").read_text()
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
    # Deleted through the work folder and the publication (a build of its own: a page gone
    # from the navigation rewrites every page's sidebar).
    deleted.unlink()
    static.unlink()
    index.write_text(home)
    build_passes(project)
    assert not (site / name).exists()
    assert not (site / "_static" / "a-file-to-delete.css").exists()
    assert not (site / "_sources" / f"{name}.md.txt").exists()
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


def fresh_environment_with_pip(folder: Path) -> Path:
    """A new virtual environment in which `python -m pip` runs, as Read the Docs gives a build.

    Its pip is the base Python's (Debian's python3-pip), seen through the system site-packages:
    installing pip into it (ensurepip) took 3 s. Where the base Python has no pip, it is
    installed.
    """
    venv.create(folder, system_site_packages=True)
    python = folder / "bin" / "python"
    if subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode:
        venv.create(folder, clear=True, with_pip=True)
    return folder


def test_readthedocs_build_commands(tmp_path):
    """Run the config's commands as Read the Docs would: its variables, a fresh environment.

    Offline: pip finds only the lock's uv (so a pin here that differs from the lock's fails),
    and uv installs from its cache, which installing this environment filled. Where this
    environment's uv is not the lock's (`nox -s tests-latest` lifts the pins), there is no uv
    the commands' pin can install offline: the test is for the locked environment.
    """
    locked = next(package["version"] for package in
                  tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))["package"]
                  if package["name"] == "uv")
    if importlib.metadata.version("uv") != locked:
        pytest.skip(f"this environment's uv is {importlib.metadata.version('uv')}, not the "
                    f"lock's {locked}, which the commands pin (nox -s tests-latest)")
    project = copy_project(tmp_path / "checkout")
    shutil.copy2(REPO / "uv.lock", project / "uv.lock")
    config = yaml.safe_load((project / ".readthedocs.yaml").read_text())
    # It is the README's build command, which this tests too.
    assert config["build"]["commands"] == [
        line for line in (REPO / "README.md").read_text().splitlines() if line.endswith("-s build")
    ]
    environment = fresh_environment_with_pip(tmp_path / "venv")
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


def test_real_world_bibs_build_with_nox(project):
    """A Zotero BibLaTeX export, an ADS export, a DBLP export with crossref and an al-folio
    papers.bib appended to refs.bib: `nox -s build` passes and lists every entry (but a volume
    only cross-referenced).

    All four in one build (their keys are distinct), of the built project: a build of the whole
    site costs far more than its entries, and each file's own quirks are tested alone in
    test_bib_sources.py."""
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
