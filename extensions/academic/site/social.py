"""A preview image for every page, shown where a link to the site is shared.

Every page (paper pages too) names a 1200×630 PNG card in ``og:image`` (with its size and a
text alternative) and asks for the large preview, ``twitter:card`` ``summary_large_image``. The
card shows the site's name, the page's title, wrapped and as large as fits, and for a paper its
authors (the owner always among those named), venue and year; the site's address at the foot.

sphinxext-opengraph can draw cards too, with matplotlib: about 33 ms of CPU a card when this
was written, over a minute for 2,000 papers, and drawn again on every clean build. These are
drawn with Pillow, in Source Sans Pro (a font package from PyPI), in sixteen colours: white to
the theme's ink, and the theme's brand blue; about 2 ms a card. Three things keep 2,000 of them
cheap:

* **drawn once**: a card is kept in a cache beside the doctrees, named by a digest of what it
  shows and of the drawing code (:data:`RENDERER`, Pillow's version); a page whose card text did
  not change gets the same file again, a hard link, without drawing;
* **written small and fast**: 4 bits a pixel, the PNG assembled here (:func:`png`) and
  compressed at zlib's fastest level (about 20 KB a card);
* **what all cards share drawn once a build**: the bar, the site's name and address
  (:func:`background`), copied under each card's text.

The images are at ``_social/<page>.png``: a page's address does not change when its card does.
When the build ends, every page of the site gets its card in the output: those Sphinx wrote
in this process were drawn as they were written; the others' (pages not written again, whose
card may still be new with new drawing code, and pages written by a parallel build's other
processes) are made from the environment, as they would be. Cards of pages no longer there
are removed. Pages without a doctree (the general index, search, 404), for which
sphinxext-opengraph writes nothing, get their Open Graph tags here.

No ``html_baseurl``, no card (Open Graph wants absolute addresses); ``ogp_image`` in conf.py, or
``academic_social_cards = False``, turns them off too.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import PIL
from PIL import Image, ImageDraw, ImageFont
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging

from .. import config
from ..bib.display import SHORT_NAMES, display_of
from ..bib.records import Publication
from ..publications.domain import academic_domain
from . import seo

logger = logging.getLogger(__name__)

HTML_BUILDERS = {"html", "dirhtml"}
#: Sphinx's own pages whose title only their template knows.
GENERATED_TITLES = {"genindex": "Index", "search": "Search"}
#: Part of every card's digest: change it when the drawing changes, and every card is redrawn.
RENDERER = "3"
WIDTH, HEIGHT = 1200, 630
#: The output folder of the cards, under the site's root.
FOLDER = "_social"
#: Beside the doctrees: the drawn cards, each named by its digest.
CACHE_FOLDER = "academic-social-cards"

# --- the design -----------------------------------------------------------------------------

#: furo's light theme: white paper, black ink (softened a little), brand blue for the bar.
PAPER = (255, 255, 255)
INK = (17, 17, 17)
BRAND = (10, 75, 255)
#: Index 0 is the paper, 1..14 ink over it in even steps (the anti-aliased edges of the text),
#: 15 the brand colour. Text is drawn with the index of its colour: Pillow blends an index with
#: the paper's as it blends a grey level, which lands on the ramp.
INK_LEVELS = 14
TITLE_INK = 14  # black
TEXT_INK = 10  # furo's secondary text, #5a5c63
MUTED_INK = 9  # furo's muted text, #6b6f76
BRAND_INDEX = 15

MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
BAR_WIDTH = 16
HEADER_BASELINE = 104  # the site's name
FOOTER_BASELINE = HEIGHT - 64  # the site's address
BODY_TOP, BODY_BOTTOM = 150, HEIGHT - 118  # title and details, centred between
#: The title's sizes, largest first: the first at which it fits is taken.
TITLE_SIZES = (76, 68, 60, 54, 48, 44)
#: The home page's card: the owner's name is its title, as large as a name on a poster.
HERO_TITLE_SIZES = (120, 104, 92, *TITLE_SIZES)
LINE_SPACING = 1.16
DETAIL_SIZE, DETAIL_GAP = 36, 26
SUMMARY_LINES = 3
HEADER_SIZE, FOOTER_SIZE = 38, 30

DASHES = {"—", "–", "-"}
FONT_FILES = {
    "bold": "SourceSansPro-Bold.ttf",
    "semibold": "SourceSansPro-Semibold.ttf",
    "regular": "SourceSansPro-Regular.ttf",
}


def palette() -> bytes:
    ramp = [tuple(round(p + (i - p) * level / INK_LEVELS) for p, i in zip(PAPER, INK, strict=True))
            for level in range(INK_LEVELS + 1)]
    return b"".join(bytes(colour) for colour in [*ramp, BRAND])


PALETTE = palette()


# --- what a card shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """The text of one card: everything drawn, so its digest names the image."""

    site: str  #: the site's name, at the top ("" on the home page, whose title it is)
    title: str
    details: tuple[str, ...]  #: a paper's authors, and its venue and year
    address: str  #: the site's address, at the foot
    summary: str = ""  #: another page's description, its first lines under the title
    hero: bool = False  #: the home page's: the name large, the role in dark semibold

    def digest(self) -> str:
        parts = [RENDERER, PIL.__version__, self.site, self.title, list(self.details),
                 self.address, self.summary, self.hero]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()

    def alt(self) -> str:
        """The card in words, for ``og:image:alt``."""
        return " — ".join(part for part in (self.title, *self.details, self.summary, self.site)
                          if part)


def card_authors(entry: Publication) -> str:
    """The model's author line (:meth:`.Display.author_line`) with at most
    :data:`.display.SHORT_NAMES` names, fewer while it is wider than the card: names are
    folded ("and 8 more"), never the owner's part ("Jacob Austin is a contributor"), which
    the card keeps whole."""
    model = display_of(entry)
    face = font("regular", DETAIL_SIZE)
    for count in range(SHORT_NAMES, 1, -1):
        text = model.author_text(count)
        if face.getlength(text) <= TEXT_WIDTH:
            return text
    return model.author_text(1)


def paper_card(site: str, address: str, entry: Publication) -> Card:
    """Title, author line, and the short venue ("ICSE-SEIP") with the year (never "2021a")."""
    model = display_of(entry)
    details = tuple(part for part in (card_authors(entry), model.venue_line(short=True))
                    if part)
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
    ("Member of Technical Staff · Anthropic",), "LLM systems researcher: …"."""
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


