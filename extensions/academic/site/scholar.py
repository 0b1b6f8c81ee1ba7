"""A paper page's head: Google Scholar's ``citation_*`` tags and a JSON-LD ``ScholarlyArticle``."""

from __future__ import annotations

import html
from typing import Any

from ..bib import formats
from ..bib.display import BOOK_TYPES, display_of
from ..bib.model import Author, Link, Publication
from .escape import script_json

#: Where each type's venue is, and Google Scholar's tag for it.
SCHOLAR_VENUE_TAGS = {
    "article": ("journal", "citation_journal_title"),
    "inproceedings": ("booktitle", "citation_conference_title"),
    "conference": ("booktitle", "citation_conference_title"),
    "incollection": ("booktitle", "citation_inbook_title"),
    "inbook": ("booktitle", "citation_inbook_title"),
    "techreport": ("institution", "citation_technical_report_institution"),
    "report": ("institution", "citation_technical_report_institution"),
    "phdthesis": ("school", "citation_dissertation_institution"),
    "mastersthesis": ("school", "citation_dissertation_institution"),
    "thesis": ("school", "citation_dissertation_institution"),
}
#: Fields naming a work that holds the entry: a journal is the article's (see
#: :func:`venue_json_ld`), a book or proceedings a chapter's or paper's.
CONTAINER_FIELDS = ("booktitle",)
#: Fields naming who stands behind a work: a thesis's school, a report's institution, a
#: conference's organization (schema.org's ``sourceOrganization``); none holds the work.
SOURCE_ORGANIZATION_FIELDS = ("school", "institution", "organization")
#: schema.org's types that have ``pageStart``, ``pageEnd`` and ``pagination``.
PAGED_TYPES = {"ScholarlyArticle", "Report", "Chapter"}


def page_range(entry: Publication) -> tuple[str, str] | None:
    """("17981", "17993") from ``pages``; None when it is not a range (a single page)."""
    return display_of(entry).pages


