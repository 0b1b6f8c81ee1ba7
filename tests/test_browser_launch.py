"""The Chromium the browser tests drive (tests/browser.py's `launch_chromium`): the browser UI
no test uses stays off, and Playwright's own switches stay on."""

from __future__ import annotations

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, DISABLE_FEATURES, UNUSED_FEATURES, launch_chromium

pytestmark = pytest.mark.browser


def test_a_new_context_starts_no_page_of_browser_ui(chromium):
    """If Chromium renames the features UNUSED_FEATURES turns off, its address bar's popup
    starts again for every context (and the browser tests take 40 % more CPU): this fails."""
    context = chromium.new_context()
    try:
        context.new_page()
        targets = chromium.new_browser_cdp_session().send("Target.getTargets")["targetInfos"]
    finally:
        context.close()
    assert [target["url"] for target in targets if target["type"] != "page"] == []


def command_line(browser) -> list[str]:
    """The switches a browser launched with `--enable-automation` runs with."""
    return browser.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]


def test_playwrights_disabled_features_are_kept(chromium):
    """One `--disable-features` switch (Chromium reads the last alone), holding Playwright's
    own list and the unused features."""
    plain = chromium.browser_type.launch(executable_path=str(CHROMIUM),
                                         args=[*CHROMIUM_ARGS, "--enable-automation"])
    try:
        playwrights = [switch for switch in command_line(plain)
                       if switch.startswith(DISABLE_FEATURES)]
    finally:
        plain.close()
    assert playwrights, "Playwright passes no --disable-features: launch_chromium can be simpler"
    launched = launch_chromium(chromium.browser_type, "--enable-automation")
    try:
        switches = [switch for switch in command_line(launched)
                    if switch.startswith(DISABLE_FEATURES)]
    finally:
        launched.close()
    assert len(switches) == 1, switches
    features = switches[0].removeprefix(DISABLE_FEATURES).split(",")
    wanted = playwrights[0].removeprefix(DISABLE_FEATURES).split(",") + list(UNUSED_FEATURES)
    assert sorted(features) == sorted(wanted)
