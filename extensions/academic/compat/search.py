"""Sphinx's search, where its public hooks do not reach: its index builder's tables, its
choice of language and its reading of the last build's index, copied; and the browser side,
``static/academic-search.js``, which replaces members of ``searchtools.js``.

Each entry says what it relies on and the supported alternative; ``tests/test_compat.py``
holds their contract tests.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError
from sphinx.search import SearchLanguage, languages  # languages: read, never written
from sphinx.search.en import SearchEnglish

#: The search page's script, ``academic-search.js`` (loaded on ``search.html`` only). It
#: replaces seven members of ``searchtools.js`` and ``language_data.js`` (``Stemmer``,
#: ``Search._parseQuery``, ``Search.performTermsSearch``, ``Scorer.score``,
#: ``Search._performSearch``, ``Search.performSearch`` and ``Search.query``) and reads the
#: loaded index as ``Search._index`` (checked on Sphinx 9.0), whose words it also scans for
#: the nearest to a misspelt word of a query. Splitting is the search language's public hook
#: (``js_splitter_code``, ``search/tuning.py``). Alternative, none for the rest:
#:
#: * ``Stemmer`` (accents folded before stemming): ``js_stemmer_code`` is ignored for a language
#:   with ``js_stemmer_rawcode``, as every Snowball language has (``IndexBuilder
#:   .get_js_stemmer_code``), so a language cannot wrap its stemmer without copying Sphinx's
#:   minified stemmer files;
#: * ``Scorer.score`` (``html_search_scorer``) is given a result and not the query, and the
#:   ranking is by what the query is ("a name that is the query");
#: * ``_parseQuery`` drops numbers, ``performTermsSearch`` lets through a page without a short
#:   word of the query, and the result layout, the snippets, one result per paper and the
#:   correction of a misspelt query (it needs the index's words, and a line above the results)
#:   have no hook in ``searchtools.js``.
SEARCH_SCRIPT = Path(__file__).parent / "static" / "academic-search.js"


def search_language(code: str) -> type[SearchLanguage]:
    """The Sphinx search language for a code, as the HTML builder would choose it.

    Copied from ``IndexBuilder.__init__`` (Sphinx 9.0): the code, then its part before "_",
    else English; a registered dotted path is imported.
    Alternative: none public; the builder makes its language from ``html_search_language``
    only once it writes the index, after ``config-inited``, where the site's language is
    wrapped (``search/tuning.py``).
    """
    found = languages.get(code)
    if found is None and "_" in code:
        found = languages.get(code.partition("_")[0])
    if found is None:
        return SearchEnglish
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(import_module(module), name)
    return found


def restore_index_tables(indexer: Any, frozen: dict[str, Any], pages: Set[str],
                         entries_of: Set[str]) -> None:
    """Put back into the index builder's tables what ``frozen`` (the last build's
    ``searchindex.js``, as ``js_index.load`` reads it) has for ``pages`` (everything) and
    ``entries_of`` (the general-index entries only).

    Copied in part from ``IndexBuilder.load`` (Sphinx 9.0), which reads the titles, file names,
    section titles and words of every page but not the general-index entries, and replaces the
    tables rather than adding to them; the entries are read back from the format ``freeze``
    writes them in. Relies on the tables of :func:`index_tables`.
    Alternative: none public; Sphinx keeps the index entries of the pages it writes only, and
    knows nothing of pages written without a source (the paper pages).
    """
    tables = index_tables(indexer)
    docnames = frozen["docnames"]
    wanted = {i: doc for i, doc in enumerate(docnames) if doc in pages}
    for i, doc in wanted.items():
        tables.titles[doc] = frozen["titles"][i]
        tables.filenames[doc] = frozen["filenames"][i]
        tables.all_titles[doc] = []
    for title, places in frozen["alltitles"].items():
        for i, anchor in places:
            if i in wanted:
                tables.all_titles[wanted[i]].append((title, anchor))
    for mapping, terms in ((tables.mapping, frozen["terms"]),
                           (tables.title_mapping, frozen["titleterms"])):
        for word, found in terms.items():
            for i in [found] if isinstance(found, int) else found:
                if i in wanted:
                    mapping.setdefault(word, set()).add(wanted[i])
    with_entries = {i: doc for i, doc in enumerate(docnames) if doc in pages | entries_of}
    for entry, places in frozen["indexentries"].items():
        for i, anchor, main in places:
            if i in with_entries:
                tables.index_entries.setdefault(with_entries[i], []).append(
                    (entry, anchor, "main" if main else ""))


@dataclass
class IndexTables:
    """The tables of Sphinx's ``IndexBuilder`` (``sphinx.search``), the very dicts it writes
    ``searchindex.js`` from: changing one changes the index."""

    #: docname → the page's title (``IndexBuilder._titles``).
    titles: dict[str, str]
    #: docname → its source file name (``_filenames``).
    filenames: dict[str, str]
    #: docname → [(section title, anchor)] (``_all_titles``).
    all_titles: dict[str, list[tuple[str, str | None]]]
    #: stemmed word → docnames whose text has it (``_mapping``).
    mapping: dict[str, set[str]]
    #: stemmed word → docnames whose titles have it (``_title_mapping``).
    title_mapping: dict[str, set[str]]
    #: docname → [(entry, anchor, "main" or "")], its general-index entries (``_index_entries``).
    index_entries: dict[str, list[tuple[str, str, str]]]

INDEX_TABLES = {"titles": "_titles", "filenames": "_filenames", "all_titles": "_all_titles",
                "mapping": "_mapping", "title_mapping": "_title_mapping",
                "index_entries": "_index_entries"}


def index_tables(indexer: Any) -> IndexTables:
    """The search index builder's tables, to add words to a page and to put back what the last
    build's index had for the pages this build did not write.

    Relies on: ``IndexBuilder``'s private attributes of :data:`INDEX_TABLES` and their shapes
    (checked on Sphinx 9.0), which ``IndexBuilder.load`` fills from ``searchindex.js`` and
    ``freeze`` writes back.
    Alternative: none public. Sphinx has no hook to add words to a page, and keeps the general
    index entries of the pages it writes only; without this, every page would have to be
    written on every build, and key fields would go into the page's text.
    """
    missing = [name for name in INDEX_TABLES.values() if not hasattr(indexer, name)]
    if missing:
        raise ExtensionError(
            f"sphinx.search.IndexBuilder has no {', '.join(missing)} any more: this Sphinx "
            "changed the search index's tables; adapt academic.compat.search.index_tables")
    return IndexTables(**{field: getattr(indexer, name) for field, name in INDEX_TABLES.items()})
