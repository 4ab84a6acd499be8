"""Alembic environment: runs migrations on an async engine (aiosqlite or asyncpg) through run_sync.

Used programmatically by store.migrate (there is no alembic.ini); the URL comes from the config's
"url" attribute (or the "sqlalchemy.url" option), or an open connection can be handed in as
config.attributes["connection"].

Any number of instances may migrate one database at once (replicas starting together): on
PostgreSQL the upgrade runs under an advisory lock held on the migrating connection, so they take
turns and each one after the first finds the schema already at head.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from store.models import Base, described_by_the_models

config = context.config
target_metadata = Base.metadata
log = logging.getLogger("alembic.env")

# The advisory lock's key (advisory locks are per database): the bytes of "tbmigrat".
MIGRATION_LOCK_KEY = int.from_bytes(b"tbmigrat", "big")


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates the table
        include_name=described_by_the_models,
        compare_type=True,
        literal_binds=connection is None,
        dialect_opts={"paramstyle": "named"} if connection is None else {},
    )


def _url() -> str:
    # store.migrate passes the URL as an attribute: no configparser "%" interpolation to escape.
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: pass config.attributes['url'] or set 'sqlalchemy.url'")
    return str(url)


@contextmanager
def _migration_lock(connection: Connection) -> Iterator[None]:
    """One migration at a time per PostgreSQL database. A session-level advisory lock outlives the
    commit that follows it, so Alembic still runs (and commits) its own transaction inside it; when
    the caller handed in a connection already in a transaction, the lock lasts as long as that."""
    if connection.dialect.name != "postgresql":
        yield
        return
    key = {"key": MIGRATION_LOCK_KEY}
    if connection.in_transaction():
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)
        yield
        return
    if not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), key):
        log.info("another instance is migrating this database: waiting for it to finish")
        connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
    connection.commit()
    try:
        yield
    finally:
        try:
            if connection.in_transaction():
                connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            connection.commit()
        except Exception:  # the lock ends with the connection, which is closed next
            log.warning("could not release the migration lock explicitly", exc_info=True)


def _run(connection: Connection) -> None:
    with _migration_lock(connection):
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


async def _run_async(url: str) -> None:
    # Foreign keys stay off on SQLite during migrations (the default for a new connection): batch mode
    # drops and recreates tables, which would otherwise cascade deletes into child tables.
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def run_migrations_offline() -> None:
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    asyncio.run(_run_async(_url()))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
