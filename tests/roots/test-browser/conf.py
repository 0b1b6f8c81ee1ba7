# A small whole site for the browser tests: the site's theme and extensions, pages of every kind
# (home, research, projects, teaching, music, a long page, publications), its own refs.bib and CV.
# The browser tests build it in a process of their own, with the extension on PYTHONPATH.
project = "Ada Quill"
author = "Ada Quill"
copyright = "Ada Quill"
language = "en"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "academic"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
academic_owner = ["Ada Quill"]
academic_paper_pages_dir = "publications"
academic_max_authors = 8
academic_cv = "cv.yaml"
academic_links = [("Book: Notes on Engines", "https://example.org/quill/book/")]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nitpicky = True
html_theme = "furo"
html_title = "Ada Quill"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {"source_repository": None, "footer_icons": []}
html_baseurl = "https://example.org/quill/"
