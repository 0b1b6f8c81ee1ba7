"""Load and validate a BibTeX file into plain, picklable publication records.

The file is split into one chunk per ``@entry`` before pybtex parses it (:mod:`.chunks`), so that

* a syntax error is reported at its own line and does not swallow the entries after it;
* a duplicate key is reported with both lines, and neither entry is silently dropped;
* each entry is parsed and decoded once, and reused across builds while its text is unchanged.

Every problem is collected as a :class:`.model.Problem` with a line number, so a user sees all
of them at once. Real mistakes are warnings, fatal in a strict build (unparseable syntax, a
duplicate key, an undefined macro, an unsafe or malformed link, a malformed
``equal_contribution``); whatever BibTeX or biber accept is accepted and rendered as it is, and
what is merely incomplete (a missing venue, title or year, a year in words, an eprint the site
cannot link, an app's own address such as Mendeley's ``papers3://``, a ``doi`` that is an ISBN,
LaTeX the site cannot render) is a *gap*: a :class:`.model.Problem` with a ``gap`` kind, which
the build lists in one summary (see :data:`.model.GAP_KINDS`). Fields the site neither shows nor
ignores on purpose are named in that summary too (see :data:`.fields.KNOWN_FIELDS`). The records
speak one dialect: BibLaTeX fields and types (``date``, ``journaltitle``, ``@online``,
``@thesis``…), ``crossref`` inheritance and al-folio's fields (``selected``, ``arxiv``,
``html``…) are mapped to what a page shows.

This module makes a record of each entry and keeps the cache; what a record is
(:mod:`.model`), which fields the site knows (:mod:`.fields`), its people (:mod:`.people`), its
links (:mod:`.links`) and the BibTeX written back (:mod:`.clean_bibtex`) are modules of their
own. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from pybtex.database import Person
from pybtex.database.input.bibtex import Parser

from .characters import (
    UNWRITABLE,
    address_character,
    bidi_closed,
    bidi_problem,
    character_name,
    invisible_in_key,
    syntax_in_key,
)
from .chunks import Chunk, entry_level, field_line, parse_chunk, split_entries, written_value
from .clean_bibtex import clean_bibtex
from .fields import (
    ADDRESS_FIELDS,
    BIBDESK_URL,
    BIBLATEX_FIELDS,
    DEFAULT_EXPECTED,
    EXPECTED_FIELDS,
    INHERITED_FIELDS,
    MISSING_GAP,
    PREPRINT_VENUE,
    RENDERED_FIELDS,
    VENUE_FIELDS,
    VENUE_OF_TYPE,
    DateParts,
    is_known_field,
    keywords_of,
    parse_month,
    read_date,
    read_year,
)
from .latex import RichText, latex_to_rich, latex_to_text, unrendered
from .links import ARXIV_ID, entry_links, howpublished_is_address, own_address, preview_link
from .model import Author, Bibliography, Problem, Publication
from .people import (
    DEFAULT_MARKS,
    EQUAL_CONTRIBUTION,
    NameMatcher,
    display_name,
    equal_contribution_positions,
    is_organization,
    read_contribution,
    read_names,
    trailing_marks,
)

#: Part of every record's cache key: change it when :class:`Publication` or its making changes,
#: so that records pickled by an older version are made again.
RECORD_FORMAT = 25
#: A blank line: what parts two paragraphs, in an abstract as in LaTeX.
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: The crossref field, at the start of a line or after a comma (an entry written on one line);
#: only where it is a field of the entry, not words of another's value (:func:`crossref_of`).
CROSSREF = re.compile(r"(?:^|,)[ \t]*(crossref)[ \t]*=[ \t]*[{\"]?\s*([^,}\"\s]+)",
                      re.MULTILINE | re.IGNORECASE)


def crossref_of(chunk: Chunk) -> str:
    """The key an entry's ``crossref`` field names, read from its text ("" for none): the
    parent's text is part of the entry's cache key, worked out before the entry is parsed.
    ", crossref = …" in an abstract or a note is no field."""
    matches = CROSSREF.finditer(chunk.text)
    level = entry_level(chunk.text) if "crossref" in chunk.text.lower() else []
    return next((match.group(2) for match in matches if level[match.start(1)]), "")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class _Parsed:
    """An entry as pybtex read it: its fields (lower-case names) and its people as written."""

    chunk: Chunk
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
        parse_chunk(parser, chunk, problems)
    context = digest(f"{RECORD_FORMAT}\0" + "".join(c.text for c in macro_chunks) + "\0"
                     + repr(owner) + repr(sorted(marks.items())))

    entry_chunks: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.entry_type in ("string", "comment", "preamble"):
            continue
        unseen = invisible_in_key(chunk.key)
        if unseen:
            # A field's such character is left out, and its scopes closed; a key cannot be
            # changed (citations name it), and every export and the paper's address write it.
            problems.append(Problem(chunk.line, (
                f"key {chunk.key!r} holds {unseen}, which no export or address can show as "
                "written; write the key in visible characters (letters, digits, - _ : .)")))
            continue
        syntax = syntax_in_key(chunk.key)
        if syntax:
            problems.append(Problem(chunk.line, (
                f"key {chunk.key!r} holds {syntax}, which BibTeX reads as part of its syntax: "
                "the exports would end the entry there and read the rest as more entries; "
                "write the key in letters, digits, - _ : .")))
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

    def parse(chunk: Chunk) -> _Parsed | None:
        """pybtex's reading of a chunk, once per load (a parent may be read for its children)."""
        if chunk.key.lower() not in parsed:
            entry = parse_chunk(parser, chunk, problems)
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
        crossref = crossref_of(chunk)
        parent_chunk = entry_chunks.get(crossref.lower()) if crossref else None
        if crossref and parent_chunk is None:  # BibTeX warns of "a bad cross reference"
            problems.append(Problem(
                field_line(chunk, "crossref"),
                f"@{chunk.entry_type}{{{chunk.key}}}: crossref {crossref!r} names no entry of "
                "the file; nothing is inherited from it (put the entry it names in this file, "
                "or correct the key)", fatal=False, subtype="bib-value", gap="crossref"))
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


