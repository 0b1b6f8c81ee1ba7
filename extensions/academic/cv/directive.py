"""The ``cv`` directive: one section of the CV file on a page.

``{cv} career`` (the work, then the education, one line each: the home page's Career list),
``contact`` (location, email, phone, site and profiles, as far as the file gives them),
``work``, ``education``, ``teaching`` (``:subject:`` picks one subject), ``awards``
(``:category: music`` for the music ones), ``talks``, ``interests``, ``publications`` (the
entries of the BibTeX files, newest first, "Selected" ones marked: all, or those of
``:keyword:``, ``:type:`` and ``:year:``) and ``pdf`` (the link to the PDF). ``:no-search:``
keeps a list out of the search index: the CV page repeats facts whose own page (Teaching,
Honors...) must come first in a search. The items' text is :mod:`.text`'s, shared with the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..bib.model import Publication
from ..citations import styles
from ..publications.domain import Selection, academic_domain, publication_xref
from ..publications.listing import kinds, no_match, year_range
from ..publications.nodes import as_written
from ..publications.summaries import summary
from .data import CVDomain, cv_of
from .parsing import CV
from .text import Line, contact_items, paper_label, pdf_name, section_lines, section_parts

logger = logging.getLogger(__name__)


SECTIONS = ("career", "contact", "work", "education", "teaching", "awards", "talks",
            "interests", "publications", "pdf")
#: The options of ``{cv} publications`` and keys of ``academic_cv_pdf_publications``.
SELECTION_OPTIONS = ("keyword", "type", "year")


def publication_selection(options: Mapping[str, str]) -> Selection:
    """The publications a CV lists: ``keyword`` (such as selected), ``type`` (paper, report,
    software), ``year`` (2021 or 2020-2022); ValueError naming the option that is wrong."""
    unknown = [name for name in options if name not in SELECTION_OPTIONS]
    if unknown:
        raise ValueError(f"unknown option {unknown[0]!r}: use "
                         f"{', '.join(SELECTION_OPTIONS)}")
    try:
        wanted = kinds(options["type"]) if "type" in options else None
    except ValueError as error:
        raise ValueError(f"type {error}") from None
    try:
        years = year_range(options["year"]) if "year" in options else None
    except ValueError as error:
        raise ValueError(f"year {error}") from None
    return Selection(str(options.get("keyword", "")).strip().lower(), wanted, years)


def line_item(line: Line, entries: Mapping[str, Publication]) -> nodes.list_item:
    paragraph = nodes.paragraph()
    head: nodes.Node = (nodes.strong(line.head, line.head) if line.strong
                        else nodes.Text(line.head))
    if line.url:
        head = nodes.reference("", "", head, refuri=line.url)
    paragraph += head
    if line.rest:
        paragraph += nodes.Text(f" — {line.rest}")
    for position, key in enumerate(line.papers):
        paragraph += nodes.Text(" Papers: " if position == 0 else "; ")
        label = paper_label(entries.get(key), key)
        paragraph += publication_xref(key, nodes.inline(label, label), page=True)
    if line.papers:
        paragraph += nodes.Text(".")
    item = nodes.list_item("", paragraph)
    if line.highlights:
        item += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph(text, text))
                                        for text in line.highlights))
    return item


class CVDirective(SphinxDirective):
    """One section of the CV, from the CV file: ``{cv} career``, ``{cv} teaching``..."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "subject": directives.unchanged_required,
        "category": directives.unchanged_required,
        "no-search": directives.flag,
        # publications: which entries (as the publications list's options)
        "keyword": directives.unchanged_required,
        "type": directives.unchanged_required,
        "year": directives.unchanged_required,
    }

    def warn(self, message: str) -> list[nodes.Node]:
        logger.warning(message, location=self.get_location(), type="academic", subtype="cv")
        return []

    def run(self) -> list[nodes.Node]:
        section = self.arguments[0].strip()
        if section not in SECTIONS:
            return self.warn(f"cv: unknown section {section!r}: use one of "
                             f"{', '.join(SECTIONS)}")
        if not self.config.academic_cv:
            return self.warn("cv: no CV file: set academic_cv in conf.py (e.g. 'cv.yaml')")
        domain = self.env.get_domain("academic-cv")
        self.env.note_dependency(domain.data["path"])
        # Before the CV is known to be right: a page that shows nothing of a wrong one is read
        # again once it is right (data.pages_if_changed).
        cast(CVDomain, domain).note_reader(self.env.docname)
        cv = cv_of(self.env)
        if cv is None:  # the file's problems are reported at its lines
            return []
        classes = ["academic-cv", f"academic-cv-{section}"]
        if "no-search" in self.options:
            classes.append("no-search")  # Sphinx's indexer skips such nodes
        if section == "pdf":
            return [self.pdf_link(cv, classes)]
        if section == "publications":
            return self.publications(classes)
        if section == "contact":
            return self.contact(cv, classes)
        lines = section_lines(cv, section, subject=self.options.get("subject", ""),
                              category=self.options.get("category", ""))
        # A cited entry's label may change: the page is read again then.
        academic_domain(self.env).note_shown(self.env.docname,
                                             (key for line in lines for key in line.papers))
        if not lines:
            return self.warn(f"cv {section}: nothing to list: {self.nothing_to_list(cv, section)}")
        entries = academic_domain(self.env).entries
        # The file's text as written, as the PDF and the JSON-LD give it.
        return [as_written(nodes.bullet_list("", *(line_item(line, entries) for line in lines),
                                             classes=classes))]

    def nothing_to_list(self, cv: CV, section: str) -> str:
        """Why a section lists nothing, and the fix. A file without the section at all is what
        a fork's short CV file makes of the CV page, which lists every section: the directive,
        not the file, is then what to change."""
        file = self.config.academic_cv
        parts = section_parts(section)
        if not any(cv.items(part) for part in parts):
            return (f"{file} has no {' or '.join(parts)} items; add them there, or remove this "
                    "directive (and its heading) from the page")
        # The file has items there, and section_items' filter left none: :subject: or
        # :category:, or no :category: where every award has one.
        if section == "teaching":
            return (f"none of {file}'s teaching items has subject "
                    f"{self.options['subject']!r}; check :subject:")
        category = self.options.get("category", "")
        if category:
            return f"none of {file}'s awards has category {category!r}; check :category:"
        return (f"every award of {file} has a category; list them with :category: (such as "
                ":category: music)")

    def pdf_link(self, cv: CV, classes: list[str]) -> nodes.Node:
        text = f"{cv.name}'s CV as a PDF" if cv.name else "This CV as a PDF"
        reference = nodes.reference(text, text, refuri=pdf_name(cv), academic_cv_pdf=pdf_name(cv))
        return nodes.paragraph("", "", reference, classes=classes)

    def contact(self, cv: CV, classes: list[str]) -> list[nodes.Node]:
        """Where the owner is and how to reach him, as the file gives it: nothing when it gives
        none (a CV without an address is no mistake)."""
        items = contact_items(cv)
        if not items:
            return []
        # Addresses and numbers as written: Sphinx's smart quotes would change a quote in one.
        paragraph = as_written(nodes.paragraph(classes=classes))
        for position, (text, url) in enumerate(items):
            if position:
                paragraph += nodes.Text(" · ")
            paragraph += (nodes.reference(text, text, refuri=url) if url
                          else nodes.Text(text))
        return [paragraph]

    def publications(self, classes: list[str]) -> list[nodes.Node]:
        """The entries newest first (all, or those of ``:keyword:``, ``:type:``, ``:year:``), as
        the compact lists show them; "Selected" ones marked. Not a citation target (the
        Publications page is), so no anchor is duplicated."""
        domain = academic_domain(self.env)
        try:
            selection = publication_selection(
                {name: self.options[name] for name in SELECTION_OPTIONS if name in self.options})
        except ValueError as error:
            domain.note_listing(self.env.docname, Selection())  # read again until fixed
            return self.warn(f"cv publications: {error}")
        domain.note_listing(self.env.docname, selection)  # an entry added: read again
        entries = sorted((entry for entry in domain.entries.values()
                          if selection.matches(entry)), key=styles.newest_first)
        if not entries and selection != Selection():  # none at all: a site without papers
            return self.warn(f"cv publications: {no_match(selection, domain.entries.values())}")
        domain.note_shown(self.env.docname, (entry.key for entry in entries))
        listing = nodes.enumerated_list(classes=["academic-publications", "compact", *classes])
        for entry in entries:
            listing += nodes.list_item("", summary(
                entry, link_to_page=bool(self.config.academic_paper_pages_dir),
                max_authors=self.config.academic_max_authors,
                selected="selected" in entry.keywords), classes=["academic-entry"])
        return [listing]


def link_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDF is at the site's root: its address from this page."""
    if app.builder.format != "html":
        return
    for node in doctree.findall(nodes.reference):
        if "academic_cv_pdf" in node:
            node["refuri"] = relative_uri(app.builder.get_target_uri(docname),
                                          node["academic_cv_pdf"])


def setup(app: Sphinx) -> None:
    app.add_directive("cv", CVDirective)
    app.connect("doctree-resolved", link_pdf)
