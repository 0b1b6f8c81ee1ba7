"""`nox -s build` on hostile input: each mistake fails the build at its file:line, quickly,
without a traceback, and the last good site stays as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

# test_build's fixtures: its built copy of the project, put back before each test.
from test_build import (  # noqa: F401
    build_passes,
    build_with,
    built_project,
    clean_build_digest,
    project,
    tree_digest,
)

LAUGHS = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 12))


@pytest.mark.parametrize(("file", "addition", "line_offset", "message"), [
    ("docs/cv.yaml", "l0: &l0 lol\n" + LAUGHS, 1, "*l0 repeats a value by an alias"),
    ("refs.bib", '\n@string{s0 = "lol lol lol lol "}\n'
     + "".join(f"@string{{s{n} = s{n - 1} # s{n - 1} # s{n - 1}}}\n" for n in range(1, 40)), 10,
     "@string{s8: its @string macros expand to more than 100,000 characters"),
])
def test_a_bomb_fails_the_build_at_its_line_and_keeps_the_last_good_site(project, file,  # noqa: F811
                                                                          addition, line_offset,
                                                                          message):
    site = project / "_build" / "html"
    before = tree_digest(site)
    path = project / file
    line = path.read_text().count("\n") + line_offset + (file == "docs/cv.yaml")
    started = time.monotonic()
    status, output = build_with(project, path, addition)
    assert status != 0
    assert f"{Path(file).name}:{line}: WARNING: {message}" in output, output
    assert "Traceback" not in output and "MemoryError" not in output
    assert "still holds the last good site" in output
    assert tree_digest(site) == before
    assert time.monotonic() - started < 120  # the whole build: the bomb itself costs nothing


def test_a_link_out_of_the_project_fails_the_build_and_nothing_is_published(
        project, tmp_path):  # noqa: F811
    site = project / "_build" / "html"
    before = tree_digest(site)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-PROJECT")
    link = project / "docs" / "_static" / "leak.txt"
    link.symlink_to(secret)
    try:
        status, output = build_with(project, project / "docs" / "index.md", "")
    finally:
        link.unlink()
    assert status != 0
    assert f"WARNING: {link}: a symlink to {secret.resolve()}, outside the project" in output
    assert tree_digest(site) == before
    assert not [path for path in site.rglob("*") if path.is_file()
                and b"SECRET-OUTSIDE-THE-PROJECT" in path.read_bytes()]


def test_a_deleted_page_and_static_file_are_gone_from_the_published_site(project,  # noqa: F811
                                                                          tmp_path):
    """Incremental equals clean, with deletions: through the work folder and the publication."""
    index = project / "docs" / "index.md"
    original = index.read_text()
    name = "a-page-to-delete"  # the test's own page, in a toctree of its own
    page = project / "docs" / f"{name}.md"
    static = project / "docs" / "_static" / "a-file-to-delete.css"
    page.write_text("---\ndescription: A page that is deleted.\n---\n\n# A page to delete\n\n"
                    "Its text.\n")
    static.write_text("/* deleted */\n")
    index.write_text(f"{original}\n```{{toctree}}\n:hidden:\n\n{name}\n```\n")
    build_passes(project)
    site = project / "_build" / "html"
    assert (site / "a-page-to-delete" / "index.html").is_file()
    assert (site / "_static" / "a-file-to-delete.css").is_file()
    page.unlink()
    static.unlink()
    index.write_text(original)
    build_passes(project)
    assert not (site / "a-page-to-delete").exists()
    assert not (site / "_static" / "a-file-to-delete.css").exists()
    assert not (site / "_sources" / "a-page-to-delete.md.txt").exists()
    assert clean_build_digest(project, tmp_path) == tree_digest(site)
