"""No page reads a file from outside the project.

A page can pull a file into itself: ``include``, ``literalinclude``, and ``raw`` or
``csv-table`` with ``:file:``. A file outside the project (:func:`..config.project_root`),
reached by ``..``, an absolute path or a symlink, would be published as part of the page: a
build server's ``/proc/self/environ``, a key. Such a directive is an error at its line and
writes nothing, and its file is not read. ``raw`` and ``csv-table`` with ``:url:`` fetch a file
from the network as the page is read: an error too, as the file belongs in the project, where
every build reads the same.

MyST runs ``include`` itself and never calls the directive's ``run``: it reads the file first,
then hands its text to Sphinx's ``include-read`` event. So a Markdown page's includes are
looked at before MyST reads the page (``source-read``, and ``include-read`` for the text of an
included file): one of a file from outside the project is renamed, in place, to a directive
that only says so at its line (:class:`RefusedInclude`), and the file is never read. Should
MyST read one anyway (a form this reading does not know), its text is emptied in
``include-read`` before it reaches the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.misc import Raw, adapt_path
from docutils.utils import SystemMessagePropagation
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import config as settings

logger = logging.getLogger(__name__)

#: docutils' own files (``include:: <isonum.txt>``): part of the toolchain, not the machine's.
STANDARD_INCLUDES = Path(DocutilsInclude.standard_include_path).resolve()
#: A fence of MyST's: its marker and what follows it ("{include} ../notes.md", "python"), to be
#: stripped; matched whole, as a lazy match ending in spaces would try them all at every
#: length (a minute for a line of 100,000 spaces after a fence).
FENCE = re.compile(r"\s*(`{3,}|~{3,}|:{3,})(.*)")
#: An include's directive, and the file it names.
MYST_INCLUDE = re.compile(r"\{include\}\s*(\S.*)")
#: What a MyST include of a file from outside the project becomes (:class:`RefusedInclude`).
REFUSED_INCLUDE = "academic-refused-include"


def included_path(env: BuildEnvironment, written: str, docname: str | None = None) -> Path:
    """The file an ``include`` of ``written`` reads: docutils' own for ``<name>``
    (``<isonum.txt>``; ``<../../x>`` leaves that folder, and is checked as any other), else
    the page's file as Sphinx finds it."""
    # As docutils reads the name: each of its lines stripped, and joined ("x/.\n   ./secret"
    # is "x/../secret").
    written = directives.path(written)
    if written.startswith("<") and written.endswith(">"):
        return STANDARD_INCLUDES / written[1:-1]
    return Path(env.relfn2path(written, docname)[1])


def problem_with(srcdir: Path, path: Path) -> str | None:
    """Why the file at ``path`` may not be read by a page of ``srcdir``, or None."""
    if path.resolve().is_relative_to(STANDARD_INCLUDES):
        return None
    real = settings.outside_project(srcdir, path)
    if real is None:
        return None
    return (f"is {real}, {settings.not_in_site(srcdir, real)}: it is not read; copy the file "
            "into the project instead")


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
        written = directives.path(self.arguments[0])  # a name over lines, as docutils joins it
        if self.refused(written, included_path(self.env, written)):
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


class RefusedInclude(ConfinedFile):
    """A MyST ``include`` of a file from outside the project, renamed before MyST read the
    page (see the module's docstring): the error at its line, and nothing read. It takes the
    options an include takes, so that MyST accepts it as it was written."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {**(Include.option_spec or {}), **dict.fromkeys(
        ("relative-images", "relative-docs", "heading-offset"), directives.unchanged)}

    def run(self) -> list[Node]:
        self.name = "include"  # as the page wrote it
        written = self.arguments[0]
        self.refused(written, included_path(self.env, written))
        return []


def refuse_myst_includes(text: str, refused: Callable[[str], bool]) -> str:
    """The Markdown ``text`` with each include of a file ``refused`` refuses renamed
    :data:`REFUSED_INCLUDE`, in place (every line keeps its number). A fence that opens no
    directive is code: what it shows is an example, not an include."""
    lines = text.split("\n")
    fences: list[tuple[str, int, bool]] = []  # the open fences: marker, length, code
    for number, line in enumerate(lines):
        fence = FENCE.fullmatch(line)
        if fence is None:
            continue
        marker, rest = fence[1], fence[2].strip()
        if fences and not rest and marker[0] == fences[-1][0] and len(marker) >= fences[-1][1]:
            fences.pop()  # closes the innermost
        elif not (fences and fences[-1][2]):  # not in code
            fences.append((marker[0], len(marker), not rest.startswith("{")))
            include = MYST_INCLUDE.fullmatch(rest)
            if include and refused(include[1].strip()):
                lines[number] = line.replace("{include}", f"{{{REFUSED_INCLUDE}}}", 1)
    return "\n".join(lines)


def refuser(app: Sphinx, docname: str) -> Callable[[str], bool]:
    """Whether a page's include of the file written so would read it from outside."""
    def refused(written: str) -> bool:
        return problem_with(app.srcdir, included_path(app.env, written, docname)) is not None
    return refused


def is_markdown(app: Sphinx, path: Path) -> bool:
    parser: str | None = app.config.source_suffix.get(path.suffix)
    return parser == "markdown"


def refuse_before_reading(app: Sphinx, docname: str, source: list[str]) -> None:
    if is_markdown(app, Path(app.env.doc2path(docname))):
        source[0] = refuse_myst_includes(source[0], refuser(app, docname))


def check_included_text(app: Sphinx, relative: Path, parent: str, content: list[str]) -> None:
    """An included file's own includes are looked at before its text is read; a file from
    outside the project that MyST read anyway never reaches the page."""
    docname = app.env.current_document.docname
    path = Path(app.srcdir) / relative
    problem = problem_with(app.srcdir, path)
    if problem is not None:
        content[0] = ""
        logger.warning(f"include: {str(relative)!r} {problem}", type="academic",
                       subtype="files", location=(docname, None))
    elif is_markdown(app, path):
        content[0] = refuse_myst_includes(content[0], refuser(app, docname))


def setup(app: Sphinx) -> None:
    app.add_directive("include", ConfinedInclude, override=True)
    app.add_directive("literalinclude", ConfinedLiteralInclude, override=True)
    app.add_directive("raw", ConfinedRaw, override=True)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.add_directive(REFUSED_INCLUDE, RefusedInclude)
    app.connect("source-read", refuse_before_reading)
    app.connect("include-read", check_included_text)
