# One entry of each shape the model knows, for the cross-format test (test_one_truth.py): every
# output is built (the list, paper pages, the CV page and PDF, the feed, llms.txt, the cards).
extensions = ["myst_parser", "sphinxext.opengraph", "academic"]
html_theme = "furo"
html_title = "Ada Example"
html_baseurl = "https://example.org/ada/"
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
academic_owner = ["Ada Example"]
academic_paper_pages_dir = "publications"
academic_cv = "cv.yaml"
# Small, so that lists of five names are folded: the rule is exercised on every form.
academic_max_authors = 4
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
