"""The CV's items as text, shared by the pages (:mod:`.directive`) and the PDF (:mod:`.pdf`).

One :class:`Line` per item (a job, a school, a course, an award, a talk, an interest), dates as
a CV writes them ("May 2017", "2017–2019"), the owner's contact details and profiles, a paper's
label and the PDF's name: written once, so that the two views of the CV cannot disagree. Lists
keep the file's order; nothing is sorted by date, since few items have one. Nothing here knows
about Sphinx.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from ..bib.model import Publication
from ..bib.urls import EMAIL, kind_of, mailto
from .parsing import CV, DATE_TEXT

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_text(value: str) -> str:
    """"2019", "May 2017", "30 May 2017"."""
    match = DATE_TEXT.fullmatch(value)
    if match is None:
        return value
    year, month, day = match.groups()
    if not month:
        return year
    text = f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {text}" if day else text


def period(item: dict[str, Any], start: str = "startDate", end: str = "endDate") -> str:
    """"2019", "2017–2019", "from May 2017", "until 2019", or "" with no dates."""
    first = date_text(item[start]) if item.get(start) else ""
    last = date_text(item[end]) if item.get(end) else ""
    if first and last:
        return first if first == last else f"{first}–{last}"
    if first:
        return f"from {first}"
    return f"until {last}" if last else ""


class Line(NamedTuple):
    """One item as the CV shows it: a bold head, what follows it, and its highlights."""

    head: str
    rest: str = ""
    highlights: tuple[str, ...] = ()
    url: str = ""
    strong: bool = True  #: the head in bold (a list of titles only is not)
    papers: tuple[str, ...] = ()  #: keys of the BibTeX files


def sentence(*parts: str) -> str:
    return ". ".join(part.rstrip(".") for part in parts if part) + ("." if any(parts) else "")


def work_line(item: dict[str, Any], *, highlights: bool = True) -> Line:
    role = ", ".join(part for part in (item.get("position", ""), period(item)) if part)
    return Line(item.get("name", ""), sentence(role, item.get("summary", "")),
                tuple(item.get("highlights") or ()) if highlights else (), item.get("url", ""))


def education_line(item: dict[str, Any]) -> Line:
    # The area as written: "Computer Science" is a name, and not every language lower-cases
    # its fields of study in a sentence.
    degree = " in ".join(part for part in (item.get("studyType", ""), item.get("area") or "")
                         if part)
    what = ", ".join(part for part in (degree, period(item)) if part)
    return Line(item.get("institution", ""), sentence(what), tuple(item.get("courses") or ()),
                item.get("url", ""))


def teaching_line(item: dict[str, Any]) -> Line:
    head = ", ".join(part for part in (item.get("course", ""), item.get("name", "")) if part)
    rest = ", ".join(part for part in (item.get("role", ""), item.get("institution", ""),
                                       period(item)) if part)
    return Line(head, sentence(rest))


def award_line(item: dict[str, Any]) -> Line:
    head = " — ".join(part for part in (date_text(item.get("date", "")), item.get("title", ""))
                      if part)
    rest = sentence(item.get("awarder", ""), item.get("summary", ""))
    return Line(head, rest, strong=bool(rest))


def talk_line(item: dict[str, Any]) -> Line:
    head = " — ".join(part for part in (date_text(item.get("date", "")), item.get("name", ""))
                      if part)
    return Line(head, sentence(item.get("summary", "")), url=item.get("url", ""), strong=False)


def interest_line(item: dict[str, Any]) -> Line:
    keywords = ", ".join(item.get("keywords") or ())
    return Line(item.get("name", ""), sentence(item.get("summary", ""), keywords))


def section_parts(section: str) -> tuple[str, ...]:
    """The parts of the CV file one section lists: the career is the work, then the
    education."""
    return ("work", "education") if section == "career" else (section,)


def section_items(cv: CV, section: str, *, subject: str = "",
                  category: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The items one section lists, each with its part of the file, in the file's order: of the
    teaching, those of ``subject`` (all without it); of the awards, those of ``category`` (those
    of none without it)."""
    def listed(item: dict[str, Any]) -> bool:
        if section == "teaching" and subject:
            return bool(item.get("subject", "") == subject)
        if section == "awards":
            return bool(item.get("category", "") == category)
        return True

    return [(part, item) for part in section_parts(section) for item in cv.items(part)
            if listed(item)]


