"""Every use of another package's internals, in one place.

The rest of the extension goes through Sphinx's, sphinxcontrib-bibtex's, sphinx-sitemap's and
furo's public extension points. Where none exists, the gap is bridged here, and only here: a
private name, a copy of upstream code, an edit of another package's HTML or CSS, a change of
Sphinx's asset lists, sphinxcontrib-bibtex's directive internals, another package's log
messages filtered, another theme's template blocks drawn over, another package's JavaScript
replaced. Each entry says what it relies on, the version it was checked on (the one
``uv.lock`` pins), and what the supported alternative would be. ``tests/test_compat.py`` holds
a contract test for each (in brackets below): when a release moves what an entry relies on,
that test fails and names the entry.

This module (Sphinx, docutils, sphinxcontrib-bibtex's data, furo, sphinx-sitemap):
:func:`index_tables` (an :class:`IndexTables`) [test_index_tables], :func:`inline_script`
[test_inline_script], :func:`render_body` [test_render_body_is_write_doc_s_rendering],
:func:`build_info_hashes` [test_build_info_hashes], :func:`join_documents` and
:func:`leave_documents` [test_join_documents], :func:`claim_id` [test_claim_id],
:func:`bibliography_selects` [test_bibliography_selects], :func:`bibdata_outdated`,
:func:`bibdata_entries` and :func:`hand_bibdata` [test_hand_bibdata],
:func:`finish_group_style` [test_finish_group_style], :func:`name_furo_landmarks`
[test_furo_landmarks], :func:`sitemap_queue` and :func:`use_plain_sitemap_queue`
[test_sitemap_queue], :func:`sitemap_without_manager` [test_sitemap_without_manager].

* :mod:`.search`: ``search_language``, the index builder's choice of language, copied
  [test_search_language]; ``restore_index_tables``, part of ``IndexBuilder.load``, copied
  [test_restore_index_tables]; ``SEARCH_SCRIPT``, ``static/academic-search.js``, which
  replaces members of Sphinx's ``searchtools.js`` and reads its ``Search._index``
  [test_search_script_s_members_are_searchtools].
* :mod:`.markup`: regular expressions over other packages' HTML and CSS: ``mark_current``
  (Sphinx's navigation tree) [test_mark_current]; ``token_classes`` and ``code_colours``
  (Pygments' code and furo's stylesheet of it) [test_code_colours]; ``inline_text`` and
  ``safe_inline`` (Sphinx's and furo's files written into the page) [test_inline_text].
* :mod:`.assets`: ``asset_name`` and ``set_page_assets``, Sphinx's per-page asset lists
  [test_page_assets]; furo's file names [test_furo_files] and ``furo_pygments_css``, its
  generator of the code colours [test_code_colours].
* :mod:`.bibtex`: ``CitationTargets``, sphinxcontrib-bibtex's ``bibliography`` directive run
  for its citation targets alone [test_citation_targets]; ``filtered_entries``, its domain's
  ``get_filtered_entries``, copied [test_filtered_entries, test_bibliography_selects].
* :mod:`.quiet`: other packages' debugging lines dropped by logger name and message
  (``DropNoise``) [test_quiet].
* :mod:`.settings`: ``set_by_site``, whether conf.py or ``-D`` gives a setting a value
  (Sphinx's ``Config._raw_config`` and ``Config._overrides``) [test_set_by_site].
* ``templates/``: ``page.html`` and ``search.html`` draw over furo's blocks
  [test_templates_draw_over_furo_s_blocks, test_furo_landmarks].

``tests/test_compat.py::test_only_compat_uses_private_api`` keeps every other module, template
and script of the extension off all of these kinds, not only off private names.
"""

from __future__ import annotations

import html
import queue
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)


# --- Sphinx: the search index's tables --------------------------------------------------------


