# A site that leaves to the academic extension what every academic site sets alike: no
# citation style, sitemap, Open Graph or 404 settings.
extensions = ["myst_parser", "sphinxext.opengraph", "sphinx_sitemap", "notfound.extension",
              "academic"]
project = html_title = "Ada Example"
html_theme = "furo"
html_baseurl = "https://example.org/"
bibtex_bibfiles = ["refs.bib"]
academic_owner = ["Ada Example"]
academic_paper_pages_dir = ""
