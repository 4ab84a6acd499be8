"""Replicas starting together on one empty PostgreSQL database: each one migrates (and seeds the demo
data) as it starts. They take turns on the database's migration lock, so all of them start and the
schema is at head once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL

from store.demo_data import demo_dataset
from tests.conftest import _drop, _pg_execute, in_thread
from tests.store.test_migrations import HEAD, _schema_drift_and_tables

ROOT = Path(__file__).resolve().parents[2]
REPLICAS = 4

# A replica's start, up to the database: imports done, it waits for the word, then migrates and
# seeds exactly as `python -m store.cli seed` does.
_REPLICA = """
import sys
from store.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(["seed"]))
"""


@pytest.fixture
def empty_postgres_url(_postgres_server: URL | None) -> Iterator[str]:
    if _postgres_server is None:
        pytest.skip("no PostgreSQL server answers (set TEST_DATABASE_URL or run one on 127.0.0.1:5432)")
    server = _postgres_server
    name = f"tb_empty_{uuid.uuid4().hex[:12]}"
    in_thread(lambda: asyncio.run(_pg_execute(server, f'CREATE DATABASE "{name}"')))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        in_thread(_drop, server, name)


async def _versions_and_tenants(url: str) -> tuple[list[str], int]:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    connection = await asyncpg.connect(dsn)
    try:
        versions = [row[0] for row in await connection.fetch("SELECT version_num FROM alembic_version")]
        tenants = await connection.fetchval("SELECT count(*) FROM tenants")
        return versions, int(tenants)
    finally:
        await connection.close()


def test_replicas_starting_together_on_an_empty_database_all_start(empty_postgres_url: str) -> None:
    environment = {**os.environ, "DATABASE_URL": empty_postgres_url}
    replicas = [
        subprocess.Popen(
            [sys.executable, "-c", _REPLICA],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(REPLICAS)
    ]
    try:
        for replica in replicas:
            assert replica.stdout is not None and replica.stdout.readline().strip() == "ready"
        for replica in replicas:  # all at once: each is already waiting on its stdin
            assert replica.stdin is not None
            replica.stdin.write("go\n")
            replica.stdin.flush()
        outcomes = [replica.communicate(timeout=120) for replica in replicas]
    finally:
        for replica in replicas:
            if replica.poll() is None:
                replica.kill()
                replica.wait()

    failures = [err for replica, (_out, err) in zip(replicas, outcomes, strict=True) if replica.returncode]
    assert failures == [], failures[0][-2000:]
    versions, tenants = asyncio.run(_versions_and_tenants(empty_postgres_url))
    assert versions == [HEAD]
    assert tenants == len(demo_dataset().tenants)
    drift, tables, revision = asyncio.run(_schema_drift_and_tables(empty_postgres_url))
    assert drift == [] and revision == HEAD and "bot_state" in tables
