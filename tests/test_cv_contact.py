"""A CV for anyone: where the owner is and how to reach him, as his file gives it (and nothing
when it gives nothing), names as written, and the publications a CV lists chosen by the owner.

Built on copies of the test-cv root, its CV file and pages completed by each test.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.cv.parsing import CV
from academic.cv.pdf import published
from academic.cv.text import contact_items
from conftest import TESTS, html_page, plain_warnings
from pypdf import PdfReader

CONTACT = """\
  email: ada@example.org
  phone: +1 (555) 010-2030
  location:
    city: Zürich
    countryCode: CH
"""


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf_links(path: Path) -> set[str]:
    return {annotation.get_object()["/A"]["/URI"] for page in PdfReader(path).pages
            for annotation in page.get("/Annots", [])
            if annotation.get_object()["/A"].get("/URI")}


@pytest.fixture
def cv_root(tmp_path):
    """A copy of the test-cv root, to complete; its CV page gains a contact line."""
    source = tmp_path / "cv"
    shutil.copytree(TESTS / "roots" / "test-cv", source)
    cv_md = source / "cv.md"
    cv_md.write_text(cv_md.read_text(encoding="utf-8").replace(
        "# Curriculum vitae\n", "# Curriculum vitae\n\n```{cv} contact\n```\n"), encoding="utf-8")
    return source


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def build(make_app, source: Path):
    app = make_app("dirhtml", srcdir=source)
    app.build(force_all=True)
    return app


def test_email_phone_location_and_profiles_are_on_the_page_and_in_the_pdf(make_app, cv_root):
    edit(cv_root / "cv.yaml", "  label: Researcher, Example Lab\n",
         "  label: Researcher, Example Lab\n" + CONTACT)
    # An address is shown as written: no smart quotes in it.
    edit(cv_root / "cv.yaml", "url: https://scholar.example.org/ada\n",
         "url: https://scholar.example.org/ada'\n")
    app = build(make_app, cv_root)
    assert plain_warnings(app) == ""
    contact = html_page(app.outdir, "cv").select_one(".academic-cv-contact")
    assert contact.get_text() == ("Zürich, CH · ada@example.org · +1 (555) 010-2030 · "
                                  "github.com/ada-example · scholar.example.org/ada'")
    # Sphinx writes the @ of a mailto: link escaped (%40), which mail programs read alike.
    assert [(a.get_text(), unquote(a["href"])) for a in contact.select("a")] == [
        ("ada@example.org", "mailto:ada@example.org"),
        ("+1 (555) 010-2030", "tel:+15550102030"),
        ("github.com/ada-example", "https://github.com/ada-example"),
        ("scholar.example.org/ada'", "https://scholar.example.org/ada'")]
    pdf = Path(app.outdir) / "ada-example-cv.pdf"
    text = pdf_text(pdf)
    for fact in ("Zürich, CH", "ada@example.org", "+1 (555) 010-2030"):
        assert fact in text
    assert {"mailto:ada@example.org", "tel:+15550102030",
            "https://github.com/ada-example", "https://scholar.example.org/ada'"} <= pdf_links(pdf)


def test_nothing_is_invented_when_the_file_gives_no_contact(make_app, cv_root):
    edit(cv_root / "cv.yaml", """  profiles:
    - network: GitHub
      url: https://github.com/ada-example
    - network: Scholar
      url: https://scholar.example.org/ada
