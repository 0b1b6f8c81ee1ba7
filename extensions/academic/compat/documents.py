"""Sphinx's and docutils' documents, where the extension writes pages Sphinx did not read.

A document without a source rendered as a page (:func:`render_body`), such pages counted among
the environment's documents while the search index and the inventory are written
(:func:`join_documents`), Sphinx's own test for writing every page again
(:func:`build_info_hashes`), and an anchor registered among a document's ids
(:func:`claim_id`).

Each entry says what it relies on (checked on the versions ``uv.lock`` pins) and the supported
alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.writers.html5 import HTML5Translator


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
            "academic.compat.documents.build_info_hashes")
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
