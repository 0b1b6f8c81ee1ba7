"""The owner as a schema.org ``Person``, from the CV, for the home page's JSON-LD.

``worksFor`` is the first work item (the file lists newest first), unless it has an
``endDate``: a job that has ended is not the owner's employer (the missing date is not read the
other way: most items have no dates at all), ``alumniOf`` every
institution, ``sameAs`` every profile's URL. Apart from the CV's pages: search engines read it,
not visitors. Nothing here knows about Sphinx.
"""

from __future__ import annotations

from typing import Any

from .parsing import CV
from .text import profile_links


def profile_urls(cv: CV) -> list[str]:
    """The owner's profile URLs: JSON-LD ``sameAs``."""
    return [url for _, url in profile_links(cv)]


def person(cv: CV) -> dict[str, Any]:
    """schema.org Person properties: name, description, jobTitle, worksFor, alumniOf,
    sameAs."""
    found: dict[str, Any] = {}
    if cv.name:
        found["name"] = cv.name
    if cv.summary:
        found["description"] = cv.summary
    work = cv.items("work")
    if work and not work[0].get("endDate"):
        if work[0].get("position"):
            found["jobTitle"] = work[0]["position"]
        found["worksFor"] = {"@type": "Organization", "name": work[0].get("name", "")}
    schools = [{"@type": "CollegeOrUniversity", "name": item["institution"]}
               for item in cv.items("education") if item.get("institution")]
    if schools:
        found["alumniOf"] = schools[0] if len(schools) == 1 else schools
    if profile_urls(cv):
        found["sameAs"] = profile_urls(cv)
    return found
