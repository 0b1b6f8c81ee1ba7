"""The CV as a PDF (``<name>-cv.pdf`` at the site's root), from the CV file and the BibTeX files.

Typst (its PyPI wheel: the compiler and its fonts in one package, no TeX) typesets
``cv/cv.typ`` with the data this module prepares: the same lines the CV page shows
(:func:`.text.section_lines`), and every publication newest first, as its model
(:mod:`.display`) has it, shortened as the lists are, with the owner in bold and the selected
ones marked. The PDF has selectable text, links, embedded fonts (only Typst's own: the
machine's fonts never change the output), a title and an author, and no date: two builds of the
same sources give the same bytes.

It is made again only when what it is made from changes: the digest of the template, the data
and Typst's version is kept beside the doctrees, and an unchanged PDF is left as it is (its
modification time too, so publishing the site links rather than copies it).
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import typst
from sphinx.application import Sphinx
from sphinx.util import logging

from ..bib.display import display_of, full_stop
from ..bib.model import Publication, marks_note
from ..citations import styles
from ..compat import typst as compat_typst
from ..config import SITE_BUILDERS, base_url, conf_location, page_url
from ..publications.domain import Selection, academic_domain
from .data import cv_of
from .directive import publication_selection
from .parsing import CV
from .text import Line, contact_items, paper_label, pdf_name, section_lines

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).parent / "cv.typ"
#: Entry types of papers a journal or a conference published; the rest (preprints, reports,
#: books, talks) are listed apart, as a CV keeps them.
PUBLISHED_TYPES = frozenset({"article", "inproceedings", "conference", "incollection"})


def published(entry: Publication) -> bool:
    """Whether a journal or a conference published the paper: its entry type says so, unless
    its journal is a preprint server (Zotero's and DBLP's @article in "arXiv:…", "CoRR"),
    which the model calls a preprint (:attr:`.Display.preprint_article`), as the list does."""
    return entry.entry_type in PUBLISHED_TYPES and not display_of(entry).preprint_article


def author_parts(entry: Publication, max_names: int) -> list[dict[str, Any]]:
    """The model's author line (:meth:`.Display.author_line`), shortened as the lists are, as
    runs of text, the owner's in bold: the owner's name or part is always in it."""
    parts: list[dict[str, Any]] = []
    for segment in display_of(entry).author_line(max_names):
        if segment.kind == "name" and segment.author is not None:
            author = segment.author
            parts.append({"text": author.name + ("*" if author.equal_contribution else "")
                          + "".join(symbol for symbol, _meaning in author.marks),
                          "owner": author.is_owner})
        else:
            parts.append({"text": segment.text, "owner": segment.kind == "owner"})
    return parts


def publication(app: Sphinx, entry: Publication, number: int) -> dict[str, Any]:
    model = display_of(entry)
    url = paper_url(app, entry.key) or (model.web_links[0].url if model.web_links else "")
    venue, between = model.venue_parts()
    return {"title": entry.title_text, "url": url,
            "authors": author_parts(entry, app.config.academic_max_authors),
            # The line's end, the year: "2021.", but "n.d." (not "n.d..").
            "venue": venue, "between": between, "line_end": full_stop(model.year_text),
            "number": number}


def complete_list(app: Sphinx, key: str) -> dict[str, str]:
    """The line under a chosen few papers that leads to all of them, with the list's address."""
    place = academic_domain(app.env).list_place(key)
    url = page_url(app, place.docname) if place and base_url(app) else ""
    label = url.split("://", 1)[-1]
    return {"text": "The complete list of publications:" if url else "", "label": label,
            "url": url}


def paper_url(app: Sphinx, key: str) -> str:
    place = academic_domain(app.env).place_of(key, prefer_page=True)
    return page_url(app, *place) if place and base_url(app) else ""


def as_item(app: Sphinx, line: Line) -> dict[str, Any]:
    entries = academic_domain(app.env).entries
    return {"head": line.head, "rest": line.rest, "highlights": list(line.highlights),
            "url": line.url, "strong": line.strong,
            "papers": [{"text": paper_label(entries.get(key), key), "url": paper_url(app, key)}
                       for key in line.papers]}


