"""The CV file read and checked, every problem at its line of the file.

The file is data from outside the code, read as such: YAML (or JSON) with the line of every
value kept, checked against the strict schema (:mod:`.schema`); dates must be real YYYY,
YYYY-MM or YYYY-MM-DD, every ``url`` an http(s) address (:mod:`..bib.urls`, the policy of
every link the site writes), every key of ``papers`` a key of the BibTeX files. A key given
twice is a mistake (YAML would silently keep the second), and anchors and aliases (``&a`` …
``*a``), which a CV never needs, are refused, as is nesting deeper than :data:`MAX_DEPTH`: a
few lines of either could otherwise expand into more data than the machine holds ("billion
laughs"). A character no page, PDF or feed can hold (a control character, written as it is
or by a YAML escape such as ``"\\x01"``, or half of a surrogate pair, ``"\\ud800"``) is a
mistake at its line too.

A bidirectional control a value leaves open (an embedding, an override or an isolate) would
turn around everything the CV page, the PDF and llms-full.txt write after the value: as in
refs.bib (:func:`..bib.characters.bidi_closed`), it is reported at its line and closed where
the value ends, and a closer with nothing open is left out. That alone keeps the CV: every
output is made from the value so closed. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from ..bib.characters import UNWRITABLE, bidi_closed, bidi_problem, character_name
from ..bib.urls import web_link_problem
from .schema import DataPath, known_fields, strict_schema

DATE_FIELDS = frozenset({"startDate", "endDate", "date", "releaseDate", "lastModified"})

DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

#: Deeper than any CV (JSON Resume's deepest value is 4 levels down): the limit keeps a
#: hostile file from exhausting the recursion of the reader.
MAX_DEPTH = 20
#: The most items of one list: a CV's longest (its talks, its prizes) has a few hundred. A
#: bound on the work a file asks of the build, as many short items as a megabyte holds would
#: take the PDF a minute.
MAX_ITEMS = 1_000



class Problem(NamedTuple):
    line: int
    message: str


def where(path: DataPath) -> str:
    """("work", 2, "startDate") → "work[2].startDate"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


class Document(NamedTuple):
    data: Any
    lines: dict[DataPath, int]  #: path of a value → its line (1-based)
    key_lines: dict[DataPath, int]  #: path of a mapping's field → the line of its key
    duplicates: tuple[Problem, ...] = ()  #: keys given twice in one mapping
    #: values with a bidirectional control unmatched, closed where they end: the CV is kept
    unclosed: tuple[Problem, ...] = ()


def structure_problem(text: str) -> Problem | None:
    """An alias, or nesting deeper than :data:`MAX_DEPTH`, before anything is built from the
    file: PyYAML's parser reads events one by one, without recursion or expansion."""
    depth = 0
    lists: list[list[int]] = []  # each open collection: [is a list, items so far]
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if (isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and lists
                and lists[-1][0]):
            lists[-1][1] += 1
            if lists[-1][1] > MAX_ITEMS:
                return Problem(line, f"a list of more than {MAX_ITEMS:,} items: a CV's longest "
                                     "lists a few hundred; keep the CV's facts in it, and "
                                     "longer lists on pages")
        if isinstance(event, yaml.CollectionStartEvent):
            lists.append([int(isinstance(event, yaml.SequenceStartEvent)), 0])
        elif isinstance(event, yaml.CollectionEndEvent):
            lists.pop()
        if isinstance(event, yaml.AliasEvent):
            return Problem(line, f"*{event.anchor} repeats a value by an alias: the CV file "
                                 "takes no anchors (&name) or aliases (*name); write the value "
                                 "out where it is used")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(line, f"nested more than {MAX_DEPTH} levels deep: a CV's "
                                     "values are at most a few levels down; check the "
                                     "indentation there")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def from_node(node: yaml.Node) -> Document:
    """The YAML document as plain data (every scalar a string, so "2019" stays a date), with the
    line of every value and every key (PyYAML's composer keeps the marks); every text value
    with its bidirectional scopes closed where it ends."""
    lines: dict[DataPath, int] = {}
    key_lines: dict[DataPath, int] = {}
    duplicates: list[Problem] = []
    unclosed: list[Problem] = []

    def convert(node: yaml.Node, path: DataPath) -> Any:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if key in mapping:
                    duplicates.append(Problem(line, (
                        f"{where((*path, key))} is given twice (first at line "
                        f"{key_lines[(*path, key)]}): YAML would keep only this one; remove "
                        "or merge one of them")))
                    continue
                key_lines[(*path, key)] = line
                mapping[key] = convert(value_node, (*path, key))
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        text, unmatched = bidi_closed(str(node.value))
        if unmatched:
            unclosed.append(Problem(lines[path], bidi_problem(
                where(path), unmatched, writer="the CV", unit="value")))
        return text

    data = convert(node, ())
    return Document(data, lines, key_lines, tuple(duplicates), tuple(unclosed))


