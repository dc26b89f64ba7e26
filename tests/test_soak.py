"""Fault soak, short form: production runs against a fault-injecting replay, then the invariants.

Five sources (synthetic snapshots of 150 articles each, `tests/soak_support.py`) are served by
`scrapers.faults.FaultServer` on 127.0.0.1, a quarter of the requests answered with a fault of
every kind (429 with Retry-After, 503 bursts, answers past the read timeout, resets, cut bodies,
bodies over the size cap, redirect loops, cookie gates, a challenge page, wrong or missing
charsets, NFD pages, broken markup, cut and entity-bomb feeds, links to other hosts). About
2,000 requests, 60-70 s here.

1. The real `nightly` flow (Prefect, the session's test server) with faults; its table artifact
   is read back from the Prefect API.
2. The sites publish and edit articles; every source runs again with faults (`ingest_run`, the
   flow's own steps without Prefect tasks, one thread per source as `nightly` runs them).
3. A clean run of every source.

Then: every article is stored exactly once at its current text (edited ones once per text they
were fetched with, in order), and an article missing after a faulty run was listed as failed
by that run (or its run was blocked or failed as a whole) and stored by a later one; no
(url, version) twice; each run's report (and the artifact's row) agrees with the store and with
the server's request log (requests sent, 304s, new, new versions); no host got more than its
requests per second (+1 in any second); after each 429 the host was not asked again before
Retry-After; no link to another host was asked. `bench/soak.py` is the long form (10,000+
requests).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.report import TABLE_COLUMNS
from scrapers.faults import FaultPlan, FaultServer
from scrapers.http import reset_rate_limiters
from scrapers.replay import ReplayOptions
from tests import soak_support as soak

pytestmark = [pytest.mark.soak, pytest.mark.e2e]

SEED = 20261122
SOURCES = soak.SOURCES  # qdnd, qdnd-hc, thanhuytphcm, tapchiqptd, bienphong
log = logging.getLogger("vnnews.soak")


@pytest.fixture()
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[soak.SoakWorld]:
    for key, value in soak.SETTINGS.items():
        monkeypatch.setenv(key, value)
    reset_rate_limiters()
    sites = soak.SoakSites(tmp_path / "sites", SOURCES, per_source=150, page_size=25)
    server = FaultServer(sites.snapshots, plan=soak.fault_plan(SEED, SOURCES, challenge=0.1),
                         options=ReplayOptions(cookie_gate=True))
    with server:
        yield soak.SoakWorld(sites, server, tmp_path / "data")
    reset_rate_limiters()


@pytest.mark.usefixtures("prefect_harness")
def test_faulty_runs_then_a_clean_one_store_every_article_exactly_once(
    world: soak.SoakWorld,
) -> None:
    started = time.monotonic()
    # 1. The nightly flow, with faults; its table artifact from the Prefect API.
    first = world.nightly_pass()
    artifact = soak.read_table_artifact(first.flow_run_id)
    assert [{k: row[k] for k in TABLE_COLUMNS} for row in artifact] == [
        r.row() for r in first.reports
    ]
    world.check_pass(first)

    # 2. The sites move on; every source runs again, with faults (other draws).
    for name in SOURCES:
        world.sites.publish(name, 10)
        for position in (12, 15, 18):  # on the first listing pages: a nightly run sees them
            world.sites.edit(world.sites.articles[name][position].url, 1)
    world.server.set_plan(soak.fault_plan(SEED + 1, SOURCES, challenge=0.1))
    second = world.plain_pass()
    world.check_pass(second)

    # 3. A clean run: everything missing so far is stored now, once.
    world.server.set_plan(FaultPlan())
    third = world.plain_pass()
    world.check_pass(third)
    found = world.check_final([first, second, third])

    requests = world.server.requests
    faults = Counter(r.fault for r in requests if r.fault)
    summary = {
        "seconds": round(time.monotonic() - started, 1), "requests": len(requests),
        "faulted": sum(faults.values()), "by kind": dict(faults), **found,
    }
    log.warning("soak: %s", summary)
    assert len(requests) >= 1500, summary
    assert sum(faults.values()) >= 0.2 * len(requests), summary
    assert set(faults) >= {
        "429", "503", "slow", "reset", "truncated", "oversized", "redirect-loop", "cookie-gate",
        "challenge", "wrong-charset", "no-charset", "nfd", "malformed-html", "malformed-xml",
        "entity-bomb", "offsite-links",
    }, faults
    assert found["edited"] >= len(SOURCES)  # edits were stored as new versions


def test_the_plain_pass_reports_what_the_server_saw(world: soak.SoakWorld) -> None:
    """A small check of the harness itself, without faults: every count agrees exactly."""
    world.server.set_plan(FaultPlan())
    done = world.plain_pass()
    world.check_pass(done)
    assert sum(r.new for r in done.reports) == len(world.sites.expected())
    assert all(r.ok and r.failed == 0 for r in done.reports)
    assert len(done.requests) == sum(r.requests for r in done.reports)
