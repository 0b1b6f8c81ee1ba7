"""``publications.atom``: an Atom feed (RFC 4287) of the publications, newest first.

Each entry renders the entry's model (:mod:`.display`): the paper's title, its authors (the
names the source gives, and the owner where it makes him an author; a contributor to a team's
work is a ``<contributor>``), its author line, venue and year in the summary with the one-line
``summary`` of its BibTeX entry where it has one, a link to the paper's page (else its
place in the list), and its topics as the list's filter offers them (:attr:`.Display.topics`:
the term the filter's value, the label as shown). Atom's authors are a set, as JSON-LD's are:
where the source's byline is not whole ("and others"), the summary's author line says so
("et al.", "(67 authors)").

An entry whose source names no author is not in the feed: Atom gives an entry without an
``<author>`` the feed's, the owner, so the feed would make him the author of a work its source
credits to nobody (the build's summary lists the entry as incomplete).

Atom requires a full timestamp in every ``<updated>``, and a BibTeX entry rarely has one: a
year, at most a month. Giving an entry of 2021 the date 2021-01-01 would state a day nobody
stated, so a paper's date is never put in ``<updated>``. ``<updated>`` (of the feed and of each
entry) is what RFC 4287 says it is, the last time the entry was changed as the publisher sees
it: the sources' date, ``SOURCE_DATE_EPOCH`` when set (``nox`` sets it to the last commit's,
so two builds of one commit write the same bytes), else the newest BibTeX file's modification
time. ``<published>`` is written only for an entry dated to the day. Every page announces the
feed in its head (``<link rel="alternate" type="application/atom+xml">``), and ``llms.txt``
names it.

Atom wants absolute, permanent identifiers: the feed is written when conf.py sets
``html_baseurl`` (as sphinx-sitemap's sitemap is), in the ``html`` and ``dirhtml`` builders, and
when the site has publications; ``academic_feed = False`` turns it off (and removes the feed
an earlier build wrote).
"""

from __future__ import annotations

import html
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from sphinx.application import Sphinx

from ..bib.display import display_of, full_stop
from ..bib.model import Publication
from ..builder.deletions import static_outputs
from ..builder.incremental import (
    academic_settings,
    fingerprint,
    read_manifest,
    write_if_changed,
    write_manifest,
)
from ..citations import styles
from ..config import SITE_BUILDERS, base_url, page_url, site_title
from ..publications.bibfiles import bibfile_paths
from ..publications.domain import academic_domain
from .escape import xml_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "publications.atom"
#: Beside the doctrees: the fingerprint (:func:`feed_fingerprint`) of the feed last written.
MANIFEST = "academic-feed.json"


def feed_url(app: Sphinx) -> str | None:
    """The feed's address, when the site writes one."""
    if (not app.config.academic_feed or not base_url(app)
            or app.builder.name not in SITE_BUILDERS
            or not academic_domain(app.env).entries):
        return None
    return base_url(app) + FEED_FILE


def feed_title(app: Sphinx) -> str:
    return f"{site_title(app)} — publications"


