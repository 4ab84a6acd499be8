"""A body the SDK cannot take gets a short 4xx (a card button: the error answer Teams expects), one log
line that never quotes it, and writes nothing."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from tests.bot.channel import ALEX, BOT_ID, serve_recording_channel
from tests.bot.conftest import BotUnderTest, row_counts, serve_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

WRITTEN = ("bot_state", "conversation_references")
MARKER = "do-not-log-7f3a"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(module_seeded_sqlite_url: str) -> AsyncIterator[BotUnderTest]:
    async with (
        serve_recording_channel() as channel,
        serve_bot(module_seeded_sqlite_url, channel) as served,
    ):
        yield served


@pytest.fixture(autouse=True)
def _fresh_channel(bot: BotUnderTest) -> None:
    bot.channel.clear()


def install(bot: BotUnderTest, **fields: Any) -> dict[str, Any]:
    """Alex installs the bot (which would store the conversation), with `fields` spoiling the body."""
    body = bot.activity(user=ALEX, activity_type="conversationUpdate", membersAdded=[{"id": BOT_ID}])
    body.update(fields)
    return body


def nested(depth: int) -> Any:
    value: Any = MARKER
    for _ in range(depth):
        value = {"a": value}
    return value


SPOILED: dict[str, dict[str, Any]] = {
    "attachments is an object": {"attachments": {}},
    "attachments hold a string": {"attachments": ["file.pdf"]},
    "membersAdded holds a number": {"membersAdded": [1]},
    "membersAdded holds null": {"membersAdded": [None]},
    "membersAdded is a string": {"membersAdded": BOT_ID},
    "entities is an object": {"entities": {"type": "mention"}},
    "text is a number": {"text": 5},
    "text is an object": {"text": {"value": MARKER}},
    "timestamp is no time": {"timestamp": f"{MARKER} o'clock"},
    "a reaction is a string": {"reactionsAdded": ["like"]},
    "suggested actions hold numbers": {"suggestedActions": {"actions": [1, 2]}},
    "listenFor holds objects": {"listenFor": [{}]},
    "channelData is a string": {"channelData": MARKER},
    "the tenant is a list": {"channelData": {"tenant": [MARKER]}},
    "the team id is a number": {"channelData": {"tenant": {"id": "t"}, "team": {"id": 42}}},
    "isGroup is a word": {"conversation": {"id": "a:1", "isGroup": "yes"}},
    "recipient role is a number": {"recipient": {"id": BOT_ID, "role": 1}},
    "value nested 200 deep": {"value": nested(200)},
    "channelData nested 40 deep": {"channelData": nested(40)},
}


def assert_short_refusal(status: int, text: str, expected: int = 400) -> None:
    assert status == expected, text
    assert len(text) < 300 and "Traceback" not in text and MARKER not in text


async def post(bot: BotUnderTest, body: Any = None, raw: bytes | None = None) -> tuple[int, str]:
    data = raw if raw is not None else json.dumps(body).encode()
    async with bot.http.post(bot.url, data=data, headers={"Content-Type": "application/json"}) as response:
        return response.status, await response.text()


@pytest.mark.parametrize("case", list(SPOILED))
async def test_a_body_the_sdk_cannot_read_is_a_400_and_writes_nothing(
    bot: BotUnderTest, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    with caplog.at_level(logging.INFO):
        status, text = await post(bot, install(bot, **SPOILED[case]))
    assert_short_refusal(status, text)
    assert row_counts(bot.database_url, *WRITTEN) == before
    assert bot.channel.calls == []
    lines = [record for record in caplog.records if record.name != "aiohttp.access"]
    assert len(lines) == 1, [record.getMessage() for record in lines]
    assert MARKER not in lines[0].getMessage() and lines[0].exc_info is None


@pytest.mark.parametrize("depth", [100, 1000, 100_000])
async def test_deeply_nested_json_is_a_400(bot: BotUnderTest, depth: int) -> None:
    status, text = await post(bot, raw=b"[" * depth + b"]" * depth)
    assert_short_refusal(status, text)
    status, text = await post(bot, raw=b'{"type": "message", "value": ' + b"[" * depth + b"]" * depth + b"}")
    assert_short_refusal(status, text)


def card_action(bot: BotUnderTest, value: Any) -> dict[str, Any]:
    return bot.activity(user=ALEX, activity_type="invoke", name="adaptiveCard/action", value=value)


UNUSABLE_CARD_ACTIONS: dict[str, Any] = {
    "no value": None,
    "an empty value": {},
    "a value that is a string": MARKER,
    "an action that is a string": {"action": MARKER},
    "an Action.Submit": {"action": {"type": "Action.Submit", "data": {"verb": "help"}}},
    "an action without a type": {"action": {"verb": "help"}},
    "a verb that is a number": {"action": {"type": "Action.Execute", "verb": 7}},
    "data that is a list": {"action": {"type": "Action.Execute", "verb": "help", "data": [MARKER]}},
}


@pytest.mark.parametrize("case", list(UNUSABLE_CARD_ACTIONS))
async def test_a_card_action_with_an_unusable_value_gets_an_error_answer(
    bot: BotUnderTest, case: str
) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    status, text = await post(bot, card_action(bot, UNUSABLE_CARD_ACTIONS[case]))
    assert_short_refusal(status, text)
    answer = json.loads(text)
    assert answer["statusCode"] == 400 and answer["type"] == "application/vnd.microsoft.error"
    assert answer["value"]["code"] == "BadRequest" and answer["value"]["message"]
    assert row_counts(bot.database_url, *WRITTEN) == before
    assert bot.channel.calls == []


async def test_an_invoke_the_bot_does_not_handle_is_a_4xx(bot: BotUnderTest) -> None:
    body = bot.activity(user=ALEX, activity_type="invoke", name="composeExtension/selectItem", value={})
    status, text = await post(bot, body)
    assert_short_refusal(status, text)


async def test_a_well_formed_install_still_works(bot: BotUnderTest) -> None:
    """The control: the same body unspoiled is let in and stored."""
    before = row_counts(bot.database_url, "conversation_references")
    conversation = {"id": "a:control", "conversationType": "personal"}
    status, text = await post(bot, install(bot, conversation=conversation))
    assert status in (200, 201), text
    assert row_counts(bot.database_url, "conversation_references")["conversation_references"] == (
        before["conversation_references"] + 1
    )
