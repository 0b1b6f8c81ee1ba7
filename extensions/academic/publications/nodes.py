"""One entry as docutils nodes: title, authors, venue, badges and its BibTeX.

The text comes from the citation style's rich text (:mod:`.styles`), rendered by pybtex's
docutils backend, so the publications list, a paper's page and a stock ``bibliography``
directive write authors, venues and years alike. Each part is a paragraph of its own class,
which the site's CSS lays out.

In HTML, the lists fold long author lists into an "and 8 more" ``<details>`` and open the
BibTeX from a badge at the end of the row of links; both work without JavaScript. ``<details>``
may not stand inside a ``<p>``, so such an author line is a ``<div>`` (:class:`author_line`),
and the row of badges a ``<div>`` holding their paragraph and the disclosure. Every other output
format gets ordinary paragraphs, the whole author list and a literal block of BibTeX.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from docutils import nodes
from pybtex.richtext import BaseText
from pybtex_docutils import Backend
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import get_image_size
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from .. import config
from ..bib import formats
from ..bib.display import display_of
from ..bib.model import Link, Publication
from ..citations import rich_text
from .domain import publication_xref

BACKEND = Backend()
#: The class of what a reader does not take for the page's own text: a documentation example
#: (an example project card), a copy in another format (a paper's RIS and CSL-JSON). Left out
#: of the page's Markdown (llms-full.txt, :mod:`.site.page_text`), as "no-search" leaves a node
#: out of Sphinx's search index; a list the search leaves out because it repeats another
#: page's facts (the CV's, the home page's selected papers) is still the page's text.
NOT_PAGE_TEXT = "academic-not-page-text"


def rendered(text: BaseText) -> list[nodes.Node]:
    parts: list[nodes.Node] = text.render(BACKEND)  # pybtex-docutils' backend: docutils nodes
    return parts


Element = TypeVar("Element", bound=nodes.Element)


def as_written(node: Element) -> Element:
    """``node`` with its text shown as the source writes it: Sphinx's smart quotes left out.

    An entry's text is data, which the feed, the Scholar tags, the JSON-LD, llms.txt, the
    exports and the PDF give as written ('"Straight" quotes...'); the page must not show
    another text ('“Straight” quotes…'). LaTeX's own quotes (``` ``a'' ```) are typographic
    in the model already, for every output alike.
    """
    node["support_smartquotes"] = False
    return node


def title_paragraph(entry: Publication, *, link_to_page: bool) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["academic-title"])
    title = rendered(rich_text.rich(entry.title))
    if link_to_page:
        # Sphinx resolves a reference around its first child only: keep the title in one node.
        paragraph += publication_xref(entry.key, nodes.inline("", "", *title), page=True)
    else:
        paragraph += title
    return paragraph


class author_line(nodes.General, nodes.TextElement):  # noqa: N801 (docutils names nodes so)
    """An author list with folded names: a ``<div>`` in HTML, a paragraph elsewhere."""


def abbr_paragraph(entry: Publication) -> nodes.paragraph | None:
    """The entry's chip (al-folio's venue abbreviation, "NeurIPS", else its kind, "arXiv"), in a
    column of its own before the title. A paragraph of its own, so that the title's element
    holds the title alone; an entry without one keeps the column empty, so titles align."""
    chip = display_of(entry).chip
    if not chip:
        return None
    return nodes.paragraph(chip, chip, classes=["academic-abbr"])


def authors_paragraph(entry: Publication, *, max_authors: int = 0) -> nodes.TextElement:
    """The authors, every one of them, or at most ``max_authors`` names, the owner kept."""
    children = rendered(rich_text.authors_text(entry, max_authors=max_authors))
    folded = any(isinstance(child, rich_text.more_authors) for child in children)
    line = author_line if folded else nodes.paragraph
    return line("", "", *children, classes=["academic-authors"])


def venue_paragraph(entry: Publication) -> nodes.paragraph:
    return nodes.paragraph("", "", *rendered(rich_text.venue_text(entry)),
                           classes=["academic-venue"])


def links_paragraph(entry: Publication, *,
                    classes: tuple[str, ...] = ("academic-links",)) -> nodes.paragraph | None:
    if not entry.links:
        return None
    paragraph = nodes.paragraph(classes=list(classes))
    for link in entry.links:
        if link.local:  # the address depends on the page: set once the page is resolved
            reference = nodes.reference(link.label, link.label, refuri=link.url,
                                        academic_file=link.url, classes=["academic-badge"])
        else:
            reference = nodes.reference(link.label, link.label, refuri=link.url,
                                        classes=["academic-badge"])
        paragraph += reference
        paragraph += nodes.Text(" ")
    paragraph.pop()
    return paragraph


def badge_row(entry: Publication) -> nodes.container:
    """The badges and, as the row's last badge, the BibTeX disclosure opening below the row."""
    row = nodes.container(classes=["academic-links"])
    badges = links_paragraph(entry, classes=("academic-badges",))
    if badges is not None:
        row += badges
    # The BibTeX a paper's page and its .bib file give (an open byline ends in "and others").
    row += bibtex_block(bibtex=formats.bibtex_entry(entry), badge=True)
    return row


def static_url(app: Sphinx, folder_setting: str) -> str | None:
    """Where a folder of the sources is in the output ("_static/papers"), if it is in a folder
    of ``html_static_path`` (else it is not copied, and None)."""
    folder = (Path(app.srcdir) / folder_setting).resolve()
    for static in app.config.html_static_path:
        root = (Path(app.confdir) / static).resolve()
        if folder == root or root in folder.parents:
            return "/".join(("_static", *folder.relative_to(root).parts))
    return None


def papers_url(app: Sphinx) -> str | None:
    """Where the papers folder is in the output ("_static/papers"), if it is a static folder."""
    return static_url(app, app.config.academic_paper_files_dir)


def site_files(app: Sphinx, entry: Publication) -> tuple[Link, ...]:
    """The entry's own files on the site (al-folio's ``pdf = {paper.pdf}``), each at its full
    address, for what machines read (Scholar's PDF, JSON-LD's ``sameAs``, ``llms.txt``): none
    without the site's address, or where the papers folder is not published. The folder is
    looked up on disk only for an entry that has such a file: few of 2,000 have one."""
    local = [link for link in entry.links if link.local]
    folder = papers_url(app) if local else None
    base = config.base_url(app)
    if not (folder and base):
        return ()
    return tuple(Link(link.label, f"{base}{folder}/{quote(link.url)}") for link in local)


def link_local_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point the badges of a site's own files (al-folio's ``pdf = {paper.pdf}``) at them, and
    the thumbnails at their images, with the images' sizes."""
    html = app.builder.format == "html"
    # Where the folders are is looked up only for a page that links a file or shows a
    # thumbnail: it resolves paths on disk, and most of 2,000 paper pages do neither.
    files = [node for node in doctree.findall(nodes.reference) if "academic_file" in node]
    base = papers_url(app) if html and files else None
    for node in files if base is not None else ():
        node["refuri"] = relative_uri(app.builder.get_target_uri(docname),
                                      f"{base}/{node['academic_file']}")
    shown = list(doctree.findall(entry_preview))
    previews = static_url(app, app.config.academic_previews_dir) if html and shown else None
    for preview in shown:
        image = Path(app.srcdir) / app.config.academic_previews_dir / preview["file"]
        if previews is None or not config.is_file(image):  # reported in the build's summary
            preview.parent.remove(preview)
            continue
        preview["uri"] = relative_uri(app.builder.get_target_uri(docname),
                                      f"{previews}/{preview['file']}")
        size = get_image_size(str(image))
        if size is not None:
            preview["width"], preview["height"] = size


def preview_state(app: Sphinx, entry: Publication | None) -> list[int] | None:
    """When and how big the entry's thumbnail image was last changed, for an incremental build
    to tell that a page showing it must be written again (its size is in the page)."""
    if entry is None or entry.preview is None:
        return None
    try:
        stat = (Path(app.srcdir) / app.config.academic_previews_dir / entry.preview.url).stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


class entry_preview(nodes.General, nodes.Element):
    """al-folio's thumbnail of an entry (``preview = {figure.png}``): HTML pages only."""


def preview_nodes(entry: Publication) -> list[nodes.Node]:
    """The entry's thumbnail, if it has one: its image is found once the page is resolved."""
    if entry.preview is None:
        return []
    return [entry_preview(file=entry.preview.url, alt=entry.title_text)]


def visit_preview_html(translator: HTML5Translator, node: entry_preview) -> None:
    size = "".join(f' {name}="{int(node[name])}"' for name in ("width", "height")
                   if name in node)
    translator.body.append(
        f'<img class="academic-preview" src="{html.escape(node["uri"])}"{size} '
        f'alt="{html.escape(node["alt"])}" loading="lazy" decoding="async">'
    )
    raise nodes.SkipNode


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def summary_nodes(entry: Publication, *, link_to_page: bool, max_authors: int = 0,
                  bibtex: bool = False) -> list[nodes.Node]:
    """Title, authors, venue and badges: how an entry is shown in every list; with
    ``bibtex``, the BibTeX badge ends the row."""
    chip = abbr_paragraph(entry)
    parts: list[nodes.Node] = [*([chip] if chip else []),
                               title_paragraph(entry, link_to_page=link_to_page),
                               authors_paragraph(entry, max_authors=max_authors),
                               venue_paragraph(entry)]
    if bibtex:
        parts.append(badge_row(entry))
    elif (links := links_paragraph(entry)) is not None:
        parts.append(links)
    for part in parts:
        if isinstance(part, nodes.Element):
            as_written(part)
    return parts


class bibtex_block(nodes.General, nodes.Element):
    """A BibTeX entry in a disclosure: ``<details>`` in HTML, a literal block elsewhere."""


def visit_bibtex_html(translator: HTML5Translator, node: bibtex_block) -> None:
    summary = ' class="academic-badge"' if node.get("badge") else ""
    # A long line scrolls sideways: a keyboard reaches the code to scroll it, as it does a
    # copyable block's (:mod:`.copyable`).
    translator.body.append(
        f'<details class="academic-bibtex"><summary{summary}>BibTeX</summary>'
        f'<pre tabindex="0"><code>{html.escape(node["bibtex"])}</code></pre></details>\n'
    )
    raise nodes.SkipNode


def visit_author_line_html(translator: HTML5Translator, node: author_line) -> None:
    translator.body.append(translator.starttag(node, "div", ""))


def depart_author_line_html(translator: HTML5Translator, node: author_line) -> None:
    translator.body.append("</div>\n")


def visit_more_authors_html(translator: HTML5Translator, node: rich_text.more_authors) -> None:
    # The summary holds its separator, and hides once open (academic.css): the opened line
    # reads as one list, "A, B, and C", not "A and 2 more B, and C".
    translator.body.append(
        '<details class="academic-more"><summary>'
        f'<span class="academic-more-lead">{html.escape(node["folded_lead"])}</span>'
        f'<span class="academic-more-count">{html.escape(node["summary"])}</span></summary>'
        f'<span class="academic-more-names">{html.escape(node["lead"])}')


def depart_more_authors_html(translator: HTML5Translator, node: rich_text.more_authors) -> None:
    translator.body.append("</span></details>")


class BibtexAsLiteral(SphinxPostTransform):
    """Builders other than HTML show a BibTeX disclosure as an ordinary literal block."""

    default_priority = 200
    #: Every output format of Sphinx's own builders but HTML's.
    formats = ("latex", "text", "man", "texinfo", "xml", "pseudoxml", "gettext")

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(bibtex_block)):
            block = nodes.literal_block(node["bibtex"], node["bibtex"], language="bibtex")
            node.replace_self(block)


class AuthorsInFull(SphinxPostTransform):
    """Builders other than HTML show a folded author list whole, in a paragraph."""

    default_priority = 200
    formats = BibtexAsLiteral.formats

    def run(self, **kwargs: Any) -> None:
        for folded in list(self.document.findall(rich_text.more_authors)):
            folded.replace_self([nodes.Text(folded["lead"]), *folded.children])
        for line in list(self.document.findall(author_line)):
            line.replace_self(nodes.paragraph(line.rawsource, "", *line.children,
                                              classes=line["classes"]))


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", link_local_files)
    app.add_node(bibtex_block, html=(visit_bibtex_html, None))
    app.add_node(author_line, html=(visit_author_line_html, depart_author_line_html))
    app.add_node(rich_text.more_authors, html=(visit_more_authors_html, depart_more_authors_html))
    skip = (skip_node, None)
    app.add_node(entry_preview, html=(visit_preview_html, None), latex=skip, text=skip, man=skip,
                 texinfo=skip)
    app.add_post_transform(BibtexAsLiteral)
    app.add_post_transform(AuthorsInFull)
