"""Text from the user's files, made safe for the place it is written into.

Every writer of a page head, a feed or a Markdown digest goes through these, so that what a
title or a name contains can never end an element, open a comment or add a link:

* :func:`script_json`: JSON inside ``<script type="application/ld+json">``. An HTML parser
  ends the element at ``</script``, and ``<!--`` followed by ``<script`` switches it into a
  state where the real ``</script>`` no longer ends it (the rest of the head is swallowed).
  ``<``, ``>`` and ``&`` are written as JSON's ``\\u003c``, ``\\u003e``, ``\\u0026``: the same
  data to a JSON reader, no markup to an HTML one.
* :func:`xml_text`: text for an XML 1.0 document (the Atom feed). XML 1.0 allows no control
  character but tab, newline and carriage return, nor lone surrogates or U+FFFE/U+FFFF; a single
  one makes the whole file unreadable to every feed reader, so they are dropped.
* :func:`markdown_text`: text for ``llms.txt``, where a title is Markdown: the characters that
  make links, images, emphasis, code, raw HTML, autolinks or (GitHub's) strikethrough are
  escaped with a backslash
  (CommonMark's escapes), so a title is read as the text it is; so are an ``&`` that would
  start a character reference (``&amp;`` reads "&" in Markdown) and the ``#`` that ends a
  text after a space (a heading's closing sequence: "# Why C #" reads "Why C").
  Parentheses, ``#`` or ``!`` make nothing else without a bracket or the start of a line, so
  they stay as written; where a text starts a line, :func:`markdown_line` escapes what would
  make it a heading, a quote, a list item or a fence.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..bib.characters import UNWRITABLE

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                  # Valid in JSON, but line terminators in JavaScript before ES2019.
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """``data`` as JSON that can be written inside an HTML ``<script>`` as it is."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_UNSAFE[match.group()], text)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids, nor the other controls no output
    holds (:data:`.bib.characters.UNWRITABLE`); the serializer escapes the rest."""
    return UNWRITABLE.sub("", text)


#: An "&" that starts a character reference ("&amp;", "&#91;"), which Markdown reads as the
#: character it names, in text and in a link's address alike.
_CHARACTER_REFERENCE = r"&(?=#?[A-Za-z0-9]+;)"

#: What opens or closes markup inline: links and images, emphasis, code, and a "<" that
#: starts raw HTML or an autolink (a "<" before a space, as in "1 < 2", starts nothing); an
#: "&" that starts a character reference; a "#" run that ends the text after a space (or is
#: all of it), which a heading drops as its closing sequence.
_MARKDOWN_SPECIAL = re.compile(
    rf"([\\`*_\[\]~]|<(?=[A-Za-z/!?])|{_CHARACTER_REFERENCE}|(?:^|(?<=\s))#(?=#*\s*$))")


def markdown_text(text: str, *, one_line: bool = True) -> str:
    """``text`` as inline Markdown that reads as the text itself, no markup; on one line
    (a line of a list), or with its spaces as they are (a piece of a paragraph)."""
    if one_line:
        text = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


#: What makes a line a heading, a quote, a list item, a fence, a rule or a heading's
#: underline when it starts the line: "#", ">", "- " or "+ ", "~~~", a line of "=" or of "-"
#: only ("---", which also separates the pages of llms-full.txt), "1. " or "1) ".
_BLOCK_START = re.compile(r"^(?:[#>]|[-+](?=\s|$)|~~~|=+$|-+\s*$|\d{1,9}(?=[.)](?:\s|$)))")


def markdown_line(text: str) -> str:
    """A line of Markdown (:func:`markdown_text` already applied) that starts no block: what
    would make it a heading, a quote, a list item or a fence is escaped, so that a paragraph
    written "\\# Title" on a page, or an abstract beginning "> ", stays a paragraph."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group()[0].isdigit():  # "1. x": the full stop is what makes the list
        end = match.end()
        return f"{text[:end]}\\{text[end:]}"
    return "\\" + text


def markdown_code_block(code: str, language: str = "") -> str:
    """A fenced code block that ``code`` cannot close: its fence is longer than any run of
    backticks in it (a BibTeX field could otherwise end the block and go on as Markdown)."""
    longest = max((len(run) for run in re.findall("`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def markdown_url(url: str) -> str:
    """An address for a Markdown link's destination, as it is when nothing in it can end the
    destination early; else in angle brackets, with what could close them percent-encoded.
    An "&" that would read as a character reference is escaped: the link leads where the
    page's own link does ("?a&amp;b" is not "?a&b")."""
    if re.search(r"[()<>\s\\]", url):
        url = "<" + re.sub(r"[<>\s\\]", lambda match: f"%{ord(match.group()):02X}", url) + ">"
    return re.sub(_CHARACTER_REFERENCE, r"\\&", url)
