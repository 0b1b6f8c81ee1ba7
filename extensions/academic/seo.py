"""What the site tells search engines, link previews and LLM agents about itself.

* every page gets a ``<meta name="description">``: the front matter's ``description:``, else a
  per-paper summary ("Title — Austin et al., NeurIPS, 2021."), else the page's first paragraph;
  the same text is the page's ``og:description`` (sphinxext-opengraph reads ``og:*`` metadata);
* the home page gets a JSON-LD ``Person`` from ``academic_person`` in conf.py;
* ``robots.txt`` points crawlers at the sitemap (sphinx-sitemap writes it);
* ``llms.txt`` (an index) and ``llms-full.txt`` (every page as Markdown) for LLM agents.

Each page's first paragraph and Markdown are taken once, when the page is read, and kept in the
``llms`` domain: writing ``llms-full.txt`` must not unpickle every doctree on every rebuild.
Everything else is computed when pages and files are written, so a rebuild, incremental or not,
is byte-identical.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from . import styles
from .bibliography import Publication
from .cards import project_card_title
from .domain import academic_domain
from .entry_nodes import bibtex_block

#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160

#: Pages Sphinx and its extensions generate without a source, hence without a first paragraph.
GENERATED_PAGES = {
    "genindex": "An alphabetical index of the topics, publications and projects on {site}.",
    "search": "Search the pages, publications and projects of {site}.",
    "404": "This page of {site} does not exist; the navigation leads to every page there is.",
}

#: Nodes whose text a reader does not see as text.
SKIPPED = (addnodes.index, addnodes.toctree, nodes.meta, nodes.comment, nodes.target,
           nodes.system_message, nodes.raw, nodes.substitution_definition)


# --- descriptions -------------------------------------------------------------------------------


def truncate(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse whitespace and cut at a word boundary, with an ellipsis if anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"


def paper_description(entry: Publication) -> str:
    """"Title — Austin et al., Venue, 2021.": what the paper is, not a dump of its BibTeX."""
    credit = ", ".join(part for part in (entry.short_authors, entry.venue_text,
                                         styles.year_label(entry.key))
                       if part)
    return f"{entry.title_text} — {credit}."


def first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, (nodes.docinfo, nodes.field_list, nodes.system_message))
               for parent in _ancestors(paragraph)):
            continue
        if text := " ".join(plain_text(paragraph).split()):
            return text
    return ""


def skipped(node: nodes.Node) -> bool:
    """Not text a reader takes for the page's: markup, and examples marked "no-search"."""
    return isinstance(node, SKIPPED) or (
        isinstance(node, nodes.Element) and "no-search" in node["classes"])


def plain_text(node: nodes.Node) -> str:
    """What a reader sees of the node: its text, without raw HTML, comments or targets."""
    if isinstance(node, nodes.Text):
        return str(node)
    if skipped(node):
        return ""
    return "".join(plain_text(child) for child in node.children)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


class PageDigestDomain(Domain):
    """Each page's first paragraph and Markdown text, taken when the page is read."""

    name = "llms"
    label = "Page digests"
    initial_data: dict = {"pages": {}}  # docname -> (first paragraph, Markdown)

    def clear_doc(self, docname: str) -> None:
        self.data["pages"].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        for docname in docnames:
            if docname in otherdata["pages"]:
                self.data["pages"][docname] = otherdata["pages"][docname]

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def digest_page(app: Sphinx, doctree: nodes.document) -> None:
    app.env.get_domain("llms").data["pages"][app.env.docname] = (
        truncate(first_paragraph(doctree)), "\n\n".join(block_markdown(doctree, 0)))


def page_digest(env: BuildEnvironment, docname: str) -> tuple[str, str]:
    return env.get_domain("llms").data["pages"].get(docname, ("", ""))


def description(app: Sphinx, pagename: str) -> str:
    """The page's description: front matter, else paper summary, else first paragraph."""
    env = app.env
    if pagename not in env.found_docs:
        return GENERATED_PAGES.get(pagename, "{site}").format(site=site_title(app))
    text = str(env.metadata.get(pagename, {}).get("description", "")).strip()
    domain = academic_domain(env)
    key = domain.paper_page_key(pagename)
    if not text and key in domain.entries:
        text = paper_description(domain.entries[key])
    if not text:
        text = page_digest(env, pagename)[0]
    return " ".join(text.split())


def site_title(app: Sphinx) -> str:
    return app.config.html_title or app.config.project


def base_url(app: Sphinx) -> str:
    """The site's address with a final slash, or "" when conf.py does not set html_baseurl."""
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" if base else ""


def page_url(app: Sphinx, docname: str, anchor: str = "") -> str:
    url = urljoin(base_url(app), app.builder.get_target_uri(docname))
    return f"{url}#{anchor}" if anchor else url


# --- the page head ------------------------------------------------------------------------------


