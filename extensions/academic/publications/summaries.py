"""An entry of a list as a placeholder while its page is read, made whole once it is written.

A list shows each entry as about twenty nodes (:func:`.nodes.summary_nodes`: the title, the
author line, the venue, the badges, the BibTeX; its thumbnail and COinS). A page that lists
every entry (the publications list, the CV) holds 40,000 of them at 2,000 entries, and editing
one entry re-reads it: each of Sphinx's and docutils' read transforms walks them all, and the
doctree is pickled with them. So the page is read with one :class:`entry_summary` an entry,
which names the entry and how the list shows it, and :class:`MakeSummaries` makes the nodes
from the entry's record before anything else happens to the written page: the references are
then resolved, the other formats' post-transforms run and the page is written, searched and
checked as if the nodes had been read. Nothing read from a page's source is deferred: the
entries' nodes are data, none of the read transforms changes them (their text is shown as
written: :func:`.nodes.as_written`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib import formats
from ..bib.model import Publication
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


class MakeSummaries(SphinxPostTransform):
    """Every placeholder of the page replaced by its entry's nodes, first of the post-transforms
    (Sphinx resolves references at 10), for every builder."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        entries = academic_domain(self.env).entries
        for node in list(self.document.findall(entry_summary)):
            entry = entries.get(node["key"])
            # An entry gone since the page was read: the page is read again (see
            # AcademicDomain.pages_showing); nothing of it is written meanwhile.
            node.replace_self(made(entry, node) if entry is not None else [])


def setup(app: Sphinx) -> None:
    app.add_node(entry_summary)
    app.add_post_transform(MakeSummaries)
