"""Sphinx configuration for the website (the owner's name: `name` below)."""

import contextlib
import io
import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

# The site's own extension lives outside the content, in extensions/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "extensions"))

# sphinxext-opengraph prints "matplotlib is not installed, social cards will not be generated"
# when it is imported without matplotlib, which only its own cards need. Imported here with its
# output set aside, it is already loaded, quietly, when Sphinx sets it up.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

# Whose site this is: the name is typed once, here.
name = "Jacob Austin"
project = author = copyright = html_title = name
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinxcontrib.bibtex",
    "academic",
]

# --- citations: sphinxcontrib-bibtex, in the academic extension's styles (its defaults:
# "Title. Authors. Venue, 2021a." in lists, the owner in bold; "(Lovelace et al., 2021a)") ------
bibtex_bibfiles = ["../refs.bib"]

# --- the academic extension -------------------------------------------------------------------
academic_owner = [name]
academic_paper_pages_dir = "publications"
# Author lists longer than this show the first names and the owner, and fold the rest into an
# "and 8 more" disclosure (a paper of 16 authors); 0 shows every name.
academic_max_authors = 8
# Who the site is about: the CV file, in JSON Resume's shape. The CV page and PDF, the home
# page's Career list, the Teaching and Honors lists and the home page's JSON-LD Person are made
# from it. (``academic_person = {...}`` adds or overrides schema.org Person properties.)
academic_cv = "cv.yaml"
# The CV PDF lists the selected papers (two pages) and links the complete list; the CV page
# lists them all.
academic_cv_pdf_publications = {"keyword": "selected"}

# The home page's row of links: the profiles of the CV file, then these other addresses.
academic_links = [("Book: How To Scale Your Model", "https://jax-ml.github.io/scaling-book/")]

# --- content ----------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
nitpicky = True

# --- HTML -------------------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "source_repository": None,
}

# The site's public address, named once: every canonical link, og:url, JSON-LD, the feed, the
# sitemap, llms.txt and the CV PDF take it from here. Read the Docs gives it when it builds the
# site; anywhere else it is the owner's domain. `nox -s audit` checks a build of its own served
# on localhost, and names that address in SITE_PREVIEW_URL (nothing it builds is published).
html_baseurl = (os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get("SITE_PREVIEW_URL")
                or "https://www.jacobaustin.org/")

# --- extensions from the ecosystem -------------------------------------------------------------
# The academic extension sets what every academic site sets alike, from html_baseurl (each
# line here would win over it): the sitemap's addresses without /en/ and without the search,
# index and 404 pages; sphinxext-opengraph's absolute addresses, its own preview images off
# (the extension draws one for every page); the 404 page's links under the site's path, with a
# link home and a search box. See the colophon's settings.
ogp_description_length = 160  # what search engines show of a description
# How the site is built is for those who fork it, not for visitors: a link at the foot of every
# page (furo's footer links take an absolute path), not an entry of the navigation.
html_theme_options["footer_icons"] = [{
    # furo writes the address as given: quoted here, whatever the environment's address holds.
    "name": "How this site is built",
    "url": f"{quote(urlsplit(html_baseurl).path.rstrip('/'), safe='/%')}/colophon/",
    "html": "How this site is built", "class": "academic-footer-link",
}]
