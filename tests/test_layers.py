"""The extension's layers: each subpackage imports only the layers above it in README's layout
table, ``bib/`` imports nothing of Sphinx, and no module imports itself back through others.

Read from the source (``ast``), not by importing it: a lower layer that imports a higher one
works until the day the higher one imports it back.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "extensions" / "academic"
#: Packages of the Sphinx family, which ``bib/`` must not need (README: "no Sphinx").
SPHINX_PACKAGES = ("sphinx", "sphinxcontrib")


def layer_order(readme: str) -> list[str]:
    """The layers in the order of README's layout table: the rows after
    ``extensions/academic/``'s, up to the first that is not in the package."""
    rows = re.findall(r"^\| `([^`]+)` \|", readme, re.MULTILINE)
    start = rows.index("extensions/academic/") + 1
    order = []
    for row in rows[start:]:
        name = row.removesuffix("/").removesuffix(".py")
        if not ((PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()):
            break
        order.append(name)
    return order


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(root: Path) -> dict[str, set[str]]:
    """Module → the modules of the package it imports (relative imports), and the foreign
    packages it imports under ``"!name"``."""
    modules = {module_name(path, root): path for path in root.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                deps |= {f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules
                         else target for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                deps.add("!" + node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                deps |= {"!" + alias.name.split(".")[0] for alias in node.names}
        found[name] = {dep for dep in deps if dep.startswith("!") or dep in modules} - {name}
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1].removesuffix(".py") if len(parts) > 1 else ""


def violations(root: Path, order: list[str]) -> list[str]:
    """Every import of a lower layer into a higher one, of Sphinx into ``bib/``, and every
    cycle of module imports."""
    graph = imports(root)
    found = []
    for module, deps in sorted(graph.items()):
        own = layer(module)
        for dep in sorted(deps):
            if dep.startswith("!"):
                if own == "bib" and dep[1:] in SPHINX_PACKAGES:
                    found.append(f"{module} imports {dep[1:]}: bib/ knows nothing of Sphinx")
                continue
            other = layer(dep)
            if own in order and other in order and order.index(other) > order.index(own):
                found.append(f"{module} imports {dep}: {other} is a layer below {own}")
    # Cycles: a module reached again from itself (depth-first, each cycle reported once).
    inner = {module: {dep for dep in deps if not dep.startswith("!")}
             for module, deps in graph.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(inner[module]):
            if state.get(dep) == 1:
                found.append("cycle: " + " -> ".join([*path[path.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(inner):
        if module not in state:
            visit(module, [module])
    return found


def test_the_layers_are_readme_s():
    order = layer_order((REPO / "README.md").read_text(encoding="utf-8"))
    assert order[:3] == ["bib", "compat", "config"]
    assert {"citations", "publications", "cv", "site"} <= set(order)


def test_no_layer_imports_a_lower_one_and_nothing_imports_itself_back():
    order = layer_order((REPO / "README.md").read_text(encoding="utf-8"))
    assert violations(PACKAGE, order) == []


def test_the_check_finds_what_it_forbids(tmp_path):
    root = tmp_path / "academic"
    for folder, text in {
        "bib/records.py": "from sphinx.util import logging\nfrom ..site import pages\n",
        "bib/a.py": "from .b import x\n",
        "bib/b.py": "from .a import y\n",
        "site/pages.py": "from ..bib import records\n",
    }.items():
        (root / folder).parent.mkdir(parents=True, exist_ok=True)
        (root / folder).write_text(text)
    for package in ("", "bib", "site"):
        (root / package / "__init__.py").write_text("")
    assert violations(root, ["bib", "site"]) == [
        "academic.bib.records imports sphinx: bib/ knows nothing of Sphinx",
        "academic.bib.records imports academic.site.pages: site is a layer below bib",
        "cycle: academic.bib.a -> academic.bib.b -> academic.bib.a",
        "cycle: academic.bib.records -> academic.site.pages -> academic.bib.records",
    ]
