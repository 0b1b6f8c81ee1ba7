"""The exports in Chromium (tests/roots/test-browser): what a paper's page and the list offer a
reference manager can be reached and used on a laptop and a phone; test_exports.py checks the
files themselves."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = [pytest.param(LAPTOP, id="laptop"), pytest.param(PHONE, id="phone")]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_paper_pages_formats_open_and_their_copy_buttons_are_targets(screen, viewport):
    page = screen("publications/quill2021diffusion/", viewport, "light")
    for name in ("RIS", "CSL-JSON"):
        summary = page.locator("#cite details.academic-disclosed > summary", has_text=name)
        box = summary.bounding_box()
        assert box["height"] >= 24, (name, box)
        button = page.get_by_role("button", name=f"Copy the {name}")
        assert not button.is_visible()  # closed until asked for
        summary.click()
        assert button.is_visible()
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (name, box)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["publications/quill2021diffusion/", "publications/"])
def test_the_download_links_are_named_targets_to_files_that_exist(screen, viewport, path):
    page = screen(path, viewport, "light")
    links = page.locator("p.academic-downloads a[download]")
    assert links.count() == 3
    for index in range(3):
        link = links.nth(index)
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        name = link.inner_text()
        assert name.split()[0] in ("BibTeX", "RIS", "CSL-JSON"), name
        address = link.evaluate("a => a.href")
        response = page.request.get(address)
        assert response.ok, address
        assert response.body(), address