# --- drawing --------------------------------------------------------------------------------

@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = resources.files("font_source_sans_pro") / "files" / FONT_FILES[weight]
    # BASIC layout: kerning, no shaping; no text of a card needs more, and it is fastest.
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking at spaces; a word wider than a line is broken where it must be."""
    space = face.getlength(" ")
    lines: list[str] = []
    line, used = "", 0.0
    for word in words(text):
        size = face.getlength(word)
        while size > width:  # a long address or compound: cut it to the line
            if line:
                lines.append(line)
                line, used = "", 0.0
            cut = fitting_prefix(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
            size = face.getlength(word)
        if line and used + space + size <= width:
            line, used = f"{line} {word}", used + space + size
        elif line:
            lines.append(line)
            line, used = word, size
        else:
            line, used = word, size
    if line:
        lines.append(line)
    return lines


def words(text: str) -> list[str]:
    """The text's words; a dash stays with the word before it, never starts a line."""
    tokens: list[str] = []
    for word in text.split():
        if word in DASHES and tokens:
            tokens[-1] += f" {word}"
        else:
            tokens.append(word)
    return tokens


def fitting_prefix(text: str, face: ImageFont.FreeTypeFont, width: float) -> int:
    """How many characters of ``text`` fit in ``width`` (at least one)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def shortened(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """The text, or as many of its words as fit with "…"."""
    if face.getlength(text) <= width:
        return text
    cut = fitting_prefix(text, face, width - face.getlength("…"))
    prefix = text[:cut]
    if " " in prefix and not text[cut].isspace():  # a word cut short: leave it out
        prefix = prefix.rsplit(" ", 1)[0]
    return prefix.rstrip(" ,.:;·—–") + "…"


def title_lines(title: str, height: int,
                sizes: tuple[int, ...] = TITLE_SIZES) -> tuple[int, list[str]]:
    """The largest of the sizes at which the title fits the height, and its lines (cut with
    "…" if it does not fit even at the smallest)."""
    # The width of the title on one line, at the largest size: lines are at least that over the
    # line width, scaled with the size, so sizes too large for that are not tried.
    length = font("bold", sizes[0]).getlength(title)
    for size in sizes:
        fewest = -(-length * size // (sizes[0] * TEXT_WIDTH))
        if fewest * line_height(size) > height and size != sizes[-1]:
            continue
        lines = wrap(title, font("bold", size), TEXT_WIDTH)
        if len(lines) * line_height(size) <= height:
            return size, lines
    face = font("bold", size)
    room = max(1, height // line_height(size))
    if len(lines) > room:
        lines = [*lines[:room - 1], shortened(" ".join(lines[room - 1:]), face, TEXT_WIDTH)]
    return size, lines


def line_height(size: int) -> int:
    return round(size * LINE_SPACING)


@lru_cache(maxsize=4)
def background(site: str, address: str) -> Image.Image:
    """What the cards of a site share, drawn once: the bar, the site's name and address."""
    image = Image.new("P", (WIDTH, HEIGHT), 0)
    pen = pen_for(image)
    pen.rectangle((0, 0, BAR_WIDTH - 1, HEIGHT - 1), fill=BRAND_INDEX)
    if site:
        header = font("semibold", HEADER_SIZE)
        pen.text((MARGIN, HEADER_BASELINE), shortened(site, header, TEXT_WIDTH), font=header,
                 fill=TEXT_INK, anchor="ls")
    if address:
        footer = font("regular", FOOTER_SIZE)
        pen.text((MARGIN, FOOTER_BASELINE), shortened(address, footer, TEXT_WIDTH), font=footer,
                 fill=MUTED_INK, anchor="ls")
    return image


