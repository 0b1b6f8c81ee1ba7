"""Preview images for shared links: one card a page, in the build, drawn only when it changed."""

from __future__ import annotations

import io
import os
import shutil
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

import pytest
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.site import card_drawing, card_image, social
from bs4 import BeautifulSoup
from conftest import TESTS, html_page
from PIL import Image
from sphinx.cmd.build import build_main

BASE = "https://example.org/site/"
ROOT = TESTS / "roots" / "test-social"
#: Every page of the test root, as a dirhtml address.
PAGES = ["", "notes/", "review/", "publications/", "publications/frommgen2024resolving/",
         "publications/example2019notes/", "genindex/", "search/"]


class Build(NamedTuple):
    outdir: Path
    doctreedir: Path


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the test root of this test's own: tests here edit its pages."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    return source


def build(source: Path, *extra: str, into: str = "build") -> Build:
    """A strict dirhtml build, incremental in ``into`` beside the source (as `nox -s build`)."""
    folder = source.parent / into
    result = Build(folder / "html", folder / "doctrees")
    warnings = folder / "warnings.txt"
    status = build_main(["-b", "dirhtml", "-W", "-n", "--keep-going", "-q", "-w", str(warnings),
                         "-d", str(result.doctreedir), *extra, str(source), str(result.outdir)])
    assert (status, warnings.read_text(encoding="utf-8")) == (0, "")
    return result


@pytest.fixture(scope="module")
def read_only(tmp_path_factory) -> Build:
    """The root built once, for the tests that only read the build."""
    source = tmp_path_factory.mktemp("social") / "src"
    shutil.copytree(ROOT, source)
    return build(source)


def meta(soup: BeautifulSoup, **attrs: str) -> str:
    tags = soup.find_all("meta", attrs=attrs)
    assert len(tags) == 1, attrs
    return tags[0]["content"]


def card_files(app) -> dict[str, bytes]:
    folder = Path(app.outdir) / social.FOLDER
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*.png"))}


def cache_times(app) -> dict[str, int]:
    folder = Path(app.doctreedir) / social.CACHE_FOLDER
    return {path.name: path.stat().st_mtime_ns for path in folder.glob("*.png")}


def test_every_page_names_its_card_which_is_in_the_build(read_only):
    app = read_only
    for path in PAGES:
        soup = html_page(app.outdir, path)
        url = meta(soup, property="og:image")
        assert url.startswith(f"{BASE}{social.FOLDER}/"), path
        file = Path(app.outdir) / url.removeprefix(BASE)
        with Image.open(file) as image:
            assert image.format == "PNG"
            assert image.size == (int(meta(soup, property="og:image:width")),
                                  int(meta(soup, property="og:image:height"))) == (1200, 630)
        assert meta(soup, property="og:image:type") == "image/png"
        assert meta(soup, name="twitter:card") == "summary_large_image"
        # The other Open Graph tags, on pages sphinxext-opengraph leaves alone too.
        assert meta(soup, property="og:url") == BASE + path
        assert meta(soup, property="og:title")
    # A page that turns Open Graph off (sphinxext-opengraph's ogp_disable) has no card.
    private = html_page(app.outdir, "private/")
    assert private.find("meta", property="og:image") is None
    assert private.find("meta", attrs={"name": "twitter:card"}) is None
    assert sorted(card_files(app)) == [
        "genindex.png", "index.png", "notes.png", "publications/example2019notes.png",
        "publications/frommgen2024resolving.png", "publications/index.png", "review.png",
        "search.png"]


def test_the_card_says_what_it_shows(read_only):
    app = read_only

    def alt(path: str) -> str:
        return meta(html_page(app.outdir, path), property="og:image:alt")

    # The home page's: the owner's role and own sentence, from the Person JSON-LD has.
    assert alt("") == "Ada Example — Researcher · Example Lab — Making solvers <fast> & exact."
    assert alt("notes/") == "Ada’s notes & sketches — Notes on solvers. — Ada Example"
    assert alt("publications/frommgen2024resolving/") == (
        "Resolving Code Review Comments with ML — Alexander Frömmgen, Grace Lovelace, 2 more, "
        "Ada Example et al. — Proceedings of the Example Conference (EXC), 2024 — Ada Example")
    assert alt("publications/example2019notes/") == (
        "Notes on Solvers — Ada Example and Barbara Liskov — 2019 — Ada Example")
    assert alt("search/") == (
        "Search — Search the pages, publications and projects of Ada Example. — Ada Example")
    # Quoted once in the attribute, as any text there.
    raw = (Path(app.outdir) / "notes" / "index.html").read_text(encoding="utf-8")
    assert 'content="Ada’s notes &amp; sketches — Notes on solvers. — Ada Example"' in raw


