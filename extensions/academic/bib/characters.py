"""Characters no output of the site can hold, whichever file they come from.

XML 1.0 refuses the control characters but tab and the line ends, and a feed or a sitemap with
one is unreadable to every reader; HTML calls them, DEL and the C1 controls (U+0080–U+009F)
parse errors; half of a surrogate pair, which only an escape can write ("\\ud800"), is no
character at all, and no UTF-8 file can hold it.

A bidirectional control that opens a scope (an embedding, an override or an isolate: U+202A,
U+202B, U+202D, U+202E, U+2066-U+2068) runs until it is closed (U+202C, U+2069) or the
paragraph ends, and a field never ends a paragraph: one left open in a title or a name turns
around whatever the page writes after it, the rest of a sentence that cites it (an override
reverses "et al. (2021)" and every word after). A field's scopes are closed where the field
ends (:func:`bidi_closed`), as a reader of the field alone sees them; a closed pair (a Hebrew
or Arabic title's RLE…PDF) is the field's own and kept. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import re
import unicodedata

from .urls import unseen_character

#: One character no page, PDF, feed or sitemap can hold.
UNWRITABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def character_name(char: str) -> str:
    """"the control character U+0001", as a message names a character it cannot show."""
    if "\ud800" <= char <= "\udfff":
        return f"half of a surrogate pair (U+{ord(char):04X})"
    kind = "noncharacter" if char in "\ufffe\uffff" else "control character"
    return f"the {kind} U+{ord(char):04X}"


def invisible_in_key(key: str) -> str:
    """The first character of an entry's key that no output can hold or that is invisible (a
    format character: a bidirectional control, a zero-width space or joiner), named; "" for
    none. A key so disguised would turn around the export's line it is on, or look the same
    as another key."""
    for char in key:
        if UNWRITABLE.fullmatch(char):
            return character_name(char)
        if unicodedata.category(char) == "Cf":
            return (f"the invisible character U+{ord(char):04X} "
                    f"({unicodedata.name(char, 'unnamed').lower()})")
    return ""


#: Characters BibTeX reads as its syntax (braces, parentheses, quotes, "#" joining, "%" a
#: comment to biber, "=", "@", a backslash, a comma, a space): in a key, written back into an
#: export, they end the entry there, and what follows is read as another entry or a
#: ``@preamble`` that every document citing the export runs.
KEY_SYNTAX = frozenset('{}(),"#%=@\\ \t')


def syntax_in_key(key: str) -> str:
    """The first character of an entry's key that BibTeX reads as syntax, quoted; "" for
    none."""
    return next((repr(char) for char in key if char in KEY_SYNTAX), "")


#: Bidirectional controls that open a scope, each with the one that closes it (UAX #9).
BIDI_OPENERS = {**dict.fromkeys("\u202a\u202b\u202d\u202e", "\u202c"),
                **dict.fromkeys("\u2066\u2067\u2068", "\u2069")}
BIDI_CLOSERS = frozenset(BIDI_OPENERS.values())


def bidi_closed(text: str) -> tuple[str, str]:
    """``text`` with its bidirectional scopes matched as UAX #9 matches them (a closer with
    nothing open to close is left out; a scope still open at the end is closed there), and
    the first control that was not matched ("" when all are).

    As UAX #9 reads them: U+202C closes the last embedding or override, not one outside the
    innermost isolate; U+2069 closes the innermost isolate and the embeddings opened in it."""
    written: list[str] = []
    open_scopes: list[tuple[str, str]] = []  # (opener, its closer), innermost last
    isolates = 0  # how many of them are isolates: counted, as a field may open thousands
    unmatched = ""
    for char in text:
        if char in BIDI_OPENERS:
            open_scopes.append((char, BIDI_OPENERS[char]))
            isolates += BIDI_OPENERS[char] == "\u2069"
        elif char == "\u202c" and open_scopes and open_scopes[-1][1] == char:
            open_scopes.pop()
        elif char == "\u2069" and isolates:
            while open_scopes.pop()[1] != char:
                pass
            isolates -= 1
        elif char in BIDI_CLOSERS:
            unmatched = unmatched or char
            continue
        written.append(char)
    if open_scopes:
        unmatched = unmatched or open_scopes[0][0]
        written += [closer for _opener, closer in reversed(open_scopes)]
    return "".join(written), unmatched


def bidi_name(char: str) -> str:
    """"the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)"."""
    return f"the bidirectional control U+{ord(char):04X} ({unicodedata.name(char)})"


def bidi_problem(name: str, unmatched: str, *, writer: str, unit: str) -> str:
    """What :func:`bidi_closed` did to the ``unit`` ("field", "value") ``name``, for the
    build's message: the control it left out, or the one it closed; ``writer`` ("the page")
    is what writes text after it."""
    if unmatched in BIDI_CLOSERS:
        return f"{name} has {bidi_name(unmatched)}, which closes nothing; it is left out"
    closer = BIDI_OPENERS[unmatched]
    return (f"{name} has {bidi_name(unmatched)}, which is never closed: it would turn around "
            f"the text {writer} writes after the {unit}; it is closed where the {unit} ends "
            f"(close it with U+{ord(closer):04X} where its text ends, or remove it)")


def address_character(value: str) -> str:
    """The first character of an address field nobody sees, named ("the control character
    U+0001", "U+202E RIGHT-TO-LEFT OVERRIDE"); "" for none. Spaces, tabs and line breaks are
    the URL policy's to judge (an address with a space in it is no address)."""
    found = UNWRITABLE.search(value)
    if found is not None:
        return character_name(found.group())
    return unseen_character(re.sub(r"[ \t\n\r]", "", value))

