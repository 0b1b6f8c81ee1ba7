"""The owner's CV: his CV file, his CV page, home page career list and PDF (the CV feature
itself is tested on tests/roots/test-cv, in test_cv.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO, html_page
from pypdf import PdfReader
from test_cv import pdf_text


def test_the_owners_cv_file_is_valid():
    from academic.cv.parsing import parse  # the check the build makes

    data, problems = parse((REPO / "docs" / "cv.yaml").read_text(encoding="utf-8"))
    assert problems == []
    assert yaml.safe_load(io.StringIO(json.dumps(data))) == data  # plain JSON data


# --- the owner's site --------------------------------------------------------------------------


@pytest.fixture
def site(owner_site: Path) -> Path:
    """The owner's site, built strictly once for every test that reads it (tests/browser.py)."""
    return owner_site


def owner_cv() -> dict:
    return yaml.safe_load((REPO / "docs" / "cv.yaml").read_text(encoding="utf-8"))


def bib_titles() -> list[str]:
    from academic.bib.people import NameMatcher
    from academic.bib.records import load_bibliography

    source = (REPO / "refs.bib").read_text(encoding="utf-8")
    entries = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"])).entries
    return [entry.title_text for entry in entries.values()]


def selected_titles(published: bool | None = None) -> tuple[list[str], list[str]]:
    """The titles of the selected entries, newest first, and of the others; ``published``:
    only journal and conference papers (True) or only the rest (False)."""
    from academic.bib.people import NameMatcher
    from academic.bib.records import load_bibliography
    from academic.citations.styles import newest_first
    from academic.cv.pdf import published as is_published

    source = (REPO / "refs.bib").read_text(encoding="utf-8")
    entries = sorted(load_bibliography(source, NameMatcher.from_names(["Jacob Austin"]))
                     .entries.values(), key=newest_first)
    if published is not None:
        entries = [e for e in entries if is_published(e) == published]
    return ([e.title_text for e in entries if "selected" in e.keywords],
            [e.title_text for e in entries if "selected" not in e.keywords])


def test_owners_cv_page_lists_every_bib_entry_and_career_item(site):
    page = html_page(site, "cv")
    shown = {" ".join(p.get_text(" ", strip=True).removesuffix(" Selected").split())
             for p in page.select(".academic-cv-publications .academic-title")}
    assert shown == {" ".join(title.split()) for title in bib_titles()}
    heads = [li.find("strong").get_text() for li in page.select(".academic-cv-work > li")]
    assert heads == [item["name"] for item in owner_cv()["work"]]
    heads = [li.find("strong").get_text() for li in page.select(".academic-cv-education > li")]
    assert heads == [item["institution"] for item in owner_cv()["education"]]
    home = html_page(site)
    career = [li.find("strong").get_text() for li in home.select(".academic-cv-career > li")]
    assert career == [item["name"] for item in owner_cv()["work"]] + ["Columbia University"]
    assert home.select_one('.sidebar-tree a[href="cv/"]') is not None


def test_owners_pdf_has_every_selected_title_employer_degree_course_and_honor(site):
    """Two pages: the selected papers (conf.py), numbered in two groups, and a link to all."""
    cv = owner_cv()
    text = pdf_text(site / "jacob-austin-cv.pdf")
    selected, others = selected_titles()
    assert selected and others
    for title in others:
        assert " ".join(title.split()) not in text, title
    for heading in ("Selected journal and conference papers",
                    "Selected preprints, reports and books"):
        assert heading in text
    # Each group numbered from 1, its number before the title.
    for number, title in enumerate(selected_titles(published=True)[0], 1):
        assert f"{number}. {' '.join(title.split())}" in text, title
    assert "The complete list of publications: www.jacobaustin.org/publications/" in text
    facts = [*selected, *(item["name"] for item in cv["work"]),
             "BS in Computer science and mathematics",
             *(item["course"] for item in cv["teaching"]),
             *(item["title"] for item in cv["awards"])]
    for fact in facts:
        assert " ".join(fact.split()) in text, fact
    assert len(PdfReader(site / "jacob-austin-cv.pdf").pages) <= 2
