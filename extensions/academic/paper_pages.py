"""A page per paper: ``publications/<key>/``, with every detail of one entry.

Each page is a tiny generated source file whose only content is the ``publication`` directive;
Sphinx then reads it like any page. The pages are orphans, outside the navigation tree: a site
with 2,000 papers must not carry 2,000 links in every page's sidebar. Files are written only
when their text changes (so incremental builds stay incremental), and only files this extension
generated are ever deleted.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import styles
from .domain import academic_domain, publication_xref
from .entry_nodes import authors_paragraph, bibtex_block, links_paragraph, rendered, venue_paragraph
from .names import page_names

logger = logging.getLogger(__name__)

#: Heads every generated per-paper page: only files that have it are ever deleted.
GENERATED_MARKER = "<!-- Generated from the BibTeX file by the academic extension. "


def write_paper_pages(app: Sphinx) -> None:
    """Write one tiny source file per entry (after the BibTeX file is loaded)."""
    if not app.config.academic_paper_dir:
        return
    folder = Path(app.srcdir) / app.config.academic_paper_dir
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {
        f"{name}.md": (f"---\norphan: true\n---\n{GENERATED_MARKER}Edit the BibTeX file, "
                       f"not this file. -->\n\n```{{publication}} {key}\n```\n")
        for key, name in page_names(academic_domain(app.env).entries).items()
    }
    for existing in folder.glob("*.md"):
        if existing.name not in wanted and _is_generated(existing):
            existing.unlink()
    for name, text in wanted.items():
        target = folder / name
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        if target.exists() and not _is_generated(target):
            logger.warning(f"{target} exists and was not generated: not overwriting it with the "
                           "page for this entry; rename the file or the BibTeX key",
                           type="academic", subtype="pages")
            continue
        target.write_text(text, encoding="utf-8")


def _is_generated(path: Path) -> bool:
    with path.open(encoding="utf-8") as file:
        return GENERATED_MARKER in file.read(len(GENERATED_MARKER) + 64)


class PublicationDirective(SphinxDirective):
    """The body of a per-paper page: every detail of one entry (its key is the argument)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        domain = academic_domain(self.env)
        key = self.arguments[0]
        entry = domain.entries.get(key)
        if entry is None:
            logger.warning(f"publication: unknown key {key!r}; it is not in the BibTeX file",
                           location=self.get_location(), type="academic",
                           subtype="publications")
            return []
        domain.note_paper_page(self.env.docname, key)
        domain.note_shown(self.env.docname, [key])

        section = nodes.section(ids=[nodes.make_id(key) or "paper"], classes=["academic-paper"])
        section += nodes.title("", "", *rendered(styles.rich(entry.title)))
        section += authors_paragraph(entry)
        section += venue_paragraph(entry)
        links = links_paragraph(entry)
        if links is not None:
            section += links
        if entry.abstract:
            abstract = nodes.section(ids=["abstract"])
            abstract += nodes.title("Abstract", "Abstract")
            abstract += nodes.paragraph(entry.abstract, entry.abstract)
            section += abstract
        cite = nodes.section(ids=["cite"])
        cite += nodes.title("Cite", "Cite")
        cite += bibtex_block(bibtex=entry.bibtex)
        back = nodes.paragraph(classes=["academic-back"])
        back += publication_xref(key, nodes.Text("See it in the list of all publications"))
        cite += back
        section += cite
        return [section]


def setup(app: Sphinx) -> None:
    app.add_directive("publication", PublicationDirective)
    # After the BibTeX file is loaded (priority 400), before Sphinx looks for changed sources.
    app.connect("builder-inited", write_paper_pages, priority=450)
