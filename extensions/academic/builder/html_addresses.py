"""Where a browser finds the addresses it opens in HTML: a refresh's content, and the
attributes of a page's raw HTML (a MyST page's line ``<a href="…">``, an inline ``<img src=…>``,
a ``raw`` directive's HTML), which the page writes as they are; and that HTML's text. The tags
are read by the standard library's HTML parser, never by expressions over HTML.

Every attribute a browser opens an address from is read: a link's ``href``, an image's ``src``
and ``srcset``, a form's ``action``, a button's ``formaction``, an object's ``data``, an SVG
animation's ``to``…, a refresh's ``content``, and the HTML of an iframe's ``srcdoc``. Scripts and
event handlers (``onclick``) are the page's own code, written as code, and are not links.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

#: The HTML standard's "ASCII whitespace", which a refresh's content and a srcset skip.
ASCII_WHITESPACE = "\t\n\x0c\r "

#: Attributes whose value is one address, on whatever element: a browser reads most on a few
#: elements only, but an address where none is read is no mistake to look for.
ADDRESS_ATTRIBUTES = frozenset({
    "href", "xlink:href", "src", "action", "formaction", "data", "poster", "cite",
    "background", "longdesc", "codebase", "classid", "manifest", "icon", "lowsrc", "dynsrc",
    "profile", "usemap", "archive"})
#: Attributes that list image candidates: "a.png 1x, b.png 2x" (a link's ``ping`` lists
#: addresses too, apart by spaces).
CANDIDATE_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
#: SVG's animation elements set another attribute, an ``href`` among them, to these values.
ANIMATIONS = frozenset({"animate", "set"})
ANIMATED_VALUES = frozenset({"to", "from", "values", "by"})
#: Elements whose text is no text of the page.
NOT_TEXT = frozenset({"script", "style", "template"})
#: Tags between which a reader sees two words: "<td>a</td><td>b</td>" reads "a b".
WORD_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"})
#: What the browser reads after a fragment ending inside a tag (``<a href="javascript:…``
#: with no ``>``): the page's next tags. Closing any quote and the tag reads the attributes
#: the browser would.
CLOSING = "\"'>"
#: How deep an iframe's ``srcdoc`` HTML is read inside another's: each level is read as a
#: document of its own, and a page nesting hundreds (a megabyte of escaped quotes) would
#: exhaust the reader's stack. Deeper HTML is not read, and so not written.
MAX_SRCDOC_DEPTH = 8


@dataclass(frozen=True)
class Address:
    tag: str
    attribute: str
    address: str
    #: An iframe's ``srcdoc`` nested deeper than :data:`MAX_SRCDOC_DEPTH`: its addresses are
    #: not read (``address`` is then its first characters).
    unread: bool = False


def addresses(fragment: str, depth: int = 0) -> list[Address]:
    """Every address the HTML ``fragment`` opens, in the order written."""
    reader = _AddressReader(depth)
    reader.feed(fragment + CLOSING)
    reader.close()
    return reader.found


def text(fragment: str) -> str:
    """The fragment's text, as a reader sees it: no markup, no script, spaces collapsed.

    Read with :data:`CLOSING` after it, as :func:`addresses` reads it: the standard library's
    parser reads a fragment that ends inside a tag again from that tag for each character
    (40 s for ``<a `` 20,000 times). Where the fragment ends in text, the closing characters
    are text, and are taken off again."""
    reader = _TextReader()
    reader.feed(fragment + CLOSING)
    reader.close()
    written = "".join(reader.parts)
    if not reader.hidden:
        written = written.removesuffix(CLOSING)
    return " ".join(written.split())


def refresh_address(content: str) -> str | None:
    """The address a refresh's content sends the browser to, read by the HTML standard's
    shared declarative refresh steps
    (https://html.spec.whatwg.org/#shared-declarative-refresh-steps), as browsers read it; None
    when a browser does not refresh at all ("x", "5x; url=…") or reloads the page ("5").

    The address is what the browser opens, not what looks like one: one opening quote is
    skipped and the address ends at the same quote or at the end, whatever the other end holds
    (``url='javascript:…`` and ``url="javascript:…'`` both open ``javascript:…``). Read in
    one pass, in time linear in the content: no expression that could backtrack."""
    end, at = len(content), 0

    def skip(characters: str, position: int) -> int:
        while position < end and content[position] in characters:
            position += 1
        return position

    at = skip(ASCII_WHITESPACE, at)
    delay = skip("0123456789", at)
    if delay == at and not content.startswith(".", at):
        return None  # no delay: the browser does not refresh
    at = skip("0123456789.", delay)
    if at < end:
        if content[at] not in ";," + ASCII_WHITESPACE:
            return None  # "5x": the browser does not refresh
        at = skip(ASCII_WHITESPACE, at)
        if content.startswith((";", ","), at):
            at += 1
        at = skip(ASCII_WHITESPACE, at)
    if at == end:
        return None  # a delay alone reloads the page itself
    if content[at] in "uU":
        # "url =" is skipped only when it is all there; else the address starts at the "u",
        # quotes and all ("urx", "url x", "u'x'").
        equals = skip(ASCII_WHITESPACE, at + 3)
        if content[at:at + 3].lower() != "url" or not content.startswith("=", equals):
            return content[at:]
        at = skip(ASCII_WHITESPACE, equals + 1)
    address = content[at:]
    if address[:1] in ("'", '"'):
        address = address[1:].partition(address[0])[0]
    return address


def srcset_addresses(value: str) -> list[str]:
    """The addresses of an image candidate list, as the HTML standard parses a ``srcset``
    (https://html.spec.whatwg.org/#parsing-a-srcset-attribute): an address, then its
    descriptors up to a comma outside parentheses; commas right after an address end it."""
    found, at, end = [], 0, len(value)
    while at < end:
        while at < end and value[at] in ASCII_WHITESPACE + ",":
            at += 1
        start = at
        while at < end and value[at] not in ASCII_WHITESPACE:
            at += 1
        address = value[start:at]
        if address.endswith(","):
            address = address.rstrip(",")
        else:
            in_parentheses = False
            while at < end and (in_parentheses or value[at] != ","):
                if value[at] in "()":
                    in_parentheses = value[at] == "("
                at += 1
        if address:
            found.append(address)
    return found


class _AddressReader(HTMLParser):
    def __init__(self, depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = depth
        self.found: list[Address] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for attribute, value in attrs:
            if value is None:
                continue
            if attribute in ADDRESS_ATTRIBUTES:
                written = [value]
            elif attribute in CANDIDATE_ATTRIBUTES:
                written = srcset_addresses(value)
            elif attribute == "ping":
                written = value.split()
            elif tag in ANIMATIONS and attribute in ANIMATED_VALUES:
                written = value.split(";")
            elif (tag == "meta" and attribute == "content"
                  and (values.get("http-equiv") or "").lower() == "refresh"):
                written = [address] if (address := refresh_address(value)) else []
            elif tag == "iframe" and attribute == "srcdoc":
                if self.depth < MAX_SRCDOC_DEPTH:
                    self.found += addresses(value, self.depth + 1)
                else:
                    self.found.append(Address(tag, attribute, value[:40], unread=True))
                continue
            else:
                continue
            self.found += [Address(tag, attribute, address) for address in written]

    handle_startendtag = handle_starttag


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_TEXT:
            self.hidden += 1
        elif tag in WORD_BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_TEXT:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in WORD_BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)
