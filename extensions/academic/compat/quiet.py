"""A quiet build: Sphinx's progress and its result, without other packages' debugging lines.

Three messages are dropped from the build's output, none of which a reader can act on:

* myst-parser's dump of its whole configuration (``myst v5: MdParserConfig(...)``), logged on
  every build, with no option to turn it off;
* Sphinx's "Writing evaluated template result to ..." for each of its own ``_t`` files;
* Sphinx's "The configuration has changed (2 options: 'html_static_path',
  'pygments_dark_style')" on every incremental build: Sphinx compares the configuration with
  the last build's before the builder starts, and as it starts furo registers
  ``pygments_dark_style`` and sphinx-design adds its folder to ``html_static_path``, so both
  always look changed. A message naming any other option is kept. (The HTML builder still
  rewrites every page when either really changes: it compares them once they are set.)

Warnings and errors are never dropped: only records below ``WARNING`` from these loggers.
"""

from __future__ import annotations

import logging
import re

from sphinx.application import Sphinx

#: Options that the theme and sphinx-design set as the builder starts (see the docstring).
SET_AS_BUILDER_STARTS = {"html_static_path", "pygments_dark_style"}


class DropNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        message = record.getMessage()
        if "MdParserConfig(" in message:
            return False
        if message.startswith("Writing evaluated template result to"):
            return False
        if message.startswith("The configuration has changed ("):
            return not set(re.findall(r"'([^']+)'", message)) <= SET_AS_BUILDER_STARTS
        return True


#: Sphinx's loggers live under "sphinx." + the module's name.
NOISY_LOGGERS = ("sphinx.myst_parser.sphinx_ext.main", "sphinx.sphinx.util.fileutil",
                 "sphinx.sphinx.environment")
_FILTER = DropNoise()


def setup(app: Sphinx) -> None:
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
