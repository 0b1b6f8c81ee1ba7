"""sphinxcontrib-bibtex's entries made from the checked records, each carrying its record.

pybtex and sphinxcontrib-bibtex create style plugins without arguments and hand them the
entries of sphinxcontrib-bibtex's parsed data: made by this extension from the records
(:func:`.bibfiles.hand_to_engine`), a :class:`RecordEntry` gives a style the record of the entry
it formats, and nothing is looked up by key. Its formatted text (:mod:`.rich_text`) is kept
from build to build while what pages show of it is the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pybtex.database import Entry, Person
from pybtex.richtext import Text

from ..bib.model import Publication
from .rich_text import entry_text

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
