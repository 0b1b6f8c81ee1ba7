"""A page per paper, ``publications/<key>/``, rendered from the records as the site is written.

The pages have no source files: Sphinx would read, pickle and resolve every one of them on a
clean build, and load them with the environment on every rebuild. Measured against a generated
source file per paper (issue 27; the same pages but for white space, through Sphinx's reading):
a clean build of 300 entries took 18.3 s of CPU instead of 15.9 s (the bare stack: 12.4 s),
about 8 ms more per paper, mostly in Sphinx's reading of each document (its transforms,
settings and pickles), and no less on a one-page or one-entry rebuild. They are written in
``html-collect-pages`` from the checked records, through the builder's own page writer
(``handle_page``), so every ``html-page-context`` handler treats them as any page: furo draws
their shell, sphinxext-opengraph and :mod:`.seo` their description, :mod:`.scholar` their
Google Scholar tags, sphinx-sitemap lists them; and Sphinx's search index takes them in
(``index_page``).

A page shows the entry (with its ``summary`` field and abstract), the pages of the site that
cite it ("Discussed on", from sphinxcontrib-bibtex's ``cite`` domain), the entry as a plain-text
citation and as BibTeX, each with a copy button, and links to the previous and next paper of
the list.

An incremental build writes only the pages whose HTML may have changed (:func:`fingerprint`:
the entry's text and year label, its place in the list, the pages that cite it, its previous
and next papers, the navigation, the HTML configuration, or a new environment; and, as Sphinx
does for every page, a template newer than the page's file). The others
keep their files, and :mod:`.incremental` keeps their search-index entries. The fingerprint of
each page, with its Markdown for ``llms-full.txt``, is kept beside the doctrees and saved only
when the build succeeds.

Once the pages are written, they join the environment's documents until the build ends
(:func:`.compat.documents.join_documents`), because Sphinx cuts its search index down to the
documents just before it writes it, and lists every document with its title as a ``doc`` object. The
environment is saved before the pages are written, so they never reach the next build's. This
build's record of the pages is kept in the ``academic`` domain, for the same span.

Paper pages exist in the ``html`` and ``dirhtml`` builders; elsewhere a paper's links lead to
its place in the list. They are off the navigation tree: a site with 2,000 papers must not carry
2,000 links in every page's sidebar.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from pathlib import Path
from typing import Any, NamedTuple, cast

from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.util import logging

from ..bib import formats
from ..bib.display import display_of, sentences
from ..bib.model import Publication, marks_note
from ..bib.names import entry_names
from ..builder.incremental import navigation_shape
from ..citations import rich_text, styles
from ..compat import documents as compat_documents
from ..config import SITE_BUILDERS
from ..publications.copyable import copyable_block
from ..publications.domain import academic_domain
from ..publications.downloads import download_links
from ..publications.nodes import (
    NOT_PAGE_TEXT,
    authors_paragraph,
    link_local_files,
    links_paragraph,
    preview_nodes,
    preview_state,
    rendered,
    venue_paragraph,
)
from .exports import entry_exports
from .page_text import block_markdown

logger = logging.getLogger(__name__)

#: Beside the doctrees: page name → [fingerprint, Markdown] of the last successful build.
RECORD_FILE = "academic-paper-pages.json"
#: Heads the source files earlier versions of this extension generated for each paper: such a
#: file left in the folder would be read as a page of its own, so it is removed.
GENERATED_MARKER = "<!-- Generated from the BibTeX file by the academic extension. "

def page_record(env: BuildEnvironment) -> dict[str, list[str]]:
    """This build's record of the pages (page name → [fingerprint, Markdown]), saved at the end
    of a successful build."""
    record: dict[str, list[str]] = academic_domain(env).data["paper_page_record"]
    return record


def plan_pages(app: Sphinx) -> None:
    """Name every paper's page, once the BibTeX file is loaded and before any page is read."""
    page_record(app.env).clear()
    folder = app.config.academic_paper_pages_dir.strip("/")
    pages = {}
    if folder and app.builder.name in SITE_BUILDERS:
        names = entry_names(academic_domain(app.env).entries)
        pages = {f"{folder}/{name.page}": key for key, name in names.items()}
    academic_domain(app.env).set_paper_pages(pages)
    if folder:
        remove_generated_sources(Path(app.srcdir) / folder)


