extensions = ["myst_parser", "academic"]
academic_owner = ["Jacob Austin"]
html_theme = "furo"
