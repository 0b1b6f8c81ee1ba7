"""A page's weight does not grow with the number of papers, except the pages that list them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def generated(count: int) -> str:
    return "".join(
        f"@article{{generated{index:04d},\n  title = {{Generated paper {index}}},\n"
        f"  author = {{Writer, Number{index} and Other, Someone}},\n"
        f"  journal = {{Journal {index % 7}}},\n  year = {{{2000 + index % 20}}},\n}}\n\n"
        for index in range(count)
    )


def built_pages(make_app, app_params, count: int) -> dict[str, Path]:
    args, kwargs = app_params
    bib = Path(kwargs["srcdir"]) / "refs.bib"
    own = bib.read_text().split("@article{generated")[0]
    bib.write_text(own + generated(count))
    app = make_app("dirhtml", freshenv=True, **{k: v for k, v in kwargs.items()
                                                if k not in ("buildername", "freshenv")})
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()  # unregister its nodes before the next application starts
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    return {p.relative_to(out).as_posix(): p for p in out.rglob("index.html")}


def weight(page: Path) -> int:
    """The page's size, without the links to the previous and next page: a paper's page names
    its neighbours in the list, whose titles differ from list to list."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    for related in soup.select('div.related-pages, link[rel="next"], link[rel="prev"]'):
        related.decompose()
    return len(str(soup).encode())


#: Pages that do not list the papers, and pages that do.
PAGES = {"index.html", "plain/index.html", "publications/austin2021program/index.html",
         "search/index.html"}
LISTS = {"publications/index.html", "genindex/index.html"}


@pytest.mark.sphinx("dirhtml", testroot="scale")
def test_pages_weigh_the_same_with_10_and_60_papers(make_app, app_params):
    # Weighed before the second build, which writes into the same folder.
    first = built_pages(make_app, app_params, 10)
    few = {page: weight(first[page]) for page in PAGES | LISTS}
    many = built_pages(make_app, app_params, 60)
    assert len(many) - len(first) == 50  # a page per paper
    for page in PAGES:
        assert few[page] == weight(many[page]), page
    for page in LISTS:
        assert weight(many[page]) > few[page]
