"""A LinkedIn sign-in completes for the Teams user who asked for it, and no one else.

The link goes only to that person (their 1:1 chat with the bot, or the answer to their own button
press); finishing the browser part connects nothing; only the same Teams user typing the page's
one-time code does. One LinkedIn member belongs to at most one ATS user per tenant."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from store.demo_data import DIEGO
from tests.bot.channel import ALEX, LYNNE, MEGAN, OTHER_TENANT, RecordingChannel, TeamsUser
from tests.cardcheck import assert_valid_card
from tests.setup.cards import CHANNEL, button, state_of, text_of
from tests.setup.conftest import App, running_app
from tests.setup.signin import (
    CODE_ON_PAGE,
    link_sent_to,
    personal_chat_id,
    sign_in,
    signin_cards,
    signin_link,
    type_code,
)

SENT = "I sent you a sign-in link in our 1:1 chat."
NOT_YOURS = (
    "That code doesn't match a LinkedIn sign-in of yours, so nothing was changed. A code works only for "
    "the person who started the sign-in in Teams."
)
NOT_AN_ATS_USER = "you don't have a user in this organization's applicant tracking system"
TAKEN = (
    "This LinkedIn account is already connected to another Talent Bridge user in your organization, "
    "so nothing was changed."
)
CONNECTED_ALEX = "You're connected to LinkedIn as Alex Wilber. The setup card shows the next step."
WRONG = "That code isn't right, so nothing was changed."
VOIDED = "Too many wrong codes were typed, so I cancelled this LinkedIn sign-in and nothing was changed."
DIEGO_USER = TeamsUser(DIEGO, "Diego Siciliani", "diegos@fabrikam.example.com")
GROUP_CHAT = "19:recruiting-group@thread.v2"


@pytest.fixture
async def app(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """On SQLite and on PostgreSQL (when a server answers): held sign-ins, their expiry and the
    wrong-code count are SQL on both."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel) as running:
        yield running


def in_channel(**kwargs: Any) -> dict[str, Any]:
    return {"conversation_type": "channel", "conversation_id": CHANNEL, **kwargs}


async def press_connect(app: App, user: TeamsUser = ALEX) -> dict[str, Any]:
    """`setup` in the team channel, then the user presses Connect there; the invoke answer."""
    await app.say("setup", user=ALEX, **in_channel())
    card = next(c for c in reversed(app.channel.cards()) if "setup.connect" in json.dumps(c))
    return await app.press("setup.connect", button(card, "setup.connect"), user=user, **in_channel())


async def nothing_connected(app: App) -> None:
    """No integration change, no account, no audit entry, the setup card never updated."""
    assert (await app.integration())["state"] == "not_connected"
    assert (await app.integration())["connected_by_user_id"] is None
    assert await app.sql("SELECT count(*) FROM linkedin_connections") == [(0,)]
    assert await app.sql("SELECT count(*) FROM users WHERE linkedin_member_id IS NOT NULL") == [(0,)]
    assert await app.sql("SELECT count(*) FROM audit_entries") == [(0,)]
    assert app.channel.updates() == []


def no_link_in(activities: list[dict[str, Any]]) -> None:
    assert "/linkedin/connect" not in json.dumps(activities)


async def connect_own_account(app: App, user: TeamsUser, member: str) -> None:
    """`settings` in the user's 1:1 chat, Connect LinkedIn, sign in as `member`, type the code."""
    chat = f"a:personal-{user.aad_object_id}"
    await app.say("settings", user=user, conversation_id=chat)
    card = app.channel.sent_in(chat)[-1]["attachments"][0]["content"]
    pressed = await app.press(
        "settings.connect", button(card, "settings.connect"), user=user, conversation_id=chat
    )
    assert pressed["value"] == SENT
    page = await sign_in(app, signin_cards(app.channel.sent_in(chat))[-1], member)
    assert page.status == 200, page.text
    answer = await type_code(app, user, page.code, conversation_id=chat)
    assert f"Your LinkedIn account {member} is connected to Talent Bridge." in answer


# --- the link goes to its person only --------------------------------------------------------------


