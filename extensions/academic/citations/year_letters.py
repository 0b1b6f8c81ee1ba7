"""The letters that tell apart the works of the same authors and year: "2021a", "2021b".

Given once the whole bibliography is known, in the order of the lists, as natbib, biblatex and
APA do, so that a citation and the lists agree. Apart from the styles that show them: the
records carry their letter (:attr:`..bib.model.Publication.year_letter`). Nothing here knows
about Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..bib.model import Publication


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
