extensions = ["myst_parser", "academic"]
academic_owner = ["Ada Lovelace"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
html_theme = "furo"
html_static_path = ["_static"]
