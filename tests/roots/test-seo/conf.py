# The extension is importable: tests/conftest.py puts the repository's extensions/ on sys.path
# (test roots are copied to a temporary directory, where a relative path would not find it).
extensions = ["myst_parser", "sphinxext.opengraph", "sphinx_sitemap", "academic"]
html_theme = "furo"
html_title = "Ada Example"
html_baseurl = "https://example.org/site/"
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
academic_owner = ["Ada Example"]
academic_paper_pages_dir = "publications"
academic_person = {
    "name": "Ada Example",
    "jobTitle": "Researcher </script><b>",  # must not end the JSON-LD script element
    "worksFor": {"@type": "Organization", "name": "Example Lab"},
    "sameAs": ["https://github.com/ada-example"],
}
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_description_length = 160  # what search engines show of a description
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
