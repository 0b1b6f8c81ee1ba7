"""What a checked BibTeX entry is: the plain, picklable records every later layer reads.

A :class:`Publication` with its :class:`Author` list, :class:`Link` badges and
:class:`Contribution`; a :class:`Problem` found while making it (a mistake, or a *gap* of
:data:`GAP_KINDS`); a loaded file as a :class:`Bibliography`. Apart from how they are made
(:mod:`.records`), so that the pages, the citation styles and the exports depend on the shape of
a record alone. Nothing here knows about Sphinx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from .latex import RichText, plain

#: How an entry type is grouped by the ``publications`` directive's ``:type:`` filter.
KIND_OF_TYPE = {"techreport": "report", "report": "report", "software": "software",
                "dataset": "software"}

KINDS = ("paper", "report", "software")

#: Kinds of gaps (see :mod:`.records`): kind → (what one entry lacks, what several lack),
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
    "date": ("has a date that is not a real date (read as far as it is one)",
             "have a date that is not a real date (read as far as it is one)"),
    "date-qualified": ("has a date marked approximate or uncertain (dated by its year alone)",
                       "have a date marked approximate or uncertain (dated by its year alone)"),
    "eprint": ("has an eprint the site cannot link", "have an eprint the site cannot link"),
    "link": ("has a link that is not a web address (left out)",
             "have a link that is not a web address (left out)"),
    "doi": ("has a doi that is not a DOI (no DOI link)",
            "have a doi that is not a DOI (no DOI link)"),
    "character": ("has a character no page can show (left out)",
                  "have a character no page can show (left out)"),
    "bidi": ("has a right-to-left or left-to-right control never closed (closed at its end)",
             "have a right-to-left or left-to-right control never closed (closed at its end)"),
    "latex": ("has LaTeX the site cannot render (shown as plain text)",
              "have LaTeX the site cannot render (shown as plain text)"),
    "names": ("has an author or editor list corrected as it was read (an extra 'and' or comma, "
              "'et al.' read as 'and others')",
              "have an author or editor list corrected as it was read (an extra 'and' or "
              "comma, 'et al.' read as 'and others')"),
    "field-twice": ("has a field given twice (the first is read, as BibTeX reads it)",
                    "have a field given twice (the first is read, as BibTeX reads it)"),
    "publisher": ("is missing its publisher (a book) or institution (a report)",
                  "are missing their publisher (a book) or institution (a report)"),
    "crossref": ("cross-references an entry the file does not have (nothing inherited)",
                 "cross-reference an entry the file does not have (nothing inherited)"),
    "preview": ("has a preview that is not a file name (left out)",
                "have a preview that is not a file name (left out)"),
    "preview-file": ("has a preview image that is not in the previews folder (left out)",
                     "have a preview image that is not in the previews folder (left out)"),
}


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
    name: str  #: display form, "Kurt Gödel"
    last: str  #: last name, for "Lovelace et al."
    is_owner: bool = False
    equal_contribution: bool = False
    #: BibTeX form, "Gödel, Kurt" in LaTeX source, for the regenerated entry.
    bibtex: str = ""
    #: A team or institution written in braces, ``{Engine Team, Acme}``: not a person.
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
    owner: str  #: the owner's name as the site writes it ("Ada Lovelace")
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
    #: The field the venue is read from ("journal", "howpublished"…), "" where the source
    #: names none (the "arXiv preprint" the site writes for an eprint is not the source's).
    venue_source: str = ""
    #: The entry's own address as the source gives it, whatever its badge says: its ``url``, or
    #: a ``howpublished`` that is one address (:func:`.links.own_address`); "" for none.
    address: str = ""
    #: The entry as the citation engine gets it: type, fields (LaTeX as written, BibLaTeX and
    #: crossref resolved) and people, for a pybtex ``Entry``.
    source: tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, tuple[str, ...]], ...]] = (
        "misc", (), ())
    #: Problems of the entry, as (line offset from the "@", message, subtype, fatal, gap):
    #: reported again whenever the record is reused, at the entry's line of the day.
    notes: tuple[tuple[int, str, str, bool, str], ...] = ()
    #: al-folio's thumbnail: the file in ``academic_previews_dir`` (``local``) and its line.
    preview: Link | None = None
    #: The keywords as the source writes them (its LaTeX as text), in its order: the lists'
    #: topics. :attr:`keywords` has them lower-case, with "selected".
    topics: tuple[str, ...] = ()
    #: Fields the site neither reads nor ignores on purpose, for the build's summary.
    unknown_fields: tuple[str, ...] = ()
    #: The owner's part where the author list does not name him (``contribution`` field).
    contribution: Contribution | None = None
    #: The key of the entry whose fields this one inherits (``crossref``), "" for none.
    crossref: str = ""
    #: The letter that tells this entry from others of the same authors and year ("a" of
    #: "2021a"), given once the whole bibliography is known
    #: (:func:`..citations.year_letters.year_letters`).
    year_letter: str = ""
    #: The editors of the volume the work is in (a proceedings, a book), where the source
    #: names authors too; without authors the editors are :attr:`authors` (see
    #: :attr:`people_role`), and this is empty.
    editors: tuple[Author, ...] = ()

    @property
    def year_label(self) -> str:
        """The year as citations show it: "2021", "2021a" when the same authors have two that
        year, or "n.d."."""
        return (str(self.year) if self.year else "n.d.") + self.year_letter

    @property
    def people_role(self) -> str:
        """"author", or "editor" where the source names editors and no author: its editors
        then stand in the author list, as BibTeX's styles put them, and say so."""
        roles = {role for role, _ in self.source[2]}
        return "editor" if "author" not in roles and "editor" in roles else "author"

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
    def named_editors(self) -> tuple[Author, ...]:
        """:attr:`editors` but "others"."""
        return tuple(e for e in self.editors if not e.is_others)

    @property
    def byline_complete(self) -> bool:
        """The names are the whole byline: no "and others", and no author the source places
        beyond them (``contribution = {author}`` or ``{author 25 of 67}`` for an owner the
        names leave out, ``{author 3 of 5}`` after two names). A team's byline (``{Engine
        Team, Acme}``) is whole: the owner's part in it is not a place in it."""
        named = self.named_authors
        contribution = self.contribution
        if len(named) != len(self.authors):
            return False
        team = bool(named) and all(author.is_organization for author in named)
        if (contribution is not None and contribution.role == "author" and not team
                and not any(author.is_owner for author in named)):
            return False
        return not (contribution is not None and contribution.total
                    and contribution.total > len(named))

    @property
    def short_authors(self) -> str:
        """"Lovelace and Babbage", "Lovelace et al.", as in a textual citation."""
        named = self.named_authors
        if not named:
            return ""
        if len(named) == 1 and self.byline_complete:
            return named[0].last
        if len(named) == 2 and self.byline_complete:
            return f"{named[0].last} and {named[1].last}"
        return f"{named[0].last} et al."


@dataclass
class Bibliography:
    """The result of loading a file: entries by key (in file order) and every problem found."""

    entries: dict[str, Publication]
    problems: list[Problem]
    #: digest of each entry's text, to tell which entries changed between two builds.
    digests: dict[str, str]


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


Made = TypeVar("Made")


class PerRecord(Generic[Made]):
    """What ``make`` makes of a record, made once while the record is the same object (a new
    build's records are new objects; each key's last one is kept)."""

    def __init__(self, make: Callable[[Publication], Made]) -> None:
        self.make = make
        self.made: dict[str, tuple[Publication, Made]] = {}

    def __call__(self, record: Publication) -> Made:
        made = self.made.get(record.key)
        if made is None or made[0] is not record:
            made = self.made[record.key] = (record, self.make(record))
        return made[1]
