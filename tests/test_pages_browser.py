"""A site in Chromium (the test root tests/roots/test-browser), on a laptop (1440×900) and a
phone (390×844), light and dark: the home page's first screen, the contrast of badges and chips
as rendered, and paper pages' citing pages and copy buttons. test_site_pages.py checks the
owner's own pages so."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS = [pytest.param(viewport, scheme, id=f"{name}-{scheme}")
           for name, viewport in (("laptop", LAPTOP), ("phone", PHONE))
           for scheme in ("light", "dark")]

#: WCAG 2 contrast of an element's colours as rendered: its text, and its border, against what
#: is behind it (the first ancestor with an opaque background, translucent ones blended in).
CONTRAST = """(element) => {
  const rgba = (text) => { const m = text.match(/[\\d.]+/g).map(Number);
                           return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) =>
    top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3]));
  const behind = (start) => {
    const layers = [];
    for (let node = start; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    let result = [255, 255, 255];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const luminance = (rgb) => { const [r, g, b] = rgb.map((c) => { c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const style = getComputedStyle(element);
  const page = behind(element.parentElement);
  const own = over(rgba(style.backgroundColor), page);
  return {text: ratio(over(rgba(style.color), own), own),
          border: ratio(over(rgba(style.borderTopColor), page), page),
          borderWidth: parseFloat(style.borderTopWidth), label: element.textContent.trim()};
}"""


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                 "return {top: r.top, bottom: r.bottom, left: r.left, "
                                 "right: r.right, width: r.width, height: r.height}; }")


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_the_first_screen_shows_the_profile_links(screen, viewport, scheme):
    page = screen("", viewport, scheme)
    links = page.eval_on_selector_all(
        "a.academic-profile-link",
        "links => links.map(a => [a.textContent.trim(), a.getBoundingClientRect().bottom])")
    assert [name for name, _ in links] == ["GitHub", "Google Scholar", "Book: Notes on Engines"]
    assert all(bottom <= viewport["height"] for _, bottom in links), links


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_selected_paper_is_whole_on_a_laptops_first_screen(screen, scheme):
    page = screen("", LAPTOP, scheme)
    first = box(page, "ol.academic-publications > li")
    assert first["top"] >= 0 and first["bottom"] <= LAPTOP["height"], first
    # The selection comes before the career.
    career = box(page, "#career")
    assert career["top"] > first["bottom"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badges_and_chips_stand_out_from_the_page(screen, scheme):
    # Per colour scheme, on a laptop: the colours are the scheme's whatever the screen's width.
    measured = []
    for path, selectors in (("publications/", [".academic-badge"]),
                            ("", [".academic-badge", "a.academic-profile-link"]),
                            ("projects/", [".academic-badge", "ul.academic-card-tags > li"])):
        page = screen(path, LAPTOP, scheme)
        for selector in selectors:
            found = page.eval_on_selector_all(selector, f"all => all.map({CONTRAST})")
            assert found, (path, selector)
            measured += [(path, selector, item) for item in found]
    for path, selector, item in measured:
        assert item["borderWidth"] >= 1, (path, selector, item)
        assert item["border"] >= 3, (path, selector, item)
        assert item["text"] >= 4.5, (path, selector, item)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_badge_label_is_centred_in_its_pill(screen, scheme):
    page = screen("publications/", LAPTOP, scheme)
    offsets = page.eval_on_selector_all("a.academic-badge", """all => all.map(a => {
        const range = document.createRange(); range.selectNodeContents(a);
        const text = range.getBoundingClientRect(), pill = a.getBoundingClientRect();
        return [(text.top - pill.top) - (pill.bottom - text.bottom),
                (text.left - pill.left) - (pill.right - text.right), pill.height]; })""")
    assert offsets
    for vertical, horizontal, height in offsets:
        assert abs(vertical) <= 1.5 and abs(horizontal) <= 1.5 and height >= 24, offsets


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_a_paper_page_links_the_pages_that_cite_it(screen, viewport, scheme):
    page = screen("publications/quill2021diffusion/", viewport, scheme)
    links = page.eval_on_selector_all("#discussed-on li a",
                                      "all => all.map(a => [a.textContent, a.href])")
    assert ["Research", page.url.replace("publications/quill2021diffusion/", "research/")] \
        in [list(link) for link in links]


@pytest.mark.parametrize(("viewport", "scheme"), SCREENS)
def test_copy_buttons_are_big_enough_and_stay_put_while_code_scrolls(screen, viewport, scheme):
    page = screen("publications/quill2021diffusion/", viewport, scheme)
    buttons = page.locator("#cite .academic-copyable > button.academic-copy")
    assert buttons.count() == 4  # the RIS's and the CSL-JSON's wait in closed disclosures
    for index in range(2):
        before = buttons.nth(index).bounding_box()
        assert before["width"] >= 24 and before["height"] >= 24, before
    bibtex = page.locator("#cite .academic-copyable").nth(1)
    before = buttons.nth(1).bounding_box()
    scrolled = bibtex.evaluate("w => { const pre = w.querySelector('pre'); pre.scrollLeft = 200;"
                               " return pre.scrollLeft; }")
    assert scrolled > 0  # the BibTeX is wider than the page: it scrolls
    assert buttons.nth(1).bounding_box() == before


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sidebar_search_box_shows_where_the_keyboard_is(screen, scheme):
    """furo draws no focus ring on its search box; the site draws one, as on its other
    controls."""
    page = screen("", LAPTOP, scheme)
    box = page.locator("input.sidebar-search")
    assert box.evaluate("b => getComputedStyle(b).outlineStyle") == "none"
    box.focus()
    style = box.evaluate("b => [b.matches(':focus-visible'), getComputedStyle(b).outlineStyle,"
                         " parseFloat(getComputedStyle(b).outlineWidth)]")
    assert style == [True, "solid", 2]


#: navigator.clipboard.writeText as it behaves where copying works, or where it is refused.
CLIPBOARD = """(works) => Object.defineProperty(navigator, "clipboard", {configurable: true,
  value: {writeText: async () => { if (!works) throw new DOMException("refused"); }}})"""


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_copy_button_says_what_it_did_without_covering_the_text(screen, viewport):
    """The button's name holds what it shows ("Copy" in "Copy the citation", then "Copied the
    citation"), a status region says what happened, and where the clipboard is refused the text
    is selected instead, the button still clear of it."""
    page = screen("publications/quill2021diffusion/", viewport, "light")
    citation = page.locator("#cite .academic-copyable").first
    button = citation.locator("button.academic-copy")
    status = page.locator("[role=status].academic-copy-status")
    shown = button.locator("span").first
    assert (shown.inner_text(), citation.get_by_role("button", name="Copy the citation").count(),
            button.get_attribute("aria-label")) == ("Copy", 1, None)
    page.evaluate(CLIPBOARD, True)
    button.click()
    assert shown.inner_text() == "Copied" and status.text_content() == "Copied the citation"
    assert citation.get_by_role("button", name="Copied the citation").count() == 1
    page.evaluate(CLIPBOARD, False)
    button.click()
    assert shown.inner_text() == "Selected"
    assert status.text_content().startswith("Could not copy the citation: it is selected")
    pre = citation.locator("pre")
    assert page.evaluate("() => getSelection().toString()") == pre.text_content()
    # Within the padding the text keeps clear for it, whatever it says.
    room = pre.evaluate("p => p.getBoundingClientRect().right"
                        " - parseFloat(getComputedStyle(p).paddingRight)")
    assert button.bounding_box()["x"] >= room


def test_the_copy_status_says_the_last_copy_whichever_button_made_it(screen):
    """Each button emptied the page's one status region two seconds after its own click, so a
    second button's "Copied" was cut short by the first's timer."""
    page = screen("publications/quill2021diffusion/", LAPTOP, "light")
    buttons = page.locator("button.academic-copy")
    status = page.locator("[role=status].academic-copy-status")
    page.evaluate(CLIPBOARD, True)
    buttons.nth(0).click()
    page.wait_for_timeout(1200)
    buttons.nth(1).click()
    last = status.text_content()
    assert last.startswith("Copied ") and last != "Copied the citation"
    page.wait_for_timeout(1100)  # the first click's two seconds are over, not the second's
    assert status.text_content() == last
    page.wait_for_function("() => document.querySelector('.academic-copy-status')"
                           ".textContent === ''")


#: Every layout shift of the page so far, recorded from before it starts loading: its score,
#: when (ms after the navigation began) and what moved (each element, its box before and after:
#: x, y, width, height); and how far the document was read when its first frame was drawn.
RECORD_SHIFTS = """window.academicShifts = [];
requestAnimationFrame(() => { window.academicFirstFrame = document.readyState; });
const academicBox = (r) => [r.x, r.y, r.width, r.height].map(Math.round);
new PerformanceObserver((list) => { for (const entry of list.getEntries())
  window.academicShifts.push({score: entry.value, at: Math.round(entry.startTime),
    moved: entry.sources.map((source) => ({
      element: source.node ? source.node.nodeName.toLowerCase()
        + (source.node.id ? "#" + source.node.id : "")
        + (typeof source.node.className === "string" && source.node.className.trim()
           ? "." + source.node.className.trim().split(/\\s+/).join(".") : "") : "(gone)",
      before: academicBox(source.previousRect), after: academicBox(source.currentRect)}))});
}).observe({type: "layout-shift", buffered: true});"""
#: Resolves once a loaded page has settled: its fonts in, two frames drawn after them (what the
#: load and the fonts changed is laid out) and a task later (the observer's report is in).
SETTLED = """() => document.fonts.ready.then(() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)))))"""


#: Holds a page's first frame until its whole document is parsed: a `rel=expect` link to an
#: element no page has blocks rendering until the parser has finished (HTML's "expect" link
#: type). Without it, Chromium on a busy machine now and then paints a page half parsed, and
#: what grew as the rest was parsed (furo's footer as its links came in, a centred table as its
#: rows did) counted as a shift of our page. What the tests look for is what moves after the
#: parse: the styles, the fonts, the scripts, sections laid out as they near the screen.
PARSED_WHOLE = '<link rel="expect" href="#academic-parsed-whole" blocking="render">'


def first_frame_once_parsed(route) -> None:
    """Serves a page with `PARSED_WHOLE` first in its head."""
    response = route.fetch()
    page = response.text()
    assert page.count("<head>") == 1, route.request.url
    route.fulfill(response=response, body=page.replace("<head>", "<head>" + PARSED_WHOLE))


def record_shifts(context) -> None:
    """Every page the context loads records its layout shifts (RECORD_SHIFTS), drawn first once
    parsed whole (`PARSED_WHOLE`)."""
    context.add_init_script(RECORD_SHIFTS)
    context.route(lambda url: url.endswith(("/", ".html")), first_frame_once_parsed)


def shifts_once_settled(page) -> list[dict]:
    """The layout shifts recorded (`record_shifts`) once the loaded page has settled, each with
    its score, its time and what moved."""
    page.evaluate(SETTLED)
    assert page.evaluate("window.academicFirstFrame") != "loading", "drawn half parsed"
    return page.evaluate("window.academicShifts")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_long_and_short_pages_load_without_a_layout_shift(chromium, site_url, viewport):
    """Nothing moves as a page loads (`shifts_once_settled`): short pages, a page of four short
    sections, a long page."""
    context = chromium.new_context(viewport=viewport)
    record_shifts(context)
    page = context.new_page()
    try:
        for path in ("", "teaching/", "research/", "notes/"):
            page.goto(site_url + path, wait_until="load")
            assert shifts_once_settled(page) == [], path
    finally:
        context.close()
