"""Load and validate a BibTeX file into plain, picklable publication records.

The file is split into one chunk per ``@entry`` before pybtex parses it, so that

* a syntax error is reported at its own line and does not swallow the entries after it;
* a duplicate key is reported with both lines, and neither entry is silently dropped;
* each entry is parsed and formatted once, and reused across builds while its text is unchanged.

Every problem is collected as a :class:`Problem` with a line number, so a user sees all of them at
once. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pybtex.errors
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

#: A run of text and its style: "" (plain), "em" or "strong".
Segment = tuple[str, str]
RichText = tuple[Segment, ...]

#: Fields each entry type must have ("author" may be satisfied by "editor" for books).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "book": ("author", "title", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "misc": ("author", "title", "year"),
    "unpublished": ("author", "title", "year"),
    "software": ("author", "title", "year"),
}

#: How an entry type is grouped by the ``publications`` directive's ``:type:`` filter.
KIND_OF_TYPE = {"techreport": "report", "software": "software"}
KINDS = ("paper", "report", "software")

#: Fields whose value is a web address, with the label of the badge they produce.
LINK_FIELDS = {
    "url": "Link",
    "pdf": "PDF",
    "code": "Code",
    "slides": "Slides",
    "video": "Video",
    "blog": "Blog",
}

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

#: Font commands kept as structure; every other LaTeX construct is decoded by latexcodec.
FONT_COMMANDS = {
    "emph": "em", "textit": "em", "textsl": "em",
    "textbf": "strong",
    "textrm": "", "textsf": "", "texttt": "", "textsc": "", "textnormal": "", "textup": "",
}  # fmt: skip

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.MULTILINE)
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-.:+]*$")
YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the BibTeX file, at a line (1-based)."""

    line: int
    message: str


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
    links: tuple[tuple[str, str], ...]  #: (label, https URL)
    abstract: str
    bibtex: str
    fields: Mapping[str, str] = field(default_factory=dict)  #: every field as plain text

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


def plain(text: RichText) -> str:
    return "".join(run for run, _style in text)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- LaTeX ------------------------------------------------------------------------------------

_ESCAPED_BRACES = {"\\{": "\ue000", "\\}": "\ue001"}
#: Characters that may start something latexcodec decodes; text without them is taken as is.
_LATEX_SYNTAX = re.compile(r"[\\~`'$-]")


@functools.lru_cache(maxsize=65536)  # names and venues repeat across entries
def latex_to_text(value: str) -> str:
    """Decode LaTeX (accents, dashes, ``\\%``, ``~``) to Unicode, dropping grouping braces."""
    if not _LATEX_SYNTAX.search(value):  # latexcodec is slow; most values need no decoding
        return re.sub(r"\s+", " ", value.replace("{", "").replace("}", ""))
    for escaped, placeholder in _ESCAPED_BRACES.items():
        value = value.replace(escaped, placeholder)
    # latexcodec decodes "{\"o}" and "\v{c}"; the braces left afterwards only protected case.
    decoded = codecs.decode(value, "ulatex")
    # latexcodec drops a leading space; the runs around \emph{} need it.
    if value[:1].isspace():
        decoded = " " + decoded.lstrip()
    decoded = decoded.replace("{", "").replace("}", "")
    decoded = decoded.replace("\ue000", "{").replace("\ue001", "}")
    return re.sub(r"\s+", " ", decoded.replace("\u00a0", " "))


