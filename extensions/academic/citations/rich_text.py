"""An entry as pybtex rich text: the one formatter of titles, author lists and venues.

The reference a citation's list gives ("Title. Authors. Venue, 2021a."), and its parts the
publications lists, the paper pages and the feed take: the owner in bold, equal contribution
and the authors an ellipsis stands for explained to assistive technology (``<abbr title>``),
the names a shortened list folds away in a ``<details>``. Every part is written from the
entry's model (:mod:`..bib.display`), so no format decides again which names to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import BaseMultipartText, BaseText, HRef, Tag, Text
from pybtex_docutils import Backend as DocutilsBackend

from ..bib.display import display_of
from ..bib.latex import RichText
from ..bib.model import Author, Publication


class Explained(BaseMultipartText):  # type: ignore[misc]  # pybtex is untyped
    """A mark whose meaning assistive technology reads ("*": equal contribution; "…": authors
    2–24); ``<abbr title>`` in HTML, the mark alone in plain text. The class takes away the
    browser's dotted underline of ``<abbr>``, which under a star looks like specks: the
    page's legend says what each mark means."""

    def __init__(self, explanation: str, *parts: BaseText | str,
                 css_class: str = "academic-mark") -> None:
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
