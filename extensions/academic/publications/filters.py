"""Filters on a publications list: by year, type, topic and "selected", combinable, each value
with its count, the choice in the page's address (``?year=2021&type=preprint&topic=code``).

The page holds the whole list: each entry says what it is filtered by in data attributes of
its ``<li>`` (``data-year``, ``data-type``, ``data-topics``, ``data-selected``), which is all
the script reads: no second copy of the bibliography in JSON, and nothing to fetch. The form
before the years is written in the page, each value with its count in the whole list, so that
it shows from the first paint, as it will stay (a form that appeared once the script ran would
push the list down under a reader's eyes: a layout shift); ``academic-filters.js`` filters.
Without JavaScript a ``<noscript>`` style in the page's head hides it (:data:`NO_SCRIPT`): the
whole list shows, and no control that could not work.

A facet is offered only where it can narrow the list (two years or more; a topic that not
every entry has; "selected" when some entries are and some are not); a list where none can has
no form. ``academic_publication_filters = False`` in conf.py turns the filters off, and
``:no-filters:`` turns them off for one list; compact lists (the home page's selection) have
none.

The type is the model's (:attr:`.Display.work_type`), the topics are the ``keywords`` but
``selected`` (:attr:`.Display.topics`).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from ..bib.display import WORK_TYPES, display_of
from ..bib.model import Publication

#: An undated entry's year in the address (``?year=undated``).
UNDATED = "undated"
#: For the page's head: without JavaScript, no filters.
NO_SCRIPT = ("<noscript><style>form.academic-filters { display: none !important; }</style>"
             "</noscript>")
#: Facets in the order the form offers them: (name in the address, label).
FACETS = (("year", "Year"), ("type", "Type"), ("topic", "Topic"))


class entry_item(nodes.list_item):  # noqa: N801 (docutils names nodes so)
    """An entry of a full list, with what the filters read (``filter_data``) as the HTML
    ``<li>``'s data attributes. Other builders write it as any list item (Sphinx's translators
    dispatch by the node's classes in order)."""


class publication_filters(nodes.General, nodes.Element):
    """The filters' form (HTML only): ``facets`` holds, for each facet offered, its name, its
    label and its values as (value, label, count); ``selected`` the count of selected entries
    (0: not offered); ``total`` the number of entries."""


def year_value(entry: Publication) -> str:
    return str(entry.year) if entry.year else UNDATED


def filter_data(entry: Publication) -> dict[str, str]:
    """What the filters read of an entry, as data attributes: topics joined by commas (a
    keyword never holds one: the field is split at them)."""
    model = display_of(entry)
    data = {"data-year": year_value(entry), "data-type": model.work_type}
    if model.topics:
        data["data-topics"] = ",".join(value for value, _label in model.topics)
    if model.selected:
        data["data-selected"] = ""
    return data


#: From this many entries, a list's entries off screen are not laid out until they come near
#: (CSS ``content-visibility``): their estimated height moves the page a little as it opens.
LONG_LIST = 200


def filters_node(entries: list[Publication]) -> publication_filters | None:
    """The form for a list of ``entries`` (newest first), or None when no facet can narrow it."""
    total = len(entries)
    models = [display_of(entry) for entry in entries]
    years = Counter(year_value(entry) for entry in entries)
    year_values = [(value, "Undated" if value == UNDATED else value, count)
                   for value, count in years.items()]  # newest first, as the list
    types = Counter(model.work_type for model in models)
    type_values = [(value, label, types[value]) for value, label in WORK_TYPES.items()
                   if value in types]
    topics: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for model in models:
        for value, label in model.topics:
            topics[value] += 1
            labels.setdefault(value, label)
    topic_values = [(value, labels[value], topics[value])
                    for value in sorted(topics, key=lambda value: (labels[value].lower(), value))]
    selected = sum(model.selected for model in models)

    offered = []
    for (name, label), values in zip(FACETS, (year_values, type_values, topic_values),
                                     strict=True):
        # A facet narrows the list if some value of it is not every entry's.
        if any(count < total for _value, _label, count in values):
            offered.append((name, label, values))
    selected = selected if 0 < selected < total else 0
    if not offered and not selected:
        return None
    return publication_filters(facets=offered, selected=selected, total=total)


def _option(value: str, label: str, count: int) -> str:
    return f'<option value="{html.escape(value)}">{html.escape(label)} ({count})</option>'


def visit_filters_html(translator: HTML5Translator, node: publication_filters) -> None:
    total = node["total"]
    # A long list lays out only the entries on screen (academic-filters.css): a choice then
    # costs a fraction; a short one is laid out whole, so nothing moves as it opens.
    long = " academic-long" if total >= LONG_LIST else ""
    parts = [f'<form class="academic-filters{long}">',
             '<fieldset><legend>Filter the list</legend>']
    for name, label, values in node["facets"]:
        options = "".join(_option(*value) for value in values)
        parts.append(f'<label class="academic-filter"><span>{html.escape(label)}</span>'
                     f'<select name="{name}">{_option("", "All", total)}{options}</select></label>')
    if node["selected"]:
        parts.append('<label class="academic-filter-check"><input type="checkbox" '
                     'name="selected" value="1"><span>Selected '
                     f'<span class="academic-filter-count">({node["selected"]})</span></span>'
                     '</label>')
    parts.append('<button type="button" class="academic-filters-clear" hidden="">Clear</button>'
                 '</fieldset>')
    noun = "publication" if total == 1 else "publications"
    parts.append(f'<p class="academic-filters-status" role="status">{total} of {total} {noun}'
                 '</p></form>\n')
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def visit_entry_html(translator: HTML5Translator, node: entry_item) -> None:
    translator.body.append(translator.starttag(node, "li", "", **node["filter_data"]))


def depart_entry_html(translator: HTML5Translator, node: entry_item) -> None:
    translator.body.append("</li>\n")


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def item(entry: Publication, children: Iterable[nodes.Node], *, filtered: bool,
         **attributes: Any) -> entry_item:
    """An entry of a full list, with its filter data if the list has filters."""
    return entry_item("", *children, filter_data=filter_data(entry) if filtered else {},
                      **attributes)


def setup(app: Sphinx) -> None:
    skip = (skip_node, None)
    app.add_node(publication_filters, html=(visit_filters_html, None), latex=skip, text=skip,
                 man=skip, texinfo=skip)
    app.add_node(entry_item, html=(visit_entry_html, depart_entry_html))
