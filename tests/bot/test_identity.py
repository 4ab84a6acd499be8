"""Who is asking comes from the channel: the Entra object id of the activity, and an email or UPN only
from Teams' own roster, never from the activity's body."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from tests.bot.channel import ALEX, BOT_ID, ISAIAH, ISAIAH_BY_UPN, MALLORY, MEGAN, TeamsUser
from tests.bot.conftest import BotUnderTest, row_counts
from tests.cardcheck import card_texts

NOT_A_USER = "don't have a user"


async def test_a_known_object_id_needs_no_roster_call(bot: BotUnderTest) -> None:
    await bot.say("find C1001", user=MEGAN)
    assert "C1001" in card_texts(bot.channel.cards()[0])
    assert bot.channel.roster_lookups == []


async def test_an_unknown_object_id_is_matched_by_the_upn_from_teams_roster(bot: BotUnderTest) -> None:
    # The roster's email for this account is not in the ATS; its UPN is Isaiah's.
    await bot.say("find C1001", user=ISAIAH_BY_UPN)
    assert "C1001" in card_texts(bot.channel.cards()[0])
    assert bot.channel.roster_lookups == [ISAIAH_BY_UPN.id]


async def test_an_unknown_object_id_is_matched_by_the_email_from_teams_roster(bot: BotUnderTest) -> None:
    isaiah_by_email = TeamsUser(
        "00000000-0000-0000-0000-00000000009a", "Isaiah Langer", "isaiahl@example.com",
        "isaiah.langer@contoso.example",
    )
    bot.channel.members[isaiah_by_email.id] = isaiah_by_email.member()
    await bot.say("find C1001", user=isaiah_by_email)
    assert "C1001" in card_texts(bot.channel.cards()[0])


async def test_an_email_written_into_the_body_logs_no_one_in(bot: BotUnderTest) -> None:
    activity = bot.activity("find C1001", user=MALLORY)
    activity["from"].update(email=ALEX.email, userPrincipalName=ALEX.email)
    response = await bot.post(activity)
    assert response.status in (200, 201)
    assert bot.channel.cards() == []
    [text] = bot.channel.texts()
    assert NOT_A_USER in text
    assert bot.channel.roster_lookups == [MALLORY.id]


async def test_an_email_in_the_body_of_someone_the_roster_does_not_know_logs_no_one_in(
    bot: BotUnderTest,
) -> None:
    stranger = TeamsUser("00000000-0000-0000-0000-0000000000077", "Not In Roster", "nobody@example.com")
    activity = bot.activity("find C1001", user=stranger)
    activity["from"].update(email=ALEX.email, userPrincipalName=ALEX.email)
    await bot.post(activity)
    assert bot.channel.cards() == []
    assert NOT_A_USER in bot.channel.texts()[0]


async def test_a_roster_entry_with_another_object_id_is_not_used(bot: BotUnderTest) -> None:
    # The body claims an object id the ATS does not know for Isaiah's Teams user id; the roster
    # knows that user id under his real object id, so its addresses belong to someone else's claim.
    activity = bot.activity("find C1001", user=ISAIAH)
    activity["from"]["aadObjectId"] = "11111111-2222-3333-4444-555555555555"
    await bot.post(activity)
    assert bot.channel.cards() == []
    assert NOT_A_USER in bot.channel.texts()[0]


async def test_a_forged_email_cannot_make_someones_chat_alexs(bot: BotUnderTest) -> None:
    """Alex's proactive messages (exports, InMail replies) go to the personal chat kept for him."""
    activity = bot.activity(user=MALLORY, activity_type="conversationUpdate", membersAdded=[{"id": BOT_ID}])
    activity["from"].update(email=ALEX.email, userPrincipalName=ALEX.email)
    await bot.post(activity)
    assert bot.channel.cards() == []
    assert NOT_A_USER in bot.channel.texts()[0]
    path = bot.database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as connection:
        owners = connection.execute(
            "SELECT user_id FROM conversation_references WHERE conversation_id = ?",
            (activity["conversation"]["id"],),
        ).fetchall()
    assert all(user_id is None for (user_id,) in owners)


def emulator_message(bot: BotUnderTest, text: str) -> dict[str, object]:
    """What the Bot Framework Emulator sends: no Teams tenant, no Entra object id."""
    return {
        "type": "message",
        "id": "emulator-1",
        "channelId": "emulator",
        "serviceUrl": bot.channel_url,
        "from": {"id": "emulator-user", "name": "User", "role": "user"},
        "recipient": {"id": "emulator-bot", "name": "Bot", "role": "bot"},
        "conversation": {"id": "emulator-conversation"},
        "text": text,
        "locale": "en-US",
    }


async def test_the_emulator_in_development_mode_is_told_what_works(bot: BotUnderTest) -> None:
    response = await bot.post(emulator_message(bot, "help"))
    assert response.status in (200, 201), await response.text()
    [text] = bot.channel.texts()
    assert "Microsoft Teams" in text and "Agents Playground" in text
    assert bot.channel.roster_lookups == []


async def test_the_emulator_connecting_in_development_mode_is_told_what_works(bot: BotUnderTest) -> None:
    before = row_counts(bot.database_url, "conversation_references", "bot_state")
    activity = {**emulator_message(bot, ""), "type": "conversationUpdate"}
    activity.pop("text")
    activity["membersAdded"] = [{"id": "emulator-bot"}, {"id": "emulator-user"}]
    response = await bot.post(activity)
    assert response.status in (200, 201), await response.text()
    [text] = bot.channel.texts()
    assert "Microsoft Teams" in text and "Agents Playground" in text
    assert row_counts(bot.database_url, "conversation_references", "bot_state") == before
