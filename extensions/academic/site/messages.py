"""The ``message`` role: a message quoted as a program prints it, in code type, in one piece.

Sphinx writes inline code a ``<span>`` per word (so that a word never breaks inside, while the
code may wrap between words). A table of long messages, the colophon's list of errors, was 850
spans: more elements than the rest of the page together, and the page's first layout went over
Lighthouse's blocking-time budget. A message is written as one ``<code>`` element instead; it
wraps between words as any text does. Everything else (search, page texts, other builders)
reads it as the inline code it is: the node is a ``literal``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class printed_message(nodes.literal):  # noqa: N801  (docutils names node classes in lower case)
    """A quoted message: inline code written in one piece."""


def message_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                 options: dict[str, object] | None = None, content: list[str] | None = None,
                 ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    # As docutils' own literal role: a backslash in the message is kept, as it is printed.
    return [printed_message(rawtext, nodes.unescape(text, restore_backslashes=True))], []


def visit_message_html(translator: HTML5Translator, node: printed_message) -> None:
    translator.body.append(translator.starttag(node, "code", "",
                                               CLASS="docutils literal notranslate"))
    translator.body.append(translator.encode(node.astext()))
    translator.body.append("</code>")
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    # Other builders (text, LaTeX...) find no visitor of their own and write it as `literal`.
    app.add_node(printed_message, html=(visit_message_html, None))
    app.add_role("message", message_role)
