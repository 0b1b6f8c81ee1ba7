extensions = ["myst_parser", "academic"]
academic_owner = ["Jacob Austin"]
academic_paper_dir = ""
