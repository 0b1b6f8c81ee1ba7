"""Load and validate a BibTeX file into plain, picklable publication records.

The file is split into one chunk per ``@entry`` before pybtex parses it, so that

* a syntax error is reported at its own line and does not swallow the entries after it;
* a duplicate key is reported with both lines, and neither entry is silently dropped;
* each entry is parsed and decoded once, and reused across builds while its text is unchanged.

Every problem is collected as a :class:`Problem` with a line number, so a user sees all of them at
once. Real mistakes are warnings, fatal in a strict build (unparseable syntax, a duplicate key,
an undefined macro, an unsafe or malformed link, a malformed ``equal_contribution``); whatever
BibTeX or biber accept is accepted and rendered as it is, and what is merely incomplete (a
missing venue, title or year, a year in words, an eprint the site cannot link, an app's own
address such as Mendeley's ``papers3://``, a ``doi`` that is an ISBN, LaTeX the site cannot
render) is a *gap*: a :class:`Problem` with a ``gap`` kind, which the build lists in one summary
(see :data:`GAP_KINDS`). Fields the site neither shows nor ignores on purpose are named in that
summary too (see :data:`KNOWN_FIELDS`). The records speak one dialect: BibLaTeX fields and
types (``date``, ``journaltitle``, ``@online``, ``@thesis``…), ``crossref`` inheritance and
al-folio's fields (``selected``, ``arxiv``, ``html``…) are mapped to what a page shows. Nothing
here knows about Sphinx.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import pybtex.errors
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

from .latex import JOURNAL_MACROS, latex_to_rich, latex_to_text, plain, unrendered
from .latex import RichText as RichText  # a record's text type: its users import it from here
from .urls import badge_label, kind_of, same_address

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

#: How an entry type is grouped by the ``publications`` directive's ``:type:`` filter.
KIND_OF_TYPE = {"techreport": "report", "report": "report", "software": "software",
                "dataset": "software"}
KINDS = ("paper", "report", "software")

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
#: A file name or a relative path below the papers folder: no scheme, no "..", no leading "/".
RELATIVE_FILE = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[\w\-. /]+\.\w+$")


#: Fields an entry inherits from the entry its ``crossref`` names, when it lacks them.
INHERITED_FIELDS = ("booktitle", "year", "month", "publisher", "address", "series", "volume",
                    "organization", "editor", "date", "journal", "journaltitle", "school",
                    "institution")

#: Fields written back when the BibTeX of an entry is shown, in this order.
BIBTEX_FIELDS = (
    "title", "author", "editor", "journal", "booktitle", "volume", "number", "pages",
    "publisher", "institution", "school", "howpublished", "address", "edition", "series",
    "chapter", "note", "year", "month", "doi", "url", "eprint", "archiveprefix", "primaryclass",
)  # fmt: skip

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

#: Kinds of gaps (see the module's docstring): kind → (what one entry lacks, what several lack),
#: as the build's summary says it.
GAP_KINDS = {
    "venue": ("is missing a venue", "are missing a venue"),
    "year": ("is missing a year", "are missing a year"),
    "title": ("is missing a title", "are missing a title"),
    "author": ("is missing an author", "are missing an author"),
    "year-text": ("has a year that is not a number (listed as undated)",
                  "have a year that is not a number (listed as undated)"),
    "month": ("has a month that is not a month (left out)",
              "have a month that is not a month (left out)"),
    "eprint": ("has an eprint the site cannot link", "have an eprint the site cannot link"),
    "link": ("has a link that is not a web address (left out)",
             "have a link that is not a web address (left out)"),
    "doi": ("has a doi that is not a DOI (no DOI link)",
            "have a doi that is not a DOI (no DOI link)"),
    "latex": ("has LaTeX the site cannot render (shown as plain text)",
              "have LaTeX the site cannot render (shown as plain text)"),
    "names": ("has a name BibTeX reads with a warning", "have a name BibTeX reads with a warning"),
    "preview": ("has a preview that is not a file name (left out)",
                "have a preview that is not a file name (left out)"),
    "preview-file": ("has a preview image that is not in the previews folder (left out)",
                     "have a preview image that is not in the previews folder (left out)"),
}
#: The gap a missing expected field is.
MISSING_GAP = {"journal": "venue", "booktitle": "venue", "school": "venue", "year": "year",
               "title": "title", "author": "author"}

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
#: ECCC's report numbers: "TR22-012" as its pages print them, "22-012", or "2022/012".
ECCC_ID = re.compile(r"^(?:TR)?(\d{2})-(\d{1,3})$|^(\d{4})/(\d{1,3})$", re.IGNORECASE)
#: The Cryptology ePrint Archive's "2022/123".
IACR_ID = re.compile(r"^\d{4}/\d{3,5}$")
#: HAL's identifiers: "hal-01234567", and the portals' own prefixes ("tel-", "inria-"…),
#: with an optional version ("v2").
HAL_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{8}(?:v\d+)?$")
#: bioRxiv's and medRxiv's: a DOI of Cold Spring Harbor's prefix, or the part after it.
RXIV_ID = re.compile(r"^(?:10\.1101/)?(\d{4}\.\d{2}\.\d{2}\.\d{6,}|\d{6,})(v\d+)?$")

#: ``archivePrefix`` (or ``eprinttype``) values, lower-cased, spaces removed → the archive.
ARCHIVE_NAMES = {
    "arxiv": "arXiv", "pmid": "PubMed", "pubmed": "PubMed", "eccc": "ECCC",
    "iacr": "IACR ePrint", "eprintiacr": "IACR ePrint", "cryptologyeprintarchive": "IACR ePrint",
    "cryptologyeprint": "IACR ePrint", "hal": "HAL", "ssrn": "SSRN", "biorxiv": "bioRxiv",
    "medrxiv": "medRxiv",
}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR = re.compile(r"^\d{4}$")
#: Part of every record's cache key: change it when :class:`Publication` or its making changes,
#: so that records pickled by an older version are made again.
RECORD_FORMAT = 6
#: What a symbol after an author's last name means ("Einstein*, Albert", al-folio's way):
#: ``academic_author_marks`` in conf.py replaces it ({"*": "student author", "†": "…"}).
EQUAL_CONTRIBUTION = "equal contribution"
DEFAULT_MARKS: Mapping[str, str] = {"*": EQUAL_CONTRIBUTION}
CROSSREF = re.compile(r"^[ \t]*crossref[ \t]*=[ \t]*[{\"]?\s*([^,}\"\s]+)",
                      re.MULTILINE | re.IGNORECASE)
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")
#: ``contribution = {author 25 of 67}``, ``{author 25}``, ``{author}`` or ``{contributor}``.
CONTRIBUTION = re.compile(r"^(?:(author)(?:\s+(\d+)(?:\s+of\s+(\d+))?)?|(contributor))$",
                          re.IGNORECASE)
CONTRIBUTION_FORMS = "{author 25 of 67}, {author 25}, {author} or {contributor}"
#: A value that is one macro, such as NASA ADS's journals: ``\mnras``, ``{\apj}``.
JOURNAL_MACRO = re.compile(r"\{?\s*\\([A-Za-z]+)\s*\}?")


class Link(NamedTuple):
    """A badge of an entry: an http(s) address, or a file of the site's papers folder."""

    label: str
    url: str  #: the https:// address, or the file's path in ``academic_paper_files_dir``
    local: bool = False
    #: The line of its field, from the entry's "@" (for a warning about a local file).
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the BibTeX file, at a line (1-based)."""

    line: int
    message: str
    #: A fatal problem stops the build; the others are warnings that conf.py may suppress.
    fatal: bool = True
    #: The warning's subtype: ``suppress_warnings = ["academic.<subtype>"]``.
    subtype: str = "bibtex"
    #: A gap's kind (a key of :data:`GAP_KINDS`), "" for a mistake: gaps are summarised, not
    #: warned about, unless conf.py asks (``academic_bibtex_gaps = "error"``).
    gap: str = ""


@dataclass(frozen=True, slots=True)
class Author:
    name: str  #: display form, "Alexander Frömmgen"
    last: str  #: last name, for "Austin et al."
    is_owner: bool = False
    equal_contribution: bool = False
    #: BibTeX form, "Frömmgen, Alexander" in LaTeX source, for the regenerated entry.
    bibtex: str = ""
    #: A team or institution written in braces, ``{Gemini Team, Google}``: not a person.
    is_organization: bool = False
    #: Marks after the name other than equal contribution, as (symbol, meaning): a lab's
    #: "Chaffee*" for a student author, when conf.py says so (see :data:`DEFAULT_MARKS`).
    marks: tuple[tuple[str, str], ...] = ()

    @property
    def is_others(self) -> bool:
        return self.name == "others"


@dataclass(frozen=True, slots=True)
class Contribution:
    """Where the owner stands when the author list does not show him (``contribution``).

    ``author 25 of 67``: he is the 25th of 67 authors; ``author``: he is among the authors, at
    a position not recorded; ``contributor``: he contributed to work credited to a team.
    """

    role: str  #: "author" or "contributor"
    owner: str  #: the owner's name as the site writes it ("Jacob Austin")
    position: int | None = None
    total: int | None = None


@dataclass(frozen=True, slots=True)
class Publication:
    """One bibliography entry, every field decoded and checked."""

    key: str
    entry_type: str
    line: int
    title: RichText
    authors: tuple[Author, ...]
    venue: RichText
    year: int
    month: int | None
    keywords: frozenset[str]
    links: tuple[Link, ...]
    abstract: str
    bibtex: str
    fields: Mapping[str, str] = field(default_factory=dict)  #: every field as plain text
    #: The entry as the citation engine gets it: type, fields (LaTeX as written, BibLaTeX and
    #: crossref resolved) and people, for a pybtex ``Entry``.
    source: tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, tuple[str, ...]], ...]] = (
        "misc", (), ())
    #: Problems of the entry, as (line offset from the "@", message, subtype, fatal, gap):
    #: reported again whenever the record is reused, at the entry's line of the day.
    notes: tuple[tuple[int, str, str, bool, str], ...] = ()
    #: al-folio's thumbnail: the file in ``academic_previews_dir`` (``local``) and its line.
    preview: Link | None = None
    #: Fields the site neither reads nor ignores on purpose, for the build's summary.
    unknown_fields: tuple[str, ...] = ()
    #: The owner's part where the author list does not name him (``contribution`` field).
    contribution: Contribution | None = None
    #: The key of the entry whose fields this one inherits (``crossref``), "" for none.
    crossref: str = ""
    #: The letter that tells this entry from others of the same authors and year ("a" of
    #: "2021a"), given once the whole bibliography is known (:func:`.styles.year_letters`).
    year_letter: str = ""

    @property
    def year_label(self) -> str:
        """The year as citations show it: "2021", "2021a" when the same authors have two that
        year, or "n.d."."""
        return (str(self.year) if self.year else "n.d.") + self.year_letter

    @property
    def kind(self) -> str:
        return KIND_OF_TYPE.get(self.entry_type, "paper")

    @property
    def title_text(self) -> str:
        return plain(self.title)

    @property
    def venue_text(self) -> str:
        return plain(self.venue)

    @property
    def abbr(self) -> str:
        """al-folio's short venue name ("NeurIPS"), shown as a chip before the title."""
        return self.fields.get("abbr", "")

    @property
    def named_authors(self) -> tuple[Author, ...]:
        return tuple(a for a in self.authors if not a.is_others)

    @property
    def short_authors(self) -> str:
        """"Austin and Odena", "Austin et al.", as in a textual citation."""
        named = self.named_authors
        if not named:
            return ""
        if len(named) == 1 and len(self.authors) == 1:
            return named[0].last
        if len(named) == 2 and len(self.authors) == 2:
            return f"{named[0].last} and {named[1].last}"
        return f"{named[0].last} et al."


