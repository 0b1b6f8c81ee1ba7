"""A preview image for every page, shown where a link to the site is shared.

Every page (paper pages too) names a 1200×630 PNG card in ``og:image`` (with its size and a
text alternative) and asks for the large preview, ``twitter:card`` ``summary_large_image``. The
card shows the site's name, the page's title, wrapped and as large as fits, and for a paper its
authors (the owner always among those named), venue and year; the site's address at the foot.

sphinxext-opengraph can draw cards too, with matplotlib: about 33 ms of CPU a card when this
was written, over a minute for 2,000 papers, and drawn again on every clean build. These are
drawn by :mod:`.card_image` (about 2 ms a card) and **drawn once**: a card is kept in a cache
beside the doctrees, named by a digest of what it shows and of the drawing code
(:data:`.card_image.RENDERER`, Pillow's version); a page whose card text did not change gets
the same file again, a hard link, without drawing.

The images are at ``_social/<page>.png``: a page's address does not change when its card does.
When the build ends, every page of the site gets its card in the output: those Sphinx wrote
in this process were drawn as they were written; the others' (pages not written again, whose
card may still be new with new drawing code, and pages written by a parallel build's other
processes) are made from the environment, as they would be, except a paper's whose entry
and whose site (name, address, settings, drawing code) are as the last build had them: its
card is the one that build named (a file beside the cache), without measuring its text again.
Cards of pages no longer there are removed. Pages without a doctree (the general index,
search, 404), for which sphinxext-opengraph writes nothing, get their Open Graph tags here.

No ``html_baseurl``, no card (Open Graph wants absolute addresses); ``ogp_image`` in conf.py, or
``academic_social_cards = False``, turns them off too, and removes the cards an earlier build
made.
"""

from __future__ import annotations

import html
import os
import shutil
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import PIL
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging

from .. import config
from ..bib.author_line import plain_line
from ..bib.display import SHORT_NAMES, display_of
from ..bib.model import Publication
from ..builder.deletions import static_outputs
from ..builder.incremental import academic_settings, fingerprint, read_manifest, write_manifest
from ..publications.domain import academic_domain
from . import seo
from .card_drawing import Drawer
from .card_image import (
    DETAIL_SIZE,
    HEIGHT,
    TEXT_WIDTH,
    WIDTH,
    Card,
    font,
    shortened,
)

logger = logging.getLogger(__name__)

#: Sphinx's own pages whose title only their template knows.
GENERATED_TITLES = {"genindex": "Index", "search": "Search"}
#: The output folder of the cards, under the site's root.
FOLDER = "_social"
#: Beside the doctrees: the drawn cards, each named by its digest.
CACHE_FOLDER = "academic-social-cards"


# --- what a card shows ----------------------------------------------------------------------


def card_authors(entry: Publication) -> str:
    """The model's author line (:meth:`.Display.author_line`) with at most
    :data:`.display.SHORT_NAMES` names, fewer while it is wider than the card: names are
    folded ("and 8 more"), and past one name cut short ("…"), never the owner's part ("Ada
    Lovelace is a contributor", "…, Ada Lovelace, … (67 authors)"), which the card keeps whole.
    No mark after a name: the card has no room for the legend that says what "*" means."""
    model = display_of(entry)
    face = font("regular", DETAIL_SIZE)
    for count in range(SHORT_NAMES, 1, -1):
        text = model.credit_text(count)
        if face.getlength(text) <= TEXT_WIDTH:
            return text
    line = model.author_line(1)
    # Where the owner's part starts: his name among the authors, or the words that place him.
    part = next((index for index, segment in enumerate(line)
                 if segment.kind in ("owner", "gap")
                 or segment.kind == "name" and segment.author is not None
                 and segment.author.is_owner), len(line))
    if part == 0:  # his name first: kept, the names after it cut short
        head = plain_line(line[:1], marks=False)
        return head + shortened(plain_line(line[1:], marks=False), face,
                                TEXT_WIDTH - face.getlength(head))
    while part and line[part - 1].kind == "text":  # " \N{EM DASH} ", ", including "
        part -= 1
    return shortened(plain_line(line[:part], marks=False), face, TEXT_WIDTH,
                     plain_line(line[part:], marks=False))


