"""A benchmark database: the demo data plus `count` generated candidates of the demo tenant (names in
twelve languages, one or two email addresses each, some linked to a LinkedIn profile), written in bulk
through the real schema, so the search triggers fill candidate_search and its trigram index as the app's
own writes would. SQLite is written in chunks of INSERT … SELECT from a temporary table (FTS5 then
indexes a chunk at a time), PostgreSQL with COPY."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import asyncpg
from sqlalchemy.engine import make_url

from bench.names import EMAIL_DOMAINS, NAMES
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID
from store.migrate import upgrade
from store.seed import seed_demo_data
from store.text import canonical_profile_url, fold

CHUNK = 50_000
_CANDIDATE_COLUMNS = (
    "id",
    "tenant_id",
    "code",
    "first_name",
    "last_name",
    "search_name",
    "phones",
    "current_company",
    "current_title",
    "linkedin_member_id",
    "linkedin_profile_url",
    "link_state",
    "do_not_contact",
    "created_at",
    "updated_at",
)
_EMAIL_COLUMNS = ("id", "tenant_id", "candidate_id", "address", "position")
_START = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass
class Population:
    """What the benchmark's queries are drawn from: a sample of the generated candidates."""

    names: list[tuple[str, str]] = field(default_factory=list)  # (first, last)
    emails: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Generated:
    candidates: list[tuple[object, ...]]
    emails: list[tuple[object, ...]]


@lru_cache(maxsize=200_000)
def _folded(text: str) -> str:
    return fold(text)


def _ascii(text: str) -> str:
    return "".join(ch for ch in _folded(text) if ch.isascii() and (ch.isalnum() or ch == "-"))


def _generate(count: int, rng: random.Random, population: Population) -> Iterator[Generated]:
    languages = sorted(NAMES)
    sample_every = max(1, count // 2000)
    for start in range(0, count, CHUNK):
        candidates: list[tuple[object, ...]] = []
        emails: list[tuple[object, ...]] = []
        for number in range(start, min(count, start + CHUNK)):
            firsts, lasts = NAMES[rng.choice(languages)]
            first = rng.choice(firsts)
            if rng.random() < 0.08:
                first = f"{first} {rng.choice(firsts)}"
            last = rng.choice(lasts)
            if rng.random() < 0.06:
                last = f"{last}-{rng.choice(lasts)}"
            candidate_id = f"bench{number:027d}"
            code = f"C{2_000_000 + number}"
            at = _START + timedelta(minutes=number)
            profile = None
            if rng.random() < 0.1:
                profile = canonical_profile_url(
                    f"https://www.linkedin.com/in/{_ascii(first)}-{_ascii(last)}-{number}"
                )
            candidates.append(
                (
                    candidate_id,
                    DEMO_TENANT_ID,
                    code,
                    first,
                    last,
                    _folded(f"{first} {last}"),
                    "[]",
                    None,
                    None,
                    None,
                    profile,
                    "none",
                    False,
                    at,
                    at,
                )
            )
            local = f"{_ascii(first) or 'x'}.{_ascii(last) or 'x'}{number}"
            addresses = [f"{local}@{rng.choice(EMAIL_DOMAINS)}"]
            if rng.random() < 0.15:
                addresses.append(f"{local[:1]}{_ascii(last) or 'x'}{number}@{rng.choice(EMAIL_DOMAINS)}")
            for position, address in enumerate(addresses):
                emails.append((f"m{number:030d}{position}", DEMO_TENANT_ID, candidate_id, address, position))
            if number % sample_every == 0:
                population.names.append((first, last))
                population.emails.append(addresses[0])
                population.codes.append(code)
                if profile:
                    population.profiles.append(profile)
        yield Generated(candidates, emails)


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _fill_sqlite(path: str, count: int, rng: random.Random, population: Population) -> None:
    connection = sqlite3.connect(path)
    try:
        # A throw-away database: no journal while it is filled, then back to the app's WAL.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("PRAGMA temp_store=MEMORY")
        columns = ", ".join(_CANDIDATE_COLUMNS)
        email_columns = ", ".join(_EMAIL_COLUMNS)
        connection.execute(f"CREATE TEMP TABLE bench_candidates AS SELECT {columns} FROM candidates WHERE 0")
        connection.execute(
            f"CREATE TEMP TABLE bench_emails AS SELECT {email_columns} FROM candidate_emails WHERE 0"
        )
        marks = ", ".join("?" for _ in _CANDIDATE_COLUMNS)
        email_marks = ", ".join("?" for _ in _EMAIL_COLUMNS)
        for chunk in _generate(count, rng, population):
            connection.executemany(
                f"INSERT INTO bench_candidates VALUES ({marks})",
                ([_sqlite_value(v) for v in row] for row in chunk.candidates),
            )
            connection.executemany(f"INSERT INTO bench_emails VALUES ({email_marks})", chunk.emails)
            # One statement per chunk: FTS5 indexes the chunk's names at once.
            connection.execute(f"INSERT INTO candidates ({columns}) SELECT {columns} FROM bench_candidates")
            connection.execute(
                f"INSERT INTO candidate_emails ({email_columns}) SELECT {email_columns} FROM bench_emails"
            )
            connection.execute("DELETE FROM bench_candidates")
            connection.execute("DELETE FROM bench_emails")
            connection.commit()
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


async def _fill_postgresql(url: str, count: int, rng: random.Random, population: Population) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        for chunk in _generate(count, rng, population):
            async with connection.transaction():
                await connection.copy_records_to_table(
                    "candidates", records=chunk.candidates, columns=list(_CANDIDATE_COLUMNS)
                )
                await connection.copy_records_to_table(
                    "candidate_emails", records=chunk.emails, columns=list(_EMAIL_COLUMNS)
                )
        await connection.execute("VACUUM ANALYZE candidates")
        await connection.execute("VACUUM ANALYZE candidate_search")
        await connection.execute("VACUUM ANALYZE candidate_emails")
    finally:
        await connection.close()


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        await seed_demo_data(session_factory(engine))
    finally:
        await engine.dispose()


def build(url: str, count: int, *, seed: int = 7) -> tuple[Population, float]:
    """Migrate and seed the (empty) database at `url` and add `count` candidates; returns what the
    queries are drawn from and the seconds the generated rows took to write."""
    upgrade(url)
    asyncio.run(_seed(url))
    population = Population()
    rng = random.Random(seed)
    started = time.perf_counter()
    if make_url(url).get_backend_name() == "sqlite":
        database = make_url(url).database
        assert database, "a SQLite file is needed"
        _fill_sqlite(database, count, rng, population)
    else:
        asyncio.run(_fill_postgresql(url, count, rng, population))
    return population, time.perf_counter() - started


def population_of(count: int, *, seed: int = 7) -> Population:
    """What build(url, count, seed=seed) drew the queries from, without writing anything."""
    population = Population()
    for _chunk in _generate(count, random.Random(seed), population):
        pass
    return population
