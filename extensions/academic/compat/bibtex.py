"""sphinxcontrib-bibtex's ``bibliography`` directive, its domain and its styles, where this
extension reaches into them: citation targets made by its directive for a list the extension
renders itself, the domain's filtering of a bibliography's entries, copied, its parsed files,
handed over from the extension's own reading, and the set-up of a referencing style.

Each entry says what it relies on (checked on sphinxcontrib-bibtex 2.7, the version ``uv.lock``
pins) and the supported alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective
from sphinxcontrib.bibtex.roles import CiteRole

logger = logging.getLogger(__name__)


#: The most keys one citation may name, far more than a sentence cites: sphinxcontrib-bibtex
#: reads them by recursion, a call per key, and one of 1,000 passed Python's recursion limit.
MAX_CITED_KEYS = 200


def citation_problem(target: str) -> str:
    """What is wrong with a citation's keys (``{see}a{p. 3}, b``), or "" when nothing is."""
    # The braces hold the text before and after a key, which may have commas.
    keys = re.sub(r"\{[^{}]*\}", "", target).count(",") + 1
    if keys > MAX_CITED_KEYS:
        return (f"a citation of {keys:,} keys, more than {MAX_CITED_KEYS}: cite fewer at once "
                "(a list of papers is the publications directive's)")
    try:
        for _target in parse_citation_targets(target):
            pass
    except ValueError:
        shown = target if len(target) <= 60 else target[:60] + "…"
        return (f"cannot read the keys of the citation {shown!r}: separate them with commas, "
                "with the text before or after a key in braces ({see}key{p. 3})")
    return ""


class CheckedCiteRole(CiteRole):
    """sphinxcontrib-bibtex's ``cite`` role, after :func:`citation_problem`: a citation it
    cannot read is a warning at its line and shown as written, not a traceback.

    Relies on: ``CiteRole.result_nodes`` (Sphinx's ``XRefRole`` hook) making the citation, and
    ``parse_citation_targets`` reading its keys, by recursion, a call per key, raising
    ``ValueError`` on keys not separated by commas (checked on sphinxcontrib-bibtex 2.7).
    Alternative: none public; sphinxcontrib-bibtex reads the keys as the page is read, with
    no hook before.
    """

    def result_nodes(self, document: nodes.document, env: BuildEnvironment, node: nodes.Element,
                     is_ref: bool) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        problem = citation_problem(self.target)
        if problem:
            logger.warning(problem, location=node, type="academic", subtype="cite")
            return [nodes.inline(self.rawtext, self.title)], []
        # sphinxcontrib-bibtex ships types, but leaves this method unannotated.
        made: tuple[list[nodes.Node], list[nodes.system_message]] = super().result_nodes(
            document, env, node, is_ref)  # type: ignore[no-untyped-call]
        return made


class FootnotesAsWritten(FootBibliographyDirective):
    """sphinxcontrib-bibtex's ``footbibliography``, its footnotes' entries shown as written:
    without Sphinx's smart quotes, as the publications list, the paper pages and every other
    output give an entry's text (:func:`.publications.nodes.as_written`).

    Relies on: ``FootBibliographyDirective.run`` returning the page's footnotes in a
    container, after the header ``bibtex_footbibliography_header`` makes (checked on
    sphinxcontrib-bibtex 2.7); the header is the page's own text, and keeps its quotes.
    Alternative: none public; the footnotes are made as the page is read, before Sphinx's
    smart quotes, and sphinxcontrib-bibtex has no hook in between.
    """

    def run(self) -> list[nodes.Node]:
        found = list(super().run())
        for node in found:
            if isinstance(node, nodes.container):
                # Each footnote, not the container: MyST moves them to the page's end.
                for footnote in node.findall(nodes.footnote):
                    footnote["support_smartquotes"] = False
        return found


class CitationTargets(BibliographyDirective):
    """A directive that makes entries sphinxcontrib-bibtex citation targets and renders them
    itself (the ``publications`` list)."""

    def citation_targets(self, keys: list[str], style: str) -> dict[str, nodes.Element]:
        """Record a ``:list: citation`` bibliography of exactly ``keys``, as sphinxcontrib-bibtex's
        own directive does; return its citation target of each key (key → node), whose ids
        :meth:`retarget` may change. The bibliography's own node is not placed in the page.

        Relies on: ``BibliographyDirective.run`` reads its ``options`` and ``content`` and
        records a ``BibliographyValue`` under ``BibliographyKey(docname, id)`` in the domain's
        ``bibliographies``, whose ``citation_nodes`` (key → node) are the targets every
        ``cite`` role links to; the node ``run`` returns last is the bibliography's, whose
        first id is its key (checked on sphinxcontrib-bibtex 2.7).
        Alternative: none public; sphinxcontrib-bibtex renders a bibliography's entries itself,
        in one list, and has no way to make an entry a citation target elsewhere.
        """
        self.options = {"list": "citation", "filter": "False", "style": style}
        self.content = StringList(keys)
        bibliography_node = BibliographyDirective.run(self)[-1]
        assert isinstance(bibliography_node, nodes.Element)
        # sphinxcontrib-bibtex registers its BibtexDomain (engine's subclass of it) as "cite".
        cite = cast(BibtexDomain, self.env.get_domain("cite"))
        value = cite.bibliographies[
            BibliographyKey(self.env.docname, bibliography_node["ids"][0])]
        return value.citation_nodes

    @staticmethod
    def retarget(citation: nodes.Element, anchor: str) -> None:
        """Anchor a citation target of :meth:`citation_targets` at ``anchor``: its ``cite``
        roles link there (relies on the target's ``ids``, as above)."""
        citation["ids"] = [anchor]


def filtered_entries(domain: BibtexDomain, bibliography_key: Any,
                     citing: Mapping[str, set[str]]) -> Iterable[tuple[str, Any]]:
    """The entries of a bibliography (key with its prefix, entry), with the citing pages of
    each from ``citing`` (key → pages) rather than from a scan of every citation.

    Copied from ``BibtexDomain.get_filtered_entries`` (sphinxcontrib-bibtex 2.7): the filter
    first (its warning is shown either way), then the keys the bibliography lists.
    Relies on: the domain's ``bibliographies``, and each value's ``bibfiles``, ``keyprefix``,
    ``keys`` and ``filter_`` (evaluated by :func:`.bibliography_selects`).
    Alternative: sphinxcontrib-bibtex's own method, which finds the citing pages of each entry
    by scanning every citation of the site (entries × citations, per bibliography).
    """
    bibliography = domain.bibliographies[bibliography_key]
    for entry in domain.get_entries(bibliography.bibfiles):
        key = bibliography.keyprefix + entry.key
        cited_docnames = citing.get(key, set())
        if bibliography_selects(bibliography, entry, bibliography_key.docname,
                                cited_docnames) or entry.key in bibliography.keys:
            yield key, entry


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
