"""Shared fixtures: Sphinx's testing harness, with test roots under tests/roots/."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
REPO = TESTS.parent

# Test roots are copied to a temporary directory before they build, so their conf.py cannot
# find the extension by a relative path: it is importable from here instead.
sys.path.insert(0, str(REPO / "extensions"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reverse", action="store_true",
        help="run the tests in reverse order, within each file too (nox -s tests-isolated): a "
             "test that passes only after another has run fails")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--reverse"):
        # A file's tests stay together, so a module's fixtures are still made once.
        items.reverse()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Where sphinx.testing copies a test's root: a folder of the test's own.

    sphinx.testing's own is one folder for the whole session: every test of a root would build
    in the same copy, and see the files and the build that earlier tests left there.
    """
    return tmp_path


@pytest.fixture
def built(app):
    """The test root, built once, with no warning (a module may define its own)."""
    app.build()
    assert app.warning.getvalue() == ""
    return app


def this_environment() -> dict[str, str]:
    """The environment for a command that runs this test environment's programs (`nox
    --no-venv`, which finds sphinx-build and sphinx-autobuild on the PATH): its bin folder comes
    first, so the test passes however pytest was started (`nox -s tests` puts it there, a bare
    `.nox/tests/bin/python -m pytest` does not)."""
    return {**os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}


def html_page(outdir: str | Path, path: str = "index.html") -> BeautifulSoup:
    """A built page, parsed; ``path`` is a file, or a folder of a dirhtml build."""
    file = Path(outdir) / path
    if file.suffix != ".html":
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def plain_warnings(app) -> str:
    """The build's warnings without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def load_searchindex(outdir: str | Path) -> dict:
    """searchindex.js as data."""
    text = (Path(outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