async def test_connect_in_a_channel_sends_the_link_to_the_admins_1to1_chat_and_never_to_the_channel(
    app: App,
) -> None:
    pressed = await press_connect(app)

    no_link_in(app.channel.sent_in(CHANNEL))
    no_link_in([body for _path, body in app.channel.updates()])
    [setup_card] = app.channel.sent_in(CHANNEL)  # the channel got the setup card, nothing else
    assert pressed["value"] == SENT
    # No 1:1 chat was stored: the bot opened one with Alex alone, and keeps it for next time.
    [created] = app.channel.conversations_created()
    assert created["isGroup"] is False
    assert [m["id"] for m in created["members"]] == [ALEX.id]
    [(tenant_id,)] = await app.sql("SELECT tenant_id FROM users WHERE email = ?", ALEX.email)
    assert created["channelData"] == {"tenant": {"id": tenant_id}}
    chat = await personal_chat_id(app, ALEX)
    [signin] = signin_cards(app.channel.sent_in(chat))
    assert_valid_card(signin)
    assert "Alex Wilber, sign in with your LinkedIn Recruiter admin account" in text_of(signin)

    # Pressed again: the stored 1:1 chat is used, no new one is opened.
    again = await app.press(
        "setup.connect",
        button(setup_card["attachments"][0]["content"], "setup.connect"),
        user=ALEX,
        **in_channel(),
    )
    assert again["value"] == SENT
    assert len(app.channel.conversations_created()) == 1
    assert len(signin_cards(app.channel.sent_in(chat))) == 2
    no_link_in(app.channel.sent_in(CHANNEL))


async def test_connect_uses_the_1to1_chat_the_bot_already_knows(app: App) -> None:
    personal = f"a:personal-{ALEX.aad_object_id}"
    await app.post(app.activity(user=ALEX, activity_type="installationUpdate", action="add"))
    assert await personal_chat_id(app, ALEX) == personal

    assert (await press_connect(app))["value"] == SENT

    assert app.channel.conversations_created() == []
    assert len(signin_cards(app.channel.sent_in(personal))) == 1
    no_link_in(app.channel.sent_in(CHANNEL))


async def test_when_no_1to1_chat_can_be_opened_the_link_answers_the_button_for_the_presser_only(
    app: App,
) -> None:
    app.channel.refuse_new_conversations = True

    pressed = await press_connect(app)

    # The card that answers Action.Execute is shown to the person who pressed the button only.
    assert pressed["type"] == "application/vnd.microsoft.card.adaptive"
    assert_valid_card(pressed["value"])
    assert signin_link(pressed["value"]).startswith(app.base_url + "/linkedin/connect?state=")
    no_link_in(app.channel.sent())  # posted nowhere
    page = await sign_in(app, pressed["value"], "Alex Wilber")
    assert CODE_ON_PAGE.search(page.text)


async def test_settings_in_a_group_chat_sends_the_link_to_the_users_1to1_chat(app: App) -> None:
    await app.say("settings", user=MEGAN, conversation_type="groupChat", conversation_id=GROUP_CHAT)
    [card] = app.channel.cards()
    pressed = await app.press(
        "settings.connect",
        button(card, "settings.connect"),
        user=MEGAN,
        conversation_type="groupChat",
        conversation_id=GROUP_CHAT,
    )
    no_link_in(app.channel.sent_in(GROUP_CHAT))
    assert pressed["value"] == SENT
    card = await link_sent_to(app, MEGAN)
    assert "Megan Bowen, sign in with your own LinkedIn account" in text_of(card)


# --- only the person who asked can finish ----------------------------------------------------------


async def test_someone_else_finishing_the_browser_sign_in_connects_nothing_and_cannot_confirm(
    app: App,
) -> None:
    """Lynne (no ATS user) opens Alex's link first and signs in to LinkedIn as herself."""
    await press_connect(app)
    [link] = signin_cards(app.channel.sent())  # wherever it was sent (see the tests above)

    lynnes = await sign_in(app, link, "Lynne Robbins")

    await nothing_connected(app)
    assert lynnes.status == 200
    assert "You signed in to LinkedIn as Lynne Robbins" in lynnes.text
    assert "only for the person who asked for this sign-in in Teams" in lynnes.text
    # Neither Lynne nor a colleague can use the code: it belongs to Alex's sign-in.
    assert NOT_AN_ATS_USER in await type_code(app, LYNNE, lynnes.code, conversation_id="a:personal-lynne")
    assert await type_code(app, MEGAN, lynnes.code, conversation_id="a:personal-megan") == NOT_YOURS
    await nothing_connected(app)
    # Alex's link was used up by Lynne's visit.
    replay = await app.get(signin_link(link))
    assert replay.status == 400 and "already been used" in await replay.text()

    # Alex asks again and signs in himself: connected as Alex.
    await press_connect(app)
    alexs = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    assert await type_code(app, ALEX, alexs.code) == CONNECTED_ALEX
    row = await app.integration()
    assert row["state"] == "connected"
    assert await app.sql("SELECT member_id, member_name FROM linkedin_connections") == [
        ("mbr-9020", "Alex Wilber")
    ]
    [(_path, update)] = app.channel.updates()[-1:]
    assert state_of(update["attachments"][0]["content"]) == "Connected"
    assert "Connected to LinkedIn as Alex Wilber" in text_of(update["attachments"][0]["content"])
    assert "Lynne" not in json.dumps(app.channel.updates())


