# One entry of each shape the exports write differently (a journal article with volume, issue,
# pages and a DOI; proceedings dated to the day; a preprint whose byline ends in "and others";
# names that stop before the owner's place, without "and others";
# a team's work with the owner as contributor; a thesis, a report, a book of editors; an
# undated entry; two of one year by the same authors, cited as 2019a and 2019b) and a hostile
# one, for test_exports.py.
extensions = ["myst_parser", "academic"]
html_theme = "furo"
academic_owner = ["Ada Example"]
academic_paper_pages_dir = "publications"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
