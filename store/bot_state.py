"""The SDK's keyed bot state (dialog stacks, conversation and user state) in the ATS database, with
optimistic concurrency by e-tag. Plain SQL: bot/storage.py adapts it to botbuilder's Storage.

A write names, per key, the e-tag the caller last read (or None: overwrite). When the stored item
has another e-tag, nothing at all is written and StateConflict is raised, so two replicas handling
the same conversation cannot silently overwrite each other.

Not tenant-scoped, by nature: the SDK's keys name the channel and the conversation (or the user), and
the SDK reads and writes them before and apart from any tenant lookup. A Teams conversation id is
unique on its own, so one conversation's state is never another's. This is the one repository of
store/ that takes no tenant (tests/store/test_tenant_scoping.py names it).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.models import BotStateItem, utcnow

_MAX_KEY = 512  # the column's length


class StateConflict(Exception):
    """The stored item changed since the caller read it (its e-tag differs)."""

    def __init__(self, key: str, expected_etag: str) -> None:
        super().__init__(f"e-tag conflict on {key!r}: the item changed since it was read ({expected_etag!r})")
        self.key = key
        self.expected_etag = expected_etag


@dataclass(frozen=True)
class StoredState:
    data: dict[str, Any]
    etag: str


@dataclass(frozen=True)
class StateChange:
    data: dict[str, Any]
    # The e-tag read earlier; None means overwrite whatever is stored. When the key does not exist
    # (any more), the item is created whatever the e-tag says (as botbuilder's MemoryStorage does).
    expected_etag: str | None = None


def storage_key(key: str) -> str:
    """The column value for an SDK key: keys longer than the column keep a prefix plus a hash."""
    if len(key) <= _MAX_KEY:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: _MAX_KEY - len(digest) - 1]}#{digest}"


def new_etag() -> str:
    return uuid.uuid4().hex


class BotStateRepository:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def read(self, keys: Iterable[str]) -> dict[str, StoredState]:
        """The stored items among `keys` (missing keys are simply absent from the result)."""
        by_column = {storage_key(key): key for key in keys}
        if not by_column:
            return {}
        async with self._session_factory() as session:
            rows = await session.execute(
                select(BotStateItem.key, BotStateItem.data, BotStateItem.etag).where(
                    BotStateItem.key.in_(list(by_column))
                )
            )
            return {by_column[key]: StoredState(data, etag) for key, data, etag in rows}

    async def write(self, changes: Mapping[str, StateChange]) -> dict[str, str]:
        """Write all changes in one transaction; returns the new e-tag per key.

        Raises StateConflict (and writes nothing) when an expected e-tag does not match.
        """
        etags: dict[str, str] = {}
        if not changes:
            return etags
        async with self._session_factory() as session, session.begin():
            for key, change in changes.items():
                etag = new_etag()
                if change.expected_etag is None:
                    await self._upsert(session, storage_key(key), change.data, etag)
                elif not await self._replace_if_match(
                    session, storage_key(key), change.data, change.expected_etag, etag
                ):
                    raise StateConflict(key, change.expected_etag)
                etags[key] = etag
        return etags

    async def delete(self, keys: Iterable[str]) -> None:
        """Remove the items; missing keys are ignored."""
        columns = [storage_key(key) for key in keys]
        if not columns:
            return
        async with self._session_factory() as session, session.begin():
            await session.execute(delete(BotStateItem).where(BotStateItem.key.in_(columns)))

    @staticmethod
    def _insert(session: AsyncSession) -> Any:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            return postgresql.insert(BotStateItem)
        if dialect == "sqlite":
            return sqlite.insert(BotStateItem)
        raise NotImplementedError(f"bot state storage does not support {dialect}")

    async def _upsert(self, session: AsyncSession, key: str, data: dict[str, Any], etag: str) -> None:
        now = utcnow()
        statement = self._insert(session).values(key=key, data=data, etag=etag, updated_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[BotStateItem.key], set_={"data": data, "etag": etag, "updated_at": now}
        )
        await session.execute(statement)

    async def _replace_if_match(
        self, session: AsyncSession, key: str, data: dict[str, Any], expected: str, etag: str
    ) -> bool:
        now = utcnow()
        updated = await session.execute(
            update(BotStateItem)
            .where(BotStateItem.key == key, BotStateItem.etag == expected)
            .values(data=data, etag=etag, updated_at=now)
            .returning(BotStateItem.key)
        )
        if updated.first() is not None:
            return True
        # No match: either the item changed (conflict) or it does not exist (create it).
        inserted = await session.execute(
            self._insert(session)
            .values(key=key, data=data, etag=etag, updated_at=now)
            .on_conflict_do_nothing(index_elements=[BotStateItem.key])
            .returning(BotStateItem.key)
        )
        return inserted.first() is not None
