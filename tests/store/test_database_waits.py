"""How long the app waits on a busy database, and which failures mean "the database cannot serve
right now" (the user is asked to try again) rather than a bug (the generic error)."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.engine import make_url

from settings import Settings
from store.db import DEFAULT_BUSY_SECONDS, create_engine, database_trouble, probe_write


def test_the_default_wait_stays_well_under_what_teams_waits_for() -> None:
    assert Settings().database_busy_seconds == DEFAULT_BUSY_SECONDS == 5.0  # type: ignore[call-arg]
    assert Settings(DATABASE_BUSY_SECONDS="2.5").database_busy_seconds == 2.5  # type: ignore[call-arg]
    for too_long_or_none in ("15", "0", "-1"):
        with pytest.raises(ValidationError):
            Settings(DATABASE_BUSY_SECONDS=too_long_or_none)  # type: ignore[call-arg]


async def test_sqlite_waits_the_busy_timeout_for_a_lock(sqlite_url: str) -> None:
    engines = ((create_engine(sqlite_url), 5000), (create_engine(sqlite_url, busy_seconds=1.5), 1500))
    for engine, expected in engines:
        try:
            async with engine.connect() as connection:
                assert await connection.scalar(text("PRAGMA busy_timeout")) == expected
        finally:
            await engine.dispose()


async def test_postgresql_waits_the_busy_timeout_for_a_lock(postgres_url: str) -> None:
    engine = create_engine(postgres_url, busy_seconds=2)
    try:
        async with engine.connect() as connection:
            assert await connection.scalar(text("SHOW lock_timeout")) == "2s"
    finally:
        await engine.dispose()


async def test_the_write_probe_leaves_nothing_behind(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        await probe_write(engine)
        await probe_write(engine)
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT count(*) FROM bot_state")) == 0
            if connection.dialect.name == "sqlite":  # the probe's short wait does not stick
                assert await connection.scalar(text("PRAGMA busy_timeout")) == 5000
    finally:
        await engine.dispose()


async def test_a_lock_is_trouble_but_a_missing_table_is_a_bug(sqlite_url: str) -> None:
    path = Path(str(make_url(sqlite_url).database))
    engine = create_engine(sqlite_url, busy_seconds=0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(Exception) as locked:
            async with engine.begin() as connection:
                await connection.execute(text("DELETE FROM bot_state"))
        assert database_trouble(locked.value) == "locked"
        holder.execute("ROLLBACK")
        with pytest.raises(Exception) as missing_table:
            async with engine.begin() as connection:
                await connection.execute(text("SELECT * FROM no_such_table"))
        assert database_trouble(missing_table.value) is None
        assert database_trouble(ValueError("not the database")) is None
    finally:
        holder.close()
        await engine.dispose()


async def test_an_unreachable_postgresql_is_trouble_not_a_bug() -> None:
    with socket.socket() as probe:  # a free loopback port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = create_engine(f"postgresql+asyncpg://nobody@127.0.0.1:{port}/nothing", busy_seconds=1)
    try:
        with pytest.raises(Exception) as unreachable:
            await probe_write(engine)
        assert database_trouble(unreachable.value) == "unavailable"
    finally:
        await engine.dispose()
