"""A Sphinx extension for an academic's website.

Publications, citations and per-paper pages come from one BibTeX file; projects are written as
one ``project-card`` directive each. Every module registers one feature.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from . import assets, cards, publications, search, seo

__version__ = "1.0.0"

STATIC = Path(__file__).parent / "static"


def add_static_path(app: Sphinx) -> None:
    """Ship the extension's CSS and JS with HTML builds only."""
    # A new list: appending could change Sphinx's default, shared by later builds in a process.
    if app.builder.format == "html" and str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> ExtensionMetadata:
    publications.setup(app)
    cards.setup(app)
    seo.setup(app)
    assets.setup(app)
    search.setup(app)
    app.connect("builder-inited", add_static_path)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
