"""One address policy for every link a page writes, whatever wrote it: a Markdown link, a
directive's option (``{button-link}``, ``{card}``'s ``:link:``, an image's ``:target:``),
reStructuredText in ``{eval-rst}``.

A link whose scheme runs code or opens embedded content (``javascript:``, ``data:``,
``vbscript:``, ``file:``, :func:`..bib.urls.kind_of`) is an error at its line, and leaves the
page, its text kept: a build that goes on past the error (without ``-W``) publishes no such
link. The addresses from refs.bib, the CV file and conf.py are checked where they are read, by
the same policy.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..bib.urls import kind_of

logger = logging.getLogger(__name__)


def drop_unsafe_links(app: Sphinx, doctree: nodes.document) -> None:
    for link in list(doctree.findall(nodes.reference)):
        address = link.get("refuri", "")
        if address and kind_of(address) == "unsafe":
            logger.warning(f"{address!r} may not be a link: its scheme runs code or opens "
                           "embedded content; write the page's https:// address",
                           type="academic", subtype="links", location=link)
            link.replace_self(link.children)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", drop_unsafe_links)
