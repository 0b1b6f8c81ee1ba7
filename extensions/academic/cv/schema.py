"""The CV file's schema: JSON Resume's, with the site's additions, made strict.

The published schema allows any extra field; this one refuses a field it does not know, so
that a misspelt ``startdate`` is a mistake at its line instead of a date missing from the CV
(:mod:`.parsing` checks the file against it). Apart from the reading, as it is data about JSON
Resume's shape, not about a file. Nothing here knows about Sphinx.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

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

#: Where a value is in the file: ("work", 2, "startDate") is work[2].startDate.
DataPath = tuple[str | int, ...]
