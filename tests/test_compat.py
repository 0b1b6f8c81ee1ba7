"""Contract tests for extensions/academic/compat/: each fails, naming the compat function to
adapt, when a release of Sphinx, sphinxcontrib-bibtex or sphinx-sitemap moves what it relies on.
And the rule that keeps every other module of the extension off other packages' internals."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import inspect
import io
import pickle
import queue
import re
import sys
import zlib
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import docutils
import furo
import jinja2
import jinja2.nodes
import pygments
import pytest
import sphinx
import sphinx_sitemap
import typst
from academic import compat
from academic import config as academic_config
from academic.citations.engine import CitationIndexedBibtexDomain
from academic.compat import assets as compat_assets
from academic.compat import bibtex as compat_bibtex
from academic.compat import documents as compat_documents
from academic.compat import markup
from academic.compat import outputs as compat_outputs
from academic.compat import search as compat_search
from academic.compat import settings as compat_settings
from academic.compat import sitemap as compat_sitemap
from academic.compat import typst as compat_typst
from bs4 import BeautifulSoup
from conftest import REPO, load_searchindex, plain_warnings
from docutils import nodes
from docutils.utils import new_document
from pybtex.database import BibliographyData, Entry
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import ExtensionError
from sphinx.highlighting import PygmentsBridge
from sphinx.search import IndexBuilder, js_index
from sphinx.testing.util import SphinxTestApp
from sphinxcontrib.bibtex.domain import BibtexDomain

SPHINX = f"Sphinx {sphinx.__version__}"
BIBTEX = f"sphinxcontrib-bibtex {version('sphinxcontrib-bibtex')}"

CONF = '''
extensions = ["sphinxcontrib.bibtex", "sphinx_sitemap"]
bibtex_bibfiles = ["refs.bib"]
html_baseurl = "https://example.org/"


def add_inline_script(app, pagename, templatename, context, doctree):
    from academic.compat import assets

    context["script_files"].append(assets.inline_script("let answer = 42;", 500,
                                                        {"type": "module"}))


def setup(app):
    app.connect("html-page-context", add_inline_script)
'''
INDEX = """Contract
========

.. index:: Widget

A paragraph about gizmos.

Part two
--------

.. toctree::

   cited
"""
CITED = """Cited
=====

Cited :cite:p:`one`.

.. bibliography::
"""
BIB = "@misc{one,\n  title = {One},\n  author = {Lovelace, Ada},\n  year = {2021},\n}\n"


@pytest.fixture
def site(tmp_path):
    """A tiny project with sphinxcontrib-bibtex and sphinx-sitemap, built for each test.

    Not once for the module: another application's cleanup (SphinxTestApp.cleanup) unregisters
    the node classes Sphinx added to docutils, and an application kept from before could no
    longer render a page (test_render_body_is_write_doc_s_rendering, run after test_join_documents
    or test_furo_landmarks); test_hand_bibdata also changes the environment it is given.
    """
    source = tmp_path / "contract"
    source.mkdir()
    (source / "conf.py").write_text(CONF)
    (source / "index.rst").write_text(INDEX)
    (source / "cited.rst").write_text(CITED)
    (source / "refs.bib").write_text(BIB)
    app = SphinxTestApp("html", srcdir=source, builddir=source / "_build")
    app.build()
    assert plain_warnings(app) == ""
    yield app
    app.cleanup()


def page(app) -> str:
    return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


# --- Sphinx -----------------------------------------------------------------------------------


def test_index_tables(site):
    moved = f"{SPHINX} changed IndexBuilder's tables: see compat.search.index_tables"
    try:
        tables = compat_search.index_tables(site.builder.indexer)
    except ExtensionError as error:
        pytest.fail(f"{moved}: {error}")
    assert tables.titles == {"index": "Contract", "cited": "Cited"}, moved
    assert tables.filenames == {"index": "index.rst", "cited": "cited.rst"}, moved
    assert ("Part two", "part-two") in tables.all_titles["index"], moved
    assert tables.mapping["gizmo"] == {"index"}, moved
    assert tables.title_mapping["contract"] == {"index"}, moved
    assert [entry[0] for entry in tables.index_entries["index"]] == ["Widget"], moved
    # incremental.restore reads the last build's index in the format freeze() writes.
    frozen = site.builder.indexer.freeze()
    assert {"docnames", "titles", "filenames", "terms", "titleterms", "alltitles",
            "indexentries", "envversion"} <= frozen.keys(), moved


def test_index_tables_fail_loudly_when_they_are_gone():
    with pytest.raises(ExtensionError, match=r"adapt academic\.compat\.search\.index_tables"):
        compat_search.index_tables(SimpleNamespace())


def test_inline_script(site):
    scripts = BeautifulSoup(page(site), "lxml").select('script[type="module"]')
    assert [(script.get_text(), script.get("src")) for script in scripts] == [
        ("let answer = 42;", None)], (
        f"{SPHINX} changed its script objects: see compat.assets.inline_script")


def test_render_body_is_write_doc_s_rendering(site):
    """compat.documents.render_body is a copy of part of write_doc: the copy renders what Sphinx
    does, and Sphinx's write_doc is still the one copied."""
    doctree = site.env.get_and_resolve_doctree("index", site.builder)
    _metatags, body = compat_documents.render_body(site.builder, "index", doctree)
    assert "A paragraph about gizmos." in body
    assert body in page(site), (
        f"{SPHINX} renders pages another way: see compat.documents.render_body")
    source = inspect.getsource(StandaloneHTMLBuilder.write_doc)
    assert hashlib.sha256(source.encode()).hexdigest() == (
        "b73aa9621462b7cd2ff4f79d7acc1482aa11e6d755a2d3e7c0c4a1c5d63711d4"), (
        f"{SPHINX} changed StandaloneHTMLBuilder.write_doc, which "
        "compat.documents.render_body copies: bring the copy up to date, then this digest")


def test_build_info_hashes(site):
    moved = f"{SPHINX} changed the builder's build_info: see compat.documents.build_info_hashes"
    try:
        config_hash, tags_hash = compat_documents.build_info_hashes(site.builder)
    except ExtensionError as error:
        pytest.fail(f"{moved}: {error}")
    assert config_hash and tags_hash, moved
    # The hash Sphinx writes to .buildinfo, its own test for writing every page again.
    assert f"config: {config_hash}" in (Path(site.outdir) / ".buildinfo").read_text(), moved
    with pytest.raises(ExtensionError,
                       match=r"adapt academic\.compat\.documents\.build_info_hashes"):
        compat_documents.build_info_hashes(SimpleNamespace())