@dataclass
class IndexTables:
    """The tables of Sphinx's ``IndexBuilder`` (``sphinx.search``), the very dicts it writes
    ``searchindex.js`` from: changing one changes the index."""

    #: docname → the page's title (``IndexBuilder._titles``).
    titles: dict[str, str]
    #: docname → its source file name (``_filenames``).
    filenames: dict[str, str]
    #: docname → [(section title, anchor)] (``_all_titles``).
    all_titles: dict[str, list[tuple[str, str | None]]]
    #: stemmed word → docnames whose text has it (``_mapping``).
    mapping: dict[str, set[str]]
    #: stemmed word → docnames whose titles have it (``_title_mapping``).
    title_mapping: dict[str, set[str]]
    #: docname → [(entry, anchor, "main" or "")], its general-index entries (``_index_entries``).
    index_entries: dict[str, list[tuple[str, str, str]]]


INDEX_TABLES = {"titles": "_titles", "filenames": "_filenames", "all_titles": "_all_titles",
                "mapping": "_mapping", "title_mapping": "_title_mapping",
                "index_entries": "_index_entries"}


def index_tables(indexer: Any) -> IndexTables:
    """The search index builder's tables, to add words to a page and to put back what the last
    build's index had for the pages this build did not write.

    Relies on: ``IndexBuilder``'s private attributes of :data:`INDEX_TABLES` and their shapes
    (checked on Sphinx 9.0), which ``IndexBuilder.load`` fills from ``searchindex.js`` and
    ``freeze`` writes back.
    Alternative: none public. Sphinx has no hook to add words to a page, and keeps the general
    index entries of the pages it writes only; without this, every page would have to be
    written on every build, and key fields would go into the page's text.
    """
    missing = [name for name in INDEX_TABLES.values() if not hasattr(indexer, name)]
    if missing:
        raise ExtensionError(
            f"sphinx.search.IndexBuilder has no {', '.join(missing)} any more: this Sphinx "
            "changed the search index's tables; adapt academic.compat.index_tables")
    return IndexTables(**{field: getattr(indexer, name) for field, name in INDEX_TABLES.items()})


# --- Sphinx: a script written into the page -----------------------------------------------------


def inline_script(body: str, priority: int, attributes: dict[str, str]) -> Any:
    """A script for the page's ``script_files`` whose text is written into the page.

    Relies on: the page's script list holds ``sphinx.builders.html._assets._JavaScript``
    objects, which ``js_tag()`` in the template renders, writing a ``body`` attribute as the
    script's text (checked on Sphinx 9.0).
    Alternative: a template block of the site's own that writes the script, at the cost of
    overriding furo's ``page.html`` script block.
    """
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript("", priority=priority, **{**attributes, "body": body})


# --- Sphinx: rendering a document that has no source --------------------------------------------


def render_body(builder: StandaloneHTMLBuilder, pagename: str,
                document: nodes.document) -> tuple[str, str]:
    """The HTML of ``document`` as the page ``pagename``: (metatags, body).

    Copied from ``StandaloneHTMLBuilder.write_doc`` (Sphinx 9.0): the document's settings, the
    builder's per-page state (``current_docname``, ``secnumbers``, ``fignumbers``: a paper page
    has no numbered sections or figures), its translator, and the fragments ``write_doc`` puts
    into the page's context (the rest of the context is the caller's).
    Alternative: a source file per paper, which Sphinx reads, pickles and resolves like any
    page: about 8 ms more CPU per paper on a clean build, and no faster rebuilds (measured,
    see :mod:`academic.site.paper_pages`).
    """
    document.settings = builder.docsettings
    builder.current_docname = pagename
    builder.secnumbers, builder.fignumbers = {}, {}
    translator = cast(HTML5Translator, builder.create_translator(document, builder))
    document.walkabout(translator)
    return "".join(translator.meta[2:]), "".join(translator.fragment)