def pen_for(image: Image.Image) -> ImageDraw.ImageDraw:
    pen = ImageDraw.Draw(image)
    pen.fontmode = "L"  # anti-aliased: Pillow draws a palette image's text without, by default
    return pen


def draw(card: Card) -> Image.Image:
    image = background(card.site, card.address).copy()
    pen = pen_for(image)
    detail_face = font("regular", DETAIL_SIZE)
    # The home page's role line stands out from the sentence under it (one palette: the ink
    # ramp anti-aliases, the brand colour would not).
    role_face = font("semibold", DETAIL_SIZE) if card.hero else detail_face
    details = [shortened(line, role_face, TEXT_WIDTH) for line in card.details]
    styles = [(role_face, TITLE_INK if card.hero else TEXT_INK)] * len(details)
    if card.summary:
        summary = wrap(card.summary, detail_face, TEXT_WIDTH)
        if len(summary) > SUMMARY_LINES:
            summary[SUMMARY_LINES - 1] = shortened(" ".join(summary[SUMMARY_LINES - 1:]),
                                                   detail_face, TEXT_WIDTH)
        details += summary[:SUMMARY_LINES]
        styles += [(detail_face, TEXT_INK)] * len(summary[:SUMMARY_LINES])
    details_height = DETAIL_GAP + len(details) * line_height(DETAIL_SIZE) if details else 0
    size, lines = title_lines(card.title, BODY_BOTTOM - BODY_TOP - details_height,
                              HERO_TITLE_SIZES if card.hero else TITLE_SIZES)
    title_face = font("bold", size)
    # The title and details centred in the body; each line placed by its baseline.
    top = BODY_TOP + (BODY_BOTTOM - BODY_TOP - len(lines) * line_height(size)
                      - details_height) // 2
    baseline = top + title_face.getmetrics()[0]
    for line in lines:
        pen.text((MARGIN, baseline), line, font=title_face, fill=TITLE_INK, anchor="ls")
        baseline += line_height(size)
    baseline += (DETAIL_GAP - title_face.getmetrics()[0]
                 + detail_face.getmetrics()[0])
    for line, (face, ink) in zip(details, styles, strict=True):
        pen.text((MARGIN, baseline), line, font=face, fill=ink, anchor="ls")
        baseline += line_height(DETAIL_SIZE)
    return image


