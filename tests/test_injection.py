"""Hostile input on every path (bib fields, card options and bodies, front matter, links):
nothing reaches the page as markup, and no unsafe URL reaches an href or src."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

UNSAFE = re.compile(r"^\s*(javascript|data|vbscript):|&#", re.IGNORECASE)


@pytest.mark.sphinx("html", testroot="injection")
def test_no_script_and_no_unsafe_url_in_any_page(shared_app):
    warnings = shared_app.warning.getvalue()
    # Every unsafe link is refused, by name, so the strict build fails.
    for expected in ("code 'javascript:alert(1)' is not an http(s) address",
                     "blog 'data:text/html,<script>alert(1)</script>' is not an http(s)",
                     "video 'vbscript:msgbox(1)' is not an http(s) address",
                     ":repo: 'javascript:alert(1)'", ":link: 'vbscript:msgbox(1)'",
                     ":docs: '&#106;avascript:alert(1)'"):
        assert expected in warnings, expected
    for html in Path(shared_app.outdir).rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for script in soup.find_all("script"):
            text = script.string or ""
            if script.get("type") == "application/ld+json":
                # Data, not code: the hostile text may be in it, but it cannot end the element.
                json.loads(text)
                assert "</" not in text, (html, script)
            else:
                # Inline scripts are the site's own: none carries the payload.
                assert "alert" not in text, (html, script)
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (html, element)
                if attribute in ("href", "src", "action", "formaction"):
                    assert not UNSAFE.search(value), (html, element)
        assert not soup.select("iframe, svg[onload], img[onerror]")
    page = (Path(shared_app.outdir) / "index.html").read_text()
    assert "<script>alert" not in page
    # The text survives, escaped, so the reader sees exactly what was written.
    soup = BeautifulSoup(page, "lxml")
    assert soup.select_one("h2.academic-card-title").get_text() == "<img src=x onerror=alert(1)>"
    assert "<script>alert(" in soup.select_one("li#xss .academic-title").get_text()


@pytest.mark.sphinx("html", testroot="injection")
def test_json_ld_cannot_close_its_script(shared_app):
    page = (Path(shared_app.outdir) / "publications" / "xss.html").read_text()
    soup = BeautifulSoup(page, "lxml")
    data = soup.select_one("script[type='application/ld+json']").string
    assert "</script" not in data.lower()
    assert '\\u003c/script\\u003e' in data
