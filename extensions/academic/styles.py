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
from .bibliography import Publication, RichText

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


class EqualContributionMark(BaseMultipartText):
    """An asterisk after an author's name that says what it means to assistive technology."""

    def __init__(self, *parts):
        super().__init__(*(parts or ("*",)))

    def render(self, backend):
        if isinstance(backend, DocutilsBackend):
            return [nodes.abbreviation("*", "*", explanation="equal contribution")]
        return backend.format_str("*")


def rich(text: RichText) -> Text:
    """pybtex rich text from a record's decoded runs ("em" and "strong" kept)."""
    return Text(*(Tag(style, run) if style else run for run, style in text))


def authors_text(entry: Publication, *, highlight: bool = True) -> Text:
    """"A, B, and C"; "A and B"; "A, B et al." when the entry ends with "and others"."""
    parts: list[BaseText | str] = []
    authors = entry.authors
    for position, author in enumerate(authors):
        if position:
            last = position == len(authors) - 1
            if author.is_others:
                parts.append(" ")
            elif last:
                parts.append(" and " if len(authors) == 2 else ", and ")
            else:
                parts.append(", ")
        if author.is_others:
            parts.append("et al.")
            continue
        parts.append(Tag("strong", author.name) if highlight and author.is_owner else author.name)
        if author.equal_contribution:
            parts.append(EqualContributionMark())
    return Text(*parts)


#: One instance: ``render_as("text")`` would look the backend up among entry points each time.
PLAINTEXT = PlaintextBackend()


def as_plain_text(text: BaseText) -> str:
    return text.render(PLAINTEXT)


def venue_text(entry: Publication) -> Text:
    """"*Venue*, 2021a", or the year alone."""
    year = year_label(entry.key)
    if entry.venue:
        return Text(Tag("em", rich(entry.venue)), ", ", year)
    return Text(year)


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

    Letters follow the titles' alphabetical order, as biblatex's default sorting gives them.
    """
    groups: dict[tuple[str, int], list[Publication]] = {}
    for entry in entries:
        groups.setdefault((entry.short_authors or entry.title_text, entry.year), []).append(entry)
    years = {}
    for (_names, year), group in groups.items():
        text = str(year) if year else "n.d."
        if len(group) == 1:
            years[group[0].key] = text
            continue
        for index, entry in enumerate(sorted(group, key=lambda e: (e.title_text.lower(), e.key))):
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