def build_info_hashes(builder: Any) -> tuple[str, str]:
    """The hashes of the HTML configuration and of the tags, Sphinx's own test for writing every
    page again: (config_hash, tags_hash).

    Relies on: ``builder.build_info``, a ``sphinx.builders.html._build_info.BuildInfo`` with
    ``config_hash`` and ``tags_hash`` (checked on Sphinx 9.0).
    Alternative: hashing the configuration values of rebuild ``"html"`` ourselves, as Sphinx
    does.
    """
    info = getattr(builder, "build_info", None)
    hashes = (getattr(info, "config_hash", None), getattr(info, "tags_hash", None))
    if not all(isinstance(value, str) for value in hashes):
        raise ExtensionError(
            "the HTML builder has no build_info with config_hash and tags_hash any more: this "
            "Sphinx changed how it decides to write every page; adapt "
            "academic.compat.build_info_hashes")
    return cast(tuple[str, str], hashes)


def join_documents(env: BuildEnvironment, titles: Mapping[str, str]) -> None:
    """Count pages written without a source (page name → title) among the environment's
    documents until :func:`leave_documents`: the search index keeps them, and the inventory
    lists each as a ``doc`` object.

    Relies on: ``StandaloneHTMLBuilder.dump_search_index`` cuts the index down to
    ``env.all_docs`` (``indexer.prune``), and the ``std`` domain's ``get_objects`` lists every
    document of ``env.all_docs`` with its ``env.titles`` entry (checked on Sphinx 9.0; both so
    since Sphinx 1). The environment is saved before the pages are written: they never reach
    the next build's.
    Alternative: a source file per page, which Sphinx reads, pickles and resolves like any
    page (see :func:`render_body`); or the pages left out of search and the inventory.
    """
    for pagename, title in titles.items():
        env.all_docs[pagename] = 0
        env.titles[pagename] = nodes.title(title, title)


def leave_documents(env: BuildEnvironment, pagenames: Iterable[str]) -> None:
    """Take back what :func:`join_documents` added (at the end of the build)."""
    for pagename in pagenames:
        env.all_docs.pop(pagename, None)
        env.titles.pop(pagename, None)


# --- docutils: a document's ids ------------------------------------------------------------------


def claim_id(document: nodes.document, anchor: str, node: nodes.Element) -> None:
    """Register ``anchor``, already in ``node["ids"]``, as taken in ``document``: a later id
    (a heading's, another list's) that would be the same gets another.

    Relies on: ``document.ids``, docutils' table of the ids in use (id → node), which
    ``document.set_id`` consults to make an id unique (checked on docutils 0.21).
    Alternative: ``document.note_explicit_target(node)``, which also files the node under its
    names and warns on a duplicate name: the anchors chosen (a key, "publications-2021") are
    already unique, and their node has no name.
    """
    document.ids[anchor] = node


# --- sphinxcontrib-bibtex ---------------------------------------------------------------------


def bibliography_selects(bibliography: Any, entry: Any, docname: str,
                         cited_docnames: Iterable[str]) -> bool:
    """Whether the ``bibliography`` directive's ``:filter:`` selects ``entry``.

    Copied from ``BibtexDomain.get_filtered_entries`` (sphinxcontrib-bibtex 2.7), with its
    filter evaluator, the private ``sphinxcontrib.bibtex.domain._FilterVisitor``: on an
    expression it cannot evaluate, a warning at the directive and the entry is selected if it
    is cited anywhere.
    Alternative: none public; the domain's ``get_filtered_entries`` finds the citing pages of
    each entry by scanning every citation (see :mod:`.engine`).
    """
    from sphinxcontrib.bibtex.domain import _FilterVisitor

    cited = set(cited_docnames)
    # sphinxcontrib-bibtex ships types, but leaves this constructor unannotated.
    visitor = _FilterVisitor(  # type: ignore[no-untyped-call]
        entry=entry, docname=docname, cited_docnames=cited)
    try:
        return bool(visitor.visit(bibliography.filter_))
    except ValueError as err:
        logger.warning(f"syntax error in :filter: expression; {err}",
                       location=(docname, bibliography.line),
                       type="bibtex", subtype="filter_syntax_error")
        return bool(cited)  # sphinxcontrib-bibtex's own fallback


