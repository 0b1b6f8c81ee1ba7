"""The extension's settings: every ``academic_*`` value conf.py may set, in one place.

Also what other modules derive from Sphinx's own settings (the site's title and address) and
the extension's own folders (its static files and templates), so that each is defined once;
and the extension's defaults for other packages' settings that every academic site sets alike
(:func:`ecosystem_defaults`: the citation styles, the sitemap's and Open Graph's addresses,
the 404 page), used where the site does not set them.

Renamed values: the old name still works, with a warning.

``academic_paper_dir`` and ``academic_papers_dir`` differed by one letter and meant two
different folders: where the per-paper pages go, and where a paper's own files (``pdf =
{paper.pdf}``) are. They are now ``academic_paper_pages_dir`` and ``academic_paper_files_dir``.

The old name is a Sphinx warning (``academic.deprecated``), so a strict build (``-W``) stops on
it with the line to change; ``suppress_warnings = ["academic.deprecated"]`` keeps an old
``conf.py`` building unchanged. A message shown only as information would be overlooked until
the old name is dropped, and then Sphinx would ignore it without a word.
"""

from __future__ import annotations

import copy
import os
import re
import weakref
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .bib.characters import UNWRITABLE, bidi_closed, bidi_problem, character_name
from .bib.urls import EMAIL, kind_of, web_link_problem
from .compat import settings as compat_settings

logger = logging.getLogger(__name__)

#: old name → new name.
RENAMED = {
    "academic_paper_dir": "academic_paper_pages_dir",
    "academic_papers_dir": "academic_paper_files_dir",
}


def use_new_names(app: Sphinx, config: Config) -> None:
    """An old name's value goes to the new name, unless the new name is set too."""
    for old, new in RENAMED.items():
        value = config[old]
        # The new name keeps its value if it was given one (anything but its default).
        if value is not None and config[new] == config.values[new].default:
            config[new] = value


#: Each application's mistakes in conf.py's values, found as the configuration is read:
#: (setting, message, subtype, key), for :func:`warn_config_problems` (Sphinx's logging cannot
#: place a warning before the builder is there).
_problems: weakref.WeakKeyDictionary[Sphinx, list[tuple[str, str, str, str]]] = (
    weakref.WeakKeyDictionary())


def note_problem(app: Sphinx, setting: str, message: str, subtype: str = "config",
                 key: str = "") -> None:
    """A mistake in ``setting``'s value; ``key``, one of the dict's keys (a theme option), the
    line that names it."""
    _problems.setdefault(app, []).append((setting, message, subtype, key))


def warn_config_problems(app: Sphinx) -> None:
    for setting, message, subtype, key in _problems.pop(app, []):
        logger.warning(message, location=conf_location(app, setting, key), type="academic",
                       subtype=subtype)


def _all_text(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)


def _links(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(
        isinstance(item, str) or (isinstance(item, (list, tuple)) and len(item) == 2
                                  and all(isinstance(part, str) for part in item))
        for item in value)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


#: What each setting must be, and how the message says it (with an example).
SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "academic_owner": (_all_text, "a list of names, such as ['Ada Lovelace']"),
    "academic_person": (lambda value: isinstance(value, dict),
                        "a dict of schema.org Person properties, such as "
                        "{'jobTitle': 'Researcher'}"),
    "academic_links": (_links, "a list of addresses or (name, address) pairs, such as "
                               "[('Blog', 'https://example.org/blog/')]"),
    "academic_author_marks": (lambda value: isinstance(value, dict) and _all_text(
        [*value, *value.values()]), "a dict of symbols and what each means, such as "
                                    "{'*': 'equal contribution'}"),
    "academic_cv_pdf_publications": (lambda value: isinstance(value, dict),
                                     "a dict of the {cv} publications options, such as "
                                     "{'keyword': 'selected'}"),
    "academic_max_authors": (_count, "a whole number (0 shows every name)"),
    "academic_contents_min_sections": (_count, "a whole number (0 keeps the theme's choice)"),
    **{name: (lambda value: isinstance(value, str), "text") for name in (
        "academic_portrait", "academic_portrait_alt", "academic_cv", "academic_bibtex_gaps",
        "academic_paper_pages_dir", "academic_paper_files_dir", "academic_previews_dir")},
    **{name: (lambda value: isinstance(value, bool), "True or False") for name in (
        "academic_publication_filters", "academic_feed", "academic_social_cards",
        "academic_search")},
}


