"""The one policy for addresses from a user's files (refs.bib, the CV file, a card's options,
conf.py's profile links).

Only ``http://`` and ``https://`` addresses with a host become links to other sites, and
relative paths links to the site's own files. A scheme that runs code or embeds content
(``javascript:``, ``data:``, ``vbscript:``, ``file:``) is never written into a page, even with
the spaces and control characters a browser ignores inside a scheme (``java\\tscript:``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

#: Characters a browser drops from an address before it reads the scheme.
BROWSER_IGNORED = re.compile(r"[\x00-\x20\x7f]")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: Quotes and angle brackets are fine: every address is escaped where it is written. Read with
#: ``fullmatch``, in time linear in the address: the host ends at the first "/", "?" or "#".
#: No backslash (see :func:`disguise`).
WEB = re.compile(r"https?://[^\s/?#\\]+(?:[/?#][^\s\\]*)?", re.IGNORECASE)
#: An e-mail address: "name@example.org", its domain's labels split at their dots (so that the
#: match takes time linear in the text, whatever it holds). No "?", "#", "%", "&" or "=" in
#: the domain, which no domain has: "ada@example.org?bcc=…" is no address (its link would
#: add headers); the name before "@" may hold them ("r&d@…"), and :func:`mailto` encodes them.
EMAIL = re.compile(r"[^@\s<>\"'(),;:/]+@[^@\s<>\"'(),;:/.?#%&=]+"
                   r"(?:\.[^@\s<>\"'(),;:/.?#%&=]+)+")


def mailto(email: str) -> str:
    """The mailto: link of an address (:data:`EMAIL`), its characters that a mailto: link
    reads as its own ("?" starts headers, "&", "=", "%", "#") percent-encoded (RFC 6068)."""
    return "mailto:" + quote(email, safe="@!$'()*+,;:")


UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file"})

Kind = Literal["web", "relative", "other", "unsafe"]


def kind_of(address: str) -> Kind:
    """What an address is: "web" (http(s) with a host, and no :func:`disguise`),
    "relative" (a path, no scheme), "unsafe" (a scheme that runs code or embeds content) or
    "other" (mailto:, ftp:…)."""
    seen = BROWSER_IGNORED.sub("", address)
    scheme = SCHEME.match(seen)
    if scheme is None:
        return "relative" if seen == address else "other"
    if scheme.group(1).lower() in UNSAFE_SCHEMES:
        return "unsafe"
    return "web" if WEB.fullmatch(address) and not disguise(address) else "other"


def is_unseen(char: str) -> bool:
    """A control, a format character (a zero-width space, a bidirectional control) or a space
    of any width."""
    return unicodedata.category(char)[0] in "CZ"


def unseen_character(text: str) -> str:
    """The first character of ``text`` nobody sees (a control, a format character such as a
    zero-width space or a bidirectional override, a space of any width), named as a message
    names it ("U+202E RIGHT-TO-LEFT OVERRIDE"); "" for none."""
    for char in text:
        if is_unseen(char):
            name = unicodedata.name(char, "")
            return f"U+{ord(char):04X}" + (f" {name}" if name else "")
    return ""


def disguise(address: str) -> str:
    """What makes an http(s) address open another than the one a reader sees, in a message's
    words; "" for none (or another kind of address). Each is a mistake or a disguise, never an
    application's own kind of address:

    * a backslash, which a browser reads as "/" and Python's urlsplit does not, so that the host
      a badge, a Scholar tag or llms.txt names is not the one the link opens
      ("https://evil.example\\@arxiv.org/" opens evil.example);
    * a user name or password before the host ("https://arxiv.org@evil.example/" opens
      evil.example), which would also publish the password;
    * a character nobody sees, which reorders what is shown (U+202E) or makes two addresses
      that look alike differ (U+200B);
    * a host or port no address can have ("https://[", a character that NFKC normalisation
      splits, ":99999"): a browser would not open it;
    * a host that looks like another (:func:`look_alike_host`).
    """
    if not address.lower().startswith(("http://", "https://")):
        return ""
    try:
        parts = urlsplit(address)
        parts.hostname, parts.port  # noqa: B018  # what reading its host and port refuses
    except ValueError as error:  # "https://[": "Invalid IPv6 URL"; ":99999": "out of range"
        return f"is not a well-formed address ({error}); correct it"
    if "\\" in address:
        return ("holds a backslash, which a browser reads as '/': the link would open another "
                "address than the one written; write %5C for a backslash")
    authority = re.split(r"[/?#]", address.split("://", 1)[1], maxsplit=1)[0]
    if "@" in authority:
        return ("names a user or a password before its host ('…@'): a reader sees one host "
                "and the link opens another, and a password is published; write the address "
                "without it")
    unseen = unseen_character(address)
    if unseen:
        return (f"has {unseen}, which nobody sees: the address a reader sees is not the one "
                "the link opens; delete the character")
    return look_alike_host(parts.hostname or "")


#: Punctuation a host's name may hold, where its language writes it (IDNA's contextual rules):
#: Catalan's middle dot (col·legi.cat), Hebrew's geresh and gershayim, the katakana middle dot;
#: and the ideographic full stops a browser reads as ".".
HOST_PUNCTUATION = frozenset("\u00b7\u05f3\u05f4\u30fb\u3002\uff0e\uff61")
#: Scripts a name may mix, as a browser shows such a name (Chrome's IDN policy): Latin with
#: Japanese, with Chinese and Bopomofo, or with Korean. Any other mix ("аrxiv", its "а"
#: Cyrillic; "com\u141fevil", its slash a Canadian syllable) is made to look like another name.
SCRIPT_MIXES = (frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}),
                frozenset({"LATIN", "CJK", "BOPOMOFO"}), frozenset({"LATIN", "CJK", "HANGUL"}))
#: The first word of a letter's Unicode name, where it is not the script's.
SCRIPT_OF_WORD = {"IDEOGRAPHIC": "CJK", "KATAKANA-HIRAGANA": "KATAKANA", "HALFWIDTH": "KATAKANA"}
#: Letters of every script (a modifier letter: a length mark).
COMMON_WORDS = frozenset({"MODIFIER", "COMBINING"})


def script_of(char: str) -> str:
    word = unicodedata.name(char, "?").split(" ")[0]
    return "" if word in COMMON_WORDS else SCRIPT_OF_WORD.get(word, word)


def look_alike_host(host: str) -> str:
    """Why ``host`` reads as another site's, in a message's words; "" for none: a symbol or
    punctuation no name has ("github.com∕evil.example", its slash U+2215, opens a host of
    evil.example), or a name that mixes scripts as no language does (:data:`SCRIPT_MIXES`).
    A name in one script (müller.de, 例え.jp, пример.рф), or in a language's own mix
    (ソニー-sony.jp), is fine; one in its ASCII form (xn--…) always is. A name all in a
    script whose letters look like Latin ones ("раураӏ", all Cyrillic) is not caught."""
    # As written: NFKC would make "․" (U+2024) a dot and "ⓖ" a "g", which a browser may read
    # so, while the badge and every output name the host as written.
    for char in host:
        if (not char.isascii() and unicodedata.category(char)[0] in "SP"
                and char not in HOST_PUNCTUATION):
            return (f"has the character {char!r} (U+{ord(char):04X} "
                    f"{unicodedata.name(char, 'unnamed')}) in its host, which reads as another "
                    "or as no part of a name: the link may open another site than the one a "
                    "reader sees; write the address with its real host, or the host in its ASCII "
                    "form (xn--…)")
    host = unicodedata.normalize("NFKC", host)  # fullwidth letters are the letters they show
    for label in re.split("[.\u3002\uff0e\uff61]", host):
        scripts = {script for char in label if char.isalpha() and (script := script_of(char))}
        if len(scripts) > 1 and not any(scripts <= mix for mix in SCRIPT_MIXES):
            named = " and ".join(sorted(script.capitalize() for script in scripts))
            return (f"mixes {named} letters in its host ({label!r}), as a look-alike of "
                    "another site's name does; write the host in one script, or in its ASCII "
                    "form (xn--…)")
    return ""


def web_link_problem(address: str) -> str | None:
    """Why ``address`` may not be written as a link to another site (what to write instead),
    or None when it may: an http(s) address with a host."""
    kind = kind_of(address)
    if kind == "web":
        return None
    if kind == "unsafe":
        return (f"{address!r} is not an http(s) address: a link with that scheme runs code or "
                "opens embedded content; write the page's https:// address")
    if disguise(address):
        return f"{address!r} {disguise(address)}"
    return f"{address!r} is not an http(s) address; write it in full, as https://…"


# --- what a link opens ------------------------------------------------------------------------

#: (host, path prefix) → the label of a badge linking there; the first match wins, and a host
#: matches its subdomains ("www.github.com"). Proceedings are a venue's own published volume;
#: "Paper" is a publisher's or an institution's page of one paper.
LINK_LABELS: tuple[tuple[str, str, str], ...] = (
    ("arxiv.org", "", "arXiv"),
    ("doi.org", "", "DOI"),
    ("openreview.net", "", "OpenReview"),
    ("papers.nips.cc", "", "Proceedings"),
    ("papers.neurips.cc", "", "Proceedings"),
    ("proceedings.neurips.cc", "", "Proceedings"),
    ("proceedings.mlr.press", "", "Proceedings"),
    ("aclanthology.org", "", "Proceedings"),
    ("openaccess.thecvf.com", "", "Proceedings"),
    ("jmlr.org", "/papers", "Paper"),
    ("research.google", "/pubs", "Paper"),
    ("dl.acm.org", "", "Paper"),
    ("ieeexplore.ieee.org", "", "Paper"),
    ("link.springer.com", "", "Paper"),
    ("sciencedirect.com", "", "Paper"),
    ("nature.com", "", "Paper"),
    ("ui.adsabs.harvard.edu", "", "ADS"),
    ("pubmed.ncbi.nlm.nih.gov", "", "PubMed"),
    ("github.com", "", "Code"),
    ("gitlab.com", "", "Code"),
    ("bitbucket.org", "", "Code"),
    ("huggingface.co", "", "Hugging Face"),
    ("youtube.com", "", "Video"),
    ("youtu.be", "", "Video"),
    ("vimeo.com", "", "Video"),
    ("zenodo.org", "", "Zenodo"),
)

#: An address the table does not know, by the entry's type: a paper's page, a book, a site.
LABEL_OF_TYPE = {
    "book": "Book", "mvbook": "Book", "inbook": "Book", "booklet": "Book",
    "online": "Website", "www": "Website", "electronic": "Website", "misc": "Website",
    "software": "Code", "dataset": "Data", "phdthesis": "Thesis", "mastersthesis": "Thesis",
    "thesis": "Thesis", "unpublished": "Website",
}


def badge_label(address: str, entry_type: str = "misc") -> str:
    """What an entry's ``url`` opens, as its badge says it: "Proceedings", "Code", "Book"…

    Read from the address (a PDF file, a known host and path) or else from the entry's type;
    never the bare "Link" that tells a reader nothing.
    """
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if path.endswith(".pdf"):
        return "PDF"
    for known, prefix, label in LINK_LABELS:
        if (host == known or host.endswith("." + known)) and path.startswith(prefix):
            return label
    return LABEL_OF_TYPE.get(entry_type, "Paper")


def same_address(first: str, second: str) -> bool:
    """Whether two addresses open the same page: http and https, "www.", a final slash, an
    arXiv paper's abstract, PDF and versions all count as one."""
    return _canonical(first) == _canonical(second)


ARXIV_PATH = re.compile(r"^/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?/?$", re.ASCII)


def _canonical(address: str) -> str:
    try:
        parts = urlsplit(address.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # not well formed (see disguise): the same only as written
        return address.strip()
    if host in ("arxiv.org", "export.arxiv.org"):
        match = ARXIV_PATH.match(parts.path)
        if match:
            return f"arxiv:{match.group(1)}"
    if host in ("doi.org", "dx.doi.org"):
        # The DOI as written or percent-encoded (links.doi_address) is one DOI.
        return f"doi:{unquote(parts.path).lstrip('/').lower()}"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"
