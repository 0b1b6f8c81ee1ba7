"""One entry as docutils nodes: title, authors, venue, badges and its BibTeX.

The text comes from the citation style's rich text (:mod:`.styles`), rendered by pybtex's
docutils backend, so the publications list, a paper's page and a stock ``bibliography``
directive write authors, venues and years alike. Each part is a paragraph of its own class,
which the site's CSS lays out.
"""

from __future__ import annotations

import html

from docutils import nodes
from pybtex.richtext import BaseText
from pybtex_docutils import Backend
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

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
    for label, url in entry.links:
        paragraph += nodes.reference(label, label, refuri=url, classes=["academic-badge"])
        paragraph += nodes.Text(" ")
    paragraph.pop()
    return paragraph


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
    app.add_node(bibtex_block, html=(visit_bibtex_html, None))
    app.add_post_transform(BibtexAsLiteral)
