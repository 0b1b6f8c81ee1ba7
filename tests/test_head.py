"""Every page's head: the site's tags around sphinxext-opengraph's, in a fixed order, each part
written from data handed to it, whatever else is loaded."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import TESTS, html_page

PAPER = "publications/example2021compilers"
FEED = "https://example.org/site/publications.atom"


def head_parts(soup: BeautifulSoup) -> list[str]:
    """The head's description, preview, Scholar, JSON-LD and feed tags, as names in order."""
    parts = []
    for tag in soup.head.find_all(["meta", "script", "link"]):
        assert isinstance(tag, Tag)
        name = tag.get("name") or tag.get("property")
        if tag.name == "script" and tag.get("type") == "application/ld+json":
            parts.append("json-ld:" + json.loads(tag.string)["@type"])
        elif tag.name == "link" and tag.get("type") == "application/atom+xml":
            parts.append("feed")
        elif isinstance(name, str) and name.split(":")[0] in {"description", "og", "twitter"}:
            parts.append(name)
        elif isinstance(name, str) and name.startswith("citation_"):
            parts.append("citation")
    # One entry per run of Scholar tags: their own order is test_seo's.
    return [part for i, part in enumerate(parts) if part != "citation" or parts[i - 1] != part]


OPEN_GRAPH = ["og:title", "og:type", "og:url", "og:site_name", "og:description", "og:image",
              "og:image:alt", "og:image:type", "og:image:width", "og:image:height"]


@pytest.mark.sphinx("dirhtml", testroot="head")
def test_the_head_s_parts_in_order(shared_built):
    """The site's description and card before sphinxext-opengraph's tags, which carry the
    description and the card the site gave it; Scholar's tags, the paper's JSON-LD and the feed
    after them."""
    home = html_page(shared_built.outdir)
    assert head_parts(home) == ["description", "json-ld:Person", "twitter:card", *OPEN_GRAPH,
                                "feed"]
    assert home.find("meta", property="og:description")["content"] == (
        "Ada Example studies compilers.")
    paper = html_page(shared_built.outdir, PAPER)
    assert head_parts(paper) == ["description", "twitter:card", *OPEN_GRAPH, "citation",
                                 "json-ld:ScholarlyArticle", "feed"]
    assert paper.find("meta", property="og:description")["content"] == (
        paper.find("meta", attrs={"name": "description"})["content"])
    assert paper.find("meta", property="og:image")["content"] == (
        f"https://example.org/site/_social/{PAPER}.png")
    # furo's viewport tag alone: docutils' passes Sphinx on every page, a paper's too.
    for soup in (home, paper):
        assert len(soup.head.find_all("meta", attrs={"name": "viewport"})) == 1


@pytest.mark.sphinx("dirhtml", testroot="head")
def test_a_page_s_own_open_graph_description_wins(shared_built):
    """A page's ``og:description`` field is sphinxext-opengraph's per-page override: the site's
    description goes into the description tag, and the preview says what the page asked."""
    soup = html_page(shared_built.outdir, "own")
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "What search engines show of this page.")
    assert [tag["content"] for tag in soup.find_all("meta", property="og:description")] == [
        "What a link preview shows of this page."]


@pytest.mark.sphinx("dirhtml", testroot="head", confoverrides={
    "extensions": ["myst_parser", "academic"]})
def test_the_head_without_sphinxext_opengraph(built):
    """No Open Graph and no card without sphinxext-opengraph; the rest of the head is the
    site's alone and stays."""
    assert head_parts(html_page(built.outdir)) == ["description", "json-ld:Person", "feed"]
    paper = html_page(built.outdir, PAPER)
    assert head_parts(paper) == ["description", "citation", "json-ld:ScholarlyArticle", "feed"]
    assert paper.find("link", type="application/atom+xml")["href"] == FEED


def test_og_title_tells_the_title_as_written(make_app, tmp_path):
    """sphinxext-opengraph reads og:title off the page's HTML title, its character references
    decoded, and quotes only '"' as it writes it: a title whose text is "&amp;" was told as
    "&". The site gives it the title's text, escaped: og:title says what the page shows."""
    source = tmp_path / "head"
    shutil.copytree(TESTS / "roots" / "test-head", source)
    bib = source / "refs.bib"
    bib.write_text(bib.read_text().replace("Compilers for {Everyone}",
                                           'A "quoted" title & <x> &amp; &lt;'))
    page = source / "own.md"  # Markdown: "&amp;amp;" is the text "&amp;"
    page.write_text(page.read_text().replace("# A page with a preview of its own",
                                             "# Ada &amp;amp; Grace &lt;b&gt;"))
    app = make_app("dirhtml", srcdir=source)
    app.build(force_all=True)
    paper, own = html_page(app.outdir, PAPER), html_page(app.outdir, "own")
    for soup in (paper, own):
        shown = soup.select_one("h1").get_text().rstrip("¶")
        assert soup.find("meta", property="og:title")["content"] == shown
    assert own.find("meta", property="og:title")["content"] == "Ada &amp; Grace <b>"
    assert paper.find("meta", attrs={"name": "citation_title"})["content"] == (
        'A "quoted" title & <x> &amp; &lt;')
