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
sphinxcontrib-bibtex create plugins without arguments, so the current build's records reach them
through :func:`use_bibliography`, called once the file is loaded. The records are plain data:
formatting an entry costs microseconds, not the milliseconds of a template style decoding LaTeX,
and nothing needs to be cached between builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pybtex.plugin
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import BaseMultipartText, BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import node
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

from . import compat
from .bibliography import Author, Publication, RichText

FORMATTING_STYLE = "academic"
SORTING_STYLE = "newest_first"
LABEL_STYLE = "author_year"
REFERENCING_STYLE = "academic"


@dataclass(frozen=True)
class Records:
    """The current build's entries, their place in the file, and their disambiguated years."""

    entries: Mapping[str, Publication]
    years: Mapping[str, str]  #: key → "2021a"
    order: Mapping[str, int]  #: key → position in the file
    #: key → (digest, formatted text): an entry is formatted once while its digest holds.
    formatted: dict[str, tuple[str, Text]]
    digests: Mapping[str, str]


_current = Records({}, {}, {}, {}, {})


def use_bibliography(entries: Mapping[str, Publication], years: Mapping[str, str],
                     digests: Mapping[str, str], formatted: dict[str, tuple[str, Text]]) -> None:
    """Make the styles format from these records (called when the BibTeX file is loaded).

    ``formatted`` is kept from build to build (the ``academic`` domain keeps it), so that
    sphinxcontrib-bibtex, which formats every entry of every bibliography on every build, gets
    an unchanged entry's text without formatting it again.
    """
    global _current
    for key in set(formatted) - set(entries):
        del formatted[key]
    _current = Records(entries, years, {key: index for index, key in enumerate(entries)},
                       formatted, digests)


def record(key: str) -> Publication | None:
    return _current.entries.get(key)


def year_label(key: str) -> str:
    """The year as citations show it: "2021", or "2021a" when Austin et al. have two that year."""
    if key in _current.years:
        return _current.years[key]
    entry = _current.entries.get(key)
    return str(entry.year) if entry and entry.year else "n.d."


# --- rich text of an entry: the one formatter of titles, author lists and venues ---------------


class Explained(BaseMultipartText):
    """A mark whose meaning assistive technology reads ("*": equal contribution; "…": authors
    2–24); ``<abbr title>`` in HTML, the mark alone in plain text."""

    def __init__(self, explanation: str, *parts, css_class: str = ""):
        self.explanation, self.css_class = explanation, css_class
        self.info = (explanation,)
        super().__init__(*parts)

    def _create_similar(self, parts):
        return type(self)(self.explanation, *parts, css_class=self.css_class)

    def render(self, backend):
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
    more" in HTML; the names in place in every other format."""


class FoldedAuthors(BaseMultipartText):
    """The rich text of the names a shortened list folds away, with the summary shown instead.

    ``lead`` is the separator before the names in the whole list (", "); ``folded_lead`` the one
    before the summary where it differs ("A and 2 more", where the whole list reads "A, B, and
    C").
    """

    def __init__(self, summary: str, lead: str, folded_lead: str, *parts):
        self.summary, self.lead, self.folded_lead = summary, lead, folded_lead
        self.info = (summary, lead, folded_lead)
        super().__init__(*parts)

    def render(self, backend):
        if isinstance(backend, DocutilsBackend):
            inner = super().render(backend)
            return [nodes.Text(self.folded_lead),
                    more_authors("", "", *inner, summary=self.summary)]
        return backend.format_str(self.lead) + super().render(backend)


def rich(text: RichText) -> Text:
    """pybtex rich text from a record's decoded runs ("em" and "strong" kept)."""
    return Text(*(Tag(style, run) if style else run for run, style in text))


def _positions(first: int, last: int) -> str:
    return f"author {first}" if first == last else f"authors {first}\N{EN DASH}{last}"


