extensions = ["myst_parser", "sphinxcontrib.bibtex", "academic"]
academic_owner = ["Albert Einstein", "Jane Smith", "A. Martin", "Alice Foo"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
html_theme = "furo"

