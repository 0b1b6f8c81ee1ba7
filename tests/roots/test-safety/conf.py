# A whole small site, every path a user's file reaches an output by: the CV file, refs.bib
# (with a paper file and a preview), a card with an image, the profile links, static files.
extensions = ["myst_parser", "academic"]
html_baseurl = "https://example.org/ada/"
html_static_path = ["_static"]
academic_owner = ["Ada Example"]
academic_cv = "cv.yaml"
academic_social_cards = False
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
