"""Check the configured BibTeX files before sphinxcontrib-bibtex parses them.

sphinxcontrib-bibtex reads ``bibtex_bibfiles`` when the builder starts. On a broken file it
shows a traceback at the wrong line, silently drops every entry after a duplicate key, and
reports a missing field at the directive rather than the entry. This module runs first: it
loads every file with :mod:`.bibliography` (one chunk per entry, each cached by the digest of
its text) and reports every problem as ``refs.bib:LINE: what is wrong and how to fix it``.

The checked entries are then handed to sphinxcontrib-bibtex as its parsed data (its ``bibdata``, a
:class:`~sphinxcontrib.bibtex.bibfile.BibData`, stamped with the file's modification time, so that
its own builder-inited handler finds it up to date and does not parse the file again:
:func:`.compat.bibtex.hand_bibdata`). This is the extension's one use of another extension's
internal state, for three reasons: the engine then never meets a syntax error or a duplicate key
(which would stop the build with a traceback or silently drop entries), it sees the normalised
fields (``date`` → ``year``, ``journaltitle`` → ``journal``, ``crossref`` resolved), and a file of
2,000 entries is parsed once per edit, not twice.

What is merely incomplete (a *gap*: an entry without a venue or a year, an eprint the site
cannot link…) is not a warning: the entry is shown as it is, and the build ends with one short
summary of the gaps, grouped by kind, and of the fields the site does not know.
``academic_bibtex_gaps = "error"`` in conf.py makes every gap a warning at its line instead
(fatal in a strict build), for an owner who wants a complete file.

An entry that other entries only cross-reference (DBLP's ``@proceedings``: a volume edited by
others) is left out of every list, page and output, as BibTeX leaves out a parent not cited on
its own; one that a page cites, that has keywords, or that the owner edited stays. The summary
names the ones left out, and says when ``academic_owner`` matches no author of any entry.

The records also go to the ``academic`` domain and to the citation styles, and the pages that
show or cite a changed entry are read again (sphinxcontrib-bibtex alone leaves them stale).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Set
from pathlib import Path
from typing import cast

from pybtex.database import BibliographyData
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain

from .. import config
from ..bib.model import GAP_KINDS, Bibliography, Problem, Publication
from ..bib.people import NameMatcher
from ..bib.records import digest, load_bibliography
from ..bib.source import NotUTF8, decode
from ..citations import year_letters
from ..citations.entries import RecordEntry, bind_entries
from ..compat import bibtex as compat_bibtex
from .domain import academic_domain
from .nodes import preview_state, static_url

logger = logging.getLogger(__name__)

#: Values of ``academic_bibtex_gaps``: gaps in one summary at the end, or each a warning.
GAP_POLICIES = ("summary", "error")
#: How many places of one kind of gap the summary names.
SUMMARY_PLACES = 5
#: How many unknown fields the summary names.
SUMMARY_FIELDS = 8


def bibfile_paths(app: Sphinx) -> list[Path]:
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or []]


def warn(problem: Problem, path: Path) -> None:
    logger.warning(problem.message, location=f"{path}:{problem.line}", type="academic",
                   subtype=problem.subtype)


def load_bibfiles(app: Sphinx) -> None:
    """Check every configured file, report its problems, hand its entries to the engine."""
    domain = academic_domain(app.env)
    owner = NameMatcher.from_names(app.config.academic_owner)
    marks = author_marks(app)
    policy = gap_policy(app)
    #: kind → (place, the entry it is in: its file and first line), for the summary.
    gaps: dict[str, list[tuple[str, str]]] = {}
    #: Each file's entries' first lines: a gap's place (a field's line) names its entry.
    starts: dict[Path, list[int]] = {}
    cache = domain.loaded_records()
    entries, digests = {}, {}
    keys_of: dict[Path, dict[str, None]] = {}
    first_file: dict[str, tuple[Path, int]] = {}
    for name, path in zip(app.config.bibtex_bibfiles or [], bibfile_paths(app), strict=True):
        outside = config.outside_problem(app.confdir, f"the BibTeX file {name!r}", path)
        if outside is not None:
            logger.warning(outside, location=config.conf_location(app, "bibtex_bibfiles"),
                           type="academic", subtype="files")
            continue
        keys_of[path] = {}
        try:
            source = decode(path.read_bytes())
        except OSError as error:
            logger.warning(f"cannot read the BibTeX file {path}: {error.strerror}; fix the path "
                           "in bibtex_bibfiles in conf.py", type="academic", subtype="bibtex",
                           location=config.conf_location(app, "bibtex_bibfiles"))
            continue
        except NotUTF8 as error:
            warn(Problem(error.line, error.message, subtype="bibtex"), path)
            continue
        loaded: Bibliography = load_bibliography(source, owner, cache, marks)
        starts[path] = sorted(entry.line for entry in loaded.entries.values())
        for problem in loaded.problems:
            if problem.gap and policy == "summary":
                gaps.setdefault(problem.gap, []).append(gap_place(starts, path, problem.line))
            else:
                warn(problem, path)
        for key, entry in loaded.entries.items():
            if key in first_file:  # pybtex would stop reading at the second one
                other, line = first_file[key]
                warn(Problem(entry.line, f"duplicate key {key!r}: already used by the entry at "
                             f"{other}:{line}; give one of them another key"), path)
                continue
            first_file[key] = (path, entry.line)
            entries[key] = entry
            digests[key] = loaded.digests[key]
            keys_of[path][key] = None

    for path, problem in check_local_files(app, entries, first_file):
        if policy == "summary":
            gaps.setdefault(problem.gap, []).append(gap_place(starts, path, problem.line))
        else:
            warn(problem, path)
    parents = crossref_parents(app, entries)
    lines = [parents_line(parents, first_file)] if parents else []
    for key in parents:
        del entries[key]
        keys_of[first_file[key][0]].pop(key)
    if app.config.academic_owner and entries and not any(
            entry.contribution or any(author.is_owner for author in entry.authors)
            for entry in entries.values()):
        names = ", ".join(repr(name) for name in app.config.academic_owner)
        lines.append(f"  academic_owner ({names}) matches no author or editor of any entry, "
                     "so no name is set in bold: write it in conf.py as your entries spell "
                     "it")
    elif not app.config.academic_owner and entries:
        lines.append("  academic_owner is not set, so no name is set in bold: set it in conf.py "
                     "to your name as your entries spell it")
    domain.data["bibtex_summary"] = summary(gaps, entries.values(), lines)
    entries = year_letters.with_year_letters(entries)
    # What a page shows of an entry: its text, its year label, which depends on the others, and
    # its thumbnail, as it is now (a list shows it only once its image is there).
    shown = {key: digest(digests[key] + entry.year_label + repr(preview_state(app, entry)))
             for key, entry in entries.items()}
    domain.set_entries(entries, digests, shown)
    hand_to_engine(app, entries, keys_of)


def gap_policy(app: Sphinx) -> str:
    policy: str = app.config.academic_bibtex_gaps
    if policy not in GAP_POLICIES:
        logger.warning(f"academic_bibtex_gaps = {policy!r} is not one of "
                       f"{', '.join(map(repr, GAP_POLICIES))}; gaps are summarised",
                       location=config.conf_location(app, "academic_bibtex_gaps"), type="academic",
                       subtype="config")
        return "summary"
    return policy


def author_marks(app: Sphinx) -> dict[str, str]:
    """``academic_author_marks``, checked: symbol → meaning, both non-empty text."""
    marks = app.config.academic_author_marks
    if not all(isinstance(symbol, str) and symbol.strip() and not symbol.isalnum()
               and isinstance(meaning, str) and meaning.strip()
               for symbol, meaning in marks.items()):
        logger.warning(f"academic_author_marks = {marks!r}: give each mark as a symbol and "
                       "what it means, such as {\"*\": \"equal contribution\", \"†\": "
                       "\"student author\"}; the default ({\"*\": \"equal contribution\"}) "
                       "is used", location=config.conf_location(app, "academic_author_marks"),
                       type="academic", subtype="config")
        return {"*": "equal contribution"}
    return {symbol.strip(): meaning.strip() for symbol, meaning in marks.items()}


#: A citation role in MyST ({cite:p}`a, b`) or reStructuredText (:footcite:t:`a`), and its keys.
#: The role's name has two parts after "cite" at most (cite:p, cite:author, footcite:t): a name
#: of any number of them would be read again from each "cite" in it (half a minute for a page
#: of 20,000 "cite:").
CITE_ROLE = re.compile(r"(?:foot)?cite(?::\w+){0,2}[}:]`([^`]+)`")


def cited_in_sources(app: Sphinx, keys: Set[str]) -> set[str]:
    """Which of ``keys`` a page's source cites, read before any page is (the lists are made
    while pages are read, and must know whether a cited entry has a place in them)."""
    found: set[str] = set()
    project = app.project
    config = app.config
    for docname in sorted(project.discover(
            exclude_paths=[*config.exclude_patterns, *config.templates_path],
            include_paths=config.include_patterns)):
        try:
            text = project.doc2path(docname, absolute=True).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # Sphinx itself says so when it reads the page
        for match in CITE_ROLE.finditer(text):
            # "{see}key{Sec. 4}": the braces hold the text before and after the citation.
            keys_text = re.sub(r"\{[^{}]*\}", "", match.group(1))
            found.update(key.strip() for key in re.split(r"[,;]", keys_text))
    return found & keys


def crossref_parents(app: Sphinx, entries: dict[str, Publication]) -> list[str]:
    """Entries that are only the ``crossref`` parents of others (DBLP's ``@proceedings``, a
    volume edited by others): left out, as BibTeX leaves out a parent not cited on its own.

    One is kept when a page cites it, when it has keywords (the owner listed it on purpose),
    or when the owner is among its authors or editors.
    """
    referenced = {entry.crossref.lower() for entry in entries.values() if entry.crossref}
    candidates = {key for key in entries if key.lower() in referenced}
    if not candidates:
        return []
    cited = cited_in_sources(app, candidates)
    return [key for key in entries if key in candidates and key not in cited
            and not entries[key].keywords
            and not any(author.is_owner for author in entries[key].authors)]


def parents_line(parents: list[str], first_file: dict[str, tuple[Path, int]]) -> str:
    places = [f"{first_file[key][0].name}:{first_file[key][1]}" for key in parents]
    shown = ", ".join(places[:SUMMARY_PLACES])
    more = f" and {len(places) - SUMMARY_PLACES} more" if len(places) > SUMMARY_PLACES else ""
    count = "1 entry" if len(places) == 1 else f"{len(places)} entries"
    return (f"  {count} only cross-referenced by others, not listed (as BibTeX does; cite it "
            f"or give it keywords to list it): {shown}{more}")


def gap_place(starts: dict[Path, list[int]], path: Path, line: int) -> tuple[str, str]:
    """A gap's place ("refs.bib:12") and the entry it is in (its file and first line)."""
    lines = starts.get(path, [])
    index = bisect.bisect_right(lines, line) - 1
    return f"{path.name}:{line}", f"{path}:{lines[index] if index >= 0 else line}"