def check_shapes(app: Sphinx, config: Config) -> None:
    """A setting of the wrong kind (``academic_max_authors = "many"``) is an error at its
    line, and the build goes on (without ``-W``) with its default: the extension never reads
    a value of another kind. Before Sphinx's own check of the kinds (priority 800), which
    would say it again without the line."""
    for name, (right, shape) in SHAPES.items():
        value = config[name]
        if not right(value):
            default = copy.deepcopy(config.values[name].default)  # never the shared one
            note_problem(app, name, f"{name} = {value!r} must be {shape}; the default "
                                    f"({default!r}) is used")
            config[name] = default


#: The extension's folders, from the documentation's folder, and what each holds.
FOLDERS = {
    "academic_paper_pages_dir": ("the documentation", "'publications'",
                                 "the paper pages are written there"),
    "academic_paper_files_dir": ("the project", "'_static/papers'",
                                 "the papers' own files are read there"),
    "academic_previews_dir": ("the project", "'_static/previews'",
                              "the preview images are read there"),
}


def check_folders(app: Sphinx, config: Config) -> None:
    """The paper pages, and their cards, are written into a folder of the site, the papers'
    files and previews read from folders of the documentation: one that leads out ("../x",
    "/x") would have the build write files outside its output, or publish files from outside
    the project. It is an error, and the build goes on (without ``-W``) with the default."""
    for setting, (inside, example, role) in FOLDERS.items():
        folder = str(config[setting])
        path = PurePosixPath(folder.replace("\\", "/"))
        if setting == "academic_paper_pages_dir":  # written into the site: no way out of it
            out = path.is_absolute() or ".." in path.parts
        else:  # read: from anywhere in the project (an al-folio "assets/" beside docs/)
            out = outside_project(app.confdir, Path(app.srcdir) / folder) is not None
        if folder and out:  # "" turns the pages off
            note_problem(app, setting, f"{setting} {folder!r} must name a folder inside "
                                       f"{inside}, such as {example}: {role}")
            config[setting] = config.values[setting].default


#: Characters a site's address is never written with, unescaped, in the pages' links.
NOT_IN_BASE_URL = re.compile(r"[\s\"'<>`\\]")


def check_base_url(app: Sphinx, config: Config) -> None:
    """``html_baseurl`` is the start of every absolute address the site writes (canonical
    links, Open Graph, JSON-LD, the feed, the sitemap, llms.txt, the CV PDF): an http(s)
    address with no query or fragment, and a folder: a final slash is added where the path has
    none. Another is an error, and the build goes on (without ``-W``) as if it were not set."""
    base = config.html_baseurl
    if not base:
        return
    if not isinstance(base, str):  # Sphinx reads it as text: a list ended the build
        note_problem(app, "html_baseurl", f"html_baseurl: {base!r} is not text: write the "
                     "site's address in quotes, as 'https://example.org/'")
        config.html_baseurl = ""
        return
    problem = web_link_problem(base)
    parts = urlsplit(base) if problem is None else None  # a well-formed address
    if parts is not None and (parts.query or parts.fragment or NOT_IN_BASE_URL.search(base)):
        problem = (f"{base!r} is not the address of a site: write it with no query, fragment, "
                   "space, quote or angle bracket, as https://example.org/")
    if problem is not None:
        note_problem(app, "html_baseurl", f"html_baseurl: {problem}")
        config.html_baseurl = ""
    elif parts is not None and not parts.path.endswith("/"):
        # "https://ada.github.io/site" is the folder /site/: the sitemap, Open Graph and the 404
        # page join the pages' addresses to it as written ("/sitecolophon/").
        config.html_baseurl = base + "/"


#: conf.py's texts that every page writes (its title, the footer's name and copyright, the Open
#: Graph site name and image text), and the feed, the cards and the CV PDF.
PAGE_TEXTS = ("project", "author", "copyright", "html_title", "html_short_title",
              "ogp_site_name", "ogp_image_alt")


