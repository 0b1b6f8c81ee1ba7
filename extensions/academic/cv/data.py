"""The CV of this build: the file named by ``academic_cv``, read once a build and kept.

Read after the BibTeX files (the ``papers`` keys are checked against them) and before Sphinx
decides which pages to read again: when the CV changed, the home page (whose JSON-LD Person is
made from it) and every page with a ``cv`` directive are read again. The CV changes with its
file, and also with the BibTeX files alone: a ``papers`` key an edit of refs.bib adds or takes
away makes the file right or wrong, and a CV with a mistake shows nothing. Kept in a domain of
its own, so that parallel reads and incremental builds see the same data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence, Set
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..bib.source import NotUTF8, decode
from ..config import conf_location, outside_problem
from ..publications.domain import academic_domain
from .parsing import CV, parse

logger = logging.getLogger(__name__)


class CVDomain(Domain):
    """The CV data of this build (None when the file has a problem, or there is none), and
    the pages that show it (``readers``)."""

    name = "academic-cv"
    label = "CV"
    initial_data: ClassVar[dict[str, Any]] = {"cv": None, "path": "", "previous_digest": "",
                                              "readers": set()}

    def note_reader(self, docname: str) -> None:
        self.data.setdefault("readers", set()).add(docname)

    def clear_doc(self, docname: str) -> None:
        self.data.setdefault("readers", set()).discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.data["cv"] = otherdata.get("cv") or self.data["cv"]
        self.data.setdefault("readers", set()).update(
            set(otherdata.get("readers", ())) & set(docnames))

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no cross-reference targets of its own


def pages_if_changed(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                     removed: Set[str]) -> Sequence[str]:
    """When the CV changed (its file, or whether it is right: see the module's text), the home
    page, whose JSON-LD Person is made from it, and the pages that show it are read again."""
    domain = env.get_domain("academic-cv")
    found = domain.data["cv"]
    digest = found.digest if found is not None else ""
    if digest == domain.data.get("previous_digest", ""):
        return []
    pages = {env.config.root_doc, *domain.data.get("readers", ())}
    return sorted(pages & env.found_docs)


#: The largest CV file read: two hundred times the owner's, and a bound on the work a file can
#: ask of the build (50,000 prizes, 6 MB, took a minute and a half and 1.6 GB to lay out).
MAX_BYTES = 1_000_000


def cv_of(env: BuildEnvironment) -> CV | None:
    cv: CV | None = env.get_domain("academic-cv").data["cv"]
    return cv


def cv_path(app: Sphinx) -> Path | None:
    name = app.config.academic_cv
    return (Path(app.confdir) / name).resolve() if name else None


def load_cv(app: Sphinx) -> None:
    """Read and check the file once a build, once the BibTeX files are (their keys are
    checked), before Sphinx decides which pages to read again."""
    env = app.env
    domain = env.get_domain("academic-cv")
    previous = domain.data["cv"]
    domain.data["previous_digest"] = previous.digest if previous is not None else ""
    domain.data["cv"] = None
    path = cv_path(app)
    domain.data["path"] = str(path or "")
    if path is None:
        return
    outside = outside_problem(app.confdir, f"the CV file {app.config.academic_cv!r}", path)
    if outside is not None:
        logger.warning(outside, location=conf_location(app, "academic_cv"), type="academic",
                       subtype="files")
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            logger.warning(f"the CV file is {size:,} bytes, more than a CV's {MAX_BYTES:,}: it "
                           "is not read; keep the CV's facts in it, and longer texts on pages",
                           location=f"{path}:1", type="academic", subtype="cv")
            return
        with path.open("rb") as file:  # no more than the bound, whatever the file grew to
            raw = file.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            logger.warning(f"the CV file is more than a CV's {MAX_BYTES:,} bytes: it is not "
                           "read; keep the CV's facts in it, and longer texts on pages",
                           location=f"{path}:1", type="academic", subtype="cv")
            return
    except OSError as error:
        logger.warning(f"cannot read the CV file {path}: {error.strerror}; fix academic_cv in "
                       "conf.py", type="academic", subtype="cv",
                       location=conf_location(app, "academic_cv"))
        return
    try:
        text = decode(raw)
    except NotUTF8 as error:
        logger.warning(error.message, location=f"{path}:{error.line}", type="academic",
                       subtype="cv")
        return
    data, problems = parse(text, academic_domain(env).entries.keys())
    for problem in problems:
        logger.warning(problem.message, location=f"{path}:{problem.line}", type="academic",
                       subtype="cv")
    if data is not None:
        digest = hashlib.sha256(text.encode()).hexdigest()
        domain.data["cv"] = CV(data, digest)


def setup(app: Sphinx) -> None:
    app.add_domain(CVDomain)
    # After the BibTeX files are loaded (bibfiles: builder-inited, priority 400).
    app.connect("builder-inited", load_cv, priority=600)
    app.connect("env-get-outdated", pages_if_changed)
