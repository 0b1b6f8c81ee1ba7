"""The extension's cross-page state: the checked records and which page shows which entry.

Citations themselves belong to sphinxcontrib-bibtex's ``cite`` domain. This domain,
``academic``, keeps what the site adds on top:

* the records of the BibTeX file (set before any page is read) and a digest of each, to tell
  which entries changed since the last build;
* where each entry is shown best (its place in the full list, or its own page), for the links
  of cards and paper pages and for the search index;
* which pages show which entries, so that editing one entry re-reads exactly those pages.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar, NamedTuple, cast

from docutils import nodes
from pybtex.richtext import Text
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from ..bib.display import display_of
from ..bib.model import Publication
from ..bib.names import entry_names


class Place(NamedTuple):
    """Where an entry is shown: a page and the anchor of the entry on it ("" for the top)."""

    docname: str
    anchor: str


class Selection(NamedTuple):
    """Which entries a publications list shows (see its options); ``None`` fields select all."""

    keyword: str = ""
    kinds: frozenset[str] | None = None
    years: tuple[int, int] | None = None

    def matches(self, entry: Publication) -> bool:
        return ((not self.keyword or self.keyword in entry.keywords)
                and (self.kinds is None or entry.kind in self.kinds)
                and (self.years is None or self.years[0] <= entry.year <= self.years[1]))


class AcademicDomain(Domain):
    """Publication records, and which page lists, shows and cites which of them."""

    name = "academic"
    label = "Publications"
    data_version = 4  # 4: records carry their year's letter; the paper pages' record
    object_types = {"publication": ObjType("publication", "publication", "page")}
    initial_data: ClassVar[dict[str, Any]] = {
        "entries": {},  # key -> Publication (the whole bibliography, set before reading)
        "record_digests": {},  # key -> digest of the entry's text (the loader's cache key)
        "digests": {},  # key -> digest of what pages show of the entry (text and year label)
        "changed": set(),  # keys whose digest changed in this build
        "formatted": {},  # key -> (digest, text): the citation style's cache (see styles)
        "anchors": {},  # key -> Place in the full list
        "shown": {},  # docname -> keys the page renders (lists, paper pages, cards)
        "listings": {},  # docname -> Selection of each publications list on the page
        "paper_pages": {},  # page name -> key of the per-paper page (see paper_pages)
        "paper_page_of": {},  # key -> page name
        # page name -> [fingerprint, Markdown] of each paper page of this build, set as the
        # pages are written (after the environment is saved: never kept in it; see paper_pages)
        "paper_page_record": {},
    }

    # --- records --------------------------------------------------------------------------

    @property
    def entries(self) -> dict[str, Publication]:
        entries: dict[str, Publication] = self.data["entries"]
        return entries

    def set_entries(self, entries: dict[str, Publication], record_digests: dict[str, str],
                    digests: dict[str, str]) -> None:
        """Replace the records; note which keys changed what they show (added, removed too),
        and those moved in the files' order: entries of one date are listed in that order."""
        old = self.data["digests"]
        self.data["changed"] = {key for key in old.keys() | digests.keys()
                                if old.get(key) != digests.get(key)}
        self.data["changed"] |= moved_keys(list(old), list(digests))
        self.data["entries"] = entries
        self.data["record_digests"] = record_digests
        self.data["digests"] = digests

    def loaded_records(self) -> dict[str, Publication]:
        """The previous build's records by the digest of their text: the loader's cache."""
        digests = self.data["record_digests"]
        return {digests[key]: entry for key, entry in self.entries.items() if key in digests}

    @property
    def formatted(self) -> dict[str, tuple[str, Text]]:
        formatted: dict[str, tuple[str, Text]] = self.data["formatted"]
        return formatted

    @property
    def changed_keys(self) -> set[str]:
        changed: set[str] = self.data["changed"]
        return changed

    # --- pages ----------------------------------------------------------------------------

    def note_shown(self, docname: str, keys: Iterable[str]) -> None:
        self.data["shown"].setdefault(docname, set()).update(keys)

    def note_listing(self, docname: str, selection: Selection) -> None:
        self.data["listings"].setdefault(docname, []).append(selection)

    def note_anchor(self, key: str, place: Place) -> None:
        current = self.data["anchors"].get(key)
        if current is None or place < current:  # deterministic whatever the read order
            self.data["anchors"][key] = place

    def pages_showing(self, keys: set[str]) -> set[str]:
        """Pages to re-read when these entries change: those that show them, and those with a
        list that selects one of them now (an entry added, or given the list's keyword)."""
        pages = {doc for doc, shown in self.data["shown"].items() if shown & keys}
        entries = [self.entries[key] for key in keys if key in self.entries]
        pages |= {doc for doc, selections in self.data["listings"].items()
                  if any(selection.matches(entry) for selection in selections
                         for entry in entries)}
        return pages

    def set_paper_pages(self, pages: dict[str, str]) -> None:
        """The per-paper pages of this build (page name → key), named before any page is read."""
        self.data["paper_pages"] = dict(pages)
        self.data["paper_page_of"] = {key: page for page, key in sorted(pages.items())}

    def drop_paper_page(self, pagename: str) -> None:
        key = self.data["paper_pages"].pop(pagename)
        self.data["paper_page_of"].pop(key, None)

    def paper_page_key(self, pagename: str) -> str | None:
        key: str | None = self.data["paper_pages"].get(pagename)
        return key

    def paper_pages(self) -> dict[str, str]:
        """page name → key of every per-paper page."""
        return dict(self.data["paper_pages"])

    def paper_page_of(self, key: str) -> str | None:
        """The name of the entry's own page, if it has one."""
        page: str | None = self.data["paper_page_of"].get(key)
        return page

    def list_place(self, key: str) -> Place | None:
        """The entry's place in the full publications list, if the site has one."""
        place: Place | None = self.data["anchors"].get(key)
        return place

    def place_of(self, key: str, *, prefer_page: bool = False) -> Place | None:
        """Where an entry is shown best: its place in the full list, else its own page."""
        page = self.paper_page_of(key)
        if prefer_page and page:
            return Place(page, "")
        return self.list_place(key) or (Place(page, "") if page else None)

    # --- Sphinx's domain API ----------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.data["shown"].pop(docname, None)
        self.data["listings"].pop(docname, None)
        for key, place in list(self.data["anchors"].items()):
            if place.docname == docname:
                del self.data["anchors"][key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["shown"]:
                self.data["shown"][docname] = otherdata["shown"][docname]
            if docname in otherdata["listings"]:
                self.data["listings"][docname] = otherdata["listings"][docname]
        for key, place in otherdata["anchors"].items():
            if place.docname in docnames:
                self.note_anchor(key, place)

    def resolve_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
        node: addnodes.pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | None:
        """``publication``: the entry where it is shown best; ``page``: its own page first."""
        place = self.place_of(target, prefer_page=typ == "page")
        entry = self.entries.get(target)
        if place is None or entry is None:
            return None
        # The year as citations show it ("2021a").
        title = f"{entry.title_text} ({display_of(entry).year_text})"
        reference = make_refnode(builder, fromdocname, place.docname, place.anchor or None,
                                 contnode, title)
        # Classes on a pending_xref are lost when it stays unresolved: they travel separately.
        reference["classes"].extend(node.get("academic_classes", []))
        return reference

    def resolve_any_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
        node: addnodes.pending_xref, contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []  # citations are sphinxcontrib-bibtex's: {cite:p}`key`

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return type.lname  # "publication", not "Publications publication", in search results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Publications are search-index objects, so a paper's title finds its entry first. The
        # title is the full name too: the browser rebuilds an anchor Sphinx leaves out from it.
        names = entry_names(self.entries)
        for key, entry in self.entries.items():
            place = self.place_of(key)
            if place:
                title = entry.title_text or key
                # A paper's own page: its section's id ("" would make the browser use the name).
                anchor = place.anchor or names[key].anchor
                yield title, title, "publication", place.docname, anchor, 1


def moved_keys(before: list[str], after: list[str]) -> set[str]:
    """The keys of both orders that changed places: all but a longest run of them in the same
    order in both (a longest increasing subsequence of their new places, in n log n). Any two
    keys whose order changed are not both in it, so a list showing two such entries shows a
    moved one."""
    place = {key: index for index, key in enumerate(after)}
    kept = [key for key in before if key in place]
    # tails[n]: the smallest new place ending a run of length n + 1 so far, ends[n] its key's
    # index in `kept`; previous[i]: the index before kept[i] in its run.
    tails: list[int] = []
    ends: list[int] = []
    previous: list[int] = []
    for index, key in enumerate(kept):
        length = bisect.bisect_left(tails, place[key])
        previous.append(ends[length - 1] if length else -1)
        if length == len(tails):
            tails.append(place[key])
            ends.append(index)
        else:
            tails[length], ends[length] = place[key], index
    run = set()
    index = ends[-1] if ends else -1
    while index >= 0:
        run.add(kept[index])
        index = previous[index]
    return set(kept) - run


def academic_domain(env: BuildEnvironment) -> AcademicDomain:
    # The extension's setup() registers AcademicDomain under this name; get_domain returns the
    # base class.
    return cast(AcademicDomain, env.get_domain("academic"))


def publication_xref(key: str, *children: nodes.Node, page: bool = False,
                     classes: Iterable[str] = ()) -> addnodes.pending_xref:
    """A link to where the entry is shown, resolved once every page has been read."""
    reference = addnodes.pending_xref(
        "", *children, refdomain="academic", reftype="page" if page else "publication",
        reftarget=key, refexplicit=True, refwarn=False,
    )
    if classes:
        reference["academic_classes"] = list(classes)
    return reference
