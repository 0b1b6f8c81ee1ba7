"""Entries in the formats reference managers read: BibTeX, RIS, CSL-JSON, and the COinS span
(an OpenURL ContextObject) that lets Zotero's connector find every entry of a list page.

Each renders the entry's model (:mod:`.display`) and states only what the source says:

* the authors are the names the source gives, in order. A byline that is not whole (``and
  others``, a ``contribution`` placing the owner beyond the names) says so where the format
  can: BibTeX keeps ``and others``; CSL-JSON ends the list with ``{"literal": "others"}``
  (pandoc's reading of BibTeX's ``and others``, which its citeproc renders as "et al.");
  RIS and COinS have no way to say it, and list the named authors only. The owner is never
  added to a list at a place the source does not give; a contributor to a team's work is a
  CSL ``contributor`` and a COinS ``rft.contributor`` (RIS has no such role);
* the editors of the volume a work is in, where the source names authors too, are CSL's
  ``editor`` and RIS's A2 (A3 for a book), as Zotero's RIS translator reads them; COinS's
  ``rft.au`` names authors alone. An @inproceedings's ``organization`` is its publisher
  where the source names none (BibLaTeX's reading of it);
* an abstract keeps its paragraphs where the format can (CSL-JSON), not in RIS;
* the date has the source's precision: CSL ``date-parts`` ``[[2021]]``, ``[[2021, 8]]``,
  a range as its two dates (``[[2020, 1], [2020, 3]]``); RIS ``PY`` the year, ``DA`` only
  when the month is known (``2021/08//``), and COinS's date, each one date: a range's start;
  never a year letter ("2021a" is a citation's, not the work's);
* addresses are only those the URL policy made the entry's links (:mod:`.urls`): the
  work's own (:attr:`.Display.same_work`), never its code or slides;
* each format is escaped for where it lands: BibTeX is the checked entry a page shows
  (parsed by pybtex, so its braces balance); RIS has no escaping, so every value is one line
  (a line break in a title would start a tag of its own), and an RIS file's lines end in CR LF,
  as the RIS specification asks (a page shows an entry's lines as any text); CSL-JSON is
  written by ``json``;
  COinS values are percent-encoded (Zotero's reader decodes "+" and "%2B" alike as a space,
  so a "+" in a title reaches it as a space: the one loss, and the format's; the site writes
  a space as "+").

Nothing here knows about Sphinx.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple
from urllib.parse import quote

from .display import BOOK_TYPES, FREE_VENUE_TYPES, Display, display_of
from .model import Author, Publication


class Kinds(NamedTuple):
    """What an entry is in each format: CSL's type, RIS's ``TY``, COinS's metadata format
    with its genre (for ``dc``, the Zotero item type Zotero's reader takes from ``rft.type``),
    and schema.org's type (the paper page's JSON-LD)."""

    csl: str
    ris: str
    coins_format: str
    coins_genre: str
    schema_org: str


KINDS_OF_TYPE = {
    # What the list calls a book (:data:`.display.BOOK_TYPES`: a volume of proceedings, a
    # collection, a booklet) is one in every export too.
    **dict.fromkeys(BOOK_TYPES, Kinds("book", "BOOK", "book", "book", "Book")),
    "article": Kinds("article-journal", "JOUR", "journal", "article", "ScholarlyArticle"),
    "inproceedings": Kinds("paper-conference", "CPAPER", "book", "proceeding",
                           "ScholarlyArticle"),
    "conference": Kinds("paper-conference", "CPAPER", "book", "proceeding", "ScholarlyArticle"),
    "incollection": Kinds("chapter", "CHAP", "book", "bookitem", "Chapter"),
    "inbook": Kinds("chapter", "CHAP", "book", "bookitem", "Chapter"),
    "phdthesis": Kinds("thesis", "THES", "dissertation", "", "Thesis"),
    "mastersthesis": Kinds("thesis", "THES", "dissertation", "", "Thesis"),
    "thesis": Kinds("thesis", "THES", "dissertation", "", "Thesis"),
    "techreport": Kinds("report", "RPRT", "book", "report", "Report"),
    "report": Kinds("report", "RPRT", "book", "report", "Report"),
    "software": Kinds("software", "COMP", "dc", "computerProgram", "SoftwareSourceCode"),
    "dataset": Kinds("dataset", "DATA", "dc", "dataset", "Dataset"),
    "online": Kinds("webpage", "ELEC", "dc", "webpage", "WebPage"),
    "www": Kinds("webpage", "ELEC", "dc", "webpage", "WebPage"),
    "electronic": Kinds("webpage", "ELEC", "dc", "webpage", "WebPage"),
    "unpublished": Kinds("manuscript", "UNPB", "dc", "manuscript", "Manuscript"),
}
#: A preprint: free text for a venue and an arXiv link (the list's "arXiv" chip), or an
#: article in a preprint server (:attr:`.Display.preprint_article`).
PREPRINT = Kinds("article", "UNPB", "dc", "preprint", "ScholarlyArticle")
OTHER = Kinds("document", "GEN", "dc", "document", "CreativeWork")
#: Venue fields that name what the work is part of (a journal, proceedings, a book); the
#: others name who published it.
CONTAINER_FIELDS = frozenset({"journal", "booktitle"})
PUBLISHER_FIELDS = frozenset({"school", "institution", "organization", "publisher"})
#: RIS's tag for the editors of the volume an entry is in, by ``TY``, as Zotero's RIS
#: translator (zotero/translators, RIS.js, its ``fieldMap``) reads and writes it.
RIS_EDITOR_TAGS = {"CHAP": "A2", "CPAPER": "A2", "CONF": "A2", "JOUR": "A2", "GEN": "A2",
                   "BOOK": "A3"}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

OTHERS = {"literal": "others"}


def kinds(model: Display) -> Kinds:
    record = model.record
    if record.entry_type in FREE_VENUE_TYPES and model.arxiv_id or model.preprint_article:
        return PREPRINT
    return KINDS_OF_TYPE.get(record.entry_type, OTHER)


def one_line(text: str) -> str:
    """A value on one line: line breaks, tabs and control characters become single spaces."""
    return " ".join(CONTROL.sub(" ", text).split())


def split_name(author: Author) -> tuple[str, str, str]:
    """(family, given, suffix) of a person: "John von Neumann, Jr." → ("von Neumann", "John",
    "Jr."). A name whose last part is not found in it is all family name."""
    at = author.name.rfind(author.last) if author.last else -1
    if at < 0:
        return author.name, "", ""
    suffix = author.name[at + len(author.last):].strip().lstrip(",").strip()
    return author.last, author.name[:at].strip(), suffix


def _field(model: Display, name: str) -> str:
    return one_line(model.record.fields.get(name, ""))


def _venue(model: Display, kind: Kinds) -> tuple[str, str, str]:
    """(container, publisher, note): where the work appeared, as the source names it; ``kind``
    is the entry's (:func:`kinds`)."""
    name, text = model.venue_field
    text = one_line(text)
    # A book is no part of its booktitle: a volume's is its own title (DBLP's @proceedings).
    # Nor is a preprint server the journal of an article in it (Display.preprint_article).
    container = (text if name in CONTAINER_FIELDS and kind.csl != "book"
                 and not model.preprint_article else "")
    note = text if name == "howpublished" else ""
    # Where the venue is a journal or proceedings, the publisher is the source's; failing
    # one, its organization (a proceedings' sponsoring society): BibLaTeX reads an
    # @inproceedings's organization into its publisher list, and CSL-JSON and RIS have no
    # sponsor of their own.
    sponsor = _field(model, "organization") if model.record.entry_type in (
        "inproceedings", "conference") else ""
    publisher = text if name in PUBLISHER_FIELDS else _field(model, "publisher") or sponsor
    return container, publisher, note


