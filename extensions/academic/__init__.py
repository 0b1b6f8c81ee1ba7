"""A Sphinx extension for an academic's website, on top of sphinxcontrib-bibtex.

sphinxcontrib-bibtex is the citation engine: ``bibtex_bibfiles``, the ``cite`` roles,
``footcite`` and the ``bibliography`` directive. This extension adds, one module per feature:

* ``bibfiles``: every BibTeX file checked before the engine parses it (``refs.bib:LINE``);
  ``engine``: the engine's domain, with each entry's citing pages looked up once;
* ``styles``: the pybtex and sphinxcontrib-bibtex style plugins the site's citations use;
* ``publications``: the ``publications`` list; ``paper_pages``: a page per paper;
  ``scholar``: Google Scholar tags and JSON-LD on those pages;
* ``cards``: project cards; ``profile``: the home page's hero and profile links;
  ``search``: search tuning; ``seo``: descriptions and llms.txt;
  ``social``: a preview image for every page, for links shared elsewhere;
  ``assets``: each page loads only what it uses; ``citations_html``: valid citation markup;
  ``navigation``: one sidebar for all pages outside the navigation tree; ``incremental``: an
  incremental build writes what a clean one would; ``compat``: every use of another
  package's internals; ``renamed``: old configuration names, still accepted;
* ``cv``: the CV file (JSON Resume) and the ``cv`` directive; ``cv_pdf``: the CV as a PDF;
  ``feed``: an Atom feed of the publications.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.typing import ExtensionMetadata

from . import (
    assets,
    bibfiles,
    cards,
    citations_html,
    copyable,
    cv,
    cv_pdf,
    engine,
    entry_nodes,
    feed,
    incremental,
    llms,
    navigation,
    page_text,
    paper_pages,
    profile,
    publications,
    quiet,
    renamed,
    scholar,
    search,
    seo,
    social,
    styles,
)
from .domain import AcademicDomain

__version__ = "2.0.0"

STATIC = Path(__file__).parent / "static"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Ship the extension's CSS and JS (only HTML builders read ``html_static_path``).

    Set as the configuration is read, not when the builder starts: Sphinx compares the
    configuration with the last build's before that, and would report the option as changed
    on every build.
    """
    # Relative to conf.py, as the site's own paths are: the configuration, and so the build's
    # .buildinfo, is then the same wherever the project is checked out.
    static = os.path.relpath(STATIC, app.confdir)
    # A new list: appending could change Sphinx's default, shared by later builds in a process.
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]


def allow_no_bibfile(app: Sphinx, config: Config) -> None:
    """A site of project cards alone needs no BibTeX file (sphinxcontrib-bibtex demands one)."""
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


def source_version() -> int:
    """A number that changes with the extension's own files (code, templates, CSS, scripts).

    Sphinx keeps the last build's environment and rewrites only the pages whose sources
    changed; it cannot know that this extension's code or its written-in CSS changed, and would
    keep every page as the old code wrote it. Given as the extension's ``env_version``, this
    makes Sphinx start afresh whenever one of its files is edited (a fork's, or a new release).
    """
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> ExtensionMetadata:
    quiet.setup(app)
    app.setup_extension("sphinxcontrib.bibtex")
    engine.setup(app)
    styles.register_plugins()
    app.add_config_value("academic_owner", [], "env", types=[list])
    renamed.setup(app)
    app.add_domain(AcademicDomain)
    bibfiles.setup(app)
    entry_nodes.setup(app)
    publications.setup(app)
    copyable.setup(app)
    paper_pages.setup(app)
    scholar.setup(app)
    citations_html.setup(app)
    cards.setup(app)
    cv.setup(app)
    cv_pdf.setup(app)
    feed.setup(app)
    profile.setup(app)
    page_text.setup(app)
    seo.setup(app)
    social.setup(app)
    llms.setup(app)
    assets.setup(app)
    search.setup(app)
    navigation.setup(app)
    incremental.setup(app)
    app.connect("config-inited", allow_no_bibfile)
    app.connect("config-inited", add_static_path)
    return {
        "version": __version__,
        "env_version": source_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
