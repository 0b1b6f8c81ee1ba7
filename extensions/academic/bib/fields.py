"""The BibTeX fields the site knows, and what it does with each.

Which fields each entry type is expected to have, which the site reads, shows, renders, links,
inherits from a ``crossref`` parent or writes back, which it ignores on purpose (exporters'
bookkeeping), BibLaTeX's names for BibTeX's fields, and how a ``month`` and a ``date`` (a
day, a range) are read. One table per question, apart from the code that reads entries
(:mod:`.records`), so that the list of what the site supports is read in one place. Nothing here
knows about Sphinx.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from pybtex.bibtex.utils import split_tex_string

#: Fields a reader expects of each entry type; an entry without one is still shown, and is
#: listed in the build's summary of gaps, as BibTeX itself only warns.
EXPECTED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inbook": ("author", "title", "year"),
    "book": ("author", "title", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "thesis": ("author", "title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "report": ("author", "title", "institution", "year"),
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

#: Where BibDesk keeps an entry's address (its url field, once BibDesk has read the file); the
#: first is read as the url. Its files (``bdsk-file-1``, an alias of a file on the owner's
#: disk) and further addresses are the application's own.
BIBDESK_URL = "bdsk-url-1"

#: al-folio's fields that may name a file of the site (``pdf = {paper.pdf}``) instead of an address.
LOCAL_FILE_FIELDS = ("pdf", "supp", "supplementary", "slides", "poster")

#: Fields that hold an address or an identifier made into one (see :mod:`.links`).
ADDRESS_FIELDS = frozenset({*LINK_FIELDS, "eprint", "arxiv", "arxivid", "doi", "preview",
                            BIBDESK_URL})

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
    "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "arxiv", "arxivid", "abstract",
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
    "ranking", "pubstate", "mendeley-groups", "local-url", "read", "rating",
})  # fmt: skip

#: Prefixes of fields an application keeps for itself (BibDesk's "bdsk-url-1", "date-added").
EXPORT_ONLY_PREFIXES = ("bdsk-", "date-")

KNOWN_FIELDS = SHOWN_FIELDS | EXPORT_ONLY_FIELDS


def is_known_field(name: str) -> bool:
    return name in KNOWN_FIELDS or name.startswith(EXPORT_ONLY_PREFIXES)

#: A venue that is a preprint server (Google Scholar's "arXiv preprint arXiv:2108.07732",
#: DBLP's "CoRR"), not a journal: an article in one is a preprint, in no journal's volume.
PREPRINT_VENUE = re.compile(
    r"\b(?:arxiv|corr|biorxiv|medrxiv|chemrxiv|techrxiv|psyarxiv|ssrn|preprints?)\b", re.I)
#: Fields that name where a work appeared, in the order the venue is read from them.
VENUE_FIELDS = ("journal", "booktitle", "howpublished", "school", "institution",
                "organization", "publisher")
#: The field BibTeX's styles read as the venue of an entry type, read first where the entry
#: has it: a book's publisher, not its ``howpublished`` ("Paperback"), which no style reads
#: for a book. Not a chapter's (``@inbook``): Crossref, BibDesk and BibLaTeX give one the
#: book it is in as its ``booktitle``, and its publisher too.
VENUE_OF_TYPE = {"book": "publisher", "phdthesis": "school", "mastersthesis": "school",
                 "techreport": "institution", "manual": "organization"}

#: Fields whose LaTeX a page shows, and so must render.
RENDERED_FIELDS = (
    "title", "author", "editor", "journal", "booktitle", "volume", "number", "publisher",
    "institution", "school", "howpublished", "organization", "abbr",
)  # fmt: skip

#: The gap a missing expected field is.
MISSING_GAP = {"journal": "venue", "booktitle": "venue", "school": "venue", "year": "year",
               "publisher": "publisher", "institution": "publisher",
               "title": "title", "author": "author"}

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


#: What separates keywords: a comma (Zotero, JabRef, Mendeley), or a semicolon (BibDesk, Web
#: of Science); in braces, either is part of a keyword ("{Smith; Jones} method").
KEYWORD_SEPARATOR = r"[,;]"


def keywords_of(value: str) -> list[str]:
    """The keywords of a ``keywords`` field, as written (spaces collapsed), in order. A number
    alone is left out: NASA ADS lists its concepts' numbers among the words ("Radio bursts,
    1339"), which would read as topics ("2008" as a year)."""
    # pybtex's splitter parts the text where no brace holds it together.
    words = (" ".join(word.split()) for word in split_tex_string(value, sep=KEYWORD_SEPARATOR))
    return [word for word in words if word and not (word.isascii() and word.isdigit())]


