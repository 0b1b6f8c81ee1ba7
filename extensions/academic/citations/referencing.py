"""The site's sphinxcontrib-bibtex referencing style: author–year citations in round brackets.

sphinxcontrib-bibtex's author–year roles (``cite:p``, ``cite:t``, ``cite:ps``, ``cite:year``,
…) with the names and the year read from the records: "and others" is "et al.", as in the
lists, and two 2021 papers by Lovelace et al. are "2021a" and "2021b" (:mod:`.year_letters`), in
the text and in the lists alike. Apart from pybtex's styles (:mod:`.styles`), as it is built of
sphinxcontrib-bibtex's own template nodes and styles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pybtex.richtext import Text
from pybtex.style.template import Node, node
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

from ..bib.model import Publication
from ..compat import bibtex as compat_bibtex
from .entries import record_of


@node  # type: ignore[untyped-decorator]  # pybtex is untyped
def labelled_year(children: list[Any], data: dict[str, Any]) -> Text:
    """The entry's disambiguated year ("2021a"), where sphinxcontrib-bibtex would show "2021"."""
    assert not children
    found = record_of(data["entry"])
    return Text(found.year_label if found else "n.d.")


def cited_names(entry: Publication, *, full: bool) -> str:
    """Last names as a citation gives them: "Lovelace et al.", or all of them for ``cite:ts``."""
    if not full:
        return entry.short_authors or entry.title_text
    names = [author.last for author in entry.named_authors]
    if names and not entry.byline_complete:
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

    "(Lovelace et al., 2021a; Hopper et al., 2021)", "Lovelace et al. (2021a)", "2021a".
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
        compat_bibtex.finish_group_style(self)
