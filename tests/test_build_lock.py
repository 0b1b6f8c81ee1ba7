"""One build at a time: a second `nox -s build` on the same checkout waits for the first and says
so; a second `nox -s serve` stops with a message. Never a traceback, never a mixed site."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import time
from pathlib import Path

from conftest import this_environment
from projects import copy_project, nox_build


def test_a_second_build_waits_for_the_first_and_both_pass(tmp_path):
    project = copy_project(tmp_path / "project")
    lock = project / "_build" / ".html.lock"
    first = nox_build(project)
    deadline = time.monotonic() + 120
    while not (lock.is_file() and lock.read_text().startswith("process")):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()[0]
        time.sleep(0.05)
    second = nox_build(project)
    first_output, _ = first.communicate(timeout=600)
    second_output, _ = second.communicate(timeout=600)
    assert first.returncode == 0, first_output
    assert second.returncode == 0, second_output
    assert "another `nox -s build` is running on this checkout (process " in second_output
    assert "waiting for it to finish" in second_output
    for output in (first_output, second_output):
        assert "Traceback" not in output
    site = project / "_build" / "html"
    assert (site / "index.html").is_file()
    assert not (project / "_build" / ".html.running").exists()


def test_a_second_server_stops_with_a_message(tmp_path):
    project = copy_project(tmp_path / "project")
    lock = project / "_build" / ".serve.lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("process 12345\n")
        held.flush()
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "nox", "-s", "serve", "--no-venv"], cwd=project,
            capture_output=True, text=True, env=this_environment(), timeout=120)
    assert time.monotonic() - started < 60
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert ("`nox -s serve` is already running on this checkout (process 12345); stop it "
            "first, or use the one running") in output
    assert "Traceback" not in output
    assert not Path(project / "_build" / "serve").exists()
