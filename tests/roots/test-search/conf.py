# The extension is importable: tests/conftest.py puts extensions/ on sys.path.
extensions = ["myst_parser", "academic"]
html_theme = "furo"
academic_bibfile = "refs.bib"
academic_owner = ["Jacob Austin"]
academic_paper_dir = "publications"