def arxiv_identifier(value: str, prefix: str) -> str | None:
    """The arXiv identifier a field gives after ``prefix`` (any case), or None: NASA ADS's
    pages ("arXiv:2304.12345"), Google Scholar's journal ("arXiv preprint arXiv:…")."""
    value = value.strip(" {}")
    if value[:len(prefix)].lower() != prefix.lower():
        return None
    identifier = value[len(prefix):].strip()
    return identifier if ARXIV_ID.match(identifier) else None


def _normalised(entry_type: str, fields: dict[str, str]) -> tuple[str, dict[str, str]]:
    """BibLaTeX and al-folio spellings mapped to the fields a page shows."""
    fields = dict(fields)
    for biblatex, bibtex in BIBLATEX_FIELDS.items():
        if biblatex in fields and bibtex not in fields:
            fields[bibtex] = fields[biblatex]
    date, _fault = read_date(fields.get("date", ""))  # the fault: a problem of its own, below
    year = fields.get("year", "").strip()
    if date and not year:
        fields["year"] = year = str(date.start.year)
    # The date's month where the year agrees and no month is given ("year = {2021}, date =
    # {2021-08-16}"), not lost; a date that says another year is not the entry's (see _record).
    if date and date.start.month and not fields.get("month") and year == str(date.start.year):
        fields["month"] = str(date.start.month)
    if not fields.get("url") and fields.get(BIBDESK_URL):
        fields["url"] = fields[BIBDESK_URL]
    # NASA ADS gives an arXiv e-print's identifier as its pages (its "eid"): no page of a
    # volume, which Scholar's first page and the files' would then be.
    in_pages = arxiv_identifier(fields.get("pages", ""), "arXiv:")
    if in_pages:
        del fields["pages"]
    # Where else an arXiv identifier is written, in this order, where no eprint field is:
    # al-folio's arxiv, Mendeley's arxivId, Google Scholar's journal, NASA ADS's pages.
    arxiv = fields.get("eprint") or fields.get("arxiv") or fields.get("arxivid") or (
        arxiv_identifier(fields.get("journal", ""), "arXiv preprint arXiv:")) or in_pages
    if arxiv and not fields.get("eprint"):
        fields["eprint"], fields["archiveprefix"] = arxiv, "arXiv"
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

    # A field's line is searched for once: each search reads the entry's text, and an entry of
    # 4,000 authors each with an unknown command, after a long abstract, would take seconds.
    lines: dict[str, int] = {}

    def problem(message: str, name: str | None = None, *, fatal: bool = False,
                subtype: str = "bib-value", gap: str = "") -> None:
        if name and name not in lines:
            lines[name] = field_line(chunk, name)
        line = lines[name] if name else chunk.line
        notes.append((line - chunk.line, f"@{item.entry_type}{{{key}}}: {message}", subtype,
                      fatal, gap))

    def writable(name: str, value: str) -> str:
        """The value without a character no output can hold (a form feed pasted from a PDF):
        HTML calls it a parse error and XML refuses it; and with its bidirectional scopes
        closed where it ends (:func:`.characters.bidi_closed`). Each said once per field.

        An address is taken as written or not at all: cleaned, it would be one the source
        never held, and every output would link it. With a character nobody sees, the field
        is left out."""
        if name in ADDRESS_FIELDS:
            hidden = address_character(value)
            if hidden:
                problem(f"{name} has {hidden}, which no address holds; the field is left out "
                        "(delete the character)", name, gap="link")
                return ""
            return value
        found = UNWRITABLE.search(value)
        if found is not None:
            problem(f"{name} has {character_name(found.group())}, which no page can show; it "
                    "is left out", name, gap="character")
            value = UNWRITABLE.sub("", value)
        value, unmatched = bidi_closed(value)
        if unmatched:
            problem(bidi_problem(name, unmatched, writer="the page", unit="field"), name,
                    gap="bidi")
        return value

    entry_type, fields = _normalised(item.entry_type, {
        name: writable(name, value) for name, value in item.fields.items()})
    # The names as written, but for an "and" that separates nothing (a gap): the pages, the
    # citations and the copied BibTeX all read these.
    read = {role: read_names(role, names, problem) for role, names in item.persons.items()}
    written_names = {role: names.names for role, names in read.items() if names.names}
    persons = {role: tuple(Person(name) for name in names)
               for role, names in ((role, [writable(role, name) for name in names])
                                   for role, names in written_names.items())}

    for name, value in [*((name, fields[name]) for name in RENDERED_FIELDS if name in fields),
                        *((role, n) for role, names in written_names.items() for n in names)]:
        leftover = unrendered(value)
        if leftover:
            problem(f"{name} has LaTeX that cannot be rendered ({', '.join(leftover)}); it is "
                    "shown as plain text", name, subtype="bib-latex", gap="latex")

    for expected in EXPECTED_FIELDS.get(entry_type, DEFAULT_EXPECTED):
        # An author field of empty names (" and ") is said so above, not as no field.
        if expected == "author" and (persons.get("author") or persons.get("editor")
                                     or "author" in item.persons):
            continue
        if not fields.get(expected, "").strip():
            problem(f"no {expected!r} field; the entry is shown without it (add "
                    f"'{expected} = {{...}}' to complete it)", subtype="bib-incomplete",
                    gap=MISSING_GAP.get(expected, "venue"))

    year_text = fields.get("year", "").strip()
    year = read_year(year_text) or 0
    if year_text and not year:
        problem(f"year {year_text!r} is not a four-digit year such as 2021; the entry is "
                "listed as undated", "year", gap="year-text")

    date, date_fault = read_date(fields.get("date", ""))
    if date_fault:
        problem(f"date {fields['date'].strip()!r} {date_fault}", "date",
                gap="date-qualified" if date is not None and date.qualified else "date")

    month = None
    month_text = fields.get("month", "").strip()
    if month_text:
        month = parse_month(month_text)
        if month is None:
            problem(f"month {month_text!r} is not a month: use 1-12 or jan, feb, ...", "month",
                    gap="month")

    other_month = month is not None and date is not None and date.start.month not in (None, month)
    if date and year and (date.start.year != year or other_month):
        # BibTeX's styles read year and month, biber the date: two readers, two dates.
        fields_named = "year and month" if month else "year"
        problem(f"date {fields['date'].strip()!r} says {date.start.iso()}, but "
                f"{fields_named} {'say' if month else 'says'} {DateParts(year, month).iso()}; "
                f"the entry is dated by its {fields_named}, as BibTeX's styles read them: make "
                "the two agree, or remove one", "date")

    links = entry_links(entry_type, fields, problem, chunk)
    preview = preview_link(fields.get("preview", ""), problem, chunk)
    equal = equal_contribution_positions(fields.get("equal_contribution", ""), persons, problem)
    # al-folio marks equal contribution with a star after the last name: "Einstein*, Albert";
    # other files give a star or a dagger other meanings (conf.py's academic_author_marks).
    people = list(persons.get("author") or persons.get("editor") or ())
    byline = "author" if persons.get("author") else "editor"
    numbers = read[byline].numbers if people else ()
    other_marks: dict[int, list[tuple[str, str]]] = {}
    for position, person in enumerate(people, 1):
        found = trailing_marks(person, marks)
        for symbol in found:
            if marks[symbol] == EQUAL_CONTRIBUTION:
                equal.add(position)
            else:
                other_marks.setdefault(position, []).append((symbol, marks[symbol]))
    authors = tuple(
        replace(_person(person), is_owner=owner(person, numbers[position - 1]),
                equal_contribution=position in equal,
                marks=tuple(other_marks.get(position, ())))
        for position, person in enumerate(people, 1)
    )
    # The editors of the volume, where the authors are named too (else they are the authors):
    # names read as the authors' are, without the owner's or marks' reading (an editor is not
    # the entry's byline).
    editors = tuple(_person(person) for person in persons.get("editor", ())
                    ) if persons.get("author") else ()
    contribution = read_contribution(fields.get("contribution", ""), authors, owner.display,
                                     problem)
    # Parted as written, where braces show what is one keyword ("{Smith; Jones} method").
    topics = tuple(dict.fromkeys(text for keyword in keywords_of(fields.get("keywords", ""))
                                 if (text := " ".join(latex_to_text(keyword).split()))))
    keywords = {topic.lower() for topic in topics}
    if fields.get("selected", "").strip().lower() in ("true", "yes", "1"):  # al-folio
        keywords.add("selected")
    venue_source, venue = _venue(fields, fields.get("eprint", "").strip(), entry_type)
    return Publication(
        key=key,
        entry_type=entry_type,
        line=chunk.line,
        # Without a title (a gap, summarised), the entry goes by its key: its page, its place
        # in the index and its link in the list need a name.
        title=latex_to_rich(fields.get("title", "")) or ((key, ""),),
        authors=authors,
        venue=venue,
        year=year,
        month=month,
        keywords=frozenset(keywords),
        topics=topics,
        links=tuple(links),
        abstract=_abstract(chunk, fields.get("abstract", "")),
        bibtex=clean_bibtex(entry_type, key, fields, persons),
        fields={name: latex_to_text(value).strip() for name, value in fields.items()},
        venue_source=venue_source,
        address=own_address(fields)[1],
        # Resolved already (:func:`_inherit`): the engine needs no parent, which may be left
        # out of the lists (see :attr:`crossref`).
        source=(entry_type, tuple((k, v) for k, v in fields.items() if k != "crossref"),
                tuple(written_names.items())),
        crossref=fields.get("crossref", "").strip(),
        notes=tuple(notes),
        contribution=contribution,
        editors=editors,
        preview=preview,
        unknown_fields=tuple(sorted(name for name in item.fields if not is_known_field(name))),
    )