@dataclass
class Bibliography:
    """The result of loading a file: entries by key (in file order) and every problem found."""

    entries: dict[str, Publication]
    problems: list[Problem]
    #: digest of each entry's text, to tell which entries changed between two builds.
    digests: dict[str, str]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def marks_note(entries: Iterable[Publication]) -> str:
    """What the marks after names mean ("* Equal contribution. † Student author."), for those
    the entries use."""
    used: dict[str, str] = {}
    for entry in entries:
        for author in entry.authors:
            if author.equal_contribution:
                used.setdefault("*", "equal contribution")
            used.update((symbol, meaning) for symbol, meaning in author.marks)
    return " ".join(f"{symbol} {meaning[:1].upper()}{meaning[1:]}." for symbol, meaning
                    in used.items())


# --- names ------------------------------------------------------------------------------------


def _fold(name: str) -> str:
    """Lower-case ASCII form of a decoded name part: "Frömmgen" and "Frommgen" fold alike."""
    decomposed = unicodedata.normalize("NFKD", latex_to_text(name))
    return "".join(c for c in decomposed if c.isalnum()).lower()


@dataclass(frozen=True, slots=True)
class NameMatcher:
    """Recognises the site owner's name however an entry spells it.

    "Austin, Jacob", "J. Austin", "Jacob Austin" and "{Austin}, J." all match "Jacob Austin":
    the last names must agree and, where both are given, the first initials too.
    """

    names: tuple[tuple[str, str], ...]  #: (folded last name, folded first names)
    #: The first name given, as written: how a page names the owner when the list does not.
    display: str = ""

    @classmethod
    def from_names(cls, names: Iterable[str]) -> NameMatcher:
        parsed = []
        names = list(names)
        for name in names:
            person = Person(name)
            parsed.append((_fold(" ".join(person.last_names)), _fold(" ".join(person.first_names))))
        return cls(tuple(parsed), names[0] if names else "")

    def __call__(self, person: Person) -> bool:
        last = _fold(" ".join(person.prelast_names + person.last_names))
        last_only = _fold(" ".join(person.last_names))
        first = _fold(" ".join(person.first_names + person.middle_names))
        for owner_last, owner_first in self.names:
            if owner_last not in (last, last_only):
                continue
            if not first or not owner_first or first[0] == owner_first[0]:
                return True
        return False