def payload(app: Sphinx, cv: CV) -> dict[str, Any]:
    """What the template typesets: every string already worded."""
    basics = cv.data.get("basics") or {}
    links = [{"text": text, "url": url} for text, url in contact_items(cv)]
    if base_url(app) and not basics.get("url"):
        links.insert(0, {"text": base_url(app).split("://", 1)[-1].rstrip("/"),
                         "url": base_url(app)})
    sections: list[dict[str, Any]] = []

    def add(title: str, lines: list[Line]) -> None:
        if lines:
            sections.append({"title": title, "kind": "lines",
                             "items": [as_item(app, line) for line in lines]})

    add("Experience", section_lines(cv, "work"))
    add("Education", section_lines(cv, "education"))
    selection = pdf_selection(app)
    entries = sorted((entry for entry in academic_domain(app.env).entries.values()
                      if selection.matches(entry)), key=styles.newest_first)
    selected = "Selected " if selection.keyword == "selected" else ""
    groups = [(f"{selected}journal and conference papers",
               [entry for entry in entries if published(entry)]),
              (f"{selected}preprints, reports and books",
               [entry for entry in entries if not published(entry)])]
    for title, group in groups:
        if group:
            sections.append({"title": title[0].upper() + title[1:], "kind": "publications",
                             "items": [publication(app, entry, number)
                                       for number, entry in enumerate(group, 1)],
                             "note": marks_note(group),
                             "more": {"text": "", "label": "", "url": ""}})
    if selection != Selection() and entries:
        # A chosen few: the reader is told where the others are (the site's full list).
        sections[-1]["more"] = complete_list(app, entries[0].key)
    add("Teaching", section_lines(cv, "teaching"))
    add("Honors and awards", section_lines(cv, "awards"))
    add("Talks and presentations", section_lines(cv, "talks"))
    # The prizes first: they are what a reader of a CV looks for; then the interests.
    add("Music and interests", section_lines(cv, "awards", category="music")
        + section_lines(cv, "interests"))
    return {"title": f"{cv.name} — Curriculum Vitae" if cv.name else "Curriculum Vitae",
            "name": cv.name, "label": basics.get("label", ""),
            "summary": basics.get("summary", ""), "links": links, "sections": sections}


def pdf_selection(app: Sphinx) -> Selection:
    """``academic_cv_pdf_publications``, checked; every entry (with a warning) when wrong."""
    options = app.config.academic_cv_pdf_publications
    try:
        return publication_selection({str(name): str(value) for name, value in options.items()})
    except ValueError as error:
        logger.warning(f"academic_cv_pdf_publications = {options!r}: {error}; the PDF lists "
                       "every publication", type="academic", subtype="config",
                       location=conf_location(app, "academic_cv_pdf_publications"))
        return Selection()


def remove_renamed(app: Sphinx, name: str | None) -> None:
    """The PDF is named after the CV's owner: under a new name (or with no CV), the file of the
    last build's name goes, as a clean build would not write it."""
    record = Path(app.doctreedir) / "academic-cv-pdf.name"
    previous = record.read_text(encoding="utf-8") if record.is_file() else ""
    if previous and previous != name:
        (Path(app.outdir) / previous).unlink(missing_ok=True)
    if name:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(name, encoding="utf-8")
    else:
        record.unlink(missing_ok=True)


def write_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    cv = cv_of(app.env)
    remove_renamed(app, pdf_name(cv) if cv is not None else None)
    if cv is None:
        return
    data = json.dumps(payload(app, cv), ensure_ascii=False, sort_keys=True)
    template = TEMPLATE.read_text(encoding="utf-8")
    digest = hashlib.sha256("\0".join((version("typst"), template, data)).encode()).hexdigest()
    target = Path(app.outdir) / pdf_name(cv)
    stamp = Path(app.doctreedir) / "academic-cv-pdf.digest"
    if target.exists() and stamp.exists() and stamp.read_text() == digest:
        return
    try:
        pdf = typst.compile(str(TEMPLATE), sys_inputs={"data": data}, ignore_system_fonts=True)
    except RuntimeError as error:
        logger.warning(f"the CV PDF could not be typeset: {error}", type="academic",
                       subtype="cv")
        return
    except BaseException as error:
        # A panic of Typst's own code (compat.typst): the build goes on without the PDF. Any
        # other exception is a bug of the extension's, and ends the build.
        if not compat_typst.is_panic(error):
            raise
        logger.warning(f"the CV PDF could not be typeset: Typst stopped on an error of its own "
                       f"({' '.join(str(error).split())[:200]}); a very long word in cv.yaml or "
                       "in an entry the PDF lists can cause it", type="academic", subtype="cv",
                       location=conf_location(app, "academic_cv"))
        return
    if not isinstance(pdf, bytes):
        raise TypeError("typst.compile returned pages, not one PDF")
    target.write_bytes(pdf)
    stamp.write_text(digest)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_pdf)
