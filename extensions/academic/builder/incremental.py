"""An incremental build writes what a clean build would: byte for byte the same site.

Sphinx writes only the pages whose source (or whose dependencies) changed. Three things of a
page are also part of other files, and are lost or go stale when it is not written:

* **The navigation sidebar**: every page shows every page's title. When a title or the tree
  changes, every page is written again.
* **The search index**: Sphinx loads the previous index and keeps the words of the pages it
  does not write, but not their general-index entries (it files those while it writes a page,
  after it has saved the environment), nor anything of pages that are not documents, such as
  the paper pages of :mod:`.paper_pages`. Before the index is written, what the previous index
  had for those pages is put back (:func:`restore_search_index`), and the words no page has
  any more (which Sphinx keeps, with no pages) are dropped.
* **The sitemap**: sphinx-sitemap lists the pages written in a build (its issue #13, open since
  2018). Before it writes ``sitemap.xml``, every page of the site is put on its list once, as
  its own ``html-page-context`` handler would put a written page.

Private API, for the output only, through :mod:`.compat`: the restored entries go into the
index builder's tables (:func:`.compat.search.restore_index_tables`, in part a copy of its own
``load``); and the sitemap's queue is sphinx-sitemap's (:func:`.compat.sitemap.sitemap_queue`),
a plain one when the pages are written in this process
(:func:`.compat.sitemap.sitemap_without_manager`).
``tests/test_build.py`` compares an incremental build with a clean one, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import queue
from collections.abc import Set
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.search import js_index

from .. import config
from ..compat import search as compat_search
from ..compat import sitemap as compat_sitemap
from ..publications.domain import academic_domain


class NavigationDomain(Domain):
    """The navigation tree (toctree includes and titles) of the previous build."""

    name = "academic-navigation"
    label = "Navigation"
    initial_data: ClassVar[dict[str, Any]] = {"shape": None}

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        pass  # set in env-get-updated, once every page has been read

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []


#: The tree (each page's children) and the title of every page in it.
NavigationShape = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]]
#: An address of sphinx-sitemap's list, and its last-modified date.
SitemapLink = tuple[str, str | None]


def navigation_shape(env: BuildEnvironment) -> NavigationShape:
    """What every sidebar shows: the tree and the titles of the pages in it."""
    in_tree = sorted({doc for docs in env.toctree_includes.values() for doc in docs}
                     | {env.config.root_doc})
    return (tuple(sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items())),
            tuple((doc, env.titles[doc].astext() if doc in env.titles else "") for doc in in_tree))


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = env.get_domain("academic-navigation")
    shape = navigation_shape(env)
    if domain.data["shape"] != shape:
        domain.data["shape"] = shape
        return sorted(env.found_docs)
    return []


def previous_search_index(app: Sphinx) -> dict[str, Any] | None:
    """The index the last build wrote, if it is one this build's Sphinx would load."""
    # Called by html-collect-pages, which only HTML builders (which have the name) emit.
    path = Path(app.outdir) / app.builder.searchindex_filename  # type: ignore[attr-defined]
    try:
        with path.open(encoding="utf-8") as file:
            frozen = js_index.load(file)
    except (OSError, ValueError):
        return None
    if not isinstance(frozen, dict) or frozen.get("envversion") != app.env.version:
        return None
    return frozen


