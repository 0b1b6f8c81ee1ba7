"""The one rule that writes, and shortens, an entry's author list with the owner's part in it.

"A, B, and C"; "A, B et al." where the source ends with "and others"; where the names stop
before the owner, his place ("Babbage, …, Ada Lovelace, … (67 authors)") or his part ("Babbage,
Hopper et al., including Ada Lovelace"); a long list folded around the owner ("and 8 more"). The
line is a tuple of :class:`Segment`, which each format writes its own way (rich text, plain
text, Typst): none decides again which names to show. Apart from the rest of an entry's model
(:mod:`.display`), whose :meth:`.display.Display.author_line` it is, as the rule is the subtlest
part of it. Nothing here knows about Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Author, Publication

ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of an author line.

    ``kind`` is "text" (a separator or words: ", ", " et al."), "name" (an author of the
    list), "owner" (the owner, where the list does not name him), "gap" (an ellipsis for
    authors the source does not name; ``explanation`` says which: "authors 2–24") or
    "folded" (names the shortening rule hides: ``text`` is the summary, "and 8 more";
    ``hidden`` the names with the separator before each, the first being ``lead``, the one
    before them in the whole list).
    """

    kind: str
    text: str = ""
    author: Author | None = None
    hidden: tuple[tuple[str, Author], ...] = ()
    explanation: str = ""
    lead: str = ""


def _positions(first: int, last: int) -> str:
    return f"author {first}" if first == last else f"authors {first}\N{EN DASH}{last}"


def author_line(record: Publication, place: int | None, owner_listed: bool,
                max_names: int = 0) -> tuple[Segment, ...]:
    """The author list with the owner's part in it (:func:`_people_line`), and ", editors"
    after it where the source names editors and no author: the list is theirs."""
    parts = _people_line(record, place, owner_listed, max_names)
    if role := role_suffix(record):
        parts += (Segment("text", role),)
    return parts


def role_suffix(record: Publication) -> str:
    """", editors" (", editor") where the names are a volume's editors, else ""."""
    if record.people_role == "editor" and record.named_authors:
        return ", editors" if len(record.authors) > 1 else ", editor"
    return ""


def _people_line(record: Publication, place: int | None, owner_listed: bool,
                 max_names: int = 0) -> tuple[Segment, ...]:
    """The author list with the owner's part in it, the one rule every form shortens by.

    "A, B, and C"; "A, B et al." where the source ends with "and others". Where the names
    stop before the owner, his place: "Babbage, …, Ada Lovelace, … (67 authors)", or his
    part: "Babbage, Hopper et al., including Ada Lovelace", "Engine Team, Acme — Ada Lovelace
    is a contributor". With ``max_names``, a longer list shows that many names, the owner
    among them, and folds the others ("and 8 more"); a single name is never folded.
    ``place`` is the owner's place where the names stop before him
    (:attr:`.display.Display.owner_place`), ``owner_listed`` whether the names include him.
    """
    named = record.named_authors
    open_ended = len(named) < len(record.authors)
    contribution = record.contribution
    closed = not open_ended and place is None  # the names are the whole list: "…, and C"

    separators = ["" if index == 0 else ", " for index in range(len(named))]
    if closed and len(named) == 2:
        separators[1] = " and "
    elif closed and len(named) > 2:
        separators[-1] = ", and "

    shown = set(range(len(named)))
    limit = max(1, max_names - (1 if place else 0)) if max_names else 0
    if limit and len(named) > limit:
        owner = next((index for index, author in enumerate(named) if author.is_owner), None)
        shown = set(range(limit))
        if owner is not None and owner >= limit:
            shown = set(range(limit - 1)) | {owner}
        # "1 more" would take the room of the name it hides: a single name stays in view.
        shown |= {index for index in range(len(named)) if index not in shown
                  and index - 1 in shown | {-1} and index + 1 in shown | {len(named)}}

    parts: list[Segment] = []
    index = 0
    while index < len(named):
        if index in shown:
            if separators[index]:
                parts.append(Segment("text", separators[index]))
            parts.append(Segment("name", author=named[index]))
            index += 1
            continue
        end = index
        while end < len(named) and end not in shown:
            end += 1
        count = end - index
        trailing = end == len(named) and closed
        # "A and 2 more", as "A and B"; "A, B, and 2 more", as "A, B, and C".
        shown_lead = " " if trailing and index == 1 else separators[index]
        if shown_lead:
            parts.append(Segment("text", shown_lead))
        parts.append(Segment(
            "folded", f"and {count} more" if trailing else f"{count} more",
            hidden=tuple((separators[inner], named[inner]) for inner in range(index, end)),
            lead=separators[index]))
        index = end

    if place is not None and contribution:
        if place > len(named) + 1:
            if named:
                parts.append(Segment("text", ", "))
            parts.append(Segment("gap", ELLIPSIS,
                                 explanation=_positions(len(named) + 1, place - 1)))
        if parts:
            parts.append(Segment("text", ", "))
        parts.append(Segment("owner", contribution.owner))
        total = contribution.total
        if total and total > place:
            parts += [Segment("text", ", "),
                      Segment("gap", ELLIPSIS, explanation=_positions(place + 1, total))]
        if total:
            parts.append(Segment("text", f" ({total} authors)"))
        elif open_ended:
            parts.append(Segment("text", " et al."))
        return tuple(parts)
    if open_ended:
        parts.append(Segment("text", " et al." if named else "et al."))
    if contribution and not owner_listed and contribution.role == "author":
        parts += [Segment("text", ", including "), Segment("owner", contribution.owner)]
    elif contribution and contribution.role == "contributor":
        parts += [Segment("text", " \N{EM DASH} "), Segment("owner", contribution.owner),
                  Segment("text", " is a contributor")]
    return tuple(parts)


def plain_line(segments: tuple[Segment, ...], *, unfold: bool = False,
               marks: bool = True) -> str:
    """An author line in plain text: folded names as their summary, or in place (``unfold``);
    equal contribution marked "*" after a name, or not (``marks``: a text read where no legend
    says what the mark means)."""
    def name(author: Author) -> str:
        return author.name + ("*" if marks and author.equal_contribution else "")

    text: list[str] = []
    for index, segment in enumerate(segments):
        if segment.kind == "name" and segment.author is not None:
            text.append(name(segment.author))
        elif segment.kind == "folded" and unfold:
            if index and segments[index - 1].kind == "text":
                text.pop()  # the separator before the summary: the names bring their own
            text += [separator + name(author) for separator, author in segment.hidden]
        else:
            text.append(segment.text)
    return "".join(text)
