"""The BibTeX fields the site knows, and what it does with each.

Which fields each entry type is expected to have, which the site reads, shows, renders, links,
inherits from a ``crossref`` parent or writes back, which it ignores on purpose (exporters'
bookkeeping), BibLaTeX's names for BibTeX's fields, and how a ``month`` is read. One table per
question, apart from the code that reads entries (:mod:`.records`), so that the list of what the
site supports is read in one place. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import datetime
import re

#: Fields a reader expects of each entry type; an entry without one is still shown, and is
#: listed in the build's summary of gaps, as BibTeX itself only warns.
EXPECTED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inbook": ("author", "title", "year"),
    "book": ("author", "title", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "thesis": ("author", "title", "year"),
    "techreport": ("author", "title", "year"),
    "report": ("author", "title", "year"),
}

DEFAULT_EXPECTED = ("title", "year")

#: BibLaTeX's names for BibTeX's fields (Zotero's Better BibLaTeX, biber users).
BIBLATEX_FIELDS = {"journaltitle": "journal", "institution": "institution",
                   "location": "address"}

#: Fields whose value is a web address, with the label of the badge they produce. al-folio's
#: fields (``html``, ``poster``, ``website``, ``supp``…) and NASA ADS's ``adsurl`` are among them.
LINK_FIELDS = {
    "url": "",  # named after what it points to: see urls.badge_label
    "html": "HTML",
    "website": "Website",
    "pdf": "PDF",
    "supp": "Supplementary",
    "supplementary": "Supplementary",
    "code": "Code",
    "slides": "Slides",
    "poster": "Poster",
    "video": "Video",
    "blog": "Blog",
    "adsurl": "ADS",
}

#: al-folio's fields that may name a file of the site (``pdf = {paper.pdf}``) instead of an address.
LOCAL_FILE_FIELDS = ("pdf", "supp", "supplementary", "slides", "poster")

#: Fields an entry inherits from the entry its ``crossref`` names, when it lacks them.
INHERITED_FIELDS = ("booktitle", "year", "month", "publisher", "address", "series", "volume",
                    "organization", "editor", "date", "journal", "journaltitle", "school",
                    "institution")

#: Fields the site reads: shown on a page, or used to select, link or sort an entry. ``abbr``,
#: ``contribution`` and ``summary`` are read by the citation style and the paper pages.
SHOWN_FIELDS = frozenset({
    "title", "author", "editor", "journal", "journaltitle", "booktitle", "volume", "number",
    "pages", "publisher", "institution", "school", "howpublished", "address", "location",
    "edition", "series", "chapter", "note", "year", "date", "month", "doi", "eprint",
    "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "arxiv", "abstract",
    "keywords", "selected", "equal_contribution", "crossref", "type", "organization",
    "preview", "bibtex_show", "abbr", "contribution", "summary", "pmid", *LINK_FIELDS,
})  # fmt: skip

#: Fields exporters write that the site ignores on purpose: they say nothing a reader of the
#: page needs (Zotero's file paths and access dates, DBLP's provenance, ADS's notes, al-folio's
#: badge ids of other services).
EXPORT_ONLY_FIELDS = frozenset({
    "adsnote", "file", "timestamp", "urldate", "langid", "language", "issn", "isbn",
    "shorttitle", "shortjournal", "annotation", "annote", "biburl", "bibsource", "copyright",
    "mendeley-tags", "pmcid", "numpages", "eventtitle", "eventdate", "venue", "origdate",
    "options", "eid", "acmid", "altmetric", "dimensions", "google_scholar_id", "inspirehep_id",
    "issue", "owner", "creationdate", "modificationdate", "groups", "priority", "readstatus",
    "ranking", "pubstate",
})  # fmt: skip

#: Prefixes of fields an application keeps for itself (BibDesk's "bdsk-url-1", "date-added").
EXPORT_ONLY_PREFIXES = ("bdsk-", "date-")

KNOWN_FIELDS = SHOWN_FIELDS | EXPORT_ONLY_FIELDS


def is_known_field(name: str) -> bool:
    return name in KNOWN_FIELDS or name.startswith(EXPORT_ONLY_PREFIXES)

#: Fields whose LaTeX a page shows, and so must render.
RENDERED_FIELDS = (
    "title", "author", "editor", "journal", "booktitle", "volume", "number", "publisher",
    "institution", "school", "howpublished", "organization", "abbr",
)  # fmt: skip

#: The gap a missing expected field is.
MISSING_GAP = {"journal": "venue", "booktitle": "venue", "school": "venue", "year": "year",
               "title": "title", "author": "author"}

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def parse_month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for number, name in enumerate(MONTHS, 1):
        if len(text) >= 3 and name.startswith(text.rstrip(".")):
            return number
    return None


#: A BibLaTeX date's year, month and day ("2021", "2021-08", "2021-08-16"); a time or the end
#: of a range may follow ("2021-08-16T10:00", "2021-08/2021-09").
DATE_PARTS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def real_date(text: str) -> tuple[tuple[int, int | None, int | None], bool] | None:
    """The year, month and day a date gives (None for those it does not), as far as they are
    real ("2021-02-30" gives 2021 and February, no day), and whether all of them are; None
    when the text does not start with a year."""
    found = DATE_PARTS.match(text.strip())
    if found is None:
        return None
    year = int(found.group(1))
    month = int(found.group(2)) if found.group(2) else None
    day = int(found.group(3)) if found.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return (year, None, None), False
    if day is not None:
        try:
            datetime.date(year, month or 1, day)
        except ValueError:
            return (year, month, None), False
    return (year, month, day), True


def date_day(text: str, year: int, month: int | None) -> int | None:
    """The day a ``date`` gives, when it is real and of the ``year`` and ``month`` the entry is
    dated by; else None (a date that says another month is not the entry's day)."""
    found = real_date(text)
    if found is None:
        return None
    date_year, date_month, day = found[0]
    return day if day and (date_year, date_month) == (year, month) else None
