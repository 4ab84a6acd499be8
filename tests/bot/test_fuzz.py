"""Activities bent in every way hypothesis finds, posted to the messaging endpoint: never a 5xx, and a
refused one writes nothing. The budget is fixed (derandomized, a couple of hundred examples), so CI
runs the same examples every time in a few seconds."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot.channel import ALEX, BOT_ID, LYNNE, MALLORY, MEGAN, serve_recording_channel
from tests.bot.conftest import BotUnderTest, serve_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

DELETE = object()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(module_seeded_sqlite_url: str) -> AsyncIterator[BotUnderTest]:
    with pytest.MonkeyPatch.context() as patch:
        # No webhook is delivered behind the test's back: every write is one a request made.
        patch.setenv("SANDBOX_AUTO_DELIVER", "false")
        async with (
            serve_recording_channel() as channel,
            serve_bot(module_seeded_sqlite_url, channel) as served,
        ):
            yield served


@pytest.fixture(scope="module")
def database(bot: BotUnderTest) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(bot.database_url.split("///", 1)[1])) as connection:
        yield connection


def data_version(connection: sqlite3.Connection) -> int:
    """Changes whenever another connection (the app's) commits a write."""
    return int(connection.execute("PRAGMA data_version").fetchone()[0])


def bases(bot: BotUnderTest) -> list[dict[str, Any]]:
    """Well-formed activities of each kind the bot handles, to bend."""
    button = {"action": {"type": "Action.Execute", "verb": "help", "data": {}}}
    show = {"action": {"type": "Action.Execute", "verb": "candidate.show", "data": {"candidateId": "C1001"}}}
    return [
        bot.activity("help", user=MEGAN),
        bot.activity("find anna", user=ALEX),
        bot.activity("find C1001", user=LYNNE),
        bot.activity("<at>Talent Bridge</at> find C1002", user=MEGAN, conversation_type="channel",
                     conversation_id="19:fuzz@thread.tacv2",
                     entities=[{"type": "mention", "text": "<at>Talent Bridge</at>",
                                "mentioned": {"id": BOT_ID, "name": "Talent Bridge"}}]),
        bot.activity(user=ALEX, activity_type="invoke", name="adaptiveCard/action", value=button),
        bot.activity(user=MEGAN, activity_type="invoke", name="adaptiveCard/action", value=show),
        bot.activity(user=MALLORY, activity_type="conversationUpdate", membersAdded=[{"id": BOT_ID}]),
        bot.activity(user=MEGAN, activity_type="installationUpdate", action="add"),
        bot.activity(user=MEGAN, activity_type="messageReaction", reactionsAdded=[{"type": "like"}]),
        bot.activity(user=ALEX, activity_type="event", name="application/vnd.microsoft.meetingStart"),
    ]


# Where to bend an activity: the fields that say who talks to whom (bending them mostly gets a 400 before
# anything runs), and the others, which reach the SDK and the bot.
ENVELOPE = [
    "type", "channelId", "serviceUrl", "from", "from.id", "recipient", "recipient.id", "recipient.role",
    "conversation", "conversation.id",
]
INSIDE = [
    "id", "from.aadObjectId", "from.email", "from.userPrincipalName", "from.name",
    "conversation.conversationType", "conversation.isGroup", "conversation.tenantId", "channelData",
    "channelData.tenant", "channelData.tenant.id", "channelData.team", "channelData.eventType",
    "channelData.settings", "text", "locale", "localTimezone", "timestamp", "entities", "attachments",
    "membersAdded", "membersRemoved", "reactionsAdded", "name", "value", "value.action",
    "value.action.type", "value.action.verb", "value.action.data", "value.action.data.candidateId",
    "action", "suggestedActions", "relatesTo", "textFormat", "replyToId",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "msteams", "emulator", "message", "invoke", "help", "find anna", "C1001", "find",
                     "setup", "settings", "setup.refresh", "settings.connect", "candidate.show",
                     "adaptiveCard/action", "Action.Execute", "Action.Submit", "personal", "channel",
                     "2024-05-01T10:00:00Z", "not a time", "da-DK", "Europe/Oslo", "<at>x</at>"]),
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "type", "name", "verb", "data", "text", "mentioned", "tenant", "action", "x"]),
        children, max_size=3,
    ),
    max_leaves=8,
)
paths = st.sampled_from(INSIDE * 3 + ENVELOPE)  # mostly the inside
bends = st.lists(st.tuples(paths, st.one_of(json_values, st.just(DELETE))), max_size=3)


def bend(activity: dict[str, Any], path: str, value: Any) -> None:
    """Set (or delete) `path` in the activity, making the objects on the way where needed."""
    *parents, last = path.split(".")
    target: Any = activity
    for key in parents:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    if value is DELETE:
        target.pop(last, None)
    elif path == "serviceUrl" and isinstance(value, str) and value.startswith(("http:", "https:")):
        target[last] = "not-" + value  # replies go to the recording channel only: no network
    else:
        target[last] = value


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(base=st.integers(min_value=0), changes=bends, shape=st.integers(0, 19))
async def test_no_activity_gets_a_5xx_and_a_refused_one_writes_nothing(
    bot: BotUnderTest, database: sqlite3.Connection, caplog: pytest.LogCaptureFixture,
    base: int, changes: list[tuple[str, Any]], shape: int,
) -> None:
    choices = bases(bot)
    activity: Any = copy.deepcopy(choices[base % len(choices)])
    for path, value in changes:
        bend(activity, path, value)
    if shape == 7:  # now and then, not an activity at all
        activity = changes[0][1] if changes and changes[0][1] is not DELETE else []
    bot.channel.clear()
    caplog.clear()
    before = data_version(database)
    headers = {"Content-Type": "application/json"}
    async with bot.http.post(bot.url, data=json.dumps(activity), headers=headers) as response:
        status, text = response.status, await response.text()
    assert status < 500, (status, text, activity)
    assert "Traceback" not in text
    # What the bot accepts, it handles: no turn ends in the apology for an unexpected error.
    assert not [r for r in caplog.records if r.getMessage().startswith("turn failed")], activity
    if status >= 400:
        assert data_version(database) == before, (status, text, activity)
        assert bot.channel.calls == [], (status, text, activity)
