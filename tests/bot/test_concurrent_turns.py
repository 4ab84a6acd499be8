"""Two turns at once in one conversation (a double click, two quick messages, two replicas behind a
load balancer): each gets its normal answer, never an error, and the stored dialog state stays one
consistent dialog."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from app import TURN_ERROR_MESSAGE
from cards.base import Verb
from store.db import create_engine, session_factory
from store.models import BotStateItem
from tests.bot.channel import MEGAN
from tests.bot.conftest import BotUnderTest
from tests.bot.replicas import GatedChannel, serve_gated_channel, serve_replica
from tests.cardcheck import card_texts

QUESTION = "Who are you looking for? A name, an email or a candidate id."
CONVERSATION = f"a:personal-{MEGAN.aad_object_id}"


@pytest.fixture
async def gated() -> AsyncIterator[tuple[GatedChannel, str]]:
    async with serve_gated_channel() as served:
        yield served


async def _stored_states(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            keys = await session.scalars(
                select(BotStateItem.key).where(BotStateItem.key.contains(CONVERSATION))
            )
            return list(keys)
    finally:
        await engine.dispose()


async def _post(bot: BotUnderTest, text: str) -> int:
    response = await bot.post(bot.activity(text, user=MEGAN))
    return response.status


async def test_two_find_messages_at_once_both_get_the_question_and_one_dialog_remains(
    seeded_sqlite_url: str, gated: tuple[GatedChannel, str]
) -> None:
    channel, channel_url = gated
    async with serve_replica(seeded_sqlite_url, channel, channel_url) as bot:
        await bot.say("help", user=MEGAN)  # the conversation has stored state from here on
        channel.clear()
        channel.close()
        turns = [asyncio.create_task(_post(bot, "find")) for _ in range(2)]
        assert await channel.messages_waiting(1, within=30)
        # The second turn waits for the first instead of racing it for the conversation's state.
        racing = await channel.messages_waiting(2, within=1.0)
        channel.open()
        assert await asyncio.gather(*turns) == [201, 201]

        assert TURN_ERROR_MESSAGE not in channel.texts()
        assert channel.texts() == [QUESTION, QUESTION]
        assert not racing, "the second turn ran alongside the first in the same process"
        channel.clear()
        await bot.say("C1005", user=MEGAN)  # answers the one open question
        [card] = channel.cards()
        assert "C1005" in card_texts(card)
        assert len(await _stored_states(seeded_sqlite_url)) == 1


async def test_two_replicas_taking_turns_of_one_conversation_at_once_both_answer_normally(
    seeded_db_url: str, gated: tuple[GatedChannel, str]
) -> None:
    channel, channel_url = gated
    async with (
        serve_replica(seeded_db_url, channel, channel_url) as one,
        serve_replica(seeded_db_url, channel, channel_url) as two,
    ):
        await one.say("help", user=MEGAN)  # the conversation has stored state from here on
        channel.clear()
        channel.close()
        turns = [asyncio.create_task(_post(one, "find")), asyncio.create_task(_post(two, "find"))]
        # Both turns have read the conversation's state and asked; neither has saved it yet.
        assert await channel.messages_waiting(2, within=30)
        channel.open()
        assert await asyncio.gather(*turns) == [201, 201]

        assert TURN_ERROR_MESSAGE not in channel.texts()
        assert channel.texts() == [QUESTION, QUESTION]
        channel.clear()
        await two.say("C1005", user=MEGAN)
        [card] = channel.cards()
        assert "C1005" in card_texts(card)
        assert channel.texts() == []
        # The question is answered on both replicas: a bare id now is no command, so the help card.
        channel.clear()
        await one.say("C1001", user=MEGAN)
        [help_card] = channel.cards()
        assert "C1001" not in card_texts(help_card) and "Talent Bridge" in card_texts(help_card)
        assert len(await _stored_states(seeded_db_url)) == 1



async def test_a_double_clicked_find_button_answers_both_clicks(
    seeded_sqlite_url: str, gated: tuple[GatedChannel, str]
) -> None:
    channel, channel_url = gated
    async with serve_replica(seeded_sqlite_url, channel, channel_url) as bot:
        await bot.say("help", user=MEGAN)
        channel.clear()
        clicks = [
            asyncio.create_task(bot.press(Verb.FIND, {"query": "C1005"}, user=MEGAN)) for _ in range(2)
        ]
        answers = await asyncio.gather(*clicks)
        assert [answer["value"] for answer in answers] == ['Searching for "C1005".'] * 2
        assert [("C1005" in card_texts(card)) for card in channel.cards()] == [True, True]
        assert TURN_ERROR_MESSAGE not in channel.texts()
