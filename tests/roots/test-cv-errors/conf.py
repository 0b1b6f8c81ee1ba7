extensions = ["myst_parser", "academic"]
academic_cv = "cv.yaml"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