def card_venue(entry: Publication) -> str:
    """The short venue with the year ("ICSE-SEIP, 2024"), the venue cut short ("…") where the
    line is wider than the card: the year is always drawn."""
    face = font("regular", DETAIL_SIZE)
    return display_of(entry).venue_line(
        short=True, fit=lambda venue, rest: shortened(venue, face, TEXT_WIDTH, rest))


def paper_card(site: str, address: str, entry: Publication) -> Card:
    """Title, author line, and the short venue ("ICSE-SEIP") with the year (never "2021a"):
    each line as drawn, so that the card's text alternative says what it shows."""
    details = tuple(part for part in (card_authors(entry), card_venue(entry)) if part)
    return Card(site, entry.title_text, details, address)


def page_title(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    title = app.env.titles.get(pagename)
    if title is not None:
        return title.astext()
    # Pages without a source: the general index and search pages have their title set in
    # their templates (Sphinx's words); others (404) in the page's context.
    if pagename in GENERATED_TITLES:
        return _(GENERATED_TITLES[pagename])
    return html.unescape(str(context.get("title") or ""))


def person_details(app: Sphinx) -> tuple[tuple[str, ...], str]:
    """The owner's role and his own sentence about his work, for the home page's card:
    ("Research Scientist · Acme",), "Compilers for analytical engines: …"."""
    person = seo.person_properties(app)  # the CV file's, with conf.py's academic_person
    works_for = person.get("worksFor")
    employer = works_for.get("name", "") if isinstance(works_for, dict) else ""
    line = " · ".join(str(part) for part in (person.get("jobTitle"), employer) if part)
    return (line,) if line else (), " ".join(str(person.get("description", "")).split())


def card_for(app: Sphinx, pagename: str, context: dict[str, Any],
             description: str | None = None) -> Card:
    """The page's card; ``description``, the page's (:func:`.seo.description`), when known."""
    site = config.site_title(app)
    address = address_text(app)
    domain = academic_domain(app.env)
    key = domain.paper_page_key(pagename)
    if key in domain.entries:
        return paper_card(site, address, domain.entries[key])
    title = " ".join(page_title(app, pagename, context).split()) or site
    if pagename == app.config.root_doc:
        role, summary = person_details(app)
        return Card("" if title == site else site, title, role, address, summary, hero=True)
    if description is None:
        description = seo.description(app, pagename)
    return Card(site, title, (), address, description)


def address_text(app: Sphinx) -> str:
    """The site's address as people write it: "example.org/site"."""
    parts = urlsplit(config.base_url(app))
    return (parts.netloc + parts.path).rstrip("/")


# --- the build ------------------------------------------------------------------------------

class Cards:
    """This build's cards: which page shows which; those not in the cache are drawn
    (:class:`.card_drawing.Drawer`: in Sphinx's thread, the rest of a large build in a process
    beside it)."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        #: Sphinx writes pages in forked processes in a parallel build: only this one draws.
        self.process = os.getpid()
        #: Each page's card, by its digest (the name of its file in the cache).
        self.pages: dict[str, str] = {}
        self.drawer = Drawer()

    def cached(self, digest: str) -> Path:
        return self.cache / f"{digest}.png"

    def add(self, pagename: str, card: Card) -> None:
        """The page shows this card: draw it unless it is in the cache."""
        digest = self.pages[pagename] = card.digest()
        path = self.cached(digest)
        if not path.is_file():
            self.drawer.draw(card, path)


def enabled(app: Sphinx) -> bool:
    """Cards go with sphinxext-opengraph's tags: a site without it has no Open Graph at all."""
    return bool(app.builder.name in config.SITE_BUILDERS and app.config.academic_social_cards
                and "sphinxext.opengraph" in app.extensions and config.base_url(app)
                and not app.config.ogp_image)


def cache_folder(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_FOLDER


#: Beside the cache: the last build's paper cards (:func:`paper_cards_fingerprint`).
MANIFEST = f"{CACHE_FOLDER}.json"


def paper_cards_fingerprint(app: Sphinx) -> str:
    """What a paper's card depends on besides its entry: the site's name and address, the
    extension's code and settings, and what draws and measures the text (Pillow, the font)."""
    return fingerprint(PIL.__version__, version("font-source-sans-pro"), config.site_title(app),
                       address_text(app), academic_settings(app))


def remembered_paper_cards(app: Sphinx, mark: str) -> dict[str, list[str]]:
    """The last build's paper pages → [their entry's digest, their card's digest], if it had
    the same fingerprint."""
    last = read_manifest(app, MANIFEST)
    pages = last.get("pages")
    return pages if last.get("fingerprint") == mark and isinstance(pages, dict) else {}


def image_url(app: Sphinx, pagename: str) -> str:
    return f"{config.base_url(app)}{FOLDER}/{quote(pagename)}.png"


def image_fields(app: Sphinx, pagename: str, card: Card) -> dict[str, str]:
    """The Open Graph tags naming the page's card."""
    return {
        "og:image": image_url(app, pagename),
        "og:image:type": "image/png",
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
        "og:image:alt": card.alt(),
    }


def page_tags(app: Sphinx, pagename: str, card: Card, description: str) -> str:
    """The Open Graph tags sphinxext-opengraph writes for a page with a doctree."""
    tags = {
        "og:title": card.title,
        "og:type": app.config.ogp_type,
        "og:url": config.page_url(app, pagename),
        "og:site_name": config.site_title(app),
        "og:description": description,
        **image_fields(app, pagename, card),
    }
    return "".join(f'<meta property="{name}" content="{html.escape(value, quote=True)}">\n'
                   for name, value in tags.items())


def card_tags(app: Sphinx, pagename: str, card: Card, description: str, *,
              opengraph: bool) -> str:
    """The tags asking for the large preview; where sphinxext-opengraph writes no Open Graph
    tags (``opengraph`` false: a page without a doctree), the page's own too."""
    tags = '<meta name="twitter:card" content="summary_large_image">\n'
    if not opengraph:
        tags += page_tags(app, pagename, card, description)
    return tags


def link(source: Path, target: Path) -> None:
    """The cached card at the output's path: a hard link (a copy across file systems)."""
    try:
        if target.samefile(source):
            return
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def remove_others(folder: Path, keep: Iterable[Path]) -> None:
    """Delete the files under ``folder`` not in ``keep``, and the folders left empty. By
    ``os.walk``, which knows a file from a folder without a ``stat`` of each (thousands of
    cards, every build)."""
    kept = {os.fspath(path) for path in keep}
    for top, _folders, files in os.walk(folder, topdown=False):  # files before their folders
        for name in files:
            path = os.path.join(top, name)
            if path not in kept:
                os.unlink(path)
        if top != os.fspath(folder) and not os.listdir(top):
            os.rmdir(top)


class SocialCards:
    """One application's cards: this build's :class:`Cards` from ``builder-inited`` to
    ``build-finished`` (made in :func:`setup`, so that two applications in one process share
    nothing)."""

    def __init__(self) -> None:
        self.cards: Cards | None = None

    def start(self, app: Sphinx) -> None:
        self.cards = None
        if not enabled(app):
            return
        cache_folder(app).mkdir(parents=True, exist_ok=True)
        self.cards = Cards(cache_folder(app))

    def page_card(self, app: Sphinx, pagename: str, context: dict[str, Any],
                  description: str) -> Card | None:
        """The page's card, drawn unless it is in the cache; None where the site draws none."""
        cards = self.cards
        if cards is None:
            return None
        card = card_for(app, pagename, context, description)
        if os.getpid() == cards.process:  # else drawn when the build ends (publish)
            cards.add(pagename, card)
        return card

    def publish(self, app: Sphinx, exception: Exception | None) -> None:
        """Put every page's card in the output (:func:`publish_cards`), once the build
        succeeded; the build's cards are forgotten either way."""
        cards, self.cards = self.cards, None
        if exception is not None:
            if cards is not None:
                cards.drawer.abandon()
            return
        if cards is not None:
            publish_cards(app, cards)
        elif app.builder.name in config.SITE_BUILDERS:
            remove_cards(app)


def site_files(app: Sphinx) -> set[Path]:
    """What the site's own static and extra folders put in the cards' folder: theirs, kept."""
    outdir = Path(app.outdir)
    return {outdir / path for path in static_outputs(app) if path.startswith(f"{FOLDER}/")}


def remove_cards(app: Sphinx) -> None:
    """Cards turned off since the last build (``academic_social_cards``, ``ogp_image``, no
    ``html_baseurl``): its cards go, from the output (kept from build to build) and the cache,
    as a clean build draws none; a file of the site's own extra folder stays, as a clean build
    copies it."""
    if not read_manifest(app, MANIFEST):
        return
    output = Path(app.outdir) / FOLDER
    if output.is_dir():
        remove_others(output, site_files(app))
        if not any(output.iterdir()):  # as a clean build has it: no folder
            output.rmdir()
    shutil.rmtree(cache_folder(app), ignore_errors=True)
    write_manifest(app, MANIFEST, {})


def publish_cards(app: Sphinx, cards: Cards) -> None:
    """Put every page's card in the output, remove those of pages no longer there, and
    forget cached cards no page shows."""
    domain = academic_domain(app.env)
    shown = domain.data["digests"]  # what pages show of each entry
    mark = paper_cards_fingerprint(app)
    remembered = remembered_paper_cards(app, mark)
    # The pages not written in this process: those Sphinx did not write again (their card may
    # still be new, with new drawing code), and those a parallel build wrote in another.
    for pagename in sorted((set(app.env.found_docs) | set(domain.paper_pages()))
                           - cards.pages.keys()):
        if "ogp_disable" in app.env.metadata.get(pagename, {}):
            continue
        # A paper's card shows its entry and the fingerprint's parts, nothing else: with both
        # as they were, it is the card the last build made, without measuring its text again
        # (a second of every rebuild at 2,000 papers, profiled).
        key = domain.paper_page_key(pagename)
        last = remembered.get(pagename)
        if (key is not None and last is not None and last[0] == shown.get(key)
                and cards.cached(last[1]).is_file()):
            cards.pages[pagename] = last[1]
            continue
        cards.add(pagename, card_for(app, pagename, {}))
    cards.drawer.finish()
    output = Path(app.outdir) / FOLDER
    for pagename, digest in sorted(cards.pages.items()):
        link(cards.cached(digest), output / f"{pagename}.png")
    wanted = {output / f"{pagename}.png" for pagename in cards.pages}
    remove_others(output, wanted | site_files(app))
    remove_others(cards.cache, {cards.cached(digest) for digest in cards.pages.values()})
    papers = {pagename: [shown[key], cards.pages[pagename]]
              for pagename, key in domain.paper_pages().items()
              if pagename in cards.pages and key in shown}
    write_manifest(app, MANIFEST, {"fingerprint": mark, "pages": papers})
    logger.verbose(f"social cards: {cards.drawer.drawn} drawn, {len(cards.pages)} in the site")


def setup(app: Sphinx) -> SocialCards:
    """This application's cards; :mod:`.head` names each page's in its head."""
    cards = SocialCards()
    app.connect("builder-inited", cards.start)
    app.connect("build-finished", cards.publish)
    return cards