def _address(model: Display) -> str:
    """The one address of the work a format has room for: the first, the DOI aside (it has a
    field of its own)."""
    return next((url for url in model.work_addresses if not url.startswith("https://doi.org/")),
                "")


# --- BibTeX ------------------------------------------------------------------------------------


def bibtex_entry(record: Publication) -> str:
    """The checked entry (:attr:`.Publication.bibtex`), its names ending in ``and others``
    where the model says the byline goes on and the source did not write it (names that stop
    before the owner's place, ``contribution = {author 25 of 67}``): the ``contribution``
    field is the site's own, and without it the names would read as the whole byline."""
    model = display_of(record)
    if model.complete or not model.authors or any(a.is_others for a in record.authors):
        return record.bibtex
    role = model.record.people_role
    return re.sub(rf"^(  {role} = \{{.*)\}},$", r"\1 and others},", record.bibtex, count=1,
                  flags=re.MULTILINE)


def bibtex_file(entries: Iterable[str]) -> str:
    return "\n\n".join(entries) + "\n"


def bibtex(records: Iterable[Publication]) -> str:
    """The entries as a ``.bib`` file."""
    return bibtex_file(bibtex_entry(record) for record in records)


# --- CSL-JSON ----------------------------------------------------------------------------------


def csl_name(author: Author) -> dict[str, str]:
    if author.is_organization:
        return {"literal": one_line(author.name)}
    family, given, suffix = split_name(author)
    name = {"family": one_line(family)}
    if given:
        name["given"] = one_line(given)
    if suffix:
        name["suffix"] = one_line(suffix)
    return name


