extensions = ["myst_parser", "academic"]
html_theme = "furo"
academic_paper_dir = ""
