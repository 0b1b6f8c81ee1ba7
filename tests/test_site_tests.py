"""This site's own tests: only tests/test_site_*.py (and search_queries.toml) name its content.

Every other test runs on test roots, or takes what it expects from the content it builds, so a
personalised fork passes them with its own refs.bib and pages. This check is the site's own too
(a fork's content may well coincide with a test's fixtures, as al-folio keys do): a fork deletes
it with the others.
"""

from __future__ import annotations

import re

import yaml
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from conftest import REPO, TESTS
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

ROOTS = TESTS / "roots"

#: A BibTeX entry's key where it is defined: in a test root's .bib, or written by a test itself.
DEFINED_KEY = re.compile(r"@\w+\s*\{\s*([^\s,{}]+)\s*,")
#: A page of docs/ that a test opens by its path (docs, then the page's file name), other than
#: to write a page of its own in its place.
DOCS_PAGE = re.compile(r"""["']docs["']\s*/\s*["']([\w/-]+)\.md["'](?!\)\.write_text)""")


def fixture_text() -> str:
    """Everything the test roots hold: their content is the tests' own, whoever wrote it."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(ROOTS.rglob("*"))
                     if path.suffix in (".bib", ".md", ".py", ".yaml"))


def owner_content() -> set[str]:
    """What only the owner's site holds: the keys of refs.bib, the titles of the pages of docs/,
    the owner's names, the places and honors of the CV file; less what a test root holds too (a
    root may borrow an entry or a name: it is then the root's)."""
    tests_text = fixture_text() + "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(TESTS.glob("*.py")))
    fixture_keys = set(DEFINED_KEY.findall(tests_text))
    owned = {key for key in load_bibliography((REPO / "refs.bib").read_text(encoding="utf-8"),
                                              NameMatcher(())).entries
             if key not in fixture_keys}
    roots = fixture_text()
    for page in (REPO / "docs").rglob("*.md"):  # its title: the first heading
        owned |= {next((line.removeprefix("# ").strip() for line in page.read_text(
            encoding="utf-8").splitlines() if line.startswith("# ")), "")}
    config = eval_config_file(REPO / "docs" / "conf.py", Tags())
    owned |= set(config.get("academic_owner", ())) | {config.get("project", "")}
    cv_file = REPO / "docs" / config.get("academic_cv", "cv.yaml")
    if cv_file.is_file():
        cv = yaml.safe_load(cv_file.read_text(encoding="utf-8"))
        owned |= {item.get(field, "") for section, field in (
            ("work", "name"), ("education", "institution"), ("awards", "title"))
            for item in cv.get(section, ())}
    return {text for text in owned if len(text) > 3 and text not in roots}


def test_only_the_sites_own_tests_name_its_content():
    """A fork deletes tests/test_site_*.py and rewrites search_queries.toml: every other test file
    runs on test roots, or takes what it expects from the content it builds. None names an entry,
    a page, the owner or a fact of the CV that only this site holds, nor opens one of its pages."""
    owned = owner_content()
    assert owned  # the site has content of its own to keep out
    found = {}
    for path in sorted(TESTS.glob("*.py")):
        if path.name.startswith("test_site"):
            continue
        text = path.read_text(encoding="utf-8")
        named = sorted(item for item in owned if item in text)
        named += [f"docs/{page}.md" for page in DOCS_PAGE.findall(text) if page != "index"]
        if named:
            found[path.name] = named
    assert found == {}
