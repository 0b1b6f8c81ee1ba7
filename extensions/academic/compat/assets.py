"""Sphinx's per-page asset lists, a script written into the page, and furo's files in them.

Each entry says what it relies on (checked on the versions ``uv.lock`` pins) and the supported
alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .markup import safe_inline

# --- Sphinx: a page's asset lists ---------------------------------------------------------------


def asset_name(asset: Any) -> str:
    """The asset's path in _static/ ("styles/furo.css"), as the registering extension gave it.

    Relies on: the page's ``css_files`` and ``script_files`` hold Sphinx's
    ``_CascadingStyleSheet`` and ``_JavaScript`` objects, whose ``filename`` is the path the
    extension registered, under ``_static/`` once the builder adds it (checked on Sphinx 9.0).
    Alternative: none public; the objects are Sphinx's private classes.
    """
    return str(asset.filename).removeprefix("_static/")


def set_page_assets(context: dict[str, Any], styles: Sequence[Any],
                    scripts: Sequence[Any]) -> None:
    """Make ``styles`` and ``scripts`` the page's stylesheets and scripts.

    Relies on: ``context["css_files"]`` and ``context["script_files"]`` are the builder's own
    lists, which the template reads and Sphinx restores before the next page (checked on
    Sphinx 9.0): they are changed in place.
    Alternative: none; Sphinx has a hook to add an asset to a page (``app.add_css_file`` in
    ``html-page-context``), none to leave one out, to write one into the page or to reorder
    them.
    """
    if "css_files" in context:
        context["css_files"][:] = styles
    if "script_files" in context:
        context["script_files"][:] = scripts


# --- Sphinx: sphinx_highlight.js -------------------------------------------------------------

#: A script that keeps the words searched for from being highlighted in an SVG's title or
#: description, run before sphinx_highlight.js highlights them.
#:
#: Why: sphinx_highlight.js highlights the whole ``<body>`` where a page has no ``div.body``
#: (furo has none) and, in an SVG, measures the element whose text it wrapped with
#: ``getBBox()``, which a ``<title>`` or ``<desc>`` lacks: it threw on furo's icon titles
#: ("Contents", "Light mode"), and a page opened from a search for "contents" or "light" showed
#: no highlight at all.
#: Relies on: the script skips a text whose element has the class ``nohighlight`` (checked on
#: Sphinx 9.0.4). Alternative: none; the script has no setting for where it highlights.
UNHIGHLIGHTED_SVG_TEXT = ('document.querySelectorAll("svg title, svg desc")'
                          '.forEach((node) => node.classList.add("nohighlight"));')


# --- furo: its files --------------------------------------------------------------------------

#: furo's styles for other extensions (sphinx-design, sphinx-copybutton, sphinx-tabs,
#: sphinx-inline-tabs, Read the Docs' flyout), and its script.
FURO_EXTENSIONS_CSS = "styles/furo-extensions.css"
FURO_JS = "scripts/furo.js"


def furo_pygments_css() -> str | None:
    """The code colours as furo writes them into pygments.css once the pages are written (light
    and dark), or None when they cannot be written into a page.

    Relies on: ``furo.get_pygments_stylesheet()``, the generator furo calls itself, and the
    file names :data:`FURO_EXTENSIONS_CSS` and :data:`FURO_JS` (checked on furo 2025.12.19).
    Alternative: pygments.css as a file, one more request on every page with code.
    """
    import furo  # type: ignore[import-untyped]  # the theme's own generator of the file

    text: str = furo.get_pygments_stylesheet()
    return None if not safe_inline(text) or "url(" in text else text


def inline_script(body: str, priority: int, attributes: dict[str, str]) -> Any:
    """A script for the page's ``script_files`` whose text is written into the page.

    Relies on: the page's script list holds ``sphinx.builders.html._assets._JavaScript``
    objects, which ``js_tag()`` in the template renders, writing a ``body`` attribute as the
    script's text (checked on Sphinx 9.0).
    Alternative: a template block of the site's own that writes the script, at the cost of
    overriding furo's ``page.html`` script block.
    """
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript("", priority=priority, **{**attributes, "body": body})
