"""The one notifier over the real app and a recording Teams channel: what each of its three
operations does, and what Teams' answers become (sent, unreachable when the user or the conversation
can't be reached, failed when Teams throttles or fails), never an exception; and the cards it
updates in place (the setup card from the status poll, the settings card after the typed code)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from app import NOTIFIER
from bot.notifier import TeamsNotifier
from services.notifier import Delivery, Notice, NoticeKind, TeamsAccount
from tests.bot.channel import ALEX, BOT_ID, MEGAN, TENANT, TeamsUser
from tests.cardcheck import assert_valid_card
from tests.setup.cards import CHANNEL, button, state_of, text_of
from tests.setup.conftest import App, unused_port
from tests.setup.signin import personal_chat_id, sign_in, signin_cards, signin_link, type_code
from tests.setup.test_walk import in_channel, latest_setup_card, walk_to_requested

HELLO = Notice(NoticeKind.SIGNIN_LINK, "test:hello", text="Hello from the notifier")
GROUP_CHAT = "19:recruiting-group@thread.v2"


def notifier(app: App) -> TeamsNotifier:
    assert app.web_app is not None
    return app.web_app[NOTIFIER]


async def user_id(app: App, user: TeamsUser) -> str:
    [(found,)] = await app.sql("SELECT id FROM users WHERE aad_object_id = ?", user.aad_object_id)
    return str(found)


def account(app: App, user: TeamsUser) -> TeamsAccount:
    """The user as Teams names them in a turn (what a turn's activity carries)."""
    return TeamsAccount(
        user_id=user.id,
        user_name=user.name,
        aad_object_id=user.aad_object_id,
        bot_id=BOT_ID,
        bot_name="Talent Bridge",
        channel_id="msteams",
        service_url=app.channel_url,
    )


async def install_personal(app: App, user: TeamsUser) -> str:
    """The user installs the app: the bot keeps their 1:1 chat."""
    await app.post(app.activity(user=user, activity_type="installationUpdate", action="add"))
    app.channel.clear()
    return await personal_chat_id(app, user)


async def stored_chats(app: App, user: TeamsUser) -> list[tuple[Any, ...]]:
    return await app.sql(
        "SELECT r.conversation_id FROM conversation_references r JOIN users u ON u.id = r.user_id"
        " WHERE u.aad_object_id = ?",
        user.aad_object_id,
    )


# --- tell this user ----------------------------------------------------------------------------------


async def test_tell_user_sends_to_the_stored_1to1_chat(app: App) -> None:
    chat = await install_personal(app, MEGAN)

    outcome = await notifier(app).tell_user(TENANT, await user_id(app, MEGAN), HELLO)

    assert outcome.delivery is Delivery.SENT and outcome.conversation_id == chat
    [sent] = app.channel.sent_in(chat)
    assert sent["text"] == "Hello from the notifier"
    assert outcome.activity_id and outcome.activity_id.startswith("activity-")
    assert app.channel.conversations_created() == []


async def test_tell_user_without_a_stored_1to1_chat_opens_one_and_keeps_it(app: App) -> None:
    megan = await user_id(app, MEGAN)

    first = await notifier(app).tell_user(TENANT, megan, HELLO, account=account(app, MEGAN))

    assert first.sent
    [created] = app.channel.conversations_created()
    assert created["isGroup"] is False and [m["id"] for m in created["members"]] == [MEGAN.id]
    assert created["channelData"] == {"tenant": {"id": TENANT}}
    assert await stored_chats(app, MEGAN) == [(first.conversation_id,)]
    assert [a["text"] for a in app.channel.sent_in(str(first.conversation_id))] == [HELLO.text]

    # Next time the kept chat is used, with or without the account.
    second = await notifier(app).tell_user(TENANT, megan, HELLO)
    assert second.sent and second.conversation_id == first.conversation_id
    assert len(app.channel.conversations_created()) == 1


async def test_a_user_who_never_installed_the_bot_is_unreachable_without_an_exception(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)

    outcome = await notifier(app).tell_user(TENANT, await user_id(app, MEGAN), HELLO)

    assert outcome.delivery is Delivery.UNREACHABLE and outcome.reason == "no stored 1:1 chat"
    assert app.channel.calls == []
    assert "signin_link notice for tenant" in caplog.text and "unreachable" in caplog.text
    assert "Hello from the notifier" not in caplog.text  # the log names the kind, never the content


@pytest.mark.parametrize("status", [403, 404])
async def test_a_user_who_uninstalled_the_bot_is_unreachable_and_their_chat_is_forgotten(
    app: App, status: int
) -> None:
    chat = await install_personal(app, MEGAN)
    app.channel.refusing[chat] = status

    outcome = await notifier(app).tell_user(TENANT, await user_id(app, MEGAN), HELLO)

    assert (outcome.delivery, outcome.reason) == (Delivery.UNREACHABLE, f"{status} from Teams")
    assert len(app.channel.refused) == 1  # asked once, not retried
    assert await stored_chats(app, MEGAN) == []  # not tried again next time
    again = await notifier(app).tell_user(TENANT, await user_id(app, MEGAN), HELLO)
    assert again.reason == "no stored 1:1 chat" and len(app.channel.refused) == 1


async def test_when_the_stored_chat_is_gone_a_new_one_is_opened_with_the_turns_account(app: App) -> None:
    chat = await install_personal(app, MEGAN)
    app.channel.refusing[chat] = 403

    outcome = await notifier(app).tell_user(
        TENANT, await user_id(app, MEGAN), HELLO, account=account(app, MEGAN)
    )

    assert outcome.sent and outcome.conversation_id != chat
    assert len(app.channel.conversations_created()) == 1
    assert await stored_chats(app, MEGAN) == [(outcome.conversation_id,)]


async def test_a_throttled_send_failed_and_the_chat_is_kept(app: App) -> None:
    chat = await install_personal(app, MEGAN)
    app.channel.refusing[chat] = 429

    outcome = await notifier(app).tell_user(
        TENANT, await user_id(app, MEGAN), HELLO, account=account(app, MEGAN)
    )

    assert (outcome.delivery, outcome.reason) == (Delivery.FAILED, "429 from Teams")
    assert len(app.channel.refused) == 1  # the notifier does not retry: that is the outbox's job
    assert app.channel.conversations_created() == []  # worth another try, not a new chat
    assert await stored_chats(app, MEGAN) == [(chat,)]
    app.channel.refusing[chat] = 503
    assert (
        await notifier(app).tell_user(TENANT, await user_id(app, MEGAN), HELLO)
    ).delivery is Delivery.FAILED


async def test_when_teams_refuses_to_open_a_chat_the_user_is_unreachable(app: App) -> None:
    app.channel.refuse_new_conversations = True

    outcome = await notifier(app).tell_user(
        TENANT, await user_id(app, MEGAN), HELLO, account=account(app, MEGAN)
    )

    assert (outcome.delivery, outcome.reason) == (Delivery.UNREACHABLE, "403 from Teams")
    assert app.channel.sent() == [] and await stored_chats(app, MEGAN) == []


async def test_a_channel_that_does_not_answer_is_a_failure(app: App) -> None:
    chat = await install_personal(app, MEGAN)
    await app.sql(
        "UPDATE conversation_references SET reference = replace(reference, ?, ?)",
        app.channel_url,
        f"http://127.0.0.1:{unused_port()}/",  # nothing listens there
    )
    outcome = await notifier(app).tell_user(TENANT, await user_id(app, MEGAN), HELLO)
    assert outcome.delivery is Delivery.FAILED and outcome.conversation_id == chat


# --- tell this conversation, update this card ----------------------------------------------------------


async def test_tell_conversation_sends_to_a_stored_channel_and_forgets_one_teams_refuses(app: App) -> None:
    await app.say("setup", user=ALEX, **in_channel())  # the bot keeps the channel's reference
    app.channel.clear()

    sent = await notifier(app).tell_conversation(TENANT, CHANNEL, HELLO)
    assert sent.sent and [a["text"] for a in app.channel.sent_in(CHANNEL)] == [HELLO.text]

    assert (await notifier(app).tell_conversation(TENANT, "19:unknown@thread.tacv2", HELLO)).reason == (
        "no stored conversation"
    )
    # Another tenant's id does not reach this tenant's channel.
    other = await notifier(app).tell_conversation("99999999-0000-0000-0000-000000000002", CHANNEL, HELLO)
    assert other.delivery is Delivery.UNREACHABLE

    app.channel.refusing[CHANNEL] = 404  # the team was deleted
    gone = await notifier(app).tell_conversation(TENANT, CHANNEL, HELLO)
    assert gone.delivery is Delivery.UNREACHABLE
    assert await app.sql(
        "SELECT count(*) FROM conversation_references WHERE conversation_id = ?", CHANNEL
    ) == [(0,)]


async def test_update_card_replaces_the_message_and_says_what_teams_answered(app: App) -> None:
    await app.say("setup", user=ALEX, **in_channel())
    [(activity_id,)] = await app.sql("SELECT setup_activity_id FROM linkedin_integrations")
    card = Notice(
        NoticeKind.SETUP_CARD, "test:card", card={"type": "AdaptiveCard", "version": "1.5", "body": []}
    )

    updated = await notifier(app).update_card(TENANT, CHANNEL, activity_id, card)
    assert (updated.delivery, updated.activity_id) == (Delivery.SENT, activity_id)
    [(path, _body)] = app.channel.updates()
    assert path == f"/v3/conversations/{CHANNEL}/activities/{activity_id}"

    app.channel.refusing[CHANNEL] = 429
    assert (await notifier(app).update_card(TENANT, CHANNEL, activity_id, card)).delivery is Delivery.FAILED
    app.channel.refusing[CHANNEL] = 404  # the message was deleted
    deleted = await notifier(app).update_card(TENANT, CHANNEL, activity_id, card)
    assert deleted.delivery is Delivery.UNREACHABLE
    # A message that is gone says nothing about the conversation: its reference is kept.
    assert await app.sql(
        "SELECT count(*) FROM conversation_references WHERE conversation_id = ?", CHANNEL
    ) == [(1,)]


# --- the cards it updates in place, and the sign-in link ----------------------------------------------


async def test_the_status_poll_updates_the_setup_card_through_the_notifier_even_when_teams_refuses(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await walk_to_requested(app)
    await app.flush_webhooks()
    app.channel.refusing[CHANNEL] = 429  # Teams throttles the update

    done = await app.poll_status()

    # The change is made (and kept) whatever Teams answered; the failed update is one log line.
    assert done.changed == [TENANT] and done.failed == []
    assert (await app.integration())["state"] == "partner_ready"
    assert "setup_card notice for tenant" in caplog.text and "failed (429 from Teams)" in caplog.text
    # Once Teams answers again, the next change updates the card in place.
    del app.channel.refusing[CHANNEL]
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    await app.poll_status()
    assert state_of(await latest_setup_card(app, "Enabled")) == "Enabled"


async def test_the_settings_card_in_a_group_chat_is_updated_in_place_after_the_code_is_typed(
    app: App,
) -> None:
    await app.say("settings", user=MEGAN, conversation_type="groupChat", conversation_id=GROUP_CHAT)
    [card] = app.channel.cards()
    assert "Your LinkedIn account is not connected." in text_of(card)
    pressed = await app.press(
        "settings.connect",
        button(card, "settings.connect"),
        user=MEGAN,
        conversation_type="groupChat",
        conversation_id=GROUP_CHAT,
    )
    assert pressed["value"] == "I sent you a sign-in link in our 1:1 chat."
    chat = await personal_chat_id(app, MEGAN)
    page = await sign_in(app, signin_cards(app.channel.sent_in(chat))[-1], "Megan Bowen")

    answer = await type_code(app, MEGAN, page.code)

    assert answer == "Your LinkedIn account Megan Bowen is connected to Talent Bridge."
    [(activity_id,)] = await app.sql("SELECT activity_id FROM settings_cards")
    [(path, body)] = app.channel.updates()
    assert path == f"/v3/conversations/{GROUP_CHAT}/activities/{activity_id}"
    updated = body["attachments"][0]["content"]
    assert_valid_card(updated)
    assert "Megan Bowen" in text_of(updated) and "Disconnect LinkedIn" in text_of(updated)
    assert "/linkedin/connect" not in str(app.channel.sent_in(GROUP_CHAT))


async def test_when_the_settings_card_cannot_be_updated_the_code_is_answered_with_a_new_card(
    app: App,
) -> None:
    chat = f"a:personal-{MEGAN.aad_object_id}"
    await app.say("settings", user=MEGAN, conversation_id=chat)
    [card] = app.channel.cards()
    await app.press("settings.connect", button(card, "settings.connect"), user=MEGAN, conversation_id=chat)
    page = await sign_in(app, signin_cards(app.channel.sent_in(chat))[-1], "Megan Bowen")
    await app.sql("DELETE FROM settings_cards")

    answer = await type_code(app, MEGAN, page.code, conversation_id=chat)

    assert "Your LinkedIn account Megan Bowen is connected to Talent Bridge." in answer
    assert "Disconnect LinkedIn" in answer
    assert app.channel.updates() == []
    # That new card is the one kept for the next change.
    [(activity_id,)] = await app.sql("SELECT activity_id FROM settings_cards")
    await app.press("settings.disconnect", button(app.channel.cards()[-1], "settings.disconnect"), user=MEGAN)
    [(path, body)] = app.channel.updates()
    assert path.endswith(f"/activities/{activity_id}")
    assert "Your LinkedIn account is not connected." in text_of(body["attachments"][0]["content"])


@pytest.mark.parametrize("status", [403, 429])
async def test_a_signin_link_the_1to1_chat_refuses_answers_the_button_for_the_presser_only(
    app: App, status: int
) -> None:
    chat = await install_personal(app, ALEX)
    app.channel.refusing[chat] = status
    app.channel.refuse_new_conversations = True
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()

    pressed = await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())

    assert pressed["type"] == "application/vnd.microsoft.card.adaptive"
    assert signin_link(pressed["value"]).startswith(app.base_url + "/linkedin/connect?state=")
    assert "/linkedin/connect" not in str(app.channel.sent())  # posted nowhere


async def test_a_signin_link_goes_to_a_new_1to1_chat_when_the_stored_one_is_gone(app: App) -> None:
    chat = await install_personal(app, ALEX)
    app.channel.refusing[chat] = 403
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()

    pressed = await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())

    assert pressed["value"] == "I sent you a sign-in link in our 1:1 chat."
    [created] = app.channel.conversations_created()
    assert [m["id"] for m in created["members"]] == [ALEX.id]
    new_chat = await personal_chat_id(app, ALEX)
    assert new_chat != chat and len(signin_cards(app.channel.sent_in(new_chat))) == 1
