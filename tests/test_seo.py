"""What pages tell search engines, link previews and LLM agents; what each page loads."""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import html_page

BASE = "https://example.org/site/"
PAGES = {"": "Ada Example", "plain/": "A page without front matter", "projects/": "Projects",
         "publications/": "Publications"}
PAPERS = {"example2021compilers": "Compilers for Everyone", "example2019notes": "Notes on Solvers"}


def page(app, path: str = "") -> BeautifulSoup:
    return html_page(app.outdir, path)


def meta(soup: BeautifulSoup, **attrs: str) -> str:
    return soup.find("meta", attrs=attrs)["content"]


pytestmark = pytest.mark.sphinx("dirhtml", testroot="seo")


def test_description_from_front_matter(shared_built):
    home = page(shared_built)
    expected = 'Ada Example studies compilers & "fast" programs.'
    assert meta(home, name="description") == expected
    assert meta(home, property="og:description") == expected


def test_description_from_the_first_paragraph(shared_built):
    """The first paragraph as the page shows it, cut at a word: sphinxext-opengraph's own
    reading would put a space between any two pieces of text ("Example et al. ( 2021)")."""
    soup = page(shared_built, "plain")
    description = meta(soup, name="description")
    paragraph = " ".join(soup.select_one("article p").get_text().split())
    assert len(description) <= 160
    assert description.endswith("…")
    assert paragraph.startswith(description[:-1])  # nothing invented, no space added
    assert "after Example et al. (2021), with emphasis, code," in description
    assert "1 < 2 & “quotes”" in description  # text, escaped once in the attribute
    assert "<span>" not in description  # raw HTML is not text
    assert meta(soup, property="og:description") == description
    assert len(soup.select("meta[name=description]")) == 1


def test_paper_page_description_names_the_paper_not_its_bibtex(shared_built):
    soup = page(shared_built, "publications/example2021compilers")
    assert meta(soup, name="description") == (
        "Compilers for Everyone — Ada Example, Grace Lovelace, and Alan Turing. Proceedings of "
        "the Example Conference (EXC), 2021.")
    assert meta(page(shared_built, "publications/example2019notes"), name="description") == (
        "Notes on Solvers — Ada Example. 2019.")


def test_generated_pages_have_descriptions(shared_built):
    for path in ("genindex", "search"):
        assert "Ada Example" in meta(page(shared_built, path), name="description")


def test_json_ld_person_on_the_home_page_only(shared_built):
    raw = (Path(shared_built.outdir) / "index.html").read_text(encoding="utf-8")
    assert "</script><b>" not in raw  # "</" is escaped inside the script element
    scripts = page(shared_built).select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    assert json.loads(scripts[0].string) == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Ada Example",
        "jobTitle": "Researcher </script><b>",
        "worksFor": {"@type": "Organization", "name": "Example Lab"},
        "sameAs": ["https://github.com/ada-example"],
        "url": BASE,
    }
    assert not page(shared_built, "plain").select('script[type="application/ld+json"]')


def test_robots_txt_points_to_the_sitemap(shared_built):
    robots = (Path(shared_built.outdir) / "robots.txt").read_text(encoding="utf-8")
    assert robots == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"
    assert (Path(shared_built.outdir) / "sitemap.xml").is_file()


