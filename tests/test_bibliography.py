"""Loading refs.bib: LaTeX decoding, name matching, and one test per problem it reports."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from academic.bib import formats, records
from academic.bib.chunks import field_line
from academic.bib.display import display_of
from academic.bib.latex import latex_to_rich, latex_to_text
from academic.bib.people import NameMatcher
from academic.bib.records import load_bibliography
from conftest import plain_warnings
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import Person

OWNER = NameMatcher.from_names(["Jacob Austin"])


def problems(source: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in load_bibliography(source, OWNER).problems]


@pytest.mark.parametrize(("latex", "text"), [
    (r"Fr{\"o}mmgen", "Frömmgen"),
    (r"Fr\"{o}mmgen", "Frömmgen"),
    (r"{\'E}cole", "École"),
    (r"\v{C}ech", "Čech"),
    ("pages 1--10", "pages 1–10"),
    (r"100\% {GPU}", "100% GPU"),
    (r"\{braces\}", "{braces}"),
    ("a~b", "a b"),
])
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text


def test_font_commands_become_styled_runs():
    assert latex_to_rich(r"A \emph{new} \textbf{bold} {GPU} model") == (
        ("A ", ""), ("new", "em"), (" ", ""), ("bold", "strong"), (" GPU model", ""))


@pytest.mark.parametrize("name", ["Austin, Jacob", "Jacob Austin", "J. Austin", "Austin, J.",
                                  "{Austin}, Jacob", "Jacob D. Austin", "Austin, JD",
                                  "Austin, J", "J.-D. Austin", "Austin"])
def test_owner_is_recognised_however_spelled(name):
    assert OWNER(Person(name))


@pytest.mark.parametrize("name", ["Austin, Mary", "Jacob Austen", "Others", "Austin, Jane",
                                  "Jane Austin", "Jo Austin", "Austin, M."])
def test_other_people_are_not_the_owner(name):
    assert not OWNER(Person(name))


def test_accented_owner_names_match_their_ascii_spelling():
    assert NameMatcher.from_names(["Alexander Frommgen"])(Person(r"Fr{\"o}mmgen, Alexander"))


@pytest.mark.parametrize(("name", "owner"), [
    ("González Ruiz, María", True), ("Maria Gonzalez Ruiz", True), ("González Ruiz, M.", True),
    ("María {González Ruiz}", True), ("M. González Ruiz", True),
    ("González, María", False), ("Pedro González Ruiz", False), ("Ruiz, Pedro", False)])
def test_an_owner_s_surname_of_two_words_matches_however_the_entry_splits_it(name, owner):
    """conf.py names the owner as people write names, "María González Ruiz"; BibTeX reads the
    last word alone as the last name unless the entry puts a comma after the surname."""
    assert NameMatcher.from_names(["María González Ruiz"])(Person(name)) is owner


@pytest.mark.parametrize(("name", "owner"), [
    ("van der Berg, Katrien", True), ("{van der Berg}, K.", True),  # NASA ADS braces it
    ("Van Der Berg, Katrien", True), ("Katrien van der Berg", True), ("K. {Van der Berg}", True),
    ("Berg, Katrien", True),  # BibTeX's last name alone, as before
    ("{van der Berg}, Pieter", False), ("{van den Berg}, Katrien", False)])
def test_an_owner_s_surname_with_a_particle_matches_braced_or_capitalised(name, owner):
    """NASA ADS braces a surname ("{van der Berg}, K."), Google Scholar capitalises it ("Van
    Der Berg"): BibTeX then reads all its words as the last name."""
    assert NameMatcher.from_names(["Katrien van der Berg"])(Person(name)) is owner


@pytest.mark.parametrize(("owner", "authors", "bold"), [
    ("Wei Li 0012", "Wei Li 0012 and Wei Li 0007 and Ada Lovelace", ["Wei Li"]),
    ("Wei Li 0012", "Wei Li and Ada Lovelace", ["Wei Li"]),  # an entry with no number
    ("Wei Li", "Wei Li 0007 and Ada Lovelace", ["Wei Li"]),  # an owner with none
])
def test_dblp_s_number_tells_the_owner_from_a_namesake(owner, authors, bold):
    """DBLP numbers people of one name ("Wei Li 0012"): no page shows the number, and where
    both the owner's name and an author's have one, they must be the same."""
    source = f"@misc{{k,\n  title = {{T}},\n  author = {{{authors}}},\n  year = {{2020}},\n}}\n"
    record = load_bibliography(source, NameMatcher.from_names([owner])).entries["k"]
    assert [author.name for author in record.authors if author.is_owner] == bold
    assert [author.name for author in record.authors] == authors.replace(" 0012", "").replace(
        " 0007", "").split(" and ")


@pytest.mark.parametrize(("owner", "name"), [
    ("Jacob D. Austin", "D. Austin, Jacob"),  # an initial starts no surname
    ("J. R. R. Tolkien", "R. Tolkien, John"),
    ("Austin, Jacob Daniel", "Daniel Austin, J."),  # with a comma, that surname alone
])
def test_an_initial_or_a_comma_makes_no_surname_of_two_words(owner, name):
    assert not NameMatcher.from_names([owner])(Person(name))


ENTRY = ("@misc{{{key},\n  title = {{T}},\n  author = {{Austin, Jacob}},\n"
         "  year = {{2020}},\n{extra}}}\n")


@pytest.mark.parametrize(("extra", "line", "message"), [
    ("  month = {foo},\n", 5, "@misc{k}: month 'foo' is not a month: use 1-12 or jan, feb, ..."),
    ("  eprint = {12},\n", 5, "@misc{k}: eprint '12' is not an arXiv identifier such as "
                              "2108.07732; no arXiv link is shown"),
    ("  doi = {abc},\n", 5, "@misc{k}: doi 'abc' is not a DOI such as 10.1145/3639477.3639746; "
                           "no DOI link is shown"),
    ("  pdf = {data:application/pdf;base64,AAAA},\n", 5,
     "@misc{k}: pdf 'data:application/pdf;base64,AAAA' is not an http(s) address; only "
     "http:// and https:// links are allowed"),
    ("  equal_contribution = {1, 9},\n", 5, "@misc{k}: equal_contribution '1, 9' must list "
     "author positions between 1 and 1, such as {1, 2}"),
    ("  howpublished = {ends with \\},\n", 5, "@misc{k}: howpublished has LaTeX that cannot "
                                           "be rendered (\\); it is shown as plain text"),
    ("  howpublished = {Uses \\foo},\n", 5, "@misc{k}: howpublished has LaTeX that cannot be "
                                           "rendered (\\foo); it is shown as plain text"),
    ("  month = foo,\n", 5, "@misc{k}: undefined macro 'foo'; put text values in braces ({foo}) "
                            "or define it with @string"),
    # Each at its field's own line, however the file writes the field.
    ("  note = {N},\n  arxiv = {12},\n", 6, "@misc{k}: eprint '12' is not an arXiv "
     "identifier such as 2108.07732; no arXiv link is shown"),
    ("  note = {N}, url = {www.example.org},\n", 5, "@misc{k}: url 'www.example.org' is not "
     "an http(s) address; the link is left out (write the full https:// address)"),
    # An address whose host no address can have: a traceback that ended the build.
    *((f"  note = {{N}}, {field} = {{{address}}},\n", 5, f"@misc{{k}}: {field} {shown!r} is not "
       f"a well-formed address ({reason}); correct it") for field, address, shown, reason in (
        ("url", "https://[", "https://[", "Invalid IPv6 URL"),
        ("pdf", "http://[::1", "http://[::1", "Invalid IPv6 URL"),
        ("howpublished", r"\url{https://[}", "https://[", "Invalid IPv6 URL"),
        ("url", "https://a\u2100b.org/", "https://a\u2100b.org/", "netloc 'a\u2100b.org' "
         "contains invalid characters under NFKC normalization"),
        # A port no address can have: a dead link.
        ("url", "https://example.org:99999/", "https://example.org:99999/",
         "Port out of range 0-65535"),
        ("code", "https://example.org:abc/", "https://example.org:abc/",
         "Port could not be cast to integer value as 'abc'"))),
    # A date range whose end is not one: the entry is dated by its start.
    ("  date = {2020-03/2020-01},\n", 5, "@misc{k}: date '2020-03/2020-01' ends before it "
     "starts; the entry is dated by its start alone"),
    ("  date = {2020-01/soon},\n", 5, "@misc{k}: date '2020-01/soon' ends in 'soon', which is "
     "not a real date such as 2021-08-16; the entry is dated by its start alone"),
    ("  date = {2020-01-05x},\n", 5, "@misc{k}: date '2020-01-05x' is not a real date such as "
     "2021-08-16; the entry is dated as far as it is one"),
    # A date that is not one, however near: no dashes, a one-digit month, an impossible time,
    # another script's digits.
    *((f"  date = {{{date}}},\n", 5, f"@misc{{k}}: date '{date}' is not a real date such as "
       "2021-08-16; the entry is dated as far as it is one")
      for date in ("20200512", "2020-8-16", "2020-08-16T25:99", "2020-08-16T10:00+24:00",
                   "\u0662\u0660\u0662\u0660")),
    # EDTF's uncertain and approximate dates: the year alone is the entry's.
    ("  date = {2020-05-03?},\n", 5, "@misc{k}: date '2020-05-03?' is marked uncertain ('?' at "
     "its end); the entry is dated by its year alone, and no page or file gives a month or "
     "day it is not sure of"),
    ("  date = {2020-02-30~},\n", 5, "@misc{k}: date '2020-02-30~' is not a real date such as "
     "2021-08-16; the entry is dated by its year alone"),
    # A date that another year or month contradicts: BibTeX's year and month date the entry.
    ("  month = {aug},\n  date = {2019-08-16},\n", 6, "@misc{k}: date '2019-08-16' says "
     "2019-08-16, but year and month say 2020-08; the entry is dated by its year and month, "
     "as BibTeX's styles read them: make the two agree, or remove one"),
    ("  month = {aug},\n  date = {2020-07},\n", 6, "@misc{k}: date '2020-07' says 2020-07, but "
     "year and month say 2020-08; the entry is dated by its year and month, as BibTeX's "
     "styles read them: make the two agree, or remove one"),
    ("  date = {2019/2020},\n", 5, "@misc{k}: date '2019/2020' says 2019, but year says 2020; "
     "the entry is dated by its year, as BibTeX's styles read them: make the two agree, or "
     "remove one"),
    # A DOI with a character nobody sees (a zero-width space pasted from a PDF) is no DOI.
    ("  doi = {10.1000/a\u200bb},\n", 5, "@misc{k}: doi has U+200B ZERO WIDTH SPACE, which no "
     "address holds; the field is left out (delete the character)"),
    ("  doi = {10.1000/a b},\n", 5, "@misc{k}: doi '10.1000/a b' has U+0020 SPACE, which no "
     "DOI holds; no DOI link is shown (delete the character)"),
    # Identifiers in digits of other scripts link to nothing.
    ("  pmid = {\u0661\u0662\u0663\u0664\u0665},\n", 5,
     "@misc{k}: pmid '\u0661\u0662\u0663\u0664\u0665' is not a PubMed identifier such as "
     "31452104; no PubMed link is shown"),
    ("  eprint = {\uff12\uff11\uff10\uff18.\uff10\uff17\uff17\uff13\uff12},\n", 5,
     "@misc{k}: eprint '\uff12\uff11\uff10\uff18.\uff10\uff17\uff17\uff13\uff12' is not an arXiv "
     "identifier such as 2108.07732; no arXiv link is shown"),
    ("  eprint = {\u0663\u0664\u0665\u0666\u0667\u0668\u0669},\n  eprinttype = {ssrn},\n", 5,
     "@misc{k}: eprint '\u0663\u0664\u0665\u0666\u0667\u0668\u0669' is not a SSRN "
     "identifier such as 3456789; no SSRN link is shown"),
    ("  note = {N},\n\n  eprint = {x},\n  eprinttype = {hal},\n", 7, "@misc{k}: eprint 'x' "
     "is not a HAL identifier such as hal-01234567; no HAL link is shown"),
    ("  note = {N},\n\n  eprint = {x},\n  eprinttype = {jstor},\n", 7, "@misc{k}: eprint 'x' "
     "of archivePrefix 'jstor': the site links identifiers of arXiv, PubMed, ECCC, IACR "
     "ePrint, HAL, SSRN, bioRxiv, medRxiv only; no link is shown"),
])
def test_field_problems_are_reported_at_the_field(extra, line, message):
    assert problems(ENTRY.format(key="k", extra=extra)) == [(line, message)]


# Digits Python's str.isdigit() takes and int() refuses (superscripts, circled digits), or that
# int() reads and BibTeX and every reader's software do not (other scripts): each is a value
# the field cannot hold, reported at its line, never a traceback.
@pytest.mark.parametrize(("extra", "field"), [
    ("  month = {\N{SUPERSCRIPT TWO}},\n", "month"),
    ("  month = {\N{SUPERSCRIPT SIX}},\n", "month"),
    ("  month = {\N{CIRCLED DIGIT ONE}},\n", "month"),
    ("  month = {\N{ARABIC-INDIC DIGIT SIX}},\n", "month"),
    ("  equal_contribution = {\N{SUPERSCRIPT TWO}},\n", "equal_contribution"),
    ("  equal_contribution = {\N{ARABIC-INDIC DIGIT ONE}},\n", "equal_contribution"),
])
def test_digits_of_other_scripts_are_a_problem_at_the_field_not_a_crash(extra, field):
    assert [message.split(":")[1].split()[0]
            for _line, message in problems(ENTRY.format(key="k", extra=extra))] == [field]
    assert problems(ENTRY.format(key="k", extra=extra))[0][0] == 5


#: More digits than Python reads as a number (4,300): each ended the build in a traceback.
LONG = "1" * 4301


@pytest.mark.parametrize(("extra", "message"), [
    (f"  month = {{{LONG}}},\n", f"month '{LONG}' is not a month: use 1-12 or jan, feb, ..."),
    (f"  pmid = {{{LONG}}},\n", f"pmid '{LONG}' is not a PubMed identifier such as 31452104; "
     "no PubMed link is shown"),
    (f"  equal_contribution = {{{LONG}}},\n", f"equal_contribution '{LONG}' must list author "
     "positions between 1 and 1, such as {1, 2}"),
    (f"  contribution = {{author {LONG}}},\n", f"contribution 'author {LONG}' is not "
     "understood; write {author 25 of 67}, {author 25}, {author} or {contributor}"),
    (f"  eprint = {{{LONG}}},\n  archivePrefix = {{SSRN}},\n", f"eprint '{LONG}' is not a SSRN "
     "identifier such as 3456789; no SSRN link is shown"),
])
def test_a_number_too_long_to_read_is_a_problem_at_the_field_not_a_crash(extra, message):
    assert problems(ENTRY.format(key="k", extra=extra)) == [(5, f"@misc{{k}}: {message}")]


@pytest.mark.parametrize("year", ["\N{SUPERSCRIPT TWO}\N{SUPERSCRIPT ZERO}"
                                  "\N{SUPERSCRIPT TWO}\N{SUPERSCRIPT ONE}",
                                  "\u0662\u0660\u0662\u0661", "\uff12\uff10\uff12\uff11"])
def test_a_year_in_other_digits_is_text_not_a_year(year):
    source = f"@misc{{k,\n  title = {{T}},\n  year = {{{year}}},\n  month = {{aug}},\n}}\n"
    loaded = load_bibliography(source, OWNER)
    assert [(p.line, p.gap) for p in loaded.problems] == [(3, "year-text")]
    record = loaded.entries["k"]
    assert record.year == 0
    assert f"  year = {{{year}}}," in record.bibtex


@pytest.mark.parametrize("pages", ["arXiv:2304.12345", "{arXiv:2304.12345v2}",
                                   "arXiv:hep-th/9901001"])
def test_an_arxiv_identifier_given_as_pages_is_no_page(pages):
    """NASA ADS writes an arXiv e-print's identifier in pages: no first page, in any output."""
    source = ("@article{k,\n  title = {T},\n  author = {{van der Berg}, K.},\n"
              f"  journal = {{arXiv e-prints}},\n  pages = {{{pages}}},\n  year = {{2023}},\n"
              "  eprint = {2304.12345},\n  archivePrefix = {arXiv},\n}\n")
    record = load_bibliography(source, OWNER).entries["k"]
    assert "pages" not in record.fields
    assert not display_of(record).first_page
    assert "pages" not in record.bibtex
    assert "SP  -" not in formats.ris([record]) and '"page"' not in formats.csl_json([record])
    # Without its eprint field, the identifier is the entry's eprint still.
    record = load_bibliography(source.replace("  eprint = {2304.12345},\n", ""),
                               OWNER).entries["k"]
    assert [link.url for link in record.links if link.label == "arXiv"] == [
        f"https://arxiv.org/abs/{pages.strip('{}').removeprefix('arXiv:')}"]


def test_the_copy_is_bibtex_every_style_reads():
    """BibLaTeX's @report is a @techreport, and an @inproceedings's organization is kept."""
    source = ("@report{r,\n  title = {T},\n  author = {Lee, Kim},\n  institution = {Lab},\n"
              "  year = {2019},\n}\n\n@inproceedings{p,\n  title = {T},\n  author = {Lee, Kim},\n"
              "  booktitle = {Proc.},\n  organization = {SPIE},\n  year = {2019},\n}\n")
    loaded = load_bibliography(source, OWNER).entries
    assert loaded["r"].bibtex.startswith("@techreport{r,\n")
    assert "  organization = {SPIE},\n" in loaded["p"].bibtex


@pytest.mark.parametrize(("authors", "names", "message"), [
    (" and ", [], "author has an empty name, an 'and' with no name on one side of it; it is "
     "left out (remove the extra 'and')"),
    ("Lovelace, Ada and , and Babbage, Charles", ["Ada Lovelace", "Charles Babbage"],
     "author has an empty name, an 'and' with no name on one side of it; it is left out "
     "(remove the extra 'and')"),
    ("Lovelace, Ada and and Babbage, Charles", ["Ada Lovelace", "Charles Babbage"],
     "author has an 'and' with no name on one side of it, beside the name 'Babbage, Charles'; "
     "it is read as that name (remove the extra 'and')"),
    ("Ada Lovelace and ", ["Ada Lovelace"], "author has an 'and' with no name on one side of "
     "it, beside the name 'Ada Lovelace'; it is read as that name (remove the extra 'and')"),
])
def test_an_and_that_separates_no_names_is_no_person(authors, names, message):
    """No page, citation tag or file names a person "and", nor an empty one."""
    source = ("@article{k,\n  title = {T},\n  journal = {J},\n  year = {2020},\n"
              f"  author = {{{authors}}},\n}}\n")
    loaded = load_bibliography(source, OWNER)
    assert [(p.line, p.message, p.gap) for p in loaded.problems] == [
        (5, f"@article{{k}}: {message}", "names")]
    record = loaded.entries["k"]
    assert [author.name for author in record.authors] == names
    assert "and and" not in record.bibtex and "{and" not in record.bibtex
    assert ("author = {" in record.bibtex) == bool(names)


@pytest.mark.parametrize("written", ["et al.", "{et al.}", "et~al", "Others", "{Others}"])
def test_et_al_written_as_a_name_is_read_as_others(written):
    """BibTeX prints "et al." as a person's name; no citation tag, JSON-LD Person or RIS author
    may be one, and the list is one that names only some of its authors."""
    source = ("@article{k,\n  title = {T},\n  journal = {J},\n  year = {2020},\n"
              f"  author = {{Austin, Jacob and {written}}},\n}}\n")
    loaded = load_bibliography(source, OWNER)
    shown = written.strip("{}").replace("~", " ")
    assert [(p.line, p.message, p.gap) for p in loaded.problems] == [
        (5, f"@article{{k}}: author names {shown!r} as if it were a person; it is read as 'and "
            "others', BibTeX's way to say that more names follow (write 'and others')",
         "names")]
    record = loaded.entries["k"]
    assert [author.name for author in record.authors] == ["Jacob Austin", "others"]
    assert record.named_authors == record.authors[:1]


def test_others_before_other_names_is_a_mistake():
    """"Smith and others and Austin": read on, Austin would be the second author."""
    source = ("@article{k,\n  title = {T},\n  journal = {J},\n  year = {2020},\n"
              "  author = {Smith, Ann and others and Austin, Jacob},\n}\n")
    assert [(p.line, p.message, p.gap) for p in load_bibliography(source, OWNER).problems] == [
        (5, "@article{k}: author has 'others' before 'Austin, Jacob': 'others' stands for the "
            "names not written, and comes last (move it to the end)", "")]


def test_any_entry_type_and_any_key_bibtex_accepts_are_read():
    source = ("@foo{a,\n title={T}, year={2020}}\n\n"
              "@misc{DBLP:conf/popl/Foo19,\n title={T}, author={A}, year={2020}}\n\n"
              "@article{2026A&A...710L..32M,\n title={T}, author={A}, journal={J}, year={2026}}\n")
    loaded = load_bibliography(source, OWNER)
    assert list(loaded.entries) == ["a", "DBLP:conf/popl/Foo19", "2026A&A...710L..32M"]
    assert not [p for p in loaded.problems if p.fatal]


@pytest.mark.parametrize(("key", "named"), [
    ("x\u202eevil", "the invisible character U+202E (right-to-left override)"),
    ("a\u200bb", "the invisible character U+200B (zero width space)"),
    ("y\x01z", "the control character U+0001"),
])
def test_a_key_with_a_character_no_output_can_show_is_refused(key, named):
    """A field's such character is left out and its scopes closed; a key cannot be changed
    (citations name it), and the exports write it: an override turned the rest of its line in
    publications.csl.json around, a control character made the pages' HTML invalid."""
    source = ("@misc{ok,\n title={T}, year={2020}}\n\n"
              f"@misc{{{key},\n title={{T}}, year={{2020}}}}\n")
    loaded = load_bibliography(source, OWNER)
    assert list(loaded.entries) == ["ok"]
    assert [(p.line, p.message, p.fatal) for p in loaded.problems] == [
        (4, f"key {key!r} holds {named}, which no export or address can show as written; "
            "write the key in visible characters (letters, digits, - _ : .)", True)]


def test_a_key_with_bibtex_syntax_in_it_is_refused():
    """pybtex reads a parenthesised entry's key up to its comma, braces and all, and the
    exports wrote it back as it was: ``@misc(k}@preamble{...}@misc{x, ...)`` gave the export
    a @preamble, which BibTeX copies into every document that cites it (TeX run there), and
    an entry under a key the source never had; "k%1" made biber refuse the whole file."""
    source = ('@misc(k}@preamble{"\\input{/etc/hostname}"}@misc{real2030,\n'
              " title = {T}, year = {2030},)\n\n"
              "@misc{k%1,\n title={T}, year={2020}}\n\n"
              "@misc{DBLP:a/b-c.d_e+f,\n title={T}, year={2020}}\n")
    loaded = load_bibliography(source, OWNER)
    assert list(loaded.entries) == ["DBLP:a/b-c.d_e+f"]
    syntax = ("which BibTeX reads as part of its syntax: the exports would end the entry there "
              "and read the rest as more entries; write the key in letters, digits, - _ : .")
    assert [(p.line, p.message, p.fatal) for p in loaded.problems] == [
        (1, "key 'k}@preamble{\"\\\\input{/etc/hostname}\"}@misc{real2030' "
            f"holds '}}', {syntax}", True),
        (4, f"key 'k%1' holds '%', {syntax}", True)]


@pytest.mark.parametrize("year", ["0000", "0999"])
def test_a_year_before_1000_is_no_year(year):
    """"0000" passed as four digits and became year 0, shown as "n.d." with nothing said."""
    assert problems(ENTRY.format(key="k", extra="").replace("2020", year)) == [
        (4, f"@misc{{k}}: year '{year}' is not a four-digit year such as 2021; the entry is "
            "listed as undated")]
    assert (4, f"@misc{{k}}: date '{year}-01-01' is not a real date such as 2021-08-16; the "
            "entry is dated as far as it is one") in problems(
        ENTRY.format(key="k", extra=f"  date = {{{year}-01-01}},\n").replace(
            "  year = {2020},\n", ""))


def test_a_date_gives_the_month_and_day_a_year_field_agrees_with():
    entry = load_bibliography(ENTRY.format(key="k", extra="  date = {2020-08-16},\n"),
                              OWNER)
    assert not entry.problems
    record = entry.entries["k"]
    assert record.month == 8
    assert "  month = aug,\n  date = {2020-08-16},\n" in record.bibtex


def test_a_month_name_is_read_and_written_back():
    entry = load_bibliography(ENTRY.format(key="k", extra="  month = aug,\n"), OWNER).entries["k"]
    assert entry.month == 8
    assert "  month = aug," in entry.bibtex


def test_unchanged_entries_come_from_the_cache():
    source = ENTRY.format(key="a", extra="") + ENTRY.format(key="b", extra="")
    first = load_bibliography(source, OWNER)
    cache = {first.digests[key]: entry for key, entry in first.entries.items()}
    edited = source.replace("@misc{b,\n  title = {T}", "@misc{b,\n  title = {New}")
    second = load_bibliography(edited, OWNER, cache)
    assert second.entries["a"] is first.entries["a"]
    assert second.entries["b"].title_text == "New"


@pytest.mark.sphinx("html", testroot="publications-errors")
def test_directive_problems_are_reported_at_their_line(app):
    app.build()
    warnings = plain_warnings(app)
    for line, message in [
        (3, "publications :type: must be one or more of paper, report, software (got 'talks')"),
        (7, "publications :year: must be a year such as 2021 or a range such as 2020-2022"),
        # A keyword no entry has (a fork's refs.bib before it marks its selected papers).
        (11, "publications: no entry of the BibTeX files has the keyword 'nothing-has-this': "
             "add 'keywords = {nothing-has-this}' to those to list here, or remove :keyword:"),
    ]:
        assert f"index.md:{line}: WARNING: {message} [academic.publications]" in warnings
    assert ("papers/only.md: WARNING: this page has the name of the page of the BibTeX entry "
            "'only' (line 1), which would replace it; rename the file or the BibTeX key "
            "[academic.pages]") in warnings
    hand_written = Path(app.outdir) / "papers" / "only.html"
    assert "A hand-written page" in hand_written.read_text()


@pytest.mark.sphinx("html", testroot="publications-errors",
                    confoverrides={"bibtex_bibfiles": ["missing.bib"]})
def test_a_missing_bib_file_is_reported(shared_app):
    """Named with -D (here, the test's overrides): conf.py's line names another file, and the
    message points at none."""
    missing = Path(shared_app.srcdir) / "missing.bib"
    assert (f"WARNING: cannot read the BibTeX file {missing}: No such file or directory; fix "
            "the path in bibtex_bibfiles in conf.py [academic.bibtex]"
            in plain_warnings(shared_app).splitlines())


# --- property-based: any input either loads every entry or names the problem's line ---------

field_text = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " {}\\\"'%&$#_~^-,.éü<>@=()"),
    max_size=60,
)


