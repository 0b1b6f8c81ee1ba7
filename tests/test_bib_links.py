"""No internal link of any test root's build leads nowhere (paths and #fragments), whatever its
keys look like, and the link checker itself finds the links that do."""

from __future__ import annotations

import pytest
from academic.bib.names import MAX_PAGE_NAME, RESERVED_ANCHORS, entry_names
from conftest import TESTS, html_page
from linkcheck import broken_links, broken_search_targets

ROOTS = sorted(path.name.removeprefix("test-") for path in (TESTS / "roots").iterdir()
               if path.is_dir() and path.name != "test-browser")
#: The roots whose pages link one another most (lists, paper pages and their files, cards,
#: search): built both ways. Every other root in the builder its other tests read, so that
#: its build is theirs, shared (conftest.py) when they run in the same process.
BOTH = {"exports", "owner", "pages", "publications", "search"}
DIRHTML = {"cv", "defaults", "scale", "seo"}


def builders(root: str) -> tuple[str, ...]:
    return ("html", "dirhtml") if root in BOTH else ("dirhtml",) if root in DIRHTML else ("html",)


@pytest.mark.parametrize("root", [
    pytest.param(root, marks=pytest.mark.sphinx(builder, testroot=root), id=f"{root}-{builder}")
    for root in ROOTS for builder in builders(root)])
def test_every_internal_link_of_a_test_root_resolves(root, shared_app):
    assert broken_links(shared_app.outdir) == []
    assert broken_search_targets(shared_app.outdir) == []


def test_every_internal_link_of_the_browser_tests_site_resolves(built_site):
    """The browser tests' root, as they build it (dirhtml, strictly, once for the run)."""
    assert broken_links(built_site) == []
    assert broken_search_targets(built_site) == []


def test_the_link_checker_finds_missing_pages_and_fragments(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "index.html").write_text('<p id="here">x</p>')
    (tmp_path / "index.html").write_text(
        '<a href="folder/#here">ok</a> <a href="folder/index.html#here">ok</a>'
        '<a href="#top">ok</a> <a href="https://example.org/#nowhere">other site</a>'
        '<a href="folder/#gone">no such id</a> <a href="missing.html">no such page</a>'
        '<a href="/folder/">from the root</a> <img src="_static/x.png" alt="">')
    assert broken_links(tmp_path) == [
        "index.html: _static/x.png", "index.html: folder/#gone", "index.html: missing.html"]


def test_every_key_gets_a_distinct_page_and_anchor():
    keys = ["2018MNRAS.479.5620T", "2026A&A...710L..32M", "DBLP:conf/popl/Foo19", "Shang_2021_ICCV",
            "Shang-2021-ICCV", "Müller2020", "Muller2020", "张三2020", "李四2020", "a:b", "a.b",
            "a-b", "index", "cite", "abstract", "12345"]  # BibTeX keys ignore case: no "A-B"
    names = entry_names(keys)
    assert len({name.page.lower() for name in names.values()}) == len(keys)
    assert len({name.anchor for name in names.values()}) == len(keys)
    for key, name in names.items():
        assert name.anchor[0].isalpha() and name.anchor == name.anchor.lower(), key
        assert name.anchor not in RESERVED_ANCHORS
        assert all(c.isascii() and (c.isalnum() or c == "-") for c in name.anchor), key
    assert names["2018MNRAS.479.5620T"] == ("2018MNRAS-479-5620T", "entry-2018mnras-479-5620t")
    assert names["a-b"] == ("a-b", "a-b")
    assert dict(entry_names(reversed(keys))) == dict(names)  # whatever the file's order


def test_a_key_named_index_does_not_take_the_list_page_name():
    names = {key: name.page for key, name in
             entry_names(["index", "Index2", "a:b", "a.b", "a-b"]).items()}
    assert names["index"].startswith("index-") and names["Index2"] == "Index2"
    assert names["a-b"] == "a-b"
    assert len({names["a:b"], names["a.b"], names["a-b"]}) == 3


def test_a_key_windows_keeps_for_a_device_gets_another_page_name():
    """"CON", "aux", "LPT1": Windows can write no file or folder so named (nor "CON.bib"), so a
    site with such a paper could not be built or checked out there."""
    names = {key: name.page for key, name in
             entry_names(["CON", "aux", "nul", "com1", "LPT9", "console", "com10"]).items()}
    for key in ("CON", "aux", "nul", "com1", "LPT9"):
        assert names[key].startswith(f"{key}-") and len(names[key]) == len(key) + 9, key
    assert names["console"] == "console" and names["com10"] == "com10"


def test_a_key_too_long_for_a_file_name_gets_a_shorter_page_name():
    """A paper's page is a file named after its key: one of 300 characters, past the file
    system's 255, ended the build in a traceback ("File name too long")."""
    keys = ["k" * 300, "k" * 299 + "j", "k" * 120, "short"]
    names = entry_names(keys)
    assert all(len(name.page) <= MAX_PAGE_NAME for name in names.values())
    assert len({name.page for name in names.values()}) == len(keys)
    assert names["k" * 120].page == "k" * 120 and names["short"].page == "short"


def test_keys_of_every_shape_link_from_index_citation_and_search(make_app, tmp_path):
    """The general index, a citation and the search index reach an entry whatever its key, and
    no other element of the list takes its anchor ("publications-2020" is also the id a year's
    section would have)."""
    keys = ["2018MNRAS.479.5620T", "2026A&A...710L..32M", "DBLP:conf/popl/Foo19",
            "Shang_2021_ICCV", "Müller2020", "张三2020", "cite", "publications-2020"]
    srcdir = tmp_path / "keys"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "academic"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'bibtex_default_style = "academic"\nbibtex_reference_style = "academic"\n'
        'html_theme = "furo"\n', encoding="utf-8")
    (srcdir / "refs.bib").write_text("".join(
        f"@article{{{key},\n  author = {{Ann Author}},\n  title = {{Paper {n}}},\n"
        f"  journal = {{J}},\n  year = {{2020}},\n}}\n" for n, key in enumerate(keys)),
        encoding="utf-8")
    cites = " ".join(f"{{cite:p}}`{key}`" for key in keys)
    (srcdir / "index.md").write_text(
        f"# Home\n\n{cites}\n\n```{{toctree}}\npublications/index\n```\n", encoding="utf-8")
    (srcdir / "publications").mkdir()
    (srcdir / "publications" / "index.md").write_text(
        "# Publications\n\n```{publications}\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    assert broken_links(app.outdir) == []
    assert broken_search_targets(app.outdir) == []
    genindex = html_page(app.outdir, "genindex.html")
    targets = {a["href"] for a in genindex.select("table.indextable a")}
    for key in keys:
        assert f"publications/index.html#{entry_names(keys)[key].anchor}" in targets
    ids = [element["id"] for element in html_page(app.outdir, "publications/index.html")
           .select("[id]")]
    assert sorted(ids) == sorted(set(ids))
