"""The audit's page budget (tests/audit/audit.py): the largest paint's allowance follows the
round trips a page's HTML takes under Lighthouse's TCP model."""

from __future__ import annotations

import sys

import pytest
from conftest import TESTS

sys.path.insert(0, str(TESTS / "audit"))
import audit  # noqa: E402  (tests/audit is not a package)


@pytest.mark.parametrize(("transfer", "trips"), [
    (1, 1), (14_600, 1),            # TCP's first window: 10 segments of 1,460 bytes
    (14_601, 2), (43_800, 2),       # then 20 more
    (43_801, 3), (102_200, 3), (102_201, 4),
])
def test_round_trips_follow_tcp_slow_start(transfer, trips):
    assert audit.html_round_trips(transfer) == trips


def test_a_page_a_window_longer_has_a_round_trip_more_and_no_page_a_third():
    one, two = audit.lcp_budget_ms(14_600), audit.lcp_budget_ms(18_728)  # a paper page, the list
    assert (one, two) == (1000, 1150)
    report = {
        "categories": {c: {"score": 1, "auditRefs": []} for c in audit.CATEGORIES},
        "audits": {
            "total-byte-weight": {"numericValue": 60_000},
            "largest-contentful-paint": {"numericValue": 1100},
            "cumulative-layout-shift": {"numericValue": 0},
            "network-requests": {"details": {"items": [
                {"url": "http://localhost:8000/long/", "resourceType": "Document",
                 "transferSize": 18_728}]}},
        },
    }
    row, problems = audit.summarise("long/", report)
    assert problems == [] and row[-3:] == ["1.10", "1.15", "0.000"]  # LCP, its budget, CLS
    report["audits"]["largest-contentful-paint"]["numericValue"] = 1160
    assert audit.summarise("long/", report)[1] == [
        "/long/: LCP 1.16 s, CLS 0.000; budget is 1.15 s (its HTML in 2 round trip(s)) and 0"]
    report["audits"]["largest-contentful-paint"]["numericValue"] = 900
    report["audits"]["network-requests"]["details"]["items"][0]["transferSize"] = 50_000
    assert audit.summarise("long/", report)[1] == [
        "/long/: its HTML (50.0 kB on the wire) takes 3 round trips; budget is 2: make the "
        "page lighter, or split it"]
