"""The academic extension's defaults for other packages' settings that every academic site
sets alike (config.ecosystem_defaults), on tests/roots/test-defaults, whose conf.py sets none of
them: the citation styles, the sitemap, Open Graph and the 404 page. What the site sets wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from academic.config import ecosystem_defaults
from bs4 import BeautifulSoup
from conftest import html_page, plain_warnings
from sphinx.config import Config

BASE = "https://example.org/"


def sitemap(outdir: Path) -> list[str]:
    soup = BeautifulSoup((outdir / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    return [loc.get_text() for loc in soup.find_all("loc")]


@pytest.mark.sphinx("dirhtml", testroot="defaults")
def test_a_site_that_sets_nothing_gets_what_academic_sites_set(shared_app):
    assert plain_warnings(shared_app) == ""
    outdir = Path(shared_app.outdir)
    home = html_page(outdir, "")
    # sphinxcontrib-bibtex: the extension's styles, author-year citations and its entries.
    (cite,) = home.select("span.bibtex-citation")
    assert cite.get_text() == "Example and Lovelace (2021)"
    assert cite.a["title"] == ("Notes on Engines. Ada Example and Grace Lovelace. Journal of "
                               "Examples, 2021.")
    # sphinx-sitemap: the site's own addresses (no /en/), no search, index or 404 page.
    assert sitemap(outdir) == [BASE, f"{BASE}papers/"]
    # sphinxext-opengraph: absolute addresses; the extension's preview image, not its own.
    assert home.find("meta", property="og:url")["content"] == BASE
    assert home.find("meta", property="og:image")["content"] == f"{BASE}_social/index.png"
    # sphinx-notfound-page: links under the site's path, home and a search of the site.
    missing = html_page(outdir, "404/")
    assert missing.find("a", string="home page")["href"] == "/"
    assert missing.select_one("form.academic-notfound-search")["action"] == "/search/"


@pytest.mark.sphinx("dirhtml", testroot="defaults", confoverrides={
    "html_baseurl": "https://example.org/ada"})
def test_an_address_without_its_final_slash_is_the_folder(shared_app):
    """"https://example.org/ada" is the site's folder /ada/, in every address the site and the
    packages it sets up write."""
    assert plain_warnings(shared_app) == ""
    outdir = Path(shared_app.outdir)
    base = "https://example.org/ada/"
    assert sitemap(outdir) == [base, f"{base}papers/"]
    papers = html_page(outdir, "papers/")
    assert papers.find("meta", property="og:url")["content"] == f"{base}papers/"
    assert papers.find("link", rel="canonical")["href"] == f"{base}papers/"
    missing = html_page(outdir, "404/")
    assert missing.find("a", string="home page")["href"] == "/ada/"
    assert missing.select_one("form.academic-notfound-search")["action"] == "/ada/search/"


def test_the_404_page_follows_the_path_of_the_site_s_address():
    """A site served under a path (a project page, Read the Docs' /en/latest/): the 404 page's
    links start with that path."""
    config = Config({"html_baseurl": "https://example.org/ada/"})
    config.add("html_baseurl", "", "html", ())  # as Sphinx's HTML builder registers it
    config.add("notfound_urls_prefix", None, "html", ())
    defaults = ecosystem_defaults(config)
    assert defaults["notfound_urls_prefix"] == "/ada/"
    assert 'href="/ada/"' in defaults["notfound_context"]["body"]
    assert 'action="/ada/search/"' in defaults["notfound_context"]["body"]


@pytest.mark.sphinx("dirhtml", testroot="defaults", confoverrides={
    "sitemap_url_scheme": "{lang}{link}", "language": "fr", "notfound_urls_prefix": "/docs/",
    "bibtex_reference_style": "label"})
def test_what_the_site_sets_wins(shared_app):
    outdir = Path(shared_app.outdir)
    assert sitemap(outdir) == [f"{BASE}fr/", f"{BASE}fr/papers/"]
    missing = html_page(outdir, "404/")
    # The 404 page's own links follow the site's prefix.
    assert missing.find("a", string="home page")["href"] == "/docs/"
    assert missing.select_one("form.academic-notfound-search")["action"] == "/docs/search/"
    (cite,) = html_page(outdir, "").select("span.bibtex-citation")
    assert cite.get_text() != "Example and Lovelace (2021)"  # the label style's, not academic's
