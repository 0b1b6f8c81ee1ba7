"""What a reader sees of each page, taken once when the page is read.

The first paragraph (for the page's description) and the page as Markdown (for
``llms-full.txt``) are kept in the ``academic-page-digests`` domain: writing them must not
unpickle every doctree on every rebuild. Documentation examples, nodes marked ``no-search``
(an example project card), are left out, as Sphinx's search index leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..bib.urls import kind_of
from ..citations.rich_text import more_authors
from ..projects.cards import project_card_title
from ..publications.copyable import copyable_block
from ..publications.nodes import bibtex_block
from .escape import markdown_code_block, markdown_line, markdown_text, markdown_url

#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160

#: Nodes whose text a reader does not see as text.
SKIPPED = (addnodes.index, addnodes.toctree, nodes.meta, nodes.comment, nodes.target,
           nodes.system_message, nodes.raw, nodes.substitution_definition)


def first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, (nodes.docinfo, nodes.field_list, nodes.system_message))
               for parent in _ancestors(paragraph)):
            continue
        if text := " ".join(plain_text(paragraph).split()):
            return text
    return ""


def skipped(node: nodes.Node) -> bool:
    """Not text a reader takes for the page's: markup, and examples marked "no-search"."""
    return isinstance(node, SKIPPED) or (
        isinstance(node, nodes.Element) and "no-search" in node["classes"])


def plain_text(node: nodes.Node) -> str:
    """What a reader sees of the node: its text, without raw HTML, comments or targets."""
    if isinstance(node, nodes.Text):
        return str(node)
    if skipped(node):
        return ""
    text = "".join(plain_text(child) for child in node.children)
    # Folded names read in place, after their separator, as every format but HTML shows them.
    return node["lead"] + text if isinstance(node, more_authors) else text


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def inline_markdown(node: nodes.Node) -> str:
    """A paragraph's text, with external links, emphasis and code kept."""
    if isinstance(node, nodes.Text):
        # The page's text: never markup of the digest's own.
        return markdown_text(str(node), one_line=False)
    if skipped(node):
        return ""
    if isinstance(node, nodes.literal):  # code: backslashes would be read as written
        code = " ".join(node.astext().split())
        fence = "`" * (max((len(run) for run in re.findall("`+", code)), default=0) + 1)
        padding = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{fence}{padding}{code}{padding}{fence}"
    inner = "".join(inline_markdown(child) for child in node.children)
    if isinstance(node, more_authors):  # folded names in place, as in `plain_text`
        return markdown_text(node["lead"], one_line=False) + inner
    if isinstance(node, nodes.reference) and kind_of(node.get("refuri", "")) == "web":
        return f"[{inner}]({markdown_url(node['refuri'])})"
    if isinstance(node, nodes.emphasis):
        return f"*{inner}*"
    if isinstance(node, nodes.strong):
        return f"**{inner}**"
    return inner


def block_markdown(node: nodes.Node, depth: int) -> list[str]:
    """Markdown blocks for a body element: headings, paragraphs, lists and code."""
    if skipped(node):
        return []
    if isinstance(node, bibtex_block):
        return [markdown_code_block(node["bibtex"], "bibtex")]
    if isinstance(node, copyable_block):
        return [markdown_code_block(node["text"], node.get("language", ""))]
    if isinstance(node, nodes.literal_block):
        language = node.get("language", "") if node.get("language") != "default" else ""
        return [markdown_code_block(node.astext().strip(chr(10)), language)]
    if isinstance(node, nodes.title | project_card_title):
        level = depth if isinstance(node, nodes.title) else depth + 1
        return [f"{'#' * min(level, 6)} {markdown_text(node.astext())}"]
    if isinstance(node, nodes.TextElement):
        text = markdown_line(" ".join(inline_markdown(node).split()))
        return [text] if text else []
    if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
        marker = "- " if isinstance(node, nodes.bullet_list) else "1. "
        items = []
        for item in node.children:
            # One line per block (title, authors, venue...), indented under the marker.
            text = "\n".join(b for child in item.children for b in block_markdown(child, depth))
            items.append(marker + text.replace("\n", "\n" + " " * len(marker)))
        return ["\n".join(items)] if items else []
    blocks = []
    for child in node.children:
        blocks += block_markdown(child, depth + 1 if isinstance(node, nodes.section) else depth)
    return blocks


class PageDigestDomain(Domain):
    """Each page's first paragraph and Markdown text, taken when the page is read."""

    name = "academic-page-digests"
    label = "Page digests"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"pages": {}}  # docname -> (first paragraph, Markdown)

    def clear_doc(self, docname: str) -> None:
        self.data["pages"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.data["pages"][docname] = otherdata["pages"][docname]

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []


def page_digests(env: BuildEnvironment) -> PageDigestDomain:
    # setup() below registers PageDigestDomain under this name; get_domain returns the base class.
    return cast(PageDigestDomain, env.get_domain("academic-page-digests"))


def digest_page(app: Sphinx, doctree: nodes.document) -> None:
    page_digests(app.env).data["pages"][app.env.docname] = (
        truncate(first_paragraph(doctree)), "\n\n".join(block_markdown(doctree, 0)))


def page_digest(env: BuildEnvironment, docname: str) -> tuple[str, str]:
    digest: tuple[str, str] = page_digests(env).data["pages"].get(docname, ("", ""))
    return digest


def truncate(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse whitespace and cut at a word boundary, with an ellipsis if anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"


def setup(app: Sphinx) -> None:
    app.add_domain(PageDigestDomain)
    app.connect("doctree-read", digest_page)