JOINING_CONF = '''
def index_extra_page(app):
    """A page written without a source, as paper_pages writes a paper's: indexed for search,
    then joined to the environment's documents."""
    from academic.compat import documents
    from docutils import nodes
    from docutils.utils import new_document

    document = new_document("extra", app.builder.docsettings)
    section = nodes.section(ids=["extra"])
    section += nodes.title("Extra", "Extra")
    section += nodes.paragraph("A paragraph about sprockets.", "A paragraph about sprockets.")
    document += section
    app.builder.index_page("extra", document, "Extra")
    documents.join_documents(app.env, {"extra": "Extra"})
    return []


def leave(app, exception):
    from academic.compat import documents

    documents.leave_documents(app.env, ["extra"])


def setup(app):
    app.connect("html-collect-pages", index_extra_page)
    app.connect("build-finished", leave)
'''


#: Sphinx registers docutils nodes, directives and roles for the whole process: an application
#: made while :func:`site`'s is alive says so (warnings about Sphinx's registry, not a site's).
BESIDE_SITE = {"suppress_warnings": ["app.add_node", "app.add_directive", "app.add_role",
                                     "app.add_generic_role"]}


def test_join_documents(tmp_path):
    """A page joined to the documents stays in the search index and the inventory, and leaves
    the environment (saved before the pages are written) as it came."""
    moved = (f"{SPHINX} changed how it cuts its search index or lists its documents: see "
             "compat.documents.join_documents")
    (tmp_path / "conf.py").write_text(JOINING_CONF)
    (tmp_path / "index.rst").write_text("Home\n====\n\nA paragraph about gizmos.\n")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build",
                        confoverrides=BESIDE_SITE)
    try:
        app.build()
        assert plain_warnings(app) == ""
        index = load_searchindex(app.outdir)
        assert "extra" in index["docnames"], moved
        assert index["docnames"].index("extra") in as_list(index["terms"].get("sprocket")), moved
        inventory = (Path(app.outdir) / "objects.inv").read_bytes().split(b"\n", 4)[4]
        assert "extra std:doc -1 extra.html Extra" in zlib.decompress(inventory).decode(), moved
        assert "extra" not in app.env.all_docs and "extra" not in app.env.titles
        with (Path(app.doctreedir) / "environment.pickle").open("rb") as file:
            saved = pickle.load(file)
        assert "extra" not in saved.all_docs and "extra" not in saved.titles, (
            f"{SPHINX} saves its environment after writing the pages: see "
            "compat.documents.join_documents")
    finally:
        app.cleanup()


def as_list(value: int | list[int] | None) -> list[int]:
    """A search-index term's documents: one number, or a list of them."""
    return [] if value is None else [value] if isinstance(value, int) else value


# --- Sphinx: search ---------------------------------------------------------------------------


def test_search_language(site):
    """compat.search.search_language chooses as the index builder does, code by code."""
    moved = (f"{SPHINX} chooses its search language another way: see "
             "compat.search.search_language")
    for code in ("en", "de", "de_DE", "pt_BR", "xx", "xx_YY"):
        chosen = IndexBuilder(site.env, code, {}, "").lang
        assert compat_search.search_language(code) is type(chosen), f"{moved} ({code})"
    source = inspect.getsource(IndexBuilder.__init__)
    assert hashlib.sha256(source.encode()).hexdigest() == (
        "375ec6ba4d742efab69d9586151c69a016475eb770f3b100f8ff1153a3a8416d"), (
        f"{SPHINX} changed IndexBuilder.__init__, whose choice of language "
        "compat.search.search_language copies: bring the copy up to date, then this digest")


def test_restore_index_tables(site):
    """What compat.search.restore_index_tables reads back from an index is what Sphinx's own
    IndexBuilder.load reads back, and the general-index entries are the ones written."""
    moved = (f"{SPHINX} reads or writes its search index another way: see "
             "compat.search.restore_index_tables")
    written = site.builder.indexer
    frozen = js_index.loads(js_index.dumps(written.freeze()))
    loaded = IndexBuilder(site.env, "en", {}, "")
    loaded.load(io.StringIO(js_index.dumps(frozen)), js_index)  # new tables, not the env's
    restored = SimpleNamespace(**{name: {} for name in compat_search.INDEX_TABLES.values()})
    compat_search.restore_index_tables(restored, frozen, set(frozen["docnames"]), set())
    ours, sphinx_s = compat_search.index_tables(restored), compat_search.index_tables(loaded)
    for table in ("titles", "filenames", "all_titles", "mapping", "title_mapping"):
        assert getattr(ours, table) == getattr(sphinx_s, table), f"{moved} ({table})"
    # freeze() files an entry under its text in lower case.
    assert ours.index_entries == {
        doc: sorted((entry.lower(), anchor, main) for entry, anchor, main in entries)
        for doc, entries in compat_search.index_tables(written).index_entries.items() if entries
    } == {"index": [("widget", "index-0", "")]}, moved
    source = inspect.getsource(IndexBuilder.load)
    assert hashlib.sha256(source.encode()).hexdigest() == (
        "f6bda8631cdd8c130a6b65f4d2fad628e015abe99c8e6d8e9a2b82defb59ab59"), (
        f"{SPHINX} changed IndexBuilder.load, which compat.search.restore_index_tables copies "
        "in part: bring the copy up to date, then this digest")


#: Members of an object (``Search.query``), as the search script names them.
MEMBER = re.compile(r"\b(Search|Scorer)\.(\w+)")
#: What the script reads of the loaded index: ``Search._index.terms``, ``{ a, b } = Search._index``.
INDEX_FIELD = re.compile(r"Search\._index\.(\w+)|\{([\w\s,]+)\}\s*=\s*Search\._index\b")


def test_search_script_s_members_are_searchtools(site):
    """Every member of Sphinx's search that academic-search.js replaces or calls is one that
    searchtools.js defines; the globals it replaces are Sphinx's; the fields of the index it
    reads are in the index."""
    moved = (f"{SPHINX} changed searchtools.js or its index, which academic-search.js replaces "
             "in part: see compat.search.SEARCH_SCRIPT")
    script = compat_search.SEARCH_SCRIPT.read_text(encoding="utf-8")
    static = Path(site.outdir) / "_static"
    searchtools = (static / "searchtools.js").read_text(encoding="utf-8")
    members = {(owner, name) for owner, name in MEMBER.findall(script) if name != "_index"}
    assert {("Search", "_parseQuery"), ("Search", "_performSearch"), ("Scorer", "score"),
            ("Search", "performTermsSearch"), ("Search", "performSearch"),
            ("Search", "query")} <= members
    for owner, name in sorted(members):
        assert re.search(rf"^\s*{name}:", searchtools, re.MULTILINE), f"{moved}: {owner}.{name}"
    # language_data.js: the stemmer of the search language, as a global.
    assert "window.Stemmer" in site.builder.indexer.get_js_stemmer_code(), f"{moved}: Stemmer"
    fields = {name.strip() for match in INDEX_FIELD.findall(script) for part in match
              for name in part.split(",") if name.strip()}
    assert {"terms", "titleterms", "titles", "docnames", "alltitles"} <= fields
    assert fields <= load_searchindex(site.outdir).keys(), moved


