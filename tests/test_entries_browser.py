"""The publications list in Chromium (the test root tests/roots/test-browser), with JavaScript
off: a long author list opens its folded names in place, and the BibTeX badge opens the entry
below its row, on a laptop and a phone. test_site_pages.py checks the owner's list so."""

from __future__ import annotations

from pathlib import Path

import pytest
from academic.bib.display import display_of
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from conftest import TESTS

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module", params=list(VIEWPORTS), name="no_script_page")
def no_script_page_fixture(chromium, request):
    """A page with JavaScript off, one per viewport for the module's tests."""
    context = chromium.new_context(viewport=VIEWPORTS[request.param], java_script_enabled=False)
    yield context.new_page()
    context.close()


def folded_part(bib: Path, owner: str, cap: int,
                key: str = "frommgen2024resolving") -> tuple[str, list[str], str]:
    """The summary and the names of the entry the model's rule folds at the list's cap (the
    rule itself, exactly: test_one_truth.py::test_the_rule_folds_long_lists), and its whole
    author line."""
    record = load_bibliography(bib.read_text(encoding="utf-8"),
                               NameMatcher.from_names([owner])).entries[key]
    (segment,) = [segment for segment in display_of(record).author_line(cap)
                  if segment.kind == "folded"]
    return (segment.text, [author.name for _, author in segment.hidden],
            display_of(record).author_text())


def test_folded_authors_open_in_place(no_script_page, site_url):
    # academic_max_authors = 8 in the root
    folded = folded_part(TESTS / "roots" / "test-browser" / "refs.bib", "Ada Quill", 8)
    check_folded_authors_open_in_place(no_script_page, site_url, "Ada Quill", *folded)


def check_folded_authors_open_in_place(page, site_url: str, owner: str, summary_text: str,
                                       names: list[str], whole: str) -> None:
    """The owner stays in view; the summary "and N more", a target a finger can hit, opens the
    other names in place, and the opened line reads as the whole list, the summary gone."""
    page.goto(f"{site_url}publications/")
    entry = page.locator("#frommgen2024resolving")
    authors = entry.locator(".academic-authors")
    hidden = authors.locator("details > .academic-more-names")  # the names the summary folds
    assert authors.locator("strong", has_text=owner).is_visible()
    assert names and all(name in hidden.text_content() for name in names)
    assert not hidden.is_visible()
    summary = authors.locator("summary .academic-more-count")
    assert summary.inner_text() == summary_text
    target = summary.bounding_box()
    assert target is not None and target["height"] >= 24, target  # WCAG 2.5.8

    def place() -> tuple[float, float, float]:
        """Where the author line is in its entry (the click may scroll the page)."""
        box, origin = authors.bounding_box(), entry.bounding_box()
        assert box is not None and origin is not None
        return box["x"] - origin["x"], box["y"] - origin["y"], box["width"]

    before = place()
    summary.click()
    assert hidden.is_visible()
    assert not summary.is_visible()
    assert " ".join(authors.inner_text().split()) == whole
    # In place: the names follow the line's shown names, not in a box of their own below.
    assert place() == before


def test_bibtex_badge_opens_below_its_row(no_script_page, site_url):
    page = no_script_page
    page.goto(f"{site_url}publications/")
    row = page.locator("#frommgen2024resolving .academic-links")
    badges = row.locator(".academic-badge")
    assert badges.all_inner_texts()[-1] == "BibTeX"
    code = row.locator("pre")
    assert not code.is_visible()
    bibtex = badges.last
    entry = page.locator("#frommgen2024resolving")

    def places() -> list[tuple[float, float]]:
        """Where each badge is in the entry (the click may scroll the page)."""
        origin = entry.bounding_box()
        assert origin is not None
        return [(box["x"] - origin["x"], box["y"] - origin["y"])
                for i in range(badges.count()) if (box := badges.nth(i).bounding_box())]

    closed = places()
    bibtex.click()
    assert code.is_visible()
    code_box, badge_box = code.bounding_box(), bibtex.bounding_box()
    entry_box = entry.bounding_box()
    assert code_box and badge_box and entry_box
    # The badges stay where they were; the code is below them, within the entry's width.
    assert places() == closed
    assert code_box["y"] >= badge_box["y"] + badge_box["height"]
    assert code_box["x"] + code_box["width"] <= entry_box["x"] + entry_box["width"] + 0.5
