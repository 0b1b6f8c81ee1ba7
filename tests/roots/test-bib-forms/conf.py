extensions = ["myst_parser", "academic"]
academic_owner = ["Grace Hopper"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
html_theme = "furo"
