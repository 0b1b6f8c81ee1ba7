"""The CV: one data file in JSON Resume's shape, and every view of it.

``academic_cv = "cv.yaml"`` in conf.py names the file (YAML or JSON, beside conf.py). Its shape is
the JSON Resume schema's (``basics``, ``work``, ``education``, ``awards``, ``interests``...),
as al-folio's ``resume.json``, with a few additions for an academic: ``teaching`` (courses),
``talks``, ``category: music`` on an award, and ``papers`` (keys of the BibTeX files) on a job,
a school, a course, an award or a talk. The file is checked at every build against the
schema shipped in ``cv/jsonresume-schema.json``, made strict: a field the schema does not
know is a mistake (a misspelt ``startdate`` would otherwise vanish from the CV), and so is a date
that is not a real YYYY, YYYY-MM or YYYY-MM-DD. Every problem is reported at its line of the file.

The file is data from outside the code, read as such: every ``url`` must be an http(s) address
(:mod:`..bib.urls`, the policy of every link the site writes), a key given twice is a mistake
(YAML would silently keep the second), and anchors and aliases (``&a`` … ``*a``), which a CV
never needs, are refused, as is nesting deeper than :data:`MAX_DEPTH`: a few lines of either
could otherwise expand into more data than the machine holds ("billion laughs").

Made from it:

* the ``cv`` directive: ``{cv} career`` (the work, then the education, one line each: the home
  page's Career list), ``contact`` (location, email, phone, site and profiles, as far as the
  file gives them), ``work``, ``education``, ``teaching`` (``:subject:`` picks one subject),
  ``awards`` (``:category: music`` for the music ones), ``talks``, ``interests``,
  ``publications`` (the entries of the BibTeX files, newest first, "Selected" ones marked: all,
  or those of ``:keyword:``, ``:type:`` and ``:year:``) and ``pdf`` (the link to the PDF).
  ``:no-search:`` keeps a list out of the search index: the CV page repeats facts whose own
  page (Teaching, Honors...) must come first in a search;
* the home page's JSON-LD ``Person`` (:func:`person`): ``worksFor`` is the first work item (the
  file lists newest first; an item without ``endDate`` is not taken as current, since most
  items have no dates at all), ``alumniOf`` every institution, ``sameAs`` every profile's URL;
* the PDF (:mod:`.cv_pdf`).

Lists keep the file's order; nothing is sorted by date, since few items have one.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import functools
import hashlib
import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..bib.model import Publication
from ..bib.source import NotUTF8, decode
from ..bib.urls import kind_of, web_link_problem
from ..citations import styles
from ..publications.domain import Selection, academic_domain, publication_xref
from ..publications.listing import kinds, year_range
from ..publications.nodes import summary_nodes

logger = logging.getLogger(__name__)

#: The JSON Resume schema, draft-07, as published in the npm package ``@jsonresume/schema``
#: 1.3.1 (MIT licence, beside it), unchanged.
SCHEMA_FILE = Path(__file__).parent / "jsonresume-schema.json"

_DATE = {"$ref": "#/definitions/iso8601"}
_TEXT = {"type": "string"}
#: Keys of the BibTeX files: the papers of a job, a course, an award or a talk.
_PAPERS = {"type": "array", "items": {"type": "string"},
           "description": "Keys of refs.bib entries, cited on the CV page and in the PDF"}

#: The site's additions to JSON Resume (its schema allows any extra field; this one is strict).
ADDITIONS: dict[str, dict[str, Any]] = {
    "teaching": {
        "type": "array",
        "description": "Courses taught or assisted, in the order shown",
        "items": {
            "type": "object",
            "required": ["course"],
            "properties": {
                "course": {**_TEXT, "description": "The course's code, e.g. COMS 4771"},
                "name": {**_TEXT, "description": "The course's name, e.g. Machine Learning"},
                "role": {**_TEXT, "description": "e.g. Head teaching assistant"},
                "institution": _TEXT,
                "subject": {**_TEXT, "description": "A group of courses, for :subject:"},
                "startDate": _DATE,
                "endDate": _DATE,
                "papers": _PAPERS,
            },
        },
    },
    "talks": {
        "type": "array",
        "description": "Talks and presentations, in the order shown",
        "items": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": _TEXT, "date": _DATE, "url": {**_TEXT, "format": "uri"},
                           "summary": _TEXT, "papers": _PAPERS},
        },
    },
}
#: Where the strict schema allows a field JSON Resume lacks: (section, field) → its schema.
ITEM_ADDITIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("awards", "category"): {"enum": ["music"],
                             "description": "music: listed with the music, not the honors"},
    ("interests", "summary"): _TEXT,
    ("work", "papers"): _PAPERS,
    ("education", "papers"): _PAPERS,
    ("awards", "papers"): _PAPERS,
}

DATE_FIELDS = frozenset({"startDate", "endDate", "date", "releaseDate", "lastModified"})
DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Deeper than any CV (JSON Resume's deepest value is 4 levels down): the limit keeps a
#: hostile file from exhausting the recursion of the reader.
MAX_DEPTH = 20

SECTIONS = ("career", "contact", "work", "education", "teaching", "awards", "talks",
            "interests", "publications", "pdf")
#: What ``basics.email`` must look like to become a mailto: link (else it is shown as text).
EMAIL = re.compile(r"^[^@\s<>\"':/]+@[^@\s<>\"':/]+\.[^@\s<>\"':/]+$")
#: The options of ``{cv} publications`` and keys of ``academic_cv_pdf_publications``.
SELECTION_OPTIONS = ("keyword", "type", "year")


#: Where a value is in the file: ("work", 2, "startDate") is work[2].startDate.
DataPath = tuple[str | int, ...]


class Problem(NamedTuple):
    line: int
    message: str


# --- the schema ---------------------------------------------------------------------------------


def _close(schema: Any) -> None:
    """additionalProperties: false on every object of the schema that lists its properties."""
    if isinstance(schema, dict):
        if "properties" in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            _close(value)
    elif isinstance(schema, list):
        for value in schema:
            _close(value)


@functools.cache
def strict_schema() -> dict[str, Any]:
    """JSON Resume's schema with the site's additions, every object closed to unknown fields."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema = copy.deepcopy(schema)
    schema["properties"].update(copy.deepcopy(ADDITIONS))
    for (section, field), rule in ITEM_ADDITIONS.items():
        schema["properties"][section]["items"]["properties"][field] = copy.deepcopy(rule)
    _close(schema)
    return schema


