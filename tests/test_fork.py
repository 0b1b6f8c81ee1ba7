"""A fork, made as the README's "Make it yours" says: another researcher's conf.py settings,
refs.bib, CV file, home page and one project, the owner's own pages removed. It builds as it
is, and nothing it writes names the owner: not his name, a key of his refs.bib, an employer or
a school of his CV file, in any page, the search index, the PDF, the feed, llms*.txt, the
sitemap, the JSON-LD or a preview image's text.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
import yaml
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from bs4 import BeautifulSoup
from conftest import REPO, html_page, load_searchindex
from projects import build_passes, copy_project
from pypdf import PdfReader
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

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

#: The pages about the owner's own life and work, as a fork drops them (README, step 4).
OWNER_PAGES = ("research", "teaching", "honors", "music")

#: The fork's home page (README, step 4): its own words, the same directives.
FORK_HOME = """\
---
description: Ada Lovelace writes on the Analytical Engine and what it may compute.
---

# Ada Lovelace

```{profile}
Translator and annotator of the Analytical Engine.
```

## Selected publications

```{publications}
:keyword: selected
:compact:
```

## Career

```{cv} career
```

```{toctree}
:hidden:
publications/index
cv
projects
colophon/index
genindex
```
"""

#: The fork's own projects page: one card, no paper of the owner's.
FORK_PROJECTS = """\
# Projects

```{project-card} Difference Engine notes
:tags: mathematics
:paper: lovelace1843notes

Notes on Babbage's engine.
```
"""


def owner_config() -> dict:
    """The checkout's conf.py, as Sphinx reads it: whose site it is."""
    return eval_config_file(REPO / "docs" / "conf.py", Tags())


