"""A fork: another researcher's refs.bib, the owner's own pages removed, builds as it is."""

from __future__ import annotations

import re

import yaml
from academic.bibliography import NameMatcher, load_bibliography
from conftest import REPO, TESTS, html_page
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags
from test_build import build_passes, copy_project

ROOTS = TESTS / "roots"

#: Someone else's bibliography, as a fork starts from: none of the owner's keys.
FORK_BIB = """\
@article{lovelace1843notes,
  title    = {Notes on the Analytical Engine},
  author   = {Lovelace, Ada},
  journal  = {Scientific Memoirs},
  volume   = {3},
  year     = {1843},
  keywords = {selected},
}

@inproceedings{hopper1952education,
  title     = {The Education of a Computer},
  author    = {Hopper, Grace Murray},
  booktitle = {Proceedings of the ACM National Meeting},
  year      = {1952},
}
"""

#: The fork's own CV file, a section for each of the CV page's (the owner's lists his papers).
FORK_CV = """\
basics:
  name: Ada Lovelace
work:
  - name: Analytical Society
    position: Translator
    papers: [lovelace1843notes]
education:
  - institution: Home tuition
    area: Mathematics
teaching:
  - course: Private lessons
    name: Mathematics
awards:
  - title: Honorary member, Analytical Society
  - title: Harp recital
    category: music
talks:
  - name: Notes on the engine
interests:
  - name: Music
"""

#: The pages about the owner's own life and work, as a fork rewrites or drops them.
OWNER_PAGES = ("research", "teaching", "honors", "music")

#: The fork's own projects page: one card, no paper of the owner's.
FORK_PROJECTS = """\
# Projects

```{project-card} Difference Engine notes
:tags: mathematics
:paper: lovelace1843notes

Notes on Babbage's engine.
```
"""


def test_a_fork_with_its_own_refs_bib_builds(tmp_path):
    project = copy_project(tmp_path / "fork")
    (project / "refs.bib").write_text(FORK_BIB, encoding="utf-8")
    (project / "docs" / "projects.md").write_text(FORK_PROJECTS, encoding="utf-8")
    (project / "docs" / "cv.yaml").write_text(FORK_CV, encoding="utf-8")
    index = project / "docs" / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    index.write_text("".join(line for line in lines if line.strip() not in OWNER_PAGES
                             and not any(f"({name}.md)" in line for name in OWNER_PAGES)),
                     encoding="utf-8")
    for name in OWNER_PAGES:
        (project / "docs" / f"{name}.md").unlink(missing_ok=True)  # a fork may have none

    build_passes(project)  # strict: the colophon and the other pages need none of his keys

    site = project / "_build" / "html"
    listed = [li["id"] for li in html_page(site, "publications").select("li.academic-entry")]
    assert sorted(listed) == ["hopper1952education", "lovelace1843notes"]
    home = html_page(site)
    assert [a.get_text(" ", strip=True) for a in home.select(".academic-title a")] == [
        "Notes on the Analytical Engine"]


# --- the owner's content stays in the site's own tests ------------------------------------------

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