def _matching_brace(value: str, start: int) -> int:
    """Index of the "}" closing the "{" at ``start`` (or -1)."""
    depth = 0
    index = start
    while index < len(value):
        char = value[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


_FONT_COMMAND = re.compile(r"\\(" + "|".join(FONT_COMMANDS) + r")\s*\{")


def latex_to_rich(value: str, style: str = "") -> RichText:
    """Decode LaTeX into styled runs: ``\\emph{x}`` becomes an "em" run, the rest plain text."""
    runs: list[Segment] = []
    position = 0
    for match in _FONT_COMMAND.finditer(value):
        if match.start() < position:
            continue  # inside a group already handled
        close = _matching_brace(value, match.end() - 1)
        if close < 0:
            break
        runs.append((value[position : match.start()], style))
        inner_style = FONT_COMMANDS[match.group(1)] or style
        runs.extend(latex_to_rich(value[match.end() : close], inner_style))
        position = close + 1
    runs.append((value[position:], style))
    decoded = [(latex_to_text(run), run_style) for run, run_style in runs]
    merged: list[Segment] = []
    for run, run_style in decoded:
        if not run:
            continue
        if merged and merged[-1][1] == run_style:
            merged[-1] = (merged[-1][0] + run, run_style)
        else:
            merged.append((run, run_style))
    if merged:  # trim the outer whitespace of the whole value
        merged[0] = (merged[0][0].lstrip(), merged[0][1])
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    return tuple(run for run in merged if run[0])


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


def load_bibliography(
    source: str,
    owner: NameMatcher,
    cache: Mapping[str, Publication] | None = None,
) -> Bibliography:
    """Parse and check ``source``; reuse records from ``cache`` (digest → record) when unchanged."""
    cache = cache or {}
    chunks = split_entries(source)
    problems: list[Problem] = []
    entries: dict[str, Publication] = {}
    digests: dict[str, str] = {}
    first_line: dict[str, int] = {}

    # @string macros apply to every later entry: they are part of each entry's cache key.
    macro_chunks = [c for c in chunks if c.entry_type == "string"]
    macros_text = "".join(c.text for c in macro_chunks)
    parser = Parser()
    for chunk in macro_chunks:
        _parse_chunk(parser, chunk, problems)
    context = digest(macros_text + "\0" + repr(owner))

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
        entry_digest = digest(context + "\0" + chunk.text)
        if entry_digest in cache:
            entries[cache[entry_digest].key] = cache[entry_digest]
            digests[cache[entry_digest].key] = entry_digest
            continue
        publication = _load_chunk(parser, chunk, owner, problems)
        if publication is not None:
            entries[publication.key] = publication
            digests[publication.key] = entry_digest

    return Bibliography(entries, problems, digests)


def _parse_chunk(parser: Parser, chunk: _Chunk, problems: list[Problem]):
    """Parse one chunk with pybtex; syntax errors become problems at the file's line."""
    parser.data.entries.clear()
    with pybtex.errors.capture() as errors:
        try:
            parser.parse_string(chunk.text)
        except PybtexSyntaxError as error:  # raised even when not strict, for some errors
            errors.append(error)
    for error in errors:
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
    return next(iter(parser.data.entries.values()), None) if not errors else None


def _load_chunk(
    parser: Parser, chunk: _Chunk, owner: NameMatcher, problems: list[Problem]
) -> Publication | None:
    entry = _parse_chunk(parser, chunk, problems)
    if entry is None:
        return None
    key = entry.key
    count_before = len(problems)

    def problem(message: str, name: str | None = None) -> None:
        line = _field_line(chunk, name) if name else chunk.line
        problems.append(Problem(line, f"@{entry.type}{{{key}}}: {message}"))

    if not KEY.match(key):
        problem(f"key {key!r} must start with a letter or digit and use only letters, digits "
                "and _-.:+")
    entry_type = entry.type.lower()
    fields = {name.lower(): value for name, value in entry.fields.items()}
    persons = {role.lower(): people for role, people in entry.persons.items()}

    # Every value must decode before anything is built from it.
    values = [(name, value) for name, value in fields.items()]
    values += [(role, str(person)) for role, people in persons.items() for person in people]
    for name, value in values:
        try:
            latex_to_text(value)
        except UnicodeDecodeError as error:
            problem(f"{name} has LaTeX that cannot be read ({error.reason}); write a literal "
                    "backslash as \\textbackslash{}", name)
            return None

    if entry_type not in REQUIRED_FIELDS:
        problem(f"unknown entry type @{entry.type}; use one of "
                + ", ".join(f"@{t}" for t in REQUIRED_FIELDS))
        return None
    for required in REQUIRED_FIELDS[entry_type]:
        if required == "author" and (persons.get("author") or persons.get("editor")):
            continue
        if not fields.get(required, "").strip():
            problem(f"missing required field {required!r} for @{entry_type}; add "
                    f"'{required} = {{...}}'")

    year = 0
    year_text = fields.get("year", "").strip()
    if year_text and not YEAR.match(year_text):
        problem(f"year {year_text!r} is not a four-digit year such as 2021", "year")
    elif year_text:
        year = int(year_text)

    month = None
    month_text = fields.get("month", "").strip()
    if month_text:
        month = _parse_month(month_text)
        if month is None:
            problem(f"month {month_text!r} is not a month: use 1-12 or jan, feb, ...", "month")

    links: list[tuple[str, str]] = []
    eprint = fields.get("eprint", "").strip()
    if eprint:
        prefix = fields.get("archiveprefix", "arXiv").strip().lower()
        if prefix == "arxiv":
            if not ARXIV_ID.match(eprint):
                problem(f"eprint {eprint!r} is not an arXiv identifier such as 2108.07732",
                        "eprint")
            else:
                links.append(("arXiv", f"https://arxiv.org/abs/{eprint}"))
    doi = fields.get("doi", "").strip()
    if doi:
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
        if not DOI.match(doi):
            problem(f"doi {doi!r} is not a DOI such as 10.1145/3639477.3639746", "doi")
        else:
            links.append(("DOI", f"https://doi.org/{doi}"))
    for name, label in LINK_FIELDS.items():
        url = fields.get(name, "").strip()
        if not url:
            continue
        if not SAFE_URL.match(url):
            problem(f"{name} {url!r} is not an http(s) address; only http:// and https:// "
                    "links are allowed", name)
        elif all(url != existing for _label, existing in links):
            links.append((label, url))

    equal = _equal_contribution(fields.get("equal_contribution", ""), persons, problem)
    authors = tuple(
        Author(
            name="others" if str(person) == "others" else _display_name(person),
            last=latex_to_text(" ".join(person.prelast_names + person.last_names)),
            is_owner=owner(person),
            equal_contribution=position in equal,
            bibtex=str(person),
        )
        for position, person in enumerate(persons.get("author") or persons.get("editor") or [], 1)
    )

    if len(problems) > count_before:
        return None
    keywords = frozenset(k.strip().lower() for k in fields.get("keywords", "").split(",")
                         if k.strip())
    return Publication(
        key=key,
        entry_type=entry_type,
        line=chunk.line,
        title=latex_to_rich(fields.get("title", "")),
        authors=authors,
        venue=_venue(entry_type, fields, eprint),
        year=year,
        month=month,
        keywords=keywords,
        links=tuple(links),
        abstract=latex_to_text(fields.get("abstract", "")).strip(),
        bibtex=_bibtex(entry_type, key, fields, persons),
        fields={name: latex_to_text(value).strip() for name, value in fields.items()},
    )


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
    count = len(persons.get("author", []))
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
            details = f" {fields['volume']}"
            if fields.get("number"):
                details += f"({fields['number']})"
        return latex_to_rich(journal + details)
    for name in ("booktitle", "howpublished", "school", "institution", "publisher"):
        if fields.get(name, "").strip():
            return latex_to_rich(fields[name])
    if eprint:
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
            if name == "month" and _parse_month(value):
                value = MONTHS[_parse_month(value) - 1][:3]
                lines.append(f"  month = {value},")
                continue
            lines.append(f"  {names.get(name, name)} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)