def scanlines(image: Image.Image) -> bytes:
    """The image's rows as PNG stores them: 4 bits a pixel, each row after its filter byte
    ("none": best for flat colour)."""
    raw = image.tobytes("raw", "P;4")
    stride = (WIDTH + 1) // 2
    return b"".join(b"\0" + raw[start:start + stride] for start in range(0, len(raw), stride))


def png(rows: bytes) -> bytes:
    """A 4-bit palette PNG of the scanlines, compressed at zlib's fastest level: about half
    the time Pillow's own encoder takes for the same image (``bits=4``, ``compress_level=1``).
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)  # 4-bit, palette
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", PALETTE)
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def render(card: Card) -> bytes:
    return png(scanlines(draw(card)))


# --- the build ------------------------------------------------------------------------------

class Cards:
    """This build's cards: which page shows which; those not in the cache are drawn at once.

    In Sphinx's thread, not in a worker: drawing holds Python's lock (FreeType's rendering does
    not release it), and with the drawing, or only the compression, in a worker thread, the
    page-writing thread waited for the lock after each file it wrote, which cost the build more
    than drawing the cards itself (profiled at 2,000 papers).
    """

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        #: Sphinx writes pages in forked processes in a parallel build: only this one draws.
        self.process = os.getpid()
        self.pages: dict[str, Card] = {}
        self.drawn = 0

    def cached(self, card: Card) -> Path:
        return self.cache / f"{card.digest()}.png"

    def add(self, pagename: str, card: Card) -> None:
        """The page shows this card: draw it unless it is in the cache."""
        self.pages[pagename] = card
        path = self.cached(card)
        if not path.is_file():
            save_card(render(card), path)
            self.drawn += 1


def save_card(data: bytes, path: Path) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # a half-written file is never taken for a card


def enabled(app: Sphinx) -> bool:
    """Cards go with sphinxext-opengraph's tags: a site without it has no Open Graph at all."""
    return bool(app.builder.name in HTML_BUILDERS and app.config.academic_social_cards
                and "sphinxext.opengraph" in app.extensions and config.base_url(app)
                and not app.config.ogp_image)


def cache_folder(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_FOLDER


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
    kept = set(keep)
    for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


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
        if cards is not None and exception is None:
            publish_cards(app, cards)


def publish_cards(app: Sphinx, cards: Cards) -> None:
    """Put every page's card in the output, remove those of pages no longer there, and
    forget cached cards no page shows."""
    # The pages not written in this process: those Sphinx did not write again (their card may
    # still be new, with new drawing code), and those a parallel build wrote in another.
    for pagename in sorted(set(app.env.found_docs) | set(academic_domain(app.env).paper_pages())
                           - cards.pages.keys()):
        if "ogp_disable" not in app.env.metadata.get(pagename, {}):
            cards.add(pagename, card_for(app, pagename, {}))
    output = Path(app.outdir) / FOLDER
    for pagename, card in sorted(cards.pages.items()):
        link(cards.cached(card), output / f"{pagename}.png")
    wanted = {output / f"{pagename}.png" for pagename in cards.pages}
    remove_others(output, wanted)
    remove_others(cards.cache, {cards.cached(card) for card in cards.pages.values()})
    logger.verbose(f"social cards: {cards.drawn} drawn, {len(cards.pages)} in the site")


def setup(app: Sphinx) -> SocialCards:
    """This application's cards; :mod:`.head` names each page's in its head."""
    cards = SocialCards()
    app.connect("builder-inited", cards.start)
    app.connect("build-finished", cards.publish)
    return cards
