"""sphinx-sitemap's list of pages, where the extension adds its own pages and spares a process.

Each entry says what it relies on (checked on sphinx-sitemap 2.9, the version ``uv.lock``
pins) and the supported alternative; ``tests/test_compat.py`` holds their contract tests.
"""

from __future__ import annotations

import queue
from typing import Any

from sphinx.application import Sphinx


def sitemap_queue(app: Sphinx) -> Any | None:
    """sphinx-sitemap's list of pages for ``sitemap.xml``, or None when it is not installed.

    Relies on: ``app.sitemap_links``, the queue sphinx-sitemap (checked on 2.9) fills from its
    ``html-page-context`` handler (``add_html_link``) and empties in ``build-finished``.
    Alternative: none public; sphinx-sitemap lists only the pages written in this build (its
    issue #13).
    """
    return getattr(app, "sitemap_links", None)


def use_plain_sitemap_queue(app: Sphinx) -> queue.Queue[tuple[str, str | None]]:
    """Replace sphinx-sitemap's multiprocessing queue with a plain one, and return it.

    Relies on: as :func:`sitemap_queue`; the queue only needs ``put``, ``get_nowait`` and
    ``empty``. The rest of the build runs in this process: a plain queue spares a round trip to
    a manager process for every page of the site.
    """
    links: queue.Queue[tuple[str, str | None]] = queue.Queue()  # (address, last modified)
    app.sitemap_links = links  # type: ignore[attr-defined]  # sphinx-sitemap's own attribute
    return links


def sitemap_without_manager(app: Sphinx) -> None:
    """In a build that writes its pages in this process, stop sphinx-sitemap from starting a
    multiprocessing manager: its own queue is a plain one.

    Why: sphinx-sitemap's ``builder-inited`` handler (``record_builder_type``) calls
    ``multiprocessing.Manager().Queue()`` at every build, which forks a server process. A fork
    of a process that runs other threads (a test process driving Chromium, a server) can copy a
    lock another thread holds, and the child waits on it for ever: the build hangs at its end.
    The manager exists so that pages written in forked processes (``-j``) reach the parent's
    list; when Sphinx writes in this process (``app.parallel`` 1, the default and the site's
    build) nothing needs it.

    Relies on: ``app.events.listeners`` (Sphinx's, checked on 9.0), to find sphinx-sitemap's
    handler and disconnect it by its id; and what that handler (sphinx-sitemap 2.9) sets:
    ``env.is_directory_builder`` and ``app.sitemap_links``, set here alike, the queue plain.
    Called at ``config-inited``, once every extension is set up: ``builder-inited`` is emitted
    from a copy of its listeners, too late to take one out. Alternative: none public;
    sphinx-sitemap's issue #13 (pages of earlier builds) would also make its manager unneeded.
    """
    if app.parallel > 1:  # pages may be written in forked processes: the manager is needed
        return
    try:
        import sphinx_sitemap
    except ImportError:
        return
    for listener in list(app.events.listeners["builder-inited"]):
        if listener.handler is sphinx_sitemap.record_builder_type:
            app.disconnect(listener.id)
            app.connect("builder-inited", _record_builder_type_in_this_process,
                        priority=listener.priority)


def _record_builder_type_in_this_process(app: Sphinx) -> None:
    """sphinx-sitemap's ``record_builder_type``, with a plain queue instead of a manager's."""
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    env: Any = builder.env  # sphinx-sitemap's own attribute, read by its add_html_link
    env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    use_plain_sitemap_queue(app)
