"""The navigation sidebar of pages outside the tree, computed once per set of links
(navigation.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from academic.builder import navigation
from conftest import html_page, plain_warnings

ORPHAN = "---\norphan: true\n---\n\n# {title}\n\nOutside the navigation tree.\n"
PAGES = ["notes.html", "deep/notes.html", "publications/austin2021program.html",
         "publications/frommgen2024resolving.html"]


def sidebars(make_app, args, kwargs, srcdir: Path) -> dict[str, list[tuple]]:
    """Each page's sidebar: (its item's classes, the link's address as written, its text)."""
    app = make_app(*args, **{**kwargs, "srcdir": srcdir, "builddir": srcdir / "_build"})
    app.build()
    assert plain_warnings(app) == ""
    found = {}
    for page in PAGES:
        tree = html_page(app.outdir, page).select_one(".sidebar-tree")
        assert tree is not None, page
        found[page] = [(tuple(a.find_parent("li")["class"]), a["href"], a.get_text())
                       for a in tree.select("a")]
    app.cleanup()  # unregister its nodes before the next application starts
    return found


@pytest.mark.sphinx("html", testroot="publications")
def test_pages_outside_the_tree_share_one_sidebar_per_set_of_links(make_app, app_params,
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
    # One sidebar for the page at the root, one for the page a folder down, one for the two
    # papers: a folder down too, but in the list's folder, whose links Sphinx writes shorter.
    assert len(made[-1].sidebars) == 3
    assert shared["notes.html"][0] == (("toctree-l1",), "publications/index.html",
                                       "Publications")
    assert shared["deep/notes.html"][0][1] == "../publications/index.html"
    assert shared["publications/austin2021program.html"][0][1] == "index.html"
    # Each page's sidebar is, byte for byte, the one Sphinx and furo make for it without the
    # cache: a clean build and an incremental one, which fill it from other pages, agree.
    monkeypatch.setattr(Recorded, "shared", lambda self, toctree, links: toctree)
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