@st.composite
def bib_files(draw):
    count = draw(st.integers(1, 6))
    keys = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=count,
                         max_size=count))
    chunks = []
    for key in keys:
        entry_type = draw(st.sampled_from(["misc", "article", "techreport", "weird"]))
        fields = []
        for name in draw(st.sets(st.sampled_from(["title", "author", "year", "journal",
                                                  "institution", "url", "month"]))):
            fields.append(f"  {name} = {{{draw(field_text)}}},")
        chunks.append(f"@{entry_type}{{{key},\n" + "\n".join(fields) + "\n}\n")
    return "\n".join(chunks)


# Derandomized: CI checks the same examples every run; raise max_examples to explore further.
@settings(max_examples=300, deadline=None, derandomize=True)
@given(bib_files())
def test_every_entry_is_loaded_or_its_problem_named(source):
    """Never a traceback, never a silently dropped entry."""
    result = load_bibliography(source, OWNER)
    lines = source.count("\n") + 1
    starts = [i + 1 for i, text in enumerate(source.split("\n")) if text.startswith("@")]
    reported = {problem.line for problem in result.problems}
    for problem in result.problems:
        assert 1 <= problem.line <= lines and problem.message
    for index, line in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else lines + 1
        key = source.split("\n")[line - 1].split("{", 1)[1].rstrip(",")
        loaded = result.entries.get(key)
        has_problem = any(line <= r < end for r in reported)
        assert (loaded is not None and loaded.line == line) or has_problem, (line, source)