def test_a_second_build_draws_nothing_and_writes_the_same_bytes(project):
    first = build(project)
    cards, drawn = card_files(first), cache_times(first)
    assert len(drawn) == len(cards) == len(PAGES)
    again = build(project, "-E")  # every page written again
    assert card_files(again) == cards
    assert cache_times(again) == drawn  # taken from the cache, not drawn again
    # A build elsewhere, without the cache, draws the same bytes.
    elsewhere = build(project, into="elsewhere")
    assert card_files(elsewhere) == cards


def test_a_changed_title_draws_that_card_only(project):
    first = build(project)
    cards, drawn = card_files(first), cache_times(first)
    notes = project / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Ada's notes", "Ada's solvers"),
                     encoding="utf-8")
    again = build(project)
    changed = card_files(again)
    assert [name for name in cards if changed[name] != cards[name]] == ["notes.png"]
    now = cache_times(again)
    new = set(now) - set(drawn)
    assert len(new) == 1  # the new card; the old one is no longer kept
    assert len(now) == len(drawn)
    assert {name: now[name] for name in now if name not in new} == {
        name: time for name, time in drawn.items() if name in now}
    assert meta(html_page(again.outdir, "notes/"), property="og:image:alt") == (
        "Ada’s solvers & sketches — Notes on solvers. — Ada Example")


def test_a_removed_page_loses_its_card(project):
    build(project)
    (project / "review.md").unlink()
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("review\n", ""), encoding="utf-8")
    again = build(project)
    assert "review.png" not in card_files(again)
    assert "notes.png" in card_files(again)


def test_a_site_without_an_address_has_no_cards(project):
    """Open Graph wants absolute addresses: without html_baseurl there is none to give."""
    app = build(project, "-D", "html_baseurl=", "-D", "ogp_site_url=")
    home = html_page(app.outdir)
    assert home.find("meta", property="og:image") is None
    assert home.find("meta", attrs={"name": "twitter:card"}) is None
    assert not (Path(app.outdir) / social.FOLDER).exists()


def test_the_owner_is_among_the_names_on_a_paper_card():
    bib = load_bibliography((ROOT / "refs.bib").read_text(encoding="utf-8"),
                            NameMatcher.from_names(["Ada Example"]))
    assert social.card_authors(bib.entries["frommgen2024resolving"]) == (
        "Alexander Frömmgen, Grace Lovelace, 2 more, Ada Example et al.")
    assert social.card_authors(bib.entries["example2019notes"]) == "Ada Example and Barbara Liskov"


def test_a_card_draws_the_year_and_the_owners_part_of_any_line():
    """A line wider than the card is cut where it may be: a venue's name (DBLP's and Zotero's
    proceedings are long), a team's, never the year or the owner's part; the text alternative
    says what is drawn."""
    bib = load_bibliography("""
@inproceedings{long, title = {T}, author = {Example, Ada}, year = {2010},
  booktitle = {Proceedings of the 37th Annual ACM SIGPLAN-SIGACT Symposium on Principles of
               Programming Languages}}
@misc{team, title = {T}, year = {2020}, contribution = {contributor},
  author = {{The Extremely Long International Consortium for Reproducible Science}}}
@misc{after, title = {T}, year = {2020},
  author = {{The Extremely Long International Consortium for Reproducible Science} and
            Example, Ada}}
@misc{first, title = {T}, year = {2020},
  author = {Example, Ada and {The Extremely Long International Consortium for Reproducible
            Science and Engineering}}}
""", NameMatcher.from_names(["Ada Example"]))
    face = card_image.font("regular", card_image.DETAIL_SIZE)
    long = social.paper_card("Ada Example", "example.org", bib.entries["long"])
    team = social.paper_card("Ada Example", "example.org", bib.entries["team"])
    for card in (long, team):
        assert all(face.getlength(line) <= card_image.TEXT_WIDTH for line in card.details)
    # The owner named among the authors, after a long name or before it: his name is drawn.
    after, first = (social.card_authors(bib.entries[key]) for key in ("after", "first"))
    assert after.endswith("\N{HORIZONTAL ELLIPSIS} and Ada Example"), after
    assert first.startswith("Ada Example and The Extremely"), first
    assert first.endswith("\N{HORIZONTAL ELLIPSIS}"), first
    assert all(face.getlength(line) <= card_image.TEXT_WIDTH for line in (after, first))
    assert long.details == ("Ada Example", "Proceedings of the 37th Annual ACM SIGPLAN-SIGACT…, "
                                           "2010")
    assert team.details == ("The Extremely Long International… \N{EM DASH} Ada Example is a "
                            "contributor", "2020")
    assert long.alt() == " \N{EM DASH} ".join(("T", *long.details, "Ada Example"))


