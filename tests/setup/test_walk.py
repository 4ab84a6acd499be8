"""The whole setup over HTTP against the built-in LinkedIn sandbox, from a Teams channel:
Not connected → Connected → contract → Requested → Partner ready → Enabled, with every change
updating the channel's setup card in place (a PUT to the stored activity id)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import translator
from services.capabilities import AccessLevelTooLow, Capabilities, Capability
from services.identity import IdentityService, TeamsIdentity
from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID
from tests.bot.channel import ALEX, MEGAN, RecordingChannel
from tests.cardcheck import assert_valid_card
from tests.setup.cards import CHANNEL, button, state_of, text_of, verbs
from tests.setup.conftest import App, eventually, running_app
from tests.setup.signin import link_sent_to, sign_in, type_code

CORPORATE = "urn:li:contract:7001001"


@pytest.fixture
async def app(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """The walk runs on SQLite and on PostgreSQL (when a server answers)."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel) as running:
        yield running


SETUP_ACTIONS = {
    "setup.connect",
    "setup.contract",
    "setup.request",
    "setup.notify",
    "setup.refresh",
    "setup.disconnect",
}


def in_channel(**kwargs: Any) -> dict[str, Any]:
    return {"conversation_type": "channel", "conversation_id": CHANNEL, **kwargs}


async def setup_card_updates(app: App) -> list[dict[str, Any]]:
    """The setup card as updated in place, oldest first (PUTs to the stored activity id)."""
    [(activity_id,)] = await app.sql("SELECT setup_activity_id FROM linkedin_integrations")
    cards = []
    for path, body in app.channel.updates():
        assert path == f"/v3/conversations/{CHANNEL}/activities/{activity_id}", path
        assert body["id"] == activity_id
        [attachment] = body["attachments"]
        assert_valid_card(attachment["content"])
        cards.append(attachment["content"])
    return cards


async def latest_setup_card(app: App, state: str) -> dict[str, Any]:
    """Wait for the in-place update that shows `state`; return that card."""

    async def shown() -> bool:
        return any(state_of(c) == state for c in await setup_card_updates(app))

    await eventually(shown)
    card = (await setup_card_updates(app))[-1]
    assert state_of(card) == state
    return card


def actions_offered(card: dict[str, Any]) -> set[str]:
    return verbs(card) & SETUP_ACTIONS


async def walk_to_requested(app: App, contract: str = CORPORATE) -> dict[str, Any]:
    """Not connected → Connected → contract → Requested, checking each step; the Requested card."""
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()
    assert state_of(card) == "Not connected"

    # Connect: the sign-in link goes to the admin who pressed it, in their 1:1 chat with the bot.
    pressed = await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())
    assert pressed["value"] == "I sent you a sign-in link in our 1:1 chat."
    signin_card = await link_sent_to(app, ALEX)
    assert_valid_card(signin_card)
    page = await sign_in(app, signin_card, "Alex Wilber")
    callback_url = page.callback_url
    assert page.status == 200, page.text
    assert "You signed in to LinkedIn as Alex Wilber" in page.text
    # Nothing is connected until Alex types the page's code to the bot.
    assert (await app.integration())["state"] == "not_connected"
    answer = await type_code(app, ALEX, page.code)
    assert answer == "You're connected to LinkedIn as Alex Wilber. The setup card shows the next step."

    connected = await latest_setup_card(app, "Connected")
    assert actions_offered(connected) == {"setup.contract", "setup.disconnect"}  # two contracts: choose
    assert "Contoso Recruiter Corporate" in json.dumps(connected)
    assert "Alex Wilber: Connected to LinkedIn as Alex Wilber" in text_of(connected)

    # The same callback (code and state) again: the state was single-use.
    replay = await app.get(callback_url)
    assert replay.status == 400
    assert "already been used" in await replay.text()

    # A contract that is not the admin's: refused with the current card.
    unknown = await app.press(
        "setup.contract",
        {**button(connected, "setup.contract"), "contract": "urn:li:contract:9999"},
        user=ALEX,
        **in_channel(),
    )
    assert "isn't one of your Recruiter contracts" in text_of(unknown["value"])
    assert (await app.integration())["contract"] is None

    chosen = await app.press(
        "setup.contract",
        {**button(connected, "setup.contract"), "contract": contract},
        user=ALEX,
        **in_channel(),
    )
    assert state_of(chosen["value"]) == "Connected"
    assert actions_offered(chosen["value"]) == {"setup.contract", "setup.request", "setup.disconnect"}
    assert state_of((await setup_card_updates(app))[-1]) == "Connected"

    # Request: child app, four named integrations, this tenant's callback URL → Requested.
    requested = await app.press(
        "setup.request", button(chosen["value"], "setup.request"), user=ALEX, **in_channel()
    )
    assert state_of(requested["value"]) == "Requested"
    assert actions_offered(requested["value"]) == {"setup.notify", "setup.refresh", "setup.disconnect"}
    assert state_of((await setup_card_updates(app))[-1]) == "Requested"
    apps = (await app.sandbox("GET", "/sandbox/apps"))["apps"]
    [child] = [a for a in apps if a["kind"] == "child"]
    callback_id = (await app.integration())["callback_id"]
    assert child["webhook_url"] == f"{app.base_url}/api/linkedin/webhook/{callback_id}"
    assert {i["type"] for i in child["integrations"]} == {
        "IN_ATS_INDICATOR",
        "ONE_CLICK_EXPORT",
        "PROFILE_PLUGIN",
        "CSA_API",
    }

    # LinkedIn has not confirmed yet: Notify partner sends it all again.
    notified = await app.press(
        "setup.notify", button(requested["value"], "setup.notify"), user=ALEX, **in_channel()
    )
    assert state_of(notified["value"]) == "Requested"
    assert "Alex Wilber: Notified LinkedIn again" in text_of(notified["value"])
    return dict(notified["value"])


