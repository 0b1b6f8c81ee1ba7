"""The navigation sidebar of pages outside the navigation tree, computed once per set of links.

furo asks Sphinx for the whole navigation tree on every page it renders (30 ms on a site whose
tree has a hundred pages). A page outside the tree, such as a paper's own page, is marked
nowhere in it, so its sidebar differs from another such page's only by the relative addresses
of the links: it is computed once for each set of them and reused, which makes 2,000 paper
pages cost what one does. Those addresses are not the page's depth alone: Sphinx shortens a
link into the page's own folder (from ``publications/a.html``, the list is ``index.html``; from
``talks/a.html``, ``../publications/index.html``). Sphinx's relative address drops the folders
the page and the target share: two pages of one depth whose folders share the same start with
every page of the tree (``publications/``, none) have the same links, and share a sidebar.
furo caches its own work on that HTML. On a paper's page the
publications list's entry is marked current, as the section the page is in.

Every page's template also gets the function that names furo's two ``<aside>`` landmarks
("Site navigation", "On this page"): :func:`.compat.markup.name_furo_landmarks`, which relies on
furo's markup. A page of one or two sections hides furo's contents column.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..compat import markup
from ..publications.domain import academic_domain

#: A page's folders as its address has them ("publications/a.html": ("publications",)).
Folders = tuple[str, ...]
#: (the page's depth and the start of its folders it shares with a page of the tree, toctree
#: options): what a shared sidebar depends on (:meth:`SharedSidebars.links_key`).
SidebarKey = tuple[tuple[int, Folders], tuple[tuple[str, Any], ...]]


class SharedSidebars:
    """The sidebars of pages outside the tree, by :data:`SidebarKey`: one application's, for
    one build (made in :func:`setup`, so that two applications in one process share nothing)."""

    def __init__(self) -> None:
        self.sidebars: dict[SidebarKey, str] = {}
        #: The pages of the navigation tree, this build's.
        self.in_tree: frozenset[str] | None = None
        #: Every start of the folders of a page of the tree ((), ("publications",), ...).
        self.starts: set[Folders] | None = None

    def forget(self, app: Sphinx, *args: Any) -> None:
        """A new build (or a new set of pages) may have another navigation tree."""
        self.sidebars.clear()
        self.in_tree = None
        self.starts = None

    def links_key(self, app: Sphinx, pagename: str) -> tuple[int, Folders]:
        """What the page's links to the pages of the tree depend on: Sphinx's relative address
        (``relative_uri``) drops the folders the two addresses start with alike, and climbs
        out of the rest of the page's. The longest start of the page's folders that a page of
        the tree shares is the most any link drops; with the page's depth it makes every one."""
        assert self.in_tree is not None
        if self.starts is None:
            in_tree = {folders_of(app.builder.get_target_uri(docname))
                       for docname in self.in_tree}
            self.starts = {folder[:length] for folder in in_tree
                           for length in range(len(folder) + 1)}
        folders = folders_of(app.builder.get_target_uri(pagename))
        shared = next(length for length in range(len(folders), -1, -1)
                      if folders[:length] in self.starts)
        return len(folders), folders[:shared]

    def shared(self, toctree: Callable[..., str], links: tuple[int, Folders]
               ) -> Callable[..., str]:
        def cached(**kwargs: Any) -> str:
            key = (links, tuple(sorted(kwargs.items())))
            if key not in self.sidebars:
                self.sidebars[key] = toctree(**kwargs)
            return self.sidebars[key]

        return cached

    def share_sidebar(self, app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
        env = app.env
        if "toctree" not in context or not (pagename in env.found_docs
                                            or academic_domain(env).paper_page_key(pagename)):
            return
        if self.in_tree is None:
            self.in_tree = frozenset(chain.from_iterable(env.toctree_includes.values())) | {
                app.config.root_doc}
        if pagename in self.in_tree:
            return
        context["toctree"] = self.shared(context["toctree"], self.links_key(app, pagename))
        # A paper's page belongs to the publications list: "Publications" is marked in the
        # sidebar.
        domain = academic_domain(env)
        key = domain.paper_page_key(pagename)
        place = domain.list_place(key) if key else None
        if place is not None:
            context["toctree"] = markup.mark_current(context["toctree"],
                                              app.builder.get_target_uri(pagename),
                                              app.builder.get_target_uri(place.docname))


def folders_of(address: str) -> Folders:
    return tuple(address.split("#")[0].split("/")[:-1])


def hide_short_contents(app: Sphinx, doctree: nodes.document) -> None:
    """A page of one or two sections hides furo's contents column.

    Beside such a page the column takes a fifth of a laptop's width to list what the reader
    already sees, and its scroll tracking marks the last section while the reader is at the
    top. furo's documented page option ``hide-toc`` hides it; a page that sets the option
    itself keeps its choice.
    """
    least = app.config.academic_contents_min_sections
    sections = sum(1 for _ in doctree.findall(nodes.section)) - 1  # the title's own section
    if least and sections < least:
        app.env.metadata[app.env.docname].setdefault("hide-toc", "")


def landmark_names(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    """What the site's ``page.html`` names furo's navigation and contents landmarks with; and
    furo's title text escaped, as every other theme escapes it; and one viewport tag, furo's."""
    context["academic_name_landmarks"] = markup.name_furo_landmarks
    if app.config.html_theme == "furo":
        markup.escape_furo_text(context)
        markup.drop_docutils_viewport(context)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", hide_short_contents)
    app.connect("html-page-context", landmark_names)
    sidebars = SharedSidebars()
    app.connect("builder-inited", sidebars.forget)
    app.connect("env-updated", sidebars.forget)
    # Before furo (priority 500) reads the navigation tree.
    app.connect("html-page-context", sidebars.share_sidebar, priority=450)
