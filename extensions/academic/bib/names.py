"""Names in the output for BibTeX keys: the page of each paper and the anchor of its entry.

A key may hold any character BibTeX accepts (``DBLP:conf/popl/Foo19``, ``2026A&A...710L..32M``,
``Müller_2020``); a page name and an HTML id may not. :func:`entry_names` is the one place that
turns keys into names: the publications list's ids, the general index's targets, citation
targets, search objects and paper pages all take their names from it, so a link made by one
always finds the target made by another. Two keys never share a name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from docutils import nodes

#: Ids a paper's own page gives its sections: no entry's anchor may take them.
RESERVED_ANCHORS = frozenset({"abstract", "cite", "discussed-on"})


class EntryNames(NamedTuple):
    """What the output calls one entry."""

    #: File name of its page: the key, with characters other than letters, digits, "-" and "_"
    #: made "-" ("DBLP:conf/popl/Foo19" → "DBLP-conf-popl-Foo19"), at most
    #: :data:`MAX_PAGE_NAME` characters.
    page: str
    #: Its HTML id in a publications list and on its page: the page name as docutils writes
    #: ids (lower case, "-" between words, "2018MNRAS.479.5620T" → "entry-2018mnras-479-5620t").
    anchor: str


#: The longest page name, short of any file system's limit on a file name (255 bytes) with
#: ".html" or a social card's suffix added: a longer key's page is named by its first characters
#: and a hash. A 300-character key ended the build in a traceback ("File name too long").
MAX_PAGE_NAME = 120


#: Names Windows keeps for its devices, whatever follows them ("CON.bib" too): a paper's page,
#: its files and its card, so named, could not be written or copied there.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                             *(f"lpt{n}" for n in range(10))})


def _short_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def entry_names(keys: Iterable[str]) -> Mapping[str, EntryNames]:
    """key → its page name and anchor, for every key of the bibliography.

    Keys that would share a name (``a:b``, ``a.b``, ``a+b``; ``Foo`` and ``foo_`` as anchors)
    keep them apart with a short hash of the key, except a key that is its own name: names stay
    the same whatever the file's order. ``index``, the name of a folder's own page (the
    publications list's), is never a paper's, nor a name Windows keeps for a device (``CON``,
    ``aux``: :data:`WINDOWS_DEVICES`).
    """
    return _entry_names(tuple(keys))


@lru_cache(maxsize=8)
def _entry_names(keys: tuple[str, ...]) -> Mapping[str, EntryNames]:
    plain = {key: re.sub(r"[^A-Za-z0-9_-]", "-", key) for key in keys}
    uses = Counter(name.lower() for name in plain.values())
    pages = {}
    for key, name in plain.items():
        if ((uses[name.lower()] > 1 and name != key) or name.lower() == "index"
                or name.lower() in WINDOWS_DEVICES):
            name += "-" + _short_hash(key)
        if len(name) > MAX_PAGE_NAME:
            name = name[:MAX_PAGE_NAME - 9] + "-" + _short_hash(key)
        pages[key] = name

    # An id starts with a letter: "entry-" keeps a key's leading digits ("2018MNRAS…").
    ids = {key: nodes.make_id(name if name[:1].isalpha() else f"entry-{name}")
           for key, name in pages.items()}
    id_uses = Counter(ids.values())
    names = {}
    for key, anchor in ids.items():
        if (id_uses[anchor] > 1 and anchor != key) or anchor in RESERVED_ANCHORS:
            anchor += "-" + _short_hash(key)
        names[key] = EntryNames(pages[key], anchor)
    return names
