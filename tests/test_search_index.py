"""The search index and the general index, built by Sphinx's test harness from
tests/roots/test-search (and, for a whole site's general index, tests/roots/test-browser;
test_site_search.py checks the owner's)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from academic.compat.search import SEARCH_SCRIPT
from academic.search import tuning as search
from academic.search.tuning import FOLD, WORD, academic_language, fold, split_words
from bs4 import BeautifulSoup
from conftest import html_page, load_searchindex
from hypothesis import given
from hypothesis import strategies as st
from sphinx.environment.adapters.indexentries import IndexEntries
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

ENGLISH = academic_language(SearchEnglish)({})
SEARCH_JS = SEARCH_SCRIPT


# --- words ---------------------------------------------------------------------------------------


def index_words(text: str) -> list[str]:
    """What the index stores for a text: split, stemmed, lower case, filtered."""
    stems = [ENGLISH.stem(word).lower() for word in ENGLISH.split(text)]
    return [stem for stem in stems if ENGLISH.word_filter(stem)]


@pytest.mark.parametrize(("text", "words"), [
    ("C++17 and C# in 2021", ["C++", "17", "and", "C#", "in", "2021"]),
    ("Notepad++ and F#", ["Notepad", "and", "F#"]),
    ("AI/ML, COMS 4771", ["AI", "ML", "COMS", "4771"]),
    ("ICSE-SEIP rm@256", ["ICSE", "SEIP", "rm", "256"]),
    ("Fro\u0308mmgen", ["Frömmgen"]),  # a decomposed accent does not split a word
])
def test_split_keeps_short_words_numbers_and_language_names(text, words):
    assert split_words(text) == words
    assert ENGLISH.split(text) == words


@pytest.mark.parametrize(("word", "folded"), [
    ("Frömmgen", "frommgen"), ("Zürich", "zurich"), ("café", "cafe"), ("Straße", "strasse"),
    ("Æsir", "aesir"), ("Łukasz", "lukasz"), ("ﬁne", "fine"), ("C++", "c++"),
])
def test_fold_removes_accents_and_case(word, folded):
    assert fold(word) == folded


def test_the_index_keeps_what_sphinx_drops_and_folds_accents():
    assert index_words("Frömmgen") == index_words("Frommgen") == ["frommgen"]
    assert index_words("in 2021 the AI") == ["2021", "ai"]  # "in", "the" are stop words
    assert index_words("C++ and C#") == ["c++", "c#"]
    assert index_words("Diffusion models") == ["diffus", "model"]  # still stemmed
    plain = SearchEnglish({})
    assert not plain.word_filter("2021")  # what this is about


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_marks(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.category(c).startswith("M") for c in folded)


@given(st.text())
def test_split_sees_composed_and_decomposed_text_alike(text):
    words = split_words(text)
    assert words == split_words(unicodedata.normalize("NFD", text))
    assert all(WORD.fullmatch(word) for word in words)


LATIN_LETTERS = st.characters(codec="latin-1", categories=["L"]).filter(
    lambda c: unicodedata.name(c).startswith("LATIN"))


@given(st.text(alphabet=LATIN_LETTERS))
def test_latin_letters_fold_to_what_a_us_keyboard_types(text):
    assert fold(text).isascii()


def test_the_browser_script_splits_and_folds_with_the_same_rules():
    source = SEARCH_JS.read_text(encoding="utf-8")
    fold_table = re.search(r"const FOLD = (\{.*?\});", source).group(1)
    assert json.loads(re.sub(r"(\w+):", r'"\1":', fold_table)) == FOLD
    # The same pattern, \w spelt as JavaScript's Unicode letters, digits and underscore.
    script_word = re.search(r"const WORD = /(.*?)/gu;", source).group(1)
    assert script_word == WORD.pattern.replace(r"\w", r"[\p{L}\p{N}_]")


def test_the_language_wraps_any_sphinx_language():
    german = search.base_language("de")
    assert issubclass(academic_language(german), german)
    assert academic_language(german) is academic_language(german)
    assert search.base_language("xx") is SearchEnglish
    assert issubclass(search.base_language("en_GB"), SearchLanguage)


# --- the built index -----------------------------------------------------------------------------


def load_index(app) -> dict:
    return load_searchindex(app.outdir)


def docs_of(index: dict, mapping: str, word: str) -> set[str]:
    found = index[mapping].get(word, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


def page_of(app, path: str) -> BeautifulSoup:
    return html_page(app.outdir, path)


def scripts(app, path: str) -> set[str]:
    """The scripts of a page, by file name; the keyboard shortcut's also when written inline,
    and those the search page loads for a query (compat/templates/search.html)."""
    soup = page_of(app, path)
    names = {Path(s["src"].split("?")[0]).name for s in soup.select("script[src]")}
    for loader in soup.select("script:not([src])"):
        text = loader.get_text()
        if "searchindex.js" in text and "createElement" in text:
            listed = json.loads(text[text.index("["):text.index("]") + 1])
            names |= {Path(src.split("?")[0]).name for src in listed}
    if any("aria-keyshortcuts" in s.get_text() for s in soup.select("script:not([src])")):
        names.add(search.KEYS_JS)
    return names


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_searchindex_has_numbers_short_words_and_folded_words(shared_app):
    index = load_index(shared_app)
    for word in ("2021", "4771", "ai", "ml", "c++", "c#", "f#", "notepad", "frommgen", "zurich",
                 "cafe"):
        assert docs_of(index, "terms", word) | docs_of(index, "titleterms", word), word
    for word in ("frömmgen", "zürich", "notepad++", "c"):
        assert word not in index["terms"] and word not in index["titleterms"], word
    assert shared_app.config.html_search_language == "academic-en"


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_a_paper_page_is_about_its_authors_venue_and_year(shared_app):
    index = load_index(shared_app)
    paper = "publications/frommgen2024resolving"
    for word in index_words("Alexander Frommgen ICSE-SEIP 2024"):
        assert paper in docs_of(index, "titleterms", word), word
        assert paper not in docs_of(index, "terms", word), word
    assert "publications/austin2020titan" in docs_of(index, "titleterms", "icra")
    # The list that shows the paper is not about it.
    assert "publications/index" not in docs_of(index, "titleterms", "frommgen")


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_a_page_of_cards_is_about_their_names_and_tags(shared_app):
    index = load_index(shared_app)
    for word in ("titan", "coral", "ocaml", "c++", "cuda", "compil"):
        assert "projects" in docs_of(index, "titleterms", word), word


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_cards_and_publications_are_objects_with_their_own_anchors(shared_app):
    index = load_index(shared_app)
    objtypes = {v: k for k, v in index["objtypes"].items()}
    objects = {(index["docnames"][doc], index["objtypes"][str(kind)], anchor, name)
               for entries in index["objects"].values() for doc, kind, _prio, anchor, name
               in entries}
    assert ("projects", "project:project", "project-titan", "Titan") in objects
    assert ("projects", "project:project", "project-coral", "Coral") in objects
    assert ("publications/index", "academic:publication", "austin2020titan",
            "Titan: A Parallel Asynchronous Library for Soft-Body Robotics") in objects
    assert {"project:project", "academic:publication"} <= set(objtypes)
    # Every anchor exists on its page.
    for docname, _kind, anchor, _name in objects:
        path = "" if docname == "index" else docname.removesuffix("/index")
        assert page_of(shared_app, path).find(id=anchor) is not None, (docname, anchor)


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_a_paper_with_its_own_page_is_not_also_an_index_entry_of_the_list(shared_app):
    index = load_index(shared_app)
    targets = {(index["docnames"][doc], anchor) for found in index["indexentries"].values()
               for doc, anchor, _main in found}
    assert ("publications/index", "austin2020titan") not in targets
    assert not {anchor for doc, anchor in targets if doc == "publications/index"} & {
        "austin2020titan", "frommgen2024resolving"}
    assert ("projects", "project-titan") in targets  # other entries stay
    # The paper's page is found by the same words, and the general index keeps the entries.
    assert "publications/austin2020titan" in docs_of(index, "titleterms", "icra")
    assert ("Titan: A Parallel Asynchronous Library for Soft-Body Robotics"
            in general_index(shared_app))


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_search_scripts_are_loaded_only_where_needed(shared_app):
    assert {search.SEARCH_JS, search.KEYS_JS, "searchtools.js"} <= scripts(shared_app, "search")
    for path in ("", "projects", "publications/austin2020titan", "genindex"):
        assert search.KEYS_JS in scripts(shared_app, path)
        assert search.SEARCH_JS not in scripts(shared_app, path)


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_search_scripts_are_the_pages_not_the_applications(app):
    # Registered once per page with app.add_js_file, they would pile up in the registry that
    # every later page and build of the application links from.
    before = list(app.registry.js_files), list(app.registry.css_files)
    app.build()
    app.build(force_all=True)
    assert (list(app.registry.js_files), list(app.registry.css_files)) == before
    assert {search.SEARCH_JS, search.KEYS_JS} <= scripts(app, "search")
    styles = [style.get_text() for style in page_of(app, "search").select("style")]
    assert any(".academic-search-form" in style for style in styles)


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_the_search_page_has_one_heading_and_a_search_box(shared_app):
    soup = page_of(shared_app, "search")
    assert [h.get_text() for h in soup.select("h1, h2, h3")] == ["Search"]
    box = soup.select_one("form.academic-search-form[role=search] input[type=search][name=q]")
    assert box is not None and box["aria-label"] == "Search this site"
    # Nothing that grows with the bibliography: the page weighs the same for 10 or 2,000 papers.
    assert soup.select_one("script#academic-search-places") is None


@pytest.mark.sphinx("dirhtml", testroot="search", srcdir="search-plain",
                    confoverrides={"academic_search": False})
def test_academic_search_false_leaves_plain_sphinx_search(shared_app):
    index = load_index(shared_app)
    assert shared_app.config.html_search_language is None
    assert "2021" not in index["terms"]
    assert "c++" not in index["terms"]
    assert not ({search.SEARCH_JS, search.KEYS_JS} & scripts(shared_app, "search"))
    # Sphinx's searchtools.js reads SPHINX_HIGHLIGHT_ENABLED as it runs: the file must be there.
    assert {"searchtools.js", "sphinx_highlight.js"} <= scripts(shared_app, "search")
    assert "frommgen" not in index["titleterms"]


@pytest.mark.sphinx("dirhtml", testroot="search", srcdir="search-incremental")
def test_key_fields_survive_an_incremental_build(make_app, app_params):
    args, kwargs = app_params
    make_app(*args, **kwargs).build()
    second = make_app(*args, **kwargs)
    projects = Path(second.srcdir) / "projects.md"
    projects.write_text(projects.read_text(encoding="utf-8").replace("OCaml", "Haskell"),
                        encoding="utf-8")
    second.build()
    index = load_index(second)
    assert "publications/frommgen2024resolving" in docs_of(index, "titleterms", "frommgen")
    assert "projects" in docs_of(index, "titleterms", "haskel")
    assert "projects" not in docs_of(index, "titleterms", "ocaml")


# --- the general index ---------------------------------------------------------------------------


def general_index(app) -> dict[str, set[str]]:
    """Every general-index entry → the names of its sub-entries."""
    entries = {}
    for _letter, group in IndexEntries(app.env).create_index(app.builder):
        for name, (_links, subentries, _key) in group:
            entries[name] = {sub for sub, _ in subentries}
    return entries


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_general_index_has_cards_and_their_tags(shared_app):
    entries = general_index(shared_app)
    assert {"Titan (project)", "Coral (project)"} <= set(entries)
    assert entries["C++"] == {"Titan"}
    assert entries["OCaml"] == {"Coral"}
    assert entries["compilers"] == {"Coral"}


@pytest.mark.sphinx("dirhtml", testroot="search")
def test_general_index_has_publications_by_title_venue_and_year(shared_app):
    entries = general_index(shared_app)
    title = "Resolving Code Review Comments with Machine Learning"
    assert title in entries
    assert title in entries["Publications, 2024"]
    venue = next(name for name in entries if name.endswith("(ICSE-SEIP)"))
    assert entries[venue] == {title}
    titan = "Titan: A Parallel Asynchronous Library for Soft-Body Robotics"
    assert titan in entries["Publications, 2020"]


def site_index(site: Path) -> dict[str, set[str]]:
    """A built site's genindex page: entry → sub-entries."""
    soup = BeautifulSoup((site / "genindex" / "index.html").read_text(encoding="utf-8"), "lxml")
    entries = {}
    for item in soup.select("table.indextable > tr > td > ul > li"):
        name = next(item.stripped_strings)
        entries[name] = {next(sub.stripped_strings) for sub in item.select("ul > li")}
    return entries


