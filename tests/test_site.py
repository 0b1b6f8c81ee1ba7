"""The owner's site as a whole: strict build, navigation, publications, citations, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from academic.bibliography import NameMatcher, load_bibliography
from bs4 import BeautifulSoup
from conftest import REPO, html_page, load_searchindex
from sphinx.cmd.build import build_main


def build(outdir: Path, *extra: str) -> tuple[int, str]:
    warnings = outdir.parent / f"{outdir.name}-warnings.txt"
    status = build_main([
        "-b", "dirhtml", "-W", "-n", "--keep-going", "-q", "-E", "-w", str(warnings),
        "-d", str(outdir.parent / f"{outdir.name}-doctrees"), *extra, str(REPO / "docs"),
        str(outdir),
    ])
    return status, warnings.read_text()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("site") / "html"
    status, warnings = build(outdir)
    assert (status, warnings) == (0, "")
    return outdir


def page(site: Path, path: str) -> BeautifulSoup:
    return html_page(site, path)


def bib_entries():
    source = (REPO / "refs.bib").read_text(encoding="utf-8")
    bibliography = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"]))
    assert bibliography.problems == []
    return bibliography.entries


def test_every_page_is_reachable_from_the_navigation(site):
    home = page(site, "")
    # Sidebar links on the home page are relative to it; paper pages are off the navigation
    # tree (it would grow with the list), and the publications list links each of them.
    linked = {a["href"] for a in home.select(".sidebar-tree a")}
    linked |= {"publications/" + a["href"] for a in
               page(site, "publications").select("li.academic-entry .academic-title a")}
    built = {
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if p.parent.name not in ("404", "search") and p.parent != site
    }
    assert built <= linked, built - linked
    assert {"research/", "publications/", "projects/", "teaching/", "honors/", "music/",
            "colophon/", "genindex/"} <= linked


def test_every_bib_entry_appears_once_on_the_publications_page(site):
    publications = page(site, "publications")
    ids = [li["id"] for li in publications.select("li.academic-entry")]
    assert sorted(ids) == sorted(bib_entries())
    assert len(ids) == len(set(ids))
    for key in bib_entries():
        assert (site / "publications" / key / "index.html").is_file()


def test_every_citation_resolves(site):
    research = page(site, "research")
    cites = research.select("span.bibtex-citation")
    assert cites, "the research page cites its papers"
    for cite in cites:
        assert cite.select("a")
        for link in cite.select("a"):
            target, _, anchor = link["href"].partition("#")
            assert target == "../publications/"
            assert page(site, "publications").find(id=anchor) is not None


def test_home_page_shows_the_selected_papers(site):
    home = page(site, "")
    selected = [li.select_one(".academic-title").get_text() for li in
                home.select("ol.academic-publications.compact > li")]
    expected = [e.title_text for e in bib_entries().values() if "selected" in e.keywords]
    assert sorted(selected) == sorted(expected)


def test_owner_is_highlighted_wherever_he_is_an_author(site):
    publications = page(site, "publications")
    for key, entry in bib_entries().items():
        owners = publications.find(id=key).select(".academic-authors strong")
        assert len(owners) == sum(a.is_owner for a in entry.authors), key


def test_two_clean_builds_are_byte_identical(site, tmp_path):
    second = tmp_path / "html"
    assert build(second) == (0, "")
    first_files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files
    different = [f for f in first_files if (site / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_no_page_links_to_an_unsafe_scheme(site):
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for element in soup.select("[href], [src]"):
            url = element.get("href") or element.get("src")
            assert not re.match(r"\s*(javascript|data|vbscript):", url, re.I), (html, url)


def searchindex(site: Path) -> dict:
    return load_searchindex(site)


def project_cards(site: Path) -> list[str]:
    return [h.get_text() for h in page(site, "projects").select("h2.academic-card-title")]


def test_nothing_is_lost_from_search_index_and_general_index(site):
    index = searchindex(site)
    # Sphinx files an object under the part of its name before the last dot.
    objects = {f"{prefix}.{row[-1]}" if prefix else row[-1]
               for prefix, rows in index["objects"].items() for row in rows}
    genindex = page(site, "genindex").get_text(" ")
    entries = bib_entries()
    assert len(project_cards(site)) == 5
    for name in project_cards(site):
        assert name in objects, name
        assert f"{name} (project)" in genindex, name
    for entry in entries.values():
        assert entry.key in objects or entry.title_text in objects, entry.key
        assert entry.title_text.replace(";", ",") in genindex, entry.key


def test_every_page_is_in_the_sitemap(site):
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    urls = {loc.get_text() for loc in sitemap.find_all("loc")}
    for html in site.rglob("index.html"):
        path = html.parent.relative_to(site).as_posix()
        if path in ("404", "search", "genindex"):  # not content: left out on purpose
            continue
        expected = "http://localhost:8000/" + ("" if path == "." else path + "/")
        assert expected in urls, expected


def test_a_parallel_build_is_byte_identical(site, tmp_path):
    parallel = tmp_path / "html"
    assert build(parallel, "-j", "2") == (0, "")
    for path in site.rglob("*"):
        if path.is_file():
            assert (parallel / path.relative_to(site)).read_bytes() == path.read_bytes(), path


def test_every_entry_and_card_is_in_llms_txt(site):
    digest = (site / "llms.txt").read_text(encoding="utf-8")
    for key, entry in bib_entries().items():
        assert f"[{entry.title_text}](http://localhost:8000/publications/{key}/)" in digest, key
    for name in project_cards(site):
        assert f"[{name}](http://localhost:8000/projects/#project-" in digest, name
    full = (site / "llms-full.txt").read_text(encoding="utf-8")
    for path in ("research", "projects", "teaching", "honors", "music"):
        assert f"http://localhost:8000/{path}/" in full, path


def only_meta(soup: BeautifulSoup, **attrs: str) -> str:
    tags = soup.find_all("meta", attrs=attrs)
    assert len(tags) == 1, attrs
    return tags[0]["content"]


def test_every_page_has_a_preview_image_in_the_build(site):
    """og:image on every page, paper pages too: a file of the build, of the size it declares."""
    from PIL import Image

    base = "http://localhost:8000/"
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for html in pages:
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        url = only_meta(soup, property="og:image")
        assert url.startswith(base), (html, url)
        with Image.open(site / url.removeprefix(base)) as image:
            assert image.size == (int(only_meta(soup, property="og:image:width")),
                                  int(only_meta(soup, property="og:image:height"))), html
        assert only_meta(soup, name="twitter:card") == "summary_large_image", html
        assert only_meta(soup, property="og:image:alt"), html
    paper = page(site, "publications/frommgen2024resolving")
    assert "Alexander Frömmgen, Jacob Austin" in only_meta(paper, property="og:image:alt")
