"""Real bibliographies, as their authors wrote them, appended to a copy of this site's refs.bib.

The files are other people's data, kept beside the project (``shared/data/real-bibs/`` next to
the clone, or the folder ``REAL_BIBS`` names), never in it: these tests read them and skip when
the folder is absent. Each file gets one build of its own (``nox -s build``, as an owner runs it):
every entry of the file is on the publications list and has a page of its own, every form of
every entry agrees with its model (the reader of ``test_one_truth.py``), no page shows raw
LaTeX, no internal link leads nowhere, and the BibTeX a reader copies parses with pybtex and
with biber (where biber is installed: ``apt-get install biber``).
The one file with a real mistake (an undefined macro) has it found at its line; it is built with
that line fixed, for the rest.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

import pybtex.errors
import pytest
from academic.bib.names import entry_names
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.cv.directive import publication_selection
from bs4 import BeautifulSoup
from conftest import REPO, this_environment
from linkcheck import broken_links, broken_search_targets
from projects import copy_project, nox_build
from pybtex.database.input.bibtex import Parser
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags
from test_one_truth import EPOCH, disagreements, models

REAL_BIBS = Path(os.environ.get("REAL_BIBS") or REPO.parent / "shared" / "data" / "real-bibs")
FILES = sorted(REAL_BIBS.glob("*.bib")) if REAL_BIBS.is_dir() else []

#: The one real mistake: its line in the file, and the fix that lets the rest be checked.
MISTAKES = {
    "6-Blaisorblade-Bibs-ProgLang.bib": (
        3672, "@inproceedings{danvy99type-directed}: undefined macro 'London'; put text values "
        "in braces ({London}) or define it with @string", ("Noaddress = London", "Noaddress = "
                                                         "{London}")),
}

#: What a reader should never see in a page's text: a command, a math shift, a TeX group (an
#: abstract may speak of braces: "\{PCF\}" is "{PCF}").
RAW_LATEX = re.compile(r"\\[A-Za-z]+|\$")
TEX_GROUP = re.compile(r"[{}]")
#: A 1×1 GIF: the placeholder of a paper's file the real site keeps beside its .bib.
PLACEHOLDER = base64.b64decode("R0lGODlhAQABAAAAACw=")

pytestmark = pytest.mark.skipif(
    not FILES, reason=f"no real .bib files in {REAL_BIBS} (set REAL_BIBS to their folder)")


def build(project: Path) -> tuple[int, str]:
    # The sources' date test_one_truth's reader expects of the feed.
    process = nox_build(project, env={**this_environment(), "SOURCE_DATE_EPOCH": str(EPOCH)})
    output, _ = process.communicate(timeout=900)
    return process.returncode, output


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.stem)
def site(request, tmp_path_factory):
    """The site built with one real file appended: (project, its entries' keys, outputs)."""
    real: Path = request.param
    project = copy_project(tmp_path_factory.mktemp(real.stem))
    refs = project / "refs.bib"
    owner_text = refs.read_text(encoding="utf-8")
    text = real.read_text(encoding="utf-8-sig")
    loaded = load_bibliography(text, NameMatcher.from_names([]))
    # The PDFs an al-folio site keeps in assets/pdf/, as an owner moving to this site copies them
    # into the papers folder (a missing one is a real mistake, tested elsewhere).
    for entry in loaded.entries.values():
        for link in entry.links:
            if link.local:
                file = project / "docs" / "_static" / "papers" / link.url
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(PLACEHOLDER)
    refs.write_text(owner_text + "\n" + text, encoding="utf-8")
    outputs = {"problems": [(p.line, p.message) for p in loaded.problems]}
    if real.name in MISTAKES:
        _line, _message, (wrong, right) = MISTAKES[real.name]
        refs.write_text(owner_text + "\n" + text.replace(wrong, right), encoding="utf-8")
    outputs["build"] = build(project)
    return real, project, list(loaded.entries), outputs


def html(project: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((project / "_build" / "html" / path).read_text("utf-8"), "lxml")


def test_builds_and_a_real_mistake_is_found_at_its_line(site):
    """The file's one real mistake is found at its line, by the reading every build makes
    (that a problem found so fails `nox -s build` at its line is test_build.py's
    test_a_bad_bib_fails_with_its_line_and_keeps_the_last_good_site): a build of the file with
    the mistake would cost as much as the build of the fixed file, for nothing more."""
    real, project, _keys, outputs = site
    if real.name in MISTAKES:
        line, message, _fix = MISTAKES[real.name]
        assert (line, message) in outputs["problems"]
    returncode, output = outputs["build"]
    assert returncode == 0, output


def test_every_entry_is_on_the_list_with_a_page_of_its_own(site):
    """Every entry but the volumes others only cross-reference (DBLP's @proceedings), which
    are left out as BibTeX leaves them out; none of them is cited or has keywords here."""
    _real, project, keys, _outputs = site
    loaded = load_bibliography((project / "refs.bib").read_text("utf-8"),
                               NameMatcher.from_names([]))
    names = entry_names([*loaded.entries])
    parents = {entry.crossref.lower() for entry in loaded.entries.values() if entry.crossref}
    listing = html(project, "publications/index.html")
    ids = {item["id"] for item in listing.select("li.academic-entry")}
    for key in keys:
        page = project / "_build" / "html" / "publications" / names[key].page / "index.html"
        if key.lower() in parents and not loaded.entries[key].keywords:
            assert names[key].anchor not in ids, key
            assert not page.is_file(), key
            continue
        assert names[key].anchor in ids, key
        assert page.is_file(), key


def test_every_form_of_every_entry_agrees_with_its_model(site):
    """The file's entries on the site, in every form (list, paper page, CV page and PDF, feed,
    llms.txt, metadata), read back against their models, as test_one_truth.py reads its root;
    the owner, the site's name and the PDF's choice of papers are the site's conf.py's."""
    _real, project, keys, outputs = site
    assert outputs["build"][0] == 0, outputs["build"][1]
    config = eval_config_file(project / "docs" / "conf.py", Tags())
    entries = models(project / "refs.bib", config["academic_owner"])
    # A volume only cross-referenced by others is not listed, as BibTeX leaves it out.
    parents = {model.record.crossref.lower() for model in entries.values()
               if model.record.crossref}
    real = {key: entries[key] for key in keys
            if key.lower() not in parents or entries[key].record.keywords}
    chosen = publication_selection(config.get("academic_cv_pdf_publications", {}))
    in_pdf = {key for key, model in real.items() if chosen.matches(model.record)}
    assert disagreements(project / "_build" / "html", real, config["html_title"],
                         in_pdf=in_pdf) == []


def test_no_page_shows_raw_latex(site):
    _real, project, _keys, _outputs = site
    site_dir = project / "_build" / "html"
    pages = [site_dir / "publications" / "index.html",
             *sorted((site_dir / "publications").glob("*/index.html"))]
    raw = []
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "lxml")
        for shown in page.select(".academic-entry, .academic-paper"):
            for hidden in shown.select("details, pre, script"):
                hidden.decompose()  # the BibTeX disclosure is LaTeX on purpose
            text = shown.get_text(" ", strip=True)
            for abstract in shown.select("#abstract"):
                abstract.decompose()
            if RAW_LATEX.search(text) or TEX_GROUP.search(shown.get_text(" ", strip=True)):
                raw.append(f"{path.parent.name}: {text!r}")
    assert raw == []


def test_no_internal_link_leads_nowhere(site):
    _real, project, _keys, _outputs = site
    assert broken_links(project / "_build" / "html") == []
    assert broken_search_targets(project / "_build" / "html") == []


def test_the_bibtex_a_reader_copies_parses_with_pybtex(site):
    _real, project, keys, _outputs = site
    listing = html(project, "publications/index.html")
    blocks = [code.get_text() for code in listing.select("li.academic-entry details code")]
    assert len(blocks) >= len(keys)
    for block in blocks:
        parser = Parser()
        with pybtex.errors.capture() as errors:
            parser.parse_string(block)
        assert errors == [], block
        assert len(parser.data.entries) == 1, block
        assert not re.search(r"journal = \{\\", block), block  # no macro only AASTeX defines


@pytest.mark.skipif(shutil.which("biber") is None,
                    reason="biber is not installed (apt-get install biber)")
def test_the_bibtex_a_reader_copies_parses_with_biber(site, tmp_path):
    _real, project, _keys, _outputs = site
    listing = html(project, "publications/index.html")
    shown = tmp_path / "shown.bib"
    shown.write_text("\n\n".join(code.get_text() for code in
                                  listing.select("li.academic-entry details code")) + "\n",
                     encoding="utf-8")
    # --tool: biber reads and writes a .bib file on its own, without a LaTeX run.
    result = subprocess.run(["biber", "--tool", "--outfile", str(tmp_path / "out.bib"),
                             str(shown)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines()
                if line.startswith(("ERROR", "WARN"))]
    assert problems == []
