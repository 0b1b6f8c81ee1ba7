"""What each page loads, so that it shows quickly on a slow phone; and fixes to furo's shell.

Sphinx links every registered asset from every page. Per page (``html-page-context``):

* **unused assets are dropped**: sphinx-design's CSS and JS where no ``sd-`` element is;
  furo-extensions.css (furo's styles for sphinx-design, sphinx-copybutton, sphinx-tabs,
  sphinx-inline-tabs and Read the Docs' flyout) where none of those is used; pygments.css where
  no code is highlighted;
* **sphinx_highlight.js loads only after a search**: it highlights the words searched for on the
  page a result leads to, and does nothing otherwise; a two-line loader checks for those words;
* **small assets are written into the page** (up to 8 KiB each: Sphinx's and furo's scripts,
  this extension's CSS and scripts; and, on pages with code, furo's code colours, which it
  writes into pygments.css only once the pages are written, from its own generator): on a phone,
  each further request to the site opens a new connection, two round trips (~300 ms on
  Lighthouse's slow 4G) before a byte arrives, far more than the bytes cost; the home page's
  HTML still fits TCP's first window (~14 KiB). Big files (furo.css) stay links, cached from
  page to page. Inline scripts run in the order and at the place of the files they replace;
  inline stylesheets follow the linked ones, as they did. The search page's scripts stay files:
  its template adds its own scripts after these, in an order its scripts rely on;
* every page gets academic-base.css (headings and the general index on a phone; long code in
  tables wraps, since a table that scrolls sideways on a phone would need to be
  keyboard-focusable, axe's scrollable-region-focusable, and furo's table wrapper is not);
  pages with publications, cards or the hero get academic.css.

``templates/`` amends furo's page shell: names for its two ``<aside>`` landmarks, a level-one
heading on the search page (both for screen readers), no layout shift when furo shows its theme
toggle, and the inlined stylesheets (``academic_inline_styles``) after the linked ones.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config

from . import compat
from .cards import project_card
from .copyable import copyable_block
from .entry_nodes import bibtex_block

TEMPLATES = Path(__file__).parent / "templates"
DESIGN_ASSETS = {"sphinx-design.min.css", "design-tabs.js"}
FURO_EXTENSIONS_CSS = "styles/furo-extensions.css"
#: Extensions that furo-extensions.css styles, besides sphinx-design.
FURO_STYLED_EXTENSIONS = {"sphinx_copybutton", "sphinx_tabs.tabs", "sphinx_inline_tabs"}
PYGMENTS_CSS = "pygments.css"
INLINE_LIMIT = 8 * 1024
#: Sphinx's and furo's files that may be written into the page, besides this extension's own.
INLINABLE = {"documentation_options.js", "doctools.js", "scripts/furo.js"}
HIGHLIGHT_JS = "sphinx_highlight.js"
#: Sphinx's search results page leaves the words in localStorage (older ones: ?highlight=).
HIGHLIGHT_LOADER = """if (localStorage.getItem("sphinx_highlight_terms")
    || new URLSearchParams(location.search).has("highlight")) {
  document.body.append(Object.assign(document.createElement("script"), {src: %s}));
}"""
OWN_STATIC = Path(__file__).parent / "static"
#: Text that would end or confuse an inline <script> or <style> element early.
UNSAFE_INLINE = re.compile(r"</script|</style|<!--|<script", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.DOTALL)
SOURCE_MAP = re.compile(r"^[/*#@ ]*sourceMappingURL=.*$", re.MULTILINE)


def uses_design(doctree: nodes.document | None) -> bool:
    return doctree is not None and any(
        cls.startswith("sd-") for node in doctree.findall(nodes.Element)
        for cls in node["classes"]  # every element has its list attributes
    )


def uses(doctree: nodes.document | None, *types: type[nodes.Node]) -> bool:
    return doctree is not None and next(doctree.findall(lambda n: isinstance(n, types)),
                                        None) is not None


def unused_assets(app: Sphinx, context: dict[str, Any], doctree: nodes.document | None) -> set[str]:
    unused: set[str] = set()
    if not uses_design(doctree):
        unused |= DESIGN_ASSETS
        if not FURO_STYLED_EXTENSIONS & set(app.extensions) and not context.get("READTHEDOCS"):
            unused.add(FURO_EXTENSIONS_CSS)
    if not uses(doctree, nodes.literal_block, nodes.doctest_block):
        unused.add(PYGMENTS_CSS)
    return unused


def inline_script(body: str, priority: int, attributes: dict[str, str]) -> Any:
    """A script for the page's ``script_files`` whose text is written into the page.

    The page's script list holds Sphinx's own script objects, which ``js_tag()`` in the
    template renders; an inline script must be one too (:func:`.compat.inline_script`).
    """
    return compat.inline_script(body, priority, attributes)


def inline_text(app: Sphinx, asset: Any) -> str | None:
    """The asset's text, if it is small and one that can be written into the page."""
    name = _name(asset)
    if name in INLINABLE:
        file = Path(app.outdir) / "_static" / name  # copied (or rendered) before the pages
    elif asset.filename and (OWN_STATIC / name).is_file():
        file = OWN_STATIC / name
    else:
        return None
    if not file.is_file():
        return None
    text = SOURCE_MAP.sub("", file.read_text(encoding="utf-8"))
    if file.suffix == ".css":  # comments are for the source, not for every page's bytes
        text = CSS_COMMENT.sub("", text)
    if len(text.encode("utf-8")) > INLINE_LIMIT:
        return None
    # url() would resolve against the page instead of the stylesheet.
    if UNSAFE_INLINE.search(text) or file.suffix == ".css" and "url(" in text:
        return None
    return text.strip()