def ascii_number(text: str) -> int | None:
    """The whole number ``text`` is in ASCII digits ("12"), else None. Python's ``int()`` and
    ``str.isdigit()`` also take the digits of other scripts ("١٢", "１２"), and ``isdigit()``
    superscripts and circled digits ("²", "①") that ``int()`` then refuses; BibTeX, a
    browser's address bar and every archive's identifiers know only ASCII's. Past
    :data:`MAX_DIGITS` it is no number a field holds (and Python refuses to read one of more
    than 4,300 digits)."""
    if len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


#: The most digits of a number a field may hold: a PubMed or SSRN identifier has at most nine.
MAX_DIGITS = 18


#: A year an entry is dated by: four ASCII digits, 1000 to 9999. "0000" is no year (the
#: calendar has no year 0, and a record's year 0 means "undated": it was shown as "n.d." with
#: nothing said), and no work a .bib cites is of a year before 1000 written with a leading
#: zero. "٢٠٢١" or "²⁰²¹" is text to BibTeX's sorting and to every reader's software, which
#: Python alone would read as 2021.
YEAR_DIGITS = "[1-9][0-9]{3}"


def read_year(text: str) -> int | None:
    """The year ``year = {…}`` gives ("2021", or "{2021}" in braces of its own, which BibTeX
    reads as 2021), or None where it is not one (see :data:`YEAR_DIGITS`)."""
    text = text.strip()
    while text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return int(text) if re.fullmatch(YEAR_DIGITS, text) else None


def parse_month(text: str) -> int | None:
    text = text.strip().lower()
    number = ascii_number(text)
    if number is not None:
        return number if 1 <= number <= 12 else None
    for number, name in enumerate(MONTHS, 1):
        if len(text) >= 3 and name.startswith(text.rstrip(".")):
            return number
    return None


