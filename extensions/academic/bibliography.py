"""Load and validate a BibTeX file into plain, picklable publication records.

The file is split into one chunk per ``@entry`` before pybtex parses it, so that

* a syntax error is reported at its own line and does not swallow the entries after it;
* a duplicate key is reported with both lines, and neither entry is silently dropped;
* each entry is parsed and decoded once, and reused across builds while its text is unchanged.

Every problem is collected as a :class:`Problem` with a line number, so a user sees all of them at
once. Only real mistakes are fatal (unparseable syntax, a duplicate key, an undefined macro, an
unsafe link); whatever BibTeX or biber accepts is accepted and rendered, and what is worth
telling (a missing field, LaTeX that cannot be rendered) is a warning of its own subtype. The
records speak one dialect: BibLaTeX fields and types (``date``, ``journaltitle``, ``@online``,
``@thesis``…), ``crossref`` inheritance and al-folio's fields (``selected``, ``arxiv``,
``html``…) are mapped to what a page shows. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import pybtex.errors
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

from .latex import RichText, latex_to_rich, latex_to_text, plain, unrendered
from .urls import kind_of

#: Fields a reader expects of each entry type; an entry without one is still shown, with a
#: warning (``academic.bib-incomplete``), as BibTeX itself only warns.
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
#: fields (``html``, ``poster``, ``website``…) are among them.
LINK_FIELDS = {
    "url": "Link",
    "html": "HTML",
    "website": "Website",
    "pdf": "PDF",
    "code": "Code",
    "slides": "Slides",
    "poster": "Poster",
    "video": "Video",
    "blog": "Blog",
}

#: al-folio's fields that may name a file of the site (``pdf = {paper.pdf}``) instead of an address.
LOCAL_FILE_FIELDS = ("pdf", "slides", "poster")
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

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR = re.compile(r"^\d{4}$")
#: Part of every record's cache key: change it when :class:`Publication` or its making changes,
#: so that records pickled by an older version are made again.
RECORD_FORMAT = 4
CROSSREF = re.compile(r"^[ \t]*crossref[ \t]*=[ \t]*[{\"]?\s*([^,}\"\s]+)",
                      re.MULTILINE | re.IGNORECASE)
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


class Link(NamedTuple):
    """A badge of an entry: an http(s) address, or a file of the site's papers folder."""

    label: str
    url: str  #: the https:// address, or the file's path in ``academic_paper_files_dir``
    local: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the BibTeX file, at a line (1-based)."""

    line: int
    message: str
    #: A fatal problem stops the build; the others are warnings that conf.py may suppress.
    fatal: bool = True
    #: The warning's subtype: ``suppress_warnings = ["academic.<subtype>"]``.
    subtype: str = "bibtex"


@dataclass(frozen=True, slots=True)
class Author:
    name: str  #: display form, "Alexander Frömmgen"
    last: str  #: last name, for "Austin et al."
    is_owner: bool = False
    equal_contribution: bool = False
    #: BibTeX form, "Frömmgen, Alexander" in LaTeX source, for the regenerated entry.
    bibtex: str = ""

    @property
    def is_others(self) -> bool:
        return self.name == "others"


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
    #: Problems of the entry, as (line offset from the "@", message, subtype, fatal): reported
    #: again whenever the record is reused, at the entry's line of the day.
    notes: tuple[tuple[int, str, str, bool], ...] = ()

    def pybtex_entry(self) -> Entry:
        entry_type, fields, persons = self.source
        return Entry(entry_type, fields=list(fields),
                     persons={role: [Person(name) for name in names] for role, names in persons})

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

    @classmethod
    def from_names(cls, names: Iterable[str]) -> NameMatcher:
        parsed = []
        for name in names:
            person = Person(name)
            parsed.append((_fold(" ".join(person.last_names)), _fold(" ".join(person.first_names))))
        return cls(tuple(parsed))

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


def _field_line(chunk: _Chunk, name: str) -> int:
    match = re.search(rf"^[ \t]*{re.escape(name)}[ \t]*=", chunk.text, re.MULTILINE | re.IGNORECASE)
    return chunk.line + (chunk.text.count("\n", 0, match.start()) if match else 0)


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
                     + repr(owner))

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
            record = _record(_inherit(item, parent), owner)
        elif record.line != chunk.line:  # the same text, moved in the file
            record = replace(record, line=chunk.line)
        for offset, message, subtype, fatal in record.notes:
            problems.append(Problem(chunk.line + offset, message, fatal, subtype))
        entries[record.key] = record
        digests[record.key] = entry_digest
    return Bibliography(entries, problems, digests)


def _parse_chunk(parser: Parser, chunk: _Chunk, problems: list[Problem]):
    """Parse one chunk with pybtex; syntax errors become problems at the file's line."""
    parser.data.entries.clear()
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
                                    fatal=False, subtype="bib-value"))
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