# --- Sphinx: a page's assets ----------------------------------------------------------------------

ASSETS_CONF = """
def keep_one_script(app, pagename, templatename, context, doctree):
    from academic.compat import assets

    names = [assets.asset_name(asset) for asset in
             [*context["css_files"], *context["script_files"]]]
    context["body"] = '<p id="assets">' + " ".join(names) + "</p>"
    kept = [js for js in context["script_files"]
            if assets.asset_name(js) == "documentation_options.js"]
    assets.set_page_assets(context, [], kept)


def setup(app):
    app.connect("html-page-context", keep_one_script, priority=900)
"""


def test_page_assets(tmp_path):
    moved = (f"{SPHINX} changed a page's asset lists: see compat.assets.asset_name and "
             "compat.assets.set_page_assets")
    (tmp_path / "conf.py").write_text(ASSETS_CONF)
    (tmp_path / "index.rst").write_text("Home\n====\n\nText.\n")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build",
                        confoverrides=BESIDE_SITE)
    try:
        app.build()
        assert plain_warnings(app) == ""
        soup = BeautifulSoup(page(app), "lxml")
        names = soup.select_one("#assets").get_text().split()
        assert {"pygments.css", "basic.css", "documentation_options.js"} <= set(names), moved
        assert [script["src"].split("?")[0] for script in soup.select("script[src]")] == [
            "_static/documentation_options.js"], moved
        assert soup.select('link[rel="stylesheet"]') == [], moved
    finally:
        app.cleanup()


# --- docutils -----------------------------------------------------------------------------------


def test_claim_id():
    moved = (f"docutils {docutils.__version__} keeps a document's ids another way: see "
             "compat.documents.claim_id")
    document = new_document("test")
    listed = nodes.list_item(ids=["austin2021"])
    compat_documents.claim_id(document, "austin2021", listed)
    heading = nodes.section(names=["austin2021"])
    document.set_id(heading)
    assert heading["ids"] and heading["ids"] != ["austin2021"], moved
    assert document.ids["austin2021"] is listed, moved


# --- Sphinx, Pygments and furo: their markup ------------------------------------------------------


def test_mark_current(tmp_path):
    """compat.markup.mark_current marks an entry of the sidebar furo draws from Sphinx's
    navigation tree."""
    moved = (f"{SPHINX} (or furo {furo.__version__}) writes the navigation tree's entries "
             "another way: see compat.markup.mark_current")
    (tmp_path / "conf.py").write_text('html_theme = "furo"\n')
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   one\n   two\n")
    (tmp_path / "one.rst").write_text("One\n===\n\nText.\n")
    (tmp_path / "two.rst").write_text("Two\n===\n\nText.\n")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build",
                        confoverrides=BESIDE_SITE)
    try:
        app.build()
        assert plain_warnings(app) == ""
        html = (Path(app.outdir) / "one.html").read_text(encoding="utf-8")
        assert [link.group(1) for link in markup.TOP_LEVEL_LINK.finditer(html)] == [
            "two.html"], moved
        marked = markup.mark_current(lambda **kwargs: html, "one.html", "two.html")()
        entry = BeautifulSoup(marked, "lxml").select_one('.sidebar-tree a[href="two.html"]')
        assert "current" in entry["class"] and "current" in entry.parent["class"], moved
        assert "toctree-l1" in entry.parent["class"], moved
    finally:
        app.cleanup()


def test_code_colours():
    """Pygments' spans (through Sphinx) and furo's code colours, one rule a line."""
    moved = (f"Pygments {pygments.__version__} or furo {furo.__version__} writes code or its "
             "colours another way: see compat.markup.token_classes and "
             "compat.markup.code_colours")
    code = PygmentsBridge("html").highlight_block("def f(x):\n    return len(x)\n", "python")
    assert {"k", "nf", "nb"} <= markup.token_classes(code), moved
    css = compat_assets.furo_pygments_css()
    assert css is not None, (f"furo {furo.__version__}'s code colours cannot be written into "
                             "a page: see compat.assets.furo_pygments_css")
    rules = [line for line in css.splitlines() if markup.TOKEN_RULE.search(line)]
    assert len(rules) > 100, moved  # ~80 kinds of token, light and dark
    kept = markup.code_colours(css, {"k"})
    assert ".highlight .k {" in kept and ".highlight .nb {" not in kept, moved
    assert "/*" not in kept and len(kept) < len(css) / 5, moved


def test_furo_files():
    moved = f"furo {furo.__version__} renamed its files: see compat.assets.FURO_EXTENSIONS_CSS"
    static = Path(furo.__file__).parent / "theme" / "furo" / "static"
    assert (static / compat_assets.FURO_EXTENSIONS_CSS).is_file(), moved
    assert (static / compat_assets.FURO_JS).is_file(), moved


def test_inline_text(site):
    """Sphinx's and furo's scripts, written into the page, lose their source map comment."""
    moved = (f"{SPHINX} or furo {furo.__version__} writes its source map comment another way: "
             "see compat.markup.inline_text")
    furo_js = Path(furo.__file__).parent / "theme" / "furo" / "static" / compat_assets.FURO_JS
    assert "sourceMappingURL" in furo_js.read_text(encoding="utf-8")
    for file in (furo_js, Path(site.outdir) / "_static" / "doctools.js"):
        text = markup.inline_text(file, 1 << 20)
        assert text and "sourceMappingURL" not in text, f"{moved}: {file.name}"


def test_unhighlighted_svg_text():
    """sphinx_highlight.js leaves alone a text whose element has the class ``nohighlight``,
    which the highlight loader gives every SVG title and description."""
    script = (Path(sphinx.__file__).parent / "themes" / "basic" / "static"
              / "sphinx_highlight.js").read_text(encoding="utf-8")
    moved = (f"{SPHINX}'s sphinx_highlight.js skips another class, or none: see "
             "compat.assets.UNHIGHLIGHTED_SVG_TEXT")
    assert '!parent.classList.contains("nohighlight")' in script, moved
    assert "parent.getBBox()" in script, "the reason for compat.assets.UNHIGHLIGHTED_SVG_TEXT"


def furo_blocks(name: str, theme: Path) -> set[str]:
    """The blocks of furo's template ``name`` and of those it extends."""
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    blocks: set[str] = set()
    while name:
        tree = environment.parse((theme / name).read_text(encoding="utf-8"))
        blocks |= {block.name for block in tree.find_all(jinja2.nodes.Block)}
        extends = tree.find(jinja2.nodes.Extends)
        name = extends.template.value if extends and (theme / extends.template.value).is_file() \
            else ""
    return blocks


