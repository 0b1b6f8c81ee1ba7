"""No page reads a file from outside the project.

A page can pull a file into itself: ``include``, ``literalinclude``, and ``raw`` or
``csv-table`` with ``:file:``. A file outside the project (:func:`..config.project_root`),
reached by ``..``, an absolute path or a symlink, would be published as part of the page: a
build server's ``/proc/self/environ``, a key. Such a directive is an error at its line and
writes nothing, and its file is not read. ``raw`` and ``csv-table`` with ``:url:`` fetch a file
from the network as the page is read: an error too, as the file belongs in the project, where
every build reads the same.

MyST runs ``include`` itself and never calls the directive's ``run``: it reads the file, then
hands its text to Sphinx's ``include-read`` event. There the text is emptied before it reaches
the page, and the error is placed at the directive's line in the page's source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.misc import Raw, adapt_path
from docutils.utils import SystemMessagePropagation
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import config as settings

logger = logging.getLogger(__name__)

#: docutils' own files (``include:: <isonum.txt>``): part of the toolchain, not the machine's.
STANDARD_INCLUDES = Path(DocutilsInclude.standard_include_path).resolve()
#: A MyST directive that includes a file, and its argument: "```{include} ../notes.md".
MYST_INCLUDE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{include\}\s*(\S.*?)\s*$")


def problem_with(srcdir: Path, path: Path) -> str | None:
    """Why the file at ``path`` may not be read by a page of ``srcdir``, or None."""
    if path.resolve().is_relative_to(STANDARD_INCLUDES):
        return None
    real = settings.outside_project(srcdir, path)
    if real is None:
        return None
    root = settings.project_root(srcdir)
    return (f"is {real}, outside the project ({root}): it is not read; copy the file into "
            "the project instead")


class ConfinedFile(SphinxDirective):
    """A directive that reads a file only from inside the project."""

    def refused(self, written: str, path: Path | None) -> bool:
        """Whether the file ``written`` (at ``path``; None: fetched from the network) is
        refused, with the error at the directive's line."""
        if path is None:
            problem: str | None = ("is fetched from the network as the page is read; save the "
                                   "file into the project and give its path in :file:")
        else:
            problem = problem_with(self.env.srcdir, path)
        if problem is None:
            return False
        logger.warning(f"{self.name}: {written!r} {problem}", type="academic",
                       subtype="files", location=self.get_location())
        return True

    def option_file(self) -> tuple[str, Path | None] | None:
        """The file of a ``:file:`` or ``:url:`` option, where docutils reads it (its own
        ``adapt_path``: from the file the directive is in, an included one too)."""
        if "url" in self.options:
            return self.options["url"], None
        if "file" not in self.options:
            return None
        written: str = self.options["file"]
        source = self.state.document.current_source or str(self.env.doc2path(self.env.docname))
        root_prefix = getattr(self.state.document.settings, "root_prefix", "")
        return written, Path(adapt_path(written, source, root_prefix))


class ConfinedInclude(Include, ConfinedFile):
    def run(self) -> Sequence[Node]:
        written = self.arguments[0]
        standard = written.startswith("<") and written.endswith(">")
        if not standard and self.refused(written, Path(self.env.relfn2path(written)[1])):
            return []
        return super().run()


class ConfinedLiteralInclude(LiteralInclude, ConfinedFile):
    def run(self) -> list[Node]:
        # The file shown, and the one it is compared with (``:diff:``): Sphinx reads both.
        for written in (self.arguments[0], self.options.get("diff")):
            if written and self.refused(written, Path(self.env.relfn2path(written)[1])):
                return []
        return super().run()


class ConfinedRaw(Raw, ConfinedFile):
    def run(self) -> Sequence[Node]:
        found = self.option_file()
        if found is not None and self.refused(*found):
            return []
        return super().run()


class ConfinedCSVTable(CSVTable, ConfinedFile):
    """Checked where docutils reads the file (``get_csv_data``): after Sphinx's ``run`` has
    made an absolute ``:file:`` that does not exist one from the documentation's folder."""

    written = ""

    def run(self) -> list[Node]:  # type: ignore[override]  # as Sphinx's CSVTable.run
        self.written = self.options.get("file", "")
        return super().run()

    def get_csv_data(self) -> tuple[list[str], str]:
        found = self.option_file()
        if found is not None and self.refused(self.written or found[0], found[1]):
            # What docutils' run returns for a table it cannot make: here, nothing to show.
            raise SystemMessagePropagation(nodes.comment())
        data: tuple[list[str], str] = super().get_csv_data()  # type: ignore[no-untyped-call]
        return data


def myst_include(app: Sphinx, docname: str, path: Path) -> tuple[int | None, str]:
    """The line of the MyST ``include`` of ``docname`` that read ``path``, and the path as it
    is written there. MyST names the file read, symlinks followed: the n-th time a page reads
    a file is the n-th directive of the page that leads to it."""
    try:
        lines = app.env.doc2path(docname).read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    real = path.resolve()
    found = [(number, match[1]) for number, match in enumerate(map(MYST_INCLUDE.match, lines), 1)
             if match and Path(app.env.relfn2path(match[1], docname)[1]).resolve() == real]
    # Counted in the data of the page being read, which Sphinx clears before each page.
    seen = cast("dict[Path, int]",
                app.env.current_document.setdefault("academic_outside_includes", {}))
    index = seen[real] = seen.get(real, -1) + 1
    return found[index] if index < len(found) else (None, str(path))


def empty_include_from_outside(app: Sphinx, relative: Path, parent: str,
                               content: list[str]) -> None:
    """The text of an included file from outside the project, read by MyST (see the
    docstring), never reaches the page."""
    path = Path(app.srcdir) / relative
    problem = problem_with(app.srcdir, path)
    if problem is None:
        return
    content[0] = ""
    docname = app.env.current_document.docname
    line, written = myst_include(app, docname, path)
    logger.warning(f"include: {written!r} {problem}", type="academic", subtype="files",
                   location=(docname, line))


def setup(app: Sphinx) -> None:
    app.add_directive("include", ConfinedInclude, override=True)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    app.add_directive("raw", ConfinedRaw, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.connect("include-read", empty_include_from_outside)