def check_date(text: Any) -> bool:
    match = DATE_TEXT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return "text" if isinstance(value, str) else type(value).__name__

TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping of fields"}


def schema_problem(error: ValidationError, document: Document) -> Problem | None:
    path = tuple(error.absolute_path)
    line = document.lines.get(path, 1)
    name = where(path)
    # iter_errors sets every field of its errors: the stubs' Unset is only the constructor's
    # default. The instance and the rule's value are JSON: any of its types.
    instance: Any = error.instance
    rule: Any = error.validator_value
    if error.validator == "additionalProperties":
        known = known_fields(path)
        extra = [key for key in instance if key not in known]
        key = extra[0]
        line = document.key_lines.get((*path, key), line)
        fields = ", ".join(known)
        return Problem(line, f"unknown field {key!r} in {name}: the fields there are {fields}; "
                             "correct its spelling or remove it")
    if error.validator == "pattern" and path and path[-1] in DATE_FIELDS:
        return None  # reported by check_dates, with a better message
    if error.validator == "type":
        expected = error.validator_value
        wanted = TYPE_NAMES.get(expected, expected) if isinstance(expected, str) else expected
        return Problem(line, f"{name} must be {wanted}, not {describe(error.instance)}")
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return Problem(line, f"{name} has no {missing!r}: add it")
    if error.validator == "enum":
        allowed = ", ".join(str(value) for value in rule)
        return Problem(line, f"{name} is {error.instance!r}: it must be one of: {allowed}")
    return Problem(line, f"{name}: {error.message}")