def test_templates_draw_over_furo_s_blocks():
    """Each block the site's templates override or call (``self.theme_scripts()``) is one of
    furo's template they extend."""
    theme = Path(furo.__file__).parent / "theme" / "furo"
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    templates = sorted(academic_config.TEMPLATES.glob("*.html"))
    assert [template.name for template in templates] == ["page.html", "search.html"]
    for template in templates:
        moved = (f"furo {furo.__version__} changed the blocks of its {template.name}: see "
                 f"compat/templates/{template.name}")
        tree = environment.parse(template.read_text(encoding="utf-8"))
        extends = tree.find(jinja2.nodes.Extends).template.value
        assert extends == f"!{template.name}"
        ours = {block.name for block in tree.find_all(jinja2.nodes.Block)} | {
            node.attr for node in tree.find_all(jinja2.nodes.Getattr)
            if isinstance(node.node, jinja2.nodes.Name) and node.node.name == "self"}
        assert ours <= furo_blocks(template.name, theme), f"{moved}: {ours}"


# --- logging: other packages' messages ------------------------------------------------------------


def test_quiet():
    """The loggers compat.quiet filters are the modules that log the messages it drops."""
    from academic.compat import quiet
    from myst_parser.config.main import MdParserConfig
    from sphinx.util import logging as sphinx_logging

    moved = "a package logs the messages compat.quiet drops another way: see compat.quiet"
    assert sphinx_logging.getLogger("sphinx.util.fileutil").logger.name == (
        "sphinx.sphinx.util.fileutil"), moved
    modules = {name.removeprefix("sphinx."): name for name in quiet.NOISY_LOGGERS}
    messages = {"myst_parser.sphinx_ext.main": "myst v%s:",
                "sphinx.util.fileutil": "Writing evaluated template result to",
                "sphinx.environment": "The configuration has changed ("}
    assert modules.keys() == messages.keys()
    for module, message in messages.items():
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin, f"{moved}: {module}"
        assert message in Path(spec.origin).read_text(encoding="utf-8"), f"{moved}: {module}"
    assert repr(MdParserConfig()).startswith("MdParserConfig("), moved


# --- furo -------------------------------------------------------------------------------------


def test_furo_landmarks(tmp_path):
    moved = (f"furo {furo.__version__} changed its page's <aside> landmarks: see "
             "compat.markup.name_furo_landmarks")
    template = (Path(furo.__file__).parent / "theme" / "furo" / "page.html").read_text()
    assert template.count(markup.FURO_SIDEBAR_DRAWER) == 1, moved
    assert template.count(markup.FURO_TOC_DRAWER) == 1, moved
    # And on a page the site's template draws over furo's; its title is text, as furo is
    # handed it (escape_furo_text).
    (tmp_path / "conf.py").write_text('extensions = ["academic"]\nhtml_theme = "furo"\n'
                                      'html_title = copyright = "R&D <Lab>"\n')
    (tmp_path / "index.rst").write_text("Home\n====\n\nPart\n----\n\nText.\n")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build",
                        confoverrides=BESIDE_SITE)
    try:
        app.build()
        assert plain_warnings(app) == ""
        asides = BeautifulSoup(page(app), "lxml").select("aside")
        assert [(aside["class"][0], aside.get("aria-label")) for aside in asides] == [
            ("sidebar-drawer", "Site navigation"), ("toc-drawer", "On this page")], moved
        for name in ("index.html", "search.html"):
            soup = BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "lxml")
            assert soup.title.get_text().endswith("R&D <Lab>"), soup.title
            assert [brand.get_text() for brand in soup.select(".brand, .sidebar-brand-text")
                    ] == ["R&D <Lab>"] * 2
            assert "Copyright © R&D <Lab>" in " ".join(
                soup.select_one(".copyright").get_text().split())
    finally:
        app.cleanup()


def test_escape_furo_text():
    """furo writes the title and project as given, or through striptags|e, which reads
    escaped text back as it was: nowhere else, nowhere escaped twice."""
    folder = Path(furo.__file__).parent / "theme" / "furo"
    names = "|".join(markup.FURO_RAW_TEXT)
    expression = re.compile(r"\{\{[^}]*(?<!')\b(?:" + names + r")\b(?!')[^}]*\}\}")
    uses = {(path.relative_to(folder).as_posix(), use) for path in folder.rglob("*.html")
            for use in expression.findall(path.read_text(encoding="utf-8"))}
    moved = (f"furo {furo.__version__} writes its title otherwise: see "
             "compat.markup.escape_furo_text")
    assert all(use in ("{{ docstitle }}", "{{ docstitle if docstitle else project }}")
               or re.fullmatch(r"\{\{ \w+\|striptags\|e \}\}", use)
               for _, use in uses), (moved, sorted(uses))


def test_drop_docutils_viewport():
    """docutils' writer adds its viewport tag to ``meta``, past Sphinx's ``meta[2:]``; furo
    writes one of its own; the two differ, so one of them must go."""
    from docutils.frontend import get_default_settings
    from docutils.writers.html5_polyglot import HTMLTranslator, Writer

    moved = (f"docutils {docutils.__version__} or furo {furo.__version__} writes the viewport "
             "tag otherwise: see compat.markup.drop_docutils_viewport")
    translator = HTMLTranslator(new_document("page", get_default_settings(Writer)))
    assert markup.DOCUTILS_VIEWPORT in translator.meta[2:], moved
    base = (Path(furo.__file__).parent / "theme" / "furo" / "base.html").read_text()
    assert re.search(r'<meta name="viewport" [^>]*>', base), moved
    context = {"metatags": "".join(translator.meta[2:]) + '<meta name="x" content="y">'}
    markup.drop_docutils_viewport(context)
    assert context["metatags"].count("viewport") == 0 and 'name="x"' in context["metatags"]


@pytest.mark.sphinx("dirhtml", testroot="head")
def test_source_copies(shared_built):
    """The copies of the pages' sources a build writes are the ones named: the deletions keep
    those and remove the rest."""
    sources = Path(shared_built.outdir) / compat_outputs.SOURCES_FOLDER
    written = {path.relative_to(sources).as_posix() for path in sources.rglob("*")
               if path.is_file()}
    assert written, "the test root copies its pages' sources (html_copy_source)"
    assert written == compat_outputs.source_copies(shared_built), (
        f"Sphinx {sphinx.__version__} names the copies otherwise: see "
        "compat.outputs.source_copies")


def test_build_info_backup():
    """Sphinx moves a mismatching .buildinfo to the name the deletions remove."""
    source = inspect.getsource(StandaloneHTMLBuilder.get_outdated_docs)
    assert f"'{compat_outputs.BUILD_INFO_BACKUP}'" in source, (
        f"Sphinx {sphinx.__version__} keeps the last build's information otherwise: see "
        "compat.outputs.BUILD_INFO_BACKUP")


