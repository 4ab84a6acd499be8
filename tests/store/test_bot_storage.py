"""SqlStorage: botbuilder's Storage on the ATS database, with e-tag optimistic concurrency."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from botbuilder.core import StoreItem, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogInstance, DialogState
from botbuilder.schema import Activity, ActivityTypes, ConversationAccount

from bot.storage import EtagConflictError, SharedConversationState, SqlStorage, TurnStateNotSaved
from store.db import create_engine, session_factory


@pytest.fixture
async def storage(db_url: str) -> AsyncIterator[SqlStorage]:
    engine = create_engine(db_url)
    yield SqlStorage(session_factory(engine))
    await engine.dispose()


async def test_read_returns_only_existing_keys_with_an_etag(storage: SqlStorage) -> None:
    assert await storage.read([]) == {}
    await storage.write({"msteams/conversations/a": {"count": 1, "name": "Søren"}})
    items = await storage.read(["msteams/conversations/a", "missing"])
    assert set(items) == {"msteams/conversations/a"}
    item = items["msteams/conversations/a"]
    assert item["count"] == 1 and item["name"] == "Søren" and item["e_tag"]


async def test_write_with_the_read_etag_succeeds_and_changes_the_etag(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1}})
    first = (await storage.read(["k"]))["k"]
    first["count"] = 2
    await storage.write({"k": first})
    second = (await storage.read(["k"]))["k"]
    assert second["count"] == 2 and second["e_tag"] != first.get("previous") and second["e_tag"]
    second["count"] = 3
    await storage.write({"k": second})
    await storage.write({"k": second})  # the caller's item carries the new e-tag: saving twice is fine
    assert (await storage.read(["k"]))["k"]["count"] == 3


async def test_a_stale_etag_is_a_conflict_and_writes_nothing(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1}, "other": {"v": 1}})
    mine = (await storage.read(["k"]))["k"]
    theirs = (await storage.read(["k"]))["k"]
    theirs["count"] = 10
    await storage.write({"k": theirs})

    mine["count"] = 2
    with pytest.raises(EtagConflictError):
        await storage.write({"other": {"v": 2}, "k": mine})
    with pytest.raises(KeyError):  # what MemoryStorage raises
        await storage.write({"k": mine})
    after = await storage.read(["k", "other"])
    assert after["k"]["count"] == 10 and after["other"]["v"] == 1  # the whole write was refused


async def test_star_etag_and_no_etag_overwrite(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1}})
    stale = (await storage.read(["k"]))["k"]
    await storage.write({"k": {"count": 2}})
    await storage.write({"k": {"count": 3, "e_tag": "*"}})
    assert (await storage.read(["k"]))["k"]["count"] == 3
    with pytest.raises(EtagConflictError):
        await storage.write({"k": stale})


async def test_an_empty_etag_is_refused(storage: SqlStorage) -> None:
    with pytest.raises(ValueError):
        await storage.write({"k": {"e_tag": ""}})


async def test_an_etag_for_a_missing_item_creates_it(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1, "e_tag": "from-a-deleted-item"}})
    assert (await storage.read(["k"]))["k"]["count"] == 1


async def test_store_items_round_trip_with_their_etag(storage: SqlStorage) -> None:
    await storage.write({"item": StoreItem(counter=1, e_tag="*")})
    item = (await storage.read(["item"]))["item"]
    assert isinstance(item, StoreItem) and item.counter == 1 and item.e_tag not in (None, "*")
    item.counter = 2
    await storage.write({"item": item})
    stale = StoreItem(counter=99, e_tag="stale")
    with pytest.raises(EtagConflictError):
        await storage.write({"item": stale})
    assert (await storage.read(["item"]))["item"].counter == 2


async def test_delete_removes_items_and_ignores_missing_keys(storage: SqlStorage) -> None:
    await storage.write({"a": {"v": 1}, "b": {"v": 2}})
    await storage.delete(["a", "missing"])
    await storage.delete([])
    assert set(await storage.read(["a", "b"])) == {"b"}


async def test_long_keys_are_stored_and_read_back(storage: SqlStorage) -> None:
    key = "msteams/conversations/19:" + "x" * 900 + "@thread.tacv2;messageid=1/"
    other = key[:-1] + "2"
    await storage.write({key: {"v": 1}, other: {"v": 2}})
    items = await storage.read([key, other])
    assert items[key]["v"] == 1 and items[other]["v"] == 2


async def test_dialog_state_survives_a_restart(db_url: str) -> None:
    """A new engine (a restarted process or another replica) reads what the first one wrote."""
    key = "msteams/conversations/a:personal-alex/"
    state = DialogState([DialogInstance("find", {"options": {"query": "Åsa"}, "values": {"step": 1}})])
    first = create_engine(db_url)
    await SqlStorage(session_factory(first)).write({key: {"DialogState": state}})
    await first.dispose()

    second = create_engine(db_url)
    try:
        storage = SqlStorage(session_factory(second))
        restored = (await storage.read([key]))[key]
        dialog_state = restored["DialogState"]
        assert isinstance(dialog_state, DialogState)
        assert dialog_state.dialog_stack[0].id == "find"
        assert dialog_state.dialog_stack[0].state["options"]["query"] == "Åsa"
    finally:
        await second.dispose()


async def test_two_replicas_cannot_both_win_the_same_write(db_url: str) -> None:
    engines = [create_engine(db_url), create_engine(db_url)]
    try:
        one, two = (SqlStorage(session_factory(e)) for e in engines)
        await one.write({"k": {"turn": 0}})
        seen_by_one = (await one.read(["k"]))["k"]
        seen_by_two = (await two.read(["k"]))["k"]
        seen_by_one["turn"] = 1
        seen_by_two["turn"] = 2
        await one.write({"k": seen_by_one})
        with pytest.raises(EtagConflictError):
            await two.write({"k": seen_by_two})
        assert (await two.read(["k"]))["k"]["turn"] == 1
    finally:
        for engine in engines:
            await engine.dispose()


# --- SharedConversationState: a turn's save after another turn saved first ----------------------


def _turn(conversation: str = "a:personal-megan") -> TurnContext:
    activity = Activity(
        type=ActivityTypes.message, channel_id="msteams", conversation=ConversationAccount(id=conversation)
    )
    return TurnContext(TestAdapter(), activity)


async def test_a_turn_saved_after_another_keeps_both_turns_changes(storage: SqlStorage) -> None:
    state = SharedConversationState(storage)
    dialog, mute = state.create_property("DialogState"), state.create_property("Muted")
    seed = _turn()
    await dialog.set(seed, {"stack": ["help"]})
    await mute.set(seed, False)
    await state.save_changes(seed)

    mine, theirs = _turn(), _turn()  # both read the same stored state
    await state.load(mine)
    await state.load(theirs)
    await dialog.set(mine, {"stack": ["find"]})
    await mute.set(theirs, True)
    await state.save_changes(theirs)
    await state.save_changes(mine)  # meets the other turn's e-tag: applied onto its state

    key = state.get_storage_key(mine)
    stored = (await storage.read([key]))[key]
    assert stored["DialogState"] == {"stack": ["find"]} and stored["Muted"] is True
    await state.save_changes(mine)  # nothing new: no write, no conflict
    await dialog.set(mine, {"stack": []})
    await state.save_changes(mine)  # the turn carries the merged e-tag on
    stored = (await storage.read([key]))[key]
    assert stored["DialogState"] == {"stack": []} and stored["Muted"] is True


class _BusyConversation(SqlStorage):
    """The real storage, where another replica saves the conversation just before each write."""

    def __init__(self, storage: SqlStorage, rivals: int) -> None:
        self.__dict__.update(storage.__dict__)
        self.rivals = rivals

    async def write(self, changes: dict[str, Any]) -> None:
        if self.rivals:
            self.rivals -= 1
            for key in changes:
                current = (await self.read([key])).get(key) or {}
                await SqlStorage.write(self, {key: {**current, "Rival": self.rivals}})
        await super().write(changes)


async def test_a_turn_that_keeps_losing_the_race_writes_nothing(storage: SqlStorage) -> None:
    seed_state = SharedConversationState(storage)
    seed = _turn()
    await seed_state.create_property("DialogState").set(seed, {"stack": ["help"]})
    await seed_state.save_changes(seed)

    busy = _BusyConversation(storage, rivals=1 + SharedConversationState.MERGE_ATTEMPTS)
    state = SharedConversationState(busy)
    mine = _turn()
    await state.load(mine)
    await state.create_property("DialogState").set(mine, {"stack": ["find"]})
    with pytest.raises(TurnStateNotSaved):
        await state.save_changes(mine)
    key = state.get_storage_key(mine)
    stored = (await storage.read([key]))[key]
    assert stored["DialogState"] == {"stack": ["help"]} and stored["Rival"] == 0