def test_llms_txt_lists_every_page_publication_and_project(shared_built):
    text = (Path(shared_built.outdir) / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith(
        "# Ada Example\n\n> Ada Example studies compilers & \"fast\" programs.\n\n## Pages\n")
    for path, title in PAGES.items():
        assert f"- [{title}]({BASE}{path}): " in text
    for key, title in PAPERS.items():
        assert f"- [{title}]({BASE}publications/{key}/): " in text
    assert "Ada Example, Grace Lovelace, and Alan Turing. *Proceedings of the Example Conference " \
           "(EXC)*, 2021. [Paper](https://example.org/compilers)" in text
    assert f"- [Compiler Kit]({BASE}projects/#project-compiler-kit): A toolkit for writing " \
           "compilers. (tags: OCaml, compilers)" in text
    assert f"- [Fast Solver]({BASE}projects/#project-fast-solver): " in text
    # Newest publication first, as on the publications page.
    assert text.index("Compilers for Everyone") < text.index("Notes on Solvers")
    # llmstxt.org's shape: the title, the summary, then sections of links alone (its parser
    # reads nothing else there).
    sections = text.split("\n## ")[1:]
    assert sections
    for section in sections:
        heading, _, body = section.partition("\n")
        assert [line for line in body.splitlines()
                if line and not re.match(r"- \[.+?\]\(\S+\)(: .*)?$", line)] == [], heading


def test_llms_full_txt_has_every_page_as_markdown(shared_built):
    text = (Path(shared_built.outdir) / "llms-full.txt").read_text(encoding="utf-8")
    assert text.startswith((Path(shared_built.outdir) / "llms.txt").read_text(encoding="utf-8"))
    for path in [*PAGES, *(f"publications/{key}/" for key in PAPERS)]:
        assert f"\nSource: {BASE}{path}\n" in text
    assert "# A page without front matter\n\nThis page’s first paragraph, after Example et al. " \
           "(2021), with *emphasis*, `code`, raw HTML, 1 < 2" in text
    # As the page says it: a citation's text, not its key; a link's target's title.
    assert ("A second paragraph that no description includes, citing (Example et al., 2021) "
            "and linking to Projects.") in text
    assert '```python\nprint("highlighted code keeps pygments.css on this page")\n```' in text
    assert "```bibtex\n@inproceedings{example2021compilers," in text


def test_rebuilds_are_byte_identical(shared_built, make_app, tmp_path):
    # A copy of the sources: the shared build's folder is only read.
    source = shutil.copytree(shared_built.srcdir, tmp_path / "source",
                             ignore=shutil.ignore_patterns("_build"))
    again = make_app("dirhtml", srcdir=source, builddir=tmp_path / "build")
    again.build(force_all=True)
    names = ("llms.txt", "llms-full.txt", "robots.txt", "sitemap.xml", "index.html",
             "plain/index.html", "publications/example2021compilers/index.html")
    for name in names:
        assert ((Path(again.outdir) / name).read_bytes()
                == (Path(shared_built.outdir) / name).read_bytes()), name


def test_page_texts_outlive_another_builder_and_an_interrupted_build(shared_built, make_app,
                                                                     tmp_path):
    """llms-full.txt gives each page's text as its HTML has it: after a text build sharing
    the doctrees (which leaves out what is only for HTML), and after a build interrupted
    once it had written an edited page."""
    source = shutil.copytree(shared_built.srcdir, tmp_path / "source",
                             ignore=shutil.ignore_patterns("_build"))
    plain = source / "plain.md"
    plain.write_text(plain.read_text(encoding="utf-8")
                     + "\n```{only} html\nShown on the web.\n```\n", encoding="utf-8")
    build = tmp_path / "build"

    def llms_full(app) -> str:
        return (Path(app.outdir) / "llms-full.txt").read_text(encoding="utf-8")

    make_app("dirhtml", srcdir=source, builddir=build).build()
    make_app("text", srcdir=source, builddir=build).build()
    after_text = make_app("dirhtml", srcdir=source, builddir=build)
    after_text.build()
    assert "Shown on the web." in llms_full(after_text)
    plain.write_text(plain.read_text(encoding="utf-8").replace(
        "A second paragraph", "An edited second paragraph"), encoding="utf-8")
    interrupted = make_app("dirhtml", srcdir=source, builddir=build)

    def stop(app, pagename, *args):
        if pagename == "genindex":  # once the pages are written, the edited one among them
            raise KeyboardInterrupt

    interrupted.connect("html-page-context", stop)
    with pytest.raises(KeyboardInterrupt):
        interrupted.build()
    again = make_app("dirhtml", srcdir=source, builddir=build)
    again.build()
    assert "An edited second paragraph" in llms_full(again)
    assert "A second paragraph" not in llms_full(again)


def test_each_page_loads_only_what_it_uses(shared_built):
    home = page(shared_built)
    linked = [link["href"] for link in home.select('link[rel="stylesheet"]')]
    assert len(linked) == 1 and "furo.css" in linked[0]  # the rest is unused, or inline
    assert not home.select("script[src]")  # small scripts are written into the page
    # The code colours of a page with code are written into it, light and dark, as furo makes
    # them (pygments.css would be one more request before anything shows).
    plain = page(shared_built, "plain")
    assert not any("pygments.css" in link["href"]
                   for link in plain.select('link[rel="stylesheet"]'))
    assert any('body[data-theme="dark"] .highlight' in (style.string or "")
               for style in plain.select("style"))
    # Only the colours of the kinds of token the page's code has: a rule for each of them.
    colours = next(style.string for style in plain.select("style")
                   if ".highlight" in (style.string or ""))
    coloured = set(re.findall(r"^\.highlight \.([\w-]+) \{", colours, re.MULTILINE))
    tokens = {name for span in plain.select(".highlight pre span[class]")
              for name in span["class"]}
    assert {"nb", "p", "s2"} <= tokens  # print, (), "..."
    assert coloured == tokens - {"w"}  # furo's light style gives spaces no colour
    assert len(colours) < 4000  # the whole stylesheet is 20 KiB
    # furo's two <aside> landmarks are told apart by name (axe: landmark-unique).
    assert [aside.get("aria-label") for aside in home.select("aside")] == [
        "Site navigation", "On this page"]
    assert page(shared_built, "search").select_one("article h1, h1").get_text() == "Search"


def test_no_script_file_keeps_a_page_from_showing(shared_built):
    """A script file that is not deferred holds the page's first paint until it has arrived.
    The search page loads Sphinx's search scripts and the index only for a query, in order."""
    for path in ("", "plain", "search"):
        for script in page(shared_built, path).select("script[src]"):
            assert script.has_attr("defer") or script.has_attr("async"), (path, script)
    search = page(shared_built, "search")
    assert not search.select("script[src]")
    loader = next(script.string for script in search.select("script")
                  if script.string and "searchindex.js" in script.string)
    assert 'location.search).get("q")' in loader
    listed = json.loads(loader[loader.index("["):loader.index("]") + 1])
    assert [Path(src.split("?")[0]).name for src in listed] == [
        "searchtools.js", "language_data.js", "sphinx_highlight.js", "academic-search.js",
        "searchindex.js"]
    assert all((Path(shared_built.outdir) / "search" / src.split("?")[0]).resolve().is_file()
               for src in listed)


def test_a_small_svg_favicon_is_written_into_the_page(shared_built):
    icon = page(shared_built).select_one('link[rel~="icon"]')["href"]
    prefix = "data:image/svg+xml;base64,"
    assert icon.startswith(prefix)
    favicon = Path(shared_built.srcdir) / "_static" / "favicon.svg"
    assert base64.b64decode(icon.removeprefix(prefix)) == favicon.read_bytes()
    assert page(shared_built, "plain").select_one('link[rel~="icon"]')["href"] == icon


def test_documentation_examples_stay_out_of_llms_txt_search_and_the_index(shared_built):
    """A card marked :no-index: is an example, not one of the site's projects."""
    outdir = Path(shared_built.outdir)
    assert "Zanzibar Example" in (outdir / "plain" / "index.html").read_text(encoding="utf-8")
    for name in ("llms.txt", "llms-full.txt"):
        text = (outdir / name).read_text(encoding="utf-8")
        assert "Zanzibar" not in text and "wombatproject" not in text, name
    index = (outdir / "searchindex.js").read_text(encoding="utf-8").lower()
    for word in ("zanzibar", "wombatproject", "quokkatag"):
        assert f'"{word}"' not in index, word
    assert "Zanzibar" not in (outdir / "genindex" / "index.html").read_text(encoding="utf-8")


def test_the_sitemap_lists_every_paper_page(shared_built):
    sitemap = (Path(shared_built.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    for key in PAPERS:
        assert f"<loc>{BASE}publications/{key}/</loc>" in sitemap
