"""Contract tests for extensions/academic/compat/: each fails, naming the compat function to
adapt, when a release of Sphinx, sphinxcontrib-bibtex or sphinx-sitemap moves what it relies on.
And the rule that keeps every other module of the extension off other packages' internals."""

from __future__ import annotations

import ast
import hashlib
import inspect
import pickle
import zlib
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import furo
import pytest
import sphinx
import sphinx_sitemap
from academic import compat
from bs4 import BeautifulSoup
from conftest import REPO, load_searchindex, plain_warnings
from pybtex.database import BibliographyData, Entry
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp
from sphinxcontrib.bibtex.domain import BibtexDomain

SPHINX = f"Sphinx {sphinx.__version__}"
BIBTEX = f"sphinxcontrib-bibtex {version('sphinxcontrib-bibtex')}"

CONF = '''
extensions = ["sphinxcontrib.bibtex", "sphinx_sitemap"]
bibtex_bibfiles = ["refs.bib"]
html_baseurl = "https://example.org/"


def add_inline_script(app, pagename, templatename, context, doctree):
    from academic import compat

    context["script_files"].append(compat.inline_script("let answer = 42;", 500,
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
    moved = f"{SPHINX} changed IndexBuilder's tables: see compat.index_tables"
    try:
        tables = compat.index_tables(site.builder.indexer)
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
    with pytest.raises(ExtensionError, match=r"adapt academic\.compat\.index_tables"):
        compat.index_tables(SimpleNamespace())


def test_inline_script(site):
    scripts = BeautifulSoup(page(site), "lxml").select('script[type="module"]')
    assert [(script.get_text(), script.get("src")) for script in scripts] == [
        ("let answer = 42;", None)], (
        f"{SPHINX} changed its script objects: see compat.inline_script")


def test_render_body_is_write_doc_s_rendering(site):
    """compat.render_body is a copy of part of write_doc: the copy renders what Sphinx does,
    and Sphinx's write_doc is still the one copied."""
    doctree = site.env.get_and_resolve_doctree("index", site.builder)
    _metatags, body = compat.render_body(site.builder, "index", doctree)
    assert "A paragraph about gizmos." in body
    assert body in page(site), f"{SPHINX} renders pages another way: see compat.render_body"
    source = inspect.getsource(StandaloneHTMLBuilder.write_doc)
    assert hashlib.sha256(source.encode()).hexdigest() == (
        "b73aa9621462b7cd2ff4f79d7acc1482aa11e6d755a2d3e7c0c4a1c5d63711d4"), (
        f"{SPHINX} changed StandaloneHTMLBuilder.write_doc, which compat.render_body copies: "
        "bring the copy up to date, then this digest")


def test_build_info_hashes(site):
    moved = f"{SPHINX} changed the builder's build_info: see compat.build_info_hashes"
    try:
        config_hash, tags_hash = compat.build_info_hashes(site.builder)
    except ExtensionError as error:
        pytest.fail(f"{moved}: {error}")
    assert config_hash and tags_hash, moved
    # The hash Sphinx writes to .buildinfo, its own test for writing every page again.
    assert f"config: {config_hash}" in (Path(site.outdir) / ".buildinfo").read_text(), moved
    with pytest.raises(ExtensionError, match=r"adapt academic\.compat\.build_info_hashes"):
        compat.build_info_hashes(SimpleNamespace())


JOINING_CONF = '''
def index_extra_page(app):
    """A page written without a source, as paper_pages writes a paper's: indexed for search,
    then joined to the environment's documents."""
    from academic import compat
    from docutils import nodes
    from docutils.utils import new_document

    document = new_document("extra", app.builder.docsettings)
    section = nodes.section(ids=["extra"])
    section += nodes.title("Extra", "Extra")
    section += nodes.paragraph("A paragraph about sprockets.", "A paragraph about sprockets.")
    document += section
    app.builder.index_page("extra", document, "Extra")
    compat.join_documents(app.env, {"extra": "Extra"})
    return []


def leave(app, exception):
    from academic import compat

    compat.leave_documents(app.env, ["extra"])


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
             "compat.join_documents")
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
            "compat.join_documents")
    finally:
        app.cleanup()


def as_list(value: int | list[int] | None) -> list[int]:
    """A search-index term's documents: one number, or a list of them."""
    return [] if value is None else [value] if isinstance(value, int) else value


# --- furo -------------------------------------------------------------------------------------


def test_furo_landmarks(tmp_path):
    moved = (f"furo {furo.__version__} changed its page's <aside> landmarks: see "
             "compat.name_furo_landmarks")
    template = (Path(furo.__file__).parent / "theme" / "furo" / "page.html").read_text()
    assert template.count(compat.FURO_SIDEBAR_DRAWER) == 1, moved
    assert template.count(compat.FURO_TOC_DRAWER) == 1, moved
    # And on a page the site's template draws over furo's.
    (tmp_path / "conf.py").write_text('extensions = ["academic"]\nhtml_theme = "furo"\n')
    (tmp_path / "index.rst").write_text("Home\n====\n\nPart\n----\n\nText.\n")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build",
                        confoverrides=BESIDE_SITE)
    try:
        app.build()
        assert plain_warnings(app) == ""
        asides = BeautifulSoup(page(app), "lxml").select("aside")
        assert [(aside["class"][0], aside.get("aria-label")) for aside in asides] == [
            ("sidebar-drawer", "Site navigation"), ("toc-drawer", "On this page")], moved
    finally:
        app.cleanup()


