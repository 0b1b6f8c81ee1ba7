"""Publications from the BibTeX file: the list, citations that link to it, and a page per paper.

* ``publications`` directive: entries grouped by year (newest first), or a compact list;
* ``publication`` directive: the body of a per-paper page (generated, one per entry);
* ``{cite:p}`` / ``{cite:t}`` roles: "(Austin et al., 2021)" / "Austin et al. (2021)", linking
  to the entry;
* the ``cite`` domain owns which page shows, lists and cites which entry, so that editing the
  BibTeX file re-reads exactly the pages that show a changed entry.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_refnode

from .bibliography import (
    KINDS,
    Bibliography,
    NameMatcher,
    Publication,
    RichText,
    load_bibliography,
)

logger = logging.getLogger(__name__)

#: First line of every generated per-paper page: only files that start with it are ever deleted.
GENERATED_MARKER = "<!-- Generated from the BibTeX file by the academic extension. "


def warn(message: str, location: Any, subtype: str) -> None:
    """A warning of the extension's own type (``academic.<subtype>`` in ``suppress_warnings``)."""
    logger.warning(message, location=location, type="academic", subtype=subtype)


# --- state ------------------------------------------------------------------------------------


class CiteDomain(Domain):
    """Which page lists, shows and cites which publication."""

    name = "cite"
    label = "Publications"
    object_types = {"publication": ObjType("publication", "p", "t")}
    initial_data: dict[str, Any] = {
        "entries": {},  # key -> Publication (the whole bibliography, set before reading)
        "digests": {},  # key -> digest of the entry's text in the previous build
        "anchors": {},  # key -> docname of the full list that shows it (id = key)
        "shown": {},  # docname -> keys whose text the page renders (lists, paper pages, citations)
        "listings": set(),  # docnames with a publications directive (depend on every entry)
        "paper_pages": {},  # docname -> key of the per-paper page
    }

    @property
    def entries(self) -> dict[str, Publication]:
        return self.data["entries"]

    def note_shown(self, docname: str, keys: Iterable[str]) -> None:
        self.data["shown"].setdefault(docname, set()).update(keys)

    def note_anchor(self, docname: str, key: str) -> None:
        current = self.data["anchors"].get(key)
        if current is None or docname < current:  # deterministic whatever the read order
            self.data["anchors"][key] = docname

    def clear_doc(self, docname: str) -> None:
        self.data["shown"].pop(docname, None)
        self.data["listings"].discard(docname)
        self.data["paper_pages"].pop(docname, None)
        for key, page in list(self.data["anchors"].items()):
            if page == docname:
                del self.data["anchors"][key]

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["shown"]:
                self.data["shown"][docname] = otherdata["shown"][docname]
            if docname in otherdata["listings"]:
                self.data["listings"].add(docname)
            if docname in otherdata["paper_pages"]:
                self.data["paper_pages"][docname] = otherdata["paper_pages"][docname]
        for key, docname in otherdata["anchors"].items():
            if docname in docnames:
                self.note_anchor(docname, key)

    def paper_page_of(self, key: str) -> str | None:
        """The docname of the entry's own page, if it has one."""
        return min((d for d, k in self.data["paper_pages"].items() if k == key), default=None)

    def target_of(self, key: str) -> tuple[str, str] | None:
        """(docname, anchor) that shows an entry best: its place in the full list, or its page."""
        if key in self.data["anchors"]:
            return self.data["anchors"][key], key
        paper_page = self.paper_page_of(key)
        return (paper_page, "") if paper_page else None

    def resolve_xref(
        self, env, fromdocname: str, builder: Builder, typ: str, target: str,
        node: addnodes.pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | None:
        place = self.target_of(target)
        entry = self.entries.get(target)
        if place is None or entry is None:
            return None
        docname, anchor = place
        if typ == "page" and self.paper_page_of(target):
            docname, anchor = self.paper_page_of(target), ""
        title = f"{entry.title_text} ({entry.year})"
        reference = make_refnode(builder, fromdocname, docname, anchor or None, contnode, title)
        # Classes on a pending_xref are lost when it stays unresolved: they travel separately.
        reference["classes"].extend(node.get("academic_classes", []))
        return reference

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self.resolve_xref(env, fromdocname, builder, "p", target, node, contnode)
        return [("cite:p", found)] if found else []

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return type.lname  # "publication", not "Publications publication", in search results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Publications are search-index objects, so a paper's title finds its entry first.
        for key, entry in self.entries.items():
            place = self.target_of(key)
            if place:
                yield key, entry.title_text, "publication", place[0], place[1] or key, 1


def cite_domain(env: BuildEnvironment) -> CiteDomain:
    return env.get_domain("cite")  # type: ignore[return-value]


# --- loading the bibliography once per build ---------------------------------------------------


def bibfile_path(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.academic_bibfile).resolve()


def load_bibfile(app: Sphinx) -> None:
    """Load and check the BibTeX file before any page is read; note which entries changed."""
    domain = cite_domain(app.env)
    path = bibfile_path(app)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as error:
        warn(f"cannot read the BibTeX file {path}: {error.strerror}; set academic_bibfile in "
             "conf.py to the path of your .bib file", None, "bibtex")
        source = ""
    cache = {digest: domain.entries[key] for key, digest in domain.data["digests"].items()
             if key in domain.entries}
    owner = NameMatcher.from_names(app.config.academic_owner)
    bibliography: Bibliography = load_bibliography(source, owner, cache)
    for problem in bibliography.problems:
        warn(problem.message, f"{path}:{problem.line}", "bibtex")

    old = domain.data["digests"]
    new = bibliography.digests
    app.env.academic_changed_keys = {  # type: ignore[attr-defined]
        key for key in old.keys() | new.keys() if old.get(key) != new.get(key)
    }
    domain.data["entries"] = bibliography.entries
    domain.data["digests"] = new
    write_paper_pages(app, bibliography.entries)


def outdated_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Pages to re-read because an entry they show changed (sphinxcontrib-bibtex misses these)."""
    changed_keys: set[str] = getattr(env, "academic_changed_keys", set())
    if not changed_keys:
        return []
    domain = cite_domain(env)
    pages = {doc for doc, keys in domain.data["shown"].items() if keys & changed_keys}
    pages |= domain.data["listings"]  # a filtered list may gain or lose entries
    return sorted(pages)


# --- per-paper pages ---------------------------------------------------------------------------


def paper_docname(config, key: str) -> str:
    return f"{config.academic_paper_dir}/{slug(key)}"


def slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def write_paper_pages(app: Sphinx, entries: dict[str, Publication]) -> None:
    """Write one tiny source file per entry; Sphinx then reads them like any page.

    Files are only written when their text changes (so incremental builds stay incremental), and
    only files this extension generated are ever removed.
    """
    if not app.config.academic_paper_dir:
        return
    folder = Path(app.srcdir) / app.config.academic_paper_dir
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for key in entries:
        wanted[f"{slug(key)}.md"] = (
            f"{GENERATED_MARKER}Edit the BibTeX file, not this file. -->\n\n"
            f"```{{publication}} {key}\n```\n"
        )
    for existing in folder.glob("*.md"):
        if existing.name not in wanted and _is_generated(existing):
            existing.unlink()
    for name, text in wanted.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            if target.exists() and not _is_generated(target):
                warn(f"{target} exists and was not generated: not overwriting it with the page "
                     f"for this entry; rename the file or the BibTeX key", None, "pages")
                continue
            target.write_text(text, encoding="utf-8")


def _is_generated(path: Path) -> bool:
    with path.open(encoding="utf-8") as file:
        return file.readline().startswith(GENERATED_MARKER)


# --- rendering an entry as docutils nodes -------------------------------------------------------


def rich_nodes(text: RichText) -> list[nodes.Node]:
    styles = {"em": nodes.emphasis, "strong": nodes.strong}
    result: list[nodes.Node] = []
    for run, style in text:
        result.append(styles[style](run, run) if style in styles else nodes.Text(run))
    return result


def authors_paragraph(entry: Publication) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["academic-authors"])
    authors = entry.authors
    for position, author in enumerate(authors):
        if position:
            last = position == len(authors) - 1
            paragraph += nodes.Text(
                (" and " if len(authors) == 2 else ", and ") if last and not author.is_others
                else ", " if not author.is_others else " "
            )
        if author.is_others:
            paragraph += nodes.Text("et al.")
            continue
        name = nodes.strong(author.name, author.name, classes=["academic-owner"]) \
            if author.is_owner else nodes.Text(author.name)
        paragraph += name
        if author.equal_contribution:
            paragraph += nodes.abbreviation("*", "*", explanation="equal contribution")
    return paragraph


def venue_paragraph(entry: Publication) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["academic-venue"])
    if entry.venue:
        paragraph += nodes.emphasis("", "", *rich_nodes(entry.venue))
        paragraph += nodes.Text(", ")
    paragraph += nodes.Text(str(entry.year))
    return paragraph


def links_paragraph(entry: Publication) -> nodes.paragraph | None:
    if not entry.links:
        return None
    paragraph = nodes.paragraph(classes=["academic-links"])
    for label, url in entry.links:
        paragraph += nodes.reference(label, label, refuri=url, classes=["academic-badge"])
        paragraph += nodes.Text(" ")
    paragraph.pop()
    return paragraph


class bibtex_block(nodes.General, nodes.Element):
    """A BibTeX entry in a disclosure: ``<details>`` in HTML, a literal block elsewhere."""


def visit_bibtex_html(translator, node: bibtex_block) -> None:
    translator.body.append(
        '<details class="academic-bibtex"><summary>BibTeX</summary>'
        f'<pre><code>{html.escape(node["bibtex"])}</code></pre></details>\n'
    )
    raise nodes.SkipNode


def visit_bibtex_other(translator, node: bibtex_block) -> None:
    translator.visit_literal_block(nodes.literal_block(node["bibtex"], node["bibtex"]))
    raise nodes.SkipNode


def citation_reference(entry: Publication, text: str) -> addnodes.pending_xref:
    """A link to where the entry is shown, resolved once every page has been read."""
    return addnodes.pending_xref(
        "", nodes.Text(text), refdomain="cite", reftype="p", reftarget=entry.key,
        refexplicit=True, refwarn=False,
    )


def title_link(entry: Publication, reftype: str) -> addnodes.pending_xref:
    reference = addnodes.pending_xref(
        "", refdomain="cite", reftype=reftype, reftarget=entry.key, refexplicit=True,
        refwarn=False,
    )
    # Sphinx resolves a reference around its first child only: keep the title in one node.
    reference += nodes.inline("", "", *rich_nodes(entry.title))
    return reference


def entry_item(entry: Publication, *, compact: bool, paper_pages: bool) -> nodes.list_item:
    item = nodes.list_item(classes=["academic-entry"])
    title = nodes.paragraph(classes=["academic-title"])
    if paper_pages:
        title += title_link(entry, "page")
    else:
        title += rich_nodes(entry.title)
    item += title
    item += authors_paragraph(entry)
    item += venue_paragraph(entry)
    links = links_paragraph(entry)
    if links is not None:
        item += links
    if not compact:
        item["ids"].append(entry.key)
        item.insert(0, addnodes.index(entries=index_entries(entry)))
        item += bibtex_block(bibtex=entry.bibtex)
    return item


def index_entries(entry: Publication) -> list[tuple[str, str, str, str, None]]:
    """General-index entries: the title, and the title under its year and its venue."""
    title = entry.title_text.replace(";", ",")
    entries = [
        ("single", title, entry.key, "main", None),
        ("single", f"{entry.year}; {title}", entry.key, "", None),
    ]
    if entry.venue:
        entries.append(("single", f"{entry.venue_text.replace(';', ',')}; {title}", entry.key,
                        "", None))
    return entries


# --- directives and roles -----------------------------------------------------------------------


def year_range(argument: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", argument or "")
    if not match:
        raise ValueError("must be a year such as 2021 or a range such as 2020-2022")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return min(first, last), max(first, last)


def kinds(argument: str) -> frozenset[str]:
    chosen = frozenset(k.strip().lower() for k in (argument or "").split(",") if k.strip())
    unknown = chosen - set(KINDS)
    if not chosen or unknown:
        raise ValueError(f"must be one or more of {', '.join(KINDS)} (got {argument!r})")
    return chosen


class PublicationsDirective(SphinxDirective):
    """List publications from the BibTeX file, newest year first.

    Options: ``:keyword:`` (only entries with that keyword), ``:type:`` (paper, report,
    software), ``:year:`` (2021 or 2020-2022), ``:compact:`` (one short list, no BibTeX),
    ``:toctree:`` (put the listed entries' own pages in the navigation, below this page).
    """

    has_content = False
    option_spec = {
        "keyword": directives.unchanged_required,
        "type": directives.unchanged_required,
        "year": directives.unchanged_required,
        "compact": directives.flag,
        "toctree": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        domain = cite_domain(self.env)
        try:
            wanted_kinds = kinds(self.options["type"]) if "type" in self.options else None
            years = year_range(self.options["year"]) if "year" in self.options else None
        except ValueError as error:
            option = "type" if "type" in self.options and "must be one or more" in str(error) \
                else "year"
            warn(f"publications :{option}: {error}", self.get_location(), "publications")
            return []
        keyword = self.options.get("keyword", "").strip().lower()
        selected = [
            entry for entry in domain.entries.values()
            if (not keyword or keyword in entry.keywords)
            and (wanted_kinds is None or entry.kind in wanted_kinds)
            and (years is None or years[0] <= entry.year <= years[1])
        ]
        # Newest first; within a year, the order of the BibTeX file.
        order = {key: index for index, key in enumerate(domain.entries)}
        selected.sort(key=lambda e: (-e.year, -(e.month or 0), order[e.key]))

        domain.data["listings"].add(self.env.docname)
        domain.note_shown(self.env.docname, (e.key for e in selected))
        paper_pages = bool(self.config.academic_paper_dir)
        compact = "compact" in self.options
        if not selected:
            warn("publications: no entry matches the options given; check :keyword:, :type: "
                 "and :year:", self.get_location(), "publications")
            return []

        if compact:
            listing = nodes.enumerated_list(classes=["academic-publications", "compact"])
            listing += [entry_item(e, compact=True, paper_pages=paper_pages) for e in selected]
            return [listing]

        sections = []
        for year in sorted({e.year for e in selected}, reverse=True):
            section = nodes.section(classes=["academic-year"])
            section_id = f"publications-{year}"
            while section_id in self.state.document.ids:
                section_id += "-"
            section["ids"].append(section_id)
            self.state.document.ids[section_id] = section
            section += nodes.title(str(year), str(year))
            listing = nodes.enumerated_list(classes=["academic-publications"])
            for entry in selected:
                if entry.year == year:
                    listing += entry_item(entry, compact=False, paper_pages=paper_pages)
                    domain.note_anchor(self.env.docname, entry.key)
            section += listing
            sections.append(section)
        if "toctree" in self.options and paper_pages:
            sections.append(self.paper_toctree(selected))
        return sections

    def paper_toctree(self, entries: list[Publication]) -> nodes.compound:
        """A hidden toctree of the per-paper pages, in the order of the list."""
        docnames = [paper_docname(self.config, e.key) for e in entries]
        toctree = addnodes.toctree(
            parent=self.env.docname, entries=[(None, d) for d in docnames],
            includefiles=docnames, maxdepth=1, caption=None, glob=False, hidden=True,
            includehidden=False, numbered=0, titlesonly=True,
        )
        self.set_source_info(toctree)
        return nodes.compound("", toctree, classes=["toctree-wrapper"])


class PublicationDirective(SphinxDirective):
    """The body of a per-paper page: every detail of one entry (its key is the argument)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        domain = cite_domain(self.env)
        key = self.arguments[0]
        entry = domain.entries.get(key)
        if entry is None:
            warn(f"publication: unknown key {key!r}; it is not in the BibTeX file",
                 self.get_location(), "publications")
            return []
        domain.data["paper_pages"][self.env.docname] = key
        domain.note_shown(self.env.docname, [key])

        section = nodes.section(ids=[entry.key], classes=["academic-paper"])
        section += nodes.title("", "", *rich_nodes(entry.title))
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
        back += addnodes.pending_xref(
            "", nodes.Text("See it in the list of all publications"), refdomain="cite",
            reftype="p", reftarget=key, refexplicit=True, refwarn=False,
        )
        cite += back
        section += cite
        return [section]


class CiteRole(SphinxRole):
    """``{cite:p}`key1,key2``` → "(Austin et al., 2021; Nye et al., 2021)"; ``cite:t`` → textual."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = cite_domain(self.env)
        keys = [key.strip() for key in self.text.split(",") if key.strip()]
        textual = self.name.endswith(":t")
        known = []
        for key in keys:
            if key in domain.entries:
                known.append(domain.entries[key])
            else:
                warn(f"unknown citation key {key!r}; add it to the BibTeX file or fix the "
                     "spelling", self.get_location(), "cite")
        domain.note_shown(self.env.docname, keys)
        if not known:
            return [nodes.inline(self.text, self.text, classes=["academic-cite", "missing"])], []

        result = nodes.inline(classes=["academic-cite"])
        if not textual:
            result += nodes.Text("(")
        for index, entry in enumerate(known):
            if index:
                result += nodes.Text("; " if not textual else ", ")
            names = entry.short_authors or entry.title_text
            text = f"{names} ({entry.year})" if textual else f"{names}, {entry.year}"
            reference = citation_reference(entry, text)
            self.set_source_info(reference)
            result += reference
        if not textual:
            result += nodes.Text(")")
        return [result], []


CiteDomain.roles = {"p": CiteRole(), "t": CiteRole()}
CiteDomain.directives = {}


# --- per-paper page head: Google Scholar tags and JSON-LD ---------------------------------------


SCHOLAR_VENUE_TAGS = {
    "article": "citation_journal_title",
    "inproceedings": "citation_conference_title",
    "conference": "citation_conference_title",
    "techreport": "citation_technical_report_institution",
}


def scholar_metadata(entry: Publication) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` tags, in the order its inclusion guidelines list them."""
    tags = [("citation_title", entry.title_text)]
    tags += [("citation_author", a.name) for a in entry.named_authors]
    date = f"{entry.year}/{entry.month:02d}" if entry.month else str(entry.year)
    tags.append(("citation_publication_date", date))
    venue_tag = SCHOLAR_VENUE_TAGS.get(entry.entry_type)
    if entry.venue and venue_tag:
        tags.append((venue_tag, entry.venue_text))
    for name, tag in (("volume", "citation_volume"), ("doi", "citation_doi")):
        if entry.fields.get(name):
            tags.append((tag, entry.fields[name]))
    pdf = next((url for label, url in entry.links if label == "PDF"), None)
    arxiv = next((url for label, url in entry.links if label == "arXiv"), None)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    elif arxiv:
        tags.append(("citation_pdf_url", arxiv.replace("/abs/", "/pdf/")))
    if arxiv:
        tags.append(("citation_arxiv_id", arxiv.rsplit("/", 1)[-1]))
    return tags


def json_ld(entry: Publication) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": entry.title_text,
        "name": entry.title_text,
        "author": [{"@type": "Person", "name": a.name} for a in entry.named_authors],
        "datePublished": f"{entry.year}-{entry.month:02d}" if entry.month else str(entry.year),
    }
    if entry.venue:
        data["isPartOf"] = {"@type": "PublicationIssue" if entry.entry_type == "article"
                            else "CreativeWork", "name": entry.venue_text}
    if entry.abstract:
        data["abstract"] = entry.abstract
    same_as = [url for _label, url in entry.links]
    if same_as:
        data["sameAs"] = same_as
    return data


def add_paper_metadata(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree: nodes.document | None) -> None:
    domain = cite_domain(app.env)
    key = domain.data["paper_pages"].get(pagename)
    if key is None or key not in domain.entries:
        return
    entry = domain.entries[key]
    tags = "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'
        for name, value in scholar_metadata(entry)
    )
    # "</" inside a script would end it early: JSON allows escaping the slash.
    payload = json.dumps(json_ld(entry), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    tags += f'<script type="application/ld+json">{payload}</script>\n'
    context["metatags"] = context.get("metatags", "") + tags


def setup(app: Sphinx) -> None:
    app.add_config_value("academic_bibfile", "refs.bib", "env", types=[str])
    app.add_config_value("academic_owner", [], "env", types=[list])
    app.add_config_value("academic_paper_dir", "publications", "env", types=[str])
    app.add_node(
        bibtex_block,
        html=(visit_bibtex_html, None),
        latex=(visit_bibtex_other, None),
        text=(visit_bibtex_other, None),
        man=(visit_bibtex_other, None),
        texinfo=(visit_bibtex_other, None),
    )
    app.add_domain(CiteDomain)
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("publication", PublicationDirective)
    app.connect("builder-inited", load_bibfile)
    app.connect("env-get-outdated", outdated_pages)
    app.connect("html-page-context", add_paper_metadata)