def sources_date(app: Sphinx) -> str:
    """When the sources last changed, as Atom's date-time (see the module's docstring)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        seconds = int(epoch)
    else:
        times = [path.stat().st_mtime for path in bibfile_paths(app) if path.is_file()]
        seconds = int(max(times, default=0))
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def published_date(entry: Publication) -> str | None:
    """The entry's date as Atom's date-time, only when the source gives its day (a range's
    first day: Atom's <published> is one instant)."""
    model = display_of(entry)
    return f"{model.iso_date()}T00:00:00Z" if model.day else None


def entry_summary(entry: Publication) -> str:
    """"Author line. Venue, 2021." then the entry's one-line summary, where it has one."""
    model = display_of(entry)
    summary = " ".join(entry.fields.get("summary", "").split())
    parts = (f"{model.credit_in_words.rstrip('.')}." if model.authors or model.owner else "",
             full_stop(model.venue_line()), summary)
    return " ".join(part for part in parts if part)


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
    updated = sources_date(app)
    add(feed, "updated", updated)
    owner = (app.config.academic_owner or [app.config.author])[0]
    add(add(feed, "author"), "name", owner)
    add(feed, "link", rel="self", type="application/atom+xml", href=url)
    list_place = next((place for entry in entries
                       if (place := domain.list_place(entry.key)) is not None), None)
    add(feed, "link", rel="alternate", type="text/html",
        href=page_url(app, list_place.docname) if list_place else base_url(app))
    # A topic's label as the list's filter shows it: as the first entry, newest first, writes
    # it (publications/filters.py), whichever case another entry writes it in.
    labels: dict[str, str] = {}
    for entry in entries:
        for value, label in display_of(entry).topics:
            labels.setdefault(value, label)
    for entry in entries:
        model = display_of(entry)
        # A volume's editors stand as its authors, as in its author line, which says
        # ", editors" (Atom has no editor).
        authors = [author.name for author in model.authors]
        if model.role == "author" and model.owner_listed is None:
            authors.append(model.owner)
        if not authors:
            continue  # it would take the feed's author (see the docstring)
        place = domain.place_of(entry.key, prefer_page=True)
        link = page_url(app, *place) if place else f"{url}#{entry.key}"
        item = add(feed, "entry")
        add(item, "id", link)
        add(item, "title", entry.title_text)
        add(item, "updated", updated)
        published = published_date(entry)
        if published:
            add(item, "published", published)
        for name in authors:
            add(add(item, "author"), "name", name)
        if model.role == "contributor":
            add(add(item, "contributor"), "name", model.owner)
        add(item, "link", rel="alternate", type="text/html", href=link)
        add(item, "summary", entry_summary(entry))
        # The topics the list filters by, not every keyword: "selected" is no topic.
        for value, _label in model.topics:
            add(item, "category", term=value, label=labels[value])
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def feed_fingerprint(app: Sphinx, url: str) -> str:
    """What the feed says depends on: its address, title, owner and date, each entry's text
    (its digest covers the owner's names, the marks and a ``crossref`` parent), where each is
    shown (its page, its place in the list), the extension's settings, the builder and the
    extension's code."""
    domain = academic_domain(app.env)
    return fingerprint(
        app.builder.name, url, feed_title(app), sources_date(app), app.config.author,
        academic_settings(app), list(domain.data["digests"].items()),
        sorted(domain.paper_pages().items()),
        sorted((key, list(place)) for key, place in domain.data["anchors"].items()))


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    url = feed_url(app)
    target = Path(app.outdir) / FEED_FILE
    if url is None:
        # Turned off since the last build (academic_feed, html_baseurl, the last entry gone):
        # its feed goes too, as a clean build writes none. The output folder is kept from
        # build to build, and nothing else removes a file of the extension's.
        if read_manifest(app, MANIFEST):
            # Not the site's own file of that name, which a clean build copies.
            if FEED_FILE not in static_outputs(app):
                target.unlink(missing_ok=True)
            write_manifest(app, MANIFEST, {})
        return
    mark = feed_fingerprint(app, url)
    # Nothing it says changed, and it is there: a page edit does not make the feed of 2,000
    # papers again (a second of every rebuild, profiled).
    if read_manifest(app, MANIFEST).get("fingerprint") == mark and target.is_file():
        return
    write_if_changed(target, feed_xml(app, url))
    write_manifest(app, MANIFEST, {"fingerprint": mark})


def announce(app: Sphinx) -> str:
    """<link rel="alternate"> to the feed, for every page's head: feed readers find it there."""
    url = feed_url(app)
    if url is None:
        return ""
    return (f'<link rel="alternate" type="application/atom+xml" '
            f'title="{html.escape(feed_title(app))}" href="{html.escape(url)}">\n')


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_feed)
