# The extension is importable: tests/conftest.py puts extensions/ on sys.path.
extensions = ["myst_parser", "academic"]
html_theme = "furo"
academic_owner = ["Jacob Austin"]
academic_paper_pages_dir = "publications"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
