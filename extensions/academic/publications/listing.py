"""The ``publications`` directive: entries of the BibTeX file grouped by year, newest first.

The full list is a sphinxcontrib-bibtex ``bibliography`` of the selected keys (``:list:
citation``): that makes each entry a citation target, so ``{cite:p}`key``` anywhere on the site
links to the entry here and shows its full reference on hover. The extension renders the list
itself — a section per year (in the page's table of contents), badges, the BibTeX in a
disclosure, general-index entries — and anchors each entry at its key
(``publications/#lovelace1843notes``), with filters above it (:mod:`.filters`). ``:compact:``
gives a short list that is not a citation target and has no filters (the home page's selection).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container, Iterable, Mapping
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .. import config
from ..bib.model import KINDS, Publication, marks_note
from ..bib.names import entry_names
from ..citations import styles
from ..compat import documents as compat_documents
from ..compat.bibtex import CitationTargets
from .domain import Place, Selection, academic_domain
from .downloads import LIST_STEM, download_links
from .filters import filters_node
from .filters import item as filtered_item
from .summaries import summary

logger = logging.getLogger(__name__)


def year_range(argument: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", argument or "")
    if not match:
        raise ValueError("must be a year such as 2021 or a range such as 2020-2022")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return min(first, last), max(first, last)


def kinds(argument: str) -> frozenset[str]:
    chosen = frozenset(k.strip().lower() for k in (argument or "").split(",") if k.strip())
    unknown = chosen - set(KINDS)
    if not chosen or unknown:
        raise ValueError(f"must be one or more of {', '.join(KINDS)} (got {argument!r})")
    return chosen


def no_match(selection: Selection, entries: Iterable[Publication]) -> str:
    """Why a list's options select no entry, and what to change: a keyword no entry has (the
    home page's "selected", before a fork has marked its own papers), else the options."""
    keyword = selection.keyword
    if keyword and not any(keyword in entry.keywords for entry in entries):
        return (f"no entry of the BibTeX files has the keyword {keyword!r}: add 'keywords = "
                f"{{{keyword}}}' to those to list here, or remove :keyword:")
    return "no entry matches the options given; check :keyword:, :type: and :year:"


#: "2020 IEEE International…": a venue's leading year, left out of its index entry.
LEADING_YEAR = re.compile(r"^\s*\d{4}\s+")


def index_entries(entry: Publication, anchor: str) -> list[tuple[str, str, str, str, None]]:
    """General-index entries: the title, and the title under its year and its venue, each a
    link to ``anchor``, the entry's id in the list.

    The years are grouped under "Publications, 2021" and a venue is filed under its name (a
    journal's without its volume) without a leading year ("IEEE International Conference…"
    rather than "2020 IEEE…"): the index files an entry under its first letter, and years
    would fill its "Symbols" section.
    """
    # An entry without a title (a gap, summarised) is indexed under its key.
    title = (entry.title_text or entry.key).replace(";", ",")
    entries = [("single", title, anchor, "main", None)]
    if entry.year:
        entries.append(("single", f"Publications, {entry.year}; {title}", anchor, "", None))
    if entry.venue:
        # A journal by its name: its volume and issue ("24(240)") would give each of its
        # papers an entry of its own.
        name = (entry.fields.get("journal") if entry.venue_source == "journal" else None
                ) or entry.venue_text
        venue = LEADING_YEAR.sub("", name.replace(";", ",")) or name
        entries.append(("single", f"{venue}; {title}", anchor, "", None))
    return entries


def list_anchors(wanted: Mapping[str, str], taken: Container[str]) -> dict[str, str]:
    """key → the id of its entry in a list: its anchor (``wanted``, in the list's order), with
    "-" added while another id has it. The ids the page already has (``taken``: sections, other
    lists) keep theirs, and an entry earlier in the list keeps its own."""
    anchors: dict[str, str] = {}
    # Looked up in a set: a pass over the anchors chosen so far, for each entry, took a second
    # for a list of 10,000.
    chosen: set[str] = set()
    for key, anchor in wanted.items():
        while anchor in taken or anchor in chosen:
            anchor += "-"
        anchors[key] = anchor
        chosen.add(anchor)
    return anchors