def section_lines(cv: CV, section: str, *, subject: str = "", category: str = "") -> list[Line]:
    """The lines of one section of the CV (``career``: work then education, one line each)."""
    makers = {"work": work_line, "education": education_line, "teaching": teaching_line,
              "awards": award_line, "talks": talk_line, "interests": interest_line}
    if section != "career" and section not in makers:
        raise ValueError(section)
    items = section_items(cv, section, subject=subject, category=category)
    if section == "career":
        return [work_line(item, highlights=False) if part == "work"
                else education_line(item)._replace(highlights=()) for part, item in items]
    return [makers[part](item)._replace(papers=tuple(item.get("papers") or ()))
            for part, item in items]


def profile_links(cv: CV) -> list[tuple[str, str]]:
    """The owner's profiles as (network, URL): ("GitHub", "https://github.com/..."), in the
    file's order (``basics.profiles``); for a row of profile links."""
    basics = cv.data.get("basics") or {}
    return [(str(profile.get("network", "")), str(profile["url"]))
            for profile in basics.get("profiles") or () if profile.get("url")]


def contact_items(cv: CV) -> list[tuple[str, str]]:
    """How to reach the owner, as (text, address), in the order a CV's head gives them: where
    (``basics.location``), email (a mailto: link), phone (a tel: link), the site
    (``basics.url``) and every profile. Only what the file gives; "" for no link."""
    basics = cv.data.get("basics") or {}
    items: list[tuple[str, str]] = []
    location = basics.get("location") or {}
    place = ", ".join(str(location[part]) for part in ("address", "city", "region",
                                                        "postalCode", "countryCode")
                      if location.get(part))
    if place:
        items.append((place, ""))
    email = str(basics.get("email") or "").strip()
    if email:
        items.append((email, mailto(email) if EMAIL.fullmatch(email) else ""))
    phone = str(basics.get("phone") or "").strip()
    if phone:
        # Any script's digits, dialled as the ASCII ones: "tel:" takes those alone.
        digits = "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char
                         for char in phone if char.isdecimal() or char == "+")
        items.append((phone, f"tel:{digits}" if digits.lstrip("+") else ""))
    url = str(basics.get("url") or "").strip()
    if url:
        items.append((short_address(url), url if kind_of(url) == "web" else ""))
    # A profile's address says its network ("github.com/ada"), as a printed CV gives it.
    items.extend((short_address(address), address if kind_of(address) == "web" else "")
                 for _network, address in profile_links(cv))
    return items


def short_address(url: str) -> str:
    """"github.com/ada" for "https://github.com/ada/": an address as a CV prints it."""
    return url.split("://", 1)[-1].rstrip("/")


#: Latin letters with no decomposition into a letter and an accent, as ASCII spells them.
UNDECOMPOSED_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                                      "ł": "l", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"})


def pdf_name(cv: CV) -> str:
    """"ada-lovelace-cv.pdf": a name that still says whose CV it is in a downloads folder, in
    ASCII letters ("María González-Ruiz": "maria-gonzalez-ruiz-cv.pdf", not "mar-a-gonz-lez")."""
    # "ß" folds to "ss" and "í" decomposes to "i" and its accent; the Latin letters that do
    # neither are spelt out.
    name = cv.name.casefold().translate(UNDECOMPOSED_LETTERS)
    decomposed = unicodedata.normalize("NFKD", name)
    slug = re.sub(r"[^a-z0-9]+", "-", decomposed.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug}-cv.pdf" if slug else "cv.pdf"


def paper_label(entry: Publication | None, key: str) -> str:
    """"Lovelace et al., 2020", as the site's citations name a paper."""
    if entry is None:
        return key
    return ", ".join(part for part in (entry.short_authors or entry.title_text,
                                       entry.year_label) if part)
