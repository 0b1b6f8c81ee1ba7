extensions = ["myst_parser", "academic"]
html_theme = "furo"
academic_paper_pages_dir = ""
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