class PublicationsDirective(CitationTargets):
    """List publications from the BibTeX file, newest year first.

    Options: ``:keyword:`` (only entries with that keyword), ``:type:`` (paper, report,
    software), ``:year:`` (2021 or 2020-2022), ``:compact:`` (one short list, no BibTeX, not a
    citation target), ``:no-filters:`` (no filters above the list).
    """

    required_arguments = 0
    optional_arguments = 0
    has_content = False
    option_spec = {
        "keyword": directives.unchanged_required,
        "type": directives.unchanged_required,
        "year": directives.unchanged_required,
        "compact": directives.flag,
        "no-filters": directives.flag,
    }

    def warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location(), type="academic",
                       subtype="publications")

    def selection(self) -> Selection | None:
        """The list's options, checked; None (with a warning) when one is wrong."""
        try:
            wanted_kinds = kinds(self.options["type"]) if "type" in self.options else None
        except ValueError as error:
            self.warn(f"publications :type: {error}")
            return None
        try:
            years = year_range(self.options["year"]) if "year" in self.options else None
        except ValueError as error:
            self.warn(f"publications :year: {error}")
            return None
        return Selection(self.options.get("keyword", "").strip().lower(), wanted_kinds, years)

    def run(self) -> list[nodes.Node]:
        domain = academic_domain(self.env)
        selection = self.selection()
        # A list with a wrong option is read again whatever changes, until it is fixed.
        domain.note_listing(self.env.docname, selection or Selection())
        if selection is None:
            return []
        selected = sorted((entry for entry in domain.entries.values() if selection.matches(entry)),
                          key=styles.newest_first)
        if not selected:
            self.warn(f"publications: {no_match(selection, domain.entries.values())}")
            return []
        domain.note_shown(self.env.docname, (e.key for e in selected))
        # A thumbnail's size is written in the page: a new image re-reads the page.
        previews = Path(self.env.srcdir) / self.config.academic_previews_dir
        for entry in selected:
            if entry.preview is not None and config.is_file(previews / entry.preview.url):
                self.env.note_dependency(str(previews / entry.preview.url))
        paper_pages = bool(self.config.academic_paper_pages_dir)
        if "compact" in self.options:
            # A compact list repeats entries that have their place (and page) elsewhere: kept
            # out of the search index, so a co-author's name finds the paper, not this page.
            listing = nodes.enumerated_list(
                classes=["academic-publications", "compact", "no-search"])
            for entry in selected:
                listing += nodes.list_item("", summary(
                    entry, link_to_page=paper_pages,
                    max_authors=self.config.academic_max_authors, coins=True),
                    classes=["academic-entry"])
            return [listing, *marks_legend(selected)]

        # Before the citation targets: making them sets the options of their own directive.
        form = (filters_node(selected) if self.config.academic_publication_filters
                and "no-filters" not in self.options else None)
        anchors = self.register_citation_targets(selected)
        # The filters, the legend and the downloads before the years: the sections that follow
        # hold the entries.
        sections: list[nodes.Node] = [*([form] if form else []), *marks_legend(selected),
                                      download_links(stem=LIST_STEM, at_root=True,
                                                     lead="The whole bibliography:")]
        # The entries are newest first, a year's together: a pass over them all for each year
        # grew with the square of a list whose entries have as many years (a .bib may date
        # them from 1000 to 9999): over a second for 8,000.
        # An entry keeps the anchor its citations link to: a year's section whose id is an
        # entry's (a key "publications-2021") takes another, as it would beside a heading.
        entry_anchors = set(anchors.values())
        for year, entries_of_year in itertools.groupby(selected, key=lambda e: e.year):
            section = nodes.section(classes=["academic-year"])
            section_id = f"publications-{year}" if year else "publications-undated"
            while section_id in self.state.document.ids or section_id in entry_anchors:
                section_id += "-"
            section["ids"].append(section_id)
            compat_documents.claim_id(self.state.document, section_id, section)
            heading = str(year) if year else "Undated"
            section += nodes.title(heading, heading)
            listing = nodes.enumerated_list(classes=["academic-publications"])
            for entry in entries_of_year:
                anchor = anchors[entry.key]
                item = filtered_item(entry, [addnodes.index(entries=index_entries(entry, anchor)),
                                             summary(entry, link_to_page=paper_pages,
                                                     bibtex=True, preview=True, coins=True,
                                                     max_authors=self.config.academic_max_authors)],
                                     filtered=form is not None, ids=[anchors[entry.key]],
                                     classes=["academic-entry"])
                compat_documents.claim_id(self.state.document, anchors[entry.key], item)
                domain.note_anchor(entry.key, Place(self.env.docname, anchors[entry.key]))
                listing += item
            section += listing
            sections.append(section)
        return sections

    def register_citation_targets(self, selected: list[Publication]) -> dict[str, str]:
        """Make the entries sphinxcontrib-bibtex citation targets; return their anchors.

        sphinxcontrib-bibtex's own directive records a ``:list: citation`` bibliography of
        exactly these keys (:meth:`.compat.bibtex.CitationTargets.citation_targets`). Its node
        is not placed in the page, since the list above renders the entries; the citation
        targets it created take the entries' anchors, so a citation links to the entry in this
        list.
        """
        citations = self.citation_targets([entry.key for entry in selected],
                                          self.config.bibtex_default_style)
        names = entry_names(academic_domain(self.env).entries)
        anchors = list_anchors({entry.key: names[entry.key].anchor for entry in selected},
                               taken=self.state.document.ids)
        for key, anchor in anchors.items():
            self.retarget(citations[key], anchor)
        return anchors


def marks_legend(entries: list[Publication]) -> list[nodes.Node]:
    """What the marks after names mean ("* Equal contribution."), in words a reader sees: a
    tooltip alone is out of reach on a phone. Nothing when no entry has a mark."""
    note = marks_note(entries)
    return [nodes.paragraph(note, note, classes=["academic-marks-note"])] if note else []


def setup(app: Sphinx) -> None:
    app.add_directive("publications", PublicationsDirective)
