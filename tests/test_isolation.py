"""Two Sphinx applications in one process share no build state: each site comes out as it does
when it is built alone, whichever application is made and built first.

The two roots have an entry of the same key but other owners (its author list is bolded
differently), other entries besides, and only one of them has social cards: records, year
labels, formatted texts, sidebars, cards or paper pages leaking from one application to the
other would change a file of the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import plain_warnings

ROOTS = ("social", "publications")
#: Sphinx registers docutils nodes, directives and roles for the whole process: an application
#: made while another is alive says so (warnings about Sphinx's own registry, not a site's).
SETTINGS = {"suppress_warnings": ["app.add_node", "app.add_directive", "app.add_role",
                                  "app.add_generic_role"]}


def site_files(outdir: str | Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    root = Path(outdir)
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def make(make_app, rootdir: Path, folder: Path, name: str):
    source = folder / name
    shutil.copytree(rootdir / f"test-{name}", source)
    return make_app("html", srcdir=source, builddir=source / "_build", confoverrides=SETTINGS)


@pytest.fixture(scope="module")
def alone(tmp_path_factory, rootdir) -> dict[str, dict[str, bytes]]:
    """Each site built in an application of its own, made and built before the next one."""
    from sphinx.testing.util import SphinxTestApp

    sites = {}
    for name in ROOTS:
        source = tmp_path_factory.mktemp("alone") / name
        shutil.copytree(rootdir / f"test-{name}", source)
        app = SphinxTestApp("html", srcdir=source, builddir=source / "_build",
                            confoverrides=SETTINGS)
        try:
            app.build()
            assert plain_warnings(app) == ""
            sites[name] = site_files(app.outdir)
        finally:
            app.cleanup()
    return sites


@pytest.mark.parametrize("order", [ROOTS, ROOTS[::-1]], ids="-then-".join)
def test_two_applications_in_one_process_share_nothing(make_app, rootdir, tmp_path, alone,
                                                      order):
    # Both applications are made (their builders started) before either builds.
    apps = [make(make_app, rootdir, tmp_path, name) for name in order]
    for name, app in zip(order, apps, strict=True):
        app.build()
        assert plain_warnings(app) == "", name
    for name, app in zip(order, apps, strict=True):
        together = site_files(app.outdir)
        assert together.keys() == alone[name].keys(), name
        changed = sorted(path for path in together if together[path] != alone[name][path])
        assert changed == [], f"{name} built beside another application differs in {changed}"
