"""Engine and session factory for SQLite (embedded default) and PostgreSQL, and what the app needs to
know when the database cannot serve it: a write probe for readiness, and which errors mean "the
database is unavailable right now" (ask the user to try again) rather than a bug."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from store.models import BotStateItem, utcnow

# How long a database call waits for a lock another connection holds, or for a free connection,
# before it gives up. Teams stops waiting for the bot's answer at 15 s, so this stays well below.
DEFAULT_BUSY_SECONDS = 5.0

_FILE_IDENTITY = "talentbridge.sqlite_file"

# SQLite primary result codes that mean the database cannot serve anyone right now.
_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_UNAVAILABLE = {7, 8, 10, 13, 14, 15}  # NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL
# PostgreSQL SQLSTATEs (and classes) of the same kind.
_PG_BUSY = {"55P03", "57014", "40001", "40P01"}  # lock wait / statement timed out, serialization, deadlock
_PG_UNAVAILABLE_CLASSES = ("08", "53", "57P")  # connection, insufficient resources, shutting down
_PG_UNAVAILABLE = {"25006"}  # read-only transaction (a standby after a failover)


class DatabaseUnavailable(Exception):
    """The database cannot serve requests right now; not a problem with the request."""


class DatabaseFileMissing(DatabaseUnavailable):
    """The SQLite file this engine serves was deleted or moved away while the app was running."""


class DatabaseUnreachable(DatabaseUnavailable):
    """A connection to the database server could not be opened."""


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL, or None (another database, or an in-memory one)."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).resolve()


def ensure_sqlite_directory(url: str) -> None:
    """SQLite creates the file but not its folder (./data on a fresh checkout)."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, *, busy_seconds: float = DEFAULT_BUSY_SECONDS) -> AsyncEngine:
    """An async engine. SQLite gets WAL, enforced foreign keys and a busy timeout of `busy_seconds`,
    and refuses to work on a file that was deleted under it; PostgreSQL gets the same wait as its
    lock_timeout and connect timeout. A free pooled connection is waited for as long."""
    milliseconds = max(1, int(busy_seconds * 1000))
    if is_sqlite(url):
        ensure_sqlite_directory(url)
        path = sqlite_file(url)
        pool_args: dict[str, Any] = {"pool_timeout": busy_seconds} if path is not None else {}
        engine = create_async_engine(url, connect_args={"timeout": busy_seconds}, **pool_args)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={milliseconds}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        if path is not None:
            _watch_sqlite_file(engine, path)
        return engine
    connect_args: dict[str, Any] = {}
    if make_url(url).get_driver_name() == "asyncpg":
        connect_args = {"timeout": busy_seconds, "server_settings": {"lock_timeout": f"{milliseconds}ms"}}
    engine = create_async_engine(
        url, pool_pre_ping=True, pool_timeout=busy_seconds, connect_args=connect_args
    )
    _name_connection_failures(engine)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def _watch_sqlite_file(engine: AsyncEngine, path: Path) -> None:
    """A SQLite connection keeps reading and writing a deleted file (the open descriptor outlives the
    name), so deleting the database would lose every later write without an error. Each checkout
    therefore checks that the path still names the file the connection opened: when it is gone, the
    checkout fails (DatabaseFileMissing) and no new empty file is created in its place; when it was
    replaced (a restore), the connection is reopened on the new file."""
    opened = False

    @event.listens_for(engine.sync_engine, "do_connect")
    def _refuse_to_recreate(_dialect: Dialect, _record: Any, _args: Any, _kwargs: Any) -> None:
        if opened and _file_identity(path) is None:
            raise DatabaseFileMissing(f"the SQLite database {path} is gone")

    @event.listens_for(engine.sync_engine, "connect")
    def _remember_file(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        nonlocal opened
        record.info[_FILE_IDENTITY] = _file_identity(path)
        opened = True

    @event.listens_for(engine.sync_engine, "checkout")
    def _check_file(_dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        current = _file_identity(path)
        if current is None:
            raise DatabaseFileMissing(f"the SQLite database {path} is gone")
        if current != record.info.get(_FILE_IDENTITY):
            raise DisconnectionError("the SQLite database file was replaced: reopening it")


def _name_connection_failures(engine: AsyncEngine) -> None:
    """asyncpg reports a refused or timed-out connection as a bare OSError/TimeoutError, which says
    nothing about where it came from; name it, so callers can tell it from other network errors."""

    @event.listens_for(engine.sync_engine, "do_connect")
    def _connect(dialect: Dialect, _record: Any, args: Any, kwargs: Any) -> Any:
        try:
            return dialect.connect(*args, **kwargs)
        except (OSError, TimeoutError) as error:
            raise DatabaseUnreachable(f"cannot connect to the database: {type(error).__name__}") from error


def database_trouble(error: BaseException) -> str | None:
    """Why the database could not serve a request, when that is what `error` (or its cause) says:
    "missing" (the SQLite file is gone), "locked" (someone else holds the lock, or the wait ran
    out) or "unavailable" (unreachable, read-only, full, failing). None for anything else, such as
    a bug in a query or a constraint violation."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        reason = _trouble_of(current)
        if reason is not None:
            return reason
        current = current.__cause__
    return None


def _trouble_of(error: BaseException) -> str | None:
    if isinstance(error, DatabaseFileMissing):
        return "missing"
    if isinstance(error, DatabaseUnavailable):
        return "unavailable"
    if isinstance(error, PoolTimeout):
        return "locked"
    if not isinstance(error, DBAPIError):
        return None
    if error.connection_invalidated:
        return "unavailable"
    original = error.orig
    if isinstance(original, sqlite3.Error):
        code = (getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in _SQLITE_BUSY:
            return "locked"
        return "unavailable" if code in _SQLITE_UNAVAILABLE else None
    state = getattr(original, "sqlstate", None)
    if not isinstance(state, str):
        return None
    if state in _PG_BUSY:
        return "locked"
    if state in _PG_UNAVAILABLE or state.startswith(_PG_UNAVAILABLE_CLASSES):
        return "unavailable"
    return None


async def probe_write(engine: AsyncEngine, *, wait_seconds: float = 1.0) -> None:
    """Make a real write that takes the database's write lock (a row in bot_state), and roll it back:
    nothing stays behind. Raises what the database raises when no write can be made within
    `wait_seconds` (locked, read-only, gone, unreachable); see database_trouble."""
    milliseconds = max(1, int(wait_seconds * 1000))
    probe = insert(BotStateItem).values(
        key=f"talentbridge/readiness-probe/{uuid.uuid4().hex}", data={}, etag="probe", updated_at=utcnow()
    )
    async with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            busy = await connection.scalar(text("PRAGMA busy_timeout"))
            await connection.exec_driver_sql(f"PRAGMA busy_timeout={milliseconds}")
            try:
                await connection.execute(probe)
            finally:
                await connection.rollback()
                await connection.exec_driver_sql(f"PRAGMA busy_timeout={int(busy or 0)}")
            return
        await connection.execute(
            text(
                "SELECT set_config('lock_timeout', :wait, true),"
                " set_config('statement_timeout', :limit, true)"
            ),
            {"wait": f"{milliseconds}ms", "limit": f"{milliseconds * 2}ms"},
        )
        await connection.execute(probe)
        await connection.rollback()