""", "")
    app = build(make_app, cv_root)
    assert plain_warnings(app) == ""
    assert html_page(app.outdir, "cv").select(".academic-cv-contact") == []
    pdf = Path(app.outdir) / "ada-example-cv.pdf"
    assert not any(link.startswith(("mailto:", "tel:")) for link in pdf_links(pdf))
    assert "@" not in pdf_text(pdf)


@pytest.mark.parametrize("email", ["ada at example dot org",
                                   # A link would mail a hidden copy to another address.
                                   "ada@example.org?bcc=spy%40evil.example&body=hi"])
def test_an_email_that_is_not_one_is_shown_as_text(make_app, cv_root, email):
    edit(cv_root / "cv.yaml", "  label: Researcher, Example Lab\n",
         f'  label: Researcher, Example Lab\n  email: "{email}"\n')
    app = build(make_app, cv_root)
    contact = html_page(app.outdir, "cv").select_one(".academic-cv-contact")
    assert email in contact.get_text()
    assert not contact.select('a[href^="mailto:"]')
    assert not any(link.startswith("mailto:")
                   for link in pdf_links(Path(app.outdir) / "ada-example-cv.pdf"))


def test_an_area_keeps_its_case(make_app, cv_root):
    edit(cv_root / "cv.yaml", "area: Computer science", "area: Computer Science")
    app = build(make_app, cv_root)
    education = html_page(app.outdir, "cv").select_one(".academic-cv-education li")
    assert education.get_text(" ", strip=True) == \
        "Example University — BS in Computer Science."
    assert "BS in Computer Science" in pdf_text(Path(app.outdir) / "ada-example-cv.pdf")


def cv_titles(outdir) -> list[str]:
    page = html_page(outdir, "cv")
    return [entry.select_one(".academic-title a").get_text()
            for entry in page.select(".academic-cv-publications li.academic-entry")]


def pdf_titles(path: Path) -> list[str]:
    text = pdf_text(path)
    return [title for title in ("A Big Technical Report", "Compilers for Everyone",
                                "Notes on Solvers") if title in text]


@pytest.mark.parametrize(("options", "titles"), [
    ({"keyword": "selected"}, ["Compilers for Everyone"]),
    ({"year": "2020-2022"}, ["A Big Technical Report", "Compilers for Everyone"]),
    ({"type": "paper", "year": "2019"}, ["Notes on Solvers"]),
])
def test_the_cv_lists_the_publications_chosen(make_app, cv_root, options, titles):
    written = "".join(f":{name}: {value}\n" for name, value in options.items())
    edit(cv_root / "cv.md", "```{cv} publications\n", "```{cv} publications\n" + written)
    with (cv_root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"academic_cv_pdf_publications = {options!r}\n")
    app = build(make_app, cv_root)
    assert plain_warnings(app) == ""
    assert cv_titles(app.outdir) == titles
    pdf = Path(app.outdir) / "ada-example-cv.pdf"
    assert pdf_titles(pdf) == titles
    # Papers of journals and conferences apart from preprints, reports and books, each group
    # headed "Selected …" when the choice is the selected papers.
    groups = ("journal and conference papers", "preprints, reports and books")
    selected = options.get("keyword") == "selected"
    headings = [f"Selected {group}" if selected else group.capitalize() for group in groups]
    assert any(heading in pdf_text(pdf) for heading in headings)


def test_every_publication_by_default(make_app, cv_root):
    app = build(make_app, cv_root)
    everything = ["A Big Technical Report", "Compilers for Everyone", "Notes on Solvers"]
    assert cv_titles(app.outdir) == everything
    assert pdf_titles(Path(app.outdir) / "ada-example-cv.pdf") == everything


def test_a_wrong_choice_is_a_warning_where_it_is_written(make_app, cv_root):
    edit(cv_root / "cv.md", "```{cv} publications\n", "```{cv} publications\n:type: poem\n")
    with (cv_root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("academic_cv_pdf_publications = {'keywords': 'selected'}\n")
    app = build(make_app, cv_root)
    warnings = plain_warnings(app)
    lines = (cv_root / "cv.md").read_text(encoding="utf-8").splitlines()
    line = lines.index("```{cv} publications") + 1
    assert (f"{cv_root / 'cv.md'}:{line}: WARNING: cv publications: type must be one or more "
            "of paper, report, software (got 'poem') [academic.cv]") in warnings
    conf_line = len((cv_root / "conf.py").read_text(encoding="utf-8").splitlines())
    assert (f"{cv_root / 'conf.py'}:{conf_line}: WARNING: academic_cv_pdf_publications = "
            "{'keywords': 'selected'}: unknown option 'keywords': use keyword, type, year; the "
            "PDF lists every publication [academic.config]") in warnings
    assert pdf_titles(Path(app.outdir) / "ada-example-cv.pdf") == [
        "A Big Technical Report", "Compilers for Everyone", "Notes on Solvers"]


@pytest.mark.parametrize(("phone", "address"), [
    ("+1 (555) 010-2030", "tel:+15550102030"),
    # Any script's digits dial as the ASCII ones: Python's \d took them as they were, and
    # "tel:" reads ASCII digits alone.
    ("+20 ١٢٣ ٤٥٦٧", "tel:+201234567"),
    ("+91 ९८७६५", "tel:+9198765"),
    ("ask me", ""),
])
def test_a_phone_link_dials_the_number_written(phone, address):
    assert contact_items(CV({"basics": {"phone": phone}}, "")) == [(phone, address)]


@pytest.mark.parametrize(("entry", "is_published"), [
    ("@article{k, title = {T}, author = {A, B}, year = {2021}, journal = {Nature}}", True),
    ("@inproceedings{k, title = {T}, author = {A, B}, year = {2021}, booktitle = {ICML}}",
     True),
    # Zotero's and DBLP's arXiv papers: an @article in the server, a preprint.
    ("@article{k, title = {T}, author = {A, B}, year = {2021},"
     " journal = {arXiv preprint arXiv:2108.07732}}", False),
    ("@article{k, title = {T}, author = {A, B}, year = {2021}, journal = {CoRR}}", False),
    ("@misc{k, title = {T}, author = {A, B}, year = {2021}, eprint = {2108.07732}}", False),
])
def test_the_pdf_lists_a_preprint_among_the_preprints(entry, is_published):
    """The PDF's groups came from the entry type alone: an @article in "arXiv preprint…" was
    among the journal and conference papers, where the list, the page and every export call
    it a preprint."""
    record = load_bibliography(entry, NameMatcher(())).entries["k"]
    assert published(record) is is_published