# --- sphinxcontrib-bibtex -----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="citations")
def test_footnotes_as_written(shared_built):
    """The footnotes sphinxcontrib-bibtex makes reach the page from the footbibliography
    directive's container: marked there, Sphinx's smart quotes leave them as written."""
    moved = f"{BIBTEX} returns its footnotes otherwise: see compat.bibtex.FootnotesAsWritten"
    page = BeautifulSoup((Path(shared_built.outdir) / "index.html").read_text(encoding="utf-8"),
                         "lxml")
    texts = [note.get_text() for note in page.select("aside.footnote p")]
    assert 'A "Quoted" Title... Ada Lovelace. 2019.' in texts, (moved, texts)


def test_checked_cite_role():
    """sphinxcontrib-bibtex's cite role makes the citation in result_nodes, and reads its keys
    with parse_citation_targets, which raises on keys run together and recurses per key."""
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets
    from sphinxcontrib.bibtex.roles import CiteRole

    moved = f"{BIBTEX} reads a citation otherwise: see compat.bibtex.CheckedCiteRole"
    assert "result_nodes" in CiteRole.__dict__, moved
    assert [target.key for target in parse_citation_targets("a,{see}b{p. 3}")] == ["a", "b"]
    with pytest.raises(ValueError):
        list(parse_citation_targets("a b"))
    with pytest.raises(RecursionError):
        list(parse_citation_targets(",".join(["a"] * 5_000)))
    assert sys.getrecursionlimit() > compat_bibtex.MAX_CITED_KEYS * 4, moved


def test_bibliography_selects(monkeypatch):
    moved = f"{BIBTEX} changed its :filter: evaluator: see compat.bibtex.bibliography_selects"
    entry = Entry("misc", fields={"title": "One", "year": "2021"})
    # Its warning kept here: through Sphinx's logging it would reach whichever application
    # this process made last (another test's shared build).
    warned: list[str] = []
    monkeypatch.setattr(compat_bibtex, "logger",
                        SimpleNamespace(warning=lambda message, **_: warned.append(message)))

    def selects(expression: str, cited: set[str]) -> bool:
        bibliography = SimpleNamespace(filter_=ast.parse(expression), line=3)
        return compat_bibtex.bibliography_selects(bibliography, entry, "page", cited)

    assert selects('year == "2021"', set()), moved
    assert not selects('year == "2020"', {"page"}), moved
    assert selects("cited", {"other"}) and not selects("cited", set()), moved
    assert selects("cited_docnames == {'page'} or docname == 'page'", set()), moved
    # An expression it cannot evaluate: its fallback, the entries cited anywhere.
    assert selects("2000 < year < 2030", {"other"}) and not selects("2000 < year < 2030", set())
    assert warned and warned[0].startswith("syntax error in :filter: expression"), warned
    source = inspect.getsource(BibtexDomain.get_filtered_entries)
    assert hashlib.sha256(source.encode()).hexdigest() == (
        "3ec52cc65a607579bb3e9022250cbe327475f4e0ce2eb026ce46c71640639dad"), (
        f"{BIBTEX} changed BibtexDomain.get_filtered_entries, which "
        "compat.bibtex.filtered_entries and compat.bibtex.bibliography_selects copy: bring the "
        "copy up to date, then this digest")


def test_hand_bibdata(site):
    """Data handed over is kept: sphinxcontrib-bibtex's own check finds it up to date."""
    from sphinxcontrib.bibtex.bibfile import process_bibdata

    moved = f"{BIBTEX} changed how it keeps parsed files: see compat.bibtex.hand_bibdata"
    path = Path(site.srcdir) / "refs.bib"
    data = BibliographyData(entries={"one": Entry("misc", fields={"title": "Handed over"})})
    compat_bibtex.hand_bibdata(site, data, {path: {"one": None}})
    cite = site.env.get_domain("cite")
    assert cite.bibdata.data is data, moved
    # What compat.bibtex.bibdata_entries gives the next build to bind to its records.
    assert compat_bibtex.bibdata_entries(site) is data.entries, (
        f"{BIBTEX} changed how it keeps parsed files: see compat.bibtex.bibdata_entries")
    assert not compat_bibtex.bibdata_outdated(site, [path]), moved
    assert process_bibdata(cite.bibdata, [path], site.config.bibtex_encoding) is cite.bibdata, \
        moved


def test_finish_group_style():
    from academic.citations.referencing import AcademicReferenceStyle

    moved = f"{BIBTEX} changed its reference styles' set-up: see compat.bibtex.finish_group_style"
    style = AcademicReferenceStyle()
    # The site's own six styles, and not AuthorYearReferenceStyle's composition besides.
    assert len(style.styles) == 6, moved
    assert {"p", "t", "ps", "ts", "author", "label", "year", "yearpar"} <= set(style.role_names())
    assert type(style.role_style["p"]).__module__ == "academic.citations.referencing", moved


TARGETS_CONF = """
extensions = ["sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]


def setup(app):
    from academic.compat.bibtex import CitationTargets
    from academic.compat.documents import claim_id
    from docutils import nodes

    class Listed(CitationTargets):
        has_content = False
        option_spec = {}

        def run(self):
            citations = self.citation_targets(["one"], self.config.bibtex_default_style)
            item = nodes.paragraph("", "One, listed here.", ids=["listed-one"])
            self.retarget(citations["one"], "listed-one")
            claim_id(self.state.document, "listed-one", item)
            return [item]

    app.add_directive("listed", Listed)
"""


def test_citation_targets(tmp_path):
    """A citation links to the entry a directive of compat.bibtex.CitationTargets renders."""
    moved = (f"{BIBTEX} changed its bibliography directive: see "
             "compat.bibtex.CitationTargets")
    (tmp_path / "conf.py").write_text(TARGETS_CONF)
    (tmp_path / "index.rst").write_text("Home\n====\n\nCited :cite:p:`one`.\n\n.. listed::\n")
    (tmp_path / "refs.bib").write_text(BIB)
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build",
                        confoverrides=BESIDE_SITE)
    try:
        app.build()
        assert plain_warnings(app) == "", moved
        soup = BeautifulSoup(page(app), "lxml")
        assert [link["href"] for link in soup.select("a.reference.internal")
                if link.get_text() != "Home"] == ["#listed-one"], moved
        assert soup.select_one("#listed-one").get_text() == "One, listed here."
    finally:
        app.cleanup()


def test_filtered_entries(site):
    moved = (f"{BIBTEX} filters a bibliography's entries another way: see "
             "compat.bibtex.filtered_entries")
    cite = site.env.get_domain("cite")
    citing = CitationIndexedBibtexDomain.citing_pages(cite)
    assert cite.bibliographies, moved
    for key in cite.bibliographies:
        ours = [entry_key for entry_key, _entry in
                compat_bibtex.filtered_entries(cite, key, citing)]
        assert ours == [entry_key for entry_key, _entry in cite.get_filtered_entries(key)] == [
            "one"], moved


