"""A paper page's head: Google Scholar's ``citation_*`` tags and a JSON-LD ``ScholarlyArticle``."""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .bibliography import Publication
from .domain import academic_domain

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
    if entry.year:
        date = f"{entry.year}/{entry.month:02d}" if entry.month else str(entry.year)
        tags.append(("citation_publication_date", date))
    venue_tag = SCHOLAR_VENUE_TAGS.get(entry.entry_type)
    if entry.venue and venue_tag:
        tags.append((venue_tag, entry.venue_text))
    for name, tag in (("volume", "citation_volume"), ("doi", "citation_doi")):
        if entry.fields.get(name):
            tags.append((tag, entry.fields[name]))
    web = [link for link in entry.links if not link.local]
    pdf = next((link.url for link in web if link.label == "PDF"), None)
    arxiv = next((link.url for link in web if link.label == "arXiv"), None)
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
    }
    if entry.year:
        data["datePublished"] = (f"{entry.year}-{entry.month:02d}" if entry.month
                                 else str(entry.year))
    if entry.venue:
        data["isPartOf"] = {"@type": "PublicationIssue" if entry.entry_type == "article"
                            else "CreativeWork", "name": entry.venue_text}
    if entry.abstract:
        data["abstract"] = entry.abstract
    same_as = [link.url for link in entry.links if not link.local]
    if same_as:
        data["sameAs"] = same_as
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON for an inline ``<script>``: "</" would end it early, and JSON may escape the slash."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def add_paper_metadata(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree: nodes.document | None) -> None:
    domain = academic_domain(app.env)
    key = domain.paper_page_key(pagename)
    if key is None or key not in domain.entries:
        return
    entry = domain.entries[key]
    tags = "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'
        for name, value in scholar_metadata(entry)
    )
    tags += f'<script type="application/ld+json">{script_json(json_ld(entry))}</script>\n'
    context["metatags"] = context.get("metatags", "") + tags


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_paper_metadata)
