"""`nox -s build` on hostile input: each mistake fails the build at its file:line, quickly,
without a traceback, and the last good site stays as it was."""

from __future__ import annotations

import time
from pathlib import Path

from projects import build_with, tree_digest

LAUGHS = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 12))


BOMBS = {
    # A billion laughs: aliases that repeat aliases, nine times over eleven levels.
    "docs/cv.yaml": ("l0: &l0 lol\n" + LAUGHS, 1, "*l0 repeats a value by an alias"),
    # The same in BibTeX: @string macros that concatenate the one before three times.
    "refs.bib": ('\n@string{s0 = "lol lol lol lol "}\n'
                 + "".join(f"@string{{s{n} = s{n - 1} # s{n - 1} # s{n - 1}}}\n"
                           for n in range(1, 40)),
                 10, "@string{s8}: its @string macros expand to more than 100,000 characters"),
}


def test_hostile_input_fails_the_build_at_its_line_quickly_and_publishes_nothing(
        project, tmp_path):
    """A YAML bomb in the CV file, a BibTeX bomb in refs.bib and a symlink out of the project
    in the static files, in one build (each costs a build of the whole site): each is named at
    its line, without a traceback, the bombs cost nothing, nothing from outside the project is
    published, and the last good site stays as it was."""
    site = project / "_build" / "html"
    before = tree_digest(site)
    good = {file: (project / file).read_text() for file in BOMBS}
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-PROJECT")
    link = project / "docs" / "_static" / "leak.txt"
    link.symlink_to(secret)
    expected = []
    try:
        for file, (addition, line_offset, message) in BOMBS.items():
            line = good[file].count("\n") + line_offset + (file == "docs/cv.yaml")
            expected.append(f"{Path(file).name}:{line}: WARNING: {message}")
            (project / file).write_text(good[file] + addition)
        started = time.monotonic()
        status, output = build_with(project, project / "docs" / "index.md", "")
        elapsed = time.monotonic() - started
    finally:
        link.unlink()
        for file, text in good.items():
            (project / file).write_text(text)
    assert status != 0
    for message in expected:
        assert message in output, output
    assert f"WARNING: {link}: a symlink to {secret.resolve()}, outside the project" in output
    assert "Traceback" not in output and "MemoryError" not in output
    assert "still holds the last good site" in output
    assert tree_digest(site) == before
    assert not [path for path in site.rglob("*") if path.is_file()
                and b"SECRET-OUTSIDE-THE-PROJECT" in path.read_bytes()]
    assert elapsed < 120  # the whole build: the bombs themselves cost nothing