# --- sphinx-sitemap -----------------------------------------------------------------------------


def test_sitemap_queue(site):
    moved = (f"sphinx-sitemap {version('sphinx-sitemap')} changed its list of pages: see "
             "compat.sitemap.sitemap_queue")
    links = compat_sitemap.sitemap_queue(site)
    assert links is not None and all(hasattr(links, name) for name in
                                     ("put", "get_nowait", "empty")), moved
    assert list(inspect.signature(sphinx_sitemap.add_html_link).parameters) == [
        "app", "pagename", "templatename", "context", "doctree"], moved
    plain = compat_sitemap.use_plain_sitemap_queue(site)
    assert compat_sitemap.sitemap_queue(site) is plain
    sphinx_sitemap.add_html_link(site, "index", None, {}, None)
    assert plain.get_nowait()[0] == "index.html", moved


def test_sitemap_without_manager(site, monkeypatch):
    moved = (f"{SPHINX} or sphinx-sitemap {version('sphinx-sitemap')} changed how the sitemap's "
             "list is made: see compat.sitemap.sitemap_without_manager")
    handlers = [listener.handler for listener in site.events.listeners["builder-inited"]]
    assert sphinx_sitemap.record_builder_type in handlers, moved
    # What sphinx-sitemap's own handler sets, its manager stood in for, is what ours sets.
    monkeypatch.setattr(sphinx_sitemap, "Manager", lambda: SimpleNamespace(Queue=list))

    def stand_in(builder_name: str) -> SimpleNamespace:
        builder = type(builder_name, (), {})()
        builder.env = SimpleNamespace()
        app = SimpleNamespace(builder=builder)
        builder.env.app = app
        return app

    for builder_name in ("DirectoryHTMLBuilder", "StandaloneHTMLBuilder"):
        theirs, ours = stand_in(builder_name), stand_in(builder_name)
        sphinx_sitemap.record_builder_type(theirs)
        compat_sitemap._record_builder_type_in_this_process(ours)
        assert vars(theirs).keys() == vars(ours).keys(), moved
        environments = [{name: value for name, value in vars(app.builder.env).items()
                         if name != "app"} for app in (theirs, ours)]
        assert environments[0] == environments[1], moved
        assert isinstance(ours.sitemap_links, queue.Queue)
    # A parallel build keeps the manager: pages written in forked processes reach it.
    site.parallel = 2
    compat_sitemap.sitemap_without_manager(site)
    handlers = [listener.handler for listener in site.events.listeners["builder-inited"]]
    assert sphinx_sitemap.record_builder_type in handlers
    site.parallel = 1
    compat_sitemap.sitemap_without_manager(site)
    handlers = [listener.handler for listener in site.events.listeners["builder-inited"]]
    assert sphinx_sitemap.record_builder_type not in handlers, moved
    assert compat_sitemap._record_builder_type_in_this_process in handlers


# --- Sphinx's configuration --------------------------------------------------------------------


def test_set_by_site():
    """A setting given by conf.py or by -D is the site's; a default is not."""
    moved = (f"Sphinx {sphinx.__version__} keeps what conf.py and -D set elsewhere: see "
             "compat.settings.set_by_site")
    config = sphinx.config.Config({"project": "P", "html_title": "T"}, {"language": "fr"})
    assert compat_settings.set_by_site(config, "html_title"), moved
    assert compat_settings.set_by_site(config, "language"), moved
    assert not compat_settings.set_by_site(config, "html_baseurl"), moved
    config.html_baseurl = "https://example.org/"  # set later (by an extension): not the site's
    assert not compat_settings.set_by_site(config, "html_baseurl"), moved
    assert compat_settings.set_on_command_line(config, "language"), moved
    assert not compat_settings.set_on_command_line(config, "html_title"), moved


# --- the list -----------------------------------------------------------------------------------


def test_compat_lists_every_entry_with_its_contract_test():
    """compat's docstring names each of its functions and classes, and the contract tests it
    gives for them are in this file."""
    folder = Path(compat.__file__).parent
    listing = compat.__doc__ or ""
    entries = {node.name for path in folder.glob("*.py")
               for node in ast.parse(path.read_text(encoding="utf-8")).body
               if isinstance(node, (ast.FunctionDef, ast.ClassDef))
               and not node.name.startswith("_") and node.name != "setup"}
    assert {"search_language", "CitationTargets", "mark_current", "set_page_assets"} <= entries
    assert sorted(name for name in entries if not re.search(rf"\b{name}\b", listing)) == []
    tests = {name for group in re.findall(r"\[(test_[\w, ]+)\]", listing)
             for name in group.split(", ")}
    assert len(tests) > 15
    assert sorted(tests - set(globals())) == []


# --- the rule ---------------------------------------------------------------------------------


#: A named tuple's public methods begin with an underscore so as not to clash with its fields.
NAMED_TUPLE_API = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}


def private_attribute(node: ast.AST) -> bool:
    """``x._name``, ``x`` not ``self`` or ``cls``, ``_name`` not a named tuple's own method."""
    return (isinstance(node, ast.Attribute) and node.attr.startswith("_")
            and not node.attr.startswith("__") and node.attr not in NAMED_TUPLE_API
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")))


def private_getattr(node: ast.AST) -> bool:
    """``getattr(x, "_name", ...)``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "getattr" and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and str(node.args[1].value).startswith("_"))


def foreign_dunder_call(node: ast.AST, foreign: set[str]) -> bool:
    """``Class.__method__(...)``, ``Class`` imported from another package."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr.startswith("__") and isinstance(node.func.value, ast.Name)
            and node.func.value.id in foreign)


