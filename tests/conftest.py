"""Shared fixtures: Sphinx's testing harness, with test roots under tests/roots/.

A test names its root with ``@pytest.mark.sphinx(builder, testroot=...)``. ``app`` and ``built``
give it a copy of its own, to edit and build again; ``shared_app`` and ``shared_built`` give the
tests that only read the output one build of the root per test process. The browser tests'
fixtures (sites, Chromium, pages) are browser.py's, loaded below as a plugin.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import logging
import multiprocessing
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

# Before Sphinx, sphinxcontrib-bibtex and pybtex are imported: each binds `entry_points` as it
# imports. Each of them looks its plugins up anew for every application (Sphinx its themes,
# sphinxcontrib-bibtex and pybtex their styles), and every lookup reads the entry points of
# every installed package from disk: 4.8 s of CPU in 95 builds, 7 % of what those builds
# took. No package is installed while the tests run, so one lookup per query serves them all.
importlib.metadata.entry_points = functools.cache(importlib.metadata.entry_points)

import jinja2  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from sphinx.testing.util import SphinxTestApp  # noqa: E402

# browser.py: the browser tests' sites, Chromium and its pages, made once for all modules.
pytest_plugins = ["sphinx.testing.fixtures", "browser"]

TESTS = Path(__file__).parent
REPO = TESTS.parent

# Test roots are copied to a temporary directory before they build, so their conf.py cannot
# find the extension by a relative path: it is importable from here instead.
sys.path.insert(0, str(REPO / "extensions"))

# A fork of a test process copies the locks its other threads hold at that moment (Chromium's
# driver and the test servers run threads for the whole run), and the child can wait on one for
# ever: the suite once hung so at a build. The academic extension's builds fork nothing
# (compat.sitemap.sitemap_without_manager); a child another package makes here (sphinx-sitemap's
# manager, in test_compat.py's build without the extension) starts from a fresh server process.
multiprocessing.set_start_method("forkserver", force=True)

# Sphinx's logger takes every level, and its handlers drop what the verbosity does not show: each
# application made a debug record for every config value, event handler and node it registered
# (about 700 an application, 176,000 a run), none of them ever shown at the tests' verbosity.
logging.disable(logging.DEBUG)


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


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per test process, kept in memory (Jinja's bytecode cache).

    Sphinx gives every application a new Jinja environment, which compiles furo's templates
    afresh: about a fifth of the CPU a small test root's build takes, and the suite makes
    hundreds. Jinja checks each entry against the source's digest, so a root's own templates,
    or an edited one, are compiled as they are.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Keyed by the file, not by the path it was found through: the extension's templates
        # are found through a path relative to each root's copy (a new folder for every test),
        # and were compiled again for every build.
        return super().get_cache_key(name, filename and os.path.realpath(filename))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def with_compiled_templates(app: SphinxTestApp) -> SphinxTestApp:
    """``app``, its HTML templates compiled once per process (before it renders any)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment):
        environment.bytecode_cache = COMPILED_TEMPLATES
    return app


@pytest.fixture(scope="session", autouse=True)
def _compiled_templates() -> Iterator[None]:
    """Every test application renders with templates compiled once per process, however the
    test makes it (`app`, `make_app`, a shared build or SphinxTestApp itself)."""
    made = SphinxTestApp.__init__

    @functools.wraps(made)
    def make(self: SphinxTestApp, *args: object, **kwargs: object) -> None:
        made(self, *args, **kwargs)
        with_compiled_templates(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SphinxTestApp, "__init__", make)
        yield


@pytest.fixture
def built(app):
    """The test root, built once, with no warning (a module may define its own)."""
    app.build()
    assert app.warning.getvalue() == ""
    return app


# --- builds shared by the tests that only read them -------------------------------------------
#
# `app` and `built` give each test a copy of its root of its own, which it may edit and build
# again. A test that only reads the output asks for `shared_app` or `shared_built` instead: the
# root its `sphinx` marker names (same builder, same arguments) is built once per test process
# (per xdist worker), into a folder of its own, and every such test reads that one build.


def sphinx_marker(node: pytest.Item) -> tuple[list, dict]:
    """A test's `pytest.mark.sphinx` arguments, merged as sphinx.testing's `app_params` merges
    them: the closest marker's win."""
    positional: dict[int, object] = {}
    keywords: dict[str, object] = {}
    for marker in reversed(list(node.iter_markers("sphinx"))):
        positional |= dict(enumerate(marker.args))
        keywords.update(marker.kwargs)
    return [positional[i] for i in sorted(positional)], keywords


@pytest.fixture(scope="session")
def shared_builds() -> Iterator[dict[str, SphinxTestApp]]:
    """Every shared build of this process, by its `sphinx` marker's arguments."""
    builds: dict[str, SphinxTestApp] = {}
    yield builds


@pytest.fixture(autouse=True)
def _shared_build(request: pytest.FixtureRequest) -> SphinxTestApp | None:
    """The shared build a test asks for, made the first time one asks.

    Autouse so that it is made before any function-scoped fixture (`app`, `make_app`) of the
    test: its application is cleaned up as soon as it is built (SphinxTestApp.cleanup, which
    clears the directives, roles and nodes Sphinx registered with docutils), and that must not
    happen to an application another fixture has set up and not built yet. Once built, a shared
    application is only read: its output folder, its environment, its warnings.
    """
    if not {"shared_app", "shared_built"} & set(request.fixturenames):
        return None
    args, kwargs = sphinx_marker(request.node)
    key = repr((args, sorted(kwargs.items())))
    builds = request.getfixturevalue("shared_builds")
    if key not in builds:
        root = kwargs.pop("testroot", "root")
        folder = request.getfixturevalue("tmp_path_factory").mktemp(f"shared-{root}")
        srcdir = folder / str(kwargs.pop("srcdir", root))
        shutil.copytree(request.getfixturevalue("rootdir") / f"test-{root}", srcdir)
        kwargs.setdefault("builddir", srcdir / "_build")
        app = SphinxTestApp(*args, srcdir=srcdir, **kwargs)
        try:
            app.build()
        finally:
            app.cleanup()
        builds[key] = app
    return builds[key]


@pytest.fixture
def shared_app(_shared_build: SphinxTestApp) -> SphinxTestApp:
    """The test root its `sphinx` marker names, built once per process and shared: only read
    it (its warnings are in `.warning`)."""
    return _shared_build


@pytest.fixture
def shared_built(shared_app: SphinxTestApp) -> SphinxTestApp:
    """`shared_app`, built with no warning: `built` for the tests that only read the output."""
    assert plain_warnings(shared_app) == ""
    return shared_app


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


# --- the project built as its users build it (tests/projects.py), for the build's own tests -----


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the project, built once per test process, and a snapshot of it as that build
    left it (shared by test_build.py, test_build_lock.py and test_build_safety.py).

    Sphinx's environment records the folder it was built in, so a copy elsewhere builds afresh:
    the files that use it are named alike, so that they sit side by side in the run's order, and
    pytest-xdist's work stealing mostly runs them in one worker, which builds the project once.
    """
    from projects import build_passes, copy_project  # which imports this module

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
    where these tests need an incremental one. One build for the test process, not one a test.
    """
    project, snapshot = built_project
    shutil.rmtree(project)
    shutil.copytree(snapshot, project)
    return project
