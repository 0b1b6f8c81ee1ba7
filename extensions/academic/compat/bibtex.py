"""sphinxcontrib-bibtex's ``bibliography`` directive and its domain, where this extension
reaches into them: citation targets made by its directive for a list the extension renders
itself, and the domain's filtering of a bibliography's entries, copied.

Each entry says what it relies on (checked on sphinxcontrib-bibtex 2.7, the version ``uv.lock``
pins) and the supported alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from docutils import nodes
from docutils.statemachine import StringList
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain

from . import bibliography_selects


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
