"""The publications list's filters in Chromium (the test root tests/roots/test-browser: six
entries of 2024, 2023, 2021 and 2020; conference papers, a journal article and preprints;
topics "language models", "code", "diffusion", "robotics"; one selected): filters combine, each
value counts the entries the other filters leave, the choice is in the address (a link opens the
list filtered, the back button undoes a choice), a screen reader hears "N of M publications",
everything works from the keyboard, and without JavaScript the whole list shows and no control.
"""

from __future__ import annotations

import urllib.parse

import pytest

pytestmark = pytest.mark.browser

ALL = ["frommgen2024resolving", "quill2023palm", "quill2023palm2", "quill2021diffusion",
       "quill2021program", "quill2020titan"]
#: The entries shown, in order; the years shown; the status line; the filters' values.
STATE = """() => ({
  shown: [...document.querySelectorAll("li.academic-entry")]
    .filter((li) => li.checkVisibility()).map((li) => li.id),
  years: [...document.querySelectorAll("section.academic-year")]
    .filter((s) => s.checkVisibility()).map((s) => s.querySelector("h2").firstChild.textContent),
  status: document.querySelector(".academic-filters-status").textContent,
  values: Object.fromEntries(["year", "type", "topic"].map((name) =>
    [name, document.querySelector(`.academic-filters select[name=${name}]`).value])),
  selected: document.querySelector(".academic-filters input[name=selected]").checked,
})"""
OPTIONS = """(name) => [...document.querySelector(`.academic-filters select[name=${name}]`).options]
  .map((o) => [o.value, o.text, o.disabled])"""


def state(page) -> dict:
    return page.evaluate(STATE)


def query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def open_list(page, site_url: str, search: str = ""):
    page.goto(f"{site_url}publications/{search}")
    page.wait_for_selector("form.academic-filters", state="visible")
    return page


def test_the_form_shows_with_the_whole_list(browser_page, site_url):
    page = open_list(browser_page, site_url)
    assert state(page) == {"shown": ALL, "years": ["2024", "2023", "2021", "2020"],
                           "status": "6 of 6 publications",
                           "values": {"year": "", "type": "", "topic": ""}, "selected": False}
    assert page.evaluate(OPTIONS, "type") == [
        ["", "All (6)", False], ["journal", "Journal (1)", False],
        ["conference", "Conference (3)", False], ["preprint", "Preprint (2)", False]]
    assert not page.is_visible(".academic-filters-clear")
    assert page.errors == []


def test_filters_combine_and_count_what_the_others_leave(browser_page, site_url):
    page = open_list(browser_page, site_url)
    page.select_option("select[name=year]", "2023")
    assert state(page)["shown"] == ["quill2023palm", "quill2023palm2"]
    assert state(page)["years"] == ["2023"]
    assert state(page)["status"] == "2 of 6 publications"
    # The types of 2023's entries: none is a conference paper, which cannot be chosen now.
    assert page.evaluate(OPTIONS, "type") == [
        ["", "All (2)", False], ["journal", "Journal (1)", False],
        ["conference", "Conference (0)", True], ["preprint", "Preprint (1)", False]]
    # The year's counts are those of the other filters (none yet): every year stays open.
    assert page.evaluate(OPTIONS, "year")[1:] == [
        ["2024", "2024 (1)", False], ["2023", "2023 (2)", False], ["2021", "2021 (2)", False],
        ["2020", "2020 (1)", False]]

    page.select_option("select[name=type]", "preprint")
    assert state(page)["shown"] == ["quill2023palm2"]
    assert query(page) == {"year": ["2023"], "type": ["preprint"]}
    assert page.evaluate(OPTIONS, "year")[1:] == [
        ["2024", "2024 (0)", True], ["2023", "2023 (1)", False], ["2021", "2021 (1)", False],
        ["2020", "2020 (0)", True]]

    page.select_option("select[name=year]", "")
    page.select_option("select[name=topic]", "language models")
    assert state(page)["shown"] == ["quill2023palm2", "quill2021program"]
    page.check("input[name=selected]")
    assert state(page)["shown"] == ["quill2021program"]
    assert state(page)["years"] == ["2021"]
    assert query(page) == {"type": ["preprint"], "topic": ["language models"],
                           "selected": ["1"]}
    assert page.errors == []


def test_a_filtered_address_opens_the_list_filtered(browser_page, site_url):
    page = open_list(browser_page, site_url, "?year=2021&topic=code")
    assert state(page) == {"shown": ["quill2021program"], "years": ["2021"],
                           "status": "1 of 6 publications",
                           "values": {"year": "2021", "type": "", "topic": "code"},
                           "selected": False}
    # Years without an entry shown leave the page's table of contents too.
    toc = page.eval_on_selector_all(".toc-tree a[href^='#publications-']",
                                    "links => links.filter((a) => a.checkVisibility())"
                                    ".map((a) => a.textContent)")
    assert toc == ["2021"]
    assert page.is_visible(".academic-filters-clear")


def test_values_the_list_does_not_have_are_ignored(browser_page, site_url):
    page = open_list(browser_page, site_url, "?year=1999&type=poem&topic=")
    assert state(page)["shown"] == ALL
    assert state(page)["values"] == {"year": "", "type": "", "topic": ""}


