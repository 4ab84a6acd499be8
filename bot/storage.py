"""botbuilder Storage on the ATS database, so dialog state survives a restart and replicas share it.

Semantics follow botbuilder's MemoryStorage (and its Cosmos DB storage for e-tags):
- read(keys) returns only the keys that exist; every item comes back with its "e_tag".
- write(changes): an item without an e-tag, or with "*", overwrites; an item with an e-tag is written
  only when the stored e-tag still matches, else EtagConflictError (a KeyError, as MemoryStorage
  raises) and nothing of that call is written. An empty e-tag is refused. After a write the caller's
  item carries the new e-tag, so saving the same state twice in one turn does not conflict.
- delete(keys) ignores keys that do not exist.

Items are dicts (what BotState writes) or objects such as StoreItem; they are stored as JSON with
jsonpickle (as botbuilder's Azure storages do) so dialog stacks round-trip as their own classes.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpickle
from botbuilder.core import Storage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.bot_state import BotStateRepository, StateChange, StateConflict

_ETAG = "e_tag"
_WRAPPED = "tb/value"


class EtagConflictError(KeyError):
    """The item was changed by someone else since it was read."""


class SqlStorage(Storage):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        super().__init__()
        self._repository = BotStateRepository(session_factory)

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        stored = await self._repository.read(keys)
        result: dict[str, Any] = {}
        for key, item in stored.items():
            value = _from_json(item.data)
            _set_etag(value, item.etag)
            result[key] = value
        return result

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("Changes are required when writing")
        if not changes:
            return
        prepared: dict[str, StateChange] = {}
        for key, value in changes.items():
            etag = _get_etag(value)
            if etag == "":
                raise ValueError(f"SqlStorage.write(): e-tag missing for {key!r}")
            data = _to_json(value)
            prepared[key] = StateChange(data, None if etag in (None, "*") else str(etag))
        try:
            new_etags = await self._repository.write(prepared)
        except StateConflict as conflict:
            raise EtagConflictError(str(conflict)) from conflict
        for key, value in changes.items():
            _set_etag(value, new_etags[key])

    async def delete(self, keys: list[str]) -> None:
        if keys:
            await self._repository.delete(keys)


def _get_etag(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get(_ETAG)
    return getattr(value, _ETAG, None)


def _set_etag(value: Any, etag: str) -> None:
    if isinstance(value, dict):
        value[_ETAG] = etag
    else:
        try:
            setattr(value, _ETAG, etag)
        except (AttributeError, TypeError):
            pass  # an immutable value: nothing to carry the e-tag on


def _to_json(value: Any) -> dict[str, Any]:
    """The item as a JSON object, without its e-tag (the e-tag lives in its own column)."""
    item = copy.copy(value)
    if isinstance(item, dict):
        item.pop(_ETAG, None)
    elif hasattr(item, "__dict__") and _ETAG in vars(item):
        delattr(item, _ETAG)
    flattened = jsonpickle.Pickler(unpicklable=True, make_refs=False).flatten(item)
    if not isinstance(flattened, dict):
        flattened = {_WRAPPED: flattened}  # bare values (lists, numbers) are stored wrapped
    return flattened


def _from_json(data: dict[str, Any]) -> Any:
    if set(data) == {_WRAPPED}:
        data = data[_WRAPPED]
    return jsonpickle.Unpickler(safe=True).restore(data)
