"""sphinxcontrib-bibtex's ``cite`` domain, with each entry's citing pages looked up once.

For every entry of every bibliography, sphinxcontrib-bibtex 2.7 finds the pages that cite it by
scanning every citation of the site: entries × citations, per bibliography, on every build
(2.2 s of a one-page rebuild with 2,000 entries and 1,400 citations). This subclass, installed
over it through Sphinx's ``add_domain(..., override=True)``, indexes the citations by key once
per bibliography; the filter, and so the bibliography, are the same.

Its ``cite`` roles (and the bare ``cite``) first check what a citation names: sphinxcontrib-bibtex
reads the keys by recursion, one call per key, and raises on keys not separated by commas, so a
citation of 1,000 keys or of ``a b`` ended the build in a traceback. Either is a warning at the
citation instead (:func:`citation_problem`), the citation shown as written.

Private API, through :mod:`.compat`: the method replaced here, copied with the filter's evaluator
and its fallback (:func:`.compat.bibtex.filtered_entries`,
:func:`.compat.bibtex.bibliography_selects`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CiteRole

from ..compat.bibtex import FootnotesAsWritten, filtered_entries

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
    """sphinxcontrib-bibtex's ``cite`` role, after :func:`citation_problem`."""

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


class CitationIndexedBibtexDomain(BibtexDomain):
    roles = {name: CheckedCiteRole() for name in BibtexDomain.roles}

    def citing_pages(self) -> dict[str, set[str]]:
        """Key → the pages that cite it."""
        pages: dict[str, set[str]] = defaultdict(set)
        for citation_ref in self.citation_refs:
            for target in citation_ref.targets:
                pages[target.key].add(citation_ref.docname)
        return pages

    def get_filtered_entries(self, bibliography_key: Any) -> Iterable[tuple[str, Any]]:
        """sphinxcontrib-bibtex's own, with the citing pages from :meth:`citing_pages`."""
        return filtered_entries(self, bibliography_key, self.citing_pages())


def setup(app: Sphinx) -> None:
    app.add_domain(CitationIndexedBibtexDomain, override=True)
    # Footnotes that show the entries as every other output does (no smart quotes).
    app.add_directive("footbibliography", FootnotesAsWritten, override=True)
    app.add_role("cite", CheckedCiteRole(), override=True)
