"""Renamed configuration values: the old name still works, with a warning of its own type."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import plain_warnings


def deprecation(location: str, old: str, new: str) -> str:
    return (f"{location}WARNING: {old} is now called {new}: rename it in conf.py (or add "
            "'academic.deprecated' to suppress_warnings) [academic.deprecated]")


@pytest.mark.sphinx("html", testroot="publications")
def test_the_old_names_still_work_with_a_warning_at_their_line(make_app, app_params):
    args, kwargs = app_params
    conf = Path(kwargs["srcdir"]) / "conf.py"
    lines = conf.read_text().splitlines()
    conf.write_text("\n".join([*lines, 'academic_paper_dir = "papers"',
                               'academic_papers_dir = "_static/files"']) + "\n")
    app = make_app(*args, **kwargs)
    app.build()
    assert plain_warnings(app).splitlines() == [
        deprecation(f"{conf}:{len(lines) + 1}: ", "academic_paper_dir",
                    "academic_paper_pages_dir"),
        deprecation(f"{conf}:{len(lines) + 2}: ", "academic_papers_dir",
                    "academic_paper_files_dir"),
    ]
    assert app.config.academic_paper_pages_dir == "papers"
    assert app.config.academic_paper_files_dir == "_static/files"
    assert (Path(app.outdir) / "papers" / "austin2021program.html").is_file()
    assert not (Path(app.outdir) / "publications" / "austin2021program.html").exists()


@pytest.mark.sphinx("html", testroot="publications", confoverrides={"academic_paper_dir": ""})
def test_an_old_name_on_the_command_line_works_too(shared_app):
    assert plain_warnings(shared_app).splitlines() == [
        deprecation("", "academic_paper_dir", "academic_paper_pages_dir")]
    assert shared_app.config.academic_paper_pages_dir == ""
    assert not (Path(shared_app.outdir) / "publications" / "austin2021program.html").exists()


@pytest.mark.sphinx("html", testroot="publications",
                    confoverrides={"academic_paper_dir": "papers",
                                   "academic_paper_pages_dir": "works",
                                   "suppress_warnings": ["academic.deprecated"]})
def test_the_new_name_wins_and_the_warning_can_be_suppressed(shared_app):
    assert plain_warnings(shared_app) == ""
    assert shared_app.config.academic_paper_pages_dir == "works"
    assert (Path(shared_app.outdir) / "works" / "austin2021program.html").is_file()
