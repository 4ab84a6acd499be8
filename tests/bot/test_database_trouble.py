"""A database that cannot take writes (its SQLite file deleted, locked by someone else): /readyz says
so, a turn ends well before Teams stops waiting (15 s), and the user is asked politely, in their
language, to try again; nothing of the turn's state is half-written."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app import TURN_ERROR_MESSAGE
from bot.turns import DATABASE_UNAVAILABLE, STATE_NOT_SAVED
from cards.base import Verb
from i18n import translator
from tests.bot.channel import MEGAN, RecordingChannel
from tests.bot.conftest import BotUnderTest
from tests.bot.replicas import serve_replica
from tests.cardcheck import card_texts

BUSY_SECONDS = 0.5
CONVERSATION = f"a:personal-{MEGAN.aad_object_id}"
LOCALES = ["en-US", "da-DK", "nb-NO", "nl-NL", "sv-SE"]
QUESTION = "Who are you looking for? A name, an email or a candidate id."


@asynccontextmanager
async def _bot(database_url: str, channel: tuple[RecordingChannel, str]) -> AsyncIterator[BotUnderTest]:
    recording, channel_url = channel
    async with serve_replica(
        database_url, recording, channel_url, DATABASE_BUSY_SECONDS=BUSY_SECONDS
    ) as bot:
        yield bot


async def _readiness(bot: BotUnderTest) -> tuple[int, Any, float]:
    started = time.monotonic()
    async with bot.http.get(bot.url.rsplit("/api/messages", 1)[0] + "/readyz") as response:
        return response.status, await response.json(), time.monotonic() - started


def _path(database_url: str) -> Path:
    return Path(str(make_url(database_url).database))


@contextmanager
def _sqlite_write_lock(database_url: str) -> Iterator[None]:
    """Someone else (a backup, a console, another process) holds the database's write lock."""
    holder = sqlite3.connect(_path(database_url), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _stored_state_rows(database_url: str) -> int:
    with sqlite3.connect(_path(database_url)) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM bot_state WHERE key LIKE ?", (f"%{CONVERSATION}%",)
            ).fetchone()[0]
        )


def _said(locale: str, message: str) -> str:
    return translator(locale).gettext(message)


async def test_a_deleted_sqlite_file_is_not_ready_and_nothing_is_written_elsewhere(
    seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]
) -> None:
    async with _bot(seeded_sqlite_url, channel) as bot:
        await bot.say("help", user=MEGAN)  # the engine holds open connections to the file
        assert (await _readiness(bot))[:2] == (200, {"status": "ready", "database": "ok"})
        database = _path(seeded_sqlite_url)
        for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)

        status, body, _ = await _readiness(bot)
        assert (status, body) == (503, {"status": "unavailable", "database": "missing"})

        bot.channel.clear()
        await bot.say("find", user=MEGAN, locale="da-DK")
        assert bot.channel.texts() == [_said("da-DK", DATABASE_UNAVAILABLE)]
        assert not database.exists(), "no new, empty database appears in place of the deleted one"


async def test_a_button_pressed_while_the_database_is_gone_gets_a_polite_answer(
    seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]
) -> None:
    async with _bot(seeded_sqlite_url, channel) as bot:
        await bot.say("help", user=MEGAN)
        database = _path(seeded_sqlite_url)
        for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        bot.channel.clear()
        answer = await bot.press(Verb.FIND, {"query": "anna"}, user=MEGAN, locale="nl-NL")
        assert answer == {
            "statusCode": 200,
            "type": "application/vnd.microsoft.activity.message",
            "value": _said("nl-NL", DATABASE_UNAVAILABLE),
        }
        assert bot.channel.sent() == []


async def test_a_search_in_the_compose_box_while_the_database_is_gone_gets_a_polite_answer(
    seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]
) -> None:
    async with _bot(seeded_sqlite_url, channel) as bot:
        await bot.say("help", user=MEGAN)
        database = _path(seeded_sqlite_url)
        for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        bot.channel.clear()
        value = {"commandId": "findCandidate", "parameters": [{"name": "query", "value": "anna"}]}
        search = bot.activity(
            user=MEGAN, activity_type="invoke", name="composeExtension/query", value=value, locale="sv-SE"
        )
        response = await bot.post(search)
        assert response.status == 200
        assert await response.json() == {
            "composeExtension": {"type": "message", "text": _said("sv-SE", DATABASE_UNAVAILABLE)}
        }
        assert bot.channel.sent() == []


