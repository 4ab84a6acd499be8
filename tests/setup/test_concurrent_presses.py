"""Two buttons of one setup card pressed at once (a double click, or two admins), each answered by a
different part of the setup (Disconnect by the connection, preview features by job posting): the
parts share one unit of work per tenant, so exactly one press is applied and the other is refused as
out of date, writing nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.bot.channel import ALEX, RecordingChannel
from tests.setup.cards import button, text_of
from tests.setup.conftest import App, running_app
from tests.setup.signin import link_sent_to, sign_in, type_code
from tests.setup.test_walk import in_channel, latest_setup_card


@pytest.fixture
async def app(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """On SQLite (no row locks: the process's lock per tenant serializes) and on PostgreSQL."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel) as running:
        yield running


async def test_two_buttons_of_one_card_pressed_at_once_apply_one_change(app: App) -> None:
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()
    await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    await type_code(app, ALEX, page.code)
    connected = await latest_setup_card(app, "Connected")
    before = await app.integration()
    [(audit_before,)] = await app.sql("SELECT count(*) FROM audit_entries")

    disconnect, preview_on = await asyncio.gather(
        app.press(  # Disconnect, confirmed (the card's first press only asks)
            "setup.disconnect.confirm", button(connected, "setup.disconnect"), user=ALEX, **in_channel()
        ),
        app.press("setup.preview.on", button(connected, "setup.preview.on"), user=ALEX, **in_channel()),
    )

    refused = [r for r in (disconnect, preview_on) if "out of date" in text_of(r["value"])]
    assert len(refused) == 1, [text_of(r["value"]) for r in (disconnect, preview_on)]
    after = await app.integration()
    [(preview,)] = await app.sql("SELECT preview_features FROM tenants WHERE id = ?", after["tenant_id"])
    assert after["version"] == before["version"] + 1
    if refused[0] is disconnect:
        assert (after["state"], bool(preview)) == ("connected", True)
    else:
        assert (after["state"], bool(preview)) == ("not_connected", False)
    assert await app.sql("SELECT count(*) FROM audit_entries") == [(audit_before + 1,)]

    # The two presses seldom overlap by themselves; the refusal is certain because every part of the
    # setup changes it through the same units of work (one lock per tenant, one set of listeners).
    setup = app.events.setup
    parts = (setup.views, setup.connection, setup.provisioning, setup.child_apps, setup.status)
    assert {id(part.units) for part in (*parts, setup.job_posting)} == {id(setup.units)}