def authors_text(entry: Publication, *, highlight: bool = True, max_authors: int = 0) -> Text:
    """The author list, with the owner always in it.

    "A, B, and C"; "A and B"; "A, B et al." when the entry ends with "and others". Where the
    list does not name the owner, the ``contribution`` field says where he stands: "Chowdhery,
    …, **Jacob Austin**, … (67 authors)"; "Anil, Dai et al., including **Jacob Austin**";
    "Gemini Team, Google — **Jacob Austin** is a contributor". With ``max_authors``, a longer
    list shows that many names, the owner among them, and folds the others into "and 8 more"
    (:class:`FoldedAuthors`); a single name is never folded.
    """
    def name(author: Author) -> list[BaseText | str]:
        shown: list[BaseText | str] = [
            Tag("strong", author.name) if highlight and author.is_owner else author.name]
        if author.equal_contribution:
            shown.append(equal_contribution_mark())
        return shown

    named = entry.named_authors
    open_ended = len(named) < len(entry.authors)  # "and others"
    contribution = entry.contribution
    owner_listed = any(author.is_owner for author in named)
    place = (contribution.position if contribution and contribution.role == "author"
             and contribution.position and not owner_listed else None)
    closed = not open_ended and place is None  # the names are the whole list: "…, and C"

    separators = ["" if index == 0 else ", " for index in range(len(named))]
    if closed and len(named) == 2:
        separators[1] = " and "
    elif closed and len(named) > 2:
        separators[-1] = ", and "

    shown = set(range(len(named)))
    limit = max(1, max_authors - (1 if place else 0)) if max_authors else 0
    if limit and len(named) > limit:
        owner = next((index for index, author in enumerate(named) if author.is_owner), None)
        shown = set(range(limit))
        if owner is not None and owner >= limit:
            shown = set(range(limit - 1)) | {owner}
        # "1 more" would take the room of the name it hides: a single name stays in view.
        shown |= {index for index in range(len(named)) if index not in shown
                  and index - 1 in shown | {-1} and index + 1 in shown | {len(named)}}

    parts: list[BaseText | str] = []
    index = 0
    while index < len(named):
        if index in shown:
            parts += [separators[index], *name(named[index])]
            index += 1
            continue
        end = index
        while end < len(named) and end not in shown:
            end += 1
        folded: list[BaseText | str] = []
        for inner in range(index, end):
            folded += [separators[inner] if inner > index else "", *name(named[inner])]
        count = end - index
        trailing = end == len(named) and closed
        summary = f"and {count} more" if trailing else f"{count} more"
        # "A and 2 more", as "A and B"; "A, B, and 2 more", as "A, B, and C".
        shown_lead = " " if trailing and index == 1 else separators[index]
        parts.append(FoldedAuthors(summary, separators[index], shown_lead, *folded))
        index = end

    owner_name: list[BaseText | str] = []
    if contribution:
        owner_name = [Tag("strong", contribution.owner) if highlight else contribution.owner]
    if place is not None and contribution:
        if place > len(named) + 1:
            parts += [", " if named else "",
                      Explained(_positions(len(named) + 1, place - 1), "\N{HORIZONTAL ELLIPSIS}",
                               css_class="academic-gap")]
        parts += [", " if parts else "", *owner_name]
        total = contribution.total
        if total and total > place:
            parts += [", ", Explained(_positions(place + 1, total), "\N{HORIZONTAL ELLIPSIS}",
                                      css_class="academic-gap")]
        if total:
            parts.append(f" ({total} authors)")
        elif open_ended:
            parts.append(" et al.")
        return Text(*parts)
    if open_ended:
        parts.append(" et al." if named else "et al.")
    if contribution and not owner_listed and contribution.role == "author":
        parts += [", including ", *owner_name]
    elif contribution and contribution.role == "contributor":
        parts += [" \N{EM DASH} ", *owner_name, " is a contributor"]
    return Text(*parts)


#: One instance: ``render_as("text")`` would look the backend up among entry points each time.
PLAINTEXT = PlaintextBackend()


def as_plain_text(text: BaseText) -> str:
    return text.render(PLAINTEXT)


#: A year written in a venue's name ("the DL4C 2022 workshop").
YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
#: Types whose venue is free text (``howpublished``, ``note``), not a journal or proceedings.
FREE_VENUE_TYPES = frozenset({"misc", "unpublished", "online", "www", "electronic"})


def venue_text(entry: Publication) -> Text:
    """"*Venue*, 2021a", or the year alone: one fact, where it appeared and when.

    A preprint also presented somewhere else a year later ("Presented at the DL4C 2022
    workshop", year 2021 from arXiv) reads "*Presented at the DL4C 2022 workshop* · arXiv
    preprint, 2021": the entry's year is the preprint's, never the workshop's.
    """
    year = year_label(entry.key)
    if not entry.venue:
        return Text(year)
    venue = Tag("em", rich(entry.venue))
    named_years = {int(found) for found in YEAR_IN_TEXT.findall(entry.venue_text)}
    if (entry.entry_type in FREE_VENUE_TYPES and entry.year and named_years
            and entry.year not in named_years
            and any(link.label == "arXiv" for link in entry.links)):
        return Text(venue, " \N{MIDDLE DOT} arXiv preprint, ", year)
    return Text(venue, ", ", year)


