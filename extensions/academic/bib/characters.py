"""Characters no output of the site can hold, whichever file they come from.

XML 1.0 refuses the control characters but tab and the line ends, and a feed or a sitemap with
one is unreadable to every reader; HTML calls them, DEL and the C1 controls (U+0080–U+009F)
parse errors; half of a surrogate pair, which only an escape can write ("\\ud800"), is no
character at all, and no UTF-8 file can hold it. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import re

#: One character no page, PDF, feed or sitemap can hold.
UNWRITABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def character_name(char: str) -> str:
    """"the control character U+0001", as a message names a character it cannot show."""
    if "\ud800" <= char <= "\udfff":
        return f"half of a surrogate pair (U+{ord(char):04X})"
    kind = "noncharacter" if char in "\ufffe\uffff" else "control character"
    return f"the {kind} U+{ord(char):04X}"