def test_a_reused_record_reports_its_problems_again_at_its_new_line():
    source = ("@article{k,\n  title = {T},\n  author = {Austin, Jacob},\n  year = {2020},\n"
              "  url = {javascript:alert(1)},\n}\n")
    first = load_bibliography(source, OWNER)
    cache = {first.digests["k"]: first.entries["k"]}
    again = load_bibliography("\n\n" + source, OWNER, cache)
    assert again.entries["k"].line == 3
    assert [(p.line, p.fatal, p.subtype) for p in again.problems] == [
        (3, False, "bib-incomplete"), (7, True, "bibtex")]
    assert [p.message for p in again.problems] == [p.message for p in first.problems]


def test_a_field_is_searched_for_once_however_many_problems_it_has(monkeypatch):
    """Each search for a field's line reads the whole entry: one per problem made an entry of
    4,000 authors with an unknown command each, after a long abstract, take two seconds."""
    searched = []

    def counted(chunk, name):
        searched.append(name)
        return field_line(chunk, name)

    monkeypatch.setattr(records, "field_line", counted)
    authors = " and ".join(["\\foo A"] * 200)
    loaded = load_bibliography(ENTRY.format(key="k", extra=f"  editor = {{{authors}}},\n"),
                               OWNER)
    assert len(loaded.problems) == 200
    assert {problem.line for problem in loaded.problems} == {5}
    assert searched == ["editor"]