def bibdata_outdated(app: Sphinx, paths: list[Path]) -> bool:
    """Whether sphinxcontrib-bibtex's parsed data is not that of ``paths`` as they are now.

    Relies on: the ``cite`` domain's ``bibdata`` and ``sphinxcontrib.bibtex.bibfile``'s
    ``is_bibdata_outdated`` (checked on sphinxcontrib-bibtex 2.7).
    """
    from sphinxcontrib.bibtex.bibfile import is_bibdata_outdated

    cite = app.env.get_domain("cite")
    # The domain's bibdata property is BibtexDomain's: get_domain returns the base class.
    return is_bibdata_outdated(cite.bibdata, paths,  # type: ignore[attr-defined]
                               app.config.bibtex_encoding)


def bibdata_entries(app: Sphinx) -> dict[str, Any]:
    """The entries of sphinxcontrib-bibtex's parsed files as it keeps them from the last build
    (key → pybtex ``Entry``), to bind them to this build's records.

    Relies on: the ``cite`` domain's ``bibdata``, a ``BibData`` whose ``data`` is the pybtex
    ``BibliographyData`` :func:`hand_bibdata` gave it (checked on sphinxcontrib-bibtex 2.7).
    Alternative: hand the data over on every build: every entry made again, its people's names
    parsed again, on a build where the files did not change.
    """
    cite = app.env.get_domain("cite")
    return cast(dict[str, Any], cite.bibdata.data.entries)  # type: ignore[attr-defined]


def hand_bibdata(app: Sphinx, data: Any, keys_of: dict[Path, dict[str, None]]) -> None:
    """Give sphinxcontrib-bibtex ``data`` (pybtex ``BibliographyData``) as its parsed files.

    Relies on: the ``cite`` domain keeps its parsed files as ``data["bibdata"]``, a
    ``sphinxcontrib.bibtex.bibfile.BibData(encoding, bibfiles, data)`` whose ``bibfiles`` map
    each path to a ``BibFile(mtime, keys)``; its own builder-inited handler keeps that data
    when every file's mtime matches (checked on sphinxcontrib-bibtex 2.7).
    Alternative: let it parse the files itself: a syntax error stops the build with a
    traceback, a duplicate key silently drops entries, and a file of 2,000 entries is parsed
    twice per edit.
    """
    from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

    cite = app.env.get_domain("cite")
    cite.data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={path: BibFile(mtime=get_mtime(path), keys=keys)
                  for path, keys in keys_of.items()},
        data=data,
    )


def finish_group_style(style: Any) -> None:
    """Finish an ``AuthorYearReferenceStyle`` subclass that composed its own ``styles``: map
    each role name to its style, skipping ``AuthorYearReferenceStyle.__post_init__`` (which
    would add its own composition to the list).

    Relies on: ``GroupReferenceStyle.__post_init__`` builds ``role_style`` from ``styles``, and
    ``AuthorYearReferenceStyle.__post_init__`` does nothing else the subclass needs (checked on
    sphinxcontrib-bibtex 2.7).
    Alternative: subclass ``GroupReferenceStyle`` and declare the author–year fields (brackets,
    separators) again.
    """
    from sphinxcontrib.bibtex.style.referencing import GroupReferenceStyle

    # sphinxcontrib-bibtex ships types, but leaves __post_init__ unannotated.
    GroupReferenceStyle.__post_init__(style)  # type: ignore[no-untyped-call]


# --- furo -------------------------------------------------------------------------------------

#: The opening tags of furo's two ``<aside>`` landmarks, as its ``page.html`` writes them: the
#: navigation drawer, and the table of contents' (whose classes go on: "no-toc" on a page
#: without one).
FURO_SIDEBAR_DRAWER = '<aside class="sidebar-drawer">'
FURO_TOC_DRAWER = '<aside class="toc-drawer'