def private_uses(path: Path) -> list[str]:
    """Where a module names another package's private API or edits what another package made.

    The rule: no import from a module path with a part that starts with "_" (``sphinx.builders
    .html._assets``), nor of a name that starts with "_" from another package; no attribute
    ``x._name`` (one leading underscore) of any object but ``self`` and ``cls``, and no
    ``getattr(x, "_name")``; no dunder method called through another package's class
    (``GroupReferenceStyle.__post_init__(self)``). And the kinds of :func:`foreign_edits`.
    """
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign = set()  # names bound by absolute imports: other packages'
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
            foreign |= {alias.asname or alias.name for alias in node.names}
            # "_" alone is gettext's translation function (sphinx.locale._), public by name.
            if any(part.startswith("_") for part in node.module.split(".")) or any(
                    alias.name.startswith("_") and alias.name != "_" for alias in node.names):
                found.append(f"{path.parent.name}/{path.name}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Import):
            foreign |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            if any(part.startswith("_") for alias in node.names
                   for part in alias.name.split(".")):
                found.append(f"{path.parent.name}/{path.name}:{node.lineno}: {ast.unparse(node)}")
    for node in ast.walk(tree):
        if private_attribute(node) or private_getattr(node) or foreign_dunder_call(node, foreign):
            found.append(f"{path.parent.name}/{path.name}:{node.lineno}: {ast.unparse(node)}")
    found += [f"{path.parent.name}/{path.name}:{node.lineno}: {kind}: {ast.unparse(node)}"
              for kind, node in foreign_edits(tree, foreign)]
    return found


# --- the rule: edits of what another package made ---------------------------------------------

#: A regular expression that reads markup: a tag (``<li``, ``</script``, ``<!--``), an
#: attribute (``class="``), a CSS rule or comment (``\{``, ``/\*``), a source map line; not
#: a named group (``(?P<address>``).
MARKUP_PATTERN = re.compile(r"(?<!\?P)<[A-Za-z/]|<!--|class=| \\\{|/\\\*|sourceMappingURL")
REGEX_FUNCTIONS = {"compile", "sub", "subn", "search", "match", "fullmatch", "findall",
                   "finditer", "split"}
#: Sphinx's per-page asset lists, in the page's context and on the builder.
ASSET_LISTS = {"css_files", "script_files"}
MUTATORS = {"append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse"}
#: sphinxcontrib-bibtex's directive and what it keeps per bibliography: no extension point.
BIBTEX_DIRECTIVE = {"BibliographyDirective", "BibliographyKey", "bibliography_node",
                    "bibliographies", "citation_nodes"}
#: Handlers of the ``logging`` module's loggers: filtering another package's records.
LOG_HOOKS = {"addFilter", "removeFilter", "addHandler", "removeHandler"}


def names_markup(node: ast.AST) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and MARKUP_PATTERN.search(node.value) is not None)


def regex_on_markup(node: ast.AST) -> bool:
    r"""``re.compile(r'<span class="...">')``, ``re.sub(r"/\*.*?\*/", ...)``: a pattern made
    to edit (or pick apart) HTML or CSS, which is another package's output (furo's, Sphinx's,
    Pygments') wherever this extension meets it."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
            and node.func.attr in REGEX_FUNCTIONS and bool(node.args)
            and names_markup(node.args[0]))


def logger_filtered(node: ast.AST) -> bool:
    """``logger.addFilter(...)`` (or a handler), or a ``logging.Filter`` of the module's own."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in LOG_HOOKS) or (
        isinstance(node, ast.ClassDef)
        and any(ast.unparse(base).split(".")[-1] == "Filter" for base in node.bases))


def bibtex_directive_internals(node: ast.AST) -> bool:
    """An import or an attribute of :data:`BIBTEX_DIRECTIVE`."""
    return (isinstance(node, ast.ImportFrom)
            and any(alias.name in BIBTEX_DIRECTIVE for alias in node.names)) or (
        isinstance(node, ast.Attribute) and node.attr in BIBTEX_DIRECTIVE)


def enclosing_parameters(tree: ast.AST) -> dict[ast.AST, set[str]]:
    """Each statement → the parameters of the function it is in (not ``self``, ``cls``)."""
    owner: dict[ast.AST, set[str]] = {}
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = function.args
            names = {a.arg for a in [*arguments.posonlyargs, *arguments.args,
                                     *arguments.kwonlyargs]} - {"self", "cls"}
            for inner in ast.walk(function):
                owner.setdefault(inner, set())
                owner[inner] |= names
    return owner


def foreign_object(target: ast.expr, parameters: set[str], foreign: set[str]) -> bool:
    """Whether ``target`` is another package's object: one the function was given (``app``,
    ``builder``, ``node``), one reached through an attribute (``app.builder``,
    ``self.state.document``), or a class or module imported from another package."""
    if isinstance(target, ast.Name):
        return target.id in parameters or target.id in foreign
    return isinstance(target, (ast.Attribute, ast.Subscript, ast.Call))


