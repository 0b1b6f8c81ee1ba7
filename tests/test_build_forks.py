"""A build writes its pages in its own process, and forks no other.

sphinx-sitemap starts a multiprocessing manager (a forked server process) at every build, for
pages written in parallel processes. A fork of a process that runs other threads (this test
process drives Chromium; `nox -s serve` runs a server) can copy a lock another thread holds,
and the child then waits on it for ever: the suite run backwards in one process hung at a
build. compat.sitemap.sitemap_without_manager gives sphinx-sitemap a plain queue when nothing is
written in parallel.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.managers
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TESTS, plain_warnings
from sphinx.testing.util import SphinxTestApp


def test_a_build_forks_no_process_and_its_sitemap_is_whole(tmp_path, monkeypatch):
    def refuse(manager: multiprocessing.managers.BaseManager) -> None:
        pytest.fail("the build started a multiprocessing manager: it forks the test process")

    # From before the application exists: sphinx-sitemap's manager starts at builder-inited,
    # while Sphinx sets itself up.
    monkeypatch.setattr(multiprocessing.managers.BaseManager, "start", refuse)
    children = set(multiprocessing.active_children())
    srcdir = tmp_path / "seo"
    shutil.copytree(TESTS / "roots" / "test-seo", srcdir)
    app = SphinxTestApp("dirhtml", srcdir=srcdir, builddir=srcdir / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    assert plain_warnings(app) == ""
    assert set(multiprocessing.active_children()) <= children
    sitemap = BeautifulSoup((Path(app.outdir) / "sitemap.xml").read_bytes(), "xml")
    addresses = {loc.text for loc in sitemap.find_all("loc")}
    assert {"https://example.org/site/", "https://example.org/site/plain/",
            "https://example.org/site/projects/"} <= addresses
