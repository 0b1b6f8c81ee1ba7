"""The export files a reference manager imports: each paper's ``<page>.bib``, ``<page>.ris`` and
``<page>.csl.json`` beside its page (``publications/<page>/`` in ``dirhtml``), and the whole
bibliography as ``publications.bib``, ``publications.ris`` and ``publications.csl.json`` at the
site's root, newest first as the lists are. ``<page>`` is the paper's page name: its BibTeX
key, unless the key holds characters a file name may not (:func:`.names.entry_names`).

Every file renders the checked records through :mod:`.formats`, as the pages do. They are
written in the ``html`` and ``dirhtml`` builders, once a build has succeeded; the links to
them are :mod:`.downloads`'. An incremental build writes what a clean one would: a file whose
text is unchanged is not written again (it keeps its modification time; when nothing they
depend on changed, none is even made), and the files the last successful build wrote that
this one does not (an entry removed from the BibTeX file, renamed, or no longer with a page)
are removed, with the folders they leave empty.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..bib import formats
from ..bib.model import PerRecord, Publication
from ..builder.incremental import fingerprint, read_manifest, write_manifest
from ..citations import styles
from ..config import SITE_BUILDERS
from ..publications.domain import academic_domain
from ..publications.downloads import FORMATS, LIST_STEM

#: Beside the doctrees: what the last successful build's files depend on (``fingerprint``),
#: and each file it wrote → the digest of its text (``files``).
MANIFEST = "academic-exports.json"


class EntryExports(NamedTuple):
    """One entry in each format: its BibTeX and RIS, and its CSL-JSON item (shared: read it,
    never change it)."""

    bibtex: str
    ris: str
    csl: dict[str, Any]


def render_exports(record: Publication) -> EntryExports:
    return EntryExports(formats.bibtex_entry(record), formats.ris_entry(record),
                        formats.csl_item(record))


#: The entry in each format, made once per record: its paper page's copy boxes, its own files
#: and the whole list's give the same texts.
entry_exports = PerRecord(render_exports)


def export_files(app: Sphinx) -> dict[str, str]:
    """Every export file of this build: its path in the output folder → its text, in the
    order of :data:`.FORMATS`."""
    domain = academic_domain(app.env)
    if app.builder.name not in SITE_BUILDERS or not domain.entries:
        return {}
    builder = cast(StandaloneHTMLBuilder, app.builder)
    outdir = Path(app.outdir)
    made = {key: entry_exports(record) for key, record in domain.entries.items()}
    files: dict[str, str] = {}
    for pagename, key in sorted(domain.paper_pages().items()):
        folder = Path(builder.get_outfilename(pagename)).parent.relative_to(outdir).as_posix()
        stem = PurePosixPath(pagename).name
        one = made[key]
        texts = (formats.bibtex_file([one.bibtex]), formats.ris_file([one.ris]),
                 formats.csl_file([one.csl]))
        for export, text in zip(FORMATS, texts, strict=True):
            files[PurePosixPath(folder, stem + export.suffix).as_posix()] = text
    order = [made[entry.key] for entry in sorted(domain.entries.values(),
                                                 key=styles.newest_first)]
    texts = (formats.bibtex_file(one.bibtex for one in order),
             formats.ris_file(one.ris for one in order),
             formats.csl_file([one.csl for one in order], one_per_line=True))
    for export, text in zip(FORMATS, texts, strict=True):
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


def exports_fingerprint(app: Sphinx) -> str:
    """What the files say depends on: each entry's text (its digest covers the owner's names,
    the marks and a ``crossref`` parent), the entries' order, the paper pages, the builder and
    the extension's code."""
    domain = academic_domain(app.env)
    return fingerprint(app.builder.name, list(domain.data["digests"].items()),
                       sorted(domain.paper_pages().items()), list(domain.entries))


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    outdir = Path(app.outdir)
    last = read_manifest(app, MANIFEST)
    files = last.get("files")
    previous: dict[str, str] = files if isinstance(files, dict) else {}
    mark = exports_fingerprint(app)
    # Nothing they depend on changed, and they are all there: nothing to write (a site of
    # 2,000 papers takes about a second to write them all).
    if last.get("fingerprint") == mark and all((outdir / path).is_file() for path in previous):
        return
    written: dict[str, str] = {}
    for relative, text in export_files(app).items():
        written[relative] = text_digest = digest(text)
        target = outdir / relative
        if previous.get(relative) == text_digest and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # newline="": the text's own "\n", whatever the platform.
        with target.open("w", encoding="utf-8", newline="") as file:
            file.write(text)
    for relative in sorted(previous.keys() - written.keys()):
        remove(outdir, relative)
    write_manifest(app, MANIFEST, {"fingerprint": mark, "files": written})


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_exports)
