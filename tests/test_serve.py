"""`nox -s serve`: every save is seen, however the editor writes the file."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import this_environment
from projects import copy_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    # Not up yet (OSError), or the page is being rewritten as it is read (IncompleteRead).
    except (OSError, http.client.HTTPException):
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False


def rename_save(path: Path, text: str) -> None:
    """Save as vim, `sed -i` and most IDEs do: write a new file, rename it over the old one."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the project under `nox -s serve`, on a port of its own: (project, base URL).

    One for the module: its first build is a build of the whole site, and each test edits
    files of its own and waits for its own text, whatever the other has saved before.
    """
    project = copy_project(tmp_path_factory.mktemp("served") / "project")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nox", "-s", "serve", "--no-venv", "--", "--port", str(port),
         "--host", "127.0.0.1"],
        cwd=project, env=this_environment(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(base, "</html>", 300), "nox -s serve did not serve the site"
        time.sleep(1)  # the watcher starts once the first build is done
        yield project, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_every_rename_save_of_refs_bib_is_seen(served):
    """An entry of the test's own, appended and then retitled, whoever's refs.bib it is.

    Twice: a watch on the file itself sees the first rename-save (the file it follows is
    replaced) and misses every later one.
    """
    project, base = served
    bib = project / "refs.bib"
    original = bib.read_text(encoding="utf-8")
    for save in range(1, 3):
        entry = (f"\n@misc{{renamesave,\n  title = {{Saved by Rename, save {save}}},\n"
                 "  author = {Lovelace, Ada},\n  year = {1843},\n}\n")
        rename_save(bib, original + entry)
        assert wait_for(f"{base}publications/", f"Saved by Rename, save {save}", 120), (
            f"rename-save {save} of refs.bib never reached the page")


def test_a_rename_save_of_a_page_and_of_the_extension_is_seen(served):
    project, base = served
    page = project / "docs" / "index.md"
    rename_save(page, page.read_text(encoding="utf-8") + "\nSaved by rename.\n")
    assert wait_for(base, "Saved by rename.", 120)
    # A change to the extension rebuilds too (here: the text of a generated page's description).
    module = project / "extensions" / "academic" / "site" / "seo.py"
    text = module.read_text(encoding="utf-8")
    rename_save(module, text.replace("An alphabetical index of the topics",
                                     "An alphabetical index, saved by rename, of the topics"))
    assert wait_for(f"{base}genindex/", "saved by rename", 120)


def test_the_preview_serves_the_site_alone(served):
    """The doctrees are kept beside the served folder: in it, they were 30 MB at 2,000 papers
    served as if they were pages of the site."""
    project, base = served
    assert wait_for(base, "<html", 120)
    assert (project / "_build" / ".serve.doctrees").is_dir()
    assert not (project / "_build" / "serve" / ".doctrees").exists()
    assert fetch(f"{base}.doctrees/environment.pickle") == ""