def test_a_long_title_is_shrunk_and_wrapped_to_fit():
    short_size, short = card_image.title_lines("Music", 360)
    assert (short_size, short) == (card_image.TITLE_SIZES[0], ["Music"])
    title = " ".join(["Resolving code review comments with machine learning"] * 10)
    size, lines = card_image.title_lines(title, 360)
    assert size == card_image.TITLE_SIZES[-1]
    assert len(lines) * card_image.line_height(size) <= 360
    assert lines[-1].endswith("…")
    face = card_image.font("bold", size)
    assert all(face.getlength(line) <= card_image.TEXT_WIDTH for line in lines)
    # A word longer than a line is cut where it must be; a dash never starts a line.
    word = "x" * 200
    assert "".join(card_image.wrap(word, face, card_image.TEXT_WIDTH)) == word
    assert not any(line.startswith("—") for line in card_image.wrap(
        "How to Scale Your Model: A Systems View of LLMs on TPUs — the book", face, 1000))


def test_a_title_of_any_length_is_measured_only_as_far_as_a_card_shows(monkeypatch):
    """A 90,000-character word (under BibTeX's field limit) took minutes to wrap: only the
    characters a card can show are measured, and the card reads the same."""
    word = "Supercalifragilistic" * 4500
    wrapped: list[int] = []
    wrap = card_image.wrap
    monkeypatch.setattr(card_image, "wrap",
                        lambda text, *args: wrapped.append(len(text)) or wrap(text, *args))
    size, lines = card_image.title_lines(word, 360)
    assert wrapped and max(wrapped) <= card_image.TITLE_CAP < len(word)
    assert (size, lines) == card_image.title_lines(word[:card_image.TITLE_CAP], 360)
    assert lines[-1].endswith("…")
    # The cap is more than the card shows, of the narrowest character at the smallest size.
    face = card_image.font("bold", card_image.TITLE_SIZES[-1])
    narrowest = min(face.getlength(c) for c in "il.,:;'|!`ıj")
    shown = (card_image.HEIGHT // card_image.line_height(size) + 1) * card_image.TEXT_WIDTH
    assert shown / narrowest < card_image.TITLE_CAP


def test_a_summary_of_any_length_is_measured_only_as_far_as_a_card_shows(monkeypatch):
    """A page's description as one 90,000-character word took minutes to draw: only the
    characters the summary's lines can show are measured, and the card reads the same."""
    word = "Supercalifragilistic" * 4500
    wrapped: list[int] = []
    wrap = card_image.wrap
    monkeypatch.setattr(card_image, "wrap",
                        lambda text, *args: wrapped.append(len(text)) or wrap(text, *args))
    card = card_image.Card("Ada Example", "A page", (), "example.org", word)
    image = card_image.draw(card)
    assert wrapped and max(wrapped) <= card_image.SUMMARY_CAP < len(word)
    short = card_image.Card("Ada Example", "A page", (), "example.org",
                            word[:card_image.SUMMARY_CAP])
    assert image.tobytes() == card_image.draw(short).tobytes()
    face = card_image.font("regular", card_image.DETAIL_SIZE)
    narrowest = min(face.getlength(c) for c in "il.,:;'|!`ıj")
    shown = (card_image.SUMMARY_LINES + 1) * card_image.TEXT_WIDTH
    assert shown / narrowest < card_image.SUMMARY_CAP


def test_a_card_is_a_valid_4_bit_png():
    card = card_image.Card("Ada Example", "Frömmgen’s “notes”", ("Ada Example",), "example.org")
    data = card_image.render(card)
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # decodes every row: the checksums and the compressed data are right
        assert (image.format, image.mode, image.size) == ("PNG", "P", (1200, 630))
        assert len(image.getcolors()) > 2  # text, anti-aliased, on paper
    assert card_image.render(card) == data


def test_cards_turned_off_leave_no_folder(project):
    """Cards turned off after a build: their folder goes too, as a clean build has none."""
    first = build(project)
    assert (first.outdir / social.FOLDER).is_dir()
    conf = project / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "academic_social_cards = False\n",
                    encoding="utf-8")
    again = build(project)
    assert not (again.outdir / social.FOLDER).exists()
    assert not (again.doctreedir / social.CACHE_FOLDER).exists()


