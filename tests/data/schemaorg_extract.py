"""Write schemaorg-vocabulary.json: schema.org's types and properties, from an official release.

Usage: python tests/data/schemaorg_extract.py schemaorg-current-https.jsonld RELEASE > \
tests/data/schemaorg-vocabulary.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def ids(value) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return sorted(item["@id"].removeprefix("schema:") for item in items
                  if item["@id"].startswith("schema:"))


def main(path: str, release: str) -> None:
    graph = json.loads(Path(path).read_text(encoding="utf-8"))["@graph"]
    types, properties = {}, {}
    for node in graph:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds:
            types[name] = ids(node.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            properties[name] = {"domains": ids(node.get("schema:domainIncludes")),
                                "ranges": ids(node.get("schema:rangeIncludes"))}
    # One type or property a line, so that a new release's changes read as a diff.
    def lines(table: dict) -> str:
        return ",\n".join(f"  {json.dumps(key)}: {json.dumps(table[key], sort_keys=True)}"
                           for key in sorted(table))
    sys.stdout.write(f'{{"release": {json.dumps(release)},\n"types": {{\n{lines(types)}\n}},\n'
                     f'"properties": {{\n{lines(properties)}\n}}}}\n')


if __name__ == "__main__":
    main(*sys.argv[1:3])
