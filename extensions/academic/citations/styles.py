"""The site's citation style, as plugins for pybtex and sphinxcontrib-bibtex.

sphinxcontrib-bibtex formats entries with a pybtex *formatting style* (``bibtex_default_style``)
and writes citations with a *referencing style* (``bibtex_reference_style``). This module
registers, through pybtex's and sphinxcontrib-bibtex's plugin APIs:

* ``academic`` (``pybtex.style.formatting``): "Title. Authors. Venue, 2021a." with the owner's
  name in bold, equal-contribution marks and LaTeX markup rendered (``\\emph`` → emphasis);
* ``newest_first`` (``pybtex.style.sorting``): newest year and month first, then file order;
* ``author_year`` (``pybtex.style.labels``): labels such as "Austin et al., 2021a";
* ``academic`` (``sphinxcontrib.bibtex.style.referencing``): sphinxcontrib-bibtex's author–year
  roles (``cite:p``, ``cite:t``, ``cite:ps``, ``cite:year``, …) in round brackets, with years
  disambiguated the way natbib and biblatex do: two 2021 papers by Austin et al. are "2021a" and
  "2021b", in the text and in the lists alike.

Every style reads the checked records of :mod:`.bibliography` rather than the raw pybtex entry,
so what a page shows is decoded and normalised the same way everywhere. pybtex and
sphinxcontrib-bibtex create plugins without arguments and hand them the entries of
sphinxcontrib-bibtex's parsed data; those entries are :class:`RecordEntry` objects, made by this
extension from the records (:func:`.bibfiles.hand_to_engine`), and each carries its record: a
style formats the record of the entry it is given, and nothing is looked up by key. The records
are plain data: formatting an entry costs microseconds, not the milliseconds of a template style
decoding LaTeX; its text is kept from build to build in the ``academic`` domain all the same,
since sphinxcontrib-bibtex formats every entry of every bibliography on every build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pybtex.plugin
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.database import Entry, Person
from pybtex.richtext import BaseMultipartText, BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import Node, node
from pybtex_docutils import Backend as DocutilsBackend
from sphinxcontrib.bibtex.plugin import register_plugin as register_referencing_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join, join2, post_text, pre_text, reference

from .. import compat
from ..bib.display import display_of
from ..bib.latex import RichText
from ..bib.model import Author, Publication

FORMATTING_STYLE = "academic"
SORTING_STYLE = "newest_first"
LABEL_STYLE = "author_year"
REFERENCING_STYLE = "academic"


#: key → (digest of what is shown, formatted text): the ``academic`` domain's, kept from build
#: to build, so that an entry is formatted once while its digest holds.
FormattedTexts = dict[str, tuple[str, Text]]


class RecordEntry(Entry):  # type: ignore[misc]  # pybtex is untyped
    """A pybtex entry made from a checked record, which it carries to the styles.

    sphinxcontrib-bibtex keeps its parsed data in the environment from build to build; the
    entries are bound again to each build's records (:func:`bind_entries`), so that they always
    carry the records of the build at hand, with their place in the file.
    """

    def __init__(self, record: Publication) -> None:
        entry_type, fields, persons = record.source
        super().__init__(entry_type, fields=list(fields),
                         persons={role: [Person(name) for name in names]
                                  for role, names in persons})
        self.key = record.key
        self.bind(record, 0, "", {})

    def bind(self, record: Publication, position: int, digest: str,
             formatted: FormattedTexts) -> None:
        self.record = record
        self.position = position  #: in the files, for sorting entries of the same month
        self.digest = digest  #: of what pages show of the entry: its text and year label
        self.formatted = formatted

    def text(self) -> Text:
        """The whole reference (:func:`entry_text`), formatted once while its digest holds."""
        cached = self.formatted.get(self.key)
        if cached is None or cached[0] != self.digest:
            cached = self.formatted[self.key] = (self.digest, entry_text(self.record))
        return cached[1]


def bind_entries(engine_entries: Mapping[str, Any], records: Mapping[str, Publication],
                 digests: Mapping[str, str], formatted: FormattedTexts) -> bool:
    """Bind sphinxcontrib-bibtex's entries to this build's records; False when they are not the
    records' own (another set of keys, or entries this extension did not make), and must be
    made again.

    ``formatted`` loses the texts of entries no longer in the files.
    """
    if engine_entries.keys() != records.keys() or not all(
            isinstance(entry, RecordEntry) for entry in engine_entries.values()):
        return False
    for key in formatted.keys() - records.keys():
        del formatted[key]
    for position, (key, record) in enumerate(records.items()):
        engine_entries[key].bind(record, position, digests.get(key, ""), formatted)
    return True


def record_of(entry: Any) -> Publication | None:
    """The record a pybtex entry carries; None for an entry of a file this extension did not
    load."""
    return entry.record if isinstance(entry, RecordEntry) else None


# --- rich text of an entry: the one formatter of titles, author lists and venues ---------------


class Explained(BaseMultipartText):  # type: ignore[misc]  # pybtex is untyped
    """A mark whose meaning assistive technology reads ("*": equal contribution; "…": authors
    2–24); ``<abbr title>`` in HTML, the mark alone in plain text."""

    def __init__(self, explanation: str, *parts: BaseText | str, css_class: str = "") -> None:
        self.explanation, self.css_class = explanation, css_class
        self.info = (explanation,)
        super().__init__(*parts)

    def _create_similar(self, parts: Iterable[BaseText | str]) -> Explained:
        return type(self)(self.explanation, *parts, css_class=self.css_class)

    def render(self, backend: Any) -> Any:
        mark = "".join(str(part) for part in self.parts)
        if isinstance(backend, DocutilsBackend):
            classes = [self.css_class] if self.css_class else []
            return [nodes.abbreviation(mark, mark, explanation=self.explanation,
                                       classes=classes)]
        return backend.format_str(mark)


def equal_contribution_mark() -> Explained:
    """An asterisk after an author's name that says what it means to assistive technology."""
    return Explained("equal contribution", "*")


