"""Deletion is an edit: what a clean build would no longer write is gone after an incremental one.

Sphinx writes into the output folder it finds, and never removes anything from it: a deleted
page's HTML and its ``_sources`` copy, or a static file deleted from ``html_static_path`` (or
``html_extra_path``), would stay published for as long as the folder lives (``nox -s build``
keeps it from build to build). So, once a build has succeeded:

* the output files of every page Sphinx reports removed (``env-get-outdated``) are deleted,
  with the folders they leave empty, and so are the images (``_images/``) and downloads
  (``_downloads/``) that no page uses any more (Sphinx's lists of them, ``env.images`` and
  ``env.dlfiles``, have already forgotten a removed page's);
* the copies of the pages' sources (``_sources/``) that are not a page's any more: a removed
  page's, and every one once ``html_copy_source`` is turned off (their names, which Sphinx
  lists nowhere, are :mod:`.compat.outputs`'); a file the site's own extra folder puts there
  stays;
* the files the static and extra folders gave the last build, and no longer give (a list kept
  beside the doctrees), are deleted from the output, unless the theme has a file of that name
  (the site's own hid it until now) or this build wrote one; and so are the folders they gave
  (an empty one too, which Sphinx copies) once no source gives them and they are empty;
* sphinx-sitemap's ``sitemap.xml`` once the site has no address (``html_baseurl``): it writes
  none then, and says so, but the last one stayed;
* ``.buildinfo.bak``: Sphinx moves the last build's ``.buildinfo`` there when an HTML setting
  changed (``html_baseurl``, ``html_title``, ``bibtex_bibfiles``…), and never removes it.

And before a build that rewrites every page because a setting changed (an HTML setting, seen
by Sphinx's ``.buildinfo``, or one of the environment, such as ``language``), ``_static`` is
emptied: Sphinx fills it again as it writes, and the files only the old setting gave (the old
language's stemmer and translations, an old logo or favicon, the last theme's files) are gone.

The extension's own outputs that are named after their content remove their old names
themselves (a paper page, a preview card, the CV PDF).
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import time
import weakref
from collections.abc import Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import CONFIG_NEW, CONFIG_OK, BuildEnvironment
from sphinx.util.matching import Matcher

from .. import config as settings
from ..compat import outputs as compat_outputs

#: Pages removed in the running build of each app, and when that build started.
_removed: weakref.WeakKeyDictionary[Sphinx, set[str]] = weakref.WeakKeyDictionary()
_started: weakref.WeakKeyDictionary[Sphinx, float] = weakref.WeakKeyDictionary()

MANIFEST = "academic-static-files.json"
STATIC_FOLDER = "_static"


def note_removed(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                 removed: Set[str]) -> list[str]:
    _removed.setdefault(app, set()).update(removed)
    return []


def empty_static_on_new_settings(app: Sphinx, env: BuildEnvironment, added: Set[str],
                                 changed: Set[str], removed: Set[str]) -> list[str]:
    """Empty ``_static`` when a changed setting has Sphinx write every page (see the module's
    docstring). Sphinx decides on its ``.buildinfo`` before reading, and copies the static
    files as it starts writing: this runs between the two."""
    outdir = Path(app.outdir)
    html_setting_changed = (outdir / compat_outputs.BUILD_INFO_BACKUP).is_file()
    environment_changed = env.config_status not in (CONFIG_OK, CONFIG_NEW)
    if isinstance(app.builder, StandaloneHTMLBuilder) and (html_setting_changed
                                                           or environment_changed):
        shutil.rmtree(outdir / STATIC_FOLDER, ignore_errors=True)
    return []


def note_start(app: Sphinx) -> None:
    _started[app] = time.time()
    _removed[app] = set()


def static_outputs(app: Sphinx) -> list[str]:
    """The output paths (relative to the output folder) of the site's own static and extra
    files, as Sphinx's copy names them: excluded patterns and dotfiles skipped, ``x_t``
    templates written as ``x``. The extension's own folder ships the same files every build."""
    return static_tree(app)[0]


def static_tree(app: Sphinx) -> tuple[list[str], set[str]]:
    """:func:`static_outputs`, and the folders Sphinx's copy makes for them in the output: an
    empty one too, which a clean build has."""
    confdir = Path(app.confdir)
    own = settings.STATIC.resolve()
    excluded = Matcher([*app.config.exclude_patterns, "**/.*"])
    found = []
    folders: set[str] = set()
    sources = [(name, "_static") for name in app.config.html_static_path]
    sources += [(name, "") for name in app.config.html_extra_path]
    for name, prefix in sources:
        folder = confdir / name
        if not folder.is_dir() or folder.resolve() == own:
            continue
        for root, dirs, files in os.walk(folder, followlinks=True):
            reldir = Path(root).relative_to(folder).as_posix()
            dirs[:] = [d for d in dirs if not excluded(posixpath.join(reldir, d))]
            folders.update(posixpath.normpath(posixpath.join(prefix, reldir, d)) for d in dirs)
            for file in files:
                if excluded(posixpath.join(reldir, file)):
                    continue
                output = posixpath.normpath(posixpath.join(prefix, reldir, file.removesuffix("_t")))
                found.append(output)
    return sorted(set(found)), folders