async def test_a_restored_sqlite_file_is_used_again(
    seeded_sqlite_url: str, channel: tuple[RecordingChannel, str], tmp_path: Path
) -> None:
    database = _path(seeded_sqlite_url)
    backup = tmp_path / "backup.db"
    with sqlite3.connect(database) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    source.close()
    target.close()
    async with _bot(seeded_sqlite_url, channel) as bot:
        await bot.say("help", user=MEGAN)
        for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        assert (await _readiness(bot))[0] == 503
        backup.rename(database)  # the operator restores the file

        assert (await _readiness(bot))[:2] == (200, {"status": "ready", "database": "ok"})
        bot.channel.clear()
        await bot.say("find C1005", user=MEGAN)
        [card] = bot.channel.cards()
        assert "C1005" in card_texts(card)


async def test_a_locked_database_is_not_ready_and_the_probe_answers_quickly(
    seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]
) -> None:
    async with _bot(seeded_sqlite_url, channel) as bot:
        with _sqlite_write_lock(seeded_sqlite_url):
            status, body, seconds = await _readiness(bot)
            assert (status, body) == (503, {"status": "unavailable", "database": "locked"})
            assert seconds < 3
        assert (await _readiness(bot))[:2] == (200, {"status": "ready", "database": "ok"})


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_turn_whose_state_cannot_be_saved_asks_to_try_again_and_writes_nothing(
    locale: str, seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]
) -> None:
    async with _bot(seeded_sqlite_url, channel) as bot:
        with _sqlite_write_lock(seeded_sqlite_url):
            started = time.monotonic()
            await bot.say("find", user=MEGAN, locale=locale)
            seconds = time.monotonic() - started
        texts = bot.channel.texts()
        assert texts[-1] == _said(locale, STATE_NOT_SAVED)
        assert _said("en", TURN_ERROR_MESSAGE) not in texts and _said(locale, TURN_ERROR_MESSAGE) not in texts
        if locale != "en-US":
            assert texts[-1] != STATE_NOT_SAVED, "said in the user's language"
        assert seconds < BUSY_SECONDS + 5, "well before Teams stops waiting"
        assert _stored_state_rows(seeded_sqlite_url) == 0

        # The database is free again: the same message works.
        bot.channel.clear()
        await bot.say("find", user=MEGAN, locale=locale)
        assert bot.channel.texts() == [_said(locale, QUESTION)]
        assert _stored_state_rows(seeded_sqlite_url) == 1


async def test_postgresql_locked_against_writes_is_not_ready_and_turns_end_politely(
    seeded_postgres_url: str, channel: tuple[RecordingChannel, str]
) -> None:
    async with _bot(seeded_postgres_url, channel) as bot:
        assert (await _readiness(bot))[:2] == (200, {"status": "ready", "database": "ok"})
        dsn = make_url(seeded_postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
        holder = await asyncpg.connect(dsn)
        try:
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute("LOCK TABLE bot_state IN SHARE MODE")  # reads go on, writes wait
            status, body, seconds = await _readiness(bot)
            assert (status, body) == (503, {"status": "unavailable", "database": "locked"})
            assert seconds < 3

            started = time.monotonic()
            await bot.say("find", user=MEGAN, locale="sv-SE")
            assert time.monotonic() - started < BUSY_SECONDS + 5
            assert bot.channel.texts()[-1] == _said("sv-SE", STATE_NOT_SAVED)
            await transaction.rollback()
            stored = await holder.fetchval(
                "SELECT count(*) FROM bot_state WHERE key LIKE $1", f"%{CONVERSATION}%"
            )
            assert stored == 0
        finally:
            await holder.close()
        assert (await _readiness(bot))[:2] == (200, {"status": "ready", "database": "ok"})