def person_json_ld(app: Sphinx) -> str:
    person = {"@context": "https://schema.org", "@type": "Person", **app.config.academic_person}
    if base_url(app):
        person.setdefault("url", base_url(app))
    # "</" inside a script would end it early: JSON allows escaping the slash.
    payload = json.dumps(person, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/ld+json">{payload}</script>\n'


def add_head_tags(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree: nodes.document | None) -> None:
    text = description(app, pagename)
    tags = f'<meta name="description" content="{html.escape(text, quote=True)}">\n'
    if doctree is not None:
        # sphinxext-opengraph (next, at priority 500) takes og:* from the page's metadata, quoting
        # only '"'. A copy: the environment's metadata stays as read.
        meta = dict(context.get("meta") or {})
        meta.setdefault("og:description", html.escape(text, quote=False))
        context["meta"] = meta
    if pagename == app.config.root_doc and app.config.academic_person:
        tags += person_json_ld(app)
    context["metatags"] = context.get("metatags", "") + tags


# --- robots.txt, llms.txt, llms-full.txt --------------------------------------------------------


def page_order(env: BuildEnvironment) -> list[str]:
    """Every document in navigation order (depth first from the root), then any orphans."""
    ordered: list[str] = []

    def visit(docname: str) -> None:
        if docname in env.found_docs and docname not in ordered:
            ordered.append(docname)
            for child in env.toctree_includes.get(docname, []):
                visit(child)

    visit(env.config.root_doc)
    return ordered + sorted(env.found_docs - set(ordered))


def publication_line(app: Sphinx, entry: Publication) -> str:
    place = academic_domain(app.env).place_of(entry.key, prefer_page=True)
    url = page_url(app, *place) if place else (entry.links[0][1] if entry.links else "")
    title = f"[{entry.title_text}]({url})" if url else entry.title_text
    venue = f"*{entry.venue_text}*, " if entry.venue_text else ""
    links = "".join(f" [{label}]({link})" for label, link in entry.links)
    authors = styles.as_plain_text(styles.authors_text(entry, highlight=False)).rstrip(".")
    return f"- {title}: {authors}. {venue}{styles.year_label(entry.key)}.{links}"


def llms_index(app: Sphinx) -> str:
    """The llms.txt index (llmstxt.org): title, summary, then every page, paper and project."""
    env = app.env
    domain = academic_domain(env)
    paper_pages = set(domain.paper_pages())
    lines = [f"# {site_title(app)}", "", f"> {description(app, app.config.root_doc)}", "",
             "## Pages", ""]
    for docname in page_order(env):
        if docname not in paper_pages:
            title = env.titles[docname].astext() if docname in env.titles else docname
            lines.append(f"- [{title}]({page_url(app, docname)}): {description(app, docname)}")
    if domain.entries:
        lines += ["", "## Publications", ""]
        for entry in sorted(domain.entries.values(), key=lambda e: styles.newest_first(e.key)):
            lines.append(publication_line(app, entry))
    cards = env.get_domain("project").data["cards"]
    if cards:
        lines += ["", "## Projects", ""]
        for docname in page_order(env):
            for name, anchor, tags, summary in cards.get(docname, []):
                tag_text = f" (tags: {', '.join(tags)})" if tags else ""
                lines.append(f"- [{name}]({page_url(app, docname, anchor)}): "
                             f"{' '.join(summary.split())}{tag_text}")
    return "\n".join(lines) + "\n"


def inline_markdown(node: nodes.Node) -> str:
    """A paragraph's text, with external links, emphasis and code kept."""
    if isinstance(node, nodes.Text):
        return str(node)
    if skipped(node):
        return ""
    inner = "".join(inline_markdown(child) for child in node.children)
    if isinstance(node, nodes.reference) and node.get("refuri", "").startswith("http"):
        return f"[{inner}]({node['refuri']})"
    if isinstance(node, nodes.emphasis):
        return f"*{inner}*"
    if isinstance(node, nodes.strong):
        return f"**{inner}**"
    if isinstance(node, nodes.literal):
        return f"`{inner}`"
    return inner


def block_markdown(node: nodes.Node, depth: int) -> list[str]:
    """Markdown blocks for a body element: headings, paragraphs, lists and code."""
    if skipped(node):
        return []
    if isinstance(node, bibtex_block):
        return [f"```bibtex\n{node['bibtex']}\n```"]
    if isinstance(node, nodes.literal_block):
        language = node.get("language", "") if node.get("language") != "default" else ""
        return [f"```{language}\n{node.astext().strip(chr(10))}\n```"]
    if isinstance(node, nodes.title | project_card_title):
        level = depth if isinstance(node, nodes.title) else depth + 1
        return [f"{'#' * min(level, 6)} {' '.join(node.astext().split())}"]
    if isinstance(node, nodes.TextElement):
        text = " ".join(inline_markdown(node).split())
        return [text] if text else []
    if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
        marker = "- " if isinstance(node, nodes.bullet_list) else "1. "
        items = []
        for item in node.children:
            # One line per block (title, authors, venue...), indented under the marker.
            text = "\n".join(b for child in item.children for b in block_markdown(child, depth))
            items.append(marker + text.replace("\n", "\n" + " " * len(marker)))
        return ["\n".join(items)] if items else []
    blocks = []
    for child in node.children:
        blocks += block_markdown(child, depth + 1 if isinstance(node, nodes.section) else depth)
    return blocks


def llms_full(app: Sphinx) -> str:
    """The index, then the text of every page in navigation order."""
    parts = [llms_index(app)]
    for docname in page_order(app.env):
        parts.append(f"---\n\nSource: {page_url(app, docname)}\n\n"
                     + page_digest(app.env, docname)[1] + "\n")
    return "\n".join(parts)


def robots_txt(app: Sphinx) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if base_url(app) and "sphinx_sitemap" in app.extensions:
        lines += ["", f"Sitemap: {base_url(app)}{app.config.sitemap_filename}"]
    return "\n".join(lines) + "\n"


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    outdir = Path(app.outdir)
    for name, text in (("robots.txt", robots_txt(app)), ("llms.txt", llms_index(app)),
                       ("llms-full.txt", llms_full(app))):
        (outdir / name).write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    #: schema.org Person properties for the home page (name, jobTitle, worksFor, sameAs, ...).
    app.add_config_value("academic_person", {}, "html", types=[dict])
    app.add_domain(PageDigestDomain)
    app.connect("doctree-read", digest_page)
    app.connect("html-page-context", add_head_tags, priority=400)  # before sphinxext-opengraph
    app.connect("build-finished", write_files)
