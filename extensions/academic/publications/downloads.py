"""What a page offers a reference manager: links to the export files (BibTeX, RIS, CSL-JSON),
and on a list a COinS span per entry, which Zotero's connector reads to offer every item.

The files themselves are written by :mod:`academic.site.exports`, in the ``html`` and
``dirhtml`` builders only: elsewhere the links are left out, and so are the spans (they are
HTML).
"""

from __future__ import annotations

import html
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from ..config import SITE_BUILDERS

#: The builders that write the export files.
#: The whole bibliography's files, at the root of the site: ``publications.bib``…
LIST_STEM = "publications"


class ExportFormat(NamedTuple):
    name: str  #: as a link says it
    suffix: str  #: of the file
    media_type: str


FORMATS = (
    ExportFormat("BibTeX", ".bib", "application/x-bibtex"),
    ExportFormat("RIS", ".ris", "application/x-research-info-systems"),
    ExportFormat("CSL-JSON", ".csl.json", "application/vnd.citationstyles.csl+json"),
)


class download_links(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes so)
    """Links to an entry's or a list's export files: ``stem`` names them (``<stem>.bib``…),
    ``at_root`` puts them at the site's root (else beside the page), ``lead`` is the words
    before the links."""


class coins_span(nodes.General, nodes.Element):  # noqa: N801
    """An entry's COinS: ``<span class="Z3988" title="ctx_ver=…">``, empty."""


def visit_download_links_html(translator: HTML5Translator, node: download_links) -> None:
    builder = translator.builder
    if builder.name not in SITE_BUILDERS:
        raise nodes.SkipNode
    links = []
    for export in FORMATS:
        target = f"{node['stem']}{export.suffix}"
        if node.get("at_root"):
            target = relative_uri(builder.get_target_uri(builder.current_docname), target)
        # ``download``: a browser saves the file instead of showing text (or JSON) in a tab.
        links.append(f'<a class="academic-badge" href="{html.escape(target)}" download '
                     f'type="{export.media_type}">{html.escape(export.name)} '
                     f'<span class="academic-suffix">({export.suffix})</span></a>')
    translator.body.append(f'<p class="academic-downloads">{html.escape(node["lead"])} '
                           + " ".join(links) + "</p>\n")
    raise nodes.SkipNode


def visit_coins_html(translator: HTML5Translator, node: coins_span) -> None:
    if translator.builder.name not in SITE_BUILDERS:
        raise nodes.SkipNode
    translator.body.append(f'<span class="Z3988" title="{html.escape(node["title"])}"></span>')
    raise nodes.SkipNode


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    skip = (skip_node, None)
    app.add_node(download_links, html=(visit_download_links_html, None), latex=skip, text=skip,
                 man=skip, texinfo=skip)
    app.add_node(coins_span, html=(visit_coins_html, None), latex=skip, text=skip, man=skip,
                 texinfo=skip)
