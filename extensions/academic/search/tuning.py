"""Search: find anything on the site from furo's search box.

Sphinx's own search stays (its index, its ``search.html``, its ``searchtools.js``); this module
tunes it so that it finds what a reader of an academic's site types:

* **A search language** (:class:`AcademicLanguage`, wrapping the site's language, English here)
  that indexes what Sphinx drops or breaks: numbers ("2021", "COMS 4771"), "C++" and "C#"; and
  that folds accents, so "Godel" finds "Gödel". Short words ("AI", "ML") are indexed.
* **Key fields**: a per-paper page is *about* its authors, venue and year, and a page of project
  cards about the cards' names and tags. Their words count as title words of that page, which
  Sphinx's search scores three times higher than words of the text.
* **One result per paper**: where a paper has its own page, the search page shows that page
  for its publication object (academic-search.js: the page titled with the object's name), and
  the search index leaves out the general-index entries that lead to its place in the list
  (:func:`paper_places`).
* **Objects** for publications and project cards, so that a title or a project's name finds
  its entry first. Their full name is their display name (the title, the project's name):
  Sphinx leaves an anchor out of the index when it can rebuild it from the name, and the
  browser rebuilds it from the display name.
* The same word splitter in the browser, through the search language's public hook
  (``js_splitter_code``: :data:`JS_SPLITTER`, in ``language_data.js``).
* ``academic-search.js`` and ``academic-search.css``, on the search page only: the same
  accent folding in the browser, numbers kept in the query, a ranking that puts
  the page about a thing first, snippets from the pages' prose with the query's words
  highlighted whole, the number of results and arrow keys through them, and a misspelt query
  answered for the nearest indexed words with a "Did you mean" line; the search page's
  template (``compat/templates/search.html``) puts a search box above them. The script
  replaces members of Sphinx's ``searchtools.js``: it lives in ``compat/static/``
  (:data:`.compat.search.SEARCH_SCRIPT`).
* ``academic-search-keys.js``, on every page: Ctrl-K / Cmd-K focuses the search box (Sphinx's
  ``doctools.js`` already binds "/").

**One index file, not split.** A search page cannot answer before its index is in, so the
index is split only when it would take a phone longer to download than the rest of the search
page does: past ~200 KB gzipped, a second on Lighthouse's slow 4G (1.6 Mbit/s). Below that, a
split index saves less than the extra round trip (150 ms and up) its second request costs.
With 2,000 entries the index is ~165 KB gzipped (plain Sphinx's, on the same content: ~205 KB,
as this module leaves out the index entries a paper's own page answers for), so it is one
file; ``nox -s bench`` prints the figures.

``academic_search = False`` in conf.py (``-D academic_search=0``) turns all of it off, leaving
plain Sphinx search, which is what the benchmark compares against.

Private API (:func:`.compat.search.index_tables`): the key fields are written into the index
builder's word tables in ``html-collect-pages``, the last moment before Sphinx writes the index;
Sphinx has no hook that adds words to a page. Index entries that lead to a paper's place in a
list are taken out of its table of index entries there too, when the paper has its own page.
``tests/test_search_index.py`` checks the words land where searches find them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.search import IndexBuilder, SearchLanguage

from .. import config
from ..compat import search as compat_search
from ..projects.cards import project_domain
from ..publications.domain import academic_domain

#: Letters that Unicode decomposition does not reduce to ASCII; academic-search.js has the same.
FOLD = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
        "ı": "i"}
_FOLD_TABLE = str.maketrans(FOLD)

#: A word, and the "++" or "#" of a one-letter language name ("C++", "C#", "F#").
#: The browser splits with the same expression (:data:`JS_SPLITTER`, academic-search.js).
WORD = re.compile(r"\w+(?:\+\+|#)?")

#: :func:`split_words` in the browser: the search language's splitter, which Sphinx writes into
#: ``language_data.js`` (``SearchLanguage.js_splitter_code``) as the ``splitQuery`` that
#: ``searchtools.js`` and ``academic-search.js`` split a query with.
JS_SPLITTER = r"""
function splitQuery(query) {
  // A word, and the "++" or "#" of "C++", "C#"; "Notepad++" is "Notepad".
  return (query.normalize("NFC").match(/[\p{L}\p{N}_]+(?:\+\+|#)?/gu) || []).map((word) => {
    const bare = word.replace(/[+#]+$/, "");
    return bare.length > 1 ? bare : word;
  });
}
"""

#: Prefix of the ``html_search_language`` code this extension registers its language under.
CODE_PREFIX = "academic-"

SEARCH_JS = compat_search.SEARCH_SCRIPT.name
SEARCH_CSS = "academic-search.css"
STATIC = config.STATIC
KEYS_JS = "academic-search-keys.js"


@functools.lru_cache(maxsize=65536)  # called for every word of every page; words repeat
def fold(word: str) -> str:
    """Lower case, without accents: "Gödel" → "godel", "Straße" → "strasse"."""
    # Decomposed before and after lower-casing: "𝐀" is "A" before it is "a", "İ" is "i" + a dot.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", word).lower())
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return bare.translate(_FOLD_TABLE)


def split_words(text: str) -> list[str]:
    """Words as the index and the search box see them: "C++17 in 2021" → C++, 17, in, 2021."""
    words = []
    for match in WORD.finditer(unicodedata.normalize("NFC", text)):
        word = match.group()
        if word[-1] in "+#" and len(word.rstrip("+#")) > 1:  # "Notepad++" is "Notepad"
            word = word.rstrip("+#")
        words.append(word)
    return words


class AcademicLanguage(SearchLanguage):
    """Mixed in before a Sphinx search language: keeps numbers, "C++" and folds accents.

    Use :func:`academic_language` to make the concrete class for a language.
    """

    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return split_words(input)

    def stem(self, word: str) -> str:
        # Snowball stemming is slow, and the same words come back on every page and build.
        stems: dict[str, str] = self.__dict__.setdefault("_academic_stems", {})
        if word not in stems:
            folded = fold(word)
            # The stemmer is for words; "c++", "2021" and "d3pm" stay as they are.
            stems[word] = super().stem(folded) if folded.isalpha() else folded
        return stems[word]

    def word_filter(self, word: str) -> bool:
        # Sphinx drops numbers (word.isdigit()); a year or a course number is worth finding.
        # Sphinx also retries a stop word unstemmed, and would index "A" and "In" that no query
        # can reach (the browser looks words up in lower case).
        return bool(word) and fold(word) not in self.stopwords


#: base language → its academic variant. A pure function's memo, no build's data: Sphinx keeps
#: search languages by code in one registry for the whole process, so every application that
#: registers "academic-en" must register the same class.
_made: dict[type[SearchLanguage], type[SearchLanguage]] = {}


def academic_language(base: type[SearchLanguage]) -> type[SearchLanguage]:
    """The class that indexes like ``base`` plus :class:`AcademicLanguage`'s changes.

    Its splitter replaces the base language's: right for languages written with spaces between
    words, not for Chinese or Japanese, whose Sphinx languages segment words themselves. Its
    code is the base's with a prefix ("academic-en"), so that other Sphinx projects in the same
    process keep theirs.
    """
    if base not in _made:
        _made[base] = type(f"Academic{base.__name__}", (AcademicLanguage, base),
                           {"lang": CODE_PREFIX + base.lang})
    return _made[base]


def base_language(code: str) -> type[SearchLanguage]:
    """The Sphinx search language for a code, as the HTML builder would choose it
    (:func:`.compat.search.search_language`: a copy of the builder's choice)."""
    return compat_search.search_language(code)


def use_academic_language(app: Sphinx, config: Config) -> None:
    """Point ``html_search_language`` at the academic variant of the site's search language."""
    if not config.academic_search:
        return
    code = (config.html_search_language or config.language or "en").removeprefix(CODE_PREFIX)
    language = academic_language(base_language(code))
    app.add_search_language(language)
    config.html_search_language = language.lang


# --- the index: key fields, object anchors -------------------------------------------------------


def key_fields(env: BuildEnvironment) -> dict[str, list[str]]:
    """docname → the texts a page is about, beyond its headings."""
    fields: dict[str, list[str]] = {}
    domain = academic_domain(env)
    for docname, key in domain.paper_pages().items():
        entry = domain.entries.get(key)
        if entry is not None:
            fields.setdefault(docname, []).extend(
                [a.name for a in entry.named_authors] + [entry.venue_text, str(entry.year)]
            )
    for docname, cards in project_domain(env).cards().items():
        for card in cards:
            fields.setdefault(docname, []).extend([card.name, *card.tags])
    return fields


def add_key_fields(indexer: IndexBuilder, fields: dict[str, list[str]]) -> None:
    """Index the key fields of each page as words of its title."""
    lang = indexer.lang
    tables = compat_search.index_tables(indexer)
    for docname, texts in fields.items():
        if not tables.titles.get(docname):  # not indexed (no title, or ``nosearch``)
            continue
        for text in texts:
            for word in lang.split(text):
                stemmed = lang.stem(word).lower()
                if not lang.word_filter(stemmed):
                    continue
                tables.title_mapping.setdefault(stemmed, set()).add(docname)
                # A title word is not repeated among the text words (as Sphinx does).
                in_text = tables.mapping.get(stemmed)
                if in_text is not None:
                    in_text.discard(docname)
                    if not in_text:
                        del tables.mapping[stemmed]


def drop_listed_papers(indexer: IndexBuilder, places: dict[str, dict[str, str]]) -> None:
    """Leave out of the search index the general-index entries (title, venue, year) that lead to
    a paper's entry in a list when the paper has a page of its own.

    The page is found by the same words (its title, and its key fields as title words), so these
    would be a second result for the same paper; at 2,000 entries they are a fifth of the
    index's download. The general index page keeps them (it is built from the environment's
    index entries, not from this table).
    """
    index_entries = compat_search.index_tables(indexer).index_entries
    for docname, anchors in places.items():
        entries = index_entries.get(docname)
        if entries:
            index_entries[docname] = [e for e in entries if e[1] not in anchors]


def tune_index(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Once every page is indexed and before the index is written: the key fields, and no
    second way to a paper that has its own page."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or not app.config.academic_search:
        return []
    add_key_fields(indexer, key_fields(app.env))
    drop_listed_papers(indexer, paper_places(app.env))
    return []  # html-collect-pages: no pages of our own


# --- the browser side ----------------------------------------------------------------------------


def paper_places(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """Where a paper is listed → its own page: {list page: {anchor: paper page}}."""
    domain = academic_domain(env)
    places: dict[str, dict[str, str]] = {}
    for key in sorted(domain.entries):
        page = domain.paper_page_of(key)
        listed = domain.list_place(key)
        if page and listed and listed.anchor:
            places.setdefault(listed.docname, {})[listed.anchor] = page
    return places


def add_search_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: nodes.document | None) -> None:
    """The keyboard shortcut on every page; the search tuning on the search page only.

    The builder's lists are this page's: ``app.add_js_file`` would register the script once
    more for every page written, for the rest of the application's life.
    """
    if not app.config.academic_search or app.builder.format != "html":
        return
    # Only HTML builders emit html-page-context; Builder itself has no asset lists.
    builder = cast(StandaloneHTMLBuilder, app.builder)
    builder.add_js_file(KEYS_JS, defer="defer")
    if templatename == "search.html":
        checksum = zlib.crc32(compat_search.SEARCH_SCRIPT.read_bytes())
        tuning = context["pathto"](f"_static/{SEARCH_JS}", resource=True) + f"?v={checksum:08x}"
        if app.config.html_theme == "furo":
            # Loaded by compat/templates/search.html for a query only (furo's blocks), in this
            # order; the file's checksum makes a changed file a new address for browsers.
            context["academic_search_scripts"] = [
                context["pathto"](name, resource=True) for name in (
                    "_static/searchtools.js", "_static/language_data.js",
                    "_static/sphinx_highlight.js")
            ] + [tuning, context["pathto"]("searchindex.js", resource=True)]
        else:
            # Deferred scripts run after the theme's searchtools.js, before the query.
            builder.add_js_file(SEARCH_JS, defer="defer")
        # Pages whose front matter says ``search_rank: last`` (documentation of the site itself)
        # are listed after every other result.
        context["academic_search_last"] = sorted(
            doc for doc, metadata in app.env.metadata.items()
            if metadata.get("search_rank") == "last")
        # Written into the page: a stylesheet of its own would be one more request before the
        # page shows, a round trip on a phone.
        context["academic_search_css"] = (STATIC / SEARCH_CSS).read_text(encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("config-inited", use_academic_language)
    app.connect("html-collect-pages", tune_index)
    app.connect("html-page-context", add_search_scripts)
