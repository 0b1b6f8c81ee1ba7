"""The ``profile`` directive: the home page's hero, a line on what the person does now and a row
of links to their profiles, with an optional portrait.

The links are built by :func:`profile_links` from addresses, never written by hand: the
person's profiles (the CV file's ``basics.profiles``, and ``academic_person["sameAs"]`` in
conf.py: the addresses the JSON-LD Person gives search engines too) and ``academic_links``,
other addresses to show (a book, a lab). A well-known site is named and given its icon from its
address (GitHub, Google Scholar…); any other address needs a name, as ``("Book: How To Scale
Your Model", "https://…")``. The icons are sphinx-design's Octicons, written into the page as
inline SVG: no icon font, nothing fetched.

``academic_portrait`` (a path in the documentation, and ``academic_portrait_alt``) adds a
portrait beside the hero; without one the hero is a single column, finished as it is.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.icons import get_octicon

from .. import config
from ..bib.urls import web_link_problem
from . import seo

logger = logging.getLogger(__name__)


class ProfileLink(NamedTuple):
    """One link of the hero's row: its accessible name, address and Octicon."""

    label: str
    url: str
    icon: str


#: Host (or host and path prefix) → the site's name and icon.
KNOWN_SITES: tuple[tuple[str, str, str], ...] = (
    ("github.com", "GitHub", "mark-github"),
    ("gitlab.com", "GitLab", "code"),
    ("scholar.google.com", "Google Scholar", "mortar-board"),
    ("research.google", "Google Research", "beaker"),
    ("orcid.org", "ORCID", "id-badge"),
    ("linkedin.com", "LinkedIn", "person"),
    ("x.com", "X", "comment"),
    ("twitter.com", "X", "comment"),
    ("bsky.app", "Bluesky", "comment"),
    ("semanticscholar.org", "Semantic Scholar", "mortar-board"),
    ("dblp.org", "DBLP", "mortar-board"),
    ("arxiv.org", "arXiv", "file"),
)
DEFAULT_ICON = "link-external"
#: An address's own name can say what it is: "Book: …" gets a book.
ICON_OF_PREFIX = {"book": "book", "blog": "pencil", "lab": "beaker", "cv": "file"}


def known_site(url: str) -> tuple[str, str] | None:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for domain, name, icon in KNOWN_SITES:
        if host == domain or host.endswith("." + domain):
            return name, icon
    return None


def profile_links(profiles: list[str], others: list[str | tuple[str, str]]) -> list[ProfileLink]:
    """The hero's links: every profile address, then every other address, in their order.

    Raises ``ValueError`` (with what to write instead) for an address that is not http(s), or
    one of an unknown site without a name.
    """
    links: list[ProfileLink] = []
    for item in [*profiles, *others]:
        label, url = (item if isinstance(item, (tuple, list)) else ("", item))
        url = str(url).strip()
        problem = web_link_problem(url)
        if problem is not None:
            raise ValueError(problem)
        site = known_site(url)
        if not label and site is None:
            raise ValueError(f"{url!r} is not a site the extension knows by name; give it one, "
                             f"as ('Blog', {url!r}) in academic_links")
        label = str(label).strip()
        if site is not None:
            links.append(ProfileLink(label or site[0], url, site[1]))
        else:
            prefix = label.split(":")[0].strip().lower()
            links.append(ProfileLink(label, url, ICON_OF_PREFIX.get(prefix, DEFAULT_ICON)))
    return links


def links_list(links: list[ProfileLink]) -> nodes.bullet_list:
    """The row: a list of links, each an icon (HTML only; hidden from screen readers, which
    read the name beside it) and the name."""
    listing = nodes.bullet_list(classes=["academic-profile-links"])
    for link in links:
        icon = get_octicon(link.icon, height="1.1em", classes=["academic-icon"])
        reference = nodes.reference("", "", nodes.raw("", icon, format="html"),
                                    nodes.Text(link.label), refuri=link.url,
                                    classes=["academic-profile-link"])
        listing += nodes.list_item("", nodes.paragraph("", "", reference))
    return listing


class profile_links_slot(nodes.General, nodes.Element):
    """Where the row goes; filled as the page is written, so a change to the addresses in
    conf.py (an HTML setting, as ``academic_person`` is) shows without re-reading the page."""


def fill_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for slot in list(doctree.findall(profile_links_slot)):
        person = seo.person_properties(app)  # the CV file's profiles, and conf.py's
        others = list(app.config.academic_links)
        try:
            links = profile_links(list(person.get("sameAs", [])), others)
        except ValueError as error:
            # A mistake in academic_links is at its line of conf.py, where it is fixed.
            try:
                profile_links([], others)
                location: str | nodes.Node | None = slot
            except ValueError:
                location = config.conf_location(app, "academic_links") or slot
            logger.warning(f"profile links: {error}", location=location, type="academic",
                           subtype="profile")
            links = []
        if links:
            slot.replace_self(links_list(links))
        else:
            slot.parent.remove(slot)


class ProfileDirective(SphinxDirective):
    """``{profile}`` with one line on what the person does now as content."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        config = self.config
        hero = nodes.container(classes=["academic-profile"])
        self.set_source_info(hero)
        portrait = str(config.academic_portrait or "").strip()
        if portrait:
            alt = str(config.academic_portrait_alt or "").strip()
            if not alt:
                logger.warning("academic_portrait needs academic_portrait_alt: describe the "
                               "portrait for readers who cannot see it",
                               location=self.get_location(), type="academic", subtype="profile")
            else:
                # Relative to the documentation's root, as a page's own images are.
                uri = "/" + posixpath.normpath(portrait).lstrip("/")
                hero += nodes.image(uri=uri, alt=alt, classes=["academic-portrait"])
        text = nodes.container(classes=["academic-profile-text"])
        self.state.nested_parse(self.content, self.content_offset, text)
        slot = profile_links_slot()
        self.set_source_info(slot)
        text += slot
        hero += text
        return [hero]


def setup(app: Sphinx) -> None:
    app.add_node(profile_links_slot)
    app.add_directive("profile", ProfileDirective)
    app.connect("doctree-resolved", fill_links)
