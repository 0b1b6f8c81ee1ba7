"""The ``project-card`` directive: one project, one directive, rendered as a card.

Consecutive cards are laid out together in a responsive grid. Each card adds general-index
entries (its name; each tag as a topic) and a search-index object, so a project's name finds its
card first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Set
from typing import Any, ClassVar, NamedTuple, cast

import imagesize
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from ..bib.urls import kind_of
from ..compat import documents as compat_documents
from ..config import is_file, not_in_site, outside_project
from ..publications.domain import academic_domain, publication_xref
from ..publications.nodes import NOT_PAGE_TEXT, as_written

logger = logging.getLogger(__name__)

GITHUB_REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
#: The owner's part in a project, as a card's :role: names it.
ROLES = ("author", "co-author", "contributor", "maintainer")
#: The most tags a card shows, more than any card needs: each is a list item on the card and an
#: entry of the general index, and the build spends about half a millisecond on each (a card
#: of 125,000 tags, a million characters, took 82 seconds and filled the index).
MAX_TAGS = 50
#: The most papers a card names, for the same reason: each key is looked up and linked (about
#: 0.4 ms each; a million characters of keys would take a minute).
MAX_PAPERS = 50


class project_grid(nodes.General, nodes.Element):
    """Consecutive cards, laid out in a responsive grid."""


class project_card(nodes.General, nodes.Element):
    """One card: an ``<article>`` whose heading is the project's name."""


class project_card_title(nodes.TextElement):
    """The card's heading, one level below the section the card is in."""


def visit_grid(translator: HTML5Translator, node: project_grid) -> None:
    translator.body.append('<div class="academic-cards">\n')


def depart_grid(translator: HTML5Translator, node: project_grid) -> None:
    translator.body.append("</div>\n")


def visit_card(translator: HTML5Translator, node: project_card) -> None:
    translator.body.append(
        f'<article class="academic-card" id="{node["ids"][0]}" '
        f'aria-labelledby="{node["ids"][0]}-title">\n'
    )


def depart_card(translator: HTML5Translator, node: project_card) -> None:
    translator.body.append("</article>\n")


def visit_card_title(translator: HTML5Translator, node: project_card_title) -> None:
    level = min(translator.section_level + 1, 6)
    translator.body.append(f'<h{level} class="academic-card-title" id="{node["ids"][0]}">')


def depart_card_title(translator: HTML5Translator, node: project_card_title) -> None:
    level = min(translator.section_level + 1, 6)
    translator.body.append(f"</h{level}>\n")