async def test_alexs_code_typed_by_anyone_else_changes_nothing_and_still_works_for_alex(app: App) -> None:
    await press_connect(app)
    page = await sign_in(app, signin_cards(app.channel.sent())[-1], "Alex Wilber")
    await nothing_connected(app)  # not before Alex types the code

    assert NOT_AN_ATS_USER in await type_code(app, LYNNE, page.code, conversation_id="a:personal-lynne")
    assert await type_code(app, MEGAN, page.code, conversation_id="a:personal-megan") == NOT_YOURS
    assert await type_code(app, MEGAN, f"<at>Talent Bridge</at> {page.code}", **in_channel()) == NOT_YOURS
    other_tenant = {"conversation_id": "a:personal-diego", "tenant": OTHER_TENANT}
    assert await type_code(app, DIEGO_USER, page.code, **other_tenant) == NOT_YOURS
    for _ in range(6):  # others' tries do not count against Alex's sign-in
        await type_code(app, MEGAN, page.code, conversation_id="a:personal-megan")
    await nothing_connected(app)

    # Alex may type it where he likes, e.g. in the channel after @mentioning the bot.
    answer = await type_code(
        app, ALEX, f"<at>Talent Bridge</at> {page.code[:3]} {page.code[3:]}", **in_channel()
    )
    assert answer == CONNECTED_ALEX
    assert (await app.integration())["state"] == "connected"


async def test_a_code_works_once(app: App) -> None:
    await press_connect(app)
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    assert await type_code(app, ALEX, page.code) == CONNECTED_ALEX
    audit, updates = await app.sql("SELECT count(*) FROM audit_entries"), len(app.channel.updates())

    again = await type_code(app, ALEX, page.code)

    assert again == "That code has already been used, so nothing was changed this time."
    assert await app.sql("SELECT count(*) FROM audit_entries") == audit
    assert len(app.channel.updates()) == updates


async def test_an_expired_code_changes_nothing(app: App) -> None:
    await press_connect(app)
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    # Ten minutes later (the pending sign-in's expiry, moved into the past).
    await app.sql("UPDATE pending_signins SET expires_at = created_at")

    answer = await type_code(app, ALEX, page.code)

    assert answer == (
        "That code has expired, so nothing was changed. Start the LinkedIn sign-in again to get a new link."
    )
    await nothing_connected(app)
    assert await app.sql("SELECT token_encrypted FROM pending_signins") == [(None,)]


async def test_five_wrong_codes_void_the_sign_in(app: App) -> None:
    await press_connect(app)
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    wrong = f"{(int(page.code) + 1) % 1_000_000:06d}"

    answers = [await type_code(app, ALEX, wrong) for _ in range(5)]

    assert all(a.startswith(WRONG) for a in answers[:4])
    assert answers[4].startswith(VOIDED)
    assert (await type_code(app, ALEX, page.code)).startswith(VOIDED)  # the right code, too late
    await nothing_connected(app)
    assert await app.sql("SELECT wrong_attempts, token_encrypted FROM pending_signins") == [(5, None)]


async def test_a_code_with_no_sign_in_waiting_gets_a_polite_answer(app: App) -> None:
    assert await type_code(app, MEGAN, "123456", conversation_id="a:personal-megan") == NOT_YOURS
    assert await type_code(app, MEGAN, "123-456", conversation_id="a:personal-megan") == NOT_YOURS
    # Anything else is not a code: the help card, as before.
    await app.say("1234567", user=MEGAN)
    assert "Here is what you can ask me" in text_of(app.channel.cards()[-1])


# --- one LinkedIn member, one ATS user ---------------------------------------------------------------


async def test_megans_link_finished_with_alexs_linkedin_account_is_refused(app: App) -> None:
    await connect_own_account(app, ALEX, "Alex Wilber")
    chat = f"a:personal-{MEGAN.aad_object_id}"
    await app.say("settings", user=MEGAN, conversation_id=chat)
    card = app.channel.sent_in(chat)[-1]["attachments"][0]["content"]
    pressed = await app.press(
        "settings.connect", button(card, "settings.connect"), user=MEGAN, conversation_id=chat
    )
    assert pressed["value"] == SENT

    page = await sign_in(app, signin_cards(app.channel.sent_in(chat))[-1], "Alex Wilber")

    assert page.status == 400
    assert TAKEN in page.text
    assert not CODE_ON_PAGE.search(page.text)
    assert await app.sql(
        "SELECT u.email, c.member_id FROM linkedin_connections c JOIN users u ON u.id = c.user_id"
    ) == [(ALEX.email, "mbr-9020")]
    assert await app.sql("SELECT linkedin_member_id FROM users WHERE email = ?", MEGAN.email) == [(None,)]
    assert await app.sql("SELECT count(*) FROM pending_signins WHERE closed_at IS NULL") == [(0,)]