class more_authors(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils names nodes so)
    """Names a shortened author list folds away: ``<details>`` whose ``<summary>`` says "and 8
    more" in HTML; the names in place in every other format.

    ``lead`` is the separator before the names in the whole list, ``folded_lead`` the one
    before the summary ("A and 2 more" for "A, B, and C")."""


class FoldedAuthors(BaseMultipartText):  # type: ignore[misc]  # pybtex is untyped
    """The rich text of the names a shortened list folds away, with the summary shown instead.

    ``lead`` is the separator before the names in the whole list (", "); ``folded_lead`` the one
    before the summary where it differs ("A and 2 more", where the whole list reads "A, B, and
    C").
    """

    def __init__(self, summary: str, lead: str, folded_lead: str,
                 *parts: BaseText | str) -> None:
        self.summary, self.lead, self.folded_lead = summary, lead, folded_lead
        self.info = (summary, lead, folded_lead)
        super().__init__(*parts)

    def render(self, backend: Any) -> Any:
        if isinstance(backend, DocutilsBackend):
            # Both separators go in the node: folded, the line reads "A and 2 more"; opened,
            # "A, B, and C", the summary gone, as one list.
            inner = super().render(backend)
            return [more_authors("", "", *inner, summary=self.summary, lead=self.lead,
                                 folded_lead=self.folded_lead)]
        return backend.format_str(self.lead) + super().render(backend)


def rich(text: RichText) -> Text:
    """pybtex rich text from a record's decoded runs ("em" and "strong" kept)."""
    return Text(*(Tag(style, run) if style else run for run, style in text))


def authors_text(entry: Publication, *, highlight: bool = True, max_authors: int = 0) -> Text:
    """The model's author line (:meth:`.display.Display.author_line`) as rich text: the owner
    in bold, equal contribution and the authors an ellipsis stands for explained, names the
    rule folds away in a :class:`FoldedAuthors`."""
    def name(author: Author) -> list[BaseText | str]:
        shown: list[BaseText | str] = [
            Tag("strong", author.name) if highlight and author.is_owner else author.name]
        if author.equal_contribution:
            shown.append(equal_contribution_mark())
        shown.extend(Explained(meaning, symbol) for symbol, meaning in author.marks)
        return shown

    parts: list[BaseText | str] = []
    segments = display_of(entry).author_line(max_authors)
    for position, segment in enumerate(segments):
        if segment.kind == "name" and segment.author is not None:
            parts += name(segment.author)
        elif segment.kind == "owner":
            parts.append(Tag("strong", segment.text) if highlight else segment.text)
        elif segment.kind == "gap":
            parts.append(Explained(segment.explanation, segment.text, css_class="academic-gap"))
        elif segment.kind == "folded":
            folded: list[BaseText | str] = []
            for inner, (separator, author) in enumerate(segment.hidden):
                folded += [separator if inner else "", *name(author)]
            # The separator shown before the summary is the segment before this one.
            shown_lead = ""
            if position and segments[position - 1].kind == "text":
                shown_lead = segments[position - 1].text
                parts.pop()
            parts.append(FoldedAuthors(segment.text, segment.lead, shown_lead, *folded))
        else:
            parts.append(segment.text)
    return Text(*parts)


