"""Nothing from outside the project: no symlink in the documentation or its static folders is
followed out of the project, or into a folder that contains it.

Sphinx follows every symlink when it looks for pages (``os.walk(followlinks=True)``) and when
it copies ``html_static_path`` and ``html_extra_path``: a link to a file copies whatever it
points to (``/etc/passwd``, a key) into the site, and a link to a folder that contains it
(``ln -s .. docs/up``, ``ln -s . docs/loop``) is read again and again, dozens of levels deep,
with hundreds of warnings that never name the link. So, as the configuration is read, before
Sphinx looks at any file, every symlink of those folders (not followed) is checked: one that
leads outside the project (:func:`.config.project_root`) or into a folder containing it is an
error at its own path, and is added to ``exclude_patterns`` so that neither the reading nor the
copying goes through it. The patterns are added then, when Sphinx has not yet compared the
configuration with the last build's (the same links give the same patterns: no rebuild); the
warnings once the build has started, where Sphinx can show their location.

Sphinx copies the images and downloads of pages itself, whatever ``exclude_patterns`` says: a
page's image or download that leads out of the project is an error at the page's line, and
leaves the page before Sphinx notes the file (:func:`keep_files_from_outside_out`).

conf.py's own files and folders that the site copies or reads (``html_favicon``, ``html_logo``,
the folders of ``html_static_path``, ``html_extra_path``, ``templates_path``,
``html_theme_path`` and ``locale_dirs``, ``html_search_scorer``) are checked as the
configuration is read (:func:`keep_settings_inside`): one outside the project is an error at its
line of conf.py, and is left out. Pages that read a file (``include``…) are checked by
:mod:`.included_files`.

The paper files and previews folders (``academic_paper_files_dir``, ``academic_previews_dir``)
are excluded here without a word: a file there is named by a refs.bib entry, and the error is
at that entry's line (:mod:`..publications.bibfiles`).
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .. import config as settings
from ..bib import urls

logger = logging.getLogger(__name__)

#: The warnings found as each app's configuration was read, for :func:`warn`: (path, message).
_found: weakref.WeakKeyDictionary[Sphinx, list[tuple[Path, str]]] = weakref.WeakKeyDictionary()


def link_problem(app: Sphinx, link: Path) -> str | None:
    """What is wrong with the symlink ``link``, or None when it may be followed."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop of links, or a link to nothing
        return ("a symlink that leads nowhere or to itself; remove it or point "
                "it at a file of the project")
    if settings.outside_project(app.confdir, target) is not None:
        return (f"a symlink to {target}, {settings.not_in_site(app.confdir, target)}: its "
                "content would be published; copy the file into the project instead")
    # As the link is reached (through other links, maybe) and where it really is.
    places = (Path(os.path.abspath(link.parent)), link.parent.resolve())
    if target.is_dir() and any(place.is_relative_to(target) for place in places):
        return (f"a symlink to {target}, a folder that contains it: it would be "
                "read again and again; remove it")
    return None


def unsafe_links(app: Sphinx, folder: Path, skip: set[Path]) -> list[tuple[Path, str]]:
    """Every symlink under ``folder`` that may not be followed, with what is wrong with it.

    The links that may be are followed, as Sphinx will (what they lead to is checked too);
    those that may not are not, nor is a folder reached a second time."""
    found = []
    seen = set(skip)
    for root, dirs, files in os.walk(folder, followlinks=True):
        here = Path(root)
        seen.add(here.resolve())
        kept = []
        for name in sorted(dirs):
            path = here / name
            problem = link_problem(app, path) if path.is_symlink() else None
            if problem is not None:
                found.append((path, problem))
            elif not name.startswith(".") and path.resolve() not in seen:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = here / name
            problem = link_problem(app, path) if path.is_symlink() else None
            if problem is not None:
                found.append((path, problem))
    return sorted(found)


def note_outside(app: Sphinx, setting: str, label: str, written: str, real: Path,
                 consequence: str, copy: str) -> None:
    """The error of a conf.py value (``label``: the setting, or "setting:" for one of its
    list's) that names a file or folder at ``real``, outside the site."""
    settings.note_problem(app, setting, (
        f"{label} {written!r} is {real}, {settings.not_in_site(app.confdir, real)}: "
        f"{consequence}; copy {copy} instead"), subtype="files")


def keep_settings_inside(app: Sphinx, config: Config) -> None:
    """conf.py's files and folders that the site copies or reads: the favicon and the logo (one
    written into every page too), the portrait, the static and extra folders, the templates,
    themes and translations, and the search's scorer (whose text Sphinx writes into a script).
    One outside the project is an error at its line of conf.py, and is left out of the site; a
    favicon or logo given as an address is held to the site's address policy (``file://``
    would be written into every page)."""
    confdir = Path(app.confdir)
    srcdir = Path(app.srcdir)
    for setting in ("html_favicon", "html_logo"):
        value = config[setting]
        if not value:
            continue
        if "://" in value:
            problem = urls.web_link_problem(value)
            if problem is not None:
                settings.note_problem(app, setting, f"{setting} {problem}", subtype="files")
                config[setting] = None
        elif (real := settings.outside_project(confdir, confdir / value)) is not None:
            note_outside(app, setting, setting, value, real, "it is not published",
                         "the file into the project")
            config[setting] = None
    # The portrait is a path in the documentation, as a page's own image is ("/me.jpg").
    portrait = str(config.academic_portrait or "").strip()
    if portrait and "://" not in portrait and (real := settings.outside_project(
            confdir, srcdir / portrait.lstrip("/"))) is not None:
        note_outside(app, "academic_portrait", "academic_portrait", portrait, real,
                     "it is not published", "the image into the documentation")
        config.academic_portrait = ""
    # Sphinx opens the scorer as written: from the folder sphinx-build runs in.
    scorer = config.html_search_scorer
    if scorer and (real := settings.outside_project(confdir, scorer)) is not None:
        note_outside(app, "html_search_scorer", "html_search_scorer", scorer, real,
                     "it is not read", "the file into the project")
        config.html_search_scorer = ""
    # Each folder where Sphinx finds it: locale_dirs from the sources' folder, the others from
    # conf.py's. Sphinx reads the translations before any extension is set up: the error comes
    # too late to keep them out of this build, which it fails.
    for setting, base, what in (
            ("html_static_path", confdir, "its files are not published"),
            ("html_extra_path", confdir, "its files are not published"),
            ("templates_path", confdir, "its templates are not read"),
            ("html_theme_path", confdir, "its themes are not read"),
            ("locale_dirs", srcdir, "Sphinx reads its translations before any check, and this "
                                    "build may show them")):
        kept = []
        for name in config[setting]:
            real = settings.outside_project(confdir, base / name)
            if real is None:
                kept.append(name)
            else:
                note_outside(app, setting, f"{setting}:", name, real, what,
                             "the folder into the project")
        if len(kept) != len(config[setting]):
            config[setting] = kept


