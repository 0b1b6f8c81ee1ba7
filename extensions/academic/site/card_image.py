"""The preview card's image: a 1200×630 PNG of a :class:`Card`'s text, with no Sphinx in it.

The card shows the site's name, the page's title, wrapped and as large as fits, and for a paper
its authors, venue and year; the site's address at the foot. Drawn with Pillow, in Source Sans
Pro (a font package from PyPI), in sixteen colours: white to the theme's ink, and the theme's
brand blue; about 2 ms a card. Two things keep 2,000 of them cheap (:mod:`.social` keeps the
third, a cache of drawn cards):

* **written small and fast**: 4 bits a pixel, the PNG assembled here (:func:`png`) and
  compressed at zlib's fastest level (about 20 KB a card);
* **what all cards share drawn once a build**: the bar, the site's name and address
  (:func:`background`), copied under each card's text.
"""

from __future__ import annotations

import hashlib
import json
import struct
import unicodedata
import zlib
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import PIL
from PIL import Image, ImageDraw, ImageFont

#: Part of every card's digest: change it when the drawing changes, and every card is redrawn.
RENDERER = "4"
WIDTH, HEIGHT = 1200, 630

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


def shortened(text: str, face: ImageFont.FreeTypeFont, width: float, end: str = "") -> str:
    """The text, or as many of its words as fit with "…"; then ``end``, always whole (a
    venue line's year, the owner's part of an author line)."""
    if face.getlength(text + end) <= width:
        return text + end
    cut = fitting_prefix(text, face, width - face.getlength("…" + end))
    prefix = text[:cut]
    if " " in prefix and cut < len(text) and not text[cut].isspace():  # a word cut short
        prefix = prefix.rsplit(" ", 1)[0]
    return prefix.rstrip(" ,.:;·—–") + "…" + end


#: More characters than a card's title can show: every line of the card at the smallest size,
#: of characters 4 px wide (the font's narrowest letter is 12 px there). A title beyond it is cut
#: with "…" whatever its end: the rest is never measured (wrapping measures what is left of a
#: word for every line, and a 90,000-character word took minutes).
TITLE_CAP = (HEIGHT // round(TITLE_SIZES[-1] * LINE_SPACING) + 1) * TEXT_WIDTH // 4
#: The same for the summary under the title (a page's description, as long as its writer
#: made it): its lines, and one more, of the narrowest characters.
SUMMARY_CAP = (SUMMARY_LINES + 1) * TEXT_WIDTH // 4


def title_lines(title: str, height: int,
                sizes: tuple[int, ...] = TITLE_SIZES) -> tuple[int, list[str]]:
    """The largest of the sizes at which the title fits the height, and its lines (cut with
    "…" if it does not fit even at the smallest)."""
    title = title[:TITLE_CAP]
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


def drawable(text: str) -> str:
    """The text without format characters (Unicode's category Cf: bidirectional controls,
    zero-width spaces and joiners, soft hyphens), which have no glyph in the card's font:
    Pillow's basic layout draws each as a box, and it does not reorder right-to-left text, so
    an embedding's scope means nothing on the card."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def draw(card: Card) -> Image.Image:
    card = replace(card, site=drawable(card.site), title=drawable(card.title),
                   details=tuple(drawable(line) for line in card.details),
                   address=drawable(card.address), summary=drawable(card.summary))
    image = background(card.site, card.address).copy()
    pen = pen_for(image)
    detail_face = font("regular", DETAIL_SIZE)
    # The home page's role line stands out from the sentence under it (one palette: the ink
    # ramp anti-aliases, the brand colour would not).
    role_face = font("semibold", DETAIL_SIZE) if card.hero else detail_face
    details = [shortened(line, role_face, TEXT_WIDTH) for line in card.details]
    styles = [(role_face, TITLE_INK if card.hero else TEXT_INK)] * len(details)
    if card.summary:
        summary = wrap(card.summary[:SUMMARY_CAP], detail_face, TEXT_WIDTH)
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