@pytest.mark.parametrize(("eprint", "venue"), [
    ("  eprint = {2108.07732},\n", "arXiv preprint"),
    ("  eprint = {2108.07732},\n  archivePrefix = {arXiv},\n", "arXiv preprint"),
    # An address, or a value that is no arXiv identifier, names no archive: no venue.
    ("  eprint = {https://journals.example.org/article_S0001},\n", ""),
    ("  eprint = {12},\n", ""),
    ("  eprint = {30893791},\n  eprinttype = {pmid},\n", ""),
])
def test_only_an_arxiv_identifier_makes_an_arxiv_preprint(eprint, venue):
    entry = load_bibliography(ENTRY.format(key="k", extra=eprint), OWNER).entries["k"]
    assert entry.venue_text == venue


def test_a_year_in_braces_of_its_own_is_that_year():
    """"year = {{2021}}" (a Zotero or hand-written export's) is 2021 to BibTeX: the entry was
    listed as undated."""
    loaded = load_bibliography(ENTRY.format(key="k", extra="").replace(
        "year = {2020}", "year = {{2021}}"), OWNER)
    assert loaded.entries["k"].year == 2021 and not loaded.problems


@pytest.mark.parametrize(("date", "gap"), [
    ("2020-05-03?", "date-qualified"), ("2020~", "date-qualified"),
    ("2020-8-16", "date"), ("2020-02-30~", "date")])
def test_the_summary_files_a_qualified_date_apart_from_a_wrong_one(date, gap):
    """The build's summary said "not a real date (left out)" of an approximate date, which is
    read and dates the entry by its year."""
    loaded = load_bibliography(ENTRY.format(key="k", extra=f"  date = {{{date}}},\n"), OWNER)
    assert [p.gap for p in loaded.problems] == [gap]
    assert loaded.entries["k"].year == 2020


def test_an_entry_left_open_before_a_comment_is_named_where_it_starts():
    """A brace left open runs to the next entry: pybtex asked for the closing brace on the
    comment line between the two, a line of no entry; the entry is named where it starts, as
    the last entry of a file is."""
    source = ("% refs\n@misc{first,\n  title = {Unclosed,\n  author = {A, B},\n"
              "  year = {2020},\n}\n\n% the next one\n" + ENTRY.format(key="second", extra=""))
    assert problems(source) == [
        (2, "@misc{first}: entry is never closed; is a brace or quote left open?")]