def remove_generated_sources(folder: Path) -> None:
    for path in folder.glob("*.md"):
        with path.open(encoding="utf-8", errors="replace") as file:
            if GENERATED_MARKER in file.read(len(GENERATED_MARKER) + 64):
                path.unlink()


def check_names(app: Sphinx, env: BuildEnvironment) -> None:
    """A page of the site where a paper's page would go keeps its place; the paper gets none."""
    domain = academic_domain(env)
    for pagename, key in sorted(domain.paper_pages().items()):
        if pagename in env.found_docs:
            logger.warning(f"this page has the name of the page of the BibTeX entry {key!r} "
                           f"(line {domain.entries[key].line}), which would replace it; rename "
                           "the file or the BibTeX key",
                           location=pagename, type="academic", subtype="pages")
            domain.drop_paper_page(pagename)


# --- one page -------------------------------------------------------------------------------


class Neighbours(NamedTuple):
    """What a paper page shows of the rest of the site: the pages that cite it, and the papers
    before and after it in the list (page name and title), all known once every page is read."""

    citing: tuple[tuple[str, str], ...]
    previous: tuple[str, str] | None
    next: tuple[str, str] | None


def summary_of(entry: Publication) -> str:
    """The entry's one-sentence summary: the ``summary`` field, in the site's own words."""
    return " ".join(entry.fields.get("summary", "").split())


def citation_text(entry: Publication) -> str:
    """The entry as a plain-text reference to paste: "A, B, and C. Title. Venue, 2021.": the
    model's byline (the names as published) and venue line."""
    model = display_of(entry)
    text = sentences([model.byline, entry.title_text, model.venue_line()])
    # The DOI bare: a field may give it as its address already ("https://doi.org/10…").
    return f"{text} {model.doi_address}" if model.doi else text


def abstract_section(entry: Publication) -> nodes.section:
    """The abstract, a paragraph for each of its own (the page's and llms-full.txt's)."""
    abstract = nodes.section(ids=["abstract"])
    abstract += nodes.title("Abstract", "Abstract")
    for text in entry.abstract.split("\n\n"):
        abstract += nodes.paragraph(text, text)
    return abstract


def page_link(app: Sphinx, pagename: str, target: str, title: str) -> nodes.reference:
    uri = app.builder.get_relative_uri(pagename, target)
    return nodes.reference(title, title, internal=True, refuri=uri)


def paper_document(app: Sphinx, pagename: str, entry: Publication, anchor: str,
                   around: Neighbours) -> nodes.document:
    """Every detail of one entry: title, authors, venue, links, what it is about, where the
    site discusses it, and how to cite it; ``anchor`` is the entry's id (its
    :class:`.names.EntryNames`)."""
    section = nodes.section(ids=[anchor],
                            classes=["academic-paper"])
    section += nodes.title("", "", *rendered(rich_text.rich(entry.title)))
    section += preview_nodes(entry)
    section += authors_paragraph(entry)
    section += venue_paragraph(entry)
    links = links_paragraph(entry)
    if links is not None:
        section += links
    summary = summary_of(entry)
    if summary:
        section += nodes.paragraph(summary, summary, classes=["academic-summary"])
    note = marks_note([entry])
    if note:
        section += nodes.paragraph(note, note, classes=["academic-note"])
    if entry.abstract:
        section += abstract_section(entry)
    if around.citing:
        discussed = nodes.section(ids=["discussed-on"])
        discussed += nodes.title("Discussed on", "Discussed on")
        pages = nodes.bullet_list(classes=["academic-discussed"])
        for docname, title in around.citing:
            pages += nodes.list_item("", nodes.paragraph(
                "", "", page_link(app, pagename, docname, title)))
        discussed += pages
        section += discussed
    cite = nodes.section(ids=["cite"])
    cite += nodes.title("Cite", "Cite")
    # The texts the paper's own files give (.exports): made once for both.
    made = entry_exports(entry)
    for caption, text, label, language in (
            ("Plain text", citation_text(entry), "Copy the citation", ""),
            ("BibTeX", made.bibtex, "Copy the BibTeX", "bibtex")):
        cite += nodes.paragraph(caption, caption, classes=["academic-copy-caption"])
        cite += copyable_block(text=text, label=label, language=language, wrap=not language)
    # The other formats closed, each as its file says it (the RIS's lines ending as the page's
    # do, not in its file's CR LF): a reference manager's own import reads them; the page's
    # Markdown (llms-full.txt) keeps the BibTeX alone.
    for caption, text, language in (("RIS", made.ris, ""),
                                    ("CSL-JSON", formats.csl_file([made.csl]), "json")):
        cite += copyable_block(text=text.rstrip("\n"), label=f"Copy the {caption}",
                               language=language, disclosure=caption,
                               classes=["no-search", NOT_PAGE_TEXT])
    cite += download_links(stem=posixpath.basename(pagename), lead="Download:")
    place = academic_domain(app.env).list_place(entry.key)
    if place is not None:
        uri = app.builder.get_relative_uri(pagename, place.docname)
        back = nodes.reference("", "See it in the list of all publications", internal=True,
                               refuri=f"{uri}#{place.anchor}" if place.anchor else uri,
                               reftitle=f"{entry.title_text} ({display_of(entry).year_text})")
        cite += nodes.paragraph("", "", back, classes=["academic-back"])
    section += cite
    document = new_document(pagename, cast(StandaloneHTMLBuilder, app.builder).docsettings)
    # No smart quotes: the entry's text as written, as every other output gives it
    # (publications.nodes.as_written). The titles "Discussed on" lists are the pages' own,
    # with the quotes Sphinx gave them as it read those pages.
    document += section
    link_local_files(app, document, pagename)
    return document


def related(app: Sphinx, pagename: str, page: tuple[str, str] | None) -> dict[str, str] | None:
    """furo's "previous / next" link at the foot of the page."""
    if page is None:
        return None
    return {"link": app.builder.get_relative_uri(pagename, page[0]),
            "title": html.escape(page[1])}


def write_page(app: Sphinx, pagename: str, entry: Publication, anchor: str,
               around: Neighbours) -> nodes.document:
    """Render the page as Sphinx renders a document (:func:`.compat.documents.render_body`),
    and index it for search."""
    builder = cast(StandaloneHTMLBuilder, app.builder)
    document = paper_document(app, pagename, entry, anchor, around)
    metatags, body = compat_documents.render_body(builder, pagename, document)
    context: dict[str, Any] = {
        "parents": [], "prev": related(app, pagename, around.previous),
        "next": related(app, pagename, around.next), "rellinks": [],
        "title": html.escape(entry.title_text), "meta": {},
        "metatags": metatags,
        "body": body,
        "sourcename": "", "page_source_suffix": "", "toc": "", "display_toc": False,
        "has_maths_elements": False,
    }
    builder.handle_page(pagename, context, "page.html", event_arg=document)
    builder.index_page(pagename, document, entry.title_text)
    return document


def neighbours(app: Sphinx, pages: dict[str, str]) -> dict[str, Neighbours]:
    """Each paper page's citing pages and neighbours, looked up once for every page."""
    domain = academic_domain(app.env)
    cite_domain = app.env.get_domain("cite")
    citing = cite_domain.citing_pages() if hasattr(cite_domain, "citing_pages") else {}
    titles = app.env.titles
    page_of = {key: pagename for pagename, key in pages.items()}
    # The entries in the files' order, sorted stably: the list's order.
    order = sorted(((page_of[key], entry) for key, entry in domain.entries.items()
                    if key in page_of), key=lambda item: styles.newest_first(item[1]))
    named = [(pagename, entry.title_text) for pagename, entry in order]
    result = {}
    for index, (pagename, entry) in enumerate(order):
        key = entry.key
        cited_on = sorted(docname for docname in citing.get(key, ())
                          if docname in titles and docname != pagename)
        result[pagename] = Neighbours(
            tuple((docname, titles[docname].astext()) for docname in cited_on),
            named[index - 1] if index > 0 else None,
            named[index + 1] if index + 1 < len(named) else None,
        )
    return result


# --- every page, incrementally ----------------------------------------------------------------