async def test_a_member_connected_meanwhile_by_another_user_is_refused_when_the_code_is_typed(
    app: App,
) -> None:
    chat = f"a:personal-{MEGAN.aad_object_id}"
    await app.say("settings", user=MEGAN, conversation_id=chat)
    card = app.channel.sent_in(chat)[-1]["attachments"][0]["content"]
    await app.press("settings.connect", button(card, "settings.connect"), user=MEGAN, conversation_id=chat)
    megans = await sign_in(app, signin_cards(app.channel.sent_in(chat))[-1], "Alex Wilber")
    assert megans.status == 200
    # Before Megan types her code, Alex connects his own LinkedIn account.
    await connect_own_account(app, ALEX, "Alex Wilber")

    answer = await type_code(app, MEGAN, megans.code, conversation_id=chat)

    assert answer == TAKEN
    assert await app.sql("SELECT u.email FROM linkedin_connections c JOIN users u ON u.id = c.user_id") == [
        (ALEX.email,)
    ]
    assert await app.sql("SELECT linkedin_member_id FROM users WHERE email = ?", MEGAN.email) == [(None,)]


async def test_the_admins_connect_with_a_linkedin_account_another_user_holds_writes_nothing(app: App) -> None:
    await connect_own_account(app, MEGAN, "Megan Bowen")
    await press_connect(app)
    page = await sign_in(app, await link_sent_to(app, ALEX), "Megan Bowen")
    assert page.status == 400 and TAKEN in page.text
    assert (await app.integration())["state"] == "not_connected"
    assert await app.sql("SELECT count(*) FROM audit_entries") == [(0,)]


# --- nothing secret is kept or logged ---------------------------------------------------------------


async def test_the_code_is_kept_as_a_keyed_hash_and_no_code_state_or_token_is_logged(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await press_connect(app)
    link = signin_link(await link_sent_to(app, ALEX))
    state = parse_qs(urlsplit(link).query)["state"][0]
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    authorization_code = parse_qs(urlsplit(page.callback_url).query)["code"][0]
    # A browser may name the page it came from (here LinkedIn's, with the state) in a Referer.
    referer = {"Referer": f"{app.sandbox_url}/oauth/v2/authorization?state={state}&x=1"}
    assert (await app.get(link, headers=referer)).status == 400  # used already

    [row] = await app.sql("SELECT * FROM pending_signins")
    assert page.code not in json.dumps(row, default=str)
    assert "sbx-" not in json.dumps(row, default=str)  # the token is encrypted
    assert "sbx-" not in page.text
    await type_code(app, ALEX, "000000" if page.code != "000000" else "111111")
    await type_code(app, ALEX, page.code)
    assert (await app.integration())["state"] == "connected"

    for secret in (page.code, state, authorization_code, "sbx-"):
        assert secret not in caplog.text


async def test_the_sign_in_speaks_the_users_language(app: App) -> None:
    await app.say("setup", user=ALEX, locale="da-DK", **in_channel())
    [card] = app.channel.cards()
    pressed = await app.press(
        "setup.connect", button(card, "setup.connect"), user=ALEX, locale="da-DK", **in_channel()
    )
    assert pressed["value"] == "Jeg har sendt dig et login-link i vores 1:1-chat."
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    assert '<html lang="da">' in page.text
    assert "Du er logget på LinkedIn som Alex Wilber" in page.text
    assert "inden for 10 minutter" in page.text
    wrong = f"{(int(page.code) + 1) % 1_000_000:06d}"
    assert (await type_code(app, ALEX, wrong, locale="sv-SE")).startswith("Koden är fel, så inget ändrades.")
    answer = await type_code(app, ALEX, page.code, locale="nb-NO")
    assert answer == "Du er koblet til LinkedIn som Alex Wilber. Oppsettkortet viser neste trinn."


async def test_a_code_sent_twice_at_once_connects_once(app: App) -> None:
    await press_connect(app)
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    chat = await personal_chat_id(app, ALEX)

    responses = await asyncio.gather(
        *(app.post(app.activity(page.code, user=ALEX, conversation_id=chat)) for _ in range(2))
    )

    assert all(r.status in (200, 201) for r in responses)
    answers = sorted(a["text"] for a in app.channel.sent_in(chat) if a.get("text"))
    assert answers == [
        "That code has already been used, so nothing was changed this time.",
        CONNECTED_ALEX,
    ]
    assert await app.sql("SELECT count(*) FROM audit_entries WHERE action LIKE 'Connected to LinkedIn%'") == [
        (1,)
    ]
