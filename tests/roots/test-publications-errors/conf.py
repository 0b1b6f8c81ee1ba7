extensions = ["myst_parser", "academic"]
academic_paper_pages_dir = "papers"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