def clean_page_text(app: Sphinx, setting: str, value: str, key: str = "") -> str:
    """``value`` without a character no page, feed or PDF can hold (a control character made
    every page's HTML invalid), and with a bidirectional scope left open closed (it would turn
    around the rest of every page's title); each an error at its line of conf.py."""
    name = key or setting
    found = UNWRITABLE.search(value)
    if found:
        note_problem(app, setting, f"{name} has {character_name(found.group())}, which no "
                     "page, feed or PDF can show; it is left out (remove it)", key=key)
        value = UNWRITABLE.sub("", value)
    value, unmatched = bidi_closed(value)
    if unmatched:
        note_problem(app, setting, bidi_problem(name, unmatched, writer="every page",
                                                unit="value"), key=key)
    return value


def check_page_texts(app: Sphinx, config: Config) -> None:
    """Each of :data:`PAGE_TEXTS` (copyright may be a list of lines) and furo's announcement,
    cleaned (:func:`clean_page_text`)."""
    for setting in PAGE_TEXTS:
        written = getattr(config, setting, None)  # None where the extension is not loaded
        if isinstance(written, str):
            value: Any = clean_page_text(app, setting, written)
        elif isinstance(written, (list, tuple)) and all(isinstance(v, str) for v in written):
            value = type(written)(clean_page_text(app, setting, line) for line in written)
        else:
            continue
        if value != written:  # a value left as it was stays Sphinx's default, where it is
            config[setting] = value
    options = config.html_theme_options
    if isinstance(options, dict) and isinstance(options.get("announcement"), str):
        options["announcement"] = clean_page_text(app, "html_theme_options",
                                                  options["announcement"], key="announcement")


#: schema.org Person properties whose value is an address (``sameAs``: a list of them).
PERSON_ADDRESSES = frozenset({"url", "image", "logo", "sameAs", "mainEntityOfPage"})


def json_problem(value: Any, name: str = "") -> str | None:
    """Why ``value``, the property ``name``'s, cannot be written into JSON-LD as it is, or
    None. An address (:data:`PERSON_ADDRESSES`, at any depth: ``worksFor``'s ``url``, an
    ImageObject's) is held to the URL policy, as in the profile's own properties."""
    if isinstance(value, str):
        if name in PERSON_ADDRESSES:
            return web_link_problem(value)
        if kind_of(value) == "unsafe":
            return (f"{value!r} is an address whose scheme runs code or opens embedded "
                    "content; write an https:// address")
        return None
    if value is None or isinstance(value, (bool, int, float)):
        return None
    if isinstance(value, (list, tuple)):
        return next(filter(None, (json_problem(item, name) for item in value)), None)
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            return f"{value!r} has keys that are not text"
        return next(filter(None, (json_problem(item, key) for key, item in value.items())),
                    None)
    return (f"{value!r} is a {type(value).__name__}, which JSON-LD cannot hold: write text, "
            "a number, a list or a dict")


def person_property_problem(name: str, value: Any) -> str | None:
    """Why the ``academic_person`` property ``name`` cannot be ``value``, or None."""
    if name in PERSON_ADDRESSES and isinstance(value, dict):  # an ImageObject, a WebPage
        return json_problem(value)
    if name in PERSON_ADDRESSES:
        addresses = value if name == "sameAs" and isinstance(value, (list, tuple)) else [value]
        for address in addresses:
            if not isinstance(address, str):
                return f"{address!r} is not an address: write it as text, https://…"
            if (problem := web_link_problem(address)) is not None:
                return problem
        return None
    if name == "email":
        if not isinstance(value, str) or not EMAIL.fullmatch(value.removeprefix("mailto:")):
            return f"{value!r} is not an e-mail address: write it as name@example.org"
        return None
    return json_problem(value)


def check_person(app: Sphinx, config: Config) -> None:
    """``academic_person``'s properties go into the home page's JSON-LD, its ``sameAs``
    addresses into the hero's links too: an address must be an http(s) one, an e-mail an
    e-mail, every value one JSON holds. A property that is not is an error, and left out.
    One ``sameAs`` address may be written alone, as schema.org allows; it is made a list."""
    person = {}
    for name, value in dict(config.academic_person).items():
        problem = person_property_problem(str(name), value)
        if problem is not None:
            note_problem(app, "academic_person", f"academic_person[{name!r}]: {problem}")
            continue
        person[name] = [value] if name == "sameAs" and isinstance(value, str) else value
    config.academic_person = person


