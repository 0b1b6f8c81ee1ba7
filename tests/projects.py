"""A copy of this project built with `nox -s build`, as its users build it: for the tests of
the build itself (test_build.py, test_build_safety.py) and of what a fork or a real .bib makes
of it. The built copy the build tests share is conftest.py's `built_project`."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, this_environment


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "extensions"):
        shutil.copytree(REPO / name, destination / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("refs.bib", "noxfile.py", "pyproject.toml", ".readthedocs.yaml"):
        shutil.copy2(REPO / name, destination / name)
    return destination


def nox_build(project: Path, *arguments: str, **popen) -> subprocess.Popen:
    """`nox -s build`, ``arguments`` after `--` (for sphinx-build)."""
    # --no-venv: this environment already has the docs dependencies.
    return subprocess.Popen(
        [sys.executable, "-m", "nox", "-s", "build", "--no-venv",
         *(("--", *arguments) if arguments else ())], cwd=project,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        **{"env": this_environment(), **popen},
    )


def build_passes(project: Path, *arguments: str) -> None:
    process = nox_build(project, *arguments)
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
