"""An incremental build writes what a clean build would: byte for byte the same site.

Sphinx writes only the pages whose source (or whose dependencies) changed. Three things of a
page are also part of other files, and are lost or go stale when it is not written:

* **The navigation sidebar**: every page shows every page's title. When a title or the tree
  changes, every page is written again.
* **General-index entries in the search index**: Sphinx files a page's index entries while it
  writes the page, after it has saved the environment, so the next build starts without them
  and keeps only those of the pages it writes. The pages with index entries are written every
  time (on this site: the publications list and a few others; not the paper pages).
* **The sitemap**: sphinx-sitemap lists the pages written in a build (its issue #13, open since
  2018). Before it writes ``sitemap.xml``, every page of the site is put on its list once, as
  its own ``html-page-context`` handler would put a written page; this reaches into its queue
  (``app.sitemap_links``), the one place the extension relies on another extension's
  internals for the output (see also :mod:`.bibfiles`).
"""

from __future__ import annotations

import queue
from collections.abc import Set
from typing import Any, ClassVar

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment


class NavigationDomain(Domain):
    """The navigation tree (toctree includes and titles) of the previous build."""

    name = "navigation"
    label = "Navigation"
    initial_data: ClassVar[dict[str, Any]] = {"shape": None}

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        pass  # set in env-get-updated, once every page has been read

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def navigation_shape(env: BuildEnvironment) -> tuple:
    """What every sidebar shows: the tree and the titles of the pages in it."""
    in_tree = sorted({doc for docs in env.toctree_includes.values() for doc in docs}
                     | {env.config.root_doc})
    return (tuple(sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items())),
            tuple((doc, env.titles[doc].astext() if doc in env.titles else "") for doc in in_tree))


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = env.get_domain("navigation")
    shape = navigation_shape(env)
    if domain.data["shape"] != shape:
        domain.data["shape"] = shape
        return sorted(env.found_docs)
    index = env.get_domain("index")
    return sorted(doc for doc, entries in index.entries.items()  # type: ignore[attr-defined]
                  if entries)


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Put every page on sphinx-sitemap's list once, written in this build or not."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    from sphinx_sitemap import add_html_link

    written = []
    while True:
        try:
            written.append(links.get_nowait())
        except queue.Empty:
            break
    pages = sorted(app.env.found_docs | {"genindex", "search"})
    for page in pages:
        add_html_link(app, page, None, {}, None)
    listed = set(written)
    while True:
        try:
            listed.add(links.get_nowait())
        except queue.Empty:
            break
    for link in sorted(listed, key=lambda item: item[0]):
        links.put(link)


def setup(app: Sphinx) -> None:
    app.add_domain(NavigationDomain)
    app.connect("env-get-updated", pages_to_write)
    # Before sphinx-sitemap writes the sitemap (priority 500).
    app.connect("build-finished", complete_sitemap, priority=450)
