"""One address policy for every link a page writes, whatever wrote it: a Markdown link, a
directive's option (``{button-link}``, ``{card}``'s ``:link:``, an image's ``:target:``),
reStructuredText in ``{eval-rst}``, raw HTML (a MyST page's ``<a href="…">``, a ``raw``
directive; :mod:`.html_addresses`), and the addresses of its head: the Open Graph fields of its
front matter (``og:url: …``, which sphinxext-opengraph writes as given) and its ``html_meta``
(or ``meta``) tags, a refresh's address among them.

A link whose scheme runs code or opens embedded content (``javascript:``, ``data:``,
``vbscript:``, ``file:``, :func:`..bib.urls.kind_of`) is an error at its line, and leaves the
page, its text kept: a build that goes on past the error (without ``-W``) publishes no such
link. An Open Graph address must be a full http(s) one, as the protocol wants. The addresses
from refs.bib, the CV file and conf.py are checked where they are read, by the same policy;
here, conf.py's addresses that furo and sphinxext-opengraph write into every page
(:func:`check_conf_addresses`).

sphinxext-opengraph writes a front matter field's *name* into the head as it is too: a field
named ``og:…`` that is not an Open Graph property name is an error and left out, as is an
``html_meta`` tag with an attribute a ``<meta>`` tag does not take (``onload``). The page's own
``og:*`` values are escaped where the site hands them to sphinxext-opengraph (:mod:`..site.head`).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .. import config as settings
from ..bib.urls import kind_of, web_link_problem
from . import html_addresses
from .html_addresses import refresh_address

logger = logging.getLogger(__name__)

#: An Open Graph property's name: "og:image:alt". sphinxext-opengraph writes a page's "og:*"
#: field names into its head as they are.
OPEN_GRAPH_NAME = re.compile(r"og(?::[A-Za-z0-9_]+)+")
#: What a ``<meta>`` tag may carry (besides docutils' own ids and classes): not an event
#: handler, nor anything else a page's ``html_meta`` key could add ("name=x onload=…").
META_ATTRIBUTES = frozenset({"name", "content", "http-equiv", "property", "charset", "lang",
                             "scheme", "itemprop", "media", "dir"})
#: What smart quotes make of straight quotes.
SMART_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
#: Open Graph properties whose value is an address.
OPEN_GRAPH_ADDRESS = re.compile(r"og:(?:url|see_also|(?:image|video|audio)(?::url|:secure_url)?)")


def drop_unsafe_links(app: Sphinx, doctree: nodes.document) -> None:
    for link in list(doctree.findall(nodes.reference)):
        address = link.get("refuri", "")
        if address and kind_of(address) == "unsafe":
            logger.warning(unsafe_link_problem(address), type="academic", subtype="links",
                           location=link)
            link.replace_self(link.children)
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            drop_unsafe_raw_html(raw)


def raw_html_problems(fragment: str) -> list[str]:
    """What is wrong with each address raw HTML opens, as a link's would be: "<a href>: …"."""
    return [f"<{found.tag} {found.attribute}>: " + (
                f"HTML nested in more than {html_addresses.MAX_SRCDOC_DEPTH} iframes' srcdoc is "
                "not read, so its links cannot be checked; put it in a page of its own"
                if found.unread else unsafe_link_problem(found.address))
            for found in html_addresses.addresses(fragment)
            if found.unread or kind_of(found.address) == "unsafe"]


def drop_unsafe_raw_html(raw: nodes.raw) -> None:
    """Raw HTML is written as it is: each address it opens is checked as a link is. HTML with
    an unsafe one leaves the page, its text kept, as a link's does: a build that goes on past
    the error publishes no such link, and rewriting the author's HTML without the attribute
    would publish markup nobody wrote."""
    unsafe = raw_html_problems(raw.astext())
    for problem in unsafe:
        logger.warning(problem, type="academic", subtype="links", location=raw)
    if not unsafe:
        return
    words = html_addresses.text(raw.astext())
    if not words:
        raw.parent.remove(raw)
    elif isinstance(raw.parent, nodes.TextElement):
        raw.replace_self(nodes.Text(words))
    else:
        raw.replace_self(nodes.paragraph(words, words))