def entry_text(entry: Publication) -> Text:
    """The whole reference in one sentence: "Title. Authors. Venue, 2021a." and its links."""
    parts: list[BaseText | str] = [rich(entry.title).add_period()]
    if entry.authors:
        parts += [" ", authors_text(entry).add_period()]
    parts += [" ", venue_text(entry).add_period()]
    for link in entry.links:
        if not link.local:  # a file's address depends on the page: the lists link it
            parts += [" ", HRef(link.url, link.label)]
    return Text(*parts)


# --- pybtex plugins -----------------------------------------------------------------------------


class AcademicStyle(BaseStyle):
    """The formatting style: one sentence per entry, from its checked record."""

    default_name_style = "plain"
    default_label_style = LABEL_STYLE
    default_sorting_style = SORTING_STYLE

    def format_entry(self, label, entry, bib_data=None) -> FormattedEntry:
        found = record(entry.key)
        if found is None:  # an entry of a file this extension did not load
            return FormattedEntry(entry.key, Text(entry.fields.get("title", entry.key)), label)
        digest = _current.digests.get(entry.key, "")
        cached = _current.formatted.get(entry.key)
        if cached is None or cached[0] != digest:
            cached = _current.formatted[entry.key] = (digest, entry_text(found))
        return FormattedEntry(entry.key, cached[1], label)


def newest_first(key: str) -> tuple:
    """Sorting key: newest year (and month) first; within the same month, the file's order."""
    found = record(key)
    if found is None:
        return (1, 0, 0, 0, key)
    return (0, -found.year, -(found.month or 0), _current.order.get(key, 0), key)


class NewestFirst(BaseSortingStyle):
    """The ``newest_first`` sorting style, for sphinxcontrib-bibtex's bibliographies."""

    def sorting_key(self, entry):
        return newest_first(entry.key)


class AuthorYearLabels(BaseLabelStyle):
    """Labels that read like a parenthetical citation: "Austin et al., 2021a"."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            found = record(entry.key)
            names = found.short_authors or found.title_text if found else entry.key
            yield f"{names}, {year_label(entry.key)}"


# --- the sphinxcontrib-bibtex referencing style ------------------------------------------------


@node
def labelled_year(children, data):
    """The entry's disambiguated year ("2021a"), where sphinxcontrib-bibtex would show "2021"."""
    assert not children
    return Text(year_label(data["entry"].key))


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


@node
def record_names(children, data, full=False):
    """The cited names from the record: "and others" is "et al.", as in the lists."""
    assert not children
    found = record(data["entry"].key)
    if found is None:
        return Text(data["entry"].key)
    return Text(cited_names(found, full=full))


@dataclass
class RecordPersons(PersonStyle):
    """Names for every author–year role, taken from the records (LaTeX decoded, "et al.")."""

    def author_or_editor_or_title(self, full: bool):
        return record_names(full=full)


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name: str):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[join(sep=self.author_year_sep)[
                self.person.author_or_editor_or_title(full="s" in role_name), labelled_year,
            ]],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name: str):
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
    def inner(self, role_name: str):
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

    def __post_init__(self):
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


def disambiguated_years(entries: Iterable[Publication]) -> dict[str, str]:
    """key → "2021a" for entries whose short author list and year are shared, else the year.

    Letters follow the order of the lists (:func:`newest_first`: the later month first, then
    the file's order), as APA assigns them in the order its reference list gives: the first of
    two 2021 papers listed is "2021a", in the list and in every citation.
    """
    groups: dict[tuple[str, int], list[tuple[int, Publication]]] = {}
    for position, entry in enumerate(entries):
        groups.setdefault((entry.short_authors or entry.title_text, entry.year), []).append(
            (position, entry))
    years = {}
    for (_names, year), group in groups.items():
        text = str(year) if year else "n.d."
        if len(group) == 1:
            years[group[0][1].key] = text
            continue
        listed = sorted(group, key=lambda item: (-(item[1].month or 0), item[0]))
        for index, (_position, entry) in enumerate(listed):
            years[entry.key] = text + _letters(index)
    return years


def _letters(index: int) -> str:
    """a, b, …, z, aa, ab, …"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters
