"""One entry as docutils nodes: title, authors, venue, badges and its BibTeX.

The text comes from the citation style's rich text (:mod:`.styles`), rendered by pybtex's
docutils backend, so the publications list, a paper's page and a stock ``bibliography``
directive write authors, venues and years alike. Each part is a paragraph of its own class,
which the site's CSS lays out.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from pybtex.richtext import BaseText
from pybtex_docutils import Backend
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from . import styles
from .bibliography import Publication
from .domain import publication_xref

BACKEND = Backend()


def rendered(text: BaseText) -> list[nodes.Node]:
    return text.render(BACKEND)


def title_paragraph(entry: Publication, *, link_to_page: bool) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["academic-title"])
    title = rendered(styles.rich(entry.title))
    if link_to_page:
        # Sphinx resolves a reference around its first child only: keep the title in one node.
        paragraph += publication_xref(entry.key, nodes.inline("", "", *title), page=True)
    else:
        paragraph += title
    return paragraph


def authors_paragraph(entry: Publication) -> nodes.paragraph:
    return nodes.paragraph("", "", *rendered(styles.authors_text(entry)),
                           classes=["academic-authors"])


def venue_paragraph(entry: Publication) -> nodes.paragraph:
    return nodes.paragraph("", "", *rendered(styles.venue_text(entry)),
                           classes=["academic-venue"])


def links_paragraph(entry: Publication) -> nodes.paragraph | None:
    if not entry.links:
        return None
    paragraph = nodes.paragraph(classes=["academic-links"])
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


def papers_url(app: Sphinx) -> str | None:
    """Where the papers folder is in the output ("_static/papers"), if it is a static folder."""
    folder = (Path(app.srcdir) / app.config.academic_paper_files_dir).resolve()
    for static in app.config.html_static_path:
        root = (Path(app.confdir) / static).resolve()
        if folder == root or root in folder.parents:
            return "/".join(("_static", *folder.relative_to(root).parts))
    return None


def link_local_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point the badges of a site's own files (al-folio's ``pdf = {paper.pdf}``) at them."""
    base = papers_url(app) if app.builder.format == "html" else None
    for node in doctree.findall(nodes.reference):
        if "academic_file" in node and base is not None:
            node["refuri"] = relative_uri(app.builder.get_target_uri(docname),
                                          f"{base}/{node['academic_file']}")


def summary_nodes(entry: Publication, *, link_to_page: bool) -> list[nodes.Node]:
    """Title, authors, venue and badges: how an entry is shown in every list."""
    parts: list[nodes.Node] = [title_paragraph(entry, link_to_page=link_to_page),
                               authors_paragraph(entry), venue_paragraph(entry)]
    links = links_paragraph(entry)
    if links is not None:
        parts.append(links)
    return parts


class bibtex_block(nodes.General, nodes.Element):
    """A BibTeX entry in a disclosure: ``<details>`` in HTML, a literal block elsewhere."""


def visit_bibtex_html(translator, node: bibtex_block) -> None:
    translator.body.append(
        '<details class="academic-bibtex"><summary>BibTeX</summary>'
        f'<pre><code>{html.escape(node["bibtex"])}</code></pre></details>\n'
    )
    raise nodes.SkipNode


class BibtexAsLiteral(SphinxPostTransform):
    """Builders other than HTML show a BibTeX disclosure as an ordinary literal block."""

    default_priority = 200
    #: Every output format of Sphinx's own builders but HTML's.
    formats = ("latex", "text", "man", "texinfo", "xml", "pseudoxml", "gettext")

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(bibtex_block)):
            block = nodes.literal_block(node["bibtex"], node["bibtex"], language="bibtex")
            node.replace_self(block)


def setup(app: Sphinx) -> None:
    #: Where al-folio-style relative ``pdf``, ``slides`` and ``poster`` files are, from the
    #: documentation's folder; it must be inside a folder of ``html_static_path``.
    app.add_config_value("academic_paper_files_dir", "_static/papers", "env", types=[str])
    app.connect("doctree-resolved", link_local_files)
    app.add_node(bibtex_block, html=(visit_bibtex_html, None))
    app.add_post_transform(BibtexAsLiteral)