def summary(gaps: dict[str, list[tuple[str, str]]], entries: Iterable[Publication],
            notes: Iterable[str] = ()) -> str:
    """The build's closing words on the BibTeX files: gaps by kind (counted by entry, each
    field's place listed), fields the site ignores."""
    lines = []
    for kind, (one, several) in GAP_KINDS.items():
        found = gaps.get(kind, [])
        if not found:
            continue
        places = [place for place, _ in found]
        shown = ", ".join(places[:SUMMARY_PLACES])
        more = f" and {len(places) - SUMMARY_PLACES} more" if len(places) > SUMMARY_PLACES else ""
        number = len({entry for _, entry in found})
        count = f"1 entry {one}" if number == 1 else f"{number} entries {several}"
        lines.append(f"  {count}: {shown}{more}")
    unknown = Counter(name for entry in entries for name in entry.unknown_fields)
    if unknown:
        named = sorted(unknown, key=lambda name: (-unknown[name], name))
        fields = ", ".join(f"{name} ({unknown[name]})" for name in named[:SUMMARY_FIELDS])
        if len(named) > SUMMARY_FIELDS:
            fields += f" and {len(named) - SUMMARY_FIELDS} more"
        lines.append(f"  fields the site does not use, left out of the pages: {fields}")
    lines.extend(notes)
    if not lines:
        return ""
    if any(gaps.values()):
        heading = ("BibTeX entries shown as they are (set academic_bibtex_gaps = \"error\" "
                   "in conf.py to make these fail):")
    else:
        heading = "BibTeX files:"
    return "\n".join([heading, *lines])