def head_address_problem(name: str, value: str) -> str | None:
    """Why ``value`` may not be written as the head's ``name`` (an Open Graph property, a
    refresh), or None."""
    if OPEN_GRAPH_ADDRESS.fullmatch(name):
        return web_link_problem(value)
    address = refresh_address(value) if name.lower() == "refresh" else value
    if address is not None and kind_of(address) == "unsafe":
        return unsafe_link_problem(address)
    return None


def unsafe_link_problem(address: str) -> str:
    """What is wrong with an unsafe address a page writes, and what to write instead: one
    message for a link, a head tag and raw HTML alike."""
    return (f"{address!r} may not be a link: its scheme runs code or opens embedded content; "
            "write the page's https:// address")


def front_matter_line(app: Sphinx, docname: str, text: str) -> int | None:
    """The line of the page's front matter that holds ``text`` (Sphinx keeps none for its
    fields)."""
    try:
        lines = app.env.doc2path(docname).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    if not lines or lines[0].strip() != "---":
        return None
    # As YAML may write it: up to a quote or a backslash, which it escapes in a quoted key.
    written = re.split(r"[\"\\]", text)[0]
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            return None
        if written in line:
            return number
    return None


def drop_unsafe_head_addresses(app: Sphinx, doctree: nodes.document) -> None:
    """After Sphinx has collected the page's fields (priority 500)."""
    docname = app.env.current_document.docname
    fields = app.env.metadata[docname]
    reported = set()
    for name in [name for name in fields if name.startswith("og:")]:
        # MyST and Sphinx's collector both note the page's fields, the latter after smart
        # quotes: one field may be there twice ('og:x"' and 'og:x”'), and is reported once.
        plain = name.translate(SMART_QUOTES)
        if not OPEN_GRAPH_NAME.fullmatch(name) and plain in reported:
            del fields[name]
            continue
        reported.add(plain)
        if not OPEN_GRAPH_NAME.fullmatch(name):
            message = (f"{name!r} is not an Open Graph property such as og:title or "
                       "og:image:alt: it would be written into the page's head as it is; "
                       "rename the field")
        elif (problem := head_address_problem(name, str(fields[name]))) is not None:
            message = f"{name}: {problem}"
        else:
            continue
        logger.warning(message, type="academic", subtype="links",
                       location=(docname, front_matter_line(app, docname, name)))
        del fields[name]
    for meta in list(doctree.findall(nodes.meta)):
        name = meta.get("http-equiv") or meta.get("property") or meta.get("name") or ""
        others = sorted(set(meta.attributes) - set(nodes.Element.basic_attributes)
                        - META_ATTRIBUTES)
        if others:
            message = (f"{name}: a <meta> tag with {', '.join(others)} is not written: a "
                       f"tag of the head takes {', '.join(sorted(META_ATTRIBUTES))}")
        elif (problem := head_address_problem(name, meta.get("content", ""))) is not None:
            message = f"{name}: {problem}"
        else:
            continue
        # html_meta's key names the attribute: "property=og:image".
        line = (meta.line or front_matter_line(app, docname, f"={name}")
                or front_matter_line(app, docname, name))
        logger.warning(message, type="academic", subtype="links", location=(docname, line))
        meta.parent.remove(meta)


#: furo's options whose address every page links: the source repository's, and the edit and
#: view buttons' (its footer's links are :func:`check_conf_addresses`' too).
THEME_ADDRESSES = ("source_repository", "source_edit_link", "source_view_link")
#: sphinxext-opengraph's settings that are written into every page's head as full addresses.
OPEN_GRAPH_SETTINGS = ("ogp_site_url", "ogp_canonical_url")