def exclude_unsafe_links(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir)
    srcdir = Path(app.srcdir)
    # The build's own output, when it is inside the documentation (a common -b html . _build).
    skip = {Path(app.outdir).resolve(), Path(app.doctreedir).resolve()}
    silent = [(srcdir / folder).resolve() for folder in
              (config.academic_paper_files_dir, config.academic_previews_dir)]
    patterns: list[str] = []
    found: list[tuple[Path, str]] = []
    for path, problem in unsafe_links(app, srcdir, skip):
        relative = path.relative_to(srcdir).as_posix()
        if not any(path.parent.resolve().is_relative_to(folder) for folder in silent):
            found.append((path, problem))
        patterns.append(relative)
    # The static folders are copied with patterns relative to each folder.
    own = settings.STATIC.resolve()
    for name in [*config.html_static_path, *config.html_extra_path]:
        folder = confdir / name
        if folder.resolve() == own or not folder.is_dir() or folder.resolve().is_relative_to(
                srcdir.resolve()):
            continue  # the extension's own; missing (Sphinx says so); or seen above
        for path, problem in unsafe_links(app, folder, skip):
            found.append((path, problem))
            patterns.append(path.relative_to(folder).as_posix())
    for folder_name in config.html_static_path + config.html_extra_path:
        folder = (confdir / folder_name).resolve()
        if folder.is_relative_to(srcdir.resolve()) and folder != srcdir.resolve():
            prefix = folder.relative_to(srcdir.resolve()).as_posix() + "/"
            patterns += [pattern.removeprefix(prefix) for pattern in patterns
                         if pattern.startswith(prefix)]
    _found[app] = found
    # Sphinx matches a static folder's own files as "./name" (copy_asset joins "." and the
    # name), its subfolders' as "sub/name".
    patterns += [f"./{pattern}" for pattern in patterns if "/" not in pattern]
    if patterns:
        # A new list: Sphinx's default is shared by every build of the process.
        config.exclude_patterns = [*config.exclude_patterns,
                                   *(p for p in dict.fromkeys(patterns)
                                     if p not in config.exclude_patterns)]


def warn(app: Sphinx) -> None:
    for path, problem in sorted(_found.get(app, [])):
        # The path first, as a location would be (a link has no line; Sphinx would take a
        # location without one for a page's name).
        logger.warning(f"{path}: {problem}", type="academic", subtype="files")


def referenced_files(node: nodes.Element, env: BuildEnvironment) -> list[Path]:
    """The files an image or a download of a page stands for (an image's ``name.*`` may be
    several), as Sphinx will find them: relative to the page, or to the documentation's root
    when written with a leading ``/``."""
    uri = node["uri"] if isinstance(node, nodes.image) else node.get("reftarget", "")
    if not uri or "://" in uri or uri.startswith("data:"):
        return []
    path = Path(env.relfn2path(uri, env.docname)[1])
    if "*" in path.name:
        return sorted(path.parent.glob(path.name))
    return [path]


def keep_files_from_outside_out(app: Sphinx, doctree: nodes.document) -> None:
    """A page's image or download that leads out of the project is an error at its line, and
    leaves the page: Sphinx copies the files pages use itself, whatever ``exclude_patterns``
    says, so a build that goes on past the error (without ``-W``) would publish it. Before
    Sphinx's own collectors (priority 500) note the file."""
    used: list[nodes.Element] = [*doctree.findall(nodes.image),
                                 *doctree.findall(addnodes.download_reference)]
    for node in used:
        for path in referenced_files(node, app.env):
            real = settings.outside_project(app.confdir, path)
            if real is None:
                continue
            written = node["uri"] if isinstance(node, nodes.image) else node["reftarget"]
            logger.warning(f"{written!r} is {real}, {settings.not_in_site(app.confdir, real)}: "
                           "it is not published; copy the file into the project instead",
                           type="academic", subtype="files", location=node)
            if isinstance(node, nodes.image):
                node.replace_self(nodes.inline("", node.get("alt", "")))
            else:
                node.replace_self(node.children)
            break


def setup(app: Sphinx) -> None:
    # After add_static_path (config.py), so the extension's own folder is known and skipped.
    app.connect("config-inited", keep_settings_inside, priority=890)
    app.connect("config-inited", exclude_unsafe_links, priority=900)
    app.connect("builder-inited", warn)
    app.connect("doctree-read", keep_files_from_outside_out, priority=400)
