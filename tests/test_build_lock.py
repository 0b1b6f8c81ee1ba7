"""One build at a time: a second `nox -s build` on the same checkout waits for the first and says
so; a second `nox -s serve` stops with a message. Never a traceback, never a mixed site."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import this_environment
from projects import copy_project, nox_build, tree_digest


def test_a_second_build_waits_for_the_first_then_builds(project):
    """A build started while another holds the checkout's lock (here the test holds it, as a
    running `nox -s build` would, for as long as it likes) says so, and waits: it touches
    neither the site nor the work folder until the lock is free, then builds and publishes.

    The lock is held by the test rather than by a real first build: the second build is seen
    waiting every time, however fast or slow the machine, and the test costs one build of an
    already built site instead of two whole-site builds in a race.
    """
    site = project / "_build" / "html"
    before = tree_digest(site)
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nWritten once the first build was done.\n")
    lock = project / "_build" / ".html.lock"
    with open(lock, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.seek(0)
        held.truncate()
        held.write("process 12345\n")
        held.flush()
        second = nox_build(project)
        watchdog = threading.Timer(120, second.kill)  # a build that never says it waits
        watchdog.start()
        seen = []
        try:
            while not seen or "waiting for it to finish" not in seen[-1]:
                line = second.stdout.readline()
                assert line, "".join(seen)  # it ended without waiting
                seen.append(line)
        finally:
            watchdog.cancel()
        time.sleep(0.5)  # time it would have needed to start building, had it not waited
        assert second.poll() is None, "".join(seen)
        assert not (project / "_build" / ".html.running").exists()
        assert tree_digest(site) == before
    rest, _ = second.communicate(timeout=600)
    output = "".join(seen) + rest
    assert second.returncode == 0, output
    assert "another `nox -s build` is running on this checkout (process 12345)" in output
    assert "Traceback" not in output
    assert "Written once the first build was done." in (site / "index.html").read_text()
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
