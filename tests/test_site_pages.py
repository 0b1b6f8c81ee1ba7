"""The owner's site in Chromium, as test_pages_browser.py and test_entries_browser.py check
their test root: his home page's first screen and profile links, a paper page of his, his long
pages, his publications list; and the root's checks of layout and contrast, on his pages."""

from __future__ import annotations

import pytest
from conftest import REPO
from test_entries_browser import (  # noqa: F401  (fixture: no_script_page; a test runs here too)
    check_folded_authors_open_in_place,
    folded_part,
    no_script_page_fixture,  # module-scoped: this module's own pages
    test_bibtex_badge_opens_below_its_row,
)
from test_pages_browser import (  # noqa: F401  (tests run here too)
    LAPTOP,
    PHONE,
    SCREENS,
    record_shifts,
    shifts_once_settled,
    test_a_badge_label_is_centred_in_its_pill,
    test_badges_and_chips_stand_out_from_the_page,
    test_the_first_selected_paper_is_whole_on_a_laptops_first_screen,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(owner_site_url: str) -> str:
    """The owner's site, where the imported tests and the ones below look."""
    return owner_site_url


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_the_first_screen_shows_the_profile_links(screen, viewport, scheme):
    page = screen("", viewport, scheme)
    links = page.eval_on_selector_all(
        "a.academic-profile-link",
        "links => links.map(a => [a.textContent.trim(), a.getBoundingClientRect().bottom])")
    assert [name for name, _ in links] == ["GitHub", "Google Research",
                                           "Book: How To Scale Your Model"]
    assert all(bottom <= viewport["height"] for _, bottom in links), links


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_a_paper_page_links_the_pages_that_cite_it(screen, viewport, scheme):
    page = screen("publications/austin2021structured/", viewport, scheme)
    links = page.eval_on_selector_all("#discussed-on li a",
                                      "all => all.map(a => [a.textContent, a.href])")
    assert ["Research", page.url.replace("publications/austin2021structured/", "research/")] \
        in [list(link) for link in links]


@pytest.mark.parametrize("path", ["publications/", "publications/austin2021structured/", "cv/"])
def test_author_marks_are_not_underlined(screen, path):
    """The equal-contribution star, and the ellipsis of a long byline, are ``<abbr>`` with
    their meaning: without a line under them, which under a star looks like specks."""
    page = screen(path, LAPTOP, "light")
    marks = page.eval_on_selector_all(
        "abbr", "all => all.map(a => [a.textContent, getComputedStyle(a).textDecorationLine])")
    assert "*" in {text for text, _ in marks}, marks
    assert {line for _, line in marks} == {"none"}, marks


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_copy_buttons_are_big_enough_and_stay_put_while_code_scrolls(screen, viewport, scheme):
    page = screen("publications/austin2021structured/", viewport, scheme)
    buttons = page.locator("#cite .academic-copyable > button.academic-copy")
    assert buttons.count() == 4  # the RIS's and the CSL-JSON's wait in closed disclosures
    for index in range(2):
        before = buttons.nth(index).bounding_box()
        assert before["width"] >= 24 and before["height"] >= 24, before
    bibtex = page.locator("#cite .academic-copyable").nth(1)
    before = buttons.nth(1).bounding_box()
    scrolled = bibtex.evaluate("w => { const pre = w.querySelector('pre'); pre.scrollLeft = 200;"
                               " return pre.scrollLeft; }")
    assert scrolled > 0  # the BibTeX is wider than the page: it scrolls
    assert buttons.nth(1).bounding_box() == before
    # Its long lines pass the corner as they scroll: the code starts below the button, which
    # covered the title's line on a phone.
    code_top = bibtex.evaluate("w => { const range = document.createRange();"
                               " range.selectNodeContents(w.querySelector('pre code'));"
                               " return range.getClientRects()[0].top; }")
    assert code_top >= before["y"] + before["height"], (code_top, before)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_long_and_short_pages_load_without_a_layout_shift(chromium, site_url, viewport):
    """Sections of long pages are laid out as they near the screen; nothing moves as they are."""
    context = chromium.new_context(viewport=viewport)
    record_shifts(context)
    page = context.new_page()
    try:
        for path in ("", "teaching/", "research/", "colophon/"):
            page.goto(site_url + path, wait_until="load")
            assert shifts_once_settled(page) == [], path
    finally:
        context.close()


def test_folded_authors_open_in_place(no_script_page, site_url):
    folded = folded_part(REPO / "refs.bib", "Jacob Austin", 8)  # academic_max_authors = 8
    check_folded_authors_open_in_place(no_script_page, site_url, "Jacob Austin", *folded)
