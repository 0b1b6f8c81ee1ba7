"""The site's citation style, as plugins for pybtex and sphinxcontrib-bibtex.

sphinxcontrib-bibtex formats entries with a pybtex *formatting style* (``bibtex_default_style``)
and writes citations with a *referencing style* (``bibtex_reference_style``). This module
registers, through pybtex's and sphinxcontrib-bibtex's plugin APIs:

* ``academic`` (``pybtex.style.formatting``): "Title. Authors. Venue, 2021a." with the owner's
  name in bold, equal-contribution marks and LaTeX markup rendered (``\\emph`` → emphasis);
* ``newest_first`` (``pybtex.style.sorting``): newest year and month first, then file order;
* ``author_year`` (``pybtex.style.labels``): labels such as "Lovelace et al., 2021a";
* ``academic`` (``sphinxcontrib.bibtex.style.referencing``): sphinxcontrib-bibtex's author–year
  roles (``cite:p``, ``cite:t``, ``cite:ps``, ``cite:year``, …) in round brackets, with years
  disambiguated the way natbib and biblatex do: two 2021 papers by Lovelace et al. are "2021a" and
  "2021b", in the text and in the lists alike.

Every style reads the checked records of :mod:`..bib.records` rather than the raw pybtex entry,
so what a page shows is decoded and normalised the same way everywhere. pybtex and
sphinxcontrib-bibtex create plugins without arguments and hand them the entries of
sphinxcontrib-bibtex's parsed data; those entries are :class:`.entries.RecordEntry` objects,
made by this extension from the records (:func:`.bibfiles.hand_to_engine`), and each carries its
record: a style formats the record of the entry it is given, and nothing is looked up by key.
The records are plain data: formatting an entry costs microseconds, not the milliseconds of a
template style decoding LaTeX; its text is kept from build to build in the ``academic`` domain
all the same, since sphinxcontrib-bibtex formats every entry of every bibliography on every
build.

This module holds the pybtex styles and registers every plugin; the entries' text is
:mod:`.rich_text`'s, the referencing style :mod:`.referencing`'s, the years' letters
:mod:`.year_letters`'.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting import BaseSortingStyle
from pybtex_docutils import Backend as DocutilsBackend
from sphinxcontrib.bibtex.plugin import register_plugin as register_referencing_plugin

from ..bib.model import Publication
from .entries import RecordEntry, record_of
from .referencing import AcademicReferenceStyle

FORMATTING_STYLE = "academic"
SORTING_STYLE = "newest_first"
LABEL_STYLE = "author_year"
REFERENCING_STYLE = "academic"


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
    """Labels that read like a parenthetical citation: "Lovelace et al., 2021a"."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        for entry in sorted_entries:
            found = record_of(entry)
            names = found.short_authors or found.title_text if found else entry.key
            yield f"{names}, {found.year_label if found else 'n.d.'}"


#: The plugins this process has registered with pybtex, by group and name.
REGISTERED: set[tuple[str, str]] = set()


def registered(group: str, name: str, plugin: type) -> bool:
    """Whether this process registered ``plugin`` under ``name`` and pybtex still finds it (a
    run-time plugin is found without scanning the entry points)."""
    return (group, name) in REGISTERED and pybtex.plugin.find_plugin(group, name) is plugin


def register_plugins() -> None:
    """Make the styles available by name to ``bibtex_default_style`` and friends.

    pybtex's own plaintext and docutils backends and its plain names are registered under
    their own names too: pybtex looks a plugin up among every installed package's entry points
    on each call unless it was registered at run time, and sphinxcontrib-bibtex looks the
    plaintext backend up for every citation it resolves (8 ms each: 11 s of a build with 1,400
    citations), the names for every bibliography it formats.
    Registering scans the entry points too: a plugin an earlier application of this process
    registered is left as it is.
    """
    for group, name, plugin in (
        ("pybtex.style.formatting", FORMATTING_STYLE, AcademicStyle),
        ("pybtex.style.sorting", SORTING_STYLE, NewestFirst),
        ("pybtex.style.labels", LABEL_STYLE, AuthorYearLabels),
        ("pybtex.style.names", AcademicStyle.default_name_style, PlainNames),
        ("pybtex.backends", "plaintext", PlaintextBackend),
        ("pybtex.backends", "docutils", DocutilsBackend),
    ):
        if not registered(group, name, plugin):
            pybtex.plugin.register_plugin(group, name, plugin, force=True)
            REGISTERED.add((group, name))
    register_referencing_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCING_STYLE,
                                AcademicReferenceStyle, force=True)
