extensions = ["myst_parser", "academic"]
academic_cv = "cv.yaml"
