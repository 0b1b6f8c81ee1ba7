"""Edits of HTML and CSS that other packages wrote: Sphinx's navigation tree, Pygments' code
and stylesheet, Sphinx's and furo's scripts and stylesheets written into the page, furo's
landmarks.

Each entry says what it relies on (the markup, checked on the versions ``uv.lock`` pins) and the
supported alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

# --- Sphinx: the navigation tree ----------------------------------------------------------------

#: A first-level entry of the sidebar, not marked current, as Sphinx's toctree writes it.
TOP_LEVEL_LINK = re.compile(r'<li class="toctree-l1"><a class="reference internal" href="([^"]*)">')


def mark_current(toctree: Callable[..., str], page_uri: str,
                 target_uri: str) -> Callable[..., str]:
    """The sidebar with the list's entry marked as the current section, as furo marks a page.

    The entry is found by where its link leads from the page, however the (shared) sidebar
    spells the address: "index.html" and "../publications/index.html" are one page.

    Relies on: the markup of :data:`TOP_LEVEL_LINK` for an entry of the toctree Sphinx renders
    (``toctree()`` in the template, checked on Sphinx 9.0), and on "current" as the class that
    marks the page's entry; where Sphinx writes it otherwise, nothing is marked.
    Alternative: none public; Sphinx marks only the page's own entry, and a paper's page is
    not in the tree.
    """
    base = posixpath.dirname(page_uri)

    def mark(match: re.Match[str]) -> str:
        href = match.group(1)
        if posixpath.normpath(posixpath.join(base, href)) != posixpath.normpath(target_uri):
            return match.group(0)
        return (f'<li class="toctree-l1 current">'
                f'<a class="current reference internal" href="{href}">')

    def marked(**kwargs: Any) -> str:
        return TOP_LEVEL_LINK.sub(mark, toctree(**kwargs), count=0)

    return marked


# --- Pygments: the page's code and its stylesheet ---------------------------------------------

#: One rule of Pygments' stylesheet for a kind of token: ``.highlight .kn { color: ... }``.
TOKEN_RULE = re.compile(r"\.highlight \.([\w-]+) \{")
SPAN_CLASS = re.compile(r'<span class="([\w -]+)">')
CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.DOTALL)


def token_classes(body: str) -> set[str]:
    """The classes of the spans Pygments wrote into the page's code.

    Relies on: Pygments' ``HtmlFormatter`` writes each token as ``<span class="...">`` (checked
    on Pygments 2.19, through Sphinx's ``PygmentsBridge``).
    Alternative: a doctree visitor that runs Pygments' lexer on every code block again.
    """
    return {name for match in SPAN_CLASS.finditer(body) for name in match.group(1).split()}


def code_colours(css: str, used: set[str]) -> str:
    """The rules of the code colours for the kinds of token the page's code has.

    Pygments writes one rule per line, and a colour for each of its ~80 kinds of token, in
    light and dark: 20 KiB in a page whose code uses a handful. A line that colours a token
    class the page does not use is left out; every other line (the block's own colours, line
    numbers, the media queries) stays.

    Relies on: one rule per line, ``.highlight .<class> {`` (:data:`TOKEN_RULE`), in the
    stylesheet furo generates from Pygments' ``HtmlFormatter.get_style_defs`` (checked on
    furo 2025.12.19 and Pygments 2.19); a rule written otherwise is kept.
    Alternative: the whole stylesheet, as a file (a request) or in every page with code.
    """
    kept: list[str] = []
    for line in css.splitlines():
        rule = TOKEN_RULE.search(line)
        if rule and rule.group(1) not in used:
            continue
        kept.append(CSS_COMMENT.sub("", line).rstrip())
    return "\n".join(line for line in kept if line)


# --- written into the page: Sphinx's, furo's and the extension's files ---------------------------

#: Text that would end or confuse an inline <script> or <style> element early.
UNSAFE_INLINE = re.compile(r"</script|</style|<!--|<script", re.IGNORECASE)
SOURCE_MAP = re.compile(r"^[/*#@ ]*sourceMappingURL=.*$", re.MULTILINE)


def safe_inline(text: str) -> bool:
    """Whether ``text`` (a script or a stylesheet) can be written into a ``<script>`` or
    ``<style>`` element as it is: nothing in it ends or confuses the element."""
    return UNSAFE_INLINE.search(text) is None


def inline_text(file: Path, limit: int) -> str | None:
    """The text of ``file`` (a script or a stylesheet) to write into the page, or None if it
    is bigger than ``limit`` bytes or cannot be written in.

    Relies on: the source map comment furo writes at the end of its scripts and stylesheets
    (``/*# sourceMappingURL=... */``, which would point nowhere from a page), and CSS comments
    being ``/* ... */`` (checked on furo 2025.12.19 and Sphinx 9.0's files).
    Alternative: the files as links, each a request (a round trip on a phone).
    """
    text = SOURCE_MAP.sub("", file.read_text(encoding="utf-8"))
    if file.suffix == ".css":  # comments are for the source, not for every page's bytes
        text = CSS_COMMENT.sub("", text)
    if len(text.encode("utf-8")) > limit:
        return None
    # url() would resolve against the page instead of the stylesheet.
    if not safe_inline(text) or file.suffix == ".css" and "url(" in text:
        return None
    return text.strip()

#: The opening tags of furo's two ``<aside>`` landmarks, as its ``page.html`` writes them: the
#: navigation drawer, and the table of contents' (whose classes go on: "no-toc" on a page
#: without one).
FURO_SIDEBAR_DRAWER = '<aside class="sidebar-drawer">'

FURO_TOC_DRAWER = '<aside class="toc-drawer'


def name_furo_landmarks(body: str, navigation: str, contents: str) -> Markup:
    """furo's page ``body`` with a name for each of its two ``<aside>`` landmarks: a screen
    reader lists landmarks by name, and two unnamed "complementary" ones cannot be told apart
    (axe: landmark-unique). The site's ``page.html`` calls it on furo's ``body`` block.

    Relies on: the markup of :data:`FURO_SIDEBAR_DRAWER` and :data:`FURO_TOC_DRAWER`, once each
    in the page (checked on furo 2025.12.19); where furo writes them otherwise, the page keeps
    its unnamed landmarks.
    Alternative: none in furo (no block or option names them); a copy of furo's whole ``body``
    block, which would miss every later change to it.
    """
    navigation_label = html.escape(navigation, quote=True)
    contents_label = html.escape(contents, quote=True)
    return Markup(str(body)
                  .replace(FURO_SIDEBAR_DRAWER,
                           f'<aside class="sidebar-drawer" aria-label="{navigation_label}">')
                  .replace(FURO_TOC_DRAWER,
                           f'<aside aria-label="{contents_label}" class="toc-drawer'))


#: The viewport tag docutils' HTML5 writer puts among a page's meta tags (docutils 0.18 on).
DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def drop_docutils_viewport(context: dict[str, Any]) -> None:
    """A page's meta tags without docutils' viewport tag, which furo's ``base.html`` writes
    already: a page carries one viewport tag, not two that differ.

    Sphinx hands on docutils' meta tags but its first two (``meta[2:]``), by position: the tags
    docutils wrote when that was chosen. The viewport tag came later and passes
    (sphinx-doc/sphinx#11699).
    Relies on: docutils' HTML5 translator adding :data:`DOCUTILS_VIEWPORT` to ``meta``, and
    furo's ``base.html`` writing a viewport tag of its own (checked on docutils 0.22 and furo
    2025.12.19); where either moves, the page keeps what Sphinx gave it.
    Alternative: none public; Sphinx takes the meta tags from the writer, past every event.
    """
    metatags = context.get("metatags")
    if isinstance(metatags, str):
        context["metatags"] = metatags.replace(DOCUTILS_VIEWPORT, "", 1)


#: What furo writes as HTML, unescaped (its ``page.html``, ``sidebar/brand.html`` and
#: ``search.html``): Sphinx's basic theme escapes both (``docstitle|e``), as furo escapes
#: ``copyright``.
FURO_RAW_TEXT = ("docstitle", "project")


def escape_furo_text(context: dict[str, Any]) -> None:
    """The site's title and project handed to furo escaped: conf.py gives them as text ("R&D
    <Lab>"), which Sphinx's own themes escape, but furo writes them into its header, sidebar
    and search page's ``<title>`` as HTML. Its other ``<title>`` tags read the title through
    ``striptags|e``, which unescapes it first, and stay right.

    Relies on: furo writing ``{{ docstitle }}`` and ``{{ project }}`` unescaped and otherwise
    only through ``striptags|e`` (checked on furo 2025.12.19).
    Alternative: none in furo (no option escapes them); a copy of each template.
    """
    for name in FURO_RAW_TEXT:
        if isinstance(context.get(name), str):
            context[name] = html.escape(context[name], quote=False)
