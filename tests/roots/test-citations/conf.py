extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic"]
academic_owner = ["Jacob Austin"]
academic_paper_pages_dir = ""
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
html_theme = "furo"
