"""Sphinx configuration for the website (the owner's name: `name` below)."""

import contextlib
import io
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

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

# --- citations: sphinxcontrib-bibtex, in the styles of the academic extension ------------------
bibtex_bibfiles = ["../refs.bib"]
bibtex_default_style = "academic"  # "Title. Authors. Venue, 2021a.", the owner in bold
bibtex_reference_style = "academic"  # author–year, "(Austin et al., 2021a)"

# --- the academic extension -------------------------------------------------------------------
academic_owner = [name]
academic_paper_pages_dir = "publications"
# Author lists longer than this show the first names and the owner, and fold the rest into an
# "and 8 more" disclosure (the 16-author code review paper); 0 shows every name.
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
sitemap_url_scheme = "{link}"  # no /en/ prefix: the site is served from its root
sitemap_excludes = ["search/", "genindex/", "404/"]  # not content: nothing to index there
ogp_site_url = html_baseurl
ogp_description_length = 160  # what search engines show of a description
# Descriptions: sphinxext-opengraph's, from the first paragraph; the academic extension gives
# its own where it has one (a page's front matter, a paper's summary).
# Preview images: the academic extension draws one for every page (academic.social), with
# twitter:card summary_large_image; sphinxext-opengraph's own cards (matplotlib) stay off.
ogp_social_cards = {"enable": False}
# The 404 page is served at any depth: its links are absolute, under the site's own path
# ("/" locally, "/en/latest/" on Read the Docs).
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
# How the site is built is for those who fork it, not for visitors: a link at the foot of every
# page (furo's footer links take an absolute path), not an entry of the navigation.
html_theme_options["footer_icons"] = [{
    "name": "How this site is built", "url": f"{notfound_urls_prefix}colophon/",
    "html": "How this site is built", "class": "academic-footer-link",
}]
# A reader who followed a broken link gets a way on: the home page, and a search of the site.
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>There is no page at this address. Go to the "
        f'<a href="{notfound_urls_prefix}">home page</a>, or search the site:</p>\n'
        # No role="search": the sidebar's search box is the page's search landmark already.
        f'<form class="academic-notfound-search" action="{notfound_urls_prefix}search/" '
        'method="get">\n'
        '<label for="notfound-query">Search the site</label>\n'
        '<input id="notfound-query" type="search" name="q" autocomplete="off">\n'
        '<button type="submit">Search</button>\n'
        "</form>"
    ),
}
