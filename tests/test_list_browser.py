"""The publications list in Chromium (the test root tests/roots/test-browser), on a laptop and a
phone, light and dark: every title starts at the same place, whether its entry has a chip
("arXiv", al-folio's venue abbreviation) or none, and the home page's first selected title is
on a phone's first screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SCREENS = {"laptop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}

#: Where each title of the page's lists starts, and whether its entry has a chip.
TITLES = """() => [...document.querySelectorAll("ol.academic-publications > li")].map((li) => ({
  x: li.querySelector(".academic-title").getBoundingClientRect().x,
  top: li.querySelector(".academic-title").getBoundingClientRect().top,
  chip: li.querySelector(".academic-abbr")?.textContent ?? ""}))"""


@pytest.fixture(scope="module", params=list(SCREENS), name="screen")
def screen_fixture(chromium, request):
    context = chromium.new_context(viewport=SCREENS[request.param])
    page = context.new_page()
    page.screen_name = request.param
    yield page
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["publications/", ""])
def test_every_title_starts_at_the_same_place(screen, site_url, scheme, path):
    screen.emulate_media(color_scheme=scheme)
    screen.goto(site_url + path)
    titles = screen.evaluate(TITLES)
    assert len(titles) > (2 if path else 0)
    if path:  # the full list holds entries with a chip and without
        assert {bool(title["chip"]) for title in titles} == {True, False}, titles
    assert max(t["x"] for t in titles) - min(t["x"] for t in titles) <= 1, titles


def test_the_first_selected_title_is_on_a_phones_first_screen(screen, site_url):
    if screen.screen_name != "phone":
        pytest.skip("a phone's first screen")
    screen.goto(site_url)
    first = screen.evaluate(TITLES)[0]
    assert first["top"] < SCREENS["phone"]["height"], first
