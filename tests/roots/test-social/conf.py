# The extension is importable: tests/conftest.py puts the repository's extensions/ on sys.path
# (test roots are copied to a temporary directory, where a relative path would not find it).
extensions = ["myst_parser", "sphinxext.opengraph", "academic"]
html_theme = "furo"
html_title = "Ada Example"
html_baseurl = "https://example.org/site/"
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
academic_owner = ["Ada Example"]
academic_paper_pages_dir = "publications"
academic_person = {
    "name": "Ada Example",
    "jobTitle": "Researcher",
    "worksFor": {"@type": "Organization", "name": "Example Lab"},
    "description": "Making solvers <fast> & exact.",
}
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
