"""Candidate search in the store: the same answers on SQLite and PostgreSQL, through the trigram indexes
(never a scan of the candidates), kept in step by the migration's triggers, under a time limit."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Generator
from contextlib import asynccontextmanager, closing
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, event, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.data import build
from bench.names import NAMES
from bench.queries import queries
from services.candidates import CandidateDirectory
from services.identity import Requester
from store import candidate_search as search_store
from store.candidate_search import CandidateSearchRepository, SearchScope
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID, OTHER_TENANT_ID
from store.migrate import alembic_config, upgrade_async
from store.models import Candidate, CandidateSearchEntry
from store.text import fold, marked_words, name_words
from tests.conftest import _postgres_database, in_thread

GENERATED = 3000  # candidates added to the demo data, so that each kind of query has many hits
ANYONE = Requester(
    tenant_id=DEMO_TENANT_ID,
    user_id="test",
    display_name="Test",
    is_admin=False,
    locale="en-US",
    linkedin_member_id=None,
    job_roles=frozenset(),
)
# Edge cases beside the generated mix: short words, a single letter, punctuation, scopes, odd input.
EDGE_QUERIES = [
    "ann",
    "Anna Jensen",
    "Jensen, Anna",
    "jensen anna",
    "li",
    "Li Wu",
    "Wu, Li",
    "l",
    "he",
    "an",
    "a b",
    "O'Brien",
    "o brien",
    "van der berg",
    "Zoë",
    "zoe",
    "Søren",
    "soren",
    "Wiśniewski",
    "in 't Veld",
    "anna in J-1001",
    "an in Nordic engineering talent",
    "li in Nordic engineering talent",
    "anna in J-9999",
    "anna.jensen",
    "ajensen",
    "annaj@example.com",
    "ANNA.JENSEN@EXAMPLE.NET",
    "C1001",
    "c1002",
    "https://www.linkedin.com/in/mbr-5158/",
    "linkedin.com/in/MBR-5158?trk=x",
    "%",
    "_",
    "\\",
    '"',
    "ann%",
    "zzyzx",
    "Hansen-",
    "-",
    "a" * 40,
    "a\x00b", "an\x00", "*", "NEAR(a b)", "anna OR li", "^li", "li*", "'", "'t", "  ", "ø", "李", "@",
    "@example.com", "anna@", ".", "a_b@x.y",
]


def _answers(search: Any) -> tuple[int, bool, list[str]]:
    return search.total, search.more, [c.code for c in search.candidates]


async def _find_all(url: str, texts: list[str]) -> dict[str, Any]:
    engine = create_engine(url)
    directory = CandidateDirectory(session_factory(engine))
    answers: dict[str, Any] = {}
    try:
        for query in texts:
            try:
                answers[query] = _answers(await directory.find(ANYONE, query))
            except Exception as error:  # a polite refusal, e.g. no such job: the same on both
                answers[query] = type(error).__name__
    finally:
        await engine.dispose()
    return answers


@pytest.fixture(scope="module")
def filled_sqlite(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """A SQLite database with the demo data and GENERATED more candidates; the queries to ask it."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('search') / 'search.db'}"
    population, _ = in_thread(build, url, GENERATED)
    return url, EDGE_QUERIES + [query for _kind, query in queries(population, 400)]


@pytest.fixture(scope="module")
def filled_postgresql(_postgres_server: Any, _postgres_templates: Any) -> Generator[str]:
    """A PostgreSQL database with the same candidates as filled_sqlite."""
    for url in _postgres_database(_postgres_server, _postgres_templates, seeded=False):  # dropped after
        in_thread(build, url, GENERATED)
        yield url


def test_sqlite_and_postgresql_give_the_same_answers(
    filled_sqlite: tuple[str, list[str]], filled_postgresql: str
) -> None:
    (sqlite_url, texts), postgres_url = filled_sqlite, filled_postgresql
    on_sqlite = in_thread(lambda: asyncio.run(_find_all(sqlite_url, texts)))
    on_postgresql = in_thread(lambda: asyncio.run(_find_all(postgres_url, texts)))
    different = {q: (on_sqlite[q], on_postgresql[q]) for q in texts if on_sqlite[q] != on_postgresql[q]}
    assert different == {}
    refused = {q: answer for q, answer in on_sqlite.items() if not isinstance(answer, tuple)}
    assert refused == {"anna in J-9999": "UnknownSearchScope"}  # every other query is answered
    found = [answer for answer in on_sqlite.values() if isinstance(answer, tuple) and answer[2]]
    assert len(found) > len(texts) * 0.6  # the queries do find people
    assert any(answer[1] for answer in found)  # some find more than the count goes to


# --- the query plans ----------------------------------------------------------------------------