def scholar_metadata(entry: Publication, files: tuple[Link, ...] = ()) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` tags, in the order its inclusion guidelines list them.

    The venue tag holds the journal's or the proceedings' name alone; volume, issue and pages
    are tags of their own, as Scholar reads them. Scholar reads the ``citation_author`` tags
    as the whole byline, in order: they are written only when the source holds the whole
    byline (:attr:`.Display.complete`), and names authors: a volume's editors are not (Scholar
    has no editor tag). A list that ends in "and others", or stops before
    the owner's place, has none: the first names alone would read as a complete, shorter
    byline, and the owner added after them as an author at a place he does not have. A team
    byline (``{Engine Team, Acme}``) is whole, and is the one author; the owner's part in
    it is not a place in a byline. The date is the full date ("2021/08/16") where the source
    gives one, else the year alone: the guidelines know no other form ("2021/08").

    ``citation_pdf_url`` is the work's PDF: the site's own copy first (al-folio's ``pdf =
    {paper.pdf}``, among ``files``, :func:`.publications.nodes.site_files`), which Scholar
    prefers, else the source's, else arXiv's.
    """
    model = display_of(entry)
    tags = [("citation_title", model.title)] if model.title else []
    if model.complete and entry.people_role == "author":  # editors are not its authors
        tags += [("citation_author", a.name) for a in model.authors]
    if model.year:  # one date: a range's start; a full date, or the year alone
        tags.append(("citation_publication_date",
                     model.iso_date("/") if model.day else str(model.year)))
    field_name, venue_tag = SCHOLAR_VENUE_TAGS.get(entry.entry_type, ("", ""))
    if entry.fields.get(field_name) and not model.preprint_article:  # a server, no journal
        tags.append((venue_tag, entry.fields[field_name]))
    if model.volume:
        tags.append(("citation_volume", model.volume))
    # A journal's issue; a report's own number; another entry's "number" is a series' number
    # (Lecture Notes in Computer Science 806), which Scholar has no tag for.
    number_tag = {"article": "citation_issue", "techreport": "citation_technical_report_number",
                  "report": "citation_technical_report_number"}.get(entry.entry_type)
    if number_tag and entry.fields.get("number"):
        tags.append((number_tag, entry.fields["number"]))
    pages = page_range(entry)
    if pages:
        tags += [("citation_firstpage", pages[0]), ("citation_lastpage", pages[1])]
    elif model.first_page:  # one page; text that is neither ("--5") is no first page
        tags.append(("citation_firstpage", model.first_page))
    if entry.entry_type in ("book", "mvbook") and entry.fields.get("publisher"):
        tags.append(("citation_publisher", entry.fields["publisher"]))
    if model.doi:  # bare, as Scholar reads it: never "https://doi.org/10…" or an ISBN
        tags.append(("citation_doi", model.doi))
    web = [link for link in entry.links if not link.local]
    pdf = next((link.url for link in [*files, *web] if link.label == "PDF"), None)
    arxiv = next((link.url for link in web if link.label == "arXiv"), None)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    elif arxiv:
        tags.append(("citation_pdf_url", arxiv.replace("/abs/", "/pdf/")))
    if model.arxiv_id:  # whole: an old identifier is "math.GT/0309136"
        tags.append(("citation_arxiv_id", model.arxiv_id))
    return tags


def agent(author: Author) -> dict[str, str]:
    """A schema.org Person, or an Organization for a team byline (``{Engine Team, Acme}``)."""
    return {"@type": "Organization" if author.is_organization else "Person", "name": author.name}


def venue_json_ld(entry: Publication) -> dict[str, Any] | None:
    """What the work is part of: a journal's issue, in its volume, in the journal (schema.org's
    ``PublicationIssue`` → ``PublicationVolume`` → ``Periodical``); another venue by name."""
    journal = entry.fields.get("journal")
    if display_of(entry).preprint_article:  # arXiv holds it (below): no Periodical
        return None
    if entry.entry_type == "article" and journal:
        part: dict[str, Any] = {"@type": "Periodical", "name": journal}
        if entry.fields.get("volume"):
            part = {"@type": "PublicationVolume", "volumeNumber": entry.fields["volume"],
                    "isPartOf": part}
        if entry.fields.get("number"):
            part = {"@type": "PublicationIssue", "issueNumber": entry.fields["number"],
                    "isPartOf": part}
        return part
    # Not the "arXiv preprint" a page shows for an entry with no venue: arXiv holds the paper,
    # the paper is not part of it; nor a school, an institution or "howpublished" ("Hardcover").
    # A volume's booktitle is its own title (DBLP's @proceedings): a book is not part of it.
    if entry.entry_type not in BOOK_TYPES and any(entry.fields.get(n) for n in CONTAINER_FIELDS):
        return {"@type": "CreativeWork", "name": entry.venue_text}
    return None


def json_ld(entry: Publication, files: tuple[Link, ...] = ()) -> dict[str, Any]:
    """The work as schema.org describes it, with what Google's Article guidelines ask for
    (``headline``, ``author`` with ``name``, ``datePublished``).

    ``author`` is a set in JSON-LD (no ``@list``): it says who the authors are, not in which
    order nor that there are no others. It holds the names the source gives and the owner
    where the source makes him an author; where the byline is not whole, ``creditText`` gives
    it as the site shows it ("Babbage, …, Ada Lovelace, … (67 authors)"), so that no reader
    takes the names for all of them; where names are marked (equal contribution), it says so
    in words. A contributor to a team's work is a ``contributor``.
    ``datePublished`` has the source's precision ("2021", "2021-08"); ``sameAs`` names only
    the work itself (:attr:`.Display.identities`): its copies and records, and its own
    address where that is the work; and the site's own copy of its PDF, among ``files``.
    """
    model = display_of(entry)
    kind = formats.kinds(model).schema_org
    authors = [agent(a) for a in model.authors]
    if model.role == "author" and model.owner_listed is None:
        authors.append({"@type": "Person", "name": model.owner})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
    }
    if model.title:
        data["headline"] = data["name"] = model.title
    if authors:  # "author", or "editor" for a volume its editors name
        data[entry.people_role] = authors
    if (not model.complete or (model.role == "author" and model.owner_listed is None)
            or model.marks_in_words):
        data["creditText"] = model.credit_in_words
    if model.role == "contributor":
        data["contributor"] = [{"@type": "Person", "name": model.owner}]
    if model.year:  # a schema.org Date, one date: a range's start
        data["datePublished"] = model.iso_date()
    venue = venue_json_ld(entry)
    if venue:
        data["isPartOf"] = venue
    pages = page_range(entry)
    if kind in PAGED_TYPES and pages:
        data["pageStart"], data["pageEnd"] = pages
    elif kind in PAGED_TYPES and entry.fields.get("pages"):
        data["pagination"] = entry.fields["pages"]
    if entry.fields.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": entry.fields["publisher"]}
    organization = next((entry.fields[name] for name in SOURCE_ORGANIZATION_FIELDS
                         if entry.fields.get(name)), "")
    if organization:
        data["sourceOrganization"] = {"@type": "Organization", "name": organization}
    if entry.abstract:
        data["abstract"] = entry.abstract
    copies = [link.url for link in files if link.label == "PDF"]
    if model.identities or copies:
        data["sameAs"] = list(dict.fromkeys([*model.identities, *copies]))
    return data


def paper_tags(entry: Publication, files: tuple[Link, ...] = ()) -> str:
    """The paper page's Google Scholar tags, then its JSON-LD (``files``: the entry's own files
    on the site, at their full addresses)."""
    tags = "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'
        for name, value in scholar_metadata(entry, files)
    )
    data = script_json(json_ld(entry, files))
    return tags + f'<script type="application/ld+json">{data}</script>\n'
