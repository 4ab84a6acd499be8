"""Every setup button is re-checked on the server: who presses it, for which tenant, on which card."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from services.signin_states import SignInStates
from store.db import create_engine, session_factory
from tests.bot.channel import ALEX, LYNNE, MEGAN, OTHER_TENANT
from tests.cardcheck import assert_valid_card
from tests.setup.cards import CHANNEL, button, state_of, text_of, verbs
from tests.setup.conftest import STATE_SECRET, App


async def test_the_demo_tenant_starts_not_connected_and_only_connect_is_offered(app: App) -> None:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    assert_valid_card(card)
    assert state_of(card) == "Not connected"
    setup_verbs = {
        v for v in verbs(card) if v.startswith("setup.") and not v.startswith(("setup.jobs", "setup.pre"))
    }
    assert setup_verbs == {"setup.connect"}
    assert "Apply with LinkedIn is a preview feature" in text_of(card)
    assert "setup.apply.connect" not in verbs(card)
    [(activity_id, conversation_id)] = await app.sql(
        "SELECT setup_activity_id, setup_conversation_id FROM linkedin_integrations"
    )
    assert (activity_id, conversation_id) == ("activity-1", CHANNEL)


async def test_a_non_admin_typing_setup_is_refused(app: App) -> None:
    await app.say("setup", user=MEGAN)
    assert app.channel.cards() == []
    assert app.channel.texts() == ["Only ATS admins can change the LinkedIn setup."]


async def test_someone_without_an_ats_user_gets_the_polite_refusal_only(app: App) -> None:
    await app.say("setup", user=LYNNE)
    assert app.channel.cards() == []
    [text] = app.channel.texts()
    assert "don't have a user" in text


async def test_a_non_admin_pressing_a_setup_button_changes_nothing(app: App) -> None:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    app.channel.clear()
    for verb in ("setup.connect", "setup.preview.on"):
        response = await app.press(
            verb, button(card, verb), user=MEGAN, conversation_type="channel", conversation_id=CHANNEL
        )
        assert response["value"] == "Only ATS admins can change the LinkedIn setup."
    assert app.channel.calls == []  # no sign-in link posted, no card updated
    assert await app.sql("SELECT preview_features FROM tenants WHERE name LIKE 'Contoso%'") == [(0,)]
    assert await app.sql("SELECT count(*) FROM signin_states") == [(0,)]
    assert await app.sql("SELECT count(*) FROM audit_entries") == [(0,)]


async def test_another_tenants_card_is_refused_with_this_tenants_card(app: App) -> None:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    tampered = {**button(card, "setup.preview.on"), "tenantId": OTHER_TENANT}
    response = await app.press(
        "setup.preview.on", tampered, user=ALEX, conversation_type="channel", conversation_id=CHANNEL
    )
    assert response["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(response["value"])
    assert "belongs to another organization" in text_of(response["value"])
    assert button(response["value"], "setup.preview.on")["tenantId"] != OTHER_TENANT
    assert await app.sql("SELECT count(*) FROM audit_entries") == [(0,)]


async def test_an_out_of_date_card_gets_the_current_card_back(app: App) -> None:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    turned_on = await app.press(
        "setup.preview.on",
        button(card, "setup.preview.on"),
        user=ALEX,
        conversation_type="channel",
        conversation_id=CHANNEL,
    )
    assert "setup.apply.connect" in verbs(turned_on["value"])
    # The old card still offers "Turn preview features on", and a state that is no longer current.
    stale = await app.press(
        "setup.preview.on",
        button(card, "setup.preview.on"),
        user=ALEX,
        conversation_type="channel",
        conversation_id=CHANNEL,
    )
    assert "out of date" in text_of(stale["value"])
    assert "setup.preview.off" in verbs(stale["value"])
    # A version that is current, but an action the state doesn't offer (Request before Connect).
    forged = {**button(turned_on["value"], "setup.apply.connect"), "verb": "setup.request"}
    refused = await app.press(
        "setup.request", forged, user=ALEX, conversation_type="channel", conversation_id=CHANNEL
    )
    assert "can't be done in the current state" in text_of(refused["value"])
    assert state_of(refused["value"]) == "Not connected"
    [(count,)] = await app.sql("SELECT count(*) FROM audit_entries")
    assert count == 1


async def test_apply_with_linkedin_needs_preview_features(app: App) -> None:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    forged = {**button(card, "setup.preview.on"), "verb": "setup.apply.connect"}
    refused = await app.press(
        "setup.apply.connect", forged, user=ALEX, conversation_type="channel", conversation_id=CHANNEL
    )
    assert "turn preview features on first" in text_of(refused["value"])
    on = await app.press(
        "setup.preview.on",
        button(card, "setup.preview.on"),
        user=ALEX,
        conversation_type="channel",
        conversation_id=CHANNEL,
    )
    connected = await app.press(
        "setup.apply.connect",
        button(on["value"], "setup.apply.connect"),
        user=ALEX,
        conversation_type="channel",
        conversation_id=CHANNEL,
    )
    assert "Apply with LinkedIn is connected." in text_of(connected["value"])
    off = await app.press(
        "setup.preview.off",
        button(connected["value"], "setup.preview.off"),
        user=ALEX,
        conversation_type="channel",
        conversation_id=CHANNEL,
    )
    assert "setup.apply.connect" not in verbs(off["value"])
    assert await app.sql("SELECT apply_with_linkedin_enabled FROM linkedin_integrations") == [(0,)]
    audit = text_of(off["value"])
    for change in (
        "Turned preview features on",
        "Connected Apply with LinkedIn",
        "Disconnected Apply with LinkedIn",
        "Turned preview features off",
    ):
        assert f"Alex Wilber: {change}" in audit


async def test_forged_and_expired_sign_in_states_are_refused(app: App) -> None:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    await app.press(
        "setup.connect",
        button(card, "setup.connect"),
        user=ALEX,
        conversation_type="channel",
        conversation_id=CHANNEL,
    )
    [signin] = app.channel.cards()[1:]
    [link] = [a["url"] for a in signin["actions"] if a["type"] == "Action.OpenUrl"]
    state = parse_qs(urlsplit(link).query)["state"][0]

    payload, signature = state.split(".")
    forged = f"{payload}.{signature[:-2]}{'AA' if not signature.endswith('AA') else 'BB'}"
    for bad in (forged, "", "not-a-state", payload):
        page = await app.get(f"{app.base_url}/linkedin/connect", params={"state": bad})
        assert page.status == 400
        assert "not valid" in await page.text()
        callback = await app.get(f"{app.base_url}/linkedin/callback", params={"state": bad, "code": "x"})
        assert callback.status == 400

    engine = create_engine(app.database_url)
    try:
        states = SignInStates(session_factory(engine), STATE_SECRET.encode())
        [(user_id,)] = await app.sql("SELECT id FROM users WHERE email = 'alexw@example.com'")
        [(tenant_id,)] = await app.sql("SELECT tenant_id FROM users WHERE email = 'alexw@example.com'")
        expired = await states.issue(tenant_id, user_id, "admin", lifetime=timedelta(seconds=-1))
        # Signed with another secret: refused even though it names a real nonce shape.
        other = await SignInStates(session_factory(engine), b"another-secret-0123456789").issue(
            tenant_id, user_id, "admin"
        )
    finally:
        await engine.dispose()
    page = await app.get(f"{app.base_url}/linkedin/connect", params={"state": expired})
    assert page.status == 400 and "expired" in await page.text()
    page = await app.get(f"{app.base_url}/linkedin/connect", params={"state": other})
    assert page.status == 400 and "not valid" in await page.text()
    # The genuine state still works: it redirects to LinkedIn's authorization page.
    page = await app.get(f"{app.base_url}/linkedin/connect", params={"state": state})
    assert page.status == 302
    assert page.headers["Location"].startswith(app.sandbox_url + "/oauth/v2/authorization?")


async def test_unknown_webhook_callback_ids_get_404(app: App) -> None:
    url = f"{app.base_url}/api/linkedin/webhook/no-such-tenant"
    code = "0b9f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4"
    assert (await app.get(url, params={"challengeCode": code})).status == 404
    response = await app.http.post(url, data=b'{"notificationId": "n1"}', headers={"X-LI-Signature": "00"})
    assert response.status == 404
    assert await app.sql("SELECT count(*) FROM linkedin_webhook_events") == [(0,)]


@pytest.mark.parametrize("version", ["²", "٣", "9" * 5000, " 12 ", "-1", "1.0"])
async def test_a_setup_card_version_that_is_no_plain_number_gets_the_current_card(
    app: App, version: str
) -> None:
    """Digits Python reads as digits but cannot turn into a number (a superscript, thousands of them)
    are an out-of-date card like any other: the current card back, nothing changed."""
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    forged = {**button(card, "setup.preview.on"), "version": version}
    answered = await app.press(
        "setup.preview.on", forged, user=ALEX, conversation_type="channel", conversation_id=CHANNEL
    )
    assert answered["statusCode"] == 200
    assert "out of date" in text_of(answered["value"])
    [(count,)] = await app.sql("SELECT count(*) FROM audit_entries")
    assert count == 0
