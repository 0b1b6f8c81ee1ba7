"""The export files a reference manager imports: each paper's ``<page>.bib``, ``<page>.ris`` and
``<page>.csl.json`` beside its page (``publications/<page>/`` in ``dirhtml``), and the whole
bibliography as ``publications.bib``, ``publications.ris`` and ``publications.csl.json`` at the
site's root, newest first as the lists are. ``<page>`` is the paper's page name: its BibTeX
key, unless the key holds characters a file name may not (:func:`.names.entry_names`).

Every file renders the checked records through :mod:`.formats`, as the pages do. They are
written in the ``html`` and ``dirhtml`` builders, once a build has succeeded; the links to
them are :mod:`.downloads`'. An incremental build writes what a clean one would: a file whose
text is unchanged is not written again (it keeps its modification time), and the files the
last successful build wrote that this one does not (an entry removed from the BibTeX file,
renamed, or no longer with a page) are removed, with the folders they leave empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..bib import formats
from ..bib.records import Publication
from ..citations import styles
from ..publications.domain import academic_domain
from ..publications.downloads import EXPORT_BUILDERS, FORMATS, LIST_STEM

#: Beside the doctrees: each file the last successful build wrote → the digest of its text.
MANIFEST = "academic-exports.json"


def texts(records: Sequence[Publication]) -> tuple[str, ...]:
    """The records in each of :data:`.FORMATS`, in its order."""
    return formats.bibtex(records), formats.ris(records), formats.csl_json(records)


def export_files(app: Sphinx) -> dict[str, str]:
    """Every export file of this build: its path in the output folder → its text."""
    domain = academic_domain(app.env)
    if app.builder.name not in EXPORT_BUILDERS or not domain.entries:
        return {}
    builder = cast(StandaloneHTMLBuilder, app.builder)
    outdir = Path(app.outdir)
    files: dict[str, str] = {}
    for pagename, key in sorted(domain.paper_pages().items()):
        folder = Path(builder.get_outfilename(pagename)).parent.relative_to(outdir)
        stem = PurePosixPath(pagename).name
        for export, text in zip(FORMATS, texts([domain.entries[key]]), strict=True):
            files[PurePosixPath(folder.as_posix(), stem + export.suffix).as_posix()] = text
    entries = sorted(domain.entries.values(), key=styles.newest_first)
    for export, text in zip(FORMATS, texts(entries), strict=True):
        files[LIST_STEM + export.suffix] = text
    return files


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def remove(outdir: Path, relative: str) -> None:
    """Delete a file of the output folder and the folders it leaves empty."""
    path = outdir / relative
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in EXPORT_BUILDERS:
        return
    outdir = Path(app.outdir)
    manifest = Path(app.doctreedir) / MANIFEST
    try:
        previous: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    written: dict[str, str] = {}
    for relative, text in export_files(app).items():
        written[relative] = mark = digest(text)
        target = outdir / relative
        if previous.get(relative) == mark and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # newline="": the text's own "\n", whatever the platform.
        with target.open("w", encoding="utf-8", newline="") as file:
            file.write(text)
    for relative in sorted(previous.keys() - written.keys()):
        remove(outdir, relative)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_exports)
