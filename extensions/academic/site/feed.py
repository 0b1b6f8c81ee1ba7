"""``publications.atom``: an Atom feed (RFC 4287) of the publications, newest first.

Each entry has the paper's title, its authors, its venue and year, the one-line ``summary`` of
its BibTeX entry where it has one, and a link to the paper's page (else its place in the list).
``updated`` is the entry's own date (its year and month, the first of the month), and the feed's
is its newest entry's: never the build's time, so two builds of the same sources write the same
bytes. Every page announces the feed in its head (``<link rel="alternate"
type="application/atom+xml">``), and ``llms.txt`` names it.

Atom wants absolute, permanent identifiers: the feed is written when conf.py sets
``html_baseurl`` (as sphinx-sitemap's sitemap is), in the ``html`` and ``dirhtml`` builders, and
when the site has publications; ``academic_feed = False`` turns it off.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..bib.records import Publication
from ..citations import styles
from ..config import base_url, page_url, site_title
from ..publications.domain import academic_domain
from .escape import xml_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "publications.atom"


def feed_url(app: Sphinx) -> str | None:
    """The feed's address, when the site writes one."""
    if (not app.config.academic_feed or not base_url(app)
            or app.builder.name not in ("html", "dirhtml")
            or not academic_domain(app.env).entries):
        return None
    return base_url(app) + FEED_FILE


def feed_title(app: Sphinx) -> str:
    return f"{site_title(app)} — publications"


def entry_date(entry: Publication) -> str:
    """The entry's own date, as Atom's date-time: its year and month (January without one)."""
    return f"{max(entry.year, 1):04d}-{entry.month or 1:02d}-01T00:00:00Z"


def entry_summary(entry: Publication) -> str:
    """"Venue, 2021a." then the entry's one-line summary, where it has one."""
    venue = styles.as_plain_text(styles.venue_text(entry))
    summary = " ".join(entry.fields.get("summary", "").split())
    return " ".join(part for part in (f"{venue}.", summary) if part)


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element. ElementTree escapes markup but writes control characters as they are:
    one in a title would make the whole feed unreadable, so they go (:func:`.xml_text`)."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}",
                            {name: xml_text(value) for name, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def feed_xml(app: Sphinx, url: str) -> str:
    domain = academic_domain(app.env)
    entries = sorted(domain.entries.values(), key=styles.newest_first)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", url)
    add(feed, "title", feed_title(app))
    add(feed, "updated", max(entry_date(entry) for entry in entries))
    owner = (app.config.academic_owner or [app.config.author])[0]
    add(add(feed, "author"), "name", owner)
    add(feed, "link", rel="self", type="application/atom+xml", href=url)
    list_place = next((place for entry in entries
                       if (place := domain.list_place(entry.key)) is not None), None)
    add(feed, "link", rel="alternate", type="text/html",
        href=page_url(app, list_place.docname) if list_place else base_url(app))
    for entry in entries:
        place = domain.place_of(entry.key, prefer_page=True)
        link = page_url(app, *place) if place else f"{url}#{entry.key}"
        item = add(feed, "entry")
        add(item, "id", link)
        add(item, "title", entry.title_text)
        add(item, "updated", entry_date(entry))
        # An entry without named authors ("Chowdhery and others" has one) takes the feed's.
        for author in entry.named_authors:
            add(add(item, "author"), "name", author.name)
        add(item, "link", rel="alternate", type="text/html", href=link)
        add(item, "summary", entry_summary(entry))
        for keyword in sorted(entry.keywords):
            add(item, "category", term=keyword)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    url = feed_url(app)
    if url is None:
        return
    text = feed_xml(app, url)
    target = Path(app.outdir) / FEED_FILE
    # Unchanged, the file keeps its modification time: publishing links it instead of copying.
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def announce(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
             doctree: nodes.document | None) -> None:
    """<link rel="alternate"> to the feed in every page's head: feed readers find it there."""
    url = feed_url(app)
    if url is None:
        return
    tag = (f'<link rel="alternate" type="application/atom+xml" '
           f'title="{html.escape(feed_title(app))}" href="{html.escape(url)}">\n')
    context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", announce)
    app.connect("build-finished", write_feed)
