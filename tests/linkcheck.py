"""Internal links of a built site that lead nowhere: paths and #fragments, of every HTML file.

A reusable helper for tests: ``broken_links(outdir)`` reads every HTML file under ``outdir`` once
(with lxml's HTML parser), gathers the ids each one defines, and checks every ``href`` and
``src`` that stays on the site: the file it names must exist (``folder/`` is the folder's
``index.html``, as a dirhtml build writes it) and its fragment must be an id of that file.
``broken_search_targets(outdir)`` does the same for the objects of Sphinx's search index, whose
links the browser makes from a page name and an anchor.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

#: Attributes that hold a link to another file, by element.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
                   "iframe": "src", "area": "href"}


def _target_file(outdir: Path, page: Path, path: str) -> Path | None:
    """The file a link's path names, relative to ``page``, or None when there is none."""
    if path.startswith("/"):  # from the site's root (the 404 page's links)
        target = (outdir / unquote(path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return None
    return target


def _ids(tree) -> set[str]:
    return {str(value) for value in tree.xpath("//@id | //a/@name")}


def broken_links(outdir: str | Path) -> list[str]:
    """Every internal link of the site that leads nowhere, as ``page: link``, sorted."""
    outdir = Path(outdir).resolve()
    pages = {path.resolve(): lxml.html.parse(str(path))
             for path in sorted(outdir.rglob("*.html"))}
    ids: dict[Path, set[str]] = {}
    broken = []
    for page, tree in pages.items():
        for element in tree.iter(*LINK_ATTRIBUTES):
            link = element.get(LINK_ATTRIBUTES[element.tag])
            if link is None:
                continue
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue  # another site, mailto:, data:, javascript:
            target = _target_file(outdir, page, parts.path)
            where = f"{page.relative_to(outdir).as_posix()}: {link}"
            if target is None:
                broken.append(where)
                continue
            fragment = unquote(parts.fragment)
            if not fragment or fragment == "top":  # "#top" is the browser's own
                continue
            if target.suffix != ".html":
                continue
            if target not in ids:
                tree_of_target = pages.get(target) or lxml.html.parse(str(target))
                ids[target] = _ids(tree_of_target)
            if fragment not in ids[target]:
                broken.append(where)
    return sorted(broken)


def _doc_file(outdir: Path, docname: str) -> Path | None:
    for candidate in (outdir / f"{docname}.html", outdir / docname / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def broken_search_targets(outdir: str | Path) -> list[str]:
    """Objects of searchindex.js whose page or anchor does not exist, as ``docname#anchor``.

    Sphinx stores an anchor equal to the object's name as "" and one equal to
    ``type-name`` as "-"; the search page rebuilds them the same way.
    """
    outdir = Path(outdir)
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text.removeprefix("Search.setIndex(").removesuffix(")"))
    docnames = index["docnames"]
    types = index["objtypes"]
    broken = []
    ids: dict[Path, set[str]] = {}
    for prefix, objects in index["objects"].items():
        for docindex, typeindex, _priority, anchor, name in objects:
            fullname = f"{prefix}.{name}" if prefix else name
            if anchor == "":
                anchor = fullname
            elif anchor == "-":
                anchor = f"{types[str(typeindex)].split(':')[-1]}-{fullname}"
            file = _doc_file(outdir, docnames[docindex])
            where = f"{docnames[docindex]}#{anchor}"
            if file is None:
                broken.append(where)
                continue
            if file not in ids:
                ids[file] = _ids(lxml.html.parse(str(file)))
            if anchor not in ids[file]:
                broken.append(where)
    return sorted(broken)