def test_a_large_build_draws_its_cards_beside_it_and_they_are_the_same(project, read_only,
                                                                         monkeypatch):
    """Past the first cards, a build draws the rest in a process of its own: the site it
    writes holds the same cards as a build that drew every one itself."""
    pools: list[object] = []
    start = card_drawing.ProcessPoolExecutor
    monkeypatch.setattr(card_drawing, "ProcessPoolExecutor",
                        lambda *args, **kwargs: pools.append(start(*args, **kwargs)) or pools[-1])
    monkeypatch.setattr(card_drawing, "DRAWN_HERE", 2)
    beside = build(project)
    assert len(pools) == 1  # one process for the build, started past the second card
    assert card_files(beside) == card_files(read_only)
    assert len(card_files(beside)) == len(PAGES)


def test_cards_a_lost_process_did_not_draw_are_drawn_here(tmp_path):
    """The drawing process gone (killed, out of memory): the build draws what it had not."""
    cards = [card_image.Card("Ada Example", f"Paper {n}", ("Ada Example",), "example.org")
             for n in range(3)]
    drawer = card_drawing.Drawer(drawn_here=0)
    drawer.draw(cards[0], tmp_path / "0.png")
    assert drawer.pool is not None
    drawer.pool.submit(os._exit, 1)  # the process dies before it draws the next cards
    for n, card in enumerate(cards[1:], start=1):
        drawer.draw(card, tmp_path / f"{n}.png")
    drawer.finish()
    assert drawer.pool is None
    assert [(tmp_path / f"{n}.png").read_bytes() for n in range(3)] == [
        card_image.render(card) for card in cards]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["0.png", "1.png", "2.png"]


def test_ctrl_c_ends_the_drawing_process_without_a_traceback(capfd):
    """Ctrl-C reaches the drawing process too (the terminal signals the build's whole group):
    it ends there silently, where Python printed a KeyboardInterrupt traceback."""
    drawer = card_drawing.Drawer(drawn_here=0)
    card = card_image.Card("Ada Example", "Paper", (), "example.org")
    drawer.draw(card, Path(os.devnull))  # the drawing process starts
    assert drawer.pool is not None
    interrupted = drawer.pool.submit(signal.raise_signal, signal.SIGINT)
    try:
        interrupted.result(timeout=60)
        outcome: type[BaseException] | None = None
    except BaseException as error:  # noqa: BLE001 (a KeyboardInterrupt, where it raised one)
        outcome = type(error)
    drawer.abandon()
    assert outcome is BrokenProcessPool  # the process ended, raising nothing
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def inked_height(card: card_image.Card) -> float:
    """The share of the card's height its title and details cover (the bar, the site's name
    and its address left out)."""
    with Image.open(io.BytesIO(card_image.render(card))) as image:
        body = image.crop((card_image.BAR_WIDTH, card_image.HEADER_BASELINE + 20, card_image.WIDTH,
                           card_image.FOOTER_BASELINE - card_image.FOOTER_SIZE))
        box = body.point(lambda index: 255 if index else 0).getbbox()
    assert box is not None
    return (box[3] - box[1]) / card_image.HEIGHT


def test_the_home_card_uses_its_space():
    """A name and a role alone filled a fifth of the card: the home card sets the name large,
    and says the owner's role and his own sentence under it."""
    home = card_image.Card("", "Ada Example", ("Researcher · Example Lab",), "example.org",
                       "Making solvers fast and exact, and telling where they fail.", hero=True)
    page = card_image.Card("", "Ada Example", ("Researcher · Example Lab",), "example.org")
    assert inked_height(page) < 0.25
    assert inked_height(home) > 0.3