class DateParts(NamedTuple):
    """One date to the precision the source gives: a year, and a month and day where it does."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self, separator: str = "-") -> str:
        """"2021", "2021-08", "2021-08-16"."""
        parts = [f"{self.year:04d}"]
        parts += [f"{part:02d}" for part in (self.month, self.day) if part]
        return separator.join(parts)


class SourceDate(NamedTuple):
    """BibLaTeX's ``date``: one date, or a range of two ("2020-01/2020-03"), or a range the
    source leaves open ("2020/.."), as far as it is real and certain."""

    start: DateParts
    #: The end of a range; None for one date, and for a range the source leaves open.
    end: DateParts | None = None
    #: How an open range ends, as written: ".." (ISO 8601-2's open end: ongoing) or "" ("2020/",
    #: its end unknown); None for one date and a closed range.
    open_end: str | None = None
    #: The date as written when EDTF's mark says it is uncertain or approximate
    #: ("2018-05-03?", "2004~"): the start is then its year alone, and only the copied BibTeX,
    #: which BibLaTeX reads, says more; "" for a date the source is sure of.
    qualified: str = ""

    @property
    def is_range(self) -> bool:
        return self.end is not None or self.open_end is not None

    def bibtex(self) -> str:
        """The date as BibLaTeX reads it: "2021-08-16", "2020-01/2020-03", "2020/..",
        "2018-05-03?" (without the time of day, which nothing the site writes has room
        for)."""
        if self.qualified:
            return self.qualified
        if self.end is not None:
            return f"{self.start.iso()}/{self.end.iso()}"
        if self.open_end is not None:
            return f"{self.start.iso()}/{self.open_end}"
        return self.start.iso()


#: One date of BibLaTeX's: a year (see :data:`YEAR_DIGITS`), a month, a day, a time of day
#: ("2021-08-16T10:00:00Z"), and EDTF's mark of an uncertain ("?"), approximate ("~") or
#: uncertain and approximate ("%") date, which BibLaTeX reads at a date's end. ASCII digits
#: only, as :func:`read_year`.
ONE_DATE = re.compile(
    rf"(?P<year>{YEAR_DIGITS})(?:-(?P<month>[0-9]{{2}})(?:-(?P<day>[0-9]{{2}})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:Z|[+-](?P<zone_hour>[0-9]{2})(?::?(?P<zone_minute>[0-9]{2}))?)?)?)?)?"
    r"(?P<mark>[?~%])?")
#: What EDTF's mark at a date's end says of the whole date.
QUALIFIERS = {"?": "uncertain", "~": "approximate", "%": "uncertain and approximate"}
#: What is wrong with a date the site reads no further than its start.
NOT_A_DATE = "is not a real date such as 2021-08-16; the entry is dated as far as it is one"


class _OneDate(NamedTuple):
    """One date as far as it is real, whether the whole text is that real date, and EDTF's
    mark at its end ("" for none)."""

    parts: DateParts
    whole: bool
    mark: str


def _real_time(found: re.Match[str]) -> bool:
    """Whether the time of day, if any, is one: "25:99" is not (a leap second's ":60" is)."""
    limits = {"hour": 23, "minute": 59, "second": 60, "zone_hour": 23, "zone_minute": 59}
    return all(found.group(name) is None or int(found.group(name)) <= limit
               for name, limit in limits.items())


def _date_parts(text: str) -> _OneDate | None:
    """The year, month and day ``text`` starts with, as far as they are real ("2021-02-30"
    gives 2021 and February, no day), whether the whole text is that real date, and its mark;
    None when it does not start with a year."""
    found = ONE_DATE.match(text)
    if found is None:
        return None
    mark = found.group("mark") or ""
    year = int(found.group("year"))
    month = int(found.group("month")) if found.group("month") else None
    day = int(found.group("day")) if found.group("day") else None
    if month is not None and not 1 <= month <= 12:
        return _OneDate(DateParts(year), False, mark)
    if day is not None:
        try:
            datetime.date(year, month or 1, day)
        except ValueError:
            return _OneDate(DateParts(year, month), False, mark)
    whole = found.end() == len(text) and _real_time(found)
    return _OneDate(DateParts(year, month, day), whole, mark)


def _before(end: DateParts, start: DateParts) -> bool:
    """Whether ``end`` is before ``start``, compared to the precision both have ("2020-01" is
    not before "2020-01-15": it holds it)."""
    both = min(len([p for p in end if p]), len([p for p in start if p]))
    return tuple(end)[:both] < tuple(start)[:both]


def read_date(text: str) -> tuple[SourceDate | None, str]:
    """BibLaTeX's ``date`` as far as it is real (None where it does not start with a year),
    and what is wrong with it ("" when nothing is, or it is empty). A range whose end is not
    a real date after its start is read as its start alone; "2020/2020" is one date. A date
    EDTF marks uncertain or approximate is read as its start's year alone: the mark at its
    end is of the whole date (EDTF, level 1), so its month and day are not sure."""
    text = text.strip()
    if not text:
        return None, ""
    date, fault = _read_date(text)
    if date is None:
        return None, fault
    marks = [one.mark for one in map(_date_parts, text.split("/")) if one and one.mark]
    if not marks:
        return date, fault
    start = SourceDate(DateParts(date.start.year), qualified="" if fault else text)
    if fault:
        return start, ("is not a real date such as 2021-08-16; the entry is dated by its "
                       "year alone")
    word = QUALIFIERS[marks[0]]
    return start, (f"is marked {word} ({marks[0]!r} at its end); the entry is dated by its "
                   "year alone, and no page or file gives a month or day it is not sure of")


def _read_date(text: str) -> tuple[SourceDate | None, str]:
    """The date (:func:`read_date`) with the months and days any mark makes unsure."""
    start_text, slash, end_text = text.partition("/")
    start = _date_parts(start_text)
    if start is None:
        return None, NOT_A_DATE
    first = start.parts
    if not start.whole:
        return SourceDate(first), NOT_A_DATE
    if not slash:
        return SourceDate(first), ""
    if end_text in ("", ".."):
        return SourceDate(first, open_end=end_text), ""
    end = _date_parts(end_text)
    if end is None or not end.whole:
        return SourceDate(first), (f"ends in {end_text!r}, which is not a real date such as "
                                   "2021-08-16; the entry is dated by its start alone")
    last = end.parts
    if _before(last, first):
        return SourceDate(first), "ends before it starts; the entry is dated by its start alone"
    return SourceDate(first, None if last == first else last), ""


def entry_date(text: str, year: int, month: int | None) -> SourceDate | None:
    """The entry's ``date`` (a day, a range), when it is real and starts in the ``year`` and
    ``month`` the entry is dated by; else None (a date that says another month is not the
    entry's)."""
    date, _fault = read_date(text)
    if date is None or (date.start.year, date.start.month) != (year, month):
        return None
    return date
