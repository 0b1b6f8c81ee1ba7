"""Files Sphinx's HTML builder writes into the output folder and lists nowhere, which the
deletions of :mod:`.builder.deletions` must know to leave a clean build's files and remove
the rest: the copies of the pages' sources, and the last build's information kept aside.

Each entry says what it relies on (checked on the versions ``uv.lock`` pins) and the supported
alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Where Sphinx's HTML builder copies the pages' sources ("show source").
SOURCES_FOLDER = "_sources"

#: Sphinx's copy of the last build's ``.buildinfo``: made when an HTML setting changed
#: (``html_baseurl``, ``html_title``, ``bibtex_bibfiles``…), and never removed.
#: Relies on: ``StandaloneHTMLBuilder.get_outdated_docs`` moving a mismatching ``.buildinfo``
#: there (Sphinx 8.1 on; checked on Sphinx 9.0). Alternative: none; no build of the site ever
#: reads it, and a clean build has none.
BUILD_INFO_BACKUP = ".buildinfo.bak"


def copies_sources(app: Sphinx) -> bool:
    """Whether the builder writes the pages' sources under :data:`SOURCES_FOLDER` (and makes
    the folder, empty or not).

    Relies on: the HTML builders' ``copysource`` class attribute, which ``handle_page`` reads
    before it copies a page's source (checked on Sphinx 9.0).
    Alternative: none public; ``html_copy_source`` alone is not enough, as a builder may
    copy no source whatever it says (``singlehtml``).
    """
    return bool(getattr(app.builder, "copysource", False))


def source_copies(app: Sphinx) -> set[str]:
    """The copies of the pages' sources this build's pages have (``html_copy_source``), as
    paths under :data:`SOURCES_FOLDER`.

    Relies on: ``StandaloneHTMLBuilder.get_doc_context`` naming a page's copy by its name, its
    source suffix, then ``html_sourcelink_suffix`` unless that is the source suffix already
    (checked on Sphinx 9.0).
    Alternative: none public; Sphinx lists the copies nowhere.
    """
    if not (copies_sources(app) and app.config.html_copy_source):
        return set()
    suffix = app.config.html_sourcelink_suffix
    found = set()
    for docname in app.env.found_docs:
        source_suffix = str(app.env.doc2path(docname, False))[len(docname):]
        found.add(docname + source_suffix + ("" if source_suffix == suffix else suffix))
    return found
