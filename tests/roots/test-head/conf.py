# The extension is importable: tests/conftest.py puts the repository's extensions/ on sys.path.
extensions = ["myst_parser", "sphinxext.opengraph", "academic"]
html_theme = "furo"
html_title = "Ada Example"
html_baseurl = "https://example.org/site/"
academic_owner = ["Ada Example"]
academic_paper_pages_dir = "publications"
academic_person = {"name": "Ada Example", "jobTitle": "Researcher"}
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
