"""sphinxcontrib-bibtex's ``cite`` domain, with each entry's citing pages looked up once.

For every entry of every bibliography, sphinxcontrib-bibtex 2.7 finds the pages that cite it by
scanning every citation of the site: entries × citations, per bibliography, on every build
(2.2 s of a one-page rebuild with 2,000 entries and 1,400 citations). This subclass, installed
over it through Sphinx's ``add_domain(..., override=True)``, indexes the citations by key once
per bibliography; the filter, and so the bibliography, are the same.

Its ``cite`` roles (and the bare ``cite``) first check what a citation names
(:class:`.compat.bibtex.CheckedCiteRole`): a citation of too many keys, or of keys run
together, is a warning at the citation, the citation shown as written.

Private API, through :mod:`.compat`: the method replaced here, copied with the filter's evaluator
and its fallback (:func:`.compat.bibtex.filtered_entries`,
:func:`.compat.bibtex.bibliography_selects`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain

from ..compat.bibtex import CheckedCiteRole, FootnotesAsWritten, filtered_entries


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
