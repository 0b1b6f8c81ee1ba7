extensions = ["myst_parser", "academic"]
academic_owner = ["Jacob Austin"]
academic_paper_pages_dir = ""
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