def test_site_index_has_every_project_and_publication(built_site):
    entries = site_index(built_site)
    projects = BeautifulSoup((built_site / "projects" / "index.html").read_text("utf-8"), "lxml")
    for card in projects.select("article.academic-card"):
        name = card.select_one(".academic-card-title").get_text()
        assert f"{name} (project)" in entries, name
        for tag in card.select(".academic-card-tags li"):
            assert name in entries[tag.get_text()], (tag.get_text(), name)
    publications = BeautifulSoup(
        (built_site / "publications" / "index.html").read_text("utf-8"), "lxml")
    for item in publications.select("li.academic-entry"):
        title = item.select_one(".academic-title").get_text()
        # "2021b" in the list is a disambiguated 2021: the index files it under the year.
        year = item.select_one(".academic-venue").get_text().rsplit(", ", 1)[-1].rstrip("ab")
        assert title in entries, title
        assert title in entries[f"Publications, {year}"], (year, title)
        venue = item.select_one(".academic-venue em")
        if venue is not None:
            # Filed under its name: a leading year ("2024 IEEE/ACM…") would make it a symbol,
            # and a journal's volume and issue ("24(240)") an entry for each of its papers.
            name = re.sub(r"^\d{4} ", "", venue.get_text())
            if item.get("data-type") == "journal":
                name = re.sub(r" \d[\w.-]*(?:\([\w.-]+\))?$", "", name)
            assert title in entries[name], (name, title)
