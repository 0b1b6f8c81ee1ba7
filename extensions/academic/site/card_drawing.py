"""Cards drawn into the cache: a few in this process, the rest of a large build beside it.

A clean build of a site with thousands of papers draws thousands of cards, about 2.5 ms of CPU
each, and writes each to a file. Drawn in Sphinx's thread, that time adds to the build's; in a
thread of its own it does not help, since FreeType's rendering holds Python's lock and the
page-writing thread waits for it (profiled at 2,000 papers). So past :data:`DRAWN_HERE` cards
in one build, the rest are drawn in a process of their own, on another core, while Sphinx goes
on writing pages; :meth:`Drawer.finish` waits for them before the cards are put in the output.

The process is *spawned*, a fresh interpreter that imports only this package: forking a
process whose other threads hold locks (a test runner's, a server's) can leave the child
waiting on one for ever. Starting it costs about half a second of the other core, which a
small site's build never pays: its few cards are drawn here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .card_image import Card, render

#: How many cards a build draws in its own process before it hands the rest to another: more
#: than an edit redraws (a page's, an entry's), far fewer than a clean build of a large site.
DRAWN_HERE = 64


def stop_on_interrupt() -> None:
    """In the drawing process: Ctrl-C ends it at once and silently. The build it draws for
    stops too, or, if it goes on, draws the cards left itself; Python's KeyboardInterrupt
    printed a traceback from this process beside the build's own message."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_card(card: Card, path: str) -> None:
    """Draw the card into ``path``: written aside, then renamed, so that a half-written file
    is never taken for a card."""
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as file:
        file.write(render(card))
    os.replace(temporary, path)


class Drawer:
    """One build's drawing: :meth:`draw` each card not in the cache, :meth:`finish` once the
    pages are written (or :meth:`abandon` when the build failed)."""

    def __init__(self, drawn_here: int | None = None) -> None:
        self.drawn_here = DRAWN_HERE if drawn_here is None else drawn_here
        #: Cards drawn or being drawn in this build.
        self.drawn = 0
        self.queued: dict[Path, tuple[Card, Future[None]]] = {}
        self.pool: ProcessPoolExecutor | None = None

    def draw(self, card: Card, path: Path) -> None:
        if path in self.queued:  # two pages with the same card, the first still being drawn
            return
        self.drawn += 1
        if self.drawn <= self.drawn_here:
            write_card(card, os.fspath(path))
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=1,
                                            mp_context=multiprocessing.get_context("spawn"),
                                            initializer=stop_on_interrupt)
        self.queued[path] = card, self.pool.submit(write_card, card, os.fspath(path))

    def finish(self) -> None:
        """Wait for the cards drawn in the other process. If that process is gone (killed, out
        of memory), the cards it had not drawn are drawn here; a card that failed to draw fails
        here, as it would have failed in this process."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        try:
            for path, (card, future) in self.queued.items():
                try:
                    future.result()
                except BrokenProcessPool:
                    write_card(card, os.fspath(path))
        finally:
            self.queued.clear()
            pool.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """The build failed: stop drawing; the cards already in the cache stay for the next."""
        pool, self.pool = self.pool, None
        self.queued.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
