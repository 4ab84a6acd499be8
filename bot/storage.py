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

SharedConversationState is the SDK's ConversationState for a conversation that several turns (on
several replicas) may handle at once: when its save meets an e-tag conflict, it re-reads the stored
state and applies this turn's changes to it instead of failing the turn.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import jsonpickle
from botbuilder.core import ConversationState, Storage, TurnContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.bot_state import BotStateRepository, StateChange, StateConflict

log = logging.getLogger(__name__)

_ETAG = "e_tag"
_WRAPPED = "tb/value"
_ABSENT = object()


class EtagConflictError(KeyError):
    """The item was changed by someone else since it was read."""


class TurnStateNotSaved(Exception):
    """The turn's state could not be saved: other turns kept changing it while this one retried."""


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


class SharedConversationState(ConversationState):
    """ConversationState whose save survives a turn that another replica (or a turn that did not wait
    for this one) saved first.

    On an e-tag conflict the stored state is read again and this turn's changes are applied to it,
    property by property: what this turn changed (set, replaced or removed, compared with what it
    loaded) is taken from this turn; everything else stays as the other turn left it. That is
    written under the fresh e-tag; if yet another turn got in between, once more; then
    TurnStateNotSaved, with nothing written by this turn.
    """

    MERGE_ATTEMPTS = 2

    def __init__(self, storage: Storage) -> None:
        super().__init__(storage)
        self._loaded_key = f"{self._context_service_key}.loaded"

    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        before = self.get_cached_state(turn_context)
        await super().load(turn_context, force)
        after = self.get_cached_state(turn_context)
        if after is not before:  # read from storage just now: remember it as this turn's starting point
            turn_context.turn_state[self._loaded_key] = _properties_as_json(after.state)

    async def save_changes(self, turn_context: TurnContext, force: bool = False) -> None:
        try:
            await super().save_changes(turn_context, force)
        except EtagConflictError:
            log.info("conversation state changed under this turn: applying the turn's changes again")
            await self._save_onto_latest(turn_context)

    async def _save_onto_latest(self, turn_context: TurnContext) -> None:
        cached = self.get_cached_state(turn_context)
        key = self.get_storage_key(turn_context)
        loaded: dict[str, Any] = turn_context.turn_state.get(self._loaded_key) or {}
        ours = {name: value for name, value in cached.state.items() if name != _ETAG}
        ours_as_json = _properties_as_json(ours)
        changed = {
            name
            for name in set(ours_as_json) | set(loaded)
            if ours_as_json.get(name, _ABSENT) != loaded.get(name, _ABSENT)
        }
        for _attempt in range(self.MERGE_ATTEMPTS):
            latest = (await self._storage.read([key])).get(key)
            merged: dict[str, Any] = dict(latest) if isinstance(latest, dict) else {}
            for name in changed:
                if name in ours:
                    merged[name] = ours[name]
                else:
                    merged.pop(name, None)
            try:
                await self._storage.write({key: merged})
            except EtagConflictError:
                continue
            cached.state = merged
            cached.hash = cached.compute_hash(merged)
            turn_context.turn_state[self._loaded_key] = _properties_as_json(merged)
            return
        raise TurnStateNotSaved(f"the state of {key!r} kept changing while this turn saved it")


def _properties_as_json(state: dict[str, Any]) -> dict[str, Any]:
    """Each state property as JSON (the form it is stored in), to tell what a turn changed."""
    return {name: _to_json(value) for name, value in state.items() if name != _ETAG}
