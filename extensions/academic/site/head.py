"""Every page's head: its data computed once, then handed to the function that writes each part.

sphinxext-opengraph writes a page's Open Graph tags (``og:title`` … ``og:description``) in its
``html-page-context`` handler, at Sphinx's default priority (500), from the page's metadata:
``og:*`` fields there are its documented per-page overrides (what a ``:og:description:`` field
at the top of a page sets). The site's head tags go on either side of its tags, as two
handlers of this module, and only this module's:

* :func:`write_lead`, before it (priority 400): the ``<meta name="description">`` (:mod:`.seo`;
  sphinxext-opengraph writes no description where one is, and its own reading of the page
  puts a space between any two pieces of text: "(Lovelace, 2021)" as "( 2021)"), the
  owner's JSON-LD ``Person`` on the home page, the preview card's tags (:mod:`.social`), and
  the ``og:*`` fields it hands sphinxext-opengraph for that page (the description, the card's
  image). A page without a doctree gets no tags from
  sphinxext-opengraph: its Open Graph tags are written here;
* :func:`write_tail`, at the default priority (500), after its tags where conf.py lists
  sphinxext-opengraph before this extension (Sphinx calls handlers of one priority in the order
  they were connected): a paper page's Google Scholar tags and JSON-LD (:mod:`.scholar`), and
  the link to the Atom feed (:mod:`.feed`). They need nothing of sphinxext-opengraph's nor of
  the lead's: the priority only places them in the head, where they have always been (a
  priority after sphinxext-opengraph's would also put them after the ``<noscript>`` style
  :mod:`.assets` writes at the default priority).

:class:`PageHead` is computed once, by :func:`page_head`, and passed to the writers as an
argument: no writer reads what another left in the page's context. The two handlers share no
data (the tail needs none of the lead's), so each stands alone whatever else runs between.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..bib.model import Publication
from ..publications.domain import academic_domain
from ..publications.nodes import site_files
from . import feed, scholar, seo, social
from .card_image import Card

#: sphinxext-opengraph's handler runs at Sphinx's default priority.
OPENGRAPH_PRIORITY = 500


@dataclass(frozen=True)
class PageHead:
    """What the head of one page says about it."""

    pagename: str
    #: Sphinx passes a doctree for pages read from a source and paper pages, not for its own
    #: generated pages (general index, search, 404), where sphinxext-opengraph writes nothing.
    has_doctree: bool
    #: The page's description (front matter, paper summary, generated page's, first paragraph).
    description: str
    #: Whether the site writes the description tag: a page with no paragraph has none, and
    #: sphinxext-opengraph reads one off the page (its lists, its headings).
    own_description: bool
    #: The owner's schema.org Person on the home page (empty elsewhere, or without one).
    person: dict[str, Any]
    #: The page's preview card, None where the site draws none or the page opts out.
    card: Card | None


def page_head(app: Sphinx, pagename: str, context: dict[str, Any],
              doctree: nodes.document | None, cards: social.SocialCards) -> PageHead:
    text = seo.description(app, pagename)
    opted_out = "ogp_disable" in (context.get("meta") or {})  # sphinxext-opengraph's opt-out
    return PageHead(
        pagename=pagename,
        has_doctree=doctree is not None,
        description=text,
        own_description=bool(text),
        person=seo.person_properties(app) if pagename == app.config.root_doc else {},
        card=None if opted_out else cards.page_card(app, pagename, context, text),
    )


def opengraph_fields(head: PageHead, app: Sphinx, context: dict[str, Any]) -> dict[str, str]:
    """The ``og:*`` fields sphinxext-opengraph takes from a page with a doctree, as its own
    per-page fields are: it quotes only '"' in them, so the rest is escaped here.

    The title too: sphinxext-opengraph reads it off the page's HTML title, its character
    references decoded, and writes it with only '"' quoted, so a title written "A &amp; B"
    was told to machines as "A & B"."""
    if not head.has_doctree:
        return {}
    fields = {"og:title": html.escape(social.page_title(app, head.pagename, context),
                                      quote=False)}
    if head.own_description:
        fields["og:description"] = html.escape(head.description, quote=False)
    if head.card is not None:
        fields.update({name: html.escape(value, quote=False)
                       for name, value in social.image_fields(app, head.pagename,
                                                              head.card).items()})
    return fields


def write_lead(cards: social.SocialCards, app: Sphinx, pagename: str, templatename: str,
               context: dict[str, Any], doctree: nodes.document | None) -> None:
    head = page_head(app, pagename, context, doctree, cards)
    tags = seo.head_tags(app, head.description if head.own_description else None, head.person)
    if head.card is not None:
        tags += social.card_tags(app, pagename, head.card, head.description,
                                 opengraph=head.has_doctree)
    fields = opengraph_fields(head, app, context)
    # A copy: the environment's metadata, which Sphinx hands the page, stays as read. The
    # page's own og:* fields escaped, as the site's are: sphinxext-opengraph quotes only '"'.
    # A field the page sets itself wins over the title and the description (not over the
    # card's image, which names the file written for the page).
    meta = {name: html.escape(str(value), quote=False) if name.startswith("og:") else value
            for name, value in (context.get("meta") or {}).items()}
    for name in ("og:title", "og:description"):
        if name in fields:
            meta.setdefault(name, fields.pop(name))
    if meta or fields:
        context["meta"] = {**meta, **fields}
    context["metatags"] = context.get("metatags", "") + tags


def paper_of(app: Sphinx, pagename: str) -> Publication | None:
    domain = academic_domain(app.env)
    key = domain.paper_page_key(pagename)
    return domain.entries.get(key) if key is not None else None


def write_tail(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    entry = paper_of(app, pagename)
    tags = scholar.paper_tags(entry, site_files(app, entry)) if entry is not None else ""
    tags += feed.announce(app)
    context["metatags"] = context.get("metatags", "") + tags


def setup(app: Sphinx, cards: social.SocialCards) -> None:
    def lead(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
             doctree: nodes.document | None) -> None:
        write_lead(cards, app, pagename, templatename, context, doctree)

    app.connect("html-page-context", lead, priority=OPENGRAPH_PRIORITY - 100)
    app.connect("html-page-context", write_tail)