def csl_item(record: Publication) -> dict[str, Any]:
    """One entry as a CSL-JSON item (schema: citation-style-language/schema, csl-data.json)."""
    model = display_of(record)
    kind = kinds(model)
    item: dict[str, Any] = {"id": record.key, "citation-key": record.key, "type": kind.csl}
    if model.title:
        item["title"] = one_line(model.title)
    names = [csl_name(author) for author in model.authors]
    if not model.complete and names:
        names.append(dict(OTHERS))
    if names:
        item[model.record.people_role] = names
    editors = [csl_name(editor) for editor in model.editors]
    if editors and not model.editors_complete:
        editors.append(dict(OTHERS))
    if editors:  # the volume's editors, beside its authors (CSL's name variable "editor")
        item["editor"] = editors
    if model.role == "contributor" and model.owner:
        item["contributor"] = [{"literal": one_line(model.owner)}]
    container, publisher, note = _venue(model, kind)
    if model.marks_in_words:  # CSL's names have no marks: said in words, as RIS's note says
        note = "; ".join(part for part in (note, f"Authors: {one_line(model.credit_in_words)}")
                         if part)
    for name, value in (("container-title", container), ("publisher", publisher),
                        ("publisher-place", _field(model, "address")),
                        ("collection-title", _field(model, "series")),
                        ("edition", _field(model, "edition")),
                        ("volume", one_line(model.volume)),
                        ("issue" if kind.csl == "article-journal" else "number",
                         _field(model, "number")),
                        ("page", _field(model, "pages")), ("note", note)):
        if value:
            item[name] = value
    if kind is PREPRINT and model.arxiv_id:  # an article in "CoRR" may name no identifier
        item["number"] = f"arXiv:{model.arxiv_id}"
    if model.year:
        parts = [model.year, *([model.month] if model.month else []),
                 *([model.day] if model.day else [])]
        # A range is two dates; an open one ("2020/..") gives its start alone: date-parts has
        # no open end (CSL's EDTF form has, but not every processor reads it).
        end = model.date.end if model.date else None
        item["issued"] = {"date-parts": [parts, *([[p for p in end if p]] if end else [])]}
        if model.date and model.date.qualified:  # EDTF's "2018-05-03?": CSL's one word for it
            item["issued"]["circa"] = True
    if model.doi:
        item["DOI"] = model.doi
    if address := _address(model):
        item["URL"] = address
    if record.abstract:
        # Its paragraphs kept, apart by a blank line: JSON escapes the line breaks.
        item["abstract"] = "\n\n".join(one_line(text) for text in record.abstract.split("\n\n"))
    return item


def csl_file(items: Sequence[dict[str, Any]], *, one_per_line: bool = False) -> str:
    """Items as a CSL-JSON file (an array): indented, or one item a line (a long list, which
    json's C encoder writes many times faster)."""
    if one_per_line:
        lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
        return f"[\n{lines}\n]\n"
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def csl_json(records: Iterable[Publication]) -> str:
    """The entries as a CSL-JSON file."""
    return csl_file([csl_item(record) for record in records])


# --- RIS ---------------------------------------------------------------------------------------


def ris_name(author: Author) -> str:
    if author.is_organization:
        return one_line(author.name)
    family, given, suffix = split_name(author)
    return ", ".join(one_line(part) for part in (family, given, suffix) if part)


def ris_entry(record: Publication) -> str:
    """One entry as an RIS record, ``TY`` to ``ER``: each value on its line (RIS has no
    escaping), the named authors only (RIS cannot say a list goes on: a note says it)."""
    model = display_of(record)
    kind = kinds(model)
    tags: list[tuple[str, str]] = [("TY", kind.ris), ("ID", one_line(record.key)),
                                   ("TI", one_line(model.title))]
    people = "ED" if model.record.people_role == "editor" else "AU"
    tags += [(people, ris_name(author)) for author in model.authors]
    # The volume's editors where the authors are named too: RIS's secondary author, A2, is the
    # editor of a chapter's book or a paper's proceedings (and of a journal article's or a
    # generic document's) in Zotero's RIS translator, A3 a book's editor (A2 is its series
    # editor). Other kinds have no tag that Zotero reads as an editor: none is written.
    editor_tag = RIS_EDITOR_TAGS.get(kind.ris, "")
    if editor_tag:
        tags += [(editor_tag, ris_name(editor)) for editor in model.editors]
    container, publisher, note = _venue(model, kind)
    tags += [("T2", container), ("VL", one_line(model.volume))]
    if kind.csl == "article-journal":
        tags.append(("IS", _field(model, "number")))
    elif kind.ris == "RPRT":
        # A report's number: SN, which Zotero's RIS translator (zotero/translators, RIS.js)
        # reads and writes as a report's reportNumber; it reads M1 into "extra", not as it.
        tags.append(("SN", _field(model, "number")))
    pages = model.pages
    # SP is a start page: text that is no page nor range ("--5") is none.
    tags += [("SP", pages[0]), ("EP", pages[1])] if pages else [("SP", model.first_page)]
    tags += [("PB", publisher), ("CY", _field(model, "address")), ("ET", _field(model, "edition"))]
    if model.year:
        tags.append(("PY", f"{model.year:04d}"))
    if model.year and model.month:
        # RIS's date is "YYYY/MM/DD/other", an unknown part left empty: one date, so a range
        # gives its start, as PY does.
        day = f"{model.day:02d}" if model.day else ""
        tags.append(("DA", f"{model.year:04d}/{model.month:02d}/{day}/"))
    tags += [("DO", model.doi), ("N1", note)]
    if (not model.complete or model.marks_in_words) and model.authors:
        # RIS has no "and others", nor marks: its AU lines read as the whole byline, and as
        # no one's part. A note (Zotero makes each N1 a note of the item) says it goes on,
        # and who contributed equally, as the page does.
        tags.append(("N1", f"Authors: {model.credit_in_words}"))
    tags += [("UR", url) for url in model.work_addresses]
    tags.append(("AB", one_line(record.abstract)))
    lines = [f"{tag}  - {one_line(value)}" for tag, value in tags if value]
    return "\n".join([*lines, "ER  - "]) + "\n"


