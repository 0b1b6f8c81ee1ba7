"""Who an entry's people are: the owner among them, their displayed names and their marks.

Recognising the site owner however an entry spells him (:class:`NameMatcher`), a team written
in braces, the symbols after a last name (al-folio's "Einstein*" for equal contribution, or
``academic_author_marks``), ``equal_contribution = {1, 2}`` and the ``contribution`` field,
checked against the author list. Apart from the rest of an entry's reading (:mod:`.records`):
names follow BibTeX's rules, not the fields'. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from pybtex.bibtex.utils import split_tex_string
from pybtex.database import Person

from .fields import ascii_number
from .latex import latex_to_text
from .model import Author, Contribution

#: What a symbol after an author's last name means ("Einstein*, Albert", al-folio's way):
#: ``academic_author_marks`` in conf.py replaces it ({"*": "student author", "†": "…"}).
EQUAL_CONTRIBUTION = "equal contribution"

DEFAULT_MARKS: Mapping[str, str] = {"*": EQUAL_CONTRIBUTION}

#: ``contribution = {author 25 of 67}``, ``{author 25}``, ``{author}`` or ``{contributor}``.
#: A position of at most six digits: a longer one is no author's place (and Python refuses to
#: read a number of more than 4,300 digits).
CONTRIBUTION = re.compile(
    r"^(?:(author)(?:\s+(\d{1,6})(?:\s+of\s+(\d{1,6}))?)?|(contributor))$",
    re.IGNORECASE | re.ASCII)  # "author ٢": not a position

CONTRIBUTION_FORMS = "{author 25 of 67}, {author 25}, {author} or {contributor}"


def _fold(name: str) -> str:
    """Lower-case ASCII form of a decoded name part: "Gödel" and "Godel" fold alike."""
    decomposed = unicodedata.normalize("NFKD", latex_to_text(name))
    return "".join(c for c in decomposed if c.isalnum()).lower()


@dataclass(frozen=True, slots=True)
class NameMatcher:
    """Recognises the site owner's name however an entry spells it.

    "Lovelace, Ada", "A. Lovelace", "Ada Lovelace" and "{Lovelace}, A." all match "Ada Lovelace":
    the last names must agree and, where both are given, the first names too: in full where
    both are written in full ("Anna Lovelace" is someone else), else their initials. An owner's
    name written without a comma may have a surname of several words ("María González Ruiz"
    matches "González Ruiz, María" and "Maria Gonzalez Ruiz"); one with a particle ("Katrien van
    der Berg") matches it braced or capitalised with the surname ("{van der Berg}, K.").
    """

    #: (folded last name, folded first names, DBLP's number or "")
    names: tuple[tuple[str, str, str], ...]
    #: The first name given, as written: how a page names the owner when the list does not.
    display: str = ""

    @classmethod
    def from_names(cls, names: Iterable[str]) -> NameMatcher:
        named: list[tuple[str, str, str]] = []
        parsed: list[tuple[str, str]] = []
        names = list(names)
        for name in names:
            # "Wei Li 0012", as DBLP names the owner: Wei Li, and no other of DBLP's Wei Lis.
            plain, number = without_dblp_number(name)
            person = Person(plain)
            first = _first_name(person)
            parsed.append((_fold(" ".join(person.last_names)), first))
            # "Katrien van der Berg" is "{van der Berg}, K." too (NASA ADS's braces) and "Van
            # Der Berg, Katrien" (capitalised, BibTeX reads all three words as the surname).
            if person.prelast_names:
                parsed.append((_fold(" ".join(person.prelast_names + person.last_names)), first))
            # "María González Ruiz", written without a comma, is "González Ruiz, María" too:
            # BibTeX takes the last word alone for the last name, and a surname of two words
            # is only written apart with a comma. Each split after the first given name, at a
            # name written in full: an initial ("Ada A. Lovelace") starts no surname. A name
            # written with a comma ("Lovelace, Ada Augusta") is that surname alone.
            if "," not in name:
                middle = person.middle_names
                parsed += [(_fold(" ".join([*middle[at:], *person.prelast_names,
                                            *person.last_names])), first)
                           for at in range(len(middle))
                           if not _is_initial(latex_to_text(middle[at]))]
            named += [(last, first_name, number) for last, first_name in parsed]
            parsed = []
        return cls(tuple(dict.fromkeys(named)), names[0] if names else "")

    def __call__(self, person: Person, number: str = "") -> bool:
        """Whether ``person`` (with DBLP's ``number``, where the entry gives one) is the
        owner: a number on both sides must be the same."""
        last = _fold(" ".join(person.prelast_names + person.last_names))
        last_only = _fold(" ".join(person.last_names))
        first = _first_name(person)
        for owner_last, owner_first, owner_number in self.names:
            if owner_last not in (last, last_only) or (
                    number and owner_number and number != owner_number):
                continue
            if not first or not owner_first or first[0] == owner_first[0] and (
                    _is_initial(first) or _is_initial(owner_first) or first == owner_first):
                return True
        return False


def _first_name(person: Person) -> str:
    """The first of a person's given names as written, folded, with an initial's full stop
    kept ("j." for "J."), or "" where none is given."""
    names = person.first_names + person.middle_names
    if not names:
        return ""
    written = latex_to_text(names[0]).strip()
    folded = _fold(written)
    return folded + "." if folded and _is_initial(written) else folded


def _is_initial(name: str) -> bool:
    """"J.", "J", "J.-P.", "JD" (initials run together, as PubMed writes them): not a name
    written in full."""
    letters = "".join(c for c in name if c.isalpha())
    return "." in name or len(letters) <= 1 or (letters.isupper() and len(letters) <= 3)


def is_organization(person: Person) -> bool:
    """``{Engine Team, Acme}``: a name written as one braced group, BibTeX's way of saying
    that it is not a person's first and last names."""
    text = str(person)
    if (person.first_names or person.middle_names or person.prelast_names
            or person.lineage_names or len(person.last_names) != 1):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False  # "{A} b": the first group closes before the end
    return text.startswith("{") and text.endswith("}")


#: DBLP's number of one of several people of one name ("Wei Li 0012"), which its BibTeX ends
#: the name with: zero-padded, so a year ("OpenAI 2023") is not one.
DBLP_HOMONYM = re.compile(r"\b0\d{3}\b")

def without_dblp_number(name: str) -> tuple[str, str]:
    """``name`` without DBLP's number, and the number ("" for none): pybtex reads "Wei Li 0012"
    as the surname "0012" (and gives the name as "0012, Wei Li")."""
    if not DBLP_HOMONYM.search(name):
        return name, ""
    person = Person(name)
    if (len(person.last_names) == 1 and DBLP_HOMONYM.fullmatch(person.last_names[0])
            and not person.prelast_names and not person.lineage_names
            and person.first_names):
        return " ".join(person.first_names + person.middle_names), person.last_names[0]
    return name, ""


class ReadNames(NamedTuple):
    """An ``author`` or ``editor`` field's names (:func:`read_names`)."""

    names: tuple[str, ...]
    #: DBLP's number of each name, "" where it has none: the owner's is told from a namesake's.
    numbers: tuple[str, ...]


#: "et al." (or "Others") written as an author's name, dots, spaces and ties as written.
WRITTEN_OTHERS = re.compile(r"et\.?[\s~]*al\.?|others", re.IGNORECASE)


def read_names(role: str, names: Iterable[str],
               problem: Callable[..., None]) -> ReadNames:
    """The names of an ``author`` or ``editor`` field as pybtex split them, without the "and"
    that separates nothing: ``{ and }`` is one name "and" to pybtex, ``{A and }`` the name
    "A and" (written back "and, A"), ``{A and and B}`` the names "A" and "and B", and
    ``{A and , and B}`` an empty one. A page, a citation tag or a file would name a person
    "and"; the stray word is taken out of the name, a name left empty is left out, and each is
    a gap at the field's line. An "and" in braces (``{Smith and Sons}``) is part of a name,
    and stays. DBLP's number after a name ("Wei Li 0012") tells its people apart, and is not
    part of the name: it is left out, or the pages, the citations ("0012 et al.") and the
    files ("0012, Wei Li") would make it the surname."""
    kept: list[str] = []
    numbers: list[str] = []
    for name in names:
        name, number = without_dblp_number(name)
        words = split_tex_string(name)
        # pybtex writes "A and" back as "and, A": the stray word may carry the comma.
        repaired = " ".join(word for word in words if word.rstrip(",") != "and").rstrip(",")
        if not latex_to_text(repaired).strip(" ,{}"):
            problem(f"{role} has an empty name, an 'and' with no name on one side of it; it is "
                    "left out (remove the extra 'and')", role, gap="names")
            continue
        if repaired != " ".join(words):
            # Named by what is left: pybtex has already turned "A and" into "and, A".
            problem(f"{role} has an 'and' with no name on one side of it, beside the name "
                    f"{repaired!r}; it is read as that name (remove the extra 'and')", role,
                    gap="names")
        kept.append(repaired if repaired != " ".join(words) else name)
        numbers.append(number)
    for index, name in enumerate(kept):
        # "et al." written as a name: BibTeX prints it as a person's, but it means the names
        # not written. Read as the field's "others", the list stays one that names only some.
        text = latex_to_text(name).strip(" {}")
        if name != "others" and WRITTEN_OTHERS.fullmatch(text):
            problem(f"{role} names {text!r} as if it were a person; "
                    "it is read as 'and others', BibTeX's way to say that more names follow "
                    "(write 'and others')", role, gap="names")
            kept[index] = "others"
    if "others" in kept[:-1]:
        # Read on, the names after it would get places the source does not give them.
        after = [latex_to_text(name) for name in kept[kept.index("others") + 1:]]
        problem(f"{role} has 'others' before {', '.join(map(repr, after))}: 'others' stands for "
                "the names not written, and comes last (move it to the end)", role)
    return ReadNames(tuple(kept), tuple(numbers))


def display_name(person: Person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    name = latex_to_text(" ".join(parts))
    if person.lineage_names:
        name += ", " + latex_to_text(" ".join(person.lineage_names))
    return name


def trailing_marks(person: Person, marks: Mapping[str, str]) -> list[str]:
    """The configured symbols at the end of the last name, taken off it, in written order."""
    found: list[str] = []
    while person.last_names:
        last = person.last_names[-1]
        symbol = next((s for s in sorted(marks, key=len, reverse=True)
                       if s and last.endswith(s) and len(last) > len(s)), None)
        if symbol is None:
            break
        person.last_names[-1] = last[: -len(symbol)]
        found.insert(0, symbol)
    return found


def read_contribution(value: str, authors: tuple[Author, ...], owner: str,
                  problem: Callable[[str, str], None]) -> Contribution | None:
    """The ``contribution`` field, checked against the author list; None (warned) if wrong."""
    text = " ".join(latex_to_text(value).split())
    if not text:
        return None
    match = CONTRIBUTION.match(text)
    if match is None:
        problem(f"contribution {text!r} is not understood; write {CONTRIBUTION_FORMS}",
                "contribution")
        return None
    if not owner:
        problem(f"contribution {text!r} needs the owner's name: set academic_owner in conf.py",
                "contribution")
        return None
    if match.group(4):
        role, position, total = "contributor", None, None
    else:
        role = "author"
        position = int(match.group(2)) if match.group(2) else None
        total = int(match.group(3)) if match.group(3) else None
    named = [author for author in authors if not author.is_others]
    listed = next((index for index, author in enumerate(authors, 1) if author.is_owner), None)
    if position is not None and not 1 <= position <= (total or position):
        limit = f"between 1 and {total}" if total else "1 or more"
        problem(f"contribution {text!r}: position {position} is not {limit}; write the "
                "owner's place in the full author list, such as {author 25 of 67}",
                "contribution")
        return None
    if total is not None and total < len(named):
        problem(f"contribution {text!r} gives {total} authors, but the author field already "
                f"names {len(named)}; write the number of authors of the whole list",
                "contribution")
        return None
    if listed is not None and role == "contributor":
        problem(f"contribution {text!r}: the author field names the owner (author {listed}); "
                "{contributor} is for work whose byline does not: remove the field or fix "
                "the author list", "contribution")
        return None
    if listed is not None and position is not None and position != listed:
        problem(f"contribution {text!r}: the author field names the owner as author "
                f"{listed}, not {position}; make the two agree", "contribution")
        return None
    if listed is None and position is not None and position <= len(authors) and not (
            authors[position - 1].is_others):
        problem(f"contribution {text!r}: author {position} in the author field is "
                f"{authors[position - 1].name!r}, not the owner; give the owner's place in the "
                "full author list, or list the authors before him", "contribution")
        return None
    return Contribution(role, owner, position, total)


def equal_contribution_positions(value: str, persons: Mapping[str, tuple[Person, ...]],
                        problem: Callable[[str, str], None]) -> set[int]:
    """Positions (1-based) listed in ``equal_contribution = {1, 2}``."""
    if not value.strip():
        return set()
    count = len(persons.get("author", ()))
    positions = set()
    for item in value.split(","):
        position = ascii_number(item.strip())
        if position is None or not 1 <= position <= count:
            problem(f"equal_contribution {value!r} must list author positions between 1 and "
                    f"{count}, such as {{1, 2}}", "equal_contribution")
            return set()
        positions.add(position)
    return positions
