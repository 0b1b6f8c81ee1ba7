"""What a build keeps to its end is left out of Python's collections of cycles while it writes,
and given back when it ends, whether it passed or failed (academic/builder/memory.py)."""

from __future__ import annotations

import gc

import pytest


@pytest.mark.sphinx("dirhtml", testroot="citations")
def test_a_build_sets_aside_what_it_keeps_and_gives_it_back(app):
    read: list[int] = []
    frozen: list[int] = []
    app.connect("doctree-read", lambda *args: read.append(gc.get_freeze_count()), priority=999)
    app.connect("html-page-context", lambda *args: frozen.append(gc.get_freeze_count()))
    app.build()
    # Each page's doctree, set aside once it is read.
    assert len(read) > 1 and read == sorted(set(read))
    # The environment and every page read, set aside before the first page is written.
    assert frozen and min(frozen) > 10_000
    # The next build, or anything else the process does, collects them as usual.
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("dirhtml", testroot="citations")
def test_a_failed_build_gives_them_back_too(app):
    def fail(*args: object) -> None:
        raise RuntimeError("planted")

    app.connect("html-page-context", fail)
    with pytest.raises(Exception, match="planted"):
        app.build()
    assert gc.get_freeze_count() == 0