def _abstract(chunk: Chunk, value: str) -> str:
    """The abstract, its paragraphs (parted by a blank line, as in LaTeX) apart by a blank
    line, each rendered on one line: a single line break is a space. pybtex's value has its
    line breaks collapsed; the paragraphs are read off the field as written, where it reads as
    that value (one not written in braces or quotes, a macro, stays one paragraph), and a
    blank line inside a brace group parts nothing."""
    written = written_value(chunk, "abstract")
    pieces: list[str] = []
    depth = 0
    for piece in BLANK_LINE.split(written or ""):
        if depth > 0:  # a group open across the blank line: the same paragraph
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
        depth += piece.count("{") - piece.count("}")
    if " ".join(" ".join(pieces).split()) != " ".join(value.split()):
        pieces = [value]
    return "\n\n".join(text for text in (latex_to_text(piece).strip() for piece in pieces)
                        if text)


def _person(person: Person) -> Author:
    """A name as every output shows it, its LaTeX rendered: the whole name, and the last name
    alone (for "Lovelace et al.")."""
    return Author(
        # A name is shown in parts (the last name alone in "Lovelace et al."): a scope the name
        # as a whole closes may open in one part and close in another.
        name="others" if str(person) == "others" else bidi_closed(display_name(person))[0],
        last=bidi_closed(latex_to_text(" ".join(person.prelast_names + person.last_names)))[0],
        bibtex=str(person),
        is_organization=is_organization(person),
    )


def _venue(fields: Mapping[str, str], eprint: str, entry_type: str) -> tuple[str, RichText]:
    """Where the work appeared: the field the venue is read from ("" for none the source
    names) and its text: a journal's with its volume and number, a preprint server's alone
    (DBLP's CoRR "volume" is the server's path, "abs/2108.07732": a volume of no journal)."""
    journal = fields.get("journal", "")
    if journal:
        details = ""
        server = entry_type == "article" and PREPRINT_VENUE.search(latex_to_text(journal))
        if fields.get("volume") and not server:
            details = f" {latex_to_text(fields['volume']).strip()}"
            if fields.get("number"):
                details += f"({latex_to_text(fields['number']).strip()})"
        # Apart: TeX swallows the space after a macro ("\apj 710"), as AASTeX journals are.
        return "journal", (latex_to_rich(journal) + ((details, ""),) if details
                           else latex_to_rich(journal))
    own = VENUE_OF_TYPE.get(entry_type)
    for name in ([own] if own else []) + [name for name in VENUE_FIELDS[1:] if name != own]:
        if name == "howpublished" and howpublished_is_address(fields):
            continue  # the entry's address, which its badge says: not where it appeared
        if fields.get(name, "").strip():
            return name, latex_to_rich(fields[name])
    # An arXiv identifier only: an address or anything else in the field names no archive.
    if (fields.get("archiveprefix", "arXiv").strip().lower() == "arxiv"
            and ARXIV_ID.match(eprint)):
        return "", (("arXiv preprint", ""),)
    return "", ()