def foreign_edits(tree: ast.AST, foreign: set[str]) -> list[tuple[str, ast.AST]]:
    """The edits of what another package made, besides private names:

    * a regular expression over HTML or CSS (:func:`regex_on_markup`);
    * an assignment into another object's attribute (``builder.x = ...``, ``Class.attr =
      ...``, ``setattr(x, ...)``), where another object is one the function was given or
      reached through an attribute (:func:`foreign_object`); the object is this module's own
      when it made it (``element = SubElement(...)``). Allowed: ``config.name = ...`` on a
      function's ``config`` (a ``config-inited`` handler's argument, the documented way to
      set a configuration value from an extension), and ``self.attr = ...``;
    * a write into docutils' table of a document's ids (``document.ids[x] = node``);
    * a change of Sphinx's per-page asset lists (``context["css_files"][:] = ...``,
      ``context["script_files"].append(...)``);
    * sphinxcontrib-bibtex's directive internals (:data:`BIBTEX_DIRECTIVE`);
    * a filter or handler put on a logger (another package's, by its name).
    """
    parameters = enclosing_parameters(tree)
    found: list[tuple[str, ast.AST]] = []

    def asset_list(node: ast.AST) -> bool:
        return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
                and node.slice.value in ASSET_LISTS) or (
            isinstance(node, ast.Attribute) and node.attr in ASSET_LISTS)

    def assigned(target: ast.expr, statement: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                assigned(element, statement)
            return
        if isinstance(target, ast.Starred):
            assigned(target.value, statement)
            return
        inner = target
        while isinstance(inner, ast.Subscript):
            if asset_list(inner.value) or asset_list(inner):
                found.append(("Sphinx's asset list changed", statement))
                return
            if isinstance(inner.value, ast.Attribute) and inner.value.attr == "ids":
                found.append(("a document's ids written", statement))
                return
            inner = inner.value
        if isinstance(target, ast.Attribute):
            if asset_list(target):
                found.append(("Sphinx's asset list changed", statement))
            elif (isinstance(target.value, ast.Name) and target.value.id == "config"
                  and "config" in parameters.get(statement, set())):
                pass  # a config-inited handler's documented way
            elif foreign_object(target.value, parameters.get(statement, set()), foreign):
                found.append(("another object's attribute assigned", statement))

    for node in ast.walk(tree):
        if regex_on_markup(node):
            found.append(("a regular expression over HTML or CSS", node))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                assigned(target, node)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            assigned(node.target, node)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                assigned(target, node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in ("setattr", "delattr") and node.args
                and not (isinstance(node.args[0], ast.Name)
                         and node.args[0].id in ("self", "cls"))):
            found.append(("another object's attribute assigned", node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr in MUTATORS and asset_list(node.func.value)):
            found.append(("Sphinx's asset list changed", node))
        elif logger_filtered(node):
            found.append(("a logger filtered", node))
        if bibtex_directive_internals(node):
            found.append(("sphinxcontrib-bibtex's directive internals", node))
    return found


#: A template that draws over another theme's own (``{% extends "!page.html" %}``).
THEME_OVERRIDE = re.compile(r"""\{%-?\s*extends\s+["']!""")
#: What Sphinx's searchtools.js and language_data.js define, replaced or read in its internals.
SEARCH_INTERNALS = re.compile(
    r"\b(?:Search|Scorer|SphinxHighlight)\s*\.\s*[$\w]+\s*(?:=(?!=)|\+=)"  # a member replaced
    r"|\bwindow\s*\.\s*(?:splitQuery|Stemmer)\s*=(?!=)"            # a global replaced
    r"|\bSearch\s*\.\s*_index\b"                                  # the loaded index, read
    r"|\bObject\.assign\(\s*(?:Search|Scorer|SphinxHighlight)\b")


def theme_and_script_uses(path: Path) -> list[str]:
    """A template that overrides another theme's blocks; a script that replaces or reads the
    internals of Sphinx's search (``Search``, ``Scorer``, ``SphinxHighlight``, the globals
    ``splitQuery`` and ``Stemmer``, the index as ``Search._index``)."""
    text = path.read_text(encoding="utf-8")
    pattern = THEME_OVERRIDE if path.suffix == ".html" else SEARCH_INTERNALS
    return [f"{path.parent.name}/{path.name}:{text.count(chr(10), 0, match.start()) + 1}: "
            f"{match.group(0)}" for match in pattern.finditer(text)]


def test_only_compat_uses_private_api():
    package = REPO / "extensions" / "academic"
    outside = sorted(path for path in package.rglob("*") if "compat" not in path.parts)
    found = [use for path in outside if path.suffix == ".py" for use in private_uses(path)]
    found += [use for path in outside if path.suffix in (".html", ".js")
              for use in theme_and_script_uses(path)]
    assert found == [], "another package's internals outside compat/:\n" + "\n".join(found)


def test_the_rule_finds_what_it_forbids(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "from sphinx.builders.html._assets import JavaScript\n"
        "from sphinxcontrib.bibtex.domain import _FilterVisitor\n"
        "import sphinx._private\n"
        "from sphinxcontrib.bibtex.style.referencing import GroupReferenceStyle\n"
        "from .styles import local\n"
        "def f(indexer, self):\n"
        "    indexer._titles\n"
        "    getattr(indexer, '_mapping', None)\n"
        "    GroupReferenceStyle.__post_init__(self)\n"
        "    self._own, local.__name__, super().__post_init__()\n")
    assert [use.split(":")[1] for use in private_uses(module)] == ["1", "2", "3", "7", "8", "9"]


def test_the_rule_finds_edits_of_what_others_made(tmp_path):
    """One of each kind the rule forbids outside compat/, and what it allows beside them."""
    module = tmp_path / "module.py"
    module.write_text(
        "import logging, re\n"
        "from sphinx.builders.html import StandaloneHTMLBuilder\n"
        "from sphinxcontrib.bibtex.directives import BibliographyKey\n"
        "LINK = re.compile(r'<li class=\"toctree-l1\">')\n"
        "def edit(app, builder, context, document, node, value, config):\n"
        "    css = re.sub(r'/\\*.*?\\*/', '', value)\n"
        "    builder.script_files = []\n"
        "    app.builder.current_docname = 'x'\n"
        "    StandaloneHTMLBuilder.search = False\n"
        "    setattr(node, 'rawsource', '')\n"
        "    context['css_files'][:] = []\n"
        "    context['script_files'].append(value)\n"
        "    document.ids['anchor'] = node\n"
        "    value.citation_nodes['key']['ids'] = ['anchor']\n"
        "    logging.getLogger('sphinx.sphinx.util').addFilter(value)\n"
        "class Quiet(logging.Filter):\n"
        "    pass\n"
        "def allowed(config, domain, value):\n"
        "    config.html_static_path = [*config.html_static_path, 'static']\n"
        "    element = make(value)\n"
        "    element.text = value\n"
        "    domain.data['shape'] = value\n"
        "    years = re.fullmatch(r'(?P<year>\\d{4})', value)\n"
        "class Directive:\n"
        "    def run(self):\n"
        "        self.options = {}\n")
    kinds = {use.split(":")[1]: use.split(": ")[1] for use in private_uses(module)}
    assert kinds == {
        "3": "sphinxcontrib-bibtex's directive internals",
        "4": "a regular expression over HTML or CSS",
        "6": "a regular expression over HTML or CSS",
        "7": "Sphinx's asset list changed",
        "8": "another object's attribute assigned",
        "9": "another object's attribute assigned",
        "10": "another object's attribute assigned",
        "11": "Sphinx's asset list changed",
        "12": "Sphinx's asset list changed",
        "13": "a document's ids written",
        "14": "sphinxcontrib-bibtex's directive internals",
        "15": "a logger filtered",
        "16": "a logger filtered",
    }
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text('{# furo\'s page #}\n{% extends "!page.html" %}\n'
                        "{% block body %}{{ super() }}{% endblock %}\n")
    own = tmp_path / "templates" / "card.html"
    own.write_text('{% extends "layout.html" %}\n')
    assert [use.split(":")[1] for use in theme_and_script_uses(template)] == ["2"]
    assert theme_and_script_uses(own) == []
    script = tmp_path / "static" / "search.js"
    script.parent.mkdir()
    script.write_text(
        "Search._parseQuery = (query) => query;\n"
        "Scorer.score = (result) => 0;\n"
        "SphinxHighlight.highlightSearchWords = () => {};\n"
        "window.splitQuery = (text) => text.split(' ');\n"
        "window.Stemmer = function () {};\n"
        "const terms = Search._index.terms;\n"
        "Object.assign(Scorer, { title: 20 });\n"
        "if (Search.hasIndex() && Scorer.score === undefined) Search.query('x');\n")
    assert [use.split(":")[1] for use in theme_and_script_uses(script)] == [
        "1", "2", "3", "4", "5", "6", "7"]


def test_typst_panic(tmp_path):
    """typst-py raises a Rust panic as PyO3's PanicException, and a mistake of the document
    as an ordinary exception: is_panic tells the first alone."""
    moved = (f"typst {version('typst')} raises its panics otherwise: see "
             "compat.typst.is_panic")
    source = tmp_path / "long.typ"
    source.write_text("é" * 32768, encoding="utf-8")  # the word typst 0.15 panics on
    try:
        typst.compile(str(source), ignore_system_fonts=True)
    except BaseException as error:  # noqa: BLE001
        assert compat_typst.is_panic(error), moved
    else:
        pytest.skip(f"typst {version('typst')} typesets the word: nothing to tell apart")
    source.write_text("#unknown-function()", encoding="utf-8")
    with pytest.raises(RuntimeError) as mistake:
        typst.compile(str(source), ignore_system_fonts=True)
    assert not compat_typst.is_panic(mistake.value)
    assert not compat_typst.is_panic(KeyError("a bug of the extension's"))