#: One instance: ``render_as("text")`` would look the backend up among entry points each time.
PLAINTEXT = PlaintextBackend()


def as_plain_text(text: BaseText) -> str:
    plain: str = text.render(PLAINTEXT)
    return plain


def venue_text(entry: Publication, *, letter: bool = False) -> Text:
    """The model's venue line (:meth:`.display.Display.venue_line`), the venue in italics:
    "*Venue*, 2021"; "2021a" with ``letter``, in a citation's reference list alone."""
    model = display_of(entry)
    year = model.year_text + (model.letter if letter else "")
    if not entry.venue:
        return Text(year)
    _venue, between = model.venue_parts()
    return Text(Tag("em", rich(entry.venue)), between, year)


def entry_text(entry: Publication) -> Text:
    """The whole reference in one sentence, as a citation's reference list gives it: "Title.
    Authors. Venue, 2021a." and its links."""
    parts: list[BaseText | str] = [rich(entry.title).add_period()]
    if entry.authors:
        parts += [" ", authors_text(entry).add_period()]
    parts += [" ", venue_text(entry, letter=True).add_period()]
    for link in entry.links:
        if not link.local:  # a file's address depends on the page: the lists link it
            parts += [" ", HRef(link.url, link.label)]
    return Text(*parts)


# --- pybtex plugins -----------------------------------------------------------------------------


class AcademicStyle(BaseStyle):  # type: ignore[misc]  # pybtex is untyped
    """The formatting style: one sentence per entry, from the record it carries."""

    default_name_style = "plain"
    default_label_style = LABEL_STYLE
    default_sorting_style = SORTING_STYLE

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        if not isinstance(entry, RecordEntry):  # an entry of a file this extension did not load
            return FormattedEntry(entry.key, Text(entry.fields.get("title", entry.key)), label)
        return FormattedEntry(entry.key, entry.text(), label)


def newest_first(entry: Publication) -> tuple[int, int]:
    """Sorting key: newest year (and month) first. A stable sort of entries in the files' order
    (as the ``academic`` domain keeps them) leaves those of the same month in that order."""
    return (-entry.year, -(entry.month or 0))


class NewestFirst(BaseSortingStyle):  # type: ignore[misc]  # pybtex is untyped
    """The ``newest_first`` sorting style, for sphinxcontrib-bibtex's bibliographies, which hand
    it entries in their own order: within the same month, the files' order."""

    def sorting_key(self, entry: Any) -> tuple[int, int, int, int, str]:
        if not isinstance(entry, RecordEntry):
            return (1, 0, 0, 0, entry.key)
        return (0, *newest_first(entry.record), entry.position, entry.key)


class AuthorYearLabels(BaseLabelStyle):  # type: ignore[misc]  # pybtex is untyped
    """Labels that read like a parenthetical citation: "Austin et al., 2021a"."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        for entry in sorted_entries:
            found = record_of(entry)
            names = found.short_authors or found.title_text if found else entry.key
            yield f"{names}, {found.year_label if found else 'n.d.'}"


# --- the sphinxcontrib-bibtex referencing style ------------------------------------------------


@node  # type: ignore[untyped-decorator]  # pybtex is untyped
def labelled_year(children: list[Any], data: dict[str, Any]) -> Text:
    """The entry's disambiguated year ("2021a"), where sphinxcontrib-bibtex would show "2021"."""
    assert not children
    found = record_of(data["entry"])
    return Text(found.year_label if found else "n.d.")


def cited_names(entry: Publication, *, full: bool) -> str:
    """Last names as a citation gives them: "Austin et al.", or all of them for ``cite:ts``."""
    if not full:
        return entry.short_authors or entry.title_text
    names = [author.last for author in entry.named_authors]
    if len(names) < len(entry.authors):
        return ", ".join(names) + " et al."
    if len(names) <= 2:
        return " and ".join(names) or entry.title_text
    return ", ".join(names[:-1]) + ", and " + names[-1]


@node  # type: ignore[untyped-decorator]  # pybtex is untyped
def record_names(children: list[Any], data: dict[str, Any], full: bool = False) -> Text:
    """The cited names from the record: "and others" is "et al.", as in the lists."""
    assert not children
    found = record_of(data["entry"])
    if found is None:
        return Text(data["entry"].key)
    return Text(cited_names(found, full=full))


