extensions = ["myst_parser", "academic"]
academic_owner = ["Jacob Austin"]
academic_max_authors = 4
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