def fields(document: Document) -> Iterator[tuple[DataPath, Any]]:
    """Every value of the file with its path, depth first, in the file's order."""
    def visit(value: Any, path: DataPath) -> Iterator[tuple[DataPath, Any]]:
        if path:
            yield path, value
        if isinstance(value, dict):
            for key, item in value.items():
                yield from visit(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from visit(item, (*path, index))

    return visit(document.data, ())


def check_dates(document: Document) -> list[Problem]:
    return [Problem(document.lines.get(path, 1),
                    f"{where(path)} is {value!r}, not a date: write it as YYYY, YYYY-MM or "
                    "YYYY-MM-DD (2019, 2019-06, 2019-06-30), or leave it out")
            for path, value in fields(document)
            if path[-1] in DATE_FIELDS and not check_date(value)]


#: How many unknown ``papers`` keys are matched against the BibTeX files' keys for a "did you
#: mean": each match compares the key with every one of them, and a CV of 1,000 unknown keys
#: against 2,000 entries took thirty seconds to check. The others are reported all the same.
MAX_SUGGESTIONS = 20


def check_keys(document: Document, keys: Collection[str]) -> list[Problem]:
    """Every ``papers`` key is a key of the BibTeX files."""
    problems: list[Problem] = []
    known = list(keys)
    for section, items in document.data.items():
        for index, item in enumerate(items if isinstance(items, list) else []):
            papers = item.get("papers") if isinstance(item, dict) else None
            for position, key in enumerate(papers if isinstance(papers, list) else []):
                if not isinstance(key, str) or key in keys:
                    continue
                if len(problems) >= MAX_SUGGESTIONS:
                    hint = ("check its spelling, add the entry to the BibTeX file, or remove "
                            "the key")
                else:
                    close = difflib.get_close_matches(key, known, n=1)
                    hint = (f"did you mean {close[0]!r}?" if close
                            else "add the entry to the BibTeX file, or remove the key")
                path = (section, index, "papers", position)
                problems.append(Problem(document.lines.get(path, 1),
                                        f"{where(path)} is {key!r}, not a key of the BibTeX "
                                        f"files: {hint}"))
    return problems


def check_characters(document: Document) -> list[Problem]:
    """No value holds a character a page, the PDF or a feed cannot: only an escape of YAML
    or JSON writes one (PyYAML refuses it written as it is, :func:`parse`)."""
    problems = []
    for path, value in fields(document):
        found = UNWRITABLE.search(value) if isinstance(value, str) else None
        if found is not None:
            problems.append(Problem(document.lines.get(path, 1), (
                f"{where(path)} has {character_name(found.group())}, which no page or PDF "
                "can show; remove the escape that writes it")))
    return problems


def check_urls(document: Document) -> list[Problem]:
    """Every ``url`` (of basics, a profile, a job, a school, a talk…) is an http(s) address: the
    pages, the JSON-LD and the PDF make each a link."""
    problems = []
    for path, value in fields(document):
        if path[-1] == "url" and isinstance(value, str):
            problem = web_link_problem(value.strip())
            if problem is not None:
                problems.append(Problem(document.lines.get(path, 1), f"{where(path)}: {problem}"))
    return problems


def parse(text: str, keys: Collection[str] | None = None) -> tuple[Any, list[Problem]]:
    """The CV's data, and every problem of the file (data is None when there is one, but for
    a bidirectional control left unmatched, which is closed in the data); with ``keys``, the
    ``papers`` keys are checked against them."""
    try:
        refused = structure_problem(text)
        if refused is not None:
            return None, [refused]
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # JSON is YAML too
    except yaml.reader.ReaderError as error:
        # A character YAML takes only as an escape: its position in the text is known.
        line = text.count("\n", 0, error.position) + 1
        return None, [Problem(line, f"{character_name(chr(error.character))} is on this "
                                    "line, which a YAML file cannot hold; remove it")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(line, f"not valid YAML: {error.problem or error}; check the "
                                    "indentation and quoting there")]
    if node is None:
        return None, [Problem(1, "the CV file is empty: give at least basics: name:")]
    document = from_node(node)
    if not isinstance(document.data, dict):
        return None, [Problem(1, "the CV file must be a mapping of sections (basics:, work:, "
                                 "education:...), as JSON Resume's")]
    problems = [*document.duplicates, *check_dates(document), *check_urls(document),
                *check_characters(document)]
    if keys is not None:
        problems += check_keys(document, keys)
    validator = Draft7Validator(strict_schema())
    for invalid in validator.iter_errors(document.data):
        problem = schema_problem(invalid, document)
        if problem is not None:
            problems.append(problem)
    mistakes = bool(problems)
    problems = sorted([*problems, *document.unclosed])
    return (None if mistakes else document.data), problems


@dataclass(frozen=True)
class CV:
    data: dict[str, Any]
    digest: str  #: of the file's text: what the pages made from it depend on

    def items(self, section: str) -> list[dict[str, Any]]:
        return list(self.data.get(section) or [])

    @property
    def name(self) -> str:
        return str((self.data.get("basics") or {}).get("name", ""))

    @property
    def summary(self) -> str:
        """``basics.summary``, on one line: the owner's own sentence about his work."""
        return " ".join(str((self.data.get("basics") or {}).get("summary", "")).split())