@dataclass
class RecordPersons(PersonStyle):
    """Names for every author–year role, taken from the records (LaTeX decoded, "et al.")."""

    def author_or_editor_or_title(self, full: bool) -> Node:
        return record_names(full=full)


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name: str) -> Node:
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[join(sep=self.author_year_sep)[
                self.person.author_or_editor_or_title(full="s" in role_name), labelled_year,
            ]],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name: str) -> Node:
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[
                self.bracket.left,
                join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                    pre_text, reference[labelled_year], post_text,
                ],
                self.bracket.right,
            ],
        ]


@dataclass
class _Year(ExtraYearReferenceStyle):
    def inner(self, role_name: str) -> Node:
        return reference[labelled_year]


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class AcademicReferenceStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author–year roles, in round brackets, with disambiguated years.

    "(Austin et al., 2021a; Nye et al., 2021)", "Austin et al. (2021a)", "2021a".
    """

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=RecordPersons)

    def __post_init__(self) -> None:
        # AuthorYearReferenceStyle's own composition, with the year read from the records.
        self.styles.extend([
            _Parenthetical(
                bracket=self.bracket_parenthetical, person=self.person,
                author_year_sep=self.author_year_sep, pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep,
            ),
            _Textual(
                bracket=self.bracket_textual, person=self.person,
                text_reference_sep=self.text_reference_sep, pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep,
            ),
            ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person),
            ExtraLabelReferenceStyle(bracket=self.bracket_label),
            _Year(bracket=self.bracket_year),
            ExtraEmptyReferenceStyle(),
        ])
        compat.finish_group_style(self)


def register_plugins() -> None:
    """Make the styles available by name to ``bibtex_default_style`` and friends.

    pybtex's own plaintext and docutils backends are registered under their own names too:
    pybtex looks a plugin up among every installed package's entry points on each call unless
    it was registered at run time, and sphinxcontrib-bibtex looks the plaintext backend up for
    every citation it resolves (8 ms each: 11 s of a build with 1,400 citations).
    """
    for group, name, plugin in (
        ("pybtex.style.formatting", FORMATTING_STYLE, AcademicStyle),
        ("pybtex.style.sorting", SORTING_STYLE, NewestFirst),
        ("pybtex.style.labels", LABEL_STYLE, AuthorYearLabels),
        ("pybtex.backends", "plaintext", PlaintextBackend),
        ("pybtex.backends", "docutils", DocutilsBackend),
    ):
        pybtex.plugin.register_plugin(group, name, plugin, force=True)
    register_referencing_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCING_STYLE,
                                AcademicReferenceStyle, force=True)


def year_letters(entries: Iterable[Publication]) -> dict[str, str]:
    """key → the letter of its year ("a" of "2021a") for entries whose short author list and
    year are shared, else "".

    Letters follow the order of the lists (:func:`newest_first`: the later month first, then
    the file's order), as APA assigns them in the order its reference list gives: the first of
    two 2021 papers listed is "2021a", in the list and in every citation.
    """
    groups: dict[tuple[str, int], list[tuple[int, Publication]]] = {}
    for position, entry in enumerate(entries):
        groups.setdefault((entry.short_authors or entry.title_text, entry.year), []).append(
            (position, entry))
    letters = {}
    for group in groups.values():
        if len(group) == 1:
            letters[group[0][1].key] = ""
            continue
        listed = sorted(group, key=lambda item: (-(item[1].month or 0), item[0]))
        for index, (_position, entry) in enumerate(listed):
            letters[entry.key] = _letters(index)
    return letters


def disambiguated_years(entries: Iterable[Publication]) -> dict[str, str]:
    """key → "2021a" for entries whose short author list and year are shared, else the year."""
    listed = list(entries)
    letters = year_letters(listed)
    return {entry.key: replace(entry, year_letter=letters[entry.key]).year_label
            for entry in listed}


def with_year_letters(entries: Mapping[str, Publication]) -> dict[str, Publication]:
    """The records, each with the letter of its year among the others (:func:`year_letters`)."""
    letters = year_letters(entries.values())
    return {key: entry if entry.year_letter == letters[key]
            else replace(entry, year_letter=letters[key]) for key, entry in entries.items()}


def _letters(index: int) -> str:
    """a, b, …, z, aa, ab, …"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters
