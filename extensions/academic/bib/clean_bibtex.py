"""The BibTeX of an entry as a reader copies it: standard fields only, in a fixed order.

Made once per record (:attr:`.model.Publication.bibtex`), apart from the reading of entries
(:mod:`.records`): what is written back is a choice of its own (no exporter's bookkeeping, months
as BibTeX's macros, AASTeX journal macros written out). Nothing here knows about Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database import Person

from .fields import MONTHS, entry_date, parse_month, read_year
from .latex_commands import JOURNAL_MACROS
from .links import bare_doi, url_text
from .urls import kind_of

#: Fields written back when the BibTeX of an entry is shown, in this order.
BIBTEX_FIELDS = (
    "title", "author", "editor", "journal", "booktitle", "volume", "number", "pages",
    "publisher", "institution", "organization", "school", "howpublished", "address", "edition",
    "series", "chapter", "note", "year", "month", "date", "doi", "url", "eprint",
    "archiveprefix", "primaryclass",
)  # fmt: skip

#: BibLaTeX's types that BibTeX knows by another name, for the copy.
BIBTEX_TYPES = {"report": "techreport"}

#: A value that is one macro, such as NASA ADS's journals: ``\mnras``, ``{\apj}``.
JOURNAL_MACRO = re.compile(r"\{?\s*\\([A-Za-z]+)\s*\}?")


def _portable(value: str) -> str:
    """A value that needs no package of a publisher: an AASTeX journal macro (``\\mnras``, as
    NASA ADS exports journals) is written as the journal's name."""
    macro = JOURNAL_MACRO.fullmatch(value)
    if macro and macro.group(1) in JOURNAL_MACROS:
        return JOURNAL_MACROS[macro.group(1)]
    return value


def clean_bibtex(entry_type: str, key: str, fields: Mapping[str, str],
            persons: Mapping[str, tuple[Person, ...]]) -> str:
    """A clean BibTeX entry a reader can paste into any file: standard fields only, in a fixed
    order, values as written but for journal macros, which are written out, and a ``url``,
    which is the address the site links (TeX's escapes undone), or left out where it is no
    http(s) address."""
    names = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
    # BibLaTeX's @report is no BibTeX type (its styles would make it a @misc); @techreport is
    # one to both (BibLaTeX reads it as a @report of type "techreport").
    lines = [f"@{BIBTEX_TYPES.get(entry_type, entry_type)}{{{key},"]
    for name in BIBTEX_FIELDS:
        if name in ("author", "editor"):
            people = persons.get(name)
            if people:
                value = " and ".join(str(person) for person in people)
                lines.append(f"  {name} = {{{value}}},")
        elif name == "date":
            # What BibTeX's year and month cannot say, a day or a range ("2020-01/2020-03",
            # "2020/..") or that the date is not sure ("2018-05-03?"), as BibLaTeX reads it;
            # BibTeX's own styles read the year and month before it, the start.
            year = read_year(fields.get("year", ""))
            month = parse_month(fields.get("month", ""))
            date = entry_date(fields.get("date", ""), year, month) if year else None
            if date and (date.is_range or date.start.day or date.qualified):
                lines.append(f"  date = {{{date.bibtex()}}},")
        elif fields.get(name, "").strip():
            value = fields[name].strip()
            month = parse_month(value) if name == "month" else None
            if month:
                lines.append(f"  month = {MONTHS[month - 1][:3]},")
                continue
            if name == "url":
                value = url_text(value)
                if kind_of(value) != "web":
                    # The one URL policy holds for the copy too: biblatex makes the field a
                    # link in the reader's document, and no page of the site links it.
                    continue
                # As the site's links give it, escapes undone: biblatex and hyperref read a
                # url as written ("paper\_files" would keep its backslash).
            if name == "doi":
                # The DOI itself, as RIS, CSL-JSON and the meta tags give it: a resolver's
                # address or "doi:" before it would be read as part of the DOI by BibLaTeX
                # (a link to https://doi.org/https://doi.org/…). A value that is no DOI (an
                # ISBN) stays as written.
                value = bare_doi(value) or value
            lines.append(f"  {names.get(name, name)} = {{{_portable(value)}}},")
    lines.append("}")
    return "\n".join(lines)
