"""The CV: one data file in JSON Resume's shape, and every view of it.

``academic_cv = "cv.yaml"`` in conf.py names the file (YAML or JSON, beside conf.py). Its shape is
the JSON Resume schema's (``basics``, ``work``, ``education``, ``awards``, ``interests``...),
as al-folio's ``resume.json``, with a few additions for an academic: ``teaching`` (courses),
``talks``, ``category: music`` on an award, and ``papers`` (keys of the BibTeX files) on a job,
a school, a course, an award or a talk.

The modules: the strict schema (:mod:`.schema`), the file read and checked (:mod:`.parsing`),
the CV of a build, kept between builds (:mod:`.data`), the items as text (:mod:`.text`), the
``cv`` directive (:mod:`.directive`), the JSON-LD Person (:mod:`.person`) and the PDF
(:mod:`.pdf`, :file:`cv.typ`).
"""
