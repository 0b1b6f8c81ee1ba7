"""A Sphinx extension for an academic's website, on top of sphinxcontrib-bibtex.

sphinxcontrib-bibtex is the citation engine: ``bibtex_bibfiles``, the ``cite`` roles,
``footcite`` and the ``bibliography`` directive. This extension adds, a subpackage per layer
(lower layers never import higher ones):

* ``bib``: reading BibTeX records, LaTeX to text, names and addresses (no Sphinx);
* ``compat``: every use of another package's internals;  ``config``: every setting;
* ``citations``: the engine's domain and the pybtex style plugins the citations use;
* ``publications``: the extension's domain, the BibTeX files checked before the engine reads
  them, entry nodes, the ``publications`` list;
* ``projects``: project cards;  ``cv``: the CV file, its directive and its PDF;
* ``builder``: for Sphinx's HTML builder, each page's assets, one sidebar, incremental
  builds that equal clean ones, the memory a build keeps to its end;
* ``site``: per-paper pages, head tags (SEO, Google Scholar, JSON-LD), the profile, preview
  cards, the Atom feed, the export files (BibTeX, RIS, CSL-JSON), ``llms.txt``, the ``message``
  role;
* ``search``: search tuning.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from . import config
from .builder import (
    assets,
    confinement,
    deletions,
    included_files,
    incremental,
    links,
    memory,
    navigation,
)
from .citations import engine, html, styles
from .compat import quiet
from .cv import data, directive, pdf
from .projects import cards
from .publications import bibfiles, copyable, downloads, filters, listing, nodes, summaries
from .publications.domain import AcademicDomain
from .search import tuning
from .site import (
    exports,
    feed,
    head,
    llms,
    messages,
    page_text,
    paper_pages,
    profile,
    seo,
    social,
)

__version__ = "2.0.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    quiet.setup(app)
    app.setup_extension("sphinxcontrib.bibtex")
    engine.setup(app)
    styles.register_plugins()
    config.setup(app)
    confinement.setup(app)
    included_files.setup(app)
    links.setup(app)
    app.add_domain(AcademicDomain)
    bibfiles.setup(app)
    nodes.setup(app)
    summaries.setup(app)
    filters.setup(app)
    listing.setup(app)
    copyable.setup(app)
    downloads.setup(app)
    paper_pages.setup(app)
    html.setup(app)
    cards.setup(app)
    data.setup(app)
    directive.setup(app)
    pdf.setup(app)
    feed.setup(app)
    exports.setup(app)
    profile.setup(app)
    messages.setup(app)
    page_text.setup(app)
    seo.setup(app)
    head.setup(app, social.setup(app))
    llms.setup(app)
    assets.setup(app)
    tuning.setup(app)
    navigation.setup(app)
    incremental.setup(app)
    deletions.setup(app)
    memory.setup(app)
    return {
        "version": __version__,
        "env_version": incremental.source_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
