"""One model of an entry as the site shows it, made from its checked record: every output
(the lists, a paper's page, the CV page and PDF, the Atom feed, Google Scholar's tags, JSON-LD,
``llms.txt``, the descriptions and the social cards) renders this, and nothing else.

What it holds is what the BibTeX source says, and no more:

* the authors as published, in order, whether that list is the whole byline (an entry ending
  in ``and others`` is not) and how many authors there are where the source says
  (``contribution = {author 25 of 67}``);
* the editors of the volume the work is in (a proceedings, a book), where the source names
  authors too; without authors, the editors stand as the authors;
* the owner's part: author (at a known place or not), with equal contribution, or contributor
  to work credited to a team;
* the one rule that shortens a long author list (:meth:`Display.author_line`): the first
  names, the owner always kept, the rest folded into "and N more";
* the venue, long (its full name) and short (al-folio's ``abbr``);
* the date with the precision the source gives (a year, a month, a day), and apart from it the
  year of the event where a preprint was presented later (a 2022 workshop for a 2021
  preprint);
* the year's letter ("a" of "2021a"), which only citations show;
* the links, and which of them are the work itself (for ``sameAs``);
* what kind of work it is (journal article, conference paper, preprint…) and its topics (its
  ``keywords`` but ``selected``), by which the lists are filtered.

Each format writes these segments its own way (rich text, plain text, Typst); none decides
again which names to show or what the date is. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from .author_line import Segment, author_line, plain_line, role_suffix
from .fields import PREPRINT_VENUE, SourceDate, entry_date
from .links import bare_doi, doi_address
from .model import Author, Link, PerRecord, Publication
from .people import EQUAL_CONTRIBUTION
from .urls import LABEL_OF_TYPE, same_address

#: How many names a one-line form (a social card, a page's description) shows at most.
SHORT_NAMES = 3
#: Badges that are the work itself (another copy or its record), not something about it: the
#: only links JSON-LD may call ``sameAs``.
SAME_WORK_LABELS = frozenset({
    "arXiv", "DOI", "PubMed", "ADS", "PDF", "HTML", "Paper", "Proceedings", "OpenReview",
    "ACL Anthology", "Eprint", "Article", "Publisher",
})  # fmt: skip
#: Entry types whose own address is the work itself, whatever its badge says: those whose
#: address the URL policy names by the work (a book's or a thesis's site, a program's
#: repository, a data set's page, a web page: :data:`.urls.LABEL_OF_TYPE`), not "Paper".
ADDRESS_IS_WORK = frozenset(LABEL_OF_TYPE)
#: A year written in a venue's name ("the DL4C 2022 workshop").
YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", re.ASCII)
#: Types whose venue is free text (``howpublished``, ``note``), not a journal or proceedings.
FREE_VENUE_TYPES = frozenset({"misc", "unpublished", "online", "www", "electronic"})
THESIS_TYPES = frozenset({"phdthesis", "mastersthesis", "thesis"})
#: "17981--17993" (decoded: "17981–17993"), "1-113", "e1001": first and last page.
PAGE_RANGE = re.compile(r"^\s*([^\s\-–—]+)\s*[-–—]+\s*([^\s\-–—]+)\s*$")
#: "17981", "e1001", "iii": one page, with no dash, comma or space ("--5" and "5, 9" are not).
ONE_PAGE = re.compile(r"^\s*([^\s\-–—,]+)\s*$")
#: What kind of work an entry is, for the lists' filters: value (in a filtered list's
#: address, ``?type=preprint``) → label, in the order the filter offers them.
WORK_TYPES = {
    "journal": "Journal", "conference": "Conference", "workshop": "Workshop",
    "preprint": "Preprint", "book": "Book", "chapter": "Book chapter", "thesis": "Thesis",
    "report": "Report", "software": "Software", "dataset": "Dataset", "patent": "Patent",
    "other": "Other",
}  # fmt: skip
#: Entry types of each kind whose venue does not decide it (``@article`` and the proceedings
#: and free-venue types are decided by their venue: see :attr:`Display.work_type`).
TYPE_OF_ENTRY = {
    **dict.fromkeys(("book", "mvbook", "collection", "mvcollection", "proceedings",
                     "mvproceedings", "booklet", "reference", "mvreference"), "book"),
    **dict.fromkeys(("inbook", "incollection", "bookinbook", "suppbook", "suppcollection",
                     "inreference"), "chapter"),
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis"), "thesis"),
    **dict.fromkeys(("techreport", "report"), "report"),
    "software": "software", "dataset": "dataset", "patent": "patent",
}  # fmt: skip
#: The entry types the list calls a book: a volume of its own (proceedings, a collection, a
#: booklet), in every export and tag too, and part of no other work.
BOOK_TYPES = frozenset(name for name, work in TYPE_OF_ENTRY.items() if work == "book")
PROCEEDINGS_TYPES = frozenset({"inproceedings", "conference"})
WORKSHOP_VENUE = re.compile(r"\bworkshops?\b", re.I)
#: The keyword that marks an entry for the home page: a filter of its own, not a topic.
SELECTED = "selected"


@dataclass(frozen=True)
class Display:
    """An entry as every output shows it (see the module's docstring). Each property is
    worked out once: the record is frozen, and a page, its head, its card and each file ask
    the same ones again (an entry's addresses seven times in a build)."""

    record: Publication

    @cached_property
    def title(self) -> str:
        """The work's title as the source gives it; "" where it gives none. The site names an
        untitled entry by its key (its page, its place in the list), and says so in the build's
        summary; no machine is told the key is the work's title (Scholar, JSON-LD, RIS,
        CSL-JSON, COinS)."""
        # The record's fields are text already: "{\textbackslash}" is "\" there.
        return self.record.title_text if self.record.fields.get("title", "").strip() else ""

    # --- authors ----------------------------------------------------------------------------

    @cached_property
    def authors(self) -> tuple[Author, ...]:
        """The names the source gives, in order ("others" left out)."""
        return self.record.named_authors

    @cached_property
    def editors(self) -> tuple[Author, ...]:
        """The editors of the volume the work is in, where the source names authors too, in
        order ("others" left out); none where the editors stand as the authors
        (:attr:`.Publication.people_role`)."""
        return self.record.named_editors

    @cached_property
    def editors_complete(self) -> bool:
        """The editors named are all of them: no "and others"."""
        return len(self.record.named_editors) == len(self.record.editors)

    @cached_property
    def complete(self) -> bool:
        """The names are the whole byline: no "and others", and no author the source places
        beyond them (``{author 25 of 67}`` after two names)."""
        return self.record.byline_complete

    @cached_property
    def total(self) -> int | None:
        """How many authors the work has, where the source says."""
        if self.record.contribution and self.record.contribution.total:
            return self.record.contribution.total
        return len(self.authors) if self.complete else None

    @cached_property
    def owner_listed(self) -> Author | None:
        return next((author for author in self.authors if author.is_owner), None)

    @cached_property
    def owner_place(self) -> int | None:
        """The owner's place in the whole byline when the names given stop before him."""
        contribution = self.record.contribution
        if (contribution and contribution.role == "author" and contribution.position
                and self.owner_listed is None):
            return contribution.position
        return None

    @cached_property
    def owner(self) -> str:
        """The owner's name as shown, or "" if the source does not name him."""
        listed = self.owner_listed
        if listed is not None:
            return listed.name
        return self.record.contribution.owner if self.record.contribution else ""

    @cached_property
    def role(self) -> str:
        """"author", "equal contribution" (an author marked so), "contributor", or ""."""
        listed = self.owner_listed
        if listed is not None:
            return "equal contribution" if listed.equal_contribution else "author"
        return self.record.contribution.role if self.record.contribution else ""

    @cached_property
    def position(self) -> int | None:
        """The owner's place among the authors, where the source says."""
        listed = self.owner_listed
        if listed is not None:
            return self.authors.index(listed) + 1
        contribution = self.record.contribution
        return contribution.position if contribution and contribution.role == "author" else None

    @cached_property
    def byline(self) -> str:
        """The authors as a reference gives them, without the owner's part: "A, B, and C",
        "A and B", "A, B et al.", "A and B, editors"."""
        names = [author.name for author in self.authors]
        if not self.complete:
            line = (", ".join(names) + " et al.") if names else "et al."
        else:
            line = and_list(names)
        return line + role_suffix(self.record)

    def author_line(self, max_names: int = 0) -> tuple[Segment, ...]:
        """The author list with the owner's part in it, the one rule every form shortens by
        (:func:`.author_line.author_line`)."""
        return author_line(self.record, self.owner_place, self.owner_listed is not None,
                           max_names)

    def author_text(self, max_names: int = 0) -> str:
        """The author line in plain text, folded names as their summary ("and 8 more"), each
        mark after a name: for a text beside the legend that says what the marks mean."""
        return plain_line(self.author_line(max_names))

    def credit_text(self, max_names: int = 0) -> str:
        """The author line in plain text without the marks after names: for what is read
        where no legend says what "*" means (JSON-LD's ``creditText``, a description, the
        Atom summary, llms.txt, a social card), which would read "Lovelace*" as the name."""
        return plain_line(self.author_line(max_names), marks=False)

    @cached_property
    def marks_in_words(self) -> str:
        """What the marks after the names say, in words, for a text with no legend beside it:
        "equal contribution: Ada Lovelace and Charles Babbage; student author: Grace Hopper";
        "" where no name is marked."""
        marked: dict[str, list[str]] = {}
        for author in self.authors:
            if author.equal_contribution:
                marked.setdefault(EQUAL_CONTRIBUTION, []).append(author.name)
            for _, meaning in author.marks:
                marked.setdefault(meaning, []).append(author.name)
        return "; ".join(f"{meaning}: {and_list(names)}" for meaning, names in marked.items())

    @cached_property
    def credit_in_words(self) -> str:
        """The author line with every name and no marks, then what the marks said, in words:
        "Ada Lovelace, Charles Babbage, and Alan Turing (equal contribution: Ada Lovelace and
        Charles Babbage)". For a text read whole where no legend is (JSON-LD's ``creditText``,
        the Atom summary, llms.txt); a short one (a description, a card) names fewer."""
        credit = self.credit_text()
        return f"{credit} ({self.marks_in_words})" if credit and self.marks_in_words else credit

    # --- venue and date ---------------------------------------------------------------------

    @cached_property
    def venue_long(self) -> str:
        return self.record.venue_text

    @cached_property
    def venue_short(self) -> str:
        """al-folio's ``abbr`` ("ICSE-SEIP"), else the venue's full name."""
        return self.record.abbr or self.venue_long

    @cached_property
    def chip(self) -> str:
        """The short label before the title in a list: al-folio's ``abbr`` ("NeurIPS"), else
        what kind of work the entry is ("arXiv", "Book", "Report", "Thesis", "Software"), or
        "" when neither is known."""
        record = self.record
        if record.abbr:
            return record.abbr
        if record.entry_type in BOOK_TYPES:
            return "Book"
        if record.entry_type in THESIS_TYPES:
            return "Thesis"
        if record.kind == "report":
            return "Report"
        if record.kind == "software":
            return "Software"
        if record.entry_type in FREE_VENUE_TYPES and any(
                link.label == "arXiv" for link in record.links):
            return "arXiv"
        return ""

    @cached_property
    def work_type(self) -> str:
        """What kind of work the entry is, a key of :data:`WORK_TYPES`: from its entry type,
        and for articles, proceedings and free-venue entries from the venue too (an
        ``@article`` in "arXiv preprint" or DBLP's "CoRR" is a preprint; a paper of a workshop
        is a workshop paper, in its proceedings or presented there)."""
        record = self.record
        fixed = TYPE_OF_ENTRY.get(record.entry_type)
        if fixed:
            return fixed
        venue = record.venue_text
        if record.entry_type == "article":
            return "preprint" if PREPRINT_VENUE.search(venue) else "journal"
        if record.entry_type in PROCEEDINGS_TYPES:
            return "workshop" if WORKSHOP_VENUE.search(venue) else "conference"
        if record.entry_type in FREE_VENUE_TYPES:
            if WORKSHOP_VENUE.search(venue):
                return "workshop"
            if PREPRINT_VENUE.search(venue) or any(link.label == "arXiv"
                                                   for link in record.links):
                return "preprint"
        return "other"

    @cached_property
    def preprint_article(self) -> bool:
        """An ``@article`` whose journal is a preprint server ("arXiv preprint
        arXiv:2107.05616", DBLP's "CoRR"): the list calls it a preprint, and so does every
        export and tag; none names the server as a journal it appeared in."""
        return self.record.entry_type == "article" and self.work_type == "preprint"

    @cached_property
    def volume(self) -> str:
        """The volume of the journal or series the work is in, as the source writes it; none
        for an article in a preprint server, which is in no journal (DBLP's CoRR "volume" is
        the server's path, "abs/2102.00002")."""
        return "" if self.preprint_article else self.record.fields.get("volume", "")

    @cached_property
    def topics(self) -> tuple[tuple[str, str], ...]:
        """The entry's topics, as (value, label): its ``keywords`` but ``selected``, in the
        source's order; the value lower-case (as :attr:`.Publication.keywords` has it), the
        label as the source writes it."""
        topics: dict[str, str] = {}
        for label in self.record.topics:
            value = label.lower()
            if value and value != SELECTED and value not in topics:
                topics[value] = label
        return tuple(topics.items())

    @cached_property
    def selected(self) -> bool:
        """Marked for the home page (``keywords = {selected}``, al-folio's ``selected``)."""
        return SELECTED in self.record.keywords

    @cached_property
    def event_year(self) -> int | None:
        """The year of the event a preprint was presented at, where it is not the entry's:
        "Presented at the DL4C 2022 workshop" for an arXiv preprint of 2021."""
        record = self.record
        named_years = {int(found) for found in YEAR_IN_TEXT.findall(record.venue_text)}
        if (record.entry_type in FREE_VENUE_TYPES and record.year and named_years
                and record.year not in named_years
                and any(link.label == "arXiv" for link in record.links)):
            return max(named_years)
        return None

    @cached_property
    def year(self) -> int:
        return self.record.year

    @cached_property
    def month(self) -> int | None:
        return self.record.month

    @cached_property
    def date(self) -> SourceDate | None:
        """BibLaTeX's ``date``, where it is the entry's (it starts in the entry's year and
        month): a day ("2021-08-16"), a range ("2020-01/2020-03"), an open one ("2020/.."), or
        one EDTF marks unsure ("2018-05-03?", dated by its year). Read as written: decoded as
        LaTeX, the "~" of an approximate date would be a space, and the date sure."""
        written = dict(self.record.source[1]).get("date", "")
        return entry_date(written, self.year, self.month)

    @cached_property
    def day(self) -> int | None:
        """The day, where the source gives one (BibLaTeX's ``date = {2021-08-16}``; a
        range's first day)."""
        date = self.date
        return date.start.day if date else None

    @cached_property
    def year_text(self) -> str:
        """The year as every form but a citation shows it: "2021" (never "2021a"); a range's
        years where they differ ("2019–2021"), and an open range's start ("2020–"), as
        BibLaTeX prints them. The month, which no form shows, holds the rest of a range."""
        if not self.year:
            return "n.d."
        date = self.date
        if date and date.end and date.end.year != self.year:
            return f"{self.year}\N{EN DASH}{date.end.year}"
        if date and date.open_end is not None:
            return f"{self.year}\N{EN DASH}"
        return str(self.year)

    @cached_property
    def letter(self) -> str:
        """The year's letter, for citations alone."""
        return self.record.year_letter

    def iso_date(self, separator: str = "-") -> str:
        """The date to the precision the source has: "2021", "2021-08", "2021-08-16" ("" for
        an undated entry); a range's start, for the formats that hold one date."""
        if not self.year:
            return ""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return separator.join(parts)

    def venue_parts(self, *, short: bool = False) -> tuple[str, str]:
        """The venue as shown and what follows it before the year: ("ICRA", ", "), or for a
        preprint presented later ("Presented at the DL4C 2022 workshop", " · arXiv preprint,
        "): the year is the preprint's, never the event's."""
        venue = self.venue_short if short else self.venue_long
        event = self.event_year
        if event is not None:
            if short and str(event) not in venue:
                venue = f"{venue} {event}"
            return venue, " \N{MIDDLE DOT} arXiv preprint, "
        return venue, ", "

    def venue_line(self, *, short: bool = False, letter: bool = False,
                   fit: Callable[[str, str], str] | None = None) -> str:
        """"Venue, 2021" ("2021a" with ``letter``, as a citation's reference list has it).
        ``fit(venue, rest)`` writes a line that must fit a width (a card's): the venue cut
        short if need be, the rest (", 2021") whole."""
        year = self.year_text + (self.letter if letter else "")
        venue, between = self.venue_parts(short=short)
        if not venue:
            return year
        return fit(venue, between + year) if fit else f"{venue}{between}{year}"

    @cached_property
    def venue_field(self) -> tuple[str, str]:
        """The field the venue comes from and its text alone, without a journal's volume and
        number: ("journal", "Journal of Big Models"), ("booktitle", "Proceedings of…"),
        ("howpublished", "Presented at…"); ("", "") when the source names none (the
        "arXiv preprint" a page shows is not a venue the source gives)."""
        name = self.record.venue_source
        return (name, self.record.fields.get(name, "").strip()) if name else ("", "")

    @cached_property
    def pages(self) -> tuple[str, str] | None:
        """The first and last page of ``pages`` ("17981", "17993"); None when it is not a
        range (a single page, an article number, nothing)."""
        match = PAGE_RANGE.match(self.record.fields.get("pages", ""))
        return (match.group(1), match.group(2)) if match else None

    @cached_property
    def first_page(self) -> str:
        """The first page ``pages`` gives: a range's first, or the one page it is ("e1001");
        "" for text that is neither ("--5", "pp. 5-10", "5, 9"), whose first page the source
        does not say, and a tag for a first page must not guess."""
        if self.pages:
            return self.pages[0]
        match = ONE_PAGE.match(self.record.fields.get("pages", ""))
        return match.group(1) if match else ""

    # --- identifiers and links -------------------------------------------------------------

    @cached_property
    def doi(self) -> str:
        """The DOI, bare ("10.1145/3639477.3639746"), where the source gives one that is a DOI."""
        return bare_doi(self.record.fields.get("doi", ""))

    @cached_property
    def doi_address(self) -> str:
        """The DOI's doi.org address, percent-encoded where a DOI holds "#", "?" or "%"
        ("" for no DOI): the address of the DOI badge, and the one every output writes."""
        return doi_address(self.doi) if self.doi else ""

    @cached_property
    def arxiv_id(self) -> str:
        """The arXiv identifier ("2108.07732"), where the entry links to arXiv."""
        return next((link.url.rsplit("/abs/", 1)[-1] for link in self.web_links
                     if link.label == "arXiv" and "/abs/" in link.url), "")

    @cached_property
    def address(self) -> str:
        """The entry's own address as the source gives it (its ``url``, or a ``howpublished``
        that is one address), whatever its badge says; "" for none."""
        return self.record.address

    @cached_property
    def links(self) -> tuple[Link, ...]:
        return self.record.links

    @cached_property
    def web_links(self) -> tuple[Link, ...]:
        return tuple(link for link in self.record.links if not link.local)

    @cached_property
    def same_work(self) -> tuple[str, ...]:
        """Addresses of copies and records of the work (its arXiv page, its DOI, its PDF): not
        its code, slides or blog post."""
        return tuple(link.url for link in self.web_links if link.label in SAME_WORK_LABELS)

    @cached_property
    def own_link(self) -> str:
        """The entry's own address as the site links it (its ``url``, BibTeX's address of the
        work, whatever its badge says; or a ``howpublished`` that is one address), or ""."""
        given = self.address
        return next((link.url for link in self.web_links
                     if given and same_address(link.url, given)), "")

    @cached_property
    def work_addresses(self) -> tuple[str, ...]:
        """The addresses the formats give as the work's (CSL-JSON's ``URL``, RIS's ``UR``):
        :attr:`own_link` first, then :attr:`same_work`."""
        return tuple(dict.fromkeys([*filter(None, [self.own_link]), *self.same_work]))

    @cached_property
    def identities(self) -> tuple[str, ...]:
        """What JSON-LD's ``sameAs`` says is the work itself: :attr:`same_work`, after the
        entry's own address where its kind makes that address the work (a book's or a thesis's
        site, a program's repository, a data set's page, a web page: :data:`ADDRESS_IS_WORK`).
        A paper's ``url`` that leads to its code or a video is a link, not the paper."""
        own = self.own_link if self.record.entry_type in ADDRESS_IS_WORK else ""
        return tuple(dict.fromkeys([*filter(None, [own]), *self.same_work]))


#: record → its model: each entry's model is made once per record.
_MODELS = PerRecord(Display)


#: What ends a sentence already: no full stop after it ("Is it complete?", not "complete?.").
SENTENCE_ENDS = (".", "?", "!")


def and_list(names: list[str]) -> str:
    """"A", "A and B", "A, B, and C"."""
    if len(names) > 2:
        return ", ".join(names[:-1]) + ", and " + names[-1]
    return " and ".join(names)


def full_stop(text: str) -> str:
    """``text`` ended as a sentence: "Venue, 2021." but "Venue, n.d." (not "n.d..")."""
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."


def sentences(parts: Iterable[str]) -> str:
    """The parts that are not empty as sentences: "A, B. Title. Venue, 2021."; a part that
    ends as a sentence ("Is it complete?") takes no full stop after it."""
    return " ".join(full_stop(part) for part in parts if part)


def display_of(record: Publication) -> Display:
    """The model of a record, made once while the record is the same object."""
    return _MODELS(record)