@asynccontextmanager
async def _statements(url: str) -> AsyncIterator[tuple[AsyncEngine, list[tuple[str, Any]]]]:
    engine = create_engine(url)
    seen: list[tuple[str, Any]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "candidate_search" in statement:
            seen.append((statement, parameters))

    try:
        yield engine, seen
    finally:
        await engine.dispose()


PLANNED = ["anna", "Anna Jensen", "li", "l", "Jensen, Anna", "li wu", "nse", "zzyzx"]


@pytest.mark.parametrize("query", PLANNED)
async def test_sqlite_reads_names_through_the_trigram_index_never_a_scan(
    filled_sqlite: tuple[str, list[str]], query: str
) -> None:
    sqlite_url = filled_sqlite[0]
    async with _statements(sqlite_url) as (engine, seen):
        await CandidateDirectory(session_factory(engine)).find(ANYONE, query)
        path = sqlite_url.split("///", 1)[1]
    [(statement, parameters)] = seen
    with closing(sqlite3.connect(path)) as connection:
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    assert any("candidate_name_trigrams VIRTUAL TABLE INDEX" in step and ":M" in step for step in plan), plan
    scans = [step for step in plan if step.startswith("SCAN ")]
    tables = ("SCAN candidates", "SCAN candidate_search", "SCAN candidate_emails")
    assert not [step for step in scans if step.startswith(tables)], plan


# How PostgreSQL may read candidate_search: its trigram index (then the rows it points to), or, for a
# word many names have, a tenant's newest entries in index order until the tier's LIMIT is reached.
_INDEX_READS = re.compile(
    r"Bitmap Index Scan on ix_candidate_search_words_trigrams|Bitmap Heap Scan on candidate_search"
    r"|Index (Only )?Scan( Backward)? using (pk_candidate_search|ix_candidate_search_tenant_seq"
    r"|ix_candidate_search_tenant_words) on candidate_search"
)


@pytest.mark.parametrize("query", [*PLANNED, "Xylophone", "qq"])
async def test_postgresql_reads_names_through_the_trigram_index_never_a_scan(
    filled_postgresql: str, query: str
) -> None:
    postgres_url = filled_postgresql
    async with _statements(postgres_url) as (engine, seen):
        await CandidateDirectory(session_factory(engine)).find(ANYONE, query)
        [(statement, parameters)] = [(s, p) for s, p in seen if "set_config" not in s]
        async with engine.connect() as connection:
            # A few thousand rows fit in a page or two, where a scan is cheapest: the planner is
            # told that scans cost what they would on a million candidates.
            await connection.exec_driver_sql("SET enable_seqscan = off")
            raw = await connection.get_raw_connection()
            driver: Any = raw.driver_connection
            rows = await driver.fetch("EXPLAIN " + statement, *parameters)
    plan = "\n".join(row[0] for row in rows)
    assert "Seq Scan" not in plan, plan
    reads = [line.strip(" ->") for line in plan.splitlines() if " on candidate_search" in line]
    assert reads and all(_INDEX_READS.search(read) for read in reads), plan
    if query in ("zzyzx", "Xylophone", "qq"):  # a word no name has: straight to the trigram index
        assert "Bitmap Index Scan on ix_candidate_search_words_trigrams" in plan, plan


# --- the triggers -------------------------------------------------------------------------------


async def _names_found(engine: AsyncEngine, tenant_id: str, query: str) -> list[str]:
    async with session_factory(engine)() as session:
        repository = CandidateSearchRepository(session, tenant_id)
        words = name_words(query)
        hits = await repository.by_name(words, [marked_words(words)])
        return [c.name for c in hits.candidates]


async def test_a_candidate_is_found_as_soon_as_written_and_not_after_deletion(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            session.add(_tenant(DEMO_TENANT_ID))
            await session.flush()
            session.add_all(
                [
                    Candidate(
                        id="c-1",
                        tenant_id=DEMO_TENANT_ID,
                        code="C9001",
                        first_name="Anne-Marie",
                        last_name="O’Brien",
                        search_name=fold("Anne-Marie O’Brien"),
                    ),
                ]
            )
        assert await _names_found(engine, DEMO_TENANT_ID, "marie") == ["Anne-Marie O’Brien"]
        assert await _names_found(engine, DEMO_TENANT_ID, "br") == ["Anne-Marie O’Brien"]
        async with session_factory(engine)() as session, session.begin():
            await session.execute(
                update(Candidate)
                .where(Candidate.id == "c-1")
                .values(last_name="Berg", search_name=fold("Anne-Marie Berg"))
            )
        assert await _names_found(engine, DEMO_TENANT_ID, "brien") == []
        assert await _names_found(engine, DEMO_TENANT_ID, "berg") == ["Anne-Marie Berg"]
        async with session_factory(engine)() as session, session.begin():
            await session.execute(delete(Candidate).where(Candidate.id == "c-1"))
        assert await _names_found(engine, DEMO_TENANT_ID, "berg") == []
        async with engine.connect() as connection:
            assert await connection.scalar(select(text("count(*)")).select_from(CandidateSearchEntry)) == 0
            if connection.dialect.name == "sqlite":
                # The trigram index agrees with candidate_search row for row (FTS5's own check).
                await connection.exec_driver_sql(
                    "INSERT INTO candidate_name_trigrams (candidate_name_trigrams, rank)"
                    " VALUES ('integrity-check', 1)"
                )
    finally:
        await engine.dispose()


def _tenant(tenant_id: str) -> Any:
    from store.models import Tenant

    return Tenant(id=tenant_id, name=tenant_id)


TRICKY_NAMES = [
    "Anna Jensen",
    "Anne-Marie O'Brien",
    "Zoë van der Berg",
    "Jan in 't Veld",
    "J. R. R. Tolkien",
    "Mary - Ann Smith",
    "Jensen, Anna",
    "Łukasz Wiśniewski",
    "Nguyễn Văn An",
    "O’Neil",
    "A.-B. --- C",
]


async def test_the_database_marks_name_words_as_the_app_reads_them(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            session.add(_tenant(OTHER_TENANT_ID))
            await session.flush()
            for number, name in enumerate(TRICKY_NAMES):
                session.add(
                    Candidate(
                        id=f"n-{number}",
                        tenant_id=OTHER_TENANT_ID,
                        code=f"C{8000 + number}",
                        first_name=name,
                        last_name="",
                        search_name=fold(name),
                    )
                )
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(CandidateSearchEntry.candidate_id, CandidateSearchEntry.words)
            )
            stored = {candidate_id: words for candidate_id, words in rows}
        assert stored == {
            f"n-{number}": marked_words(name_words(name)) for number, name in enumerate(TRICKY_NAMES)
        }
    finally:
        await engine.dispose()


async def test_the_migration_carries_existing_candidates_over(db_url: str) -> None:
    in_thread(command.downgrade, alembic_config(db_url), "0004")
    engine = create_engine(db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO tenants (id, name, preview_features, created_at)"
                    " VALUES (:t, 'T', false, :at)"
                ),
                {"t": DEMO_TENANT_ID, "at": datetime(2026, 1, 1, tzinfo=UTC)},
            )
            for number, (first, last) in enumerate((("Li", "Wu"), ("Anna", "Jensen"), ("Ole", "Hansen"))):
                await connection.execute(
                    text(
                        "INSERT INTO candidates (id, tenant_id, code, first_name, last_name, search_name,"
                        " phones, link_state, do_not_contact, created_at, updated_at) VALUES (:id, :t, :code,"
                        " :first, :last, :name, '[]', 'none', false, :at, :at)"
                    ),
                    {
                        "id": f"old-{number}",
                        "t": DEMO_TENANT_ID,
                        "code": f"C{7000 + number}",
                        "first": first,
                        "last": last,
                        "name": fold(f"{first} {last}"),
                        "at": datetime(2026, 1, number + 1, tzinfo=UTC),
                    },
                )
        await upgrade_async(db_url)
        assert await _names_found(engine, DEMO_TENANT_ID, "li") == ["Li Wu"]
        assert await _names_found(engine, DEMO_TENANT_ID, "sen") == ["Ole Hansen", "Anna Jensen"]
    finally:
        await engine.dispose()


# --- the time limit and a busy pool -------------------------------------------------------------

ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


async def test_a_statement_past_the_time_limit_is_stopped(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session:
            repository = CandidateSearchRepository(session, DEMO_TENANT_ID, time_limit_seconds=0.2)
            with pytest.raises(search_store.SearchTimedOut):
                async with repository._time_limit():
                    await session.execute(text(ENDLESS))
        async with session_factory(engine)() as session:  # the connection serves the next search
            repository = CandidateSearchRepository(session, DEMO_TENANT_ID)
            assert (await repository.by_name(["anna"], [])).found == 0
    finally:
        await engine.dispose()


async def test_a_search_without_a_free_connection_is_busy(sqlite_url: str) -> None:
    engine = create_async_engine(sqlite_url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    sessions = session_factory(engine)
    try:
        async with engine.connect() as holding:
            await holding.execute(text("SELECT 1"))
            with pytest.raises(search_store.SearchBusy):
                async with search_store.search_session(sessions) as session:
                    await CandidateSearchRepository(session, DEMO_TENANT_ID).by_name(["anna"], [])
    finally:
        await engine.dispose()


def test_the_generated_names_cover_every_language() -> None:
    assert len(NAMES) >= 10 and all(len(first) >= 20 and len(last) >= 20 for first, last in NAMES.values())


async def test_a_scope_filters_every_kind_of_search(seeded_db_url: str) -> None:
    engine = create_engine(seeded_db_url)
    try:
        async with session_factory(engine)() as session:
            repository = CandidateSearchRepository(session, DEMO_TENANT_ID)
            nobody = SearchScope(job_id="no-such-job")
            assert (await repository.by_code("C1001", nobody)).found == 0
            assert (await repository.by_email("anna", prefix=True, scope=nobody)).found == 0
            assert (await repository.by_name(["anna"], [marked_words(["anna"])], nobody)).found == 0
            assert (await repository.by_code("C1001")).found == 1
    finally:
        await engine.dispose()
