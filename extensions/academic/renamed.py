"""Configuration values that were renamed: the old name still works, with a warning.

``academic_paper_dir`` and ``academic_papers_dir`` differed by one letter and meant two
different folders: where the per-paper pages go, and where a paper's own files (``pdf =
{paper.pdf}``) are. They are now ``academic_paper_pages_dir`` and ``academic_paper_files_dir``.

The old name is a Sphinx warning (``academic.deprecated``), so a strict build (``-W``) stops on
it with the line to change; ``suppress_warnings = ["academic.deprecated"]`` keeps an old
``conf.py`` building unchanged. A message shown only as information would be overlooked until
the old name is dropped, and then Sphinx would ignore it without a word.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: old name → new name.
RENAMED = {
    "academic_paper_dir": "academic_paper_pages_dir",
    "academic_papers_dir": "academic_paper_files_dir",
}


def use_new_names(app: Sphinx, config: Config) -> None:
    """An old name's value goes to the new name, unless the new name is set too."""
    for old, new in RENAMED.items():
        value = config[old]
        # The new name keeps its value if it was given one (anything but its default).
        if value is not None and config[new] == config.values[new].default:
            config[new] = value


def warn_old_names(app: Sphinx) -> None:
    """Once the builder is there (Sphinx's logging cannot place a warning before), at the
    line of conf.py that sets the old name (none for ``-D``)."""
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for old, new in RENAMED.items():
        if app.config[old] is None:
            continue
        assignment = re.compile(rf"\s*{old}\s*[:=]")
        line = next((n for n, text in enumerate(lines, 1) if assignment.match(text)), None)
        logger.warning(f"{old} is now called {new}: rename it in conf.py (or add "
                       "'academic.deprecated' to suppress_warnings)",
                       location=f"{conf}:{line}" if line else None, type="academic",
                       subtype="deprecated")


def setup(app: Sphinx) -> None:
    for old in RENAMED:
        app.add_config_value(old, None, "env", types=[str, type(None)])
    app.connect("config-inited", use_new_names)
    app.connect("builder-inited", warn_old_names)
