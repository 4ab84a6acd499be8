"""LinkedIn failing or throttling while an admin presses a setup button: a clear answer within the
turn's time (LINKEDIN_TURN_SECONDS), nothing changed, and the same button works once LinkedIn is back."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.bot.channel import ALEX, RecordingChannel
from tests.setup.cards import button, state_of, verbs
from tests.setup.conftest import App, running_app
from tests.setup.signin import link_sent_to, sign_in, type_code
from tests.setup.test_walk import CORPORATE, in_channel, latest_setup_card

TURN_SECONDS = 1.0
DID_NOT_ANSWER = "LinkedIn didn't answer, so nothing was changed. Please try again in a moment."


@pytest.fixture
async def app(
    setup_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(setup_db_url, recording_channel, LINKEDIN_TURN_SECONDS=TURN_SECONDS) as running:
        yield running


async def connected_with_a_contract(app: App) -> dict[str, Any]:
    """Not connected → Connected → the corporate contract chosen; the card that offers Request."""
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()
    await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    assert page.status == 200, page.text
    await type_code(app, ALEX, page.code)
    connected = await latest_setup_card(app, "Connected")
    chosen = await app.press(
        "setup.contract",
        {**button(connected, "setup.contract"), "contract": CORPORATE},
        user=ALEX,
        **in_channel(),
    )
    card = chosen["value"]
    assert "setup.request" in verbs(card)
    return card


async def nothing_requested(app: App) -> None:
    assert (await app.integration())["state"] == "connected"
    assert await app.sql("SELECT count(*) FROM audit_entries WHERE action LIKE 'Requested%'") == [(0,)]


async def press_request(app: App, card: dict[str, Any]) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    response = await app.press("setup.request", button(card, "setup.request"), user=ALEX, **in_channel())
    return response, time.monotonic() - started


async def test_linkedin_down_gets_a_clear_answer_within_the_turn_and_changes_nothing(app: App) -> None:
    card = await connected_with_a_contract(app)
    await app.sandbox("POST", "/sandbox/faults", {"errorRate": 1})

    response, seconds = await press_request(app, card)

    assert response["value"] == DID_NOT_ANSWER
    # Without the turn's budget the retries (0.5 + 1 + 2 + 4 s of backoff) would run past Teams' limit.
    assert seconds < TURN_SECONDS + 3
    await nothing_requested(app)

    await app.sandbox("POST", "/sandbox/faults", {"errorRate": 0})
    again, _ = await press_request(app, card)
    assert state_of(again["value"]) == "Requested"


async def test_linkedin_throttling_for_an_hour_is_not_waited_for(app: App) -> None:
    card = await connected_with_a_contract(app)
    await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 429, "retryAfter": 3600}]})

    response, seconds = await press_request(app, card)

    assert response["value"] == DID_NOT_ANSWER
    assert seconds < TURN_SECONDS + 3
    await nothing_requested(app)
    again, _ = await press_request(app, card)
    assert state_of(again["value"]) == "Requested"