# --- sphinxcontrib-bibtex -----------------------------------------------------------------------


def test_bibliography_selects(caplog):
    moved = f"{BIBTEX} changed its :filter: evaluator: see compat.bibliography_selects"
    entry = Entry("misc", fields={"title": "One", "year": "2021"})

    def selects(expression: str, cited: set[str]) -> bool:
        bibliography = SimpleNamespace(filter_=ast.parse(expression), line=3)
        return compat.bibliography_selects(bibliography, entry, "page", cited)

    assert selects('year == "2021"', set()), moved
    assert not selects('year == "2020"', {"page"}), moved
    assert selects("cited", {"other"}) and not selects("cited", set()), moved
    assert selects("cited_docnames == {'page'} or docname == 'page'", set()), moved
    # An expression it cannot evaluate: its fallback, the entries cited anywhere.
    assert selects("2000 < year < 2030", {"other"}) and not selects("2000 < year < 2030", set())
    source = inspect.getsource(BibtexDomain.get_filtered_entries)
    assert hashlib.sha256(source.encode()).hexdigest() == (
        "3ec52cc65a607579bb3e9022250cbe327475f4e0ce2eb026ce46c71640639dad"), (
        f"{BIBTEX} changed BibtexDomain.get_filtered_entries, which engine.py and "
        "compat.bibliography_selects copy: bring the copy up to date, then this digest")


def test_hand_bibdata(site):
    """Data handed over is kept: sphinxcontrib-bibtex's own check finds it up to date."""
    from sphinxcontrib.bibtex.bibfile import process_bibdata

    moved = f"{BIBTEX} changed how it keeps parsed files: see compat.hand_bibdata"
    path = Path(site.srcdir) / "refs.bib"
    data = BibliographyData(entries={"one": Entry("misc", fields={"title": "Handed over"})})
    compat.hand_bibdata(site, data, {path: {"one": None}})
    cite = site.env.get_domain("cite")
    assert cite.bibdata.data is data, moved
    # What compat.bibdata_entries gives the next build to bind to its records.
    assert compat.bibdata_entries(site) is data.entries, (
        f"{BIBTEX} changed how it keeps parsed files: see compat.bibdata_entries")
    assert not compat.bibdata_outdated(site, [path]), moved
    assert process_bibdata(cite.bibdata, [path], site.config.bibtex_encoding) is cite.bibdata, \
        moved


def test_finish_group_style():
    from academic.citations.styles import AcademicReferenceStyle

    moved = f"{BIBTEX} changed its reference styles' set-up: see compat.finish_group_style"
    style = AcademicReferenceStyle()
    # The site's own six styles, and not AuthorYearReferenceStyle's composition besides.
    assert len(style.styles) == 6, moved
    assert {"p", "t", "ps", "ts", "author", "label", "year", "yearpar"} <= set(style.role_names())
    assert type(style.role_style["p"]).__module__ == "academic.citations.styles", moved


# --- sphinx-sitemap -----------------------------------------------------------------------------


def test_sitemap_queue(site):
    moved = (f"sphinx-sitemap {version('sphinx-sitemap')} changed its list of pages: see "
             "compat.sitemap_queue")
    links = compat.sitemap_queue(site)
    assert links is not None and all(hasattr(links, name) for name in
                                     ("put", "get_nowait", "empty")), moved
    assert list(inspect.signature(sphinx_sitemap.add_html_link).parameters) == [
        "app", "pagename", "templatename", "context", "doctree"], moved
    plain = compat.use_plain_sitemap_queue(site)
    assert compat.sitemap_queue(site) is plain
    sphinx_sitemap.add_html_link(site, "index", None, {}, None)
    assert plain.get_nowait()[0] == "index.html", moved


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
    """Where a module names another package's private API.

    The rule: no import from a module path with a part that starts with "_" (``sphinx.builders
    .html._assets``), nor of a name that starts with "_" from another package; no attribute
    ``x._name`` (one leading underscore) of any object but ``self`` and ``cls``, and no
    ``getattr(x, "_name")``; no dunder method called through another package's class
    (``GroupReferenceStyle.__post_init__(self)``).
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
    return found


def test_only_compat_uses_private_api():
    package = REPO / "extensions" / "academic"
    modules = sorted(path for path in package.rglob("*.py") if "compat" not in path.parts)
    found = [use for path in modules for use in private_uses(path)]
    assert found == [], "another package's private API outside compat/:\n" + "\n".join(found)


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