def theme_outputs(app: Sphinx) -> set[str]:
    """The theme's static files, as ``_static/…``: Sphinx copies them every build."""
    theme = getattr(app.builder, "theme", None)
    found = set()
    for theme_dir in theme.get_theme_dirs() if theme is not None else []:
        static = Path(theme_dir) / "static"
        for path in static.rglob("*") if static.is_dir() else []:
            name = path.relative_to(static).as_posix().removesuffix("_t")
            found.add(f"_static/{name}")
    return found


def remove(outdir: Path, relative: str, written_since: float,
           kept_folders: Set[str] = frozenset()) -> None:
    """Delete one output file, unless this build wrote it, and the folders it leaves empty but
    ``kept_folders`` (relative to the output folder: those a clean build copies, empty too)."""
    path = outdir / relative
    try:
        if not path.is_file() or path.stat().st_mtime >= written_since:
            return
        path.unlink()
    except OSError:
        return
    folder = path.parent
    while (folder != outdir and folder.relative_to(outdir).as_posix() not in kept_folders
           and folder.is_dir() and not any(folder.iterdir())):
        folder.rmdir()
        folder = folder.parent


def delete_stale(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    outdir = Path(app.outdir)
    started = _started.get(app, time.time())
    for docname in sorted(_removed.get(app, set())):
        remove(outdir, str(builder.get_outfilename(docname)), started)
    current, static_folders = static_tree(app)
    # The pages' copies, and what the site's own extra folder puts there (Sphinx copies those
    # with their old modification times: not "written by this build" to remove()).
    folder = compat_outputs.SOURCES_FOLDER
    kept = {f"{folder}/{name}" for name in compat_outputs.source_copies(app)} | set(current)
    sources = outdir / folder
    for path in sorted(sources.rglob("*")):
        relative = f"{folder}/{path.relative_to(sources).as_posix()}"
        if path.is_file() and relative not in kept:
            remove(outdir, relative, started)
    if compat_outputs.copies_sources(app):
        sources.mkdir(exist_ok=True)  # as a clean build has it, empty or not
    # Never part of the site, whichever build moved it there.
    (outdir / compat_outputs.BUILD_INFO_BACKUP).unlink(missing_ok=True)
    manifest = Path(app.doctreedir) / MANIFEST
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    if isinstance(previous, list):  # written by an older version: its files alone
        previous = {"files": previous, "folders": []}
    for relative in sorted(set(previous.get("files", [])) - set(current) - theme_outputs(app)):
        remove(outdir, relative, started, static_folders)
    # Deepest first, so that a folder whose only content was an empty folder goes too.
    for relative in sorted(set(previous.get("folders", [])) - static_folders, reverse=True):
        folder = outdir / relative
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if not app.config.html_baseurl and "sphinx_sitemap" in app.extensions:
        sitemap = app.config.sitemap_filename
        if sitemap not in current:  # the site's own file of that name stays
            remove(outdir, sitemap, started)
    # Sphinx 9 names them with a path type of its own, which equals a text but hashes apart.
    used_images = {os.fspath(unique) for _, unique in builder.env.images.values()}
    used_downloads = {os.fspath(destination) for _, destination in builder.env.dlfiles.values()}
    # Only what Sphinx itself puts there: files right in _images (math, diagrams… have
    # folders of their own), and _downloads/<digest>/<name>.
    for path in sorted((outdir / "_images").glob("*")):
        if path.is_file() and path.name not in used_images:
            remove(outdir, f"_images/{path.name}", started)
    for path in sorted((outdir / "_downloads").glob("*/*")):
        relative = path.relative_to(outdir / "_downloads").as_posix()
        if path.is_file() and relative not in used_downloads:
            remove(outdir, f"_downloads/{relative}", started)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"files": current, "folders": sorted(static_folders)}),
                        encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", note_start)
    app.connect("env-get-outdated", note_removed)
    app.connect("env-get-outdated", empty_static_on_new_settings)
    # Last: after every other writer of the output folder.
    app.connect("build-finished", delete_stale, priority=900)
