"""Whether the site set a setting (in conf.py, or with ``-D``): Sphinx keeps that in private
fields only.

The extension gives other packages' settings that every academic site sets alike (the
citation styles, the sitemap's addresses, the 404 page: :func:`..config.ecosystem_defaults`)
its own defaults, where the site does not set them. Sphinx's public API gives a setting's value
and its default, not whether the site chose it, and a site that sets another package's default
on purpose (``sitemap_url_scheme = "{lang}{version}{link}"``) must keep it. ``Config._raw_config``
(conf.py's names) and ``Config._overrides`` (``-D``) say so, on Sphinx 9.0 (the version
``uv.lock`` pins). The supported alternative would be a public "is this set" on ``Config``.
[test_set_by_site]
"""

from __future__ import annotations

from typing import Any

from sphinx.config import Config


def set_on_command_line(config: Config, name: str) -> bool:
    """Whether ``-D`` (or a test's overrides) gives ``name`` its value: a message about it has
    no line of conf.py to point at."""
    overrides: dict[str, Any] = config._overrides
    return name in overrides


def set_by_site(config: Config, name: str) -> bool:
    """Whether conf.py or the command line gives ``name`` a value."""
    given: dict[str, Any] = config._raw_config
    overrides: dict[str, Any] = config._overrides
    return name in given or name in overrides