def make_fork(project):
    """The README's "Make it yours", step by step, on a copy of the site."""
    # Step 1: conf.py's names (project, author, copyright, html_title, academic_owner), and
    # addresses of the owner's own (academic_links).
    config = owner_config()
    conf = project / "docs" / "conf.py"
    text = conf.read_text(encoding="utf-8")
    names = {config.get(setting, "") for setting in ("project", "author", "copyright",
                                                      "html_title")}
    for name in sorted(names | set(config.get("academic_owner", ())), key=len, reverse=True):
        if name:
            text = text.replace(f'"{name}"', '"Ada Lovelace"')
    text = re.sub(r"(?m)^academic_links = .*$", "academic_links = []", text)
    # ... and the site's public address (html_baseurl's fallback).
    text = text.replace(f'"{config["html_baseurl"]}"', '"https://ada.example.org/"')
    conf.write_text(text, encoding="utf-8")
    (project / "refs.bib").write_text(FORK_BIB, encoding="utf-8")  # step 2
    (project / "docs" / "cv.yaml").write_text(FORK_CV, encoding="utf-8")  # step 3
    (project / "docs" / "index.md").write_text(FORK_HOME, encoding="utf-8")  # step 4
    (project / "docs" / "projects.md").write_text(FORK_PROJECTS, encoding="utf-8")
    for name in OWNER_PAGES:
        (project / "docs" / f"{name}.md").unlink(missing_ok=True)  # a fork may have none
    (project / "docs" / "_static" / "favicon.svg").write_text(  # step 5
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" '
        'height="64" fill="#333"/><text x="32" y="43" font-size="30" text-anchor="middle" '
        'fill="#fff">AL</text></svg>', encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """The fork, built strictly (the colophon and the other pages need none of his keys)."""
    project = make_fork(copy_project(tmp_path_factory.mktemp("fork")))
    build_passes(project)
    return project / "_build" / "html"


def test_a_fork_with_its_own_refs_bib_builds(fork):
    listed = [li["id"] for li in html_page(fork, "publications").select("li.academic-entry")]
    assert sorted(listed) == ["hopper1952education", "lovelace1843notes"]
    home = html_page(fork)
    assert [a.get_text(" ", strip=True) for a in home.select(".academic-title a")] == [
        "Notes on the Analytical Engine"]


def owner_words() -> list[str]:
    """The owner's names and his co-authors' whole names, the keys of his refs.bib, the
    employers and schools of his CV file (whole, and by the words that name them: "Acme" of
    "Acme Research", "DeepAcme" of "Acme DeepAcme", "ACL" of "Acme ACL"; not "University" or
    "Lab"), his profiles and projects."""
    config = owner_config()
    names = [*config.get("academic_owner", ()), config.get("author", "")]
    names += [name.split()[-1] for name in names if name]
    entries = load_bibliography((REPO / "refs.bib").read_text(encoding="utf-8"),
                                NameMatcher(())).entries
    keys = list(entries)
    # His co-authors, by their whole names (a shipped comment named one as an example): by
    # their last names alone, another owner's co-authors (Field, Cook, Smith) would be words
    # of the extension's own pages, and the test would fail on every real fork.
    names += [author.name for entry in entries.values() for author in entry.authors
              if not author.is_others and len(author.name.split()) > 1]
    cv = yaml.safe_load((REPO / "docs" / config.get("academic_cv", "cv.yaml")).read_text(
        encoding="utf-8"))
    places = {item.get("name", "") for item in cv.get("work", ())}
    places |= {item.get("institution", "") for item in cv.get("education", ())}
    words = {word for place in places for position, word in enumerate(place.split())
             if position == 0 or re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*|[A-Z]{3,}", word)}
    address = urlsplit(config["html_baseurl"]).hostname or ""  # his domain
    # His profiles (a GitHub account, whose name is no word of his name) and his projects, by
    # their cards' names and repositories ("Titan", "jacobaustin123/Titan").
    profiles = (cv.get("basics") or {}).get("profiles") or ()
    accounts = {str(profile.get(field, "")) for profile in profiles
                for field in ("username", "url")}
    # Cards are wherever his pages put them.
    cards = "\n".join(page.read_text(encoding="utf-8") for page in (REPO / "docs").rglob("*.md"))
    # Not the documentation's example cards (":no-index:"), which a fork keeps.
    for name, body in re.findall(r"(?ms)^```\{project-card\}[ \t]*(.+?)[ \t]*$(.*?)^```$", cards):
        if ":no-index:" not in body:
            accounts.add(name)
            accounts |= {part for repo in re.findall(r"(?m)^:repo:\s*(\S+)", body)
                         for part in repo.split("/")}
    return sorted({*names, *keys, *places, *words, *accounts, address} - {""})


def output_texts(site) -> dict[str, str]:
    """Every file the build writes that a reader or a machine reads, as text: pages, scripts
    and the search index, the feed, llms*.txt, the sitemap, robots.txt; the CV PDF's text and
    link addresses."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.name == ".buildinfo":
            continue
        name = str(path.relative_to(site))
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            texts[name] = "\n".join([page.extract_text() for page in reader.pages]
                                     + [str(reader.metadata)])
            texts[name] += "\n".join(
                str(annotation.get_object()["/A"].get("/URI", "")) for page in reader.pages
                for annotation in page.get("/Annots", []))
        elif name == "searchindex.js":
            index = load_searchindex(site)
            for kind in ("terms", "titleterms"):
                index[kind] = {term: pages for term, pages in index[kind].items()
                               if term not in SERVICE_WORDS}
            texts[name] = json.dumps(index, ensure_ascii=False)
        elif path.suffix in (".html", ".js", ".json", ".txt", ".xml", ".atom", ".css", ".svg"):
            texts[name] = path.read_text(encoding="utf-8")
    return texts


#: Services the site's pages name, which are no employer: Google Scholar (whose tags the paper
#: pages carry) and NASA ADS (a source of BibTeX files).
NOT_THE_OWNERS = re.compile(r"Google\s+Scholar|scholar\.google|NASA\s+ADS")
#: Their words, which the search index holds one by one (the pages' text is checked whole).
SERVICE_WORDS = {"google", "nasa"}


def test_nothing_the_fork_writes_names_the_owner(fork):
    words = owner_words()
    assert len(words) > 10
    texts = output_texts(fork)
    # The kinds of output the issue lists are all there.
    for name in ("index.html", "publications/index.html", "searchindex.js", "llms.txt",
                 "llms-full.txt", "sitemap.xml", "publications.atom", "ada-lovelace-cv.pdf"):
        assert name in texts, name
    home = BeautifulSoup(texts["index.html"], "lxml")
    assert home.select('script[type="application/ld+json"]')
    assert home.select_one('meta[property="og:image:alt"]')["content"]
    hits = {}
    for name, text in texts.items():
        text = NOT_THE_OWNERS.sub("", text)
        found = [word for word in words
                 if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)]
        if found:
            hits[name] = found
    assert hits == {}


def test_the_readme_names_every_file_the_fork_edits():
    """"Make it yours" lists every file a fork changes, in the order the fixture changes them
    (the order a new owner follows)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Make it yours", 1)[1].split("\n## ", 1)[0]
    files = ["docs/conf.py", "refs.bib", "docs/cv.yaml", "docs/index.md", "docs/projects.md",
             *(f"docs/{name}.md" for name in OWNER_PAGES), "docs/_static/favicon.svg",
             "tests/test_site*.py", "tests/search_queries.toml"]
    places = [section.find(f"`{name}`") for name in files]
    assert -1 not in places, [name for name, place in zip(files, places, strict=True)
                                     if place == -1]
    assert places == sorted(places)


#: Google as a service the code knows, not an employer: a profile on Google Research, the
#: addresses of its papers, and its guidelines for structured data.
SERVICES_IN_CODE = re.compile(r"research\.google|Google Research|Google's")


def test_the_extension_names_nobody_of_the_owners():
    """A fork keeps the extension as it is: its code, comments and examples name none of the
    owner's words (the README: he is named only in his own files)."""
    words = owner_words()
    hits = {}
    for path in sorted((REPO / "extensions").rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".png", ".woff2"):
            continue
        text = NOT_THE_OWNERS.sub("", path.read_text(encoding="utf-8"))
        text = SERVICES_IN_CODE.sub("", text)
        found = [word for word in words
                 if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)]
        if found:
            hits[str(path.relative_to(REPO))] = found
    assert hits == {}