def build_stamp(app: Sphinx) -> str:
    """What every paper page's HTML depends on besides its entry: the navigation (every
    sidebar), the HTML configuration and tags (Sphinx's own test for rewriting every page), and
    the versions of the extensions and theme that draw it (with their environment versions:
    this extension's changes with its own files, see
    :func:`academic.builder.incremental.source_version`)."""
    versions = sorted((name, str(extension.version),
                       str(extension.metadata.get("env_version", "")))
                      for name, extension in app.extensions.items())
    parts = [versions, *compat_documents.build_info_hashes(app.builder),
             repr(navigation_shape(app.env))]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def fingerprint(app: Sphinx, stamp: str, pagename: str, key: str, around: Neighbours) -> str:
    """What the page shows: the entry, its place in the list, and the pages around it (those
    that cite it and the previous and next papers, with their titles)."""
    domain = academic_domain(app.env)
    place = domain.list_place(key)
    parts = [stamp, pagename, key, domain.data["digests"].get(key, ""),
             list(place) if place else None, preview_state(app, domain.entries.get(key)),
             around]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def record_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / RECORD_FILE


def load_record(app: Sphinx) -> dict[str, list[str]]:
    """The last successful build's record of the pages it wrote."""
    try:
        record: dict[str, list[str]] = json.loads(record_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record


def write_pages(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Write the pages that may have changed; remove those of entries no longer there."""
    if app.builder.name not in SITE_BUILDERS:
        return []
    builder = cast(StandaloneHTMLBuilder, app.builder)
    domain = academic_domain(app.env)
    pages = domain.paper_pages()
    previous = load_record(app)
    record = page_record(app.env)
    # A new environment (conf.py changed, or -E): every page is written again.
    new_environment = app.env.config_status != CONFIG_OK
    # A template changed since a page was written: the page is written again (Sphinx's rule).
    templates = builder.templates.newest_template_mtime() if builder.templates else 0.0
    stamp = build_stamp(app)
    around = neighbours(app, pages)
    # Named once for every page: naming takes every key of the bibliography.
    names = entry_names(domain.entries)
    for pagename, key in sorted(pages.items()):
        mark = fingerprint(app, stamp, pagename, key, around[pagename])
        old = previous.get(pagename)
        output = Path(builder.get_outfilename(pagename))
        if (old and old[0] == mark and not new_environment and output.is_file()
                and output.stat().st_mtime >= templates):
            record[pagename] = old
            continue
        document = write_page(app, pagename, domain.entries[key], names[key].anchor,
                              around[pagename])
        record[pagename] = [mark, "\n\n".join(block_markdown(document, 0))]
    for pagename in sorted(previous.keys() - pages.keys()):
        output = Path(builder.get_outfilename(pagename))
        output.unlink(missing_ok=True)
        if output.name == "index.html" and output.parent.is_dir() and not any(
                output.parent.iterdir()):
            output.parent.rmdir()
    # Documents for the rest of the build: kept in the search index (see the docstring).
    compat_documents.join_documents(app.env, {pagename: domain.entries[key].title_text
                                    for pagename, key in pages.items()})
    return []  # the pages are written: nothing for Sphinx to write


def page_markdown(env: BuildEnvironment) -> dict[str, str]:
    """page name → the page as Markdown, for llms-full.txt (after the pages are written)."""
    return {pagename: markdown for pagename, (_, markdown) in sorted(page_record(env).items())}


def save_record(app: Sphinx, exception: Exception | None) -> None:
    compat_documents.leave_documents(app.env, academic_domain(app.env).paper_pages())
    if exception is None and app.builder.name in SITE_BUILDERS:
        record_path(app).parent.mkdir(parents=True, exist_ok=True)
        record_path(app).write_text(json.dumps(page_record(app.env), sort_keys=True),
                                    encoding="utf-8")


def setup(app: Sphinx) -> None:
    # After the BibTeX file is loaded (priority 400).
    app.connect("builder-inited", plan_pages, priority=450)
    app.connect("env-updated", check_names)
    # Before the search index is completed (incremental, 450; search, 500).
    app.connect("html-collect-pages", write_pages, priority=400)
    app.connect("build-finished", save_record)
