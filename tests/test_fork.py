"""A fork: another researcher's refs.bib, the owner's own pages removed, builds as it is."""

from __future__ import annotations

from conftest import html_page
from test_build import build_passes, copy_project

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