def theme_pygments_css(app: Sphinx) -> str | None:
    """The code colours as furo writes them into pygments.css once the pages are written (light
    and dark), for a page with code: 2 KiB compressed, which cost the page a further request
    before anything showed. Other themes keep the file."""
    if app.config.html_theme != "furo":
        return None
    import furo  # type: ignore[import-untyped]  # the theme's own generator of the file

    text = furo.get_pygments_stylesheet()
    return None if UNSAFE_INLINE.search(text) or "url(" in text else text


def add_own_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    """The extension's CSS where a card or a publication is shown; its copy button where BibTeX
    is. The builder's lists are this page's (app.add_css_file would register them for every
    page of a later build by the same application)."""
    # Only HTML builders emit html-page-context; Builder itself has no asset lists.
    builder = cast(StandaloneHTMLBuilder, app.builder)
    # Every page: headings sized for a phone, the general index in one column there.
    builder.add_css_file("academic-base.css")
    shows_components = doctree is not None and any(
        {"academic-publications", "academic-paper", "academic-profile"}
        & set(node.get("classes", ()))
        for node in doctree.findall(nodes.Element)
    )
    if shows_components or uses(doctree, project_card):
        builder.add_css_file("academic.css")
    if uses(doctree, bibtex_block, copyable_block):
        builder.add_js_file("academic-copy.js", defer="defer")


def shape_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    unused = unused_assets(app, context, doctree)
    # The search page's scripts keep their files (see the docstring); its styles need not.
    inline = pagename != "search"
    styles: list[Any] = []  # Sphinx's stylesheet objects (see _name)
    inline_styles: list[str] = []
    for css in context.get("css_files", []):
        if _name(css) in unused:
            continue
        plain = css.attributes.get("rel") == "stylesheet" and not css.attributes.get("media")
        if plain and _name(css) == PYGMENTS_CSS:
            text = theme_pygments_css(app)
        else:
            text = inline_text(app, css) if plain else None
        if text is None:
            styles.append(css)
        else:
            inline_styles.append(text)
    scripts: list[Any] = []
    for js in context.get("script_files", []):
        if _name(js) in unused:
            continue
        if inline and _name(js) == HIGHLIGHT_JS:
            url = context["pathto"](f"_static/{HIGHLIGHT_JS}", resource=True)
            js = inline_script(HIGHLIGHT_LOADER % json.dumps(url), js.priority, {})
        text = inline_text(app, js) if inline else None
        if text is not None:
            # An inline script cannot be deferred; at the end of the body it runs once the page
            # is parsed, as the deferred file would (in document order among the others).
            attributes = {k: v for k, v in js.attributes.items() if k not in ("defer", "async")}
            js = inline_script(text, js.priority, attributes)
        scripts.append(js)
    # In place: these lists are the builder's, and Sphinx restores them before the next page.
    if "css_files" in context:
        context["css_files"][:] = styles
    if "script_files" in context:
        context["script_files"][:] = scripts
    context["academic_inline_styles"] = inline_styles


def _name(asset: Any) -> str:
    """The asset's path in _static/ ("styles/furo.css"), as the registering extension gave it."""
    return str(asset.filename).removeprefix("_static/")


def add_templates(app: Sphinx, config: Config) -> None:
    # A new list, after the site's own templates (those win): appending would change Sphinx's
    # default list, shared by every later build in the process.
    # Relative to conf.py, like the site's own paths (see add_static_path in __init__.py).
    templates = os.path.relpath(TEMPLATES, app.confdir)
    if templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_own_assets)
    # Last, after every extension has added its page's assets.
    app.connect("html-page-context", shape_assets, priority=900)
