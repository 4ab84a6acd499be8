"""The export service at the benchmark's sizes (100,000 and 1,000,000 candidates), in process: the call
both export paths make, timed per kind of export, on SQLite and PostgreSQL.

- new: a LinkedIn member who is no candidate yet (a candidate and an application are created);
- by email: a member whose email a candidate has (matched, linked to the member, an application made);
- by member: a member exported before, into another job (matched by member id);
- repeated: an export whose idempotency key was used before (answered with what it made).

The tenant's first export numbers candidates from the highest candidate id there is, once: timed
apart ("first export"). The exports are written into the benchmark's database (Megan Bowen exports
into the demo jobs J-1001..J-1003, with her LinkedIn account connected and the integration enabled at
Company level), so a reused database holds the exports of earlier runs too; each run uses new members.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import UTC, datetime

import asyncpg
from sqlalchemy.engine import make_url

from bench.data import Population
from domain.exports import ExportOutcome, ExportRequest, ExportSource, LinkedInProfile
from services.capabilities import Capabilities
from services.exports import CandidateExports
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID, MEGAN

JOBS = ("J-1001", "J-1002", "J-1003")
KINDS = ("new", "by email", "by member", "repeated")

_ENABLE = (
    "INSERT INTO linkedin_integrations (tenant_id, state, access_level, version, contracts, request_ids,"
    " callback_id, feed_id, job_posting_enabled, apply_with_linkedin_enabled, created_at, updated_at)"
    " VALUES ({0}, 'enabled', 'company', 1, '[]', '[]', {1}, {2}, false, false, {3}, {3})"
    " ON CONFLICT (tenant_id) DO UPDATE SET state = 'enabled', access_level = 'company'"
)
_CONNECT = (
    "INSERT INTO linkedin_connections (id, tenant_id, user_id, member_id, member_name, token_encrypted,"
    " connected_at) VALUES ({0}, {1}, {2}, 'mbr-bench-megan', 'Megan Bowen', 'bench', {3})"
    " ON CONFLICT DO NOTHING"
)
_IDS = "SELECT (SELECT id FROM users WHERE tenant_id = {0} AND aad_object_id = {1}), job_code, id FROM jobs"


def _prepare_sqlite(path: str) -> tuple[str, dict[str, str]]:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            _IDS.format("?", "?") + " WHERE tenant_id = ?", (DEMO_TENANT_ID, MEGAN, DEMO_TENANT_ID)
        )
        fetched = rows.fetchall()
        megan = fetched[0][0]
        connection.execute(
            _ENABLE.format("?", "?", "?", "?"), (DEMO_TENANT_ID, "bench-cb", "bench-feed", now, now)
        )
        connection.execute(_CONNECT.format("?", "?", "?", "?"), ("bench-conn", DEMO_TENANT_ID, megan, now))
    return megan, {code: job_id for _user, code, job_id in fetched}


async def _prepare_postgresql(url: str) -> tuple[str, dict[str, str]]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        now = datetime.now(UTC)
        fetched = await connection.fetch(
            _IDS.format("$1", "$2") + " WHERE tenant_id = $1", DEMO_TENANT_ID, MEGAN
        )
        megan = fetched[0][0]
        await connection.execute(
            _ENABLE.format("$1", "$2", "$3", "$4"), DEMO_TENANT_ID, "bench-cb", "bench-feed", now
        )
        await connection.execute(
            _CONNECT.format("$1", "$2", "$3", "$4"), "bench-conn", DEMO_TENANT_ID, megan, now
        )
    finally:
        await connection.close()
    return megan, {code: job_id for _user, code, job_id in fetched}


def _profile(member: str, email: str | None = None) -> LinkedInProfile:
    return LinkedInProfile(
        member_id=member,
        first_name="Bench",
        last_name=member[-8:],
        profile_url=f"https://www.linkedin.com/in/{member}",
        emails=(email,) if email else (),
    )


async def time_exports(url: str, population: Population, count: int) -> dict[str, list[float]]:
    """Milliseconds per export, by kind (and "first export" alone), `count` of each kind."""
    if make_url(url).get_backend_name() == "sqlite":
        megan, jobs = _prepare_sqlite(make_url(url).database or "")
    else:
        megan, jobs = await _prepare_postgresql(url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    exports = CandidateExports(sessions, Capabilities(sessions), allowance=10**9)
    run = uuid.uuid4().hex[:8]
    timings: dict[str, list[float]] = {kind: [] for kind in ("first export", *KINDS)}

    async def timed(kind: str, request: ExportRequest, expected: set[ExportOutcome]) -> None:
        started = time.perf_counter()
        result = await exports.export(request)
        timings[kind].append((time.perf_counter() - started) * 1000)
        if result.outcome not in expected:
            raise AssertionError(f"{kind}: {result.outcome}")

    def request(number: int, kind: str, profile: LinkedInProfile, job: str) -> ExportRequest:
        return ExportRequest(
            tenant_id=DEMO_TENANT_ID,
            exporter_user_id=megan,
            job_id=jobs[job],
            candidate=profile,
            idempotency_key=f"bench:{run}:{kind}:{number}",
            source=ExportSource.LINKEDIN,
        )

    try:
        new, fresh = {ExportOutcome.EXPORTED}, {ExportOutcome.EXPORTED, ExportOutcome.ALREADY_IN_JOB}
        await timed("first export", request(0, "first", _profile(f"mbr-{run}-first"), JOBS[0]), new)
        emails = population.emails or ["nobody@example.com"]
        for number in range(count):
            job, other = JOBS[number % 3], JOBS[(number + 1) % 3]
            member = f"mbr-{run}-{number}"
            await timed("new", request(number, "new", _profile(member), job), new)
            await timed("by member", request(number, "member", _profile(member), other), fresh)
            await timed("repeated", request(number, "new", _profile(member), job), {ExportOutcome.REPEATED})
            email = emails[number % len(emails)]
            await timed("by email", request(number, "email", _profile(f"{member}-e", email), job), fresh)
    finally:
        await engine.dispose()
    return timings