def restore_search_index(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Before the index is written: the pages this build did not write, as the last had them."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    tables = compat_search.index_tables(indexer)
    # Sphinx loads the previous index and drops the pages it rewrites from each word's pages; a
    # word no page has any more would be written as an empty entry, which a clean build does
    # not have. Here, not in the search tuning: with academic_search off, the old words of its
    # language (numbers, short words) would stay.
    for mapping in (tables.mapping, tables.title_mapping):
        for word in [word for word, found in mapping.items() if not found]:
            del mapping[word]
    pages = set(app.env.found_docs) | set(academic_domain(app.env).paper_pages())
    unindexed = pages - tables.titles.keys()
    without_entries = tables.titles.keys() - tables.index_entries.keys()
    if unindexed or without_entries:
        frozen = previous_search_index(app)
        if frozen is not None:
            compat_search.restore_index_tables(indexer, frozen, unindexed, without_entries)
    # In page order, as a clean build files them, and only for pages in the index.
    entries = sorted((doc, found) for doc, found in tables.index_entries.items()
                     if doc in tables.titles)
    tables.index_entries.clear()
    tables.index_entries.update(entries)
    return []  # html-collect-pages: no pages of our own


def drain(links: Any) -> list[SitemapLink]:
    """Empty sphinx-sitemap's queue (a multiprocessing proxy, untyped) or our plain one."""
    found: list[SitemapLink] = []
    while True:
        try:
            found.append(links.get_nowait())
        except queue.Empty:
            return found


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Put every page on sphinx-sitemap's list once, written in this build or not."""
    links = compat_sitemap.sitemap_queue(app)
    if exception is not None or links is None or app.builder.format != "html":
        return
    from sphinx_sitemap import add_html_link

    written = drain(links)
    links = compat_sitemap.use_plain_sitemap_queue(app)
    paper_pages = academic_domain(app.env).paper_pages()
    for page in sorted(app.env.found_docs | paper_pages.keys() | {"genindex", "search"}):
        add_html_link(app, page, None, {}, None)
    for link in sorted(set(written) | set(drain(links)), key=lambda item: item[0]):
        links.put(link)



@cache
def source_version() -> int:
    """A number that changes with the extension's own files (code, templates, CSS, scripts).

    Sphinx keeps the last build's environment and rewrites only the pages whose sources
    changed; it cannot know that this extension's code or its written-in CSS changed, and would
    keep every page as the old code wrote it. Given as the extension's ``env_version``, this
    makes Sphinx start afresh whenever one of its files is edited (a fork's, or a new release).
    Read once a process: the code that runs is the code imported then.
    """
    digest = hashlib.sha256()
    package = config.PACKAGE
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> None:
    app.add_domain(NavigationDomain)
    app.connect("env-get-updated", pages_to_write)
    # After the paper pages are written (400), before the search tuning (500).
    app.connect("html-collect-pages", restore_search_index, priority=450)
    # Before sphinx-sitemap writes the sitemap (priority 500).
    app.connect("build-finished", complete_sitemap, priority=450)
    # Its list a plain queue when pages are written in this process: no manager process forked
    # at each build (compat.sitemap.sitemap_without_manager says why).
    app.connect("config-inited", lambda app, config: compat_sitemap.sitemap_without_manager(app))


# --- what the files the extension writes at the build's end were made from --------------------
#
# The feed, the export files and the papers' preview cards are written when the build ends, for
# every entry: a second of every rebuild of 2,000 papers. Each keeps, beside the doctrees, a
# digest of what it depends on (a "fingerprint") and is made again only when that changes.


def fingerprint(*parts: object) -> str:
    """A digest of ``parts`` (anything JSON holds) and of the extension's own files: a new
    release, or an edited file, makes again what it wrote."""
    return hashlib.sha256(json.dumps([source_version(), *parts]).encode()).hexdigest()


def academic_settings(app: Sphinx) -> list[tuple[str, str]]:
    """Every ``academic_*`` setting, as text. A value whose ``repr`` differs from build to build
    (a set's order) only makes things again."""
    return [(item.name, repr(item.value)) for item in app.config
            if item.name.startswith("academic_")]


def read_manifest(app: Sphinx, name: str) -> dict[str, Any]:
    """What the last build kept in ``name`` beside the doctrees; empty when it kept nothing
    readable (none yet, or another version's)."""
    try:
        data = json.loads((Path(app.doctreedir) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(app: Sphinx, name: str, data: dict[str, Any]) -> None:
    """Keep ``data`` in ``name`` beside the doctrees for the next build."""
    path = Path(app.doctreedir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless the file already holds it: an unchanged file keeps its
    modification time, so publishing the site links it rather than copies it (``noxfile.py``'s
    ``publish``), and a mirror or a CDN sees nothing new."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    path.write_text(text, encoding="utf-8")
