extensions = ["myst_parser", "academic"]
academic_owner = ["Jacob Austin"]
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
academic_person = {"name": "Jacob Austin",
                   "sameAs": ["https://github.com/jacobaustin123",
                              "https://research.google/people/jacob-austin/"]}
academic_links = [("Book: How To Scale Your Model", "https://jax-ml.github.io/scaling-book/")]
