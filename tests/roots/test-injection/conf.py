extensions = ["myst_parser", "academic"]
html_theme = "furo"
academic_owner = ["<b>Owner</b>"]