def report_summary(app: Sphinx, exception: Exception | None) -> None:
    text = academic_domain(app.env).data.get("bibtex_summary", "")
    if text and exception is None:
        logger.info(text)


def check_local_files(app: Sphinx, entries: dict[str, Publication],
                      first_file: dict[str, tuple[Path, int]]) -> list[tuple[Path, Problem]]:
    """A paper's own file (``pdf = {paper.pdf}``) must be in the papers folder (its badge would
    lead nowhere), and both folders must be copied into the site. A thumbnail whose image is not
    in the previews folder is left out: a gap, returned."""
    gaps = []
    papers = Path(app.srcdir) / app.config.academic_paper_files_dir
    previews = Path(app.srcdir) / app.config.academic_previews_dir
    uses = {"papers": False, "previews": False}
    for key, entry in entries.items():
        files = [(link, papers, "papers") for link in entry.links if link.local]
        if entry.preview is not None:
            files.append((entry.preview, previews, "previews"))
        for link, folder, name in files:
            uses[name] = True
            path, line = first_file[key]
            where = f"@{entry.entry_type}{{{key}}}"
            outside = config.outside_project(app.confdir, folder / link.url)
            if outside is not None:  # not copied either (builder/confinement.py)
                warn(Problem(line + link.offset, f"{where}: {link.label.lower()} file "
                             f"{link.url!r} is a link to {outside}, "
                             f"{config.not_in_site(app.confdir, outside)}: it would be "
                             f"published; copy the file into {folder} instead",
                             subtype="files"), path)
                continue
            if config.is_file(folder / link.url):
                continue
            if name == "previews":
                gaps.append((path, Problem(
                    line + link.offset, f"{where}: preview image {link.url!r} not found in "
                    f"{folder}; no thumbnail is shown (put the image there: al-folio keeps them "
                    "in assets/img/publication_preview/)", fatal=False, subtype="bib-preview",
                    gap="preview-file")))
            else:
                warn(Problem(line + link.offset, f"{where}: {link.label.lower()} file "
                             f"{link.url!r} not found in {folder}; put the file there or give "
                             "its https:// address"), path)
    if app.builder.format != "html":
        return gaps
    settings = {"papers": "academic_paper_files_dir", "previews": "academic_previews_dir"}
    # The site's own static folders: not the extension's, which it adds to the list itself.
    own = {folder.resolve() for folder in config.STATIC_FOLDERS}
    folders = [folder for folder in app.config.html_static_path
               if (Path(app.confdir) / folder).resolve() not in own]
    for name, used in uses.items():
        setting = settings[name]
        if used and static_url(app, getattr(app.config, setting)) is None:
            logger.warning(
                f"{setting} = {getattr(app.config, setting)!r} is not inside a folder of "
                f"html_static_path ({', '.join(folders) or 'empty'}), so "
                "its files are not copied into the site and their links would lead nowhere; "
                "move the folder under one of them (such as _static/) or add it to "
                "html_static_path", location=config.conf_location(app, setting), type="academic",
                subtype="config")
    return gaps


