"""What a reader sees of each page: its first paragraph (for the page's description) and the
page as Markdown (for ``llms-full.txt``).

Taken from the page as it is written, references resolved (a citation reads "(Lovelace et al.,
2021a)", not its key; a link to a page, that page's title), ``only`` blocks chosen, the lists
directives fill in as the page is written filled: what the page says, not what its source
said. Sphinx pickles its environment before it writes, so these are kept beside the doctrees
(``academic-page-texts.json``) for the pages a later build does not write again, as Sphinx
keeps its search index in ``searchindex.js``: each page's text is the one of its HTML.
Documentation examples and copies in another format (:data:`.publications.nodes.NOT_PAGE_TEXT`)
are left out; a list kept out of the search index because it repeats another page's facts
("no-search": the CV's lists, the home page's selected papers) is the page's text, and stays.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Set

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..bib.urls import kind_of
from ..builder.incremental import read_manifest, write_manifest
from ..citations.rich_text import more_authors
from ..config import SITE_BUILDERS
from ..projects.cards import project_card_title
from ..publications.copyable import copyable_block
from ..publications.nodes import NOT_PAGE_TEXT, bibtex_block
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
    """Not text a reader takes for the page's: markup, examples and copies in other formats."""
    return isinstance(node, SKIPPED) or (
        isinstance(node, nodes.Element) and NOT_PAGE_TEXT in node["classes"])


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
        if not code:  # "``" would open a code span that a later one closes
            return " " if node.astext() else ""
        fence = "`" * (max((len(run) for run in re.findall("`+", code)), default=0) + 1)
        padding = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{fence}{padding}{code}{padding}{fence}"
    inner = "".join(inline_markdown(child) for child in node.children)
    if isinstance(node, more_authors):  # folded names in place, as in `plain_text`
        return markdown_text(node["lead"], one_line=False) + inner
    if isinstance(node, nodes.reference) and kind_of(node.get("refuri", "")) == "web":
        return f"[{inner}]({markdown_url(node['refuri'])})"
    if not inner.strip():  # "**" or "****" around nothing would pair with a later mark
        return inner
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


#: Beside the doctrees: each page's text as last written, and whether the build that wrote
#: them finished ("complete").
MANIFEST = "academic-page-texts.json"

#: Each application's page texts: docname → (first paragraph, Markdown).
_texts: weakref.WeakKeyDictionary[Sphinx, dict[str, tuple[str, str]]] = (
    weakref.WeakKeyDictionary())


def load_texts(app: Sphinx) -> None:
    """The texts the last build wrote, of the pages the environment still knows: none when it
    starts afresh (then every page is written again), nor when the last build did not finish
    (it may have written pages whose text it could not keep: every page is written again)."""
    kept = read_manifest(app, MANIFEST)
    pages = kept.get("pages", {}) if kept.get("complete") is True else {}
    known = app.env.all_docs
    _texts[app] = {docname: (text[0], text[1]) for docname, text in pages.items()
                   if docname in known and isinstance(text, list) and len(text) == 2
                   and all(isinstance(part, str) for part in text)}


def pages_without_text(app: Sphinx, env: BuildEnvironment, added: Set[str],
                       changed: Set[str], removed: Set[str]) -> list[str]:
    """Pages whose text was not kept (see :func:`load_texts`; the file beside the doctrees
    removed, or written by an older version of the extension) are written again, to have it.
    Only for the builders that write the site: another (a ``text``, ``latex`` or
    ``singlehtml`` build sharing the doctrees) keeps nothing, and writes what it writes."""
    if app.builder.name not in SITE_BUILDERS:
        return []
    texts = _texts.get(app, {})
    return sorted(docname for docname in env.found_docs - added if docname not in texts)


def take_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """After every other handler has filled the page in (the default priority, 500)."""
    if app.builder.name in SITE_BUILDERS and docname in app.env.found_docs:
        _texts.setdefault(app, {})[docname] = (truncate(first_paragraph(doctree)),
                                               "\n\n".join(block_markdown(doctree, 0)))


def mark_unfinished(app: Sphinx, env: BuildEnvironment) -> None:
    """Before any page is written (the environment is up to date): until the build finishes,
    the texts kept are those of an unfinished build."""
    if app.builder.name in SITE_BUILDERS:
        write_manifest(app, MANIFEST, {"complete": False})


def keep_texts(app: Sphinx, exception: Exception | None) -> None:
    """Kept whether the build passed or not: each is the text of the HTML written."""
    if app.builder.name not in SITE_BUILDERS:
        return
    found = app.env.found_docs
    pages = {docname: list(text) for docname, text in _texts.get(app, {}).items()
             if docname in found}
    write_manifest(app, MANIFEST, {"complete": True, "pages": pages})


def page_digest(app: Sphinx, docname: str) -> tuple[str, str]:
    """The page's first paragraph and Markdown text, as it was last written."""
    return _texts.get(app, {}).get(docname, ("", ""))


def truncate(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse whitespace and cut at a word boundary, with an ellipsis if anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", load_texts)
    app.connect("env-get-outdated", pages_without_text)
    app.connect("env-updated", mark_unfinished)
    app.connect("doctree-resolved", take_text, priority=900)
    app.connect("build-finished", keep_texts)
