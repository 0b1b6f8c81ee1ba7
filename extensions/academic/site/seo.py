"""What the site tells search engines and link previews about itself.

* every page gets a ``<meta name="description">``: the front matter's ``description:``, else a
  per-paper summary ("Title — Ada Lovelace, Charles Babbage, and 9 more. NeurIPS, 2021."),
  else the page's first paragraph;
  the same text is the page's ``og:description`` (:mod:`.head` hands it to sphinxext-opengraph);
* the home page gets a JSON-LD ``Person``: made from the CV file (``academic_cv``, see
  :func:`.cv.person`: name, jobTitle, worksFor, alumniOf, sameAs), then updated with
  ``academic_person`` in conf.py, whose properties win (a site without a CV file sets them all
  there);
* ``robots.txt`` points crawlers at the sitemap (sphinx-sitemap writes it).

Everything is computed when pages and files are written, so a rebuild, incremental or not, is
byte-identical.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..bib.characters import UNWRITABLE
from ..bib.display import SHORT_NAMES, display_of, full_stop
from ..bib.model import Publication
from ..builder.incremental import write_if_changed
from ..config import SITE_BUILDERS, base_url, site_title
from ..cv.data import cv_of
from ..cv.person import person
from ..publications.domain import academic_domain
from .escape import script_json
from .page_text import page_digest

logger = logging.getLogger(__name__)

#: Pages Sphinx and its extensions generate without a source, hence without a first paragraph.
GENERATED_PAGES = {
    "genindex": "An alphabetical index of the topics, publications and projects on {site}.",
    "search": "Search the pages, publications and projects of {site}.",
    "404": "This page of {site} does not exist; the navigation leads to every page there is.",
}

# --- descriptions -------------------------------------------------------------------------------


def paper_description(entry: Publication) -> str:
    """"Title — Ada Lovelace, Charles Babbage, and 9 more. Venue, 2021.": what the paper is,
    not a dump of its BibTeX; the model's author line as a card has it (the owner's part
    whole, no mark after a name: no legend is beside it), then its venue line."""
    model = display_of(entry)
    credit = ". ".join(part for part in (model.credit_text(SHORT_NAMES).rstrip("."),
                                         model.venue_line()) if part)
    return full_stop(f"{entry.title_text} — {credit}")


def description(app: Sphinx, pagename: str) -> str:
    """The page's description: front matter, else paper summary, else first paragraph."""
    env = app.env
    domain = academic_domain(env)
    key = domain.paper_page_key(pagename)
    if key in domain.entries:
        text = paper_description(domain.entries[key])
    elif pagename not in env.found_docs:
        text = GENERATED_PAGES.get(pagename, "{site}").format(site=site_title(app))
    else:
        text = (str(env.metadata.get(pagename, {}).get("description", "")).strip()
                or page_digest(app, pagename)[0])
    return " ".join(text.split())


# --- the page head ------------------------------------------------------------------------------


def person_properties(app: Sphinx) -> dict[str, Any]:
    """The owner's schema.org Person: from the CV file, then conf.py's ``academic_person``."""
    found = cv_of(app.env)
    return {**(person(found) if found is not None else {}), **app.config.academic_person}


def person_json_ld(app: Sphinx, properties: dict[str, Any]) -> str:
    person = {"@context": "https://schema.org", "@type": "Person", **properties}
    if base_url(app):
        person.setdefault("url", base_url(app))
    return f'<script type="application/ld+json">{script_json(person)}</script>\n'


def head_tags(app: Sphinx, description: str | None, person: dict[str, Any]) -> str:
    """The description tag, where the page has a description (sphinxext-opengraph writes none
    where one is); the owner's JSON-LD, given the home page's ``person``."""
    tags = ""
    if description is not None:
        tags += f'<meta name="description" content="{html.escape(description, quote=True)}">\n'
    if person:
        tags += person_json_ld(app, person)
    return tags


# --- robots.txt ---------------------------------------------------------------------------------


def robots_txt(app: Sphinx) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if base_url(app) and "sphinx_sitemap" in app.extensions:
        lines += ["", f"Sitemap: {base_url(app)}{app.config.sitemap_filename}"]
    return "\n".join(lines) + "\n"


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    write_if_changed(Path(app.outdir) / "robots.txt", robots_txt(app))


#: What an address cannot hold as it is: a page named so would be another page's address
#: ("a#b" is page "a") or no address at all in the sitemap, the feed, llms.txt and links.
NOT_IN_ADDRESS = re.compile(r"[\s\"<>#?%\\^`{|}]")


def check_page_names(app: Sphinx, env: BuildEnvironment) -> None:
    """A page's address goes into sitemap.xml, the feed, llms.txt and every link to it: a file
    name with a character XML 1.0 cannot hold (a control character) would make the whole
    sitemap unreadable, one an address cannot hold as it is (a space, "#", "?", "%") would
    lead elsewhere."""
    for docname in sorted(env.found_docs):
        if UNWRITABLE.search(docname):
            problem = "a control character, which the sitemap cannot hold"
        elif found := sorted(set(NOT_IN_ADDRESS.findall(docname))):
            problem = (f"{' '.join(repr(char) for char in found)}, which its address cannot "
                       "hold as it is")
        else:
            continue
        logger.warning(f"the file name {docname!r} has {problem}; rename the file (letters, "
                       "digits, '-', '_' and '.')", location=(docname, None), type="academic",
                       subtype="pages")


def setup(app: Sphinx) -> None:
    app.connect("env-updated", check_page_names)
    app.connect("build-finished", write_files)
