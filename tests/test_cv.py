"""The CV: one data file (JSON Resume) → the CV page, the lists of other pages, the JSON-LD
Person and the PDF; the Atom feed of publications; the CV file's mistakes at their lines."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from academic.cv.parsing import CV
from academic.cv.person import person
from academic.cv.text import pdf_name
from bs4 import BeautifulSoup
from conftest import TESTS, html_page, plain_warnings
from pypdf import PdfReader

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/ada/"
TITLES = {"example2022report": "A Big Technical Report",
          "example2021compilers": "Compilers for Everyone",
          "other2019solvers": "Notes on Solvers"}  # newest first


def build_root(make_app, source: Path):
    app = make_app("dirhtml", srcdir=source)
    app.build(force_all=True)
    return app


@pytest.fixture
def cv_site(shared_built) -> Path:
    """The test-cv root built with no warning, once for the tests that only read it (conftest's
    shared build, which the `sphinx` mark below names)."""
    return Path(shared_built.outdir)


# The root cv_site builds; the tests that edit it build copies of their own (build_root).
pytestmark = pytest.mark.sphinx("dirhtml", testroot="cv")


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# --- the CV page and the pages that list CV facts ----------------------------------------------


def test_cv_page_lists_every_publication_and_every_item(cv_site):
    page = html_page(cv_site, "cv")
    entries = page.select(".academic-cv-publications li.academic-entry")
    titles = [entry.select_one(".academic-title").get_text(" ", strip=True) for entry in entries]
    assert titles == ["A Big Technical Report", "Compilers for Everyone Selected",
                      "Notes on Solvers"]
    # The owner in bold; "Selected" only on the selected entry.
    assert [entry.select_one(".academic-authors strong").get_text() for entry in entries[1:]] \
        == ["Ada Example", "Ada Example"]
    assert [bool(entry.select(".academic-selected")) for entry in entries] == [False, True, False]
    # In the title, not in the chip before it ("EC"), which it made a box of two lines.
    assert entries[1].select_one(".academic-abbr").get_text() == "EC"
    assert entries[1].select(".academic-title .academic-selected")
    # Each title leads to the paper's page; the CV is no citation target (no duplicate ids).
    assert entries[1].select_one(".academic-title a")["href"].endswith(
        "publications/example2021compilers/")
    assert not page.select(".academic-cv-publications [id]")
    work = [li.get_text(" ", strip=True) for li in page.select(".academic-cv-work > li")]
    assert work == ["Example Lab — Researcher. Compilers for everyone. Papers: Example and Other, "
                    "2021 . Built the fast compiler.", "Old Company — Intern, June 2018–2019."]
    paper = page.select_one(".academic-cv-work > li > p a")
    assert paper["href"] == "../publications/example2021compilers/"
    assert [li.get_text(" ", strip=True) for li in page.select(".academic-cv-education > li")] \
        == ["Example University — BS in Computer science."]
    assert [li.get_text(" ", strip=True) for li in page.select(".academic-cv-talks > li")] \
        == ["March 2021 — Example Workshop keynote"]
    honors, music = page.select(".academic-cv-awards")
    assert honors.get_text(" ", strip=True) == "2020 — Best Paper Award — Example Conference."
    assert music.get_text(" ", strip=True) == "Winner, Piano Competition"
    link = page.select_one(".academic-cv-pdf a")
    assert (link.get_text(), link["href"]) == ("Ada Example’s CV as a PDF",
                                               "../ada-example-cv.pdf")


def test_home_career_and_teaching_lists_come_from_the_cv_file(cv_site):
    career = html_page(cv_site).select(".academic-cv-career > li")
    assert [li.get_text(" ", strip=True) for li in career] == [
        "Example Lab — Researcher. Compilers for everyone.",  # no highlights on the home page
        "Old Company — Intern, June 2018–2019.",
        "Example University — BS in Computer science.",
    ]
    teaching = html_page(cv_site, "teaching").select(".academic-cv-teaching > li")
    assert [li.get_text(" ", strip=True) for li in teaching] == [
        "CS 101, Introduction to Computing — Head teaching assistant."]


def test_json_ld_person_comes_from_the_cv_file(cv_site):
    script = html_page(cv_site).find("script", type="application/ld+json")
    assert json.loads(script.string) == {
        "@context": "https://schema.org", "@type": "Person", "name": "Ada Example",
        "jobTitle": "Researcher", "worksFor": {"@type": "Organization", "name": "Example Lab"},
        "alumniOf": {"@type": "CollegeOrUniversity", "name": "Example University"},
        "sameAs": ["https://github.com/ada-example", "https://scholar.example.org/ada"],
        "url": BASE,
    }


def test_cv_lists_out_of_the_search_index_are_still_the_pages_text(cv_site):
    """Kept out of the search index (they repeat other pages' facts), the CV's lists are what
    its page says: llms-full.txt had the CV page's headings over nothing."""
    full = (cv_site / "llms-full.txt").read_text(encoding="utf-8")
    cv_page = full[full.index("\n# Curriculum vitae"):]
    cv_page = cv_page[:cv_page.find("\n# ", 1)]
    for fact in ("Example Lab", "Example University", "CS 101", "Best Paper Award",
                 "Compilers for Everyone"):
        assert fact in cv_page, fact


def test_cv_lists_are_out_of_the_search_index_but_the_page_is_in(cv_site):
    """The CV repeats facts of other pages: a search for a course finds the teaching page."""
    text = (cv_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
    docnames = index["docnames"]
    cv, teaching = docnames.index("cv"), docnames.index("teaching")
    pages_of = {word: pages if isinstance(pages, list) else [pages]
                for word, pages in index["terms"].items()}
    assert teaching in pages_of["101"] and cv not in pages_of["101"]
    assert "curriculum" in index["titleterms"]  # the page's own title still finds it


# --- the PDF ---------------------------------------------------------------------------------


def test_pdf_has_every_publication_employer_degree_course_and_honor(cv_site):
    path = cv_site / "ada-example-cv.pdf"
    text = pdf_text(path)
    for fact in [*TITLES.values(), "Example Lab", "Old Company", "Example University",
                 "BS in Computer science", "CS 101", "MATH 2000", "Best Paper Award",
                 "Winner, Piano Competition", "Example Workshop keynote"]:
        assert fact in text
    reader = PdfReader(path)
    assert (reader.metadata.title, reader.metadata.author) == ("Ada Example — Curriculum Vitae",
                                                               "Ada Example")
    assert 1 <= len(reader.pages) <= 2
    links = {annotation.get_object()["/A"]["/URI"] for page in reader.pages
             for annotation in page.get("/Annots", [])
             if annotation.get_object()["/A"].get("/URI")}
    assert {"https://github.com/ada-example", f"{BASE}publications/example2021compilers/"} <= links
    for page in reader.pages:  # every font is in the file
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_two_clean_builds_give_the_same_pdf(cv_site, make_app, tmp_path):
    other = tmp_path / "again"
    shutil.copytree(TESTS / "roots" / "test-cv", other)
    app = build_root(make_app, other)
    name = "ada-example-cv.pdf"
    assert (Path(app.outdir) / name).read_bytes() == (cv_site / name).read_bytes()


def test_pdf_is_made_again_only_when_its_sources_change(make_app, tmp_path):
    source = tmp_path / "cv"
    shutil.copytree(TESTS / "roots" / "test-cv", source)
    pdf = Path(build_root(make_app, source).outdir) / "ada-example-cv.pdf"
    made = pdf.stat().st_mtime_ns
    build_root(make_app, source)
    assert pdf.stat().st_mtime_ns == made
    cv = source / "cv.yaml"
    cv.write_text(cv.read_text().replace("Best Paper Award", "Best Poster Award"))
    build_root(make_app, source)
    assert "Best Poster Award" in pdf_text(pdf)


def built_files(outdir: Path) -> dict[str, bytes]:
    return {path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in sorted(outdir.rglob("*")) if path.is_file()
            and path.name != ".buildinfo"}


def incremental_and_clean(make_app, edited: Path, clean: Path) -> tuple[Path, Path]:
    """The output of an incremental build of ``edited`` (as `nox -s build` makes one: only
    what changed), and of a clean build of a copy of it at ``clean``."""
    incremental = make_app("dirhtml", srcdir=edited)
    incremental.build()
    shutil.copytree(edited, clean, ignore=shutil.ignore_patterns("_build"))
    return Path(incremental.outdir), Path(build_root(make_app, clean).outdir)


def test_an_edit_of_the_cv_file_writes_what_a_clean_build_writes(make_app, tmp_path):
    """The pages with a cv directive, the home page's JSON-LD and the PDF follow the file."""
    edited = tmp_path / "edited"
    shutil.copytree(TESTS / "roots" / "test-cv", edited)
    build_root(make_app, edited)
    cv = edited / "cv.yaml"
    cv.write_text(cv.read_text().replace("name: Example Lab", "name: Example Institute"))
    incremental, fresh = incremental_and_clean(make_app, edited, tmp_path / "clean")
    written, expected = built_files(incremental), built_files(fresh)
    assert written.keys() == expected.keys()
    assert [name for name in expected if written[name] != expected[name]] == []
    assert "Example Institute" in pdf_text(fresh / "ada-example-cv.pdf")


def test_a_bibtex_edit_that_makes_the_cv_right_or_wrong_rewrites_its_pages(make_app, tmp_path):
    """A CV whose papers name a key no BibTeX file has shows nothing; the key added to
    refs.bib alone, the file unchanged, makes it right: its pages show it again, as a clean
    build does. Before, they were read again only when the CV file changed."""
    edited = tmp_path / "edited"
    shutil.copytree(TESTS / "roots" / "test-cv", edited)
    bib = edited / "refs.bib"
    whole = bib.read_text()
    bib.write_text(whole.replace("@inproceedings{example2021compilers", "@inproceedings{gone"))
    assert html_page(build_root(make_app, edited).outdir, "teaching").select(
        ".academic-cv") == []  # wrong: nothing shown
    bib.write_text(whole)
    incremental, fresh = incremental_and_clean(make_app, edited, tmp_path / "clean")
    written, expected = built_files(incremental), built_files(fresh)
    assert html_page(fresh, "teaching").select(".academic-cv")
    assert [name for name in expected if written.get(name) != expected[name]] == []


# --- the feed --------------------------------------------------------------------------------


def test_feed_has_one_entry_per_publication_newest_first(cv_site):
    feed = ET.parse(cv_site / "publications.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{BASE}publications.atom"
    # The sources' date, not a paper's: no entry is dated to a day (see test_one_truth.py).
    updated = feed.findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Ada Example"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == list(TITLES.values())
    for entry, key in zip(entries, TITLES, strict=True):
        url = f"{BASE}publications/{key}/"
        assert entry.findtext(f"{ATOM}id") == url
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == url
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [updated] * 3
    assert [e.find(f"{ATOM}published") for e in entries] == [None] * 3
    assert [e.findtext(f"{ATOM}summary") for e in entries] == [
        "Big Team et al. 2022.",
        "Ada Example and Bo Other. Proceedings of the Example Conference, 2021. A compiler "
        "anyone can use.",
        "Bo Other, Ada Example, and Cy Third. Journal of Examples, 2019."]
    assert [a.findtext(f"{ATOM}name") for a in entries[2].findall(f"{ATOM}author")] == [
        "Bo Other", "Ada Example", "Cy Third"]


def test_feed_categories_are_the_topics_the_list_offers(cv_site):
    """A category per topic, as the list's filter says it: its value as the term, its label
    as shown; "selected" marks an entry for the home page and is no topic."""
    feed = ET.parse(cv_site / "publications.atom").getroot()
    categories = [[(c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")]
                  for entry in feed.findall(f"{ATOM}entry")]
    topic = ("program synthesis", "Program Synthesis")  # as the newest entry writes it
    assert categories == [[], [topic, ("llms", "LLMs")], [topic]]
    offered = BeautifulSoup((cv_site / "publications" / "index.html").read_text(
        encoding="utf-8"), "lxml").select("select[name=topic] option")
    assert [(option["value"], option.get_text()) for option in offered] == [
        ("", "All (3)"), ("llms", "LLMs (1)"), ("program synthesis", "Program Synthesis (2)")]


def test_feed_is_announced_on_every_page(cv_site):
    pages = sorted(cv_site.rglob("*.html"))
    assert len(pages) >= 6  # home, CV, teaching, the list and the paper pages
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        link = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert link is not None, path
        assert link["href"] == f"{BASE}publications.atom"
    index = (cv_site / "llms.txt").read_text(encoding="utf-8")
    # A link of the Publications section (llmstxt.org: a section holds a list of links).
    assert (f"## Publications\n\n- [Atom feed]({BASE}publications.atom): every publication "
            "below, newest first\n") in index


# --- mistakes in the CV file -----------------------------------------------------------------

GOOD = """\
basics:
  name: Ada Example
work:
  - name: Example Lab
    position: Researcher
"""


def errors_root(tmp_path: Path, cv: str) -> Path:
    """A copy of the CV error tests' root, its CV file ``cv``."""
    source = tmp_path / "errors"
    shutil.copytree(TESTS / "roots" / "test-cv-errors", source)
    (source / "cv.yaml").write_text(cv, encoding="utf-8")
    return source


@pytest.mark.parametrize(("text", "line", "message"), [
    (GOOD + "    employer: Example Lab\n", 6,
     "unknown field 'employer' in work[0]: the fields there are name, location, description, "
     "position, url, startDate, endDate, summary, highlights, papers; correct its spelling or "
     "remove it"),
    (GOOD + "    startDate: 2019-13\n", 6,
     "work[0].startDate is '2019-13', not a date: write it as YYYY, YYYY-MM or YYYY-MM-DD "
     "(2019, 2019-06, 2019-06-30), or leave it out"),
    (GOOD + "    highlights: Built it.\n", 6, "work[0].highlights must be a list, not text"),
    (GOOD + "awards:\n  - title: Prize\n    category: sports\n", 8,
     "awards[0].category is 'sports': it must be one of: music"),
    (GOOD + "teaching:\n  - name: Machine Learning\n", 7,
     "teaching[0] has no 'course': add it"),
    (GOOD + "    papers: [example2021compilers, nosuchkey]\n", 6,
     "work[0].papers[1] is 'nosuchkey', not a key of the BibTeX files: add the entry to the "
     "BibTeX file, or remove the key"),
    (GOOD + "    papers:\n      - example2021compiler\n", 7,
     "work[0].papers[0] is 'example2021compiler', not a key of the BibTeX files: did you mean "
     "'example2021compilers'?"),
    (GOOD + "  - name: [unclosed\n", 7,
     "not valid YAML: expected ',' or ']', but got '<stream end>'; check the indentation and "
     "quoting there"),
    (GOOD + "awards:\n" + "  - title: Prize\n" * 1_001, 1007,
     "a list of more than 1,000 items: a CV's longest lists a few hundred; keep the CV's facts "
     "in it, and longer lists on pages"),
    (GOOD + "awards:\n" + "  - title: Prize\n" * 62_500, 1,
     "the CV file is 1,062,589 bytes, more than a CV's 1,000,000: it is not read; keep the "
     "CV's facts in it, and longer texts on pages"),
])
def test_a_mistake_in_the_cv_file_is_reported_at_its_line(make_app, tmp_path, text, line,
                                                           message):
    source = errors_root(tmp_path, text)
    app = make_app("dirhtml", srcdir=source)
    app.build()
    assert plain_warnings(app) == f"{source / 'cv.yaml'}:{line}: WARNING: {message} [academic.cv]\n"
    assert html_page(app.outdir).select(".academic-cv-career") == []  # no half-read CV shown


def test_a_missing_cv_file_is_reported_at_the_line_of_conf_py_that_names_it(make_app, tmp_path):
    source = errors_root(tmp_path, GOOD)
    (source / "cv.yaml").unlink()
    app = make_app("dirhtml", srcdir=source)
    app.build()
    assert plain_warnings(app).splitlines()[0] == (
        f"{source / 'conf.py'}:2: WARNING: cannot read the CV file {source / 'cv.yaml'}: No such "
        "file or directory; fix academic_cv in conf.py [academic.cv]")


@pytest.mark.parametrize(("directive", "cv", "message"), [
    # A fork's short CV file on the CV page, which lists every section: the directive is what to
    # change (its options, here only :no-search:, have nothing to do with it).
    ("teaching\n:no-search:", GOOD,
     "cv.yaml has no teaching items; add them there, or remove this directive (and its heading) "
     "from the page"),
    ("career", "basics:\n  name: Ada Example\n",
     "cv.yaml has no work or education items; add them there, or remove this directive (and its "
     "heading) from the page"),
    ("teaching\n:subject: Physics", GOOD + "teaching:\n  - course: M1\n    subject: Mathematics\n",
     "none of cv.yaml's teaching items has subject 'Physics'; check :subject:"),
    ("awards\n:category: music", GOOD + "awards:\n  - title: Prize\n",
     "none of cv.yaml's awards has category 'music'; check :category:"),
    ("awards", GOOD + "awards:\n  - title: Recital\n    category: music\n",
     "every award of cv.yaml has a category; list them with :category: (such as :category: "
     "music)"),
])
def test_a_section_with_nothing_to_list_says_what_to_change(make_app, tmp_path, directive, cv,
                                                            message):
    source = errors_root(tmp_path, cv)
    (source / "index.md").write_text(f"# Home\n\n```{{cv}} {directive}\n```\n", encoding="utf-8")
    app = make_app("dirhtml", srcdir=source)
    app.build()
    section = directive.split()[0]
    assert plain_warnings(app) == (f"{source / 'index.md'}:3: WARNING: cv {section}: nothing to "
                                   f"list: {message} [academic.cv]\n")


def test_only_the_first_unknown_papers_keys_are_matched_for_a_suggestion(monkeypatch):
    """Each "did you mean" compares the key with every key of the BibTeX files: a CV of 1,000
    unknown keys against 2,000 entries took thirty seconds to check."""
    from academic.cv import parsing

    compared = []

    def counted(word, possibilities, n):
        compared.append(word)
        return []

    monkeypatch.setattr(parsing.difflib, "get_close_matches", counted)
    papers = "".join(f"      - unknown{index}\n" for index in range(500))
    data, problems = parsing.parse(GOOD + "    papers:\n" + papers, {"example2021compilers"})
    assert data is None and len(problems) == 500
    assert len(compared) == parsing.MAX_SUGGESTIONS
    assert problems[-1].message == (
        "work[0].papers[499] is 'unknown499', not a key of the BibTeX files: check its spelling, "
        "add the entry to the BibTeX file, or remove the key")


def test_a_job_that_has_ended_is_not_the_owners_employer():
    """JSON-LD's worksFor and jobTitle come from the newest work item only while it has no end:
    a CV whose newest job ended says nothing of a current one."""
    ended = {"name": "Old Lab", "position": "Researcher", "startDate": "2010",
             "endDate": "2012-06"}
    assert "worksFor" not in person(CV({"work": [ended]}, ""))
    assert "jobTitle" not in person(CV({"work": [ended]}, ""))
    current = {k: v for k, v in ended.items() if k != "endDate"}
    assert person(CV({"work": [current, ended]}, ""))["worksFor"]["name"] == "Old Lab"


@pytest.mark.parametrize(("name", "file"), [
    ("Ada Lovelace", "ada-lovelace-cv.pdf"),
    ("María González-Ruiz", "maria-gonzalez-ruiz-cv.pdf"),
    ("Jürgen Straße", "jurgen-strasse-cv.pdf"),
    ("Søren Kierkegaard", "soren-kierkegaard-cv.pdf"),
    ("Łukasz Ødegård", "lukasz-odegard-cv.pdf"),
    ("李小龍", "cv.pdf"),  # no Latin letter to name it by
])
def test_the_pdf_is_named_by_the_owner_s_name_in_ascii_letters(name, file):
    """A name with accents keeps its letters ("maria", not "mar-a"), as a downloads folder
    shows it."""
    assert pdf_name(CV({"basics": {"name": name}}, "")) == file


def test_a_word_typst_cannot_lay_out_leaves_the_pdf_out_with_a_warning(make_app, tmp_path):
    """Typst panics (a Rust panic, which Python sees as a BaseException) on a word of 32,768
    accented letters: the build says so, and goes on without the PDF, rather than ending in a
    traceback."""
    source = tmp_path / "cv"
    shutil.copytree(TESTS / "roots" / "test-cv", source)
    bib = source / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{long2020,\n  title = {"
                   + "é" * 32768 + "},\n  author = {Example, Ada},\n  year = {2020},\n"
                   "  keywords = {selected},\n}\n", encoding="utf-8")
    app = make_app("dirhtml", srcdir=source)
    app.build()
    problems = [line for line in plain_warnings(app).splitlines() if "CV PDF" in line]
    assert len(problems) == 1, plain_warnings(app)
    # At the line that names the CV file: the word is in it, or in an entry the PDF lists.
    assert problems[0].startswith(f"{source / 'conf.py'}:6: WARNING: the CV PDF could not be "
                                  "typeset: Typst stopped on an error of its own (")
    assert problems[0].endswith("); a very long word in cv.yaml or in an entry the PDF lists "
                                "can cause it [academic.cv]")
    assert not list(Path(app.outdir).glob("*.pdf"))
