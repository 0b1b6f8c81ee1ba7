"""Text to copy, shown in full with a copy button: a paper page's citation and BibTeX.

In HTML a ``<pre>`` in a wrapper; academic-copy.js puts the button on the wrapper, so it stays
in its corner while wide text scrolls sideways under it (and a page without JavaScript shows no
button that cannot work).
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class copyable_block(nodes.General, nodes.Element):
    """Text to copy (a citation, BibTeX), shown in full: in HTML a ``<pre>`` whose copy button
    (added by academic-copy.js) sits on a wrapper, so it stays put while wide text scrolls.
    ``wrap=True`` wraps prose (a citation) at the width of the page instead; ``disclosure``,
    when given, is the summary of a ``<details>`` that holds the block closed."""


def visit_copyable_html(translator: HTML5Translator, node: copyable_block) -> None:
    label = html.escape(node["label"])
    classes = "academic-copyable" + (" wrap" if node.get("wrap") else "")
    # Text that does not wrap may scroll sideways: a keyboard reaches it to scroll it.
    focus = "" if node.get("wrap") else ' tabindex="0"'
    block = (f'<div class="{classes}" data-copy-label="{label}">'
             f'<pre{focus}><code>{html.escape(node["text"])}</code></pre></div>')
    if node.get("disclosure"):
        block = (f'<details class="academic-disclosed"><summary>'
                 f'{html.escape(node["disclosure"])}</summary>{block}</details>')
    translator.body.append(block + "\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    # Paper pages, the one place these are made, exist in the HTML builders only.
    app.add_node(copyable_block, html=(visit_copyable_html, None))
