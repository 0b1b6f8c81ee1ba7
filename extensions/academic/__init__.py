"""A Sphinx extension for an academic's website.

Publications, citations and per-paper pages come from one BibTeX file; projects are written as
one ``project-card`` directive each. Every module registers one feature.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from . import cards, publications

__version__ = "1.0.0"

STATIC = Path(__file__).parent / "static"


def add_static_path(app: Sphinx) -> None:
    """Ship the extension's CSS and JS with HTML builds only."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))


def add_assets_where_used(app: Sphinx, pagename: str, templatename: str, context: dict,
                          doctree: nodes.document | None) -> None:
    """Load the extension's CSS and JS only on pages that show its components."""
    if doctree is None:
        return
    uses_cards = next(doctree.findall(cards.project_card), None) is not None
    uses_bibtex = next(doctree.findall(publications.bibtex_block), None) is not None
    uses_entries = next(doctree.findall(
        lambda n: isinstance(n, nodes.Element) and "academic-entry" in n.get("classes", ())
        or isinstance(n, nodes.Element) and "academic-paper" in n.get("classes", ())
    ), None) is not None
    if uses_cards or uses_bibtex or uses_entries:
        app.add_css_file("academic.css")
    if uses_bibtex:
        app.add_js_file("academic-copy.js", loading_method="defer")


def setup(app: Sphinx) -> ExtensionMetadata:
    publications.setup(app)
    cards.setup(app)
    app.connect("builder-inited", add_static_path)
    app.connect("html-page-context", add_assets_where_used)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