async def walk_to_partner_ready(app: App, contract: str = CORPORATE) -> dict[str, Any]:
    """Not connected → … → Requested → Partner ready, checking each step."""
    requested = await walk_to_requested(app, contract)

    # LinkedIn validates the callback URL (its signed challenge). Being challenged changes nothing:
    # anyone who has seen the callback URL could do that.
    row_before, updates_before = await app.integration(), len(app.channel.updates())
    await app.flush_webhooks()
    [validated] = [a for a in (await app.sandbox("GET", "/sandbox/apps"))["apps"] if a["kind"] == "child"]
    assert validated["validated_at"] is not None
    assert await app.integration() == row_before
    assert len(app.channel.updates()) == updates_before

    # Refresh reads it from LinkedIn's API: the partner side is complete.
    refreshed = await app.press(
        "setup.refresh", button(requested, "setup.refresh"), user=ALEX, **in_channel()
    )
    ready = dict(refreshed["value"])
    assert state_of(ready) == "Partner ready"
    assert state_of((await setup_card_updates(app))[-1]) == "Partner ready"
    assert actions_offered(ready) == {"setup.refresh", "setup.disconnect"}
    assert "LinkedIn: LinkedIn confirmed the partner side" in text_of(ready)
    return ready


async def test_walk_to_contract_level_with_the_recruiter_admin_played_by_the_sandbox(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await walk_to_partner_ready(app)
    updates_before = len(app.channel.updates())

    # A LinkedIn Recruiter admin switches the integration on at contract level (sandbox control).
    await app.sandbox("POST", "/sandbox/integration", {"level": "contract"})
    await app.flush_webhooks()
    enabled = await latest_setup_card(app, "Enabled")
    assert len(app.channel.updates()) > updates_before
    text = text_of(enabled)
    assert "Contract-level" in text
    assert "LinkedIn: LinkedIn enabled the integration with Contract-level access" in text
    assert actions_offered(enabled) == {"setup.disconnect"}
    row = await app.integration()
    assert (row["state"], row["access_level"], row["contract"]) == ("enabled", "contract", CORPORATE)
    assert row["request_ids"] != "[]"
    assert await app.sql("SELECT status, attempts FROM linkedin_webhook_events") == [("processed", 1)]

    # The member token is stored encrypted and appears in no log and no card.
    [(encrypted,)] = await app.sql("SELECT token_encrypted FROM linkedin_connections")
    assert "sbx-" not in encrypted
    assert "sbx-" not in caplog.text
    assert "sbx-" not in json.dumps(app.channel.calls)

    engine = create_engine(app.database_url)
    try:
        sessions: async_sessionmaker[AsyncSession] = session_factory(engine)
        alex = await IdentityService(sessions).resolve(
            TeamsIdentity(DEMO_TENANT_ID, ALEX.aad_object_id, None, None, "en")
        )
        await Capabilities(sessions).check(DEMO_TENANT_ID, Capability.INMAIL_HISTORY, alex)
    finally:
        await engine.dispose()


async def test_walk_to_company_level_then_inmail_history_is_refused_naming_contract_level(app: App) -> None:
    await walk_to_partner_ready(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    await app.flush_webhooks()
    enabled = await latest_setup_card(app, "Enabled")
    assert "Company-level" in text_of(enabled)
    assert (await app.integration())["access_level"] == "company"

    engine = create_engine(app.database_url)
    try:
        sessions: async_sessionmaker[AsyncSession] = session_factory(engine)
        alex = await IdentityService(sessions).resolve(
            TeamsIdentity(DEMO_TENANT_ID, ALEX.aad_object_id, None, None, "en")
        )
        capabilities = Capabilities(sessions)
        await capabilities.check(DEMO_TENANT_ID, Capability.ONE_CLICK_EXPORT, alex)
        with pytest.raises(AccessLevelTooLow) as refused:
            await capabilities.check(DEMO_TENANT_ID, Capability.INMAIL_HISTORY, alex)
    finally:
        await engine.dispose()
    assert refused.value.localized(translator("en")).startswith("InMail history needs Contract-level access.")

    # The Recruiter admin turns it off again: back to Partner ready; Refresh is offered.
    await app.sandbox("POST", "/sandbox/integration", {"level": "off"})
    await app.flush_webhooks()
    off = await latest_setup_card(app, "Partner ready")
    assert "LinkedIn: LinkedIn turned the integration off" in text_of(off)
    # The admin turns it on in Recruiter but the event is lost: Refresh reads the status.
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    refreshed = await app.press("setup.refresh", button(off, "setup.refresh"), user=ALEX, **in_channel())
    assert state_of(refreshed["value"]) == "Enabled"


async def test_webhooks_bad_signature_is_401_and_duplicates_are_processed_once(app: App) -> None:
    await walk_to_partner_ready(app)
    callback_id = (await app.integration())["callback_id"]
    url = f"{app.base_url}/api/linkedin/webhook/{callback_id}"
    before = await app.integration()
    forged = json.dumps(
        {
            "notificationId": "n-forged",
            "type": "INTEGRATION_STATUS_CHANGE",
            "requestId": "r",
            "integrationContext": "urn:li:organization:1001",
            "occurredAt": 1,
        }
    ).encode()
    for signature in (None, "0" * 64, "not-hex"):
        headers = {"Content-Type": "application/json"} | ({"X-LI-Signature": signature} if signature else {})
        async with app.http.post(url, data=forged, headers=headers) as response:
            assert response.status == 401
    assert await app.integration() == before
    assert await app.sql("SELECT count(*) FROM linkedin_webhook_events") == [(0,)]

    # LinkedIn delivers at least once: every event twice now.
    await app.sandbox("POST", "/sandbox/faults", {"duplicateRate": 1})
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    summary = await app.flush_webhooks()
    assert summary["delivered"] == 2
    assert await app.sql("SELECT status, attempts FROM linkedin_webhook_events") == [("processed", 1)]
    enabled_entries = await app.sql(
        "SELECT count(*) FROM audit_entries WHERE action LIKE 'LinkedIn enabled%'"
    )
    assert enabled_entries == [(1,)]
    assert state_of((await setup_card_updates(app))[-1]) == "Enabled"


async def test_challenge_answer_is_the_hmac_of_the_code_with_the_customer_app_secret(app: App) -> None:
    await walk_to_partner_ready(app)
    url = f"{app.base_url}/api/linkedin/webhook/{(await app.integration())['callback_id']}"
    ok = await app.sandbox("POST", "/sandbox/webhooks/challenge", {})
    assert ok == {"ok": True}
    code = "3f2c1a7e-9b4d-4c2a-8e1f-0a6b5c4d3e2f"
    response = await app.get(url, params={"challengeCode": code})
    assert response.status == 200 and response.content_type == "application/json"
    assert (await response.json())["challengeCode"] == code
    assert (await app.get(url)).status == 400


async def test_disconnect_turns_it_off_on_our_side_and_later_events_change_nothing(app: App) -> None:
    ready = await walk_to_partner_ready(app)
    megan = await app.press("setup.disconnect", button(ready, "setup.disconnect"), user=MEGAN, **in_channel())
    assert megan["value"] == "Only ATS admins can change the LinkedIn setup."
    asked = await app.press("setup.disconnect", button(ready, "setup.disconnect"), user=ALEX, **in_channel())
    confirm = button(asked["value"], "setup.disconnect.confirm")
    done = await app.press("setup.disconnect.confirm", confirm, user=ALEX, **in_channel())
    assert state_of(done["value"]) == "Not connected"
    assert actions_offered(done["value"]) == {"setup.connect"}
    assert "Alex Wilber: Disconnected the LinkedIn integration" in text_of(done["value"])
    assert state_of((await setup_card_updates(app))[-1]) == "Not connected"
    await app.sandbox("POST", "/sandbox/integration", {"level": "contract"})
    await app.flush_webhooks()
    assert (await app.integration())["state"] == "not_connected"


async def test_with_live_webhook_delivery_the_card_follows_linkedin_by_itself(
    setup_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As under `make run`: the sandbox challenges and delivers on its own (no flush), and the
    status poll reads what LinkedIn reports (here every 0.2 s instead of minutes)."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "true")
    async with running_app(setup_db_url, recording_channel, LINKEDIN_STATUS_POLL_SECONDS=0.2) as app:
        await app.say("setup", user=ALEX, **in_channel())
        [card] = app.channel.cards()
        await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())
        page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
        assert page.status == 200
        await type_code(app, ALEX, page.code)
        connected = await latest_setup_card(app, "Connected")
        chosen = await app.press(
            "setup.contract",
            {**button(connected, "setup.contract"), "contract": CORPORATE},
            user=ALEX,
            **in_channel(),
        )
        await app.press("setup.request", button(chosen["value"], "setup.request"), user=ALEX, **in_channel())
        await latest_setup_card(app, "Partner ready")
        await app.sandbox("POST", "/sandbox/integration", {"level": "contract"})
        enabled = await latest_setup_card(app, "Enabled")
        assert "Contract-level" in text_of(enabled)
