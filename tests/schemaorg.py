"""Check JSON-LD against the schema.org vocabulary kept in tests/data/ (no validator online).

Every ``@type`` must be a schema.org type; every property one that exists, that applies to the
type of the object it is on (or to a type that type extends), and whose value is of a type the
property takes: an object of one of its range types, or text where it takes a data type.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

VOCABULARY = Path(__file__).parent / "data" / "schemaorg-vocabulary.json"
#: schema.org's data types, written as JSON strings and numbers.
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float",
              "Boolean", "CssSelectorType", "XPathType", "PronounceableText"}
KEYWORDS = {"@context", "@type", "@id"}


@cache
def vocabulary() -> dict[str, Any]:
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


def ancestors(kind: str) -> set[str]:
    """The type and every type it extends."""
    types = vocabulary()["types"]
    seen, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += types.get(current, [])
    return seen


def problems(data: Any, where: str = "$") -> list[str]:
    """What in ``data`` is not schema.org: an empty list when all of it is."""
    if isinstance(data, list):
        return [p for index, item in enumerate(data) for p in problems(item, f"{where}[{index}]")]
    if not isinstance(data, dict):
        return []
    found = []
    kind = data.get("@type")
    if not isinstance(kind, str) or kind not in vocabulary()["types"]:
        return [f"{where}: @type {kind!r} is not a schema.org type"]
    lineage = ancestors(kind)
    for name, value in data.items():
        if name in KEYWORDS:
            continue
        spec = vocabulary()["properties"].get(name)
        if spec is None:
            found.append(f"{where}.{name}: no such schema.org property")
            continue
        if not lineage & set(spec["domains"]):
            found.append(f"{where}.{name}: does not apply to {kind} (only {spec['domains']})")
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{where}.{name}[{index}]"
            if isinstance(item, dict):
                if not ancestors(str(item.get("@type"))) & set(spec["ranges"]):
                    found.append(f"{at}: a {item.get('@type')} where {name} takes "
                                 f"{spec['ranges']}")
                found += problems(item, at)
            elif not set(spec["ranges"]) & DATA_TYPES:
                found.append(f"{at}: text where {name} takes {spec['ranges']}")
    return found