def ris_file(entries: Iterable[str]) -> str:
    """Entries (:func:`ris_entry`) as an RIS file: each line ends in CR LF, as the RIS
    specification asks of every tag's line (Research Information Systems' "RIS Format
    Specifications", "Use separate lines for each tag"), and as Zotero's RIS export writes
    them. The entries' values hold no line break (:func:`one_line`)."""
    return "\n".join(entries).replace("\n", "\r\n")


def ris(records: Iterable[Publication]) -> str:
    """The entries as an RIS file (CR LF line ends)."""
    return ris_file(ris_entry(record) for record in records)


# --- COinS -------------------------------------------------------------------------------------


def coins(record: Publication) -> str:
    """The entry as an OpenURL ContextObject in key/value form, the ``title`` of a COinS span
    (``<span class="Z3988">``): the keys Zotero's COinS translator reads
    (``Zotero.Utilities.parseContextObject``) for the entry's kind."""
    model = display_of(record)
    kind = kinds(model)
    fmt, genre = kind.coins_format, kind.coins_genre
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"),
                                    ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}")]
    if fmt == "dc":
        pairs.append(("rft.type", genre))
    elif genre:
        pairs.append(("rft.genre", genre))
    container, publisher, _note = _venue(model, kind)
    title = one_line(model.title)
    if fmt == "journal":
        pairs += [("rft.atitle", title), ("rft.jtitle", container)]
    elif genre in ("proceeding", "bookitem"):
        pairs += [("rft.atitle", title), ("rft.btitle", container)]
    elif fmt == "book":
        pairs.append(("rft.btitle", title))
    else:
        pairs.append(("rft.title", title))
    if model.record.people_role == "author":
        for author in model.authors:
            if author.is_organization:
                pairs.append(("rft.aucorp", one_line(author.name)))
            else:
                pairs.append(("rft.au", ris_name(author)))
    if model.role == "contributor" and model.owner:
        pairs.append(("rft.contributor", one_line(model.owner)))
    if model.year:  # one date in OpenURL: a range's start
        pairs.append(("rft.date", model.iso_date()))
    pairs += [("rft.volume", one_line(model.volume))]
    if fmt == "journal":
        pairs.append(("rft.issue", _field(model, "number")))
    pairs.append(("rft.pages", _field(model, "pages")))
    if fmt == "dissertation":
        pairs.append(("rft.inst", publisher))
    elif fmt == "dc":
        pairs.append(("rft.publisher", publisher))
    else:
        pairs += [("rft.pub", publisher), ("rft.place", _field(model, "address"))]
    if model.doi:
        pairs.append(("rft_id", f"info:doi/{model.doi}"))
    if address := _address(model):
        pairs.append(("rft_id", address))
    return "&".join(f"{key}={coins_value(value)}" for key, value in pairs if one_line(value))


#: Characters a ContextObject value keeps as they are: Zotero splits on "&" and "=" and
#: decodes with decodeURIComponent, which leaves these alone (a list of 2,000 spans is
#: lighter by each one not written as three).
COINS_SAFE = ":/,;@!'()*~"


def coins_value(value: str) -> str:
    """A value percent-encoded, a space as "+" (Zotero reads "+" as a space, so a "+" of the
    text, encoded "%2B", reaches it as a space too: the format's one loss)."""
    return quote(one_line(value), safe=COINS_SAFE).replace("%20", "+")
