"""Citation lists in HTML without the deprecated ``doc-biblioentry`` role.

docutils writes each entry of a citation list (what a stock ``bibliography`` directive of
sphinxcontrib-bibtex produces) as ``<div role="doc-biblioentry">`` inside ``<div
role="list">``. DPUB-ARIA 1.1 deprecates that role, and accessibility checkers flag it; the
entries are plain list items of that list.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def visit_citation(translator: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        translator.body.append('<div role="list" class="citation-list">\n')
    translator.body.append(translator.starttag(node, "div", classes=[node.tagname],
                                               role="listitem"))


def depart_citation(translator: HTML5Translator, node: nodes.citation) -> None:
    translator.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        translator.body.append("</div>\n")


def setup(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