def warn_old_names(app: Sphinx) -> None:
    """Once the builder is there (Sphinx's logging cannot place a warning before), at the
    line of conf.py that sets the old name (none for ``-D``)."""
    for old, new in RENAMED.items():
        if app.config[old] is None:
            continue
        logger.warning(f"{old} is now called {new}: rename it in conf.py (or add "
                       "'academic.deprecated' to suppress_warnings)",
                       location=conf_location(app, old), type="academic",
                       subtype="deprecated")


#: The extension's own files: CSS and scripts (``static/``); the files that rely on other
#: packages' internals are in compat's folders (see :mod:`.compat`): the search page's script
#: (``compat/static/``) and the templates that draw over furo's (``compat/templates/``).
PACKAGE = Path(__file__).parent
STATIC = PACKAGE / "static"
COMPAT_STATIC = PACKAGE / "compat" / "static"
#: Every folder the extension adds to ``html_static_path``.
STATIC_FOLDERS = (STATIC, COMPAT_STATIC)
TEMPLATES = PACKAGE / "compat" / "templates"


def project_root(start: str | os.PathLike[str]) -> Path:
    """The project's folder, from ``start`` (conf.py's folder, or the documentation's): the
    nearest folder from there up that holds the repository (``.git``) or ``pyproject.toml``;
    ``start`` itself when none does. Every file the site copies must lie inside it, symlinks
    followed: else a link could publish any file the build can read (``/etc/passwd``, a key)."""
    first = Path(start).resolve()
    for folder in (first, *first.parents):
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file():
            return folder
    return first


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file; False too for a name no file can have (longer than the
    system allows: a refs.bib field or a page's option of 300 letters)."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def tooling_folder(root: Path, real: Path) -> str | None:
    """The folder at the top of the project ``root`` that holds ``real`` when it is one of the
    project's tooling, not of its site: a hidden one (the repository, whose settings hold its
    remotes' addresses, tokens and all; the environments) or the builds' (``_build``)."""
    if not real.is_relative_to(root) or real == root:
        return None
    first = real.relative_to(root).parts[0]
    return first if first.startswith(".") or first == "_build" else None


def outside_project(start: str | os.PathLike[str], path: str | os.PathLike[str]) -> Path | None:
    """Where ``path`` really is (symlinks followed) when that is outside the project of
    ``start`` (:func:`project_root`), or in its tooling (:func:`tooling_folder`), and outside
    the extension's own folder, whose files it ships; else None."""
    try:
        real = Path(path).resolve()
    except (OSError, RuntimeError):  # a loop of symlinks: it leads nowhere in the project
        return Path(path)
    if real.is_relative_to(PACKAGE.resolve()):
        return None
    root = project_root(start)
    if real.is_relative_to(root) and tooling_folder(root, real) is None:
        return None
    return real


def not_in_site(start: str | os.PathLike[str], real: Path) -> str:
    """Where ``real`` (found by :func:`outside_project`) is, for a message: "outside the
    project (/home/ada/site)", or "in .git, the project's tooling (/home/ada/site)"."""
    root = project_root(start)
    folder = tooling_folder(root, real)
    if folder is not None:
        return f"in {folder}, the project's tooling, not its site ({root})"
    return f"outside the project ({root})"


def outside_problem(start: str | os.PathLike[str], what: str, path: Path) -> str | None:
    """Why a data file the site reads (a BibTeX file, the CV) may not be read: it is outside
    the project, symlinks followed. Its errors would quote it in the build's log, and its
    entries would be published; a build elsewhere would not find it."""
    real = outside_project(start, path)
    if real is None:
        return None
    return (f"{what} is {real}, {not_in_site(start, real)}: it is not read; copy the file "
            "into the project (or export it there) and name it from conf.py's folder")


def conf_location(app: Sphinx, setting: str, key: str = "") -> str | None:
    """``conf.py:LINE`` of the line that sets ``setting``, for a warning about its value (the
    last line that names ``key`` in quotes, for one of a dict's keys); None where ``-D`` sets it
    (conf.py's line would show another value)."""
    if compat_settings.set_on_command_line(app.config, setting):
        return None
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    # "name = ..." or "name: type = ...", indented too (in an if block); the last one, as
    # it is the one in effect.
    assignment = re.compile(rf"\s*{re.escape(setting)}\s*(?:[:=]|\+=)")
    numbers = [number for number, line in enumerate(lines, 1) if assignment.match(line)]
    if key:  # named in the code, not in a comment ("# the "footer_icons" above")
        codes = ((number, line.split("#", 1)[0]) for number, line in enumerate(lines, 1))
        numbers += [number for number, code in codes if f'"{key}"' in code or f"'{key}'" in code]
    return f"{conf}:{numbers[-1]}" if numbers else None


#: The builders that write the site (its pages, paper pages, cards, feed, exports, llms.txt):
#: Sphinx's HTML builders that write a page per document.
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def site_title(app: Sphinx) -> str:
    title: str = app.config.html_title or app.config.project
    return title


def base_url(app: Sphinx) -> str:
    """The site's address with a final slash, or "" when conf.py does not set html_baseurl."""
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" if base else ""


def page_url(app: Sphinx, docname: str, anchor: str = "") -> str:
    url = urljoin(base_url(app), app.builder.get_target_uri(docname))
    return f"{url}#{anchor}" if anchor else url


def add_static_path(app: Sphinx, config: Config) -> None:
    """Ship the extension's CSS and JS (only HTML builders read ``html_static_path``).

    Set as the configuration is read, not when the builder starts: Sphinx compares the
    configuration with the last build's before that, and would report the option as changed
    on every build.
    """
    # Relative to conf.py, as the site's own paths are: the configuration, and so the build's
    # .buildinfo, is then the same wherever the project is checked out.
    folders = [os.path.relpath(folder, app.confdir) for folder in STATIC_FOLDERS]
    # A new list: appending could change Sphinx's default, shared by later builds in a process.
    missing = [folder for folder in folders if folder not in config.html_static_path]
    if missing:
        config.html_static_path = [*config.html_static_path, *missing]


def not_found_context(prefix: str) -> dict[str, str]:
    """The 404 page: a reader who followed a broken link gets a way on, the home page and a
    search of the site (its links absolute, under the site's own path ``prefix``)."""
    return {
        "title": "Page not found",
        "body": (
            "<h1>Page not found</h1>\n"
            "<p>There is no page at this address. Go to the "
            f'<a href="{prefix}">home page</a>, or search the site:</p>\n'
            # No role="search": the sidebar's search box is the page's search landmark already.
            f'<form class="academic-notfound-search" action="{prefix}search/" method="get">\n'
            '<label for="notfound-query">Search the site</label>\n'
            '<input id="notfound-query" type="search" name="q" autocomplete="off">\n'
            '<button type="submit">Search</button>\n'
            "</form>"
        ),
    }


def ecosystem_defaults(config: Config) -> dict[str, Any]:
    """Other packages' settings that every academic site sets alike: the extension's
    defaults for them, from the site's address (``html_baseurl``)."""
    base = config.html_baseurl or ""
    prefix = urlsplit(base).path or "/"
    if "notfound_urls_prefix" in config and compat_settings.set_by_site(config,
                                                                       "notfound_urls_prefix"):
        prefix = config.notfound_urls_prefix or "/"  # the 404 page's links follow the site's
    return {
        # sphinxcontrib-bibtex: the extension's styles, for the lists and the citations.
        "bibtex_default_style": "academic",
        "bibtex_reference_style": "academic",
        # sphinx-sitemap: the site is served from its root (no /en/latest/ in the addresses),
        # and the search, index and 404 pages are not content to index.
        "sitemap_url_scheme": "{link}",
        "sitemap_excludes": [f"{name}{ending}" for name in ("search", "genindex", "404")
                             for ending in ("/", ".html")],
        # sphinxext-opengraph: absolute addresses from the site's own; its cards (matplotlib)
        # off, as the extension draws its own (academic_social_cards).
        "ogp_site_url": base,
        "ogp_social_cards": {"enable": False},
        # sphinx-notfound-page: served at any depth, so its links are absolute.
        "notfound_urls_prefix": prefix,
        "notfound_context": not_found_context(prefix),
    }


def apply_ecosystem_defaults(app: Sphinx, config: Config) -> None:
    """The extension's defaults for other packages' settings, where the site sets none (a
    setting of a package the site does not load is left alone)."""
    for name, value in ecosystem_defaults(config).items():
        if name in config and not compat_settings.set_by_site(config, name):
            config[name] = value


def allow_no_bibfile(app: Sphinx, config: Config) -> None:
    """A site of project cards alone needs no BibTeX file (sphinxcontrib-bibtex demands one).
    One file named as text, not in a list, is an error at its line, and the build goes on
    with that file: sphinxcontrib-bibtex would read each of its characters as a file name."""
    files = config.bibtex_bibfiles
    if files is None:
        config.bibtex_bibfiles = []
    elif isinstance(files, str):
        note_problem(app, "bibtex_bibfiles", f"bibtex_bibfiles = {files!r} must be a list of "
                                             f"file names, such as [{files!r}]")
        config.bibtex_bibfiles = [files]


def setup(app: Sphinx) -> None:
    # Whose works these are: the names bolded in author lists (BibTeX's "Last, First" forms).
    app.add_config_value("academic_owner", [], "env", types=[list, tuple])
    #: schema.org Person properties for the home page (name, jobTitle, worksFor, sameAs, ...).
    app.add_config_value("academic_person", {}, "html", types=[dict])
    #: Addresses the hero shows besides the person's profiles: URLs or (name, URL) pairs.
    app.add_config_value("academic_links", [], "html", types=[list, tuple])
    app.add_config_value("academic_portrait", "", "env", types=[str])
    app.add_config_value("academic_portrait_alt", "", "env", types=[str])
    #: The CV file, from conf.py's folder: YAML or JSON in JSON Resume's shape ("" for none).
    app.add_config_value("academic_cv", "", "env", types=[str])

    #: Which publications the CV PDF lists, as the ``{cv} publications`` options: {} for all,
    #: {"keyword": "selected"}, {"type": "paper", "year": "2020-2025"}...
    app.add_config_value("academic_cv_pdf_publications", {}, "html", types=[dict])
    #: "summary": gaps in the BibTeX files are listed once at the end of the build; "error":
    #: each is a warning at its line (fatal with -W).
    app.add_config_value("academic_bibtex_gaps", "summary", "env", types=[str])
    #: Where the per-paper pages go, from the documentation's folder.
    app.add_config_value("academic_paper_pages_dir", "publications", "env", types=[str])
    #: Where al-folio-style relative ``pdf``, ``slides`` and ``poster`` files are, from the
    #: documentation's folder; it must be inside a folder of ``html_static_path``.
    app.add_config_value("academic_paper_files_dir", "_static/papers", "env", types=[str])
    #: Where al-folio's ``preview`` images are, from the documentation's folder; inside a
    #: folder of ``html_static_path``.
    app.add_config_value("academic_previews_dir", "_static/previews", "env", types=[str])
    #: What a symbol after an author's last name means ("Einstein*, Albert"): symbol →
    #: meaning, {"*": "equal contribution"} by default; {"*": "student author"} for a lab
    #: that marks its students so. A symbol not listed stays part of the name.
    app.add_config_value("academic_author_marks", {"*": "equal contribution"}, "env",
                         types=[dict])
    #: A longer author list shows this many names, the owner among them; 0 shows every name.
    app.add_config_value("academic_max_authors", 8, "env", types=[int])
    #: Filters (year, type, topic, selected) above every full publications list.
    app.add_config_value("academic_publication_filters", True, "env", types=[bool])

    #: An Atom feed of the publications (``publications.atom``).
    app.add_config_value("academic_feed", True, "html", types=[bool])
    #: Draw a preview card for every page (needs ``html_baseurl``; ``ogp_image`` wins).
    app.add_config_value("academic_social_cards", True, "html", types=[bool])
    #: The search tuning (``False``: Sphinx's plain search).
    app.add_config_value("academic_search", True, "html", types=[bool])
    #: A page with fewer sections than this hides the contents column ("On this page"),
    #: through the theme's own ``hide-toc`` page option; 0 keeps the theme's choice.
    app.add_config_value("academic_contents_min_sections", 3, "env", types=[int])

    for old in RENAMED:
        app.add_config_value(old, None, "env", types=[str, type(None)])
    app.connect("config-inited", check_shapes, priority=50)
    app.connect("config-inited", use_new_names)
    app.connect("config-inited", check_folders)
    # Before the defaults are derived from the address (apply_ecosystem_defaults).
    app.connect("config-inited", check_base_url, priority=90)
    app.connect("config-inited", check_page_texts, priority=90)
    app.connect("config-inited", check_person)
    # Before the other packages read their settings (sphinx-notfound-page checks its prefix
    # at the default priority, 500).
    app.connect("config-inited", apply_ecosystem_defaults, priority=100)
    app.connect("config-inited", allow_no_bibfile)
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", warn_old_names)
    app.connect("builder-inited", warn_config_problems)