def _is_organization(person: Person) -> bool:
    """``{Gemini Team, Google}``: a name written as one braced group, BibTeX's way of saying
    that it is not a person's first and last names."""
    text = str(person)
    if (person.first_names or person.middle_names or person.prelast_names
            or person.lineage_names or len(person.last_names) != 1):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False  # "{A} b": the first group closes before the end
    return text.startswith("{") and text.endswith("}")


def _display_name(person: Person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    name = latex_to_text(" ".join(parts))
    if person.lineage_names:
        name += ", " + latex_to_text(" ".join(person.lineage_names))
    return name


# --- loading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Chunk:
    line: int  #: 1-based line of the "@"
    entry_type: str
    key: str
    text: str


def split_entries(source: str) -> list[_Chunk]:
    """Cut the file at every line that starts an ``@entry``; text before the first is comment."""
    starts = list(ENTRY_START.finditer(source))
    chunks = []
    line = source.count("\n", 0, starts[0].start()) + 1 if starts else 1
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(source)
        text = source[match.start() : end]
        chunks.append(_Chunk(line, match.group(1).lower(), match.group(2), text))
        line += text.count("\n")
    return chunks


#: The fields a normalised field may have been written as (BibLaTeX's, al-folio's).
SOURCE_FIELDS = {"journal": ("journal", "journaltitle"), "eprint": ("eprint", "arxiv"),
                 "year": ("year", "date"), "month": ("month", "date"),
                 "school": ("school", "institution"), "address": ("address", "location")}


def _field_line(chunk: _Chunk, name: str) -> int:
    """The line of the field as written (``pdf = …``), or else of the entry."""
    for written in SOURCE_FIELDS.get(name, (name,)):
        # At the start of a line, as most files write fields; else after a comma or the key.
        for pattern in (rf"^[ \t]*{re.escape(written)}[ \t]*=",
                        rf"[,{{]\s*{re.escape(written)}\s*="):
            match = re.search(pattern, chunk.text, re.MULTILINE | re.IGNORECASE)
            if match:
                return chunk.line + chunk.text.count("\n", 0, match.end())
    return chunk.line


@dataclass(frozen=True, slots=True)
class _Parsed:
    """An entry as pybtex read it: its fields (lower-case names) and its people as written."""

    chunk: _Chunk
    entry_type: str
    key: str
    fields: dict[str, str]
    persons: dict[str, tuple[str, ...]]


def load_bibliography(
    source: str,
    owner: NameMatcher,
    cache: Mapping[str, Publication] | None = None,
    marks: Mapping[str, str] = DEFAULT_MARKS,
) -> Bibliography:
    """Parse and check ``source``; reuse records from ``cache`` (digest → record) when unchanged."""
    cache = cache or {}
    chunks = split_entries(source)
    problems: list[Problem] = []
    first_line: dict[str, int] = {}

    # @string macros apply to every later entry: they are part of each entry's cache key.
    macro_chunks = [c for c in chunks if c.entry_type == "string"]
    parser = Parser()
    for chunk in macro_chunks:
        _parse_chunk(parser, chunk, problems)
    context = digest(f"{RECORD_FORMAT}\0" + "".join(c.text for c in macro_chunks) + "\0"
                     + repr(owner) + repr(sorted(marks.items())))

    entry_chunks: dict[str, _Chunk] = {}
    for chunk in chunks:
        if chunk.entry_type in ("string", "comment", "preamble"):
            continue
        folded_key = chunk.key.lower()
        if folded_key in first_line:
            problems.append(Problem(chunk.line, (
                f"duplicate key {chunk.key!r}: already used by the entry at line "
                f"{first_line[folded_key]}; give one of them another key"
            )))
            continue
        first_line[folded_key] = chunk.line
        entry_chunks[folded_key] = chunk

    parsed: dict[str, _Parsed | None] = {}

    def parse(chunk: _Chunk) -> _Parsed | None:
        """pybtex's reading of a chunk, once per load (a parent may be read for its children)."""
        if chunk.key.lower() not in parsed:
            entry = _parse_chunk(parser, chunk, problems)
            parsed[chunk.key.lower()] = None if entry is None else _Parsed(
                chunk, entry.type.lower(), entry.key,
                {name.lower(): value for name, value in entry.fields.items()},
                {role.lower(): tuple(str(p) for p in people)
                 for role, people in entry.persons.items()},
            )
        return parsed[chunk.key.lower()]

    entries: dict[str, Publication] = {}
    digests: dict[str, str] = {}
    for chunk in entry_chunks.values():
        crossref = CROSSREF.search(chunk.text)
        parent_chunk = entry_chunks.get(crossref.group(1).lower()) if crossref else None
        # Blank lines after an entry are not part of it: appending an entry to the file leaves
        # the last one's record, and the pages that show it, as they were.
        entry_digest = digest(context + "\0" + chunk.text.rstrip()
                              + ("\0" + parent_chunk.text.rstrip() if parent_chunk else ""))
        record = cache.get(entry_digest)
        if record is None:
            item = parse(chunk)
            if item is None:
                continue
            parent = parse(parent_chunk) if parent_chunk else None
            record = _record(_inherit(item, parent), owner, marks)
        elif record.line != chunk.line:  # the same text, moved in the file
            record = replace(record, line=chunk.line)
        for offset, message, subtype, fatal, gap in record.notes:
            problems.append(Problem(chunk.line + offset, message, fatal, subtype, gap))
        entries[record.key] = record
        digests[record.key] = entry_digest
    return Bibliography(entries, problems, digests)


#: The most text one entry or @string may expand to (its own text, and the @string macros it
#: names, each as long as it expands to). A chain of @string each doubling the last would
#: otherwise grow past any memory in a few dozen lines.
MAX_EXPANSION = 100_000
WORD = re.compile(r"[A-Za-z_][^\s\"#%'(),={}]*")


def _expansion(parser: Parser, chunk: _Chunk) -> int:
    """At least as much text as the chunk expands to: every word that names a macro counted
    at the macro's length (a word inside braces too: the bound errs on the long side)."""
    longest = max((len(value) for value in parser.macros.values()), default=0)
    if len(chunk.text) * (longest + 1) <= MAX_EXPANSION:  # every entry of a usual file
        return len(chunk.text)
    return len(chunk.text) + sum(len(parser.macros.get(word, ""))
                                 for word in WORD.findall(chunk.text) if word in parser.macros)


def _parse_chunk(parser: Parser, chunk: _Chunk, problems: list[Problem]) -> Entry | None:
    """Parse one chunk with pybtex; syntax errors become problems at the file's line."""
    parser.data.entries.clear()
    if _expansion(parser, chunk) > MAX_EXPANSION:
        problems.append(Problem(chunk.line, (
            f"@{chunk.entry_type}{{{chunk.key}: its @string macros expand to more than "
            f"{MAX_EXPANSION:,} characters; write the text out, or name fewer macros")))
        if chunk.entry_type == "string":  # defined, empty: one mistake, not one per use
            parser.macros[chunk.key] = ""
        return None
    with pybtex.errors.capture() as errors:
        try:
            parser.parse_string(chunk.text)
        except PybtexSyntaxError as raised:  # raised even when not strict, for some errors
            errors.append(raised)
    syntax_errors = [e for e in errors if isinstance(e, PybtexSyntaxError)]
    for error in syntax_errors:
        line = chunk.line + (getattr(error, "lineno", 1) or 1) - 1
        where = f"@{chunk.entry_type}{{{chunk.key}"
        if isinstance(error, PrematureEOF):
            # The scanner only notices at the next entry: the problem is where this one starts.
            line = chunk.line
            message = f"{where}: entry is never closed; is a brace or quote left open?"
        elif isinstance(error, UndefinedMacro):
            word = str(error).rsplit(": ", 1)[-1]
            message = (f"{where}: undefined macro {word!r}; put text values in braces "
                       f"({{{word}}}) or define it with @string")
        else:
            detail = re.sub(r"^syntax error in line \d+: ", "", str(error))
            message = f"{where}: syntax error: {detail}"
        problems.append(Problem(line, message))
    for other in errors:
        if other not in syntax_errors:  # e.g. "Too many commas": BibTeX reads the name anyway
            problems.append(Problem(chunk.line, f"@{chunk.entry_type}{{{chunk.key}}}: {other}",
                                    fatal=False, subtype="bib-value", gap="names"))
    return next(iter(parser.data.entries.values()), None) if not syntax_errors else None


def _inherit(item: _Parsed, parent: _Parsed | None) -> _Parsed:
    """The entry with the fields it inherits from its ``crossref`` parent (as BibTeX does)."""
    if parent is None:
        return item
    fields = dict(item.fields)
    for name in INHERITED_FIELDS:
        if name in parent.fields and name not in fields:
            fields[name] = parent.fields[name]
    # A paper in a proceedings: the parent's title is the paper's booktitle.
    if "booktitle" not in fields and "title" in parent.fields:
        fields["booktitle"] = parent.fields["title"]
    persons = dict(item.persons)
    for role in ("editor",):
        if role in parent.persons and role not in persons:
            persons[role] = parent.persons[role]
    return _Parsed(item.chunk, item.entry_type, item.key, fields, persons)


def _normalised(entry_type: str, fields: dict[str, str]) -> tuple[str, dict[str, str]]:
    """BibLaTeX and al-folio spellings mapped to the fields a page shows."""
    fields = dict(fields)
    for biblatex, bibtex in BIBLATEX_FIELDS.items():
        if biblatex in fields and bibtex not in fields:
            fields[bibtex] = fields[biblatex]
    date = DATE.match(fields.get("date", "").strip())
    if date and not fields.get("year", "").strip():
        fields["year"] = date.group(1)
        if date.group(2) and not fields.get("month"):
            fields["month"] = str(int(date.group(2)))
    if not fields.get("eprint") and fields.get("arxiv"):  # al-folio
        fields["eprint"], fields["archiveprefix"] = fields["arxiv"], "arXiv"
    if "archiveprefix" not in fields and "eprinttype" in fields:
        fields["archiveprefix"] = fields["eprinttype"]
    if "primaryclass" not in fields and "eprintclass" in fields:
        fields["primaryclass"] = fields["eprintclass"]
    if entry_type == "thesis":  # BibLaTeX: type = {phdthesis}
        kind = fields.get("type", "").strip().lower().replace(" ", "")
        entry_type = {"phdthesis": "phdthesis", "phd": "phdthesis",
                      "mastersthesis": "mastersthesis", "mathesis": "mastersthesis",
                      "masters": "mastersthesis"}.get(kind, "thesis")
    is_thesis = entry_type in ("phdthesis", "mastersthesis", "thesis")
    if is_thesis and "school" not in fields and "institution" in fields:
        fields["school"] = fields["institution"]
    return entry_type, fields


def _record(item: _Parsed, owner: NameMatcher,
            marks: Mapping[str, str] = DEFAULT_MARKS) -> Publication:
    """The record of one entry, always kept, with its problems as ``notes``.

    The problems travel with the record, so that a record reused from the cache reports them
    again.
    """
    chunk, key = item.chunk, item.key
    notes: list[tuple[int, str, str, bool, str]] = []
    entry_type, fields = _normalised(item.entry_type, item.fields)
    persons = {role: tuple(Person(name) for name in names)
               for role, names in item.persons.items()}

    def problem(message: str, name: str | None = None, *, fatal: bool = False,
                subtype: str = "bib-value", gap: str = "") -> None:
        line = _field_line(chunk, name) if name else chunk.line
        notes.append((line - chunk.line, f"@{item.entry_type}{{{key}}}: {message}", subtype,
                      fatal, gap))

    for name, value in [*((name, fields[name]) for name in RENDERED_FIELDS if name in fields),
                        *((role, n) for role, names in item.persons.items() for n in names)]:
        leftover = unrendered(value)
        if leftover:
            problem(f"{name} has LaTeX that cannot be rendered ({', '.join(leftover)}); it is "
                    "shown as plain text", name, subtype="bib-latex", gap="latex")

    for expected in EXPECTED_FIELDS.get(entry_type, DEFAULT_EXPECTED):
        if expected == "author" and (persons.get("author") or persons.get("editor")):
            continue
        if not fields.get(expected, "").strip():
            problem(f"no {expected!r} field; the entry is shown without it (add "
                    f"'{expected} = {{...}}' to complete it)", subtype="bib-incomplete",
                    gap=MISSING_GAP.get(expected, "venue"))

    year = 0
    year_text = fields.get("year", "").strip()
    if year_text and not YEAR.match(year_text):
        problem(f"year {year_text!r} is not a four-digit year such as 2021; the entry is "
                "listed as undated", "year", gap="year-text")
    elif year_text:
        year = int(year_text)

    month = None
    month_text = fields.get("month", "").strip()
    if month_text:
        month = _parse_month(month_text)
        if month is None:
            problem(f"month {month_text!r} is not a month: use 1-12 or jan, feb, ...", "month",
                    gap="month")

    links = _links(entry_type, fields, problem, chunk)
    preview = _preview(fields.get("preview", ""), problem, chunk)
    equal = _equal_contribution(fields.get("equal_contribution", ""), persons, problem)
    # al-folio marks equal contribution with a star after the last name: "Einstein*, Albert";
    # other files give a star or a dagger other meanings (conf.py's academic_author_marks).
    people = list(persons.get("author") or persons.get("editor") or ())
    other_marks: dict[int, list[tuple[str, str]]] = {}
    for position, person in enumerate(people, 1):
        found = _trailing_marks(person, marks)
        for symbol in found:
            if marks[symbol] == EQUAL_CONTRIBUTION:
                equal.add(position)
            else:
                other_marks.setdefault(position, []).append((symbol, marks[symbol]))
    authors = tuple(
        Author(
            name="others" if str(person) == "others" else _display_name(person),
            last=latex_to_text(" ".join(person.prelast_names + person.last_names)),
            is_owner=owner(person),
            equal_contribution=position in equal,
            bibtex=str(person),
            is_organization=_is_organization(person),
            marks=tuple(other_marks.get(position, ())),
        )
        for position, person in enumerate(people, 1)
    )
    contribution = _contribution(fields.get("contribution", ""), authors, owner.display, problem)
    keywords = {k.strip().lower() for k in fields.get("keywords", "").split(",") if k.strip()}
    if fields.get("selected", "").strip().lower() in ("true", "yes", "1"):  # al-folio
        keywords.add("selected")
    return Publication(
        key=key,
        entry_type=entry_type,
        line=chunk.line,
        # Without a title (a gap, summarised), the entry goes by its key: its page, its place
        # in the index and its link in the list need a name.
        title=latex_to_rich(fields.get("title", "")) or ((key, ""),),
        authors=authors,
        venue=_venue(entry_type, fields, fields.get("eprint", "").strip()),
        year=year,
        month=month,
        keywords=frozenset(keywords),
        links=tuple(links),
        abstract=latex_to_text(fields.get("abstract", "")).strip(),
        bibtex=_bibtex(entry_type, key, fields, persons),
        fields={name: latex_to_text(value).strip() for name, value in fields.items()},
        # Resolved already (:func:`_inherit`): the engine needs no parent, which may be left
        # out of the lists (see :attr:`crossref`).
        source=(entry_type, tuple((k, v) for k, v in fields.items() if k != "crossref"),
                tuple(item.persons.items())),
        crossref=fields.get("crossref", "").strip(),
        notes=tuple(notes),
        contribution=contribution,
        preview=preview,
        unknown_fields=tuple(sorted(name for name in item.fields if not is_known_field(name))),
    )


def _trailing_marks(person: Person, marks: Mapping[str, str]) -> list[str]:
    """The configured symbols at the end of the last name, taken off it, in written order."""
    found: list[str] = []
    while person.last_names:
        last = person.last_names[-1]
        symbol = next((s for s in sorted(marks, key=len, reverse=True)
                       if s and last.endswith(s) and len(last) > len(s)), None)
        if symbol is None:
            break
        person.last_names[-1] = last[: -len(symbol)]
        found.insert(0, symbol)
    return found


def _contribution(value: str, authors: tuple[Author, ...], owner: str,
                  problem: Callable[[str, str], None]) -> Contribution | None:
    """The ``contribution`` field, checked against the author list; None (warned) if wrong."""
    text = " ".join(latex_to_text(value).split())
    if not text:
        return None
    match = CONTRIBUTION.match(text)
    if match is None:
        problem(f"contribution {text!r} is not understood; write {CONTRIBUTION_FORMS}",
                "contribution")
        return None
    if not owner:
        problem(f"contribution {text!r} needs the owner's name: set academic_owner in conf.py",
                "contribution")
        return None
    if match.group(4):
        role, position, total = "contributor", None, None
    else:
        role = "author"
        position = int(match.group(2)) if match.group(2) else None
        total = int(match.group(3)) if match.group(3) else None
    named = [author for author in authors if not author.is_others]
    listed = next((index for index, author in enumerate(authors, 1) if author.is_owner), None)
    if position is not None and not 1 <= position <= (total or position):
        limit = f"between 1 and {total}" if total else "1 or more"
        problem(f"contribution {text!r}: position {position} is not {limit}; write the "
                "owner's place in the full author list, such as {author 25 of 67}",
                "contribution")
        return None
    if total is not None and total < len(named):
        problem(f"contribution {text!r} gives {total} authors, but the author field already "
                f"names {len(named)}; write the number of authors of the whole list",
                "contribution")
        return None
    if listed is not None and role == "contributor":
        problem(f"contribution {text!r}: the author field names the owner (author {listed}); "
                "{contributor} is for work whose byline does not: remove the field or fix "
                "the author list", "contribution")
        return None
    if listed is not None and position is not None and position != listed:
        problem(f"contribution {text!r}: the author field names the owner as author "
                f"{listed}, not {position}; make the two agree", "contribution")
        return None
    if listed is None and position is not None and position <= len(authors) and not (
            authors[position - 1].is_others):
        problem(f"contribution {text!r}: author {position} in the author field is "
                f"{authors[position - 1].name!r}, not the owner; give the owner's place in the "
                "full author list, or list the authors before him", "contribution")
        return None
    return Contribution(role, owner, position, total)


def _links(entry_type: str, fields: Mapping[str, str], problem: Callable[..., None],
           chunk: _Chunk) -> list[Link]:
    """The entry's badges; an unsafe address is a fatal problem."""
    links: list[Link] = []
    eprint = fields.get("eprint", "").strip()
    if eprint:
        prefix = fields.get("archiveprefix", "arXiv").strip().lower()
        if kind_of(_url_text(eprint)) == "web":  # an address in the eprint field: linked as such
            links.append(Link("Eprint", _url_text(eprint)))
        elif prefix == "arxiv":
            if not ARXIV_ID.match(eprint):
                problem(f"eprint {eprint!r} is not an arXiv identifier such as 2108.07732; no "
                        "arXiv link is shown", "eprint", gap="eprint")
            else:
                links.append(Link("arXiv", f"https://arxiv.org/abs/{eprint}"))
        else:
            archive = ARCHIVE_NAMES.get(prefix.replace(" ", "").replace("-", ""), "")
            url = _eprint_url(archive, eprint)
            if url:
                links.append(Link(archive, url))
            elif archive:
                problem(f"eprint {eprint!r} is not a {archive} identifier such as "
                        f"{EPRINT_EXAMPLES[archive]}; no {archive} link is shown", "eprint",
                        gap="eprint")
            else:
                problem(f"eprint {eprint!r} of archivePrefix {prefix!r}: the site links "
                        f"identifiers of {', '.join(dict.fromkeys(ARCHIVE_NAMES.values()))} "
                        "only; no link is shown", "eprint", gap="eprint")
    pmid = fields.get("pmid", "").strip()  # Zotero's and PubMed's exports
    if pmid.isdigit() and not any(link.label == "PubMed" for link in links):
        links.append(Link("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    doi = fields.get("doi", "").strip()
    if doi:
        doi = strip_doi(doi)
        if not DOI.match(doi):
            # An ISBN or a truncated DOI, as reference managers export them: the reader loses
            # a link, the page is still right.
            problem(f"doi {doi!r} is not a DOI such as 10.1145/3639477.3639746; no DOI link is "
                    "shown", "doi", gap="doi")
        elif all(not same_address(f"https://doi.org/{doi}", link.url) for link in links):
            links.append(Link("DOI", f"https://doi.org/{doi}"))
    for name, label in LINK_FIELDS.items():
        url = _url_text(fields.get(name, ""))
        if not url:
            continue
        kind = kind_of(url)
        if kind == "unsafe":
            problem(f"{name} {url!r} is not an http(s) address; only http:// and https:// "
                    "links are allowed", name, fatal=True, subtype="bibtex")
        elif kind == "web":
            if all(not same_address(url, link.url) for link in links):
                links.append(Link(label or badge_label(url, entry_type), url))
        elif kind == "relative" and name in LOCAL_FILE_FIELDS and RELATIVE_FILE.match(url):
            offset = _field_line(chunk, name) - chunk.line
            links.append(Link(label, url, local=True, offset=offset))  # al-folio: a site file
        elif kind == "other":
            # An application's own address (Mendeley's papers3://, zotero://) or ftp: nothing
            # a visitor can open, and nothing wrong in the entry.
            problem(f"{name} {url!r} is not a web address; the link is left out (write the "
                    "full https:// address to show it)", name, subtype="bib-link", gap="link")
        else:
            problem(f"{name} {url!r} is not an http(s) address; the link is left out (write "
                    "the full https:// address)", name, subtype="bib-link")
    return links


def strip_doi(value: str) -> str:
    """A ``doi`` field without the resolver or prefix exporters put before it
    ("https://doi.org/10.1/x", "doi:10.1/x" → "10.1/x")."""
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.IGNORECASE)


#: An identifier of each archive, for the message about one that is not.
EPRINT_EXAMPLES = {"PubMed": "31452104", "ECCC": "TR22-012", "IACR ePrint": "2022/123",
                   "HAL": "hal-01234567", "SSRN": "3456789",
                   "bioRxiv": "10.1101/2020.03.01.972778",
                   "medRxiv": "10.1101/2020.03.01.20029421"}


def _eprint_url(archive: str, eprint: str) -> str:
    """The canonical address of an eprint in its archive, or "" if it is not one of its ids."""
    if archive == "PubMed" and eprint.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{eprint}/"
    if archive == "ECCC" and (match := ECCC_ID.match(eprint)):
        short, number, year = match.group(1), match.group(2) or match.group(4), match.group(3)
        if short:  # ECCC began in 1994: "94-001" is of 1994, "22-012" of 2022
            year = ("19" if int(short) >= 94 else "20") + short
        return f"https://eccc.weizmann.ac.il/report/{year}/{int(number):03d}/"
    if archive == "IACR ePrint" and IACR_ID.match(eprint):
        return f"https://eprint.iacr.org/{eprint}"
    if archive == "HAL" and HAL_ID.match(eprint):
        return f"https://hal.science/{eprint}"
    if archive == "SSRN" and eprint.isdigit():
        return f"https://ssrn.com/abstract={eprint}"
    if archive in ("bioRxiv", "medRxiv") and (match := RXIV_ID.match(eprint)):
        return f"https://doi.org/10.1101/{match.group(1)}"
    return ""


def _preview(value: str, problem: Callable[..., None], chunk: _Chunk) -> Link | None:
    """al-folio's ``preview = {figure.png}``: a file of the previews folder, or nothing."""
    name = _url_text(value)
    if not name:
        return None
    if kind_of(name) == "relative" and RELATIVE_FILE.match(name):
        return Link("Preview", name, local=True, offset=_field_line(chunk, "preview") - chunk.line)
    problem(f"preview {name!r} is not a file name such as figure.png; no thumbnail is shown "
            "(put the image in the previews folder and give its name)", "preview",
            gap="preview")
    return None


def _url_text(value: str) -> str:
    """An address as written: ``\\url{}`` unwrapped, escapes undone, "~" kept (unlike text)."""
    value = re.sub(r"\\url\s*\{(.*)\}", r"\1", value.strip())
    return re.sub(r"\\([%#&_~$])", r"\1", value.replace("{", "").replace("}", "")).strip()


def _parse_month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for number, name in enumerate(MONTHS, 1):
        if len(text) >= 3 and name.startswith(text.rstrip(".")):
            return number
    return None


def _equal_contribution(value: str, persons: Mapping[str, tuple[Person, ...]],
                        problem: Callable[[str, str], None]) -> set[int]:
    """Positions (1-based) listed in ``equal_contribution = {1, 2}``."""
    if not value.strip():
        return set()
    count = len(persons.get("author", ()))
    positions = set()
    for item in value.split(","):
        item = item.strip()
        if not item.isdigit() or not 1 <= int(item) <= count:
            problem(f"equal_contribution {value!r} must list author positions between 1 and "
                    f"{count}, such as {{1, 2}}", "equal_contribution")
            return set()
        positions.add(int(item))
    return positions


def _venue(entry_type: str, fields: Mapping[str, str], eprint: str) -> RichText:
    journal = fields.get("journal", "")
    if journal:
        details = ""
        if fields.get("volume"):
            details = f" {latex_to_text(fields['volume']).strip()}"
            if fields.get("number"):
                details += f"({latex_to_text(fields['number']).strip()})"
        # Apart: TeX swallows the space after a macro ("\apj 710"), as AASTeX journals are.
        return latex_to_rich(journal) + ((details, ""),) if details else latex_to_rich(journal)
    for name in ("booktitle", "howpublished", "school", "institution", "organization",
                 "publisher"):
        if fields.get(name, "").strip():
            return latex_to_rich(fields[name])
    if eprint and fields.get("archiveprefix", "arXiv").strip().lower() == "arxiv":
        return (("arXiv preprint", ""),)
    return ()


def _portable(value: str) -> str:
    """A value that needs no package of a publisher: an AASTeX journal macro (``\\mnras``, as
    NASA ADS exports journals) is written as the journal's name."""
    macro = JOURNAL_MACRO.fullmatch(value)
    if macro and macro.group(1) in JOURNAL_MACROS:
        return JOURNAL_MACROS[macro.group(1)]
    return value


def _bibtex(entry_type: str, key: str, fields: Mapping[str, str],
            persons: Mapping[str, tuple[Person, ...]]) -> str:
    """A clean BibTeX entry a reader can paste into any file: standard fields only, in a fixed
    order, values as written but for journal macros, which are written out."""
    names = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
    lines = [f"@{entry_type}{{{key},"]
    for name in BIBTEX_FIELDS:
        if name in ("author", "editor"):
            people = persons.get(name)
            if people:
                value = " and ".join(str(person) for person in people)
                lines.append(f"  {name} = {{{value}}},")
        elif fields.get(name, "").strip():
            value = fields[name].strip()
            month = _parse_month(value) if name == "month" else None
            if month:
                lines.append(f"  month = {MONTHS[month - 1][:3]},")
                continue
            lines.append(f"  {names.get(name, name)} = {{{_portable(value)}}},")
    lines.append("}")
    return "\n".join(lines)
