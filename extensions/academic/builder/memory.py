"""What the build keeps to its end, left out of Python's collections of reference cycles.

Python's collector of cycles looks, in each of its full collections, at every object the
process holds. At 2,000 papers those include the environment, the parsed BibTeX files and the
doctrees read, and full collections took 4.8 s of a 32 s clean build, though none of those
objects becomes garbage before the build ends. They are frozen (:func:`gc.freeze`, the
standard library's way to set long-lived objects aside) once the files are loaded, after each
page is read (Sphinx keeps its doctree for the writing) and once every page is read;
collections then look at what each page makes while it is written (0.9 s in all). The build
ends (``build-finished``, whether it passed or failed) by putting them back
(:func:`gc.unfreeze`): a process that builds again, as ``serve`` and the tests do, collects
them as usual.
"""

from __future__ import annotations

import gc
from typing import Any

from sphinx.application import Sphinx


def set_aside(app: Sphinx, *args: Any) -> None:
    gc.freeze()


def put_back(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()


def setup(app: Sphinx) -> None:
    # After the BibTeX files are read (the extension's, 400, and sphinxcontrib-bibtex's, 500).
    app.connect("builder-inited", set_aside, priority=900)
    # After every other handler has read the page, and filled the environment.
    app.connect("doctree-read", set_aside, priority=900)
    app.connect("env-updated", set_aside, priority=900)
    # Last: the other handlers of the build's end still run with the objects set aside.
    app.connect("build-finished", put_back, priority=900)