def test_the_back_button_undoes_a_choice(browser_page, site_url):
    page = open_list(browser_page, site_url, "?type=conference")
    assert state(page)["shown"] == ["frommgen2024resolving", "quill2021diffusion",
                                    "quill2020titan"]
    page.select_option("select[name=year]", "2021")
    assert state(page)["shown"] == ["quill2021diffusion"]
    page.select_option("select[name=topic]", "diffusion")
    page.go_back()
    assert query(page) == {"type": ["conference"], "year": ["2021"]}
    assert state(page)["values"] == {"year": "2021", "type": "conference", "topic": ""}
    page.go_back()
    assert query(page) == {"type": ["conference"]}
    assert state(page)["shown"] == ["frommgen2024resolving", "quill2021diffusion",
                                    "quill2020titan"]
    assert state(page)["values"]["year"] == ""
    page.go_forward()
    assert state(page)["shown"] == ["quill2021diffusion"]
    assert page.errors == []


def test_the_keyboard_alone_filters_and_clears(browser_page, site_url):
    page = open_list(browser_page, site_url)
    page.focus(".academic-title a")  # the first title: Shift+Tab goes back into the form
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.name") == "year":
            break
    assert page.evaluate("document.activeElement.name") == "year"
    page.keyboard.press("ArrowDown")  # the newest year
    assert state(page)["values"]["year"] == "2024"
    assert state(page)["status"] == "1 of 6 publications"
    # 2024 has no selected entry: the checkbox is disabled, out of the keyboard's way.
    assert page.is_disabled("input[name=selected]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert state(page)["values"]["year"] == "2021"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "selected"
    page.keyboard.press("Space")
    assert state(page)["shown"] == ["quill2021program"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Clear"
    page.keyboard.press("Enter")
    assert state(page)["shown"] == ALL
    assert query(page) == {}
    # The button hid itself; the keyboard's place is the first filter, not the page's top.
    assert page.evaluate("document.activeElement.name") == "year"


def test_the_count_is_announced_and_every_control_has_a_name(browser_page, site_url):
    page = open_list(browser_page, site_url)
    snapshot = page.locator("form.academic-filters").aria_snapshot()
    assert "group \"Filter the list\"" in snapshot
    for name in ("Year", "Type", "Topic"):
        assert f'combobox "{name}"' in snapshot
    assert 'checkbox "Selected (1)"' in snapshot
    status = page.locator("[role=status].academic-filters-status")
    assert status.text_content() == "6 of 6 publications"
    page.select_option("select[name=topic]", "robotics")
    assert status.text_content() == "1 of 6 publications"


def test_targets_are_big_enough_for_a_finger(chromium, site_url):
    """WCAG 2.5.8: each control 24 px high at least, or (the checkbox) a 24 px circle around it
    that touches no other control."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = open_list(context.new_page(), site_url, "?year=2023")
    boxes = page.eval_on_selector_all(
        ".academic-filters :is(select, button, input)",
        "els => els.filter((e) => e.checkVisibility()).map((e) => {"
        " const r = e.getBoundingClientRect();"
        " return {name: e.name || e.textContent, x: r.x, y: r.y, w: r.width, h: r.height}; })")
    context.close()
    assert {box["name"] for box in boxes} == {"year", "type", "topic", "selected", "Clear"}
    for box in boxes:
        if box["name"] != "selected":
            assert box["h"] >= 24 and box["w"] >= 24, box
            continue
        cx, cy = box["x"] + box["w"] / 2, box["y"] + box["h"] / 2
        for other in boxes:
            if other is box:
                continue
            nearest_x = min(max(cx, other["x"]), other["x"] + other["w"])
            nearest_y = min(max(cy, other["y"]), other["y"] + other["h"])
            assert (nearest_x - cx) ** 2 + (nearest_y - cy) ** 2 >= 12 ** 2, (box, other)


def test_without_javascript_the_whole_list_shows_and_no_control(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}publications/?year=2023")
    shown = page.eval_on_selector_all("li.academic-entry",
                                      "lis => lis.filter((li) => li.checkVisibility())"
                                      ".map((li) => li.id)")
    hidden_form = page.eval_on_selector("form.academic-filters", "f => !f.checkVisibility()")
    controls = page.eval_on_selector_all("article :is(select, input, button)",
                                         "els => els.filter((e) => e.checkVisibility()).length")
    context.close()
    assert shown == ALL
    assert hidden_form
    assert controls == 0


def test_on_a_phone_the_filters_leave_room_for_the_list(chromium, site_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = open_list(context.new_page(), site_url)
    form = page.eval_on_selector("form.academic-filters",
                                 "f => f.getBoundingClientRect().height")
    first = page.eval_on_selector(".academic-title", "t => t.getBoundingClientRect().bottom")
    scrolls = page.evaluate("document.documentElement.scrollWidth > innerWidth")
    context.close()
    assert form <= 120, form  # three lines at most
    assert first < 844
    assert not scrolls


def test_arrowing_through_a_menu_makes_one_history_entry(browser_page, site_url):
    """Arrow keys on a closed menu choose each option they pass (Chromium fires a change for
    each): Back undoes the choice the reader settled on, and the next control's choice is an
    entry of its own."""
    page = open_list(browser_page, site_url)

    def address() -> dict[str, list[str]]:
        """The page's query as the page has it (Playwright learns of a history entry the
        script makes a moment later)."""
        return urllib.parse.parse_qs(page.evaluate("() => location.search").removeprefix("?"))

    page.focus("select[name=type]")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert address() == {"type": ["preprint"]}
    page.focus("select[name=year]")
    page.keyboard.press("ArrowDown")  # the first year with a preprint
    assert address() == {"type": ["preprint"], "year": ["2023"]}
    page.go_back()
    assert query(page) == {"type": ["preprint"]}
    assert state(page)["values"] == {"year": "", "type": "preprint", "topic": ""}
    page.go_back()
    assert query(page) == {}
    assert state(page)["shown"] == ALL
    assert page.errors == []
