"""``llms.txt`` (an index of the site) and ``llms-full.txt`` (every page as Markdown).

The format is llmstxt.org's: the site's title and summary, then every page, publication and
project with a link and a line about it. Both files are written once the site is written, from
the page digests of :mod:`.page_text`, so a rebuild, incremental or not, is byte-identical; a
file that did not change is not written again.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..bib.display import display_of, full_stop
from ..bib.model import Publication
from ..builder.incremental import write_if_changed
from ..citations import styles
from ..config import SITE_BUILDERS, page_url, site_title
from ..projects.cards import project_domain
from ..publications.domain import academic_domain
from ..publications.nodes import site_files
from .escape import markdown_text, markdown_url
from .feed import feed_url
from .page_text import page_digest
from .paper_pages import page_markdown as paper_page_markdown
from .seo import description


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
    """"- [Title](page): the model's author line, every name. *Venue*, 2021. [arXiv](…)".
    The line says what the marks after names mean in words, not with the marks
    (:attr:`.Display.credit_in_words`): an agent may read one line of the index alone, with no
    legend; the pages' text in llms-full.txt keeps the marks, and the legend beside them."""
    model = display_of(entry)
    place = academic_domain(app.env).place_of(entry.key, prefer_page=True)
    # The page's badges in their order, the site's own files at their full addresses.
    files = iter(site_files(app, entry))
    web = [found for link in entry.links
           if (found := link if not link.local else next(files, None)) is not None]
    url = page_url(app, *place) if place else (web[0].url if web else "")
    title = markdown_text(entry.title_text)
    title = f"[{title}]({markdown_url(url)})" if url else title
    venue, between = model.venue_parts()
    year = markdown_text(model.year_text)
    when = f"*{markdown_text(venue)}*{between}{year}" if venue else year
    links = "".join(f" [{markdown_text(link.label)}]({markdown_url(link.url)})" for link in web)
    authors = markdown_text(model.credit_in_words.rstrip("."))
    credit = f"{authors}. " if authors else ""
    return f"- {title}: {credit}{full_stop(when)}{links}"


def llms_index(app: Sphinx) -> str:
    """The llms.txt index (llmstxt.org): title, summary, then every page, paper and project."""
    env = app.env
    domain = academic_domain(env)
    lines = [f"# {markdown_text(site_title(app))}", "",
             f"> {markdown_text(description(app, app.config.root_doc))}", "",
             "## Pages", ""]
    for docname in page_order(env):
        title = env.titles[docname].astext() if docname in env.titles else docname
        lines.append(f"- [{markdown_text(title)}]({markdown_url(page_url(app, docname))}): "
                     f"{markdown_text(description(app, docname))}")
    if domain.entries:
        lines += ["", "## Publications", ""]
        feed = feed_url(app)
        if feed:
            # A section holds a list of links alone (llmstxt.org): the feed is its first.
            lines.append(f"- [Atom feed]({markdown_url(feed)}): every publication below, "
                         "newest first")
        for entry in sorted(domain.entries.values(), key=styles.newest_first):
            lines.append(publication_line(app, entry))
    cards = project_domain(env).cards()
    if cards:
        lines += ["", "## Projects", ""]
        for docname in page_order(env):
            for card in cards.get(docname, []):
                tag_text = (f" (tags: {markdown_text(', '.join(card.tags))})" if card.tags
                            else "")
                url = markdown_url(page_url(app, docname, card.anchor))
                lines.append(f"- [{markdown_text(card.name)}]({url}): "
                             f"{markdown_text(card.summary)}{tag_text}")
    return "\n".join(lines) + "\n"


def llms_full(app: Sphinx, index: str) -> str:
    """The index, then the text of every page in navigation order, then of every paper page."""
    pages = [(docname, page_digest(app, docname)[1]) for docname in page_order(app.env)]
    pages += paper_page_markdown(app.env).items()
    parts = [index]
    for pagename, markdown in pages:
        parts.append(f"---\n\nSource: {page_url(app, pagename)}\n\n{markdown}\n")
    return "\n".join(parts)


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    outdir = Path(app.outdir)
    index = llms_index(app)
    write_if_changed(outdir / "llms.txt", index)
    write_if_changed(outdir / "llms-full.txt", llms_full(app, index))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_files)
