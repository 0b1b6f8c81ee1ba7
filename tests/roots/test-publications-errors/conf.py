extensions = ["myst_parser", "academic"]
academic_paper_dir = "papers"
