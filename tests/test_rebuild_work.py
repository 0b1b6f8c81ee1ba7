"""A rebuild does the work of what changed, and no more, and writes what a clean build writes:
a page edited leaves the Atom feed and the papers' preview cards as they were, without making
them again; an entry edited makes both again, byte for byte as a clean build would."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from academic.site import feed, social
from conftest import html_page
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("dirhtml", testroot="social")


def rebuild(srcdir: Path) -> SphinxTestApp:
    """An incremental build in the folders of the last one (a new application, as a new
    ``nox -s build`` would make)."""
    again = SphinxTestApp("dirhtml", srcdir=srcdir, builddir=srcdir / "_build")
    try:
        again.build()
    finally:
        again.cleanup()
    return again


def clean_build(srcdir: Path, tmp_path: Path) -> Path:
    """The output folder of a clean build of a copy of ``srcdir``."""
    clean_src = tmp_path / "clean"
    shutil.copytree(srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = SphinxTestApp("dirhtml", srcdir=clean_src, builddir=clean_src / "_build")
    try:
        clean.build()
    finally:
        clean.cleanup()
    return Path(clean.outdir)


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def made(outdir: Path) -> dict[str, bytes]:
    """What the feed and the cards are: the feed, and every card in the output."""
    return {feed.FEED_FILE: (outdir / feed.FEED_FILE).read_bytes(),
            **{f"{social.FOLDER}/{name}": data
               for name, data in files(outdir / social.FOLDER).items()}}


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How many times a build makes the feed, and a paper's card."""
    calls = {"feed": 0, "paper card": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(feed, "feed_xml", counting("feed", feed.feed_xml))
    monkeypatch.setattr(social, "paper_card", counting("paper card", social.paper_card))
    return calls


def test_a_page_edit_makes_neither_the_feed_nor_the_papers_cards_again(
        app, counted, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    app.build()
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    before = made(outdir)
    # Files the edit leaves as they were are not written again (publishing links them).
    kept = {name: (outdir / name).stat().st_mtime_ns for name in ("robots.txt", "llms.txt")}
    assert counted["feed"] == 1
    assert counted["paper card"] >= 2  # each paper's page, drawn as it is written
    assert any(name.startswith(f"{social.FOLDER}/publications/") for name in before)
    counted.update({"feed": 0, "paper card": 0})

    notes = srcdir / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                     encoding="utf-8")
    rebuild(srcdir)
    assert "One more sentence." in html_page(outdir, "notes/index.html").get_text()
    assert counted == {"feed": 0, "paper card": 0}
    assert made(outdir) == before
    assert {name: (outdir / name).stat().st_mtime_ns for name in kept} == kept


def test_an_entry_edit_makes_them_again_as_a_clean_build_does(app, counted, monkeypatch,
                                                              tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    app.build()
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    before = made(outdir)
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "{Notes on Solvers}", "{Notes on Faster Solvers}"), encoding="utf-8")
    counted.update({"feed": 0, "paper card": 0})
    rebuild(srcdir)
    assert counted["feed"] == 1
    after = made(outdir)
    assert "Notes on Faster Solvers" in after[feed.FEED_FILE].decode()
    card = f"{social.FOLDER}/publications/example2019notes.png"
    assert after[card] != before[card]
    # The other paper's card is the same file as before.
    other = f"{social.FOLDER}/publications/frommgen2024resolving.png"
    assert after[other] == before[other]

    assert made(clean_build(srcdir, tmp_path)) == after


def test_changed_settings_leave_what_a_clean_build_writes(app, monkeypatch, tmp_path):
    """HTML settings changed in conf.py: every page is written again, and nothing the last
    build wrote is left that a clean build does not write (Sphinx keeps the last build's
    ``.buildinfo`` as ``.buildinfo.bak``, and every word of the last search index); what a
    setting turns off is removed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    app.build()
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    # The site's own files where the extension writes its own: kept, as a clean build copies
    # them (with their own, older, modification times).
    extra = srcdir / "extra"
    for name in (feed.FEED_FILE, f"{social.FOLDER}/own.png", "_sources/notes.txt"):
        (extra / name).parent.mkdir(parents=True, exist_ok=True)
        (extra / name).write_text(f"the site's own {name}\n", encoding="utf-8")
        os.utime(extra / name, (1_600_000_000, 1_600_000_000))
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'html_title = "Ada B. Example"\n'
                    'html_extra_path = ["extra"]\n'
                    # Plain Sphinx search: the index keeps no word of the tuned one's.
                    "academic_search = False\n"
                    # Neither the feed nor the cards of the last build stay.
                    "academic_feed = False\nacademic_social_cards = False\n"
                    # Nor the copies of the pages' sources.
                    "html_copy_source = False\n",
                    encoding="utf-8")
    rebuild(srcdir)
    incremental, clean = files(outdir), files(clean_build(srcdir, tmp_path))
    assert sorted(incremental) == sorted(clean)
    assert incremental["_sources/notes.txt"] == b"the site's own _sources/notes.txt\n"
    assert [name for name, data in clean.items() if incremental[name] != data] == []


def tree(folder: Path) -> tuple[dict[str, bytes], set[str]]:
    """The files of an output folder, and its folders (an empty one too)."""
    return files(folder), {path.relative_to(folder).as_posix()
                           for path in folder.rglob("*") if path.is_dir()}


def test_a_download_is_published_and_a_deleted_static_folder_goes(app, monkeypatch, tmp_path):
    """A page's ``{download}`` file was deleted by every build, a clean one too (Sphinx 9
    names it with a path type that hashes apart from its text, so it was never found among
    the files in use); a static folder emptied, then deleted, stayed in the site, empty."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    (srcdir / "talk.txt").write_text("the slides\n", encoding="utf-8")
    notes = srcdir / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8")
                     + "\nThe {download}`slides <talk.txt>`.\n", encoding="utf-8")
    extra = srcdir / "_static" / "extra"
    extra.mkdir()
    (extra / "b.txt").write_text("b\n", encoding="utf-8")
    app.build()
    link = html_page(outdir, "notes/index.html").select_one("a.download")["href"]
    assert (outdir / "notes" / link).resolve().read_text(encoding="utf-8") == "the slides\n"
    assert (outdir / "_static" / "extra" / "b.txt").is_file()
    (extra / "b.txt").unlink()
    rebuild(srcdir)
    assert (outdir / "_static" / "extra").is_dir()  # an empty folder, as a clean build has
    extra.rmdir()
    rebuild(srcdir)
    assert not (outdir / "_static" / "extra").exists()
    assert tree(outdir) == tree(clean_build(srcdir, tmp_path))


def test_a_site_without_an_address_keeps_no_old_sitemap(app, monkeypatch, tmp_path):
    """sphinx-sitemap writes no sitemap without the site's address (and says so, a warning
    that a build going on past it, as ``nox -s serve``'s does, publishes): the last one
    stayed, with the old addresses."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        '"academic"]', '"sphinx_sitemap", "academic"]'), encoding="utf-8")
    rebuild(srcdir)
    assert (outdir / "sitemap.xml").is_file()
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'html_baseurl = "https://example.org/site/"', 'html_baseurl = ""'), encoding="utf-8")
    rebuild(srcdir)
    assert not (outdir / "sitemap.xml").exists()
    assert tree(outdir) == tree(clean_build(srcdir, tmp_path))