def name_furo_landmarks(body: str, navigation: str, contents: str) -> Markup:
    """furo's page ``body`` with a name for each of its two ``<aside>`` landmarks: a screen
    reader lists landmarks by name, and two unnamed "complementary" ones cannot be told apart
    (axe: landmark-unique). The site's ``page.html`` calls it on furo's ``body`` block.

    Relies on: the markup of :data:`FURO_SIDEBAR_DRAWER` and :data:`FURO_TOC_DRAWER`, once each
    in the page (checked on furo 2025.12.19); where furo writes them otherwise, the page keeps
    its unnamed landmarks.
    Alternative: none in furo (no block or option names them); a copy of furo's whole ``body``
    block, which would miss every later change to it.
    """
    navigation_label = html.escape(navigation, quote=True)
    contents_label = html.escape(contents, quote=True)
    return Markup(str(body)
                  .replace(FURO_SIDEBAR_DRAWER,
                           f'<aside class="sidebar-drawer" aria-label="{navigation_label}">')
                  .replace(FURO_TOC_DRAWER,
                           f'<aside aria-label="{contents_label}" class="toc-drawer'))


# --- sphinx-sitemap ---------------------------------------------------------------------------


def sitemap_queue(app: Sphinx) -> Any | None:
    """sphinx-sitemap's list of pages for ``sitemap.xml``, or None when it is not installed.

    Relies on: ``app.sitemap_links``, the queue sphinx-sitemap (checked on 2.9) fills from its
    ``html-page-context`` handler (``add_html_link``) and empties in ``build-finished``.
    Alternative: none public; sphinx-sitemap lists only the pages written in this build (its
    issue #13).
    """
    return getattr(app, "sitemap_links", None)


def use_plain_sitemap_queue(app: Sphinx) -> queue.Queue[tuple[str, str | None]]:
    """Replace sphinx-sitemap's multiprocessing queue with a plain one, and return it.

    Relies on: as :func:`sitemap_queue`; the queue only needs ``put``, ``get_nowait`` and
    ``empty``. The rest of the build runs in this process: a plain queue spares a round trip to
    a manager process for every page of the site.
    """
    links: queue.Queue[tuple[str, str | None]] = queue.Queue()  # (address, last modified)
    app.sitemap_links = links  # type: ignore[attr-defined]  # sphinx-sitemap's own attribute
    return links


def sitemap_without_manager(app: Sphinx) -> None:
    """In a build that writes its pages in this process, stop sphinx-sitemap from starting a
    multiprocessing manager: its own queue is a plain one.

    Why: sphinx-sitemap's ``builder-inited`` handler (``record_builder_type``) calls
    ``multiprocessing.Manager().Queue()`` at every build, which forks a server process. A fork
    of a process that runs other threads (a test process driving Chromium, a server) can copy a
    lock another thread holds, and the child waits on it for ever: the build hangs at its end.
    The manager exists so that pages written in forked processes (``-j``) reach the parent's
    list; when Sphinx writes in this process (``app.parallel`` 1, the default and the site's
    build) nothing needs it.

    Relies on: ``app.events.listeners`` (Sphinx's, checked on 9.0), to find sphinx-sitemap's
    handler and disconnect it by its id; and what that handler (sphinx-sitemap 2.9) sets:
    ``env.is_directory_builder`` and ``app.sitemap_links``, set here alike, the queue plain.
    Called at ``config-inited``, once every extension is set up: ``builder-inited`` is emitted
    from a copy of its listeners, too late to take one out. Alternative: none public;
    sphinx-sitemap's issue #13 (pages of earlier builds) would also make its manager unneeded.
    """
    if app.parallel > 1:  # pages may be written in forked processes: the manager is needed
        return
    try:
        import sphinx_sitemap
    except ImportError:
        return
    for listener in list(app.events.listeners["builder-inited"]):
        if listener.handler is sphinx_sitemap.record_builder_type:
            app.disconnect(listener.id)
            app.connect("builder-inited", _record_builder_type_in_this_process,
                        priority=listener.priority)


def _record_builder_type_in_this_process(app: Sphinx) -> None:
    """sphinx-sitemap's ``record_builder_type``, with a plain queue instead of a manager's."""
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    env: Any = builder.env  # sphinx-sitemap's own attribute, read by its add_html_link
    env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    use_plain_sitemap_queue(app)
