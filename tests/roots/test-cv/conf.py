# The extension is importable: tests/conftest.py puts the repository's extensions/ on sys.path.
extensions = ["myst_parser", "academic"]
html_baseurl = "https://example.org/ada/"
academic_owner = ["Ada Example"]
academic_paper_pages_dir = "publications"
academic_cv = "cv.yaml"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
