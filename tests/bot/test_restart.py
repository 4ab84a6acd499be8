"""Dialog state lives in the database: a question asked before a restart is answered after it."""

from __future__ import annotations

import aiohttp
from aiohttp.test_utils import TestServer

from app import create_app
from logs import AccessLogger
from settings import Settings
from tests.bot.channel import MEGAN
from tests.bot.conftest import BotUnderTest
from tests.cardcheck import card_texts


async def test_find_question_survives_a_restart(bot: BotUnderTest) -> None:
    await bot.say("find", user=MEGAN)
    assert "Who are you looking for" in bot.channel.texts()[0]
    bot.channel.clear()

    # A second process (a restart, or another replica) on the same database takes the answer.
    settings = Settings(DATABASE_URL=bot.database_url, HOST="127.0.0.1", PORT=0)  # type: ignore[call-arg]
    replica = TestServer(await create_app(settings), host="127.0.0.1", access_log_class=AccessLogger)
    await replica.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            response = await http.post(
                replica.make_url("/api/messages"), json=bot.activity("C1005", user=MEGAN)
            )
            assert response.status in (200, 201), await response.text()
    finally:
        await replica.close()
    [card] = bot.channel.cards()
    assert "C1005" in card_texts(card)
