"""The navigation sidebar of pages outside the tree, computed once per depth (navigation.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from academic.builder import navigation
from conftest import html_page, plain_warnings

ORPHAN = "---\norphan: true\n---\n\n# {title}\n\nOutside the navigation tree.\n"
PAGES = ["notes.html", "deep/notes.html", "publications/austin2021program.html",
         "publications/frommgen2024resolving.html"]


def sidebars(make_app, args, kwargs, srcdir: Path) -> dict[str, list[tuple]]:
    """Each page's sidebar: (its item's classes, the link's target from the root, its text)."""
    app = make_app(*args, **{**kwargs, "srcdir": srcdir, "builddir": srcdir / "_build"})
    app.build()
    assert plain_warnings(app) == ""
    found = {}
    for page in PAGES:
        tree = html_page(app.outdir, page).select_one(".sidebar-tree")
        assert tree is not None, page
        found[page] = [(tuple(a.find_parent("li")["class"]), urljoin(page, a["href"]),
                         a.get_text()) for a in tree.select("a")]
    app.cleanup()  # unregister its nodes before the next application starts
    return found


@pytest.mark.sphinx("html", testroot="publications")
def test_pages_outside_the_tree_share_one_right_sidebar_per_depth(make_app, app_params,
                                                                   monkeypatch):
    args, kwargs = app_params
    source = Path(kwargs["srcdir"])
    (source / "notes.md").write_text(ORPHAN.format(title="Notes"))
    (source / "deep").mkdir()
    (source / "deep" / "notes.md").write_text(ORPHAN.format(title="Deep notes"))
    uncached = source.with_name("uncached")
    shutil.copytree(source, uncached)

    made: list[navigation.SharedSidebars] = []

    class Recorded(navigation.SharedSidebars):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(navigation, "SharedSidebars", Recorded)
    shared = sidebars(make_app, args, kwargs, source)
    # One sidebar for the page at the root, one for the three a folder down.
    assert {to_root for to_root, _options in made[-1].sidebars} == {
        "index.html", "../index.html"}
    assert shared["notes.html"][0] == (("toctree-l1",), "publications/index.html",
                                       "Publications")
    # Each page's sidebar leads where the one Sphinx and furo make for it without the cache
    # does (a shared one may spell an address another way: "../publications/index.html" for
    # "index.html").
    monkeypatch.setattr(Recorded, "shared", lambda self, toctree, to_root: toctree)
    assert sidebars(make_app, args, kwargs, uncached) == shared
    assert made[-1].sidebars == {}


def test_a_page_of_one_or_two_sections_hides_the_contents_column(built_site):
    """The contents column ("On this page") beside two sections lists what the reader sees;
    from three on, it is shown (academic_contents_min_sections = 3, the default)."""
    def hidden(page: str) -> bool:
        drawer = html_page(built_site, page).select_one(".toc-drawer")
        assert drawer is not None, page
        return "no-toc" in drawer["class"]

    assert hidden("")  # two sections: the hero's publications and career
    assert hidden("teaching/")
    assert not hidden("research/")  # four
    assert not hidden("notes/")  # twenty-four
