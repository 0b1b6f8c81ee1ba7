"""An entry of a list as a placeholder while its page is read, made whole once it is written.

A list shows each entry as about twenty nodes (:func:`.nodes.summary_nodes`: the title, the
author line, the venue, the badges, the BibTeX; its thumbnail and COinS). A page that lists
every entry (the publications list, the CV) holds 40,000 of them at 2,000 entries, and editing
one entry re-reads it: each of Sphinx's and docutils' read transforms walks them all, and the
doctree is pickled with them. So the page is read with one :class:`entry_summary` an entry,
which names the entry and how the list shows it, and :class:`MakeSummaries` makes the nodes
from the entry's record once the page is resolved. Nothing read from a page's source is
deferred: the entries' nodes are data, none of the read transforms changes them (their text is
shown as written: :func:`.nodes.as_written`).

When they are made depends on the builder:

* The site's own (HTML, :data:`.config.SITE_BUILDERS`): after the post-transforms, first of the
  ``doctree-resolved`` handlers, their one reference (the title's, to the paper's page) resolved
  by the domain that Sphinx's resolver would ask. None of Sphinx's, furo's, sphinx-design's or
  sphinxcontrib-bibtex's post-transforms for HTML changes an entry's nodes (a paragraph, a
  reference, emphasis, the extension's own nodes), and each of them walks the whole page: with
  the entries made first, the two lists of 2,000 entries an entry edit writes are walked about
  fifteen times, 80,000 nodes each. Every ``doctree-resolved`` handler, the search index and the
  writer see the entries as before.
* Any other (text, LaTeX, the link checker, ...): first of the post-transforms, so that theirs
  see the entries too (the LaTeX builder's, the link checker's collector).
"""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib import formats
from ..bib.model import Publication
from ..config import SITE_BUILDERS
from .domain import academic_domain
from .downloads import coins_span
from .nodes import preview_nodes, summary_nodes


class entry_summary(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes so)
    """An entry of a list until its page is written: its key and how the list shows it."""


def summary(entry: Publication, *, link_to_page: bool, max_authors: int = 0,
            bibtex: bool = False, preview: bool = False, coins: bool = False,
            selected: bool = False) -> entry_summary:
    """The placeholder of :func:`.nodes.summary_nodes` (``link_to_page``, ``max_authors``,
    ``bibtex``), after the thumbnail with ``preview``, before the COinS with ``coins``; with
    ``selected``, a "Selected" mark after the title (the CV's)."""
    return entry_summary(key=entry.key, link_to_page=link_to_page, max_authors=max_authors,
                         bibtex=bibtex, preview=preview, coins=coins, selected=selected)


def made(entry: Publication, node: entry_summary) -> list[nodes.Node]:
    """The nodes ``node`` stands for."""
    parts = summary_nodes(entry, link_to_page=node["link_to_page"],
                          max_authors=node["max_authors"], bibtex=node["bibtex"])
    if node["selected"]:
        # The title's paragraph: an entry with a chip ("NeurIPS") has the chip's first.
        title = next((part for part in parts if isinstance(part, nodes.Element)
                      and "academic-title" in part["classes"]), None)
        if title is not None:
            title += nodes.Text(" ")
            title += nodes.inline("Selected", "Selected", classes=["academic-selected"])
    return [*(preview_nodes(entry) if node["preview"] else []), *parts,
            *([coins_span(title=formats.coins(entry))] if node["coins"] else [])]


def make_all(env: BuildEnvironment, document: nodes.document,
             resolving: tuple[Builder, str] | None = None) -> None:
    """Every placeholder of ``document`` replaced by its entry's nodes; with ``resolving`` (the
    builder and the page), their references resolved as Sphinx's resolver would."""
    domain = academic_domain(env)
    entries = domain.entries
    for node in list(document.findall(entry_summary)):
        entry = entries.get(node["key"])
        # An entry gone since the page was read: the page is read again (see
        # AcademicDomain.pages_showing); nothing of it is written meanwhile.
        parts = made(entry, node) if entry is not None else []
        if resolving is not None:
            builder, docname = resolving
            for part in parts:
                if isinstance(part, nodes.Element):
                    resolve_references(env, builder, docname, part)
        node.replace_self(parts)


def resolve_references(env: BuildEnvironment, builder: Builder, docname: str,
                       part: nodes.Element) -> None:
    """The entry's links to pages of the site (the domain's ``pending_xref``), resolved by the
    domain as ``ReferencesResolver`` asks it: with a copy of the link's text. An entry on a page
    always has a place, the page itself at least, so the domain always finds it; were it not
    to, the text stays, as Sphinx leaves it. Only this extension's own domain is asked: no
    other extension resolves its references (Sphinx's ``missing-reference`` event), nor would
    one be warned about, as none goes unresolved."""
    domain = academic_domain(env)
    for xref in list(part.findall(addnodes.pending_xref)):
        contnode = cast(nodes.Element, xref[0].deepcopy())  # as Sphinx's resolver casts it
        resolved = domain.resolve_xref(env, docname, builder, xref["reftype"],
                                       xref["reftarget"], xref, contnode)
        xref.replace_self(resolved if resolved is not None else contnode)


class MakeSummaries(SphinxPostTransform):
    """Every placeholder of the page replaced by its entry's nodes, first of the
    post-transforms (Sphinx resolves references at 10): for builders other than the site's."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        make_all(self.env, self.document)


def make_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every placeholder of the page replaced once it is resolved: for the site's builders."""
    make_all(app.env, doctree, (app.builder, docname))


def choose_when(app: Sphinx) -> None:
    if app.builder.name in SITE_BUILDERS:
        # Before every other handler (Sphinx's default is 500): each sees the entries made.
        app.connect("doctree-resolved", make_resolved, priority=100)
    else:
        app.add_post_transform(MakeSummaries)


def setup(app: Sphinx) -> None:
    app.add_node(entry_summary)
    app.connect("builder-inited", choose_when)
