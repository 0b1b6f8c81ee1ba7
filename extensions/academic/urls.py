"""The one policy for addresses from a user's files (refs.bib, a card's options).

Only ``http://`` and ``https://`` addresses with a host become links to other sites, and
relative paths links to the site's own files. A scheme that runs code or embeds content
(``javascript:``, ``data:``, ``vbscript:``, ``file:``) is never written into a page, even with
the spaces and control characters a browser ignores inside a scheme (``java\\tscript:``).
"""

from __future__ import annotations

import re
from typing import Literal

#: Characters a browser drops from an address before it reads the scheme.
BROWSER_IGNORED = re.compile(r"[\x00-\x20\x7f]")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: Quotes and angle brackets are fine: every address is escaped where it is written.
WEB = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file"})

Kind = Literal["web", "relative", "other", "unsafe"]


def kind_of(address: str) -> Kind:
    """What an address is: "web" (http(s) with a host), "relative" (a path, no scheme),
    "unsafe" (a scheme that runs code or embeds content) or "other" (mailto:, ftp:…)."""
    seen = BROWSER_IGNORED.sub("", address)
    scheme = SCHEME.match(seen)
    if scheme is None:
        return "relative" if seen == address else "other"
    if scheme.group(1).lower() in UNSAFE_SCHEMES:
        return "unsafe"
    return "web" if WEB.match(address) else "other"
