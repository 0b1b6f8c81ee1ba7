"""Every builder: the publications list, paper pages and cards in text, LaTeX and man output."""

from __future__ import annotations

from pathlib import Path

import pytest
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography

ROOTS = Path(__file__).parent / "roots"
BUILDERS = ["text", "latex", "man"]


def titles(root: str) -> list[str]:
    source = (ROOTS / f"test-{root}" / "refs.bib").read_text()
    return [e.title_text for e in load_bibliography(source, NameMatcher(())).entries.values()]


def output(app) -> str:
    """Everything the builder wrote, as one text (LaTeX escapes a few characters)."""
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in Path(app.outdir).rglob("*") if p.is_file()
                     and p.suffix in (".txt", ".tex", ".1", ".texi"))
    return text.replace("\\%", "%").replace("{-}{-}", "--")


@pytest.mark.parametrize("buildername", BUILDERS)
def test_every_entry_is_in_the_output(make_app, app_params, buildername):
    args, kwargs = app_params
    app = make_app(buildername, **{k: v for k, v in kwargs.items() if k != "buildername"})
    app.build()
    assert app.warning.getvalue() == ""
    text = " ".join(output(app).split())
    for title in titles("publications"):
        # Markup (LaTeX's, man's) may stand between the words of a styled title.
        words = [word for word in title.split() if word.isalnum()]
        assert all(word in text for word in words), (buildername, title)
    # The BibTeX, as a literal block (highlighted in LaTeX, so between markup there).
    assert "inproceedings" in text and "frommgen2024resolving" in text
    # Paper pages are HTML pages: the other formats have the list, with every detail.
    assert not [p for p in Path(app.outdir).rglob("*austin2021program*")]


@pytest.mark.parametrize("buildername", BUILDERS)
@pytest.mark.sphinx(testroot="cards")
def test_every_card_is_in_the_output(make_app, app_params, buildername):
    args, kwargs = app_params
    app = make_app(buildername, **{k: v for k, v in kwargs.items() if k != "buildername"})
    app.build()
    assert app.warning.getvalue() == ""
    text = output(app)
    for name in ("Titan", "Coral", "GPU", "physics library", "CUDA", "OCaml"):
        assert name in text, (buildername, name)


@pytest.mark.sphinx(testroot="publications")
def test_texinfo_builds_without_a_warning(make_app, app_params):
    """Its writer checks that every node it opens it closes."""
    args, kwargs = app_params
    app = make_app("texinfo", **{k: v for k, v in kwargs.items() if k != "buildername"})
    app.build()
    assert app.warning.getvalue() == ""
    assert "frommgen2024resolving" in output(app)


pytestmark = pytest.mark.sphinx(testroot="publications")