def known_fields(path: DataPath) -> list[str]:
    """The fields the strict schema allows in the object at ``path``."""
    schema = strict_schema()
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(part, {})
        if "$ref" in schema:
            schema = strict_schema()["definitions"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


# --- reading the file, with its line numbers ----------------------------------------------------


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


def structure_problem(text: str) -> Problem | None:
    """An alias, or nesting deeper than :data:`MAX_DEPTH`, before anything is built from the
    file: PyYAML's parser reads events one by one, without recursion or expansion."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 1
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
    line of every value and every key (PyYAML's composer keeps the marks)."""
    lines: dict[DataPath, int] = {}
    key_lines: dict[DataPath, int] = {}
    duplicates: list[Problem] = []

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
        return str(node.value)

    data = convert(node, ())
    return Document(data, lines, key_lines, tuple(duplicates))


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


def check_keys(document: Document, keys: Collection[str]) -> list[Problem]:
    """Every ``papers`` key is a key of the BibTeX files."""
    problems = []
    for section, items in document.data.items():
        for index, item in enumerate(items if isinstance(items, list) else []):
            papers = item.get("papers") if isinstance(item, dict) else None
            for position, key in enumerate(papers if isinstance(papers, list) else []):
                if not isinstance(key, str) or key in keys:
                    continue
                close = difflib.get_close_matches(key, list(keys), n=1)
                hint = (f"did you mean {close[0]!r}?" if close
                        else "add the entry to the BibTeX file")
                path = (section, index, "papers", position)
                problems.append(Problem(document.lines.get(path, 1),
                                        f"{where(path)} is {key!r}, not a key of the BibTeX "
                                        f"files: {hint}"))
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
    """The CV's data, and every problem of the file (data is None when there is one); with
    ``keys``, the ``papers`` keys are checked against them."""
    try:
        refused = structure_problem(text)
        if refused is not None:
            return None, [refused]
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # JSON is YAML too
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
    problems = [*document.duplicates, *check_dates(document), *check_urls(document)]
    if keys is not None:
        problems += check_keys(document, keys)
    validator = Draft7Validator(strict_schema())
    for invalid in validator.iter_errors(document.data):
        problem = schema_problem(invalid, document)
        if problem is not None:
            problems.append(problem)
    problems.sort()
    return (None if problems else document.data), problems


# --- the data, kept between builds ------------------------------------------------------------


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


class CVDomain(Domain):
    """The CV data of this build (None when the file has a problem, or there is none)."""

    name = "academic-cv"
    label = "CV"
    initial_data: ClassVar[dict[str, Any]] = {"cv": None, "path": "", "previous_digest": ""}

    def clear_doc(self, docname: str) -> None:
        pass

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.data["cv"] = otherdata.get("cv") or self.data["cv"]

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element,
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no cross-reference targets of its own


def home_page_if_changed(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                         removed: Set[str]) -> Sequence[str]:
    """The home page's JSON-LD Person is made from the file: when the file changed, the home
    page is written again (the pages with a ``cv`` directive depend on the file already)."""
    domain = env.get_domain("academic-cv")
    found = domain.data["cv"]
    digest = found.digest if found is not None else ""
    if digest != domain.data.get("previous_digest", "") and env.config.root_doc in env.found_docs:
        return [env.config.root_doc]
    return []


def cv_of(env: BuildEnvironment) -> CV | None:
    cv: CV | None = env.get_domain("academic-cv").data["cv"]
    return cv


def cv_path(app: Sphinx) -> Path | None:
    name = app.config.academic_cv
    return (Path(app.confdir) / name).resolve() if name else None


def load_cv(app: Sphinx) -> None:
    """Read and check the file once a build, once the BibTeX files are (their keys are
    checked), before Sphinx decides which pages to read again."""
    env = app.env
    domain = env.get_domain("academic-cv")
    previous = domain.data["cv"]
    domain.data["previous_digest"] = previous.digest if previous is not None else ""
    domain.data["cv"] = None
    path = cv_path(app)
    domain.data["path"] = str(path or "")
    if path is None:
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        logger.warning(f"cannot read the CV file {path}: {error.strerror}; fix academic_cv in "
                       "conf.py", type="academic", subtype="cv")
        return
    try:
        text = decode(raw)
    except NotUTF8 as error:
        logger.warning(error.message, location=f"{path}:{error.line}", type="academic",
                       subtype="cv")
        return
    data, problems = parse(text, academic_domain(env).entries.keys())
    for problem in problems:
        logger.warning(problem.message, location=f"{path}:{problem.line}", type="academic",
                       subtype="cv")
    if data is not None:
        digest = hashlib.sha256(text.encode()).hexdigest()
        domain.data["cv"] = CV(data, digest)


# --- text of the items, shared by the pages and the PDF --------------------------------------


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


def section_lines(cv: CV, section: str, *, subject: str = "", category: str = "") -> list[Line]:
    """The lines of one section of the CV (``career``: work then education, one line each)."""
    if section == "career":
        return ([work_line(item, highlights=False) for item in cv.items("work")]
                + [education_line(item)._replace(highlights=())
                   for item in cv.items("education")])
    makers = {"work": work_line, "education": education_line, "teaching": teaching_line,
              "awards": award_line, "talks": talk_line, "interests": interest_line}
    if section not in makers:
        raise ValueError(section)
    items = cv.items(section)
    if section == "teaching" and subject:
        items = [item for item in items if item.get("subject", "") == subject]
    if section == "awards":
        items = [item for item in items if item.get("category", "") == category]
    return [makers[section](item)._replace(papers=tuple(item.get("papers") or ()))
            for item in items]


# --- the JSON-LD Person -------------------------------------------------------------------------


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
        items.append((email, f"mailto:{email}" if EMAIL.match(email) else ""))
    phone = str(basics.get("phone") or "").strip()
    if phone:
        digits = re.sub(r"[^\d+]", "", phone)
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


def publication_selection(options: Mapping[str, str]) -> Selection:
    """The publications a CV lists: ``keyword`` (such as selected), ``type`` (paper, report,
    software), ``year`` (2021 or 2020-2022); ValueError naming the option that is wrong."""
    unknown = [name for name in options if name not in SELECTION_OPTIONS]
    if unknown:
        raise ValueError(f"unknown option {unknown[0]!r}: use "
                         f"{', '.join(SELECTION_OPTIONS)}")
    try:
        wanted = kinds(options["type"]) if "type" in options else None
    except ValueError as error:
        raise ValueError(f"type {error}") from None
    try:
        years = year_range(options["year"]) if "year" in options else None
    except ValueError as error:
        raise ValueError(f"year {error}") from None
    return Selection(str(options.get("keyword", "")).strip().lower(), wanted, years)


def profile_urls(cv: CV) -> list[str]:
    """The owner's profile URLs: JSON-LD ``sameAs``."""
    return [url for _, url in profile_links(cv)]


def person(cv: CV) -> dict[str, Any]:
    """schema.org Person properties: name, description, jobTitle, worksFor, alumniOf,
    sameAs."""
    found: dict[str, Any] = {}
    if cv.name:
        found["name"] = cv.name
    if cv.summary:
        found["description"] = cv.summary
    work = cv.items("work")
    if work:
        if work[0].get("position"):
            found["jobTitle"] = work[0]["position"]
        found["worksFor"] = {"@type": "Organization", "name": work[0].get("name", "")}
    schools = [{"@type": "CollegeOrUniversity", "name": item["institution"]}
               for item in cv.items("education") if item.get("institution")]
    if schools:
        found["alumniOf"] = schools[0] if len(schools) == 1 else schools
    if profile_urls(cv):
        found["sameAs"] = profile_urls(cv)
    return found


# --- the directive ------------------------------------------------------------------------------


def pdf_name(cv: CV) -> str:
    """"jacob-austin-cv.pdf": a name that still says whose CV it is in a downloads folder."""
    slug = re.sub(r"[^a-z0-9]+", "-", cv.name.lower()).strip("-")
    return f"{slug}-cv.pdf" if slug else "cv.pdf"


def paper_label(entry: Publication | None, key: str) -> str:
    """"Austin et al., 2020", as the site's citations name a paper."""
    if entry is None:
        return key
    return ", ".join(part for part in (entry.short_authors or entry.title_text,
                                       entry.year_label) if part)


def line_item(line: Line, entries: Mapping[str, Publication]) -> nodes.list_item:
    paragraph = nodes.paragraph()
    head: nodes.Node = (nodes.strong(line.head, line.head) if line.strong
                        else nodes.Text(line.head))
    if line.url:
        head = nodes.reference("", "", head, refuri=line.url)
    paragraph += head
    if line.rest:
        paragraph += nodes.Text(f" — {line.rest}")
    for position, key in enumerate(line.papers):
        paragraph += nodes.Text(" Papers: " if position == 0 else "; ")
        label = paper_label(entries.get(key), key)
        paragraph += publication_xref(key, nodes.inline(label, label), page=True)
    if line.papers:
        paragraph += nodes.Text(".")
    item = nodes.list_item("", paragraph)
    if line.highlights:
        item += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph(text, text))
                                        for text in line.highlights))
    return item


