"""Check the configured BibTeX files before sphinxcontrib-bibtex parses them.

sphinxcontrib-bibtex reads ``bibtex_bibfiles`` when the builder starts. On a broken file it
shows a traceback at the wrong line, silently drops every entry after a duplicate key, and
reports a missing field at the directive rather than the entry. This module runs first: it
loads every file with :mod:`.bibliography` (one chunk per entry, each cached by the digest of
its text) and reports every problem as ``refs.bib:LINE: what is wrong and how to fix it``.

The checked entries are then handed to sphinxcontrib-bibtex as its parsed data (its
``bibdata``, a :class:`~sphinxcontrib.bibtex.bibfile.BibData`, stamped with the file's
modification time, so that its own builder-inited handler finds it up to date and does not
parse the file again: :func:`.compat.hand_bibdata`). This is the extension's one use of another
extension's internal state, for three reasons: the engine then never meets a syntax error or a
duplicate key (which would stop the build with a traceback or silently drop entries), it sees
the normalised fields (``date`` → ``year``, ``journaltitle`` → ``journal``, ``crossref``
resolved), and a file of 2,000 entries is parsed once per edit, not twice.

The records also go to the ``academic`` domain and to the citation styles, and the pages that
show or cite a changed entry are read again (sphinxcontrib-bibtex alone leaves them stale).
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import BibliographyData
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import compat, styles
from .bibliography import Bibliography, NameMatcher, Problem, digest, load_bibliography
from .domain import academic_domain

logger = logging.getLogger(__name__)

def bibfile_paths(app: Sphinx) -> list[Path]:
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or []]


def warn(problem: Problem, path: Path) -> None:
    logger.warning(problem.message, location=f"{path}:{problem.line}", type="academic",
                   subtype=problem.subtype)


def load_bibfiles(app: Sphinx) -> None:
    """Check every configured file, report its problems, hand its entries to the engine."""
    domain = academic_domain(app.env)
    owner = NameMatcher.from_names(app.config.academic_owner)
    cache = domain.loaded_records()
    entries, digests = {}, {}
    keys_of: dict[Path, dict[str, None]] = {}
    first_file: dict[str, tuple[Path, int]] = {}
    for path in bibfile_paths(app):
        keys_of[path] = {}
        try:
            source = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            logger.warning(f"cannot read the BibTeX file {path}: {error.strerror}; fix the path "
                           "in bibtex_bibfiles in conf.py", type="academic", subtype="bibtex")
            continue
        loaded: Bibliography = load_bibliography(source, owner, cache)
        for problem in loaded.problems:
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

    check_local_files(app, entries, first_file)
    years = styles.disambiguated_years(entries.values())
    # What a page shows of an entry: its text, and its year label, which depends on the others.
    shown = {key: digest(digests[key] + years[key]) for key in entries}
    domain.set_entries(entries, digests, shown)
    styles.use_bibliography(entries, years, shown, domain.formatted)
    hand_to_engine(app, entries, keys_of)


def check_local_files(app: Sphinx, entries: dict, first_file: dict) -> None:
    """A paper's own file (``pdf = {paper.pdf}``) must be in the papers folder."""
    folder = Path(app.srcdir) / app.config.academic_paper_files_dir
    for key, entry in entries.items():
        for link in entry.links:
            if link.local and not (folder / link.url).is_file():
                path, line = first_file[key]
                warn(Problem(line, f"@{entry.entry_type}{{{key}}}: {link.label.lower()} file "
                             f"{link.url!r} not found in {folder}; put the file there or give "
                             "its https:// address"), path)


def hand_to_engine(app: Sphinx, entries: dict, keys_of: dict[Path, dict[str, None]]) -> None:
    """Give sphinxcontrib-bibtex the checked entries as its parsed files (see the docstring)."""
    if not academic_domain(app.env).changed_keys and not compat.bibdata_outdated(
            app, list(keys_of)):
        return
    data = BibliographyData(entries={key: entry.pybtex_entry() for key, entry in entries.items()})
    compat.hand_bibdata(app, data, keys_of)


def pages_to_reread(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Pages that show or cite an entry that changed, and lists that select one now."""
    domain = academic_domain(env)
    changed_keys = domain.changed_keys
    if not changed_keys:
        return []
    pages = domain.pages_showing(changed_keys)
    cite = env.get_domain("cite")
    pages |= {ref.docname for ref in cite.citation_refs  # type: ignore[attr-defined]
              if any(target.key in changed_keys for target in ref.targets)}
    return sorted(pages)


def setup(app: Sphinx) -> None:
    # Before sphinxcontrib-bibtex's own builder-inited handler (priority 500) parses the files.
    app.connect("builder-inited", load_bibfiles, priority=400)
    app.connect("env-get-outdated", pages_to_reread)