def hand_to_engine(app: Sphinx, entries: dict[str, Publication],
                   keys_of: dict[Path, dict[str, None]]) -> None:
    """Give sphinxcontrib-bibtex the checked entries as its parsed files (see the docstring),
    each carrying its record to the citation styles (:class:`.entries.RecordEntry`)."""
    domain = academic_domain(app.env)
    changed = domain.changed_keys
    if not changed and not compat_bibtex.bibdata_outdated(app, list(keys_of)) and (
            bind_entries(compat_bibtex.bibdata_entries(app), entries, domain.data["digests"],
                                domain.formatted)):
        return
    # An entry whose text is the last build's keeps the engine's entry made from it: its
    # people's names are parsed once (0.7 s of an entry's edit at 2,000 entries).
    last = compat_bibtex.bibdata_entries(app) if len(changed) < len(entries) else {}
    data = BibliographyData(entries={
        key: last[key] if key not in changed and isinstance(last.get(key), RecordEntry)
        else RecordEntry(entry) for key, entry in entries.items()})
    compat_bibtex.hand_bibdata(app, data, keys_of)
    bind_entries(data.entries, entries, domain.data["digests"], domain.formatted)


def pages_to_reread(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                    removed: Set[str]) -> list[str]:
    """Pages that show or cite an entry that changed, and lists that select one now."""
    domain = academic_domain(env)
    changed_keys = domain.changed_keys
    if not changed_keys:
        return []
    pages = domain.pages_showing(changed_keys)
    # sphinxcontrib-bibtex registers its BibtexDomain (engine's subclass of it) as "cite".
    cite = cast(BibtexDomain, env.get_domain("cite"))
    pages |= {ref.docname for ref in cite.citation_refs
              if any(target.key in changed_keys for target in ref.targets)}
    return sorted(pages)


def setup(app: Sphinx) -> None:
    # Before sphinxcontrib-bibtex's own builder-inited handler (priority 500) parses the files.
    app.connect("builder-inited", load_bibfiles, priority=400)
    app.connect("env-get-outdated", pages_to_reread)
    app.connect("build-finished", report_summary)
