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
  inline stylesheets follow the linked ones, as they did. The search page's own scripts are
  files, deferred, after these (``compat/templates/search.html``);
* **a small SVG favicon is written into the page** as a ``data:`` address: the browser asks
  for the icon as the page appears, and on a phone that request competes with the page's own;
* every page gets academic-base.css (headings and the general index on a phone; long code in
  tables wraps, since a table that scrolls sideways on a phone would need to be
  keyboard-focusable, axe's scrollable-region-focusable, and furo's table wrapper is not);
  pages with publications, cards or the hero get academic.css; pages with a list's filters
  academic-filters.css, academic-filters.js and, in the head, the style that hides them
  without JavaScript (Sphinx's ``metatags``).

``compat/templates/`` amends furo's page shell: names for its two ``<aside>`` landmarks, a
level-one heading on the search page (both for screen readers), no layout shift when furo shows
its theme toggle, and the inlined stylesheets (``academic_inline_styles``) after the linked
ones.
"""

from __future__ import annotations

import base64
import json
import os
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config

from .. import config
from ..compat import assets as compat_assets
from ..compat import markup
from ..projects.cards import project_card
from ..publications import filters
from ..publications.copyable import copyable_block
from ..publications.downloads import download_links
from ..publications.nodes import bibtex_block

TEMPLATES = config.TEMPLATES
DESIGN_ASSETS = {"sphinx-design.min.css", "design-tabs.js"}
FURO_EXTENSIONS_CSS = compat_assets.FURO_EXTENSIONS_CSS
#: Extensions that furo-extensions.css styles, besides sphinx-design.
FURO_STYLED_EXTENSIONS = {"sphinx_copybutton", "sphinx_tabs.tabs", "sphinx_inline_tabs"}
PYGMENTS_CSS = "pygments.css"
INLINE_LIMIT = 8 * 1024
#: Base64 makes the icon a third bigger, and it is in every page.
FAVICON_LIMIT = 2 * 1024
#: Sphinx's and furo's files that may be written into the page, besides this extension's own.
INLINABLE = {"documentation_options.js", "doctools.js", compat_assets.FURO_JS}
HIGHLIGHT_JS = "sphinx_highlight.js"
DOCTOOLS_JS = "doctools.js"
#: Sphinx's search results page leaves the words in localStorage (older ones: ?highlight=).
#: The scripts (doctools.js first, where the page has none: sphinx_highlight.js needs it) run in
#: the order listed.
HIGHLIGHT_LOADER = """if (localStorage.getItem("sphinx_highlight_terms")
    || new URLSearchParams(location.search).has("highlight")) {
  """ + compat_assets.UNHIGHLIGHTED_SVG_TEXT + """
  for (const src of %s) {
    document.body.append(Object.assign(document.createElement("script"), {src, async: false}));
  }
}"""
OWN_STATIC = config.STATIC


class Shown(NamedTuple):
    """What a page's document holds, in one walk of it: the kinds of its elements and their
    classes (every asset choice below asks one of these; a walk for each question cost a clean
    build at 2,000 entries about a second)."""

    kinds: frozenset[type[nodes.Element]]
    classes: frozenset[str]

    def uses(self, *types: type[nodes.Node]) -> bool:
        return any(issubclass(kind, types) for kind in self.kinds)

    def uses_design(self) -> bool:
        return any(name.startswith("sd-") for name in self.classes)


NOTHING_SHOWN = Shown(frozenset(), frozenset())


def shown(context: dict[str, Any], doctree: nodes.document | None) -> Shown:
    """The page's :class:`Shown`, walked once and kept in its template context."""
    if doctree is None:
        return NOTHING_SHOWN
    if "academic_shown" not in context:
        kinds: set[type[nodes.Element]] = set()
        classes: set[str] = set()
        for node in doctree.findall(nodes.Element):
            kinds.add(type(node))
            classes.update(node["classes"])  # every element has its list attributes
        context["academic_shown"] = Shown(frozenset(kinds), frozenset(classes))
    page: Shown = context["academic_shown"]
    return page


def unused_assets(app: Sphinx, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> set[str]:
    unused: set[str] = set()
    page = shown(context, doctree)
    if not page.uses_design():
        unused |= DESIGN_ASSETS
        if not FURO_STYLED_EXTENSIONS & set(app.extensions) and not context.get("READTHEDOCS"):
            unused.add(FURO_EXTENSIONS_CSS)
    if not page.uses(nodes.literal_block, nodes.doctest_block):
        unused.add(PYGMENTS_CSS)
    if not needs_doctools(app, templatename, context):
        unused.add(DOCTOOLS_JS)
    if "academic_search_scripts" in context:  # the search page loads it for a query
        unused.add(HIGHLIGHT_JS)
    return unused


def needs_doctools(app: Sphinx, templatename: str, context: dict[str, Any]) -> bool:
    """Whether the page needs Sphinx's doctools.js (1.3 KiB compressed, written into the page).

    Outside the search page (whose scripts use it) it does three things: the "/" key focuses
    the search box (academic-search-keys.js binds it, with Ctrl-K, when academic_search is on);
    the arrow keys go to the previous and next page (the theme option navigation_with_keys,
    off in furo); a domain index's tables fold. sphinx_highlight.js needs it too, and its loader
    brings it along.
    """
    navigation_with_keys = str(context.get("theme_navigation_with_keys", "")).lower()
    return (templatename in ("search.html", "domainindex.html")
            or not app.config.academic_search
            or navigation_with_keys in ("true", "1", "yes", "on"))


def inline_script(body: str, priority: int, attributes: dict[str, str]) -> Any:
    """A script for the page's ``script_files`` whose text is written into the page.

    The page's script list holds Sphinx's own script objects, which ``js_tag()`` in the
    template renders; an inline script must be one too (:func:`.compat.assets.inline_script`).
    """
    return compat_assets.inline_script(body, priority, attributes)


#: Each application's reads of this build, by what was read: the files every page writes in
#: (eight assets and the favicon), read once a build, not once a page. A new build reads them
#: anew: a file may have been edited since (in ``serve``, in tests).
_read_this_build: weakref.WeakKeyDictionary[Sphinx, dict[tuple[str, ...], str | None]] = (
    weakref.WeakKeyDictionary())


def forget_reads(app: Sphinx) -> None:
    _read_this_build[app] = {}


def once_per_build(app: Sphinx, key: tuple[str, ...],
                   read: Callable[[], str | None]) -> str | None:
    reads = _read_this_build.setdefault(app, {})
    if key not in reads:
        reads[key] = read()
    return reads[key]


def inline_text(app: Sphinx, asset: Any) -> str | None:
    """The asset's text, if it is small and one that can be written into the page."""
    key = ("asset", compat_assets.asset_name(asset), "file" if asset.filename else "")
    return once_per_build(app, key, lambda: file_text(app, asset))


def file_text(app: Sphinx, asset: Any) -> str | None:
    name = compat_assets.asset_name(asset)
    if name in INLINABLE:
        file = Path(app.outdir) / "_static" / name  # copied (or rendered) before the pages
    elif asset.filename and config.is_file(OWN_STATIC / name):
        file = OWN_STATIC / name
    else:
        return None
    if not config.is_file(file):  # a name of conf.py's html_css_files, maybe 300 letters long
        return None
    return markup.inline_text(file, INLINE_LIMIT)


def theme_pygments_css(app: Sphinx) -> str | None:
    """The code colours as furo writes them into pygments.css once the pages are written (light
    and dark), for a page with code: 2 KiB compressed, which cost the page a further request
    before anything showed. Other themes keep the file."""
    if app.config.html_theme != "furo":
        return None
    return compat_assets.furo_pygments_css()


def add_own_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    """The extension's CSS where a card or a publication is shown; the citation formats' CSS
    and the copy button where BibTeX or another format is. The builder's lists are this
    page's (app.add_css_file would register them for every page of a later build by the same
    application)."""
    # Only HTML builders emit html-page-context; Builder itself has no asset lists.
    builder = cast(StandaloneHTMLBuilder, app.builder)
    # Every page: headings sized for a phone, the general index in one column there.
    builder.add_css_file("academic-base.css")
    page = shown(context, doctree)
    components = {"academic-publications", "academic-paper", "academic-profile"}
    if components & page.classes or page.uses(project_card):
        builder.add_css_file("academic.css")
    if page.uses(bibtex_block, copyable_block, download_links):
        # Apart from academic.css, which must stay small enough to be written into the page.
        builder.add_css_file("academic-copy.css")
    if page.uses(bibtex_block, copyable_block):
        builder.add_js_file("academic-copy.js", defer="defer")
    if page.uses(filters.publication_filters):
        builder.add_css_file("academic-filters.css")
        builder.add_js_file("academic-filters.js", defer="defer")
        context["metatags"] = context.get("metatags", "") + filters.NO_SCRIPT


def shape_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    unused = unused_assets(app, templatename, context, doctree)
    # Not for the template: the JSON and pickle builders write the context out.
    context.pop("academic_shown", None)
    styles: list[Any] = []  # Sphinx's stylesheet objects (see compat.assets.asset_name)
    inline_styles: list[str] = []
    for css in context.get("css_files", []):
        if compat_assets.asset_name(css) in unused:
            continue
        plain = css.attributes.get("rel") == "stylesheet" and not css.attributes.get("media")
        if plain and compat_assets.asset_name(css) == PYGMENTS_CSS:
            text = theme_pygments_css(app)
            if text is not None:
                text = markup.code_colours(text, markup.token_classes(context.get("body", "")))
        else:
            text = inline_text(app, css) if plain else None
        if text is None:
            styles.append(css)
        else:
            inline_styles.append(text)
    scripts: list[Any] = []
    for js in context.get("script_files", []):
        if compat_assets.asset_name(js) in unused:
            continue
        # Sphinx's searchtools.js reads sphinx_highlight.js's flag as it runs: a search page
        # whose template does not load it (another theme's, or plain Sphinx search) keeps it.
        if compat_assets.asset_name(js) == HIGHLIGHT_JS and templatename != "search.html":
            loaded = [HIGHLIGHT_JS] if DOCTOOLS_JS not in unused else [DOCTOOLS_JS, HIGHLIGHT_JS]
            urls = [context["pathto"](f"_static/{name}", resource=True) for name in loaded]
            js = inline_script(HIGHLIGHT_LOADER % json.dumps(urls), js.priority, {})
        text = inline_text(app, js)
        if text is not None:
            # An inline script cannot be deferred; at the end of the body it runs once the page
            # is parsed, as the deferred file would (in document order among the others).
            attributes = {k: v for k, v in js.attributes.items() if k not in ("defer", "async")}
            js = inline_script(text, js.priority, attributes)
        scripts.append(js)
    compat_assets.set_page_assets(context, styles, scripts)
    context["academic_inline_styles"] = inline_styles
    icon = favicon_data_url(app)
    if icon:
        context["favicon_url"] = icon


def favicon_data_url(app: Sphinx) -> str | None:
    """``html_favicon`` as a ``data:`` address, if it is a small SVG file of the site's."""
    return once_per_build(app, ("favicon",), lambda: favicon_file_url(app))


def favicon_file_url(app: Sphinx) -> str | None:
    favicon = app.config.html_favicon
    if not favicon or "://" in favicon or not favicon.lower().endswith(".svg"):
        return None
    file = Path(app.confdir) / favicon
    if not file.is_file() or file.stat().st_size > FAVICON_LIMIT:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(file.read_bytes()).decode("ascii")


def add_templates(app: Sphinx, config: Config) -> None:
    # A new list, after the site's own templates (those win): appending would change Sphinx's
    # default list, shared by every later build in the process.
    # Relative to conf.py, like the site's own paths (see add_static_path in __init__.py).
    templates = os.path.relpath(TEMPLATES, app.confdir)
    if templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", forget_reads)
    app.connect("html-page-context", add_own_assets)
    # Last, after every extension has added its page's assets.
    app.connect("html-page-context", shape_assets, priority=900)