def visit_passthrough(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    """Other builders show a card's content as ordinary paragraphs."""


def depart_passthrough(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    pass


# The translators' paragraph handlers read only what every text element has; docutils' stubs type
# them for nodes.paragraph alone.
def visit_title_other(translator: nodes.NodeVisitor, node: project_card_title) -> None:
    translator.visit_paragraph(node)  # type: ignore[arg-type]


def depart_title_other(translator: nodes.NodeVisitor, node: project_card_title) -> None:
    translator.depart_paragraph(node)  # type: ignore[arg-type]


#: A node's visit and depart functions, as ``Sphinx.add_node`` takes them for one builder.
NodeHandlers = tuple[Callable[[Any, Any], None], Callable[[Any, Any], None]]


class Card(NamedTuple):
    """What the rest of the site knows of a card: the search index, the index, llms.txt."""

    name: str
    anchor: str
    tags: tuple[str, ...]
    summary: str


class ProjectDomain(Domain):
    """Every project card of the site: for the search index and the site's digests."""

    name = "project"
    label = "Projects"
    data_version = 1
    object_types = {"project": ObjType("project", "ref")}
    initial_data: ClassVar[dict[str, Any]] = {"cards": {}}  # docname -> [Card]

    def cards(self) -> dict[str, list[Card]]:
        """docname → the cards on that page, in their order."""
        cards: dict[str, list[Card]] = self.data["cards"]
        return cards

    def note_card(self, docname: str, card: Card) -> None:
        self.data["cards"].setdefault(docname, []).append(card)

    def clear_doc(self, docname: str) -> None:
        self.data["cards"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["cards"]:
                self.data["cards"][docname] = otherdata["cards"][docname]

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element,
                     ) -> nodes.reference | None:
        return None

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return type.lname  # "project", not "Projects project", in search results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        cards = self.cards()
        for docname in sorted(cards):
            for card in cards[docname]:
                # The name is the full name too: the browser rebuilds an anchor Sphinx leaves
                # out ("project-" + name) from it.
                yield card.name, card.name, "project", docname, card.anchor, 1


def project_domain(env: BuildEnvironment) -> ProjectDomain:
    # setup() below registers ProjectDomain under this name; get_domain returns the base class.
    return cast(ProjectDomain, env.get_domain("project"))


class _AnyOption(dict[str, Callable[[str], Any]]):
    """Accept every option name, so unknown ones reach ``run()`` and get our precise warning."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


OPTIONS = {
    "image": directives.unchanged_required,
    "alt": directives.unchanged,
    "tags": directives.unchanged,
    "role": directives.unchanged_required,
    "years": directives.unchanged_required,
    "repo": directives.unchanged_required,
    "link": directives.unchanged_required,
    "docs": directives.unchanged_required,
    "paper": directives.unchanged_required,
    "no-index": directives.flag,
}


class ProjectCardDirective(SphinxDirective):
    """A project card: ``{project-card} Name`` with options and a Markdown summary as content."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption(OPTIONS)

    def problem(self, message: str) -> None:
        logger.warning(f"project-card: {message}", location=self.get_location(),
                       type="academic", subtype="card")

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip() if self.arguments else ""
        if not name:
            self.problem("missing project name; write ```{project-card} Name")
            return []
        for option in sorted(set(self.options) - set(OPTIONS)):
            self.problem(f"unknown option :{option}: in {name!r}; use one of "
                         + ", ".join(f":{o}:" for o in OPTIONS))

        anchor = base = "project-" + (nodes.make_id(name) or "card")
        while anchor in self.state.document.ids:
            # Numbered by a count of the page's cards of this name, which only grows: adding
            # "-1" until the anchor was free went through every card of the name before it,
            # so 3,000 cards of one name took seven seconds and made a 28 MB page of ids.
            anchor = f"{base}-{self.env.new_serialno(base) + 2}"
        # A card is data, as written: llms.txt and the search give its text so, and the page
        # shows the same text.
        card = as_written(project_card(ids=[anchor]))
        compat_documents.claim_id(self.state.document, anchor, card)
        self.set_source_info(card)

        tags = [tag.strip() for tag in self.options.get("tags", "").split(",")]
        if tags == [""]:
            tags = []
        if any(not tag for tag in tags):
            self.problem(f"empty tag in :tags: of {name!r}; separate tags with single commas")
            tags = [tag for tag in tags if tag]
        if len(tags) > MAX_TAGS:
            self.problem(f":tags: of {name!r} has {len(tags):,} tags, more than {MAX_TAGS}: keep "
                         f"those that say what the project is (the first {MAX_TAGS} are shown)")
            tags = tags[:MAX_TAGS]

        indexed = "no-index" not in self.options  # e.g. an example card in the documentation
        if not indexed:
            # Sphinx's search index skips "no-search" nodes; the page's Markdown (llms-full.txt)
            # skips an example too.
            card["classes"] += ["no-search", NOT_PAGE_TEXT]
        if indexed:
            card += addnodes.index(
                entries=[("single", f"{name} (project)", anchor, "main", None)]
                + [("single", f"{tag}; {name}", anchor, "", None) for tag in tags]
            )
        image = self.image_node(name)
        if image is not None:
            card += image
        title = project_card_title("", ids=[f"{anchor}-title"])
        main = self.main_link()
        if main:  # the title opens the project: its website, else its code
            title += nodes.reference(name, name, refuri=main)
        else:
            title += nodes.Text(name)
        card += title

        meta = " · ".join(v for v in (self.role(name), self.options.get("years", "").strip()) if v)
        if meta:
            card += nodes.paragraph(meta, meta, classes=["academic-card-meta"])

        body = nodes.container(classes=["academic-card-body"])
        self.state.nested_parse(self.content, self.content_offset, body)
        # A card is data, not layout: raw HTML in its summary is shown as text, never run.
        for raw in list(body.findall(nodes.raw)):
            raw.replace_self(nodes.literal(raw.astext(), raw.astext()))
        card += body
        summary = body.astext()

        if tags:
            tag_list = nodes.bullet_list(classes=["academic-card-tags"])
            for tag in tags:
                tag_list += nodes.list_item("", nodes.paragraph(tag, tag))
            card += tag_list

        links = self.links_paragraph(name)
        if links is not None:
            card += links

        if indexed:
            project_domain(self.env).note_card(
                self.env.docname, Card(name, anchor, tuple(tags), summary))
        return [card]

    def role(self, name: str) -> str:
        role: str = self.options.get("role", "").strip()
        if role and role.lower() not in ROLES:
            self.problem(f"unknown :role: {role!r} in {name!r}; use one of {', '.join(ROLES)}")
            return ""
        return role.capitalize()

    def image_node(self, name: str) -> nodes.image | None:
        if "image" not in self.options:
            if "alt" in self.options:
                self.problem(f":alt: without :image: in {name!r}; add the image or drop :alt:")
            return None
        uri = self.options["image"].strip()
        alt = self.options.get("alt", "").strip()
        if not alt:
            self.problem(f":image: needs :alt: text in {name!r}; describe the image for "
                         "readers who cannot see it")
            return None
        if kind_of(uri) != "relative":
            self.problem(f":image: {uri!r} in {name!r} must be a file in the documentation")
            return None
        relative, absolute = self.env.relfn2path(uri, self.env.docname)
        outside = outside_project(self.env.srcdir, absolute)
        if outside is not None:
            self.problem(f":image: {uri!r} in {name!r} is {outside}, "
                         f"{not_in_site(self.env.srcdir, outside)}: put the image in the "
                         "documentation")
            return None
        if not is_file(absolute):
            self.problem(f":image: file {uri!r} not found (looked for {absolute})")
            return None
        width, height = imagesize.get(absolute)
        image = nodes.image(uri=relative, alt=alt, loading="lazy", classes=["academic-card-image"])
        if width > 0 and height > 0:  # known size: no layout shift while it loads
            image["width"], image["height"] = str(width), str(height)
        self.env.note_dependency(absolute)
        return image

    def main_link(self) -> str:
        """The project's main address: ``:link:``, else ``:repo:`` (checked in the badges)."""
        link: str = self.options.get("link", "").strip()
        if link and kind_of(link) == "web":
            return link
        repo: str = self.options.get("repo", "").strip()
        url = f"https://github.com/{repo}" if GITHUB_REPO.match(repo) else repo
        return url if repo and kind_of(url) == "web" else ""

    def links_paragraph(self, name: str) -> nodes.paragraph | None:
        paragraph = nodes.paragraph(classes=["academic-card-links"])
        repo = self.options.get("repo", "").strip()
        if repo:
            url = f"https://github.com/{repo}" if GITHUB_REPO.match(repo) else repo
            self.add_link(paragraph, "Code", url, "repo", name)
        for option, label in (("link", "Website"), ("docs", "Docs")):
            if self.options.get(option, "").strip():
                self.add_link(paragraph, label, self.options[option].strip(), option, name)
        keys = [key for key in (k.strip() for k in self.options.get("paper", "").split(","))
                if key]
        if len(keys) > MAX_PAPERS:
            self.problem(f":paper: of {name!r} names {len(keys):,} papers, more than "
                         f"{MAX_PAPERS}: keep those the project is about (the first {MAX_PAPERS} "
                         "are shown)")
            keys = keys[:MAX_PAPERS]
        for key in dict.fromkeys(keys):  # a paper named twice is shown once
            # Noted even when unknown: the page is read again once the key is in the BibTeX
            # file (a live preview goes on past the warning, and showed the card without it).
            academic_domain(self.env).note_shown(self.env.docname, [key])
            entry = academic_domain(self.env).entries.get(key)
            if entry is None:
                self.problem(f"unknown BibTeX key {key!r} in :paper: of {name!r}; add it to the "
                             "BibTeX file, fix the spelling, or remove the option")
                continue
            names = entry.short_authors or entry.title_text
            text = f"Paper ({names}, {entry.year_label})"
            paragraph += publication_xref(key, nodes.Text(text), classes=["academic-badge"])
            paragraph += nodes.Text(" ")
        if not paragraph.children:
            return None
        paragraph.pop()
        return paragraph

    def add_link(self, paragraph: nodes.paragraph, label: str, url: str, option: str,
                 name: str) -> None:
        if kind_of(url) != "web":
            self.problem(f":{option}: {url!r} in {name!r} is not an http(s) address"
                         + (" or a GitHub owner/name" if option == "repo" else ""))
            return
        paragraph += nodes.reference(label, label, refuri=url, classes=["academic-badge"])
        paragraph += nodes.Text(" ")


class GroupCards(SphinxTransform):
    """Wrap each run of consecutive cards in one grid."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for parent in list(self.document.findall(nodes.Element)):
            children = parent.children
            index = 0
            while index < len(children):
                if not isinstance(children[index], project_card):
                    index += 1
                    continue
                end = index
                while end < len(children) and isinstance(children[end], project_card):
                    end += 1
                grid = project_grid()
                grid.extend(children[index:end])
                parent[index:end] = [grid]
                index += 1


def add_card_node(app: Sphinx, node: type[nodes.Element], html: NodeHandlers,
                  other: NodeHandlers) -> None:
    """Register ``node`` with its HTML handlers, and ``other`` for every other builder."""
    app.add_node(node, html=html, latex=other, text=other, man=other, texinfo=other)


def setup(app: Sphinx) -> None:
    passthrough = (visit_passthrough, depart_passthrough)
    add_card_node(app, project_grid, (visit_grid, depart_grid), passthrough)
    add_card_node(app, project_card, (visit_card, depart_card), passthrough)
    add_card_node(app, project_card_title, (visit_card_title, depart_card_title),
                  (visit_title_other, depart_title_other))
    app.add_domain(ProjectDomain)
    app.add_directive("project-card", ProjectCardDirective)
    app.add_transform(GroupCards)
