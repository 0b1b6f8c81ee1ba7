"""The Chromium the browser tests drive (tests/browser.py's `launch_chromium`): the browser UI
no test uses stays off, and Playwright's own switches stay on."""

from __future__ import annotations

import pytest
from browser import (
    UNUSED_FEATURES,
    disable_features_switches,
    features_of,
    launch_chromium,
    playwrights_disable_features,
)

pytestmark = pytest.mark.browser


def test_a_new_context_starts_no_page_of_browser_ui(chromium):
    """If Chromium renames the features UNUSED_FEATURES turns off, its address bar's popup
    starts again for every context (and the browser tests take 1.4 times as long): this fails."""
    context = chromium.new_context()
    try:
        context.new_page()
        targets = chromium.new_browser_cdp_session().send("Target.getTargets")["targetInfos"]
    finally:
        context.close()
    assert [target["url"] for target in targets if target["type"] != "page"] == []


def test_playwrights_disabled_features_are_kept(chromium):
    """One `--disable-features` switch (Chromium reads the last alone), holding Playwright's
    own list and the unused features."""
    playwrights = playwrights_disable_features(chromium.browser_type)
    assert playwrights, "Playwright passes no --disable-features: launch_chromium can be simpler"
    launched = launch_chromium(chromium.browser_type, "--enable-automation")
    try:
        switches = disable_features_switches(launched)
    finally:
        launched.close()
    assert len(switches) == 1, switches
    assert sorted(features_of(switches)) == sorted([*features_of(playwrights), *UNUSED_FEATURES])
