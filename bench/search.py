"""Candidate search in-process: the service call a `find` turn makes (CandidateDirectory.find), one
query after the other, timed per query."""

from __future__ import annotations

import time
from collections import defaultdict

from bench.queries import Query
from services.candidates import CandidateDirectory
from services.identity import Requester
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID

REQUESTER = Requester(
    tenant_id=DEMO_TENANT_ID,
    user_id="bench",
    display_name="Bench",
    is_admin=False,
    locale="en-US",
    linkedin_member_id=None,
    job_roles=frozenset(),
)


async def time_searches(
    url: str, queries: list[Query], *, warm_up: int = 30
) -> tuple[dict[str, list[float]], list[float]]:
    """Milliseconds per query, by kind ("all" holds every one), and the process's CPU milliseconds per
    query (this process and the database driver's thread: on SQLite the search's whole cost, which
    other programs on the machine do not inflate as they do the wall-clock time)."""
    engine = create_engine(url)
    directory = CandidateDirectory(session_factory(engine))
    timings: dict[str, list[float]] = defaultdict(list)
    cpu: list[float] = []
    try:
        for _kind, text in queries[:warm_up]:
            await directory.find(REQUESTER, text)
        for kind, text in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            await directory.find(REQUESTER, text)
            elapsed = (time.perf_counter() - started) * 1000
            cpu.append((time.process_time() - cpu_started) * 1000)
            timings[kind].append(elapsed)
            timings["all"].append(elapsed)
    finally:
        await engine.dispose()
    return dict(timings), cpu
