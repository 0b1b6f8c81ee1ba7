"""The owner's site, one entry one truth: every form of every paper read back against its model
(the reader of ``test_one_truth.py``), and exactly what each form says of the papers whose
byline refs.bib does not hold whole (PaLM, PaLM 2, Gemini 1.0, 1.5 and 2.5) and of the
preprint presented at a later workshop (DL4C 2022)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from academic.bib.display import SHORT_NAMES
from bs4 import BeautifulSoup
from conftest import REPO
from test_one_truth import (
    ATOM,
    EPOCH_TEXT,
    disagreements,
    models,
    pdf_words,
    same,
    text_of,
)

ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


@pytest.fixture
def site(owner_site: Path) -> Path:
    """The owner's site, built strictly once for every test that reads it (tests/browser.py),
    with the sources' date test_one_truth.py's builds have."""
    return owner_site


def forms(site: Path, key: str) -> dict[str, object]:
    """What each form says of one entry: the author line and venue line shown, the machine
    metadata as written."""
    paper = BeautifulSoup((site / "publications" / key / "index.html").read_text(
        encoding="utf-8"), "lxml")
    listing = BeautifulSoup((site / "publications" / "index.html").read_text(encoding="utf-8"),
                            "lxml").find(id=key)
    data = json.loads(paper.select_one('script[type="application/ld+json"]').string)
    feed = {entry.findtext(f"{ATOM}id").rstrip("/").rsplit("/", 1)[-1]: entry
            for entry in ET.parse(site / "publications.atom").getroot().iter(f"{ATOM}entry")}
    entry = feed[key]
    title = data["headline"]
    llms = next(line for line in (site / "llms.txt").read_text(encoding="utf-8").splitlines()
                if line.startswith(f"- [{title}]"))
    (pdf,) = site.glob("*-cv.pdf")
    pdf_text = pdf_words(pdf)
    # The owner's PDF lists his selected papers (conf.py): another is not in it.
    start = pdf_text.find(f"{same(title)} ")
    pdf = pdf_text[start + len(same(title)):][:300].strip() if start >= 0 else None
    return {
        "list": (text_of(listing.select_one(".academic-authors")),
                 text_of(listing.select_one(".academic-venue"))),
        "paper page": (text_of(paper.select_one("section .academic-authors")),
                       text_of(paper.select_one("section .academic-venue"))),
        "citation_*": [(m["name"], m["content"]) for m in paper.select("meta[name^=citation_]")
                       if m["name"] in ("citation_author", "citation_publication_date")],
        "JSON-LD": {name: data.get(name) for name in (
            "author", "contributor", "creditText", "datePublished", "sameAs")},
        "Atom": ([a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")],
                 [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}contributor")],
                 entry.findtext(f"{ATOM}published"), entry.findtext(f"{ATOM}summary")),
        "llms.txt": llms.split("): ", 1)[1],
        "PDF": pdf,
        "og:description": paper.select_one('meta[property="og:description"]')["content"],
        "og:image:alt": paper.select_one('meta[property="og:image:alt"]')["content"],
    }


def test_every_form_of_every_paper_agrees_with_its_model(site):
    entries = models(REPO / "refs.bib", ["Jacob Austin"])
    assert len(entries) == 13
    selected = {key for key, model in entries.items() if "selected" in model.record.keywords}
    assert 0 < len(selected) < len(entries)
    assert disagreements(site, entries, "Jacob Austin", in_pdf=selected) == []


def test_the_feed_is_dated_by_the_sources_never_by_an_invented_day(site):
    feed = ET.parse(site / "publications.atom").getroot()
    assert feed.findtext(f"{ATOM}updated") == EPOCH_TEXT
    assert {entry.findtext(f"{ATOM}updated") for entry in feed.iter(f"{ATOM}entry")} == {
        EPOCH_TEXT}
    # refs.bib dates its papers to the year or the month, never the day.
    assert feed.find(f".//{ATOM}published") is None


def test_palm(site):
    found = forms(site, "chowdhery2023palm")
    line = f"Chowdhery, {ELLIPSIS}, Jacob Austin, {ELLIPSIS} (67 authors)"
    venue = "Journal of Machine Learning Research 24(240), 2023"
    assert found["list"] == found["paper page"] == (line, venue)
    # Two of 67 names: Scholar, which takes its tags for the whole byline, gets none.
    assert found["citation_*"] == [("citation_publication_date", "2023")]
    assert found["JSON-LD"] == {
        "author": [{"@type": "Person", "name": "Chowdhery"},
                   {"@type": "Person", "name": "Jacob Austin"}],
        "contributor": None, "creditText": line, "datePublished": "2023",
        "sameAs": ["https://arxiv.org/abs/2204.02311",
                   "http://jmlr.org/papers/v24/22-1144.html"]}
    assert found["Atom"] == (["Chowdhery", "Jacob Austin"], [], None, f"{line}. {venue}.")
    assert found["llms.txt"].startswith(f"{line}. *Journal of Machine Learning Research "
                                        "24(240)*, 2023.")
    assert found["PDF"] is None  # not among the selected papers the PDF lists
    assert found["og:description"] == (
        f"PaLM: Scaling Language Modeling with Pathways — {line}. {venue}.")
    assert found["og:image:alt"] == (
        f"PaLM: Scaling Language Modeling with Pathways — {line} — JMLR, 2023 — Jacob Austin")


def test_palm_2(site):
    found = forms(site, "anil2023palm2")
    line = ("Anil, Dai, Firat, Johnson, Lepikhin, Passos, Shakeri, Taropa et al., including "
            "Jacob Austin")
    assert found["list"] == found["paper page"] == (line, "arXiv preprint, 2023")
    assert found["citation_*"] == [("citation_publication_date", "2023")]
    assert found["JSON-LD"]["author"][-1] == {"@type": "Person", "name": "Jacob Austin"}
    assert [a["name"] for a in found["JSON-LD"]["author"]] == [
        "Anil", "Dai", "Firat", "Johnson", "Lepikhin", "Passos", "Shakeri", "Taropa",
        "Jacob Austin"]
    assert found["JSON-LD"]["creditText"] == line
    assert found["Atom"][0][-1] == "Jacob Austin"
    assert found["PDF"] is None  # not among the selected papers the PDF lists
    # The one-line forms fold the names by the model's rule (exactly: test_one_truth.py); the
    # owner's part is whole.
    short = models(REPO / "refs.bib", ["Jacob Austin"])["anil2023palm2"].author_text(
        SHORT_NAMES)
    assert short.startswith("Anil, ") and short.endswith(" et al., including Jacob Austin")
    assert found["og:description"] == f"PaLM 2 Technical Report — {short}. arXiv preprint, 2023."
    assert found["og:image:alt"] == (
        f"PaLM 2 Technical Report — {short} — arXiv preprint, 2023 — Jacob Austin")


def test_gemini_1_0(site):
    found = forms(site, "gemini2023gemini")
    line = "Gemini Team, Google, including Jacob Austin"
    assert found["list"] == found["paper page"] == (line, "arXiv preprint, 2023")
    # The byline is the team's, whole: the team is its one author, the owner no second one.
    assert found["citation_*"] == [("citation_author", "Gemini Team, Google"),
                                   ("citation_publication_date", "2023")]
    assert found["JSON-LD"] == {
        "author": [{"@type": "Organization", "name": "Gemini Team, Google"},
                   {"@type": "Person", "name": "Jacob Austin"}],
        "contributor": None, "creditText": line, "datePublished": "2023",
        "sameAs": ["https://arxiv.org/abs/2312.11805",
                   "https://doi.org/10.48550/arXiv.2312.11805"]}
    assert found["Atom"] == (["Gemini Team, Google", "Jacob Austin"], [], None,
                             f"{line}. arXiv preprint, 2023.")
    assert found["PDF"] is None  # not among the selected papers the PDF lists


@pytest.mark.parametrize(("key", "line", "year"), [
    ("gemini2024gemini15", "Gemini Team, Google — Jacob Austin is a contributor", "2024"),
    ("comanici2025gemini25", "Comanici, Bieber, Schaekermann et al. — Jacob Austin is a "
                             "contributor", "2025"),
])
def test_gemini_1_5_and_2_5(site, key, line, year):
    found = forms(site, key)
    assert found["list"] == found["paper page"] == (line, f"arXiv preprint, {year}")
    team = key == "gemini2024gemini15"
    # A contributor is no author: the team's byline is whole, the other is not.
    assert found["citation_*"] == [
        *([("citation_author", "Gemini Team, Google")] if team else []),
        ("citation_publication_date", year)]
    assert found["JSON-LD"]["contributor"] == [{"@type": "Person", "name": "Jacob Austin"}]
    assert "Jacob Austin" not in [a["name"] for a in found["JSON-LD"]["author"]]
    assert found["JSON-LD"]["creditText"] == (None if team else line)
    assert found["Atom"][1] == ["Jacob Austin"]
    assert "Jacob Austin" not in found["Atom"][0]
    assert found["PDF"] is None  # not among the selected papers the PDF lists
    # The card keeps the owner's part whole, and ends on it.
    assert f"Jacob Austin is a contributor — arXiv preprint, {year} — Jacob Austin" in found[
        "og:image:alt"]


def test_the_dl4c_workshop_paper(site):
    found = forms(site, "nye2021show")
    venue = "Presented at the DL4C 2022 workshop · arXiv preprint, 2021"
    assert found["list"][1] == found["paper page"][1] == venue
    # The preprint's year is the entry's; the workshop's is the venue's own.
    assert found["citation_*"][-1] == ("citation_publication_date", "2021")
    assert found["JSON-LD"]["datePublished"] == "2021"
    assert found["Atom"][3].endswith(f". {venue}. Lets language models write intermediate steps "
                                     "to a scratchpad, so that they can carry out open-ended "
                                     "calculations.")
    assert "*Presented at the DL4C 2022 workshop* · arXiv preprint, 2021." in found["llms.txt"]
    assert found["og:image:alt"].endswith(" — DL4C 2022 · arXiv preprint, 2021 — Jacob Austin")
    assert found["og:description"].endswith(f". {venue}.")
    assert same(f"{venue}.") in found["PDF"]