def theme_link_problem(address: Any) -> str | None:
    """Why a theme's link may not be ``address``, or None: a link of the theme's, as a page's,
    may be any address but one whose scheme runs code or opens embedded content."""
    if isinstance(address, str) and kind_of(address) == "unsafe":
        return unsafe_link_problem(address)
    return None


def refused(app: Sphinx, setting: str, label: str, problems: list[str], key: str = "") -> bool:
    """Each of ``problems`` of one of conf.py's values (``label``: the option it is in) noted,
    as an error at its line; whether there was any, so that the value is left out."""
    for problem in problems:
        settings.note_problem(app, setting, f"{label}: {problem}", subtype="links", key=key)
    return bool(problems)


def found(problem: str | None) -> list[str]:
    return [problem] if problem else []


def html_problems(markup: Any) -> list[str]:
    """:func:`raw_html_problems` of a conf.py value that is HTML, written as it is."""
    return raw_html_problems(markup) if isinstance(markup, str) else []


def icon_problems(icon: Any) -> list[str]:
    """A furo footer icon's: its address, and its html (an inline SVG, as furo's documentation
    has it), written as it is."""
    if not isinstance(icon, dict):
        return []
    return [*found(theme_link_problem(icon.get("url"))), *html_problems(icon.get("html"))]


def check_conf_addresses(app: Sphinx, config: Config) -> None:
    """conf.py's addresses that furo and sphinxext-opengraph write into every page, held to the
    policy as a page's own: one that is not is an error at its line of conf.py, and is left out.
    furo's footer links and source repository may be any address but a live scheme's, as may
    those of its announcement and of sphinxext-opengraph's own tags (HTML, read as a page's);
    sphinxext-opengraph's site and canonical addresses must be http(s) ones, as the protocol
    wants (a wrong site address is replaced by ``html_baseurl``), and its image one too, or a
    path in the site, which it joins to the site's address."""
    options = config.html_theme_options
    if isinstance(options, dict):
        icons = options.get("footer_icons")
        if isinstance(icons, list):
            options["footer_icons"] = [icon for icon in icons if not refused(
                app, "html_theme_options", "footer_icons", icon_problems(icon),
                key="footer_icons")]
        for option in THEME_ADDRESSES:
            if refused(app, "html_theme_options", option,
                       found(theme_link_problem(options.get(option))), key=option):
                del options[option]
        # furo's announcement is HTML written at the top of every page, as it is.
        if refused(app, "html_theme_options", "announcement",
                   html_problems(options.get("announcement")), key="announcement"):
            del options["announcement"]
    # sphinxext-opengraph's own tags are HTML written into every page's head, as they are.
    tags = getattr(config, "ogp_custom_meta_tags", None)
    if isinstance(tags, (list, tuple)):
        kept = [tag for tag in tags if not refused(app, "ogp_custom_meta_tags",
                                                   "ogp_custom_meta_tags", html_problems(tag))]
        if len(kept) != len(tags):
            config.ogp_custom_meta_tags = kept
    for setting in OPEN_GRAPH_SETTINGS:
        value = getattr(config, setting, None)  # None where the extension is not loaded
        if value and refused(app, setting, setting, found(web_link_problem(value))):
            config[setting] = config.html_baseurl if setting == "ogp_site_url" else ""
    image = getattr(config, "ogp_image", None)
    if isinstance(image, str) and kind_of(image) != "relative" and refused(
            app, "ogp_image", "ogp_image", found(web_link_problem(image))):
        config.ogp_image = None


def setup(app: Sphinx) -> None:
    # After the extension's defaults for other packages' settings (priority 100).
    app.connect("config-inited", check_conf_addresses, priority=110)
    app.connect("doctree-read", drop_unsafe_links)
    app.connect("doctree-read", drop_unsafe_head_addresses, priority=600)
