"""Shared fixtures: Sphinx's testing harness, with test roots under tests/roots/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS = Path(__file__).parent
REPO = TESTS.parent

# Test roots are copied to a temporary directory before they build, so their conf.py cannot
# find the extension by a relative path: it is importable from here instead.
sys.path.insert(0, str(REPO / "extensions"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"
