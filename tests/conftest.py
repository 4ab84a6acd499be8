"""Shared database fixtures. Each yields a database URL (sqlite+aiosqlite:// or postgresql+asyncpg://)
already migrated to head; build an engine on it with store.db.create_engine(url) and dispose it.

- sqlite_url: a fresh, migrated SQLite file per test.
- postgres_url: a fresh, migrated PostgreSQL database per test, dropped afterwards. The server is
  TEST_DATABASE_URL when set (its user needs CREATEDB), otherwise postgres@127.0.0.1:5432; when nothing
  answers, the local cluster is started once with pg_ctlcluster; the test is skipped only if that fails.
- db_url: parametrized over both of the above.
- seeded_sqlite_url / seeded_db_url: the same, with the demo data (store.seed) already written.

Migrating and seeding run once per session into a template (a SQLite file copied per test, a
PostgreSQL template database cloned per test), so each test's database costs milliseconds.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url

from store.db import create_engine, session_factory
from store.migrate import upgrade
from store.seed import seed_demo_data

T = TypeVar("T")

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"

# An app built by a test starts its LinkedIn sandbox on a free port, never on the development default:
# another run on the same machine may hold that one.
os.environ["SANDBOX_PORT"] = "0"


def in_thread(function: Callable[..., T], *args: Any) -> T:
    """Run blocking or asyncio.run-based setup off the test's event loop (if one is running)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        await seed_demo_data(session_factory(engine))
    finally:
        await engine.dispose()


def _migrate_and_maybe_seed(url: str, seed: bool) -> None:
    upgrade(url)
    if seed:
        asyncio.run(_seed(url))


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy (the backup API also carries anything still in the WAL)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture(scope="session")
def _sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    folder = tmp_path_factory.mktemp("sqlite-templates")
    templates = {False: folder / "migrated.db", True: folder / "seeded.db"}
    for seeded, path in templates.items():
        in_thread(_migrate_and_maybe_seed, _sqlite_url(path), seeded)
    return templates


@pytest.fixture
def sqlite_url(_sqlite_templates: dict[bool, Path], tmp_path: Path) -> str:
    target = tmp_path / "talentbridge.db"
    _copy_sqlite(_sqlite_templates[False], target)
    return _sqlite_url(target)


@pytest.fixture
def seeded_sqlite_url(_sqlite_templates: dict[bool, Path], tmp_path: Path) -> str:
    target = tmp_path / "talentbridge.db"
    _copy_sqlite(_sqlite_templates[True], target)
    return _sqlite_url(target)


# --- PostgreSQL -----------------------------------------------------------------------------------


def _asyncpg_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def _pg_execute(server: URL, *statements: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(server), timeout=5)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _pg_answers(server: URL) -> bool:
    try:
        asyncio.run(_pg_execute(server, "SELECT 1"))
        return True
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False


def _start_local_cluster() -> None:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        return
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
        check=False, capture_output=True, timeout=60,
    )


def _reachable_server() -> URL | None:
    configured = os.environ.get("TEST_DATABASE_URL")
    server = make_url(configured or DEFAULT_POSTGRES)
    if in_thread(_pg_answers, server):
        return server
    if configured:
        return None  # someone else's server: do not try to start anything
    in_thread(_start_local_cluster)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if in_thread(_pg_answers, server):
            return server
        time.sleep(0.25)
    return None


def _drop(server: URL, name: str) -> None:
    asyncio.run(_pg_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def _postgres_server() -> URL | None:
    return _reachable_server()


@pytest.fixture(scope="session")
def _postgres_templates(_postgres_server: URL | None) -> Iterator[dict[bool, str]]:
    """Template databases (migrated; migrated + seeded), created lazily by _postgres_template."""
    created: dict[bool, str] = {}
    yield created
    if _postgres_server is not None:
        for name in created.values():
            in_thread(_drop, _postgres_server, name)


def _postgres_database(
    server: URL | None, templates: dict[bool, str], seeded: bool
) -> Iterator[str]:
    if server is None:
        pytest.skip("no PostgreSQL server answers (set TEST_DATABASE_URL or run one on 127.0.0.1:5432)")
    if seeded not in templates:
        name = f"tb_template_{'seeded' if seeded else 'migrated'}_{uuid.uuid4().hex[:8]}"
        in_thread(lambda: asyncio.run(_pg_execute(server, f'CREATE DATABASE "{name}"')))
        templates[seeded] = name
        url = server.set(database=name).render_as_string(hide_password=False)
        in_thread(_migrate_and_maybe_seed, url, seeded)
    name = f"tb_test_{uuid.uuid4().hex[:12]}"
    template = templates[seeded]
    in_thread(lambda: asyncio.run(_pg_execute(server, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        in_thread(_drop, server, name)


@pytest.fixture
def postgres_url(_postgres_server: URL | None, _postgres_templates: dict[bool, str]) -> Iterator[str]:
    yield from _postgres_database(_postgres_server, _postgres_templates, seeded=False)


@pytest.fixture
def seeded_postgres_url(_postgres_server: URL | None, _postgres_templates: dict[bool, str]) -> Iterator[str]:
    yield from _postgres_database(_postgres_server, _postgres_templates, seeded=True)


# --- Both -----------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_db_url(request: pytest.FixtureRequest) -> str:
    name = "seeded_sqlite_url" if request.param == "sqlite" else "seeded_postgres_url"
    return str(request.getfixturevalue(name))
