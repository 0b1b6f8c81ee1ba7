"""Targets a finger can hit (WCAG 2.5.8, 24×24 CSS pixels, apart from their neighbours), in
Chromium on the test root tests/roots/test-browser, on a laptop and a phone: the theme toggle and
the contents icon beside it, the general index's letters and the footer's links."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SCREENS = {"laptop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844},
           # furo shows the contents icon beside the theme toggle between its two layouts.
           "tablet": {"width": 1000, "height": 800}}
MINIMUM = 24

#: Every visible target matching the selector, with its box.
BOXES = """(selector) => [...document.querySelectorAll(selector)]
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === "visible")
  .map(([e, r]) => ({name: e.textContent.trim() || e.className, x: r.x, y: r.y,
                     width: r.width, height: r.height}))"""


@pytest.fixture(scope="module", params=list(SCREENS), name="screen")
def screen_fixture(chromium, request):
    context = chromium.new_context(viewport=SCREENS[request.param])
    page = context.new_page()
    yield page
    context.close()


def boxes(page, url: str, selector: str) -> list[dict]:
    page.goto(url)
    return page.evaluate(BOXES, selector)


def apart(first: dict, second: dict) -> bool:
    return (first["x"] + first["width"] <= second["x"]
            or second["x"] + second["width"] <= first["x"]
            or first["y"] + first["height"] <= second["y"]
            or second["y"] + second["height"] <= first["y"])


def test_the_header_icons_are_targets_apart(screen, site_url):
    found = boxes(screen, site_url, ".theme-toggle, .toc-content-icon, .nav-overlay-icon")
    assert found
    for box in found:
        assert box["width"] >= MINIMUM and box["height"] >= MINIMUM, box
    for i, box in enumerate(found):
        assert all(apart(box, other) for other in found[i + 1:]), found


def test_the_index_letters_are_targets(screen, site_url):
    found = boxes(screen, site_url + "genindex/", ".genindex-jumpbox a")
    assert len(found) > 3
    for box in found:
        assert box["width"] >= MINIMUM and box["height"] >= MINIMUM, box


def test_a_phone_shows_the_name_once_above_the_hero(chromium, site_url):
    context = chromium.new_context(viewport=SCREENS["phone"])
    page = context.new_page()
    visible = "() => getComputedStyle(document.querySelector('.mobile-header .brand')).visibility"
    page.goto(site_url)
    heading = page.eval_on_selector("article h1", "h => h.textContent.replace('¶', '').trim()")
    assert heading == page.eval_on_selector(".mobile-header .brand", "b => b.textContent.trim()")
    assert page.evaluate(visible) == "hidden"
    page.goto(site_url + "genindex/")  # a page without the hero keeps the site's name on top
    assert page.evaluate(visible) == "visible"
    context.close()
