"""User settings: any ATS user connects their own LinkedIn account through the same sign-in flow,
sees the state and disconnects; the help card lists setup for admins only."""

from __future__ import annotations

from datetime import datetime

from i18n import translator
from tests.bot.channel import ALEX, ISAIAH, MEGAN
from tests.cardcheck import assert_valid_card
from tests.setup.cards import button, text_of
from tests.setup.conftest import App
from tests.setup.signin import sign_in, signin_cards, type_code


async def test_a_recruiter_connects_and_disconnects_their_own_linkedin_account(app: App) -> None:
    await app.say("settings", user=MEGAN)
    [card] = app.channel.cards()
    assert_valid_card(card)
    assert "Your LinkedIn account is not connected." in text_of(card)

    pressed = await app.press("settings.connect", button(card, "settings.connect"), user=MEGAN)
    assert pressed["value"] == "I sent you a sign-in link in our 1:1 chat."
    # Asked in the 1:1 chat: the link arrives in that same chat.
    [signin] = signin_cards(app.channel.sent_in(f"a:personal-{MEGAN.aad_object_id}"))
    assert_valid_card(signin)
    page = await sign_in(app, signin, "Megan Bowen")
    assert page.status == 200
    assert "You signed in to LinkedIn as Megan Bowen" in page.text
    assert await app.sql("SELECT count(*) FROM linkedin_connections") == [(0,)]
    answer = await type_code(app, MEGAN, page.code, conversation_id=f"a:personal-{MEGAN.aad_object_id}")
    assert answer == "Your LinkedIn account Megan Bowen is connected to Talent Bridge."
    # The settings card she pressed Connect on now shows the account: updated in place.
    [(chat, activity_id)] = await app.sql("SELECT conversation_id, activity_id FROM settings_cards")
    [(path, body)] = app.channel.updates()
    assert path == f"/v3/conversations/{chat}/activities/{activity_id}"
    updated = body["attachments"][0]["content"]
    assert_valid_card(updated)
    assert "Your LinkedIn account Megan Bowen is connected to Talent Bridge." in text_of(updated)
    assert "Disconnect LinkedIn" in text_of(updated)
    [(member_id, token)] = await app.sql(
        "SELECT c.member_id, c.token_encrypted FROM linkedin_connections c JOIN users u ON u.id = c.user_id"
        " WHERE u.email = 'meganb@example.com'"
    )
    assert member_id == "mbr-9021" and not token.startswith("sbx-")
    # A user's sign-in does not touch the tenant's integration.
    assert await app.sql("SELECT state FROM linkedin_integrations") in ([], [("not_connected",)])

    app.channel.clear()
    await app.say("settings", user=MEGAN)
    [connected] = app.channel.cards()
    assert "Megan Bowen" in text_of(connected)

    # The connection time is shown in the user's own time zone, as the Teams client reports it.
    [(connected_at,)] = await app.sql("SELECT connected_at FROM linkedin_connections")
    at = connected_at if isinstance(connected_at, datetime) else datetime.fromisoformat(connected_at)
    await app.say("settings", user=MEGAN, localTimezone="Asia/Kolkata")
    client_info = {"type": "clientInfo", "timezone": "America/Los_Angeles"}
    await app.say("settings", user=MEGAN, entities=[client_info])
    kolkata, los_angeles = app.channel.cards()[-2:]
    assert translator("en-US", "Asia/Kolkata").format_datetime(at) in text_of(kolkata)
    assert translator("en-US", "America/Los_Angeles").format_datetime(at) in text_of(los_angeles)
    assert text_of(kolkata) != text_of(los_angeles)
    off = await app.press("settings.disconnect", button(connected, "settings.disconnect"), user=MEGAN)
    assert "Your LinkedIn account is not connected." in text_of(off["value"])
    # The last settings card posted (the one in Los Angeles time) is updated in place too.
    [(activity_id,)] = await app.sql("SELECT activity_id FROM settings_cards")
    path, body = app.channel.updates()[-1]
    assert path.endswith(f"/activities/{activity_id}")
    assert "Your LinkedIn account is not connected." in text_of(body["attachments"][0]["content"])
    assert await app.sql("SELECT count(*) FROM linkedin_connections") == [(0,)]
    assert await app.sql("SELECT linkedin_member_id FROM users WHERE email = 'meganb@example.com'") == [
        (None,)
    ]


async def test_a_settings_card_of_another_tenant_changes_nothing(app: App) -> None:
    await app.say("settings", user=MEGAN)
    [card] = app.channel.cards()
    forged = {**button(card, "settings.connect"), "tenantId": "99999999-0000-0000-0000-000000000002"}
    response = await app.press("settings.connect", forged, user=MEGAN)
    assert "belongs to another organization" in text_of(response["value"])
    assert await app.sql("SELECT count(*) FROM signin_states") == [(0,)]


async def test_help_lists_setup_for_admins_and_settings_for_every_ats_user(app: App) -> None:
    await app.say("help", user=ALEX)
    await app.say("help", user=ISAIAH)
    admin, interviewer = app.channel.cards()
    assert "setup" in text_of(admin) and "settings" in text_of(admin)
    assert "settings" in text_of(interviewer)
    assert "setup" not in text_of(interviewer).split()


async def test_the_setup_card_speaks_the_admins_language(app: App) -> None:
    await app.say("setup", user=ALEX, locale="da-DK")
    [card] = app.channel.cards()
    assert_valid_card(card)
    text = text_of(card)
    assert "LinkedIn Recruiter" in text
    assert "Not connected" not in text  # translated (the i18n catalogs cover the setup card)
    # In the words of i18n/GLOSSARY.md, the button named inside an instruction.
    assert "Ingen forbindelse" in text
    assert "Vælg Opret forbindelse for at logge på LinkedIn" in text
    assert "Forbind" not in text