class CVDirective(SphinxDirective):
    """One section of the CV, from the CV file: ``{cv} career``, ``{cv} teaching``..."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "subject": directives.unchanged_required,
        "category": directives.unchanged_required,
        "no-search": directives.flag,
        # publications: which entries (as the publications list's options)
        "keyword": directives.unchanged_required,
        "type": directives.unchanged_required,
        "year": directives.unchanged_required,
    }

    def warn(self, message: str) -> list[nodes.Node]:
        logger.warning(message, location=self.get_location(), type="academic", subtype="cv")
        return []

    def run(self) -> list[nodes.Node]:
        section = self.arguments[0].strip()
        if section not in SECTIONS:
            return self.warn(f"cv: unknown section {section!r}: use one of "
                             f"{', '.join(SECTIONS)}")
        if not self.config.academic_cv:
            return self.warn("cv: no CV file: set academic_cv in conf.py (e.g. 'cv.yaml')")
        self.env.note_dependency(self.env.get_domain("academic-cv").data["path"])
        cv = cv_of(self.env)
        if cv is None:  # the file's problems are reported at its lines
            return []
        classes = ["academic-cv", f"academic-cv-{section}"]
        if "no-search" in self.options:
            classes.append("no-search")  # Sphinx's indexer skips such nodes
        if section == "pdf":
            return [self.pdf_link(cv, classes)]
        if section == "publications":
            return self.publications(classes)
        if section == "contact":
            return self.contact(cv, classes)
        lines = section_lines(cv, section, subject=self.options.get("subject", ""),
                              category=self.options.get("category", ""))
        # A cited entry's label may change: the page is read again then.
        academic_domain(self.env).note_shown(self.env.docname,
                                             (key for line in lines for key in line.papers))
        if not lines:
            return self.warn(f"cv {section}: nothing to list: the CV file has no such items"
                             + (" (check :subject: and :category:)" if self.options else ""))
        entries = academic_domain(self.env).entries
        return [nodes.bullet_list("", *(line_item(line, entries) for line in lines),
                                  classes=classes)]

    def pdf_link(self, cv: CV, classes: list[str]) -> nodes.Node:
        text = f"{cv.name}'s CV as a PDF" if cv.name else "This CV as a PDF"
        reference = nodes.reference(text, text, refuri=pdf_name(cv), academic_cv_pdf=pdf_name(cv))
        return nodes.paragraph("", "", reference, classes=classes)

    def contact(self, cv: CV, classes: list[str]) -> list[nodes.Node]:
        """Where the owner is and how to reach him, as the file gives it: nothing when it gives
        none (a CV without an address is no mistake)."""
        items = contact_items(cv)
        if not items:
            return []
        paragraph = nodes.paragraph(classes=classes)
        for position, (text, url) in enumerate(items):
            if position:
                paragraph += nodes.Text(" · ")
            paragraph += (nodes.reference(text, text, refuri=url) if url
                          else nodes.Text(text))
        return [paragraph]

    def publications(self, classes: list[str]) -> list[nodes.Node]:
        """The entries newest first (all, or those of ``:keyword:``, ``:type:``, ``:year:``), as
        the compact lists show them; "Selected" ones marked. Not a citation target (the
        Publications page is), so no anchor is duplicated."""
        domain = academic_domain(self.env)
        try:
            selection = publication_selection(
                {name: self.options[name] for name in SELECTION_OPTIONS if name in self.options})
        except ValueError as error:
            domain.note_listing(self.env.docname, Selection())  # read again until fixed
            return self.warn(f"cv publications: {error}")
        domain.note_listing(self.env.docname, selection)  # an entry added: read again
        entries = sorted((entry for entry in domain.entries.values()
                          if selection.matches(entry)), key=styles.newest_first)
        if not entries and selection != Selection():  # none at all: a site without papers
            return self.warn("cv publications: no entry matches the options given; check "
                             ":keyword:, :type: and :year:")
        domain.note_shown(self.env.docname, (entry.key for entry in entries))
        listing = nodes.enumerated_list(classes=["academic-publications", "compact", *classes])
        for entry in entries:
            parts = summary_nodes(entry, link_to_page=bool(self.config.academic_paper_pages_dir),
                                  max_authors=self.config.academic_max_authors)
            title = parts[0]
            if "selected" in entry.keywords and isinstance(title, nodes.Element):
                title += nodes.Text(" ")
                title += nodes.inline("Selected", "Selected", classes=["academic-selected"])
            listing += nodes.list_item("", *parts, classes=["academic-entry"])
        return [listing]


def link_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The PDF is at the site's root: its address from this page."""
    if app.builder.format != "html":
        return
    for node in doctree.findall(nodes.reference):
        if "academic_cv_pdf" in node:
            node["refuri"] = relative_uri(app.builder.get_target_uri(docname),
                                          node["academic_cv_pdf"])


def setup(app: Sphinx) -> None:
    app.add_domain(CVDomain)
    app.add_directive("cv", CVDirective)
    # After the BibTeX files are loaded (bibfiles: builder-inited, priority 400).
    app.connect("builder-inited", load_cv, priority=600)
    app.connect("env-get-outdated", home_page_if_changed)
    app.connect("doctree-resolved", link_pdf)
