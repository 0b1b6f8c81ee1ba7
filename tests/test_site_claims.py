"""The owner's content says what its sources say, and no more.

The sources are the owner's own description of himself and the checked bibliographic facts.
Each test names a sentence that once said more than they do, and checks the wording that
replaced it (the prose is read from the pages' sources, the CV file and refs.bib, where it is
written once).
"""

from __future__ import annotations

import re

import yaml
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from conftest import REPO

DOCS = REPO / "docs"


def prose(page: str) -> str:
    """A page's text with its line breaks folded, as a reader reads it."""
    return " ".join((DOCS / page).read_text(encoding="utf-8").split())


def cv() -> dict:
    return yaml.safe_load((DOCS / "cv.yaml").read_text(encoding="utf-8"))


def summaries() -> dict[str, str]:
    source = (REPO / "refs.bib").read_text(encoding="utf-8")
    entries = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"])).entries
    return {key: " ".join(entry.fields.get("summary", "").split())
            for key, entry in entries.items()}


def test_the_llm_work_is_told_for_google_not_for_one_role():
    # The sources list the models he helped train "at Google"; none says in which role.
    home = prose("index.md")
    assert "Google DeepMind, where I helped train" not in home
    assert ("At Google I helped train, evaluate and serve most of its recent LLMs, including PaLM, "
            "PaLM 2 and Gemini 1.0, 1.5, 2.0, 2.5 and 3.") in home
    work = cv()["work"]
    assert "DeepMind" not in " ".join(item["name"] for item in work if item.get("papers"))
    google = next(item for item in work if item["name"] == "Google")
    assert "Brain, then DeepMind" not in yaml.safe_dump(google)
    assert google["position"] == ("Staff Research Engineer at Google DeepMind; before that, AI "
                                  "Resident at Google Brain")


def test_research_says_what_inspired_the_inference_work():
    research = prose("research.md")
    assert "sits where machine learning meets systems engineering" not in research
    assert "inspired by this" not in research
    assert ("My work on LLM inference was inspired by a desire to scale up inference-time compute "
            "for scientific reasoning.") in research
    assert "I contributed to many of Google's internal ML-powered developer tools" in research


def test_the_book_is_not_called_a_software_project():
    projects = prose("projects.md")
    intro = projects.split("```{project-card}")[0]
    assert "open-source projects, from GPU physics simulation to compilers" in intro
    assert not re.search(r"open-source projects[^.]*book", intro)
    # The owner's "recently", no more.
    assert "Recently I co-authored a book on scaling LLMs." in intro
    # Nor in the page's description, which llms.txt and the page's card give too.
    assert not re.search(r"description: [Ss]oftware projects", projects)


def test_titan_is_described_in_the_owners_words():
    projects = prose("projects.md")
    assert "soft robotics and reinforcement learning research" not in projects
    assert ("A physics simulation library that uses NVIDIA CUDA to accelerate physics and machine "
            "learning research.") in projects


def test_honors_are_his_own_and_not_merged():
    awards = cv()["awards"]
    text = yaml.safe_dump(awards)
    # No source says the NASA competition and AGU's Freilich competition are one prize.
    assert "Freilich" not in text
    # The team won the Langley challenge; he led two of its teams.
    assert not any(award["title"].startswith("First place") for award in awards)
    langley = next(award for award in awards if "Langley" in award["title"])
    assert " ".join(langley["title"].split()) == (
        "Led the aerodynamics and software teams of the Columbia Space Initiative team that won "
        "first place in the NASA Langley aerospace design challenge")


def test_paper_summaries_say_no_more_than_the_papers():
    found = summaries()
    assert found["austin2021program"] == (
        "Measures how well large language models can synthesize programs in real programming "
        "languages.")
    assert "rather than images or sound" not in found["austin2021structured"]
    assert "step by step" not in found["dohan2022cascades"]


def test_the_colophon_counts_and_cites_what_is_there():
    cv = prose("colophon/cv.md")
    additions = re.search(r"(\w+) additions for an academic: (.*?)\. Dates", cv).groups()
    named = re.findall(r"`(teaching|talks|category: music|papers)`", additions[1])
    assert additions[0] == "Four" and len(named) == 4
    # The sample summary cites an example file, not lines refs.bib does not have.
    errors = prose("colophon/errors.md")
    assert not re.search(r"refs\.bib:\d", errors)


def test_equal_contribution_is_called_so():
    """The sources say "equal contribution" for the program synthesis and D3PM papers: not
    "first authorship", a claim they do not make."""
    research = prose("research.md")
    assert "Augustus Odena and I contributed equally." in research
    assert "Daniel D. Johnson and I contributed equally." in research
    assert not re.search(r"first authorship|shared first", research, re.IGNORECASE)
