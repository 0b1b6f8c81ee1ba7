"""Names in the output for BibTeX keys: per-paper page names and list anchors.

A key may hold any character BibTeX accepts (``DBLP:conf/popl/Foo19``, ``2026A&A...710L..32M``);
a page name and an anchor may not. Two keys never share a name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable


def page_names(keys: Iterable[str]) -> dict[str, str]:
    """key → file name of its page: the key, with characters other than letters, digits, "-"
    and "_" made "-" ("DBLP:conf/popl/Foo19" → "DBLP-conf-popl-Foo19").

    Keys that would share a name (``a:b``, ``a.b``, ``a+b``) keep them apart with a short hash of
    the key, except a key that is its own name: names stay the same whatever the file's order.
    ``index``, the name of a folder's own page (the publications list's), is never a paper's.
    """
    keys = list(keys)
    plain = {key: re.sub(r"[^A-Za-z0-9_-]", "-", key) for key in keys}
    uses = Counter(name.lower() for name in plain.values())
    names = {}
    for key, name in plain.items():
        if (uses[name.lower()] > 1 and name != key) or name.lower() == "index":
            name += "-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
        names[key] = name
    return names