def _record(item: _Parsed, owner: NameMatcher) -> Publication:
    """The record of one entry, always kept, with its problems as ``notes``.

    The problems travel with the record, so that a record reused from the cache reports them
    again.
    """
    chunk, key = item.chunk, item.key
    notes: list[tuple[int, str, str, bool]] = []
    entry_type, fields = _normalised(item.entry_type, item.fields)
    persons = {role: tuple(Person(name) for name in names)
               for role, names in item.persons.items()}

    def problem(message: str, name: str | None = None, *, fatal: bool = False,
                subtype: str = "bib-value") -> None:
        line = _field_line(chunk, name) if name else chunk.line
        notes.append((line - chunk.line, f"@{item.entry_type}{{{key}}}: {message}", subtype,
                      fatal))

    for name, value in [*fields.items(),
                        *((role, n) for role, names in item.persons.items() for n in names)]:
        if name in ("abstract", "file", "note", "annote", "bibtex"):
            continue
        leftover = unrendered(value)
        if leftover:
            problem(f"{name} has LaTeX that cannot be rendered ({', '.join(leftover)}); it is "
                    "shown as plain text", name, subtype="bib-latex")

    for expected in EXPECTED_FIELDS.get(entry_type, DEFAULT_EXPECTED):
        if expected == "author" and (persons.get("author") or persons.get("editor")):
            continue
        if not fields.get(expected, "").strip():
            problem(f"no {expected!r} field; the entry is shown without it (add "
                    f"'{expected} = {{...}}' to complete it)", subtype="bib-incomplete")

    year = 0
    year_text = fields.get("year", "").strip()
    if year_text and not YEAR.match(year_text):
        problem(f"year {year_text!r} is not a four-digit year such as 2021; the entry is "
                "listed as undated", "year")
    elif year_text:
        year = int(year_text)

    month = None
    month_text = fields.get("month", "").strip()
    if month_text:
        month = _parse_month(month_text)
        if month is None:
            problem(f"month {month_text!r} is not a month: use 1-12 or jan, feb, ...", "month")

    links = _links(fields, problem)
    equal = _equal_contribution(fields.get("equal_contribution", ""), persons, problem)
    # al-folio marks equal contribution with a star after the last name: "Einstein*, Albert".
    people = list(persons.get("author") or persons.get("editor") or ())
    for position, person in enumerate(people, 1):
        if person.last_names and person.last_names[-1].endswith("*"):
            equal.add(position)
            person.last_names[-1] = person.last_names[-1].rstrip("*")
    authors = tuple(
        Author(
            name="others" if str(person) == "others" else _display_name(person),
            last=latex_to_text(" ".join(person.prelast_names + person.last_names)),
            is_owner=owner(person),
            equal_contribution=position in equal,
            bibtex=str(person),
        )
        for position, person in enumerate(people, 1)
    )
    keywords = {k.strip().lower() for k in fields.get("keywords", "").split(",") if k.strip()}
    if fields.get("selected", "").strip().lower() in ("true", "yes", "1"):  # al-folio
        keywords.add("selected")
    return Publication(
        key=key,
        entry_type=entry_type,
        line=chunk.line,
        title=latex_to_rich(fields.get("title", "")),
        authors=authors,
        venue=_venue(entry_type, fields, fields.get("eprint", "").strip()),
        year=year,
        month=month,
        keywords=frozenset(keywords),
        links=tuple(links),
        abstract=latex_to_text(fields.get("abstract", "")).strip(),
        bibtex=_bibtex(entry_type, key, fields, persons),
        fields={name: latex_to_text(value).strip() for name, value in fields.items()},
        source=(entry_type, tuple(fields.items()), tuple(item.persons.items())),
        notes=tuple(notes),
    )


def _links(fields: Mapping[str, str], problem) -> list[Link]:
    """The entry's badges; an unsafe address is a fatal problem."""
    links: list[Link] = []
    eprint = fields.get("eprint", "").strip()
    if eprint:
        prefix = fields.get("archiveprefix", "arXiv").strip().lower()
        if prefix == "arxiv":
            if not ARXIV_ID.match(eprint):
                problem(f"eprint {eprint!r} is not an arXiv identifier such as 2108.07732; no "
                        "arXiv link is shown", "eprint")
            else:
                links.append(Link("arXiv", f"https://arxiv.org/abs/{eprint}"))
        elif prefix == "pmid" and eprint.isdigit():
            links.append(Link("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{eprint}/"))
    doi = fields.get("doi", "").strip()
    if doi:
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
        if not DOI.match(doi):
            problem(f"doi {doi!r} is not a DOI such as 10.1145/3639477.3639746; no DOI link is "
                    "shown", "doi")
        else:
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
            if all(url != link.url for link in links):
                links.append(Link(label, url))
        elif kind == "relative" and name in LOCAL_FILE_FIELDS and RELATIVE_FILE.match(url):
            links.append(Link(label, url, local=True))  # al-folio: a file of the site
        else:
            problem(f"{name} {url!r} is not an http(s) address; the link is left out (write "
                    "the full https:// address)", name, subtype="bib-link")
    return links


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


def _equal_contribution(value: str, persons, problem) -> set[int]:
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


def _bibtex(entry_type: str, key: str, fields: Mapping[str, str], persons) -> str:
    """A clean BibTeX entry: standard fields only, in a fixed order, values as written."""
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
            lines.append(f"  {names.get(name, name)} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)
