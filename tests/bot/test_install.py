"""Installing the bot: one welcome per conversation, the reference stored, strangers refused."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.bot.channel import ALEX, BOT_ID, LYNNE, MEGAN, TeamsUser
from tests.bot.conftest import BotUnderTest
from tests.cardcheck import assert_valid_card, card_texts


def _install_events(
    bot: BotUnderTest, user: TeamsUser, **kwargs: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    installation = bot.activity(user=user, activity_type="installationUpdate", action="add", **kwargs)
    conversation_update = bot.activity(
        user=user, activity_type="conversationUpdate", membersAdded=[{"id": BOT_ID}], **kwargs
    )
    conversation_update.pop("locale")  # Teams sends no locale with conversationUpdate
    return installation, conversation_update


async def test_install_events_arriving_together_welcome_once(bot: BotUnderTest) -> None:
    installation, conversation_update = _install_events(bot, MEGAN, locale="da-DK")
    responses = await asyncio.gather(bot.post(installation), bot.post(conversation_update))
    assert [r.status for r in responses] == [201, 201] or all(r.status in (200, 201) for r in responses)
    [card] = bot.channel.cards()
    assert_valid_card(card)
    assert not bot.channel.texts(), "no error message reached the user"


async def test_installation_update_first_welcomes_in_the_users_language(bot: BotUnderTest) -> None:
    installation, conversation_update = _install_events(bot, MEGAN, locale="da-DK")
    await bot.post(installation)
    await bot.post(conversation_update)
    [card] = bot.channel.cards()
    assert "Velkommen, Megan Bowen!" in card_texts(card)


async def test_channel_install_by_a_non_ats_user_welcomes_the_channel(bot: BotUnderTest) -> None:
    installation, _ = _install_events(
        bot, LYNNE, conversation_type="channel", conversation_id="19:general@thread.tacv2"
    )
    await bot.post(installation)
    [card] = bot.channel.cards()
    texts = " ".join(card_texts(card))
    assert "Welcome!" in texts and "find" in texts and "Lynne" not in texts
    assert "In a channel, @mention me first." in texts  # else a first message without it goes unheard
    assert not bot.channel.texts()


async def test_personal_install_by_a_non_ats_user_is_a_refusal_only(bot: BotUnderTest) -> None:
    installation, conversation_update = _install_events(bot, LYNNE)
    await bot.post(installation)
    await bot.post(conversation_update)
    assert bot.channel.cards() == []
    [text] = bot.channel.texts()
    assert "don't have a user" in text


async def test_candidate_contact_details_stay_out_of_channels(bot: BotUnderTest) -> None:
    await bot.say("find C1001", user=ALEX)
    [personal] = bot.channel.cards()
    assert any("@" in text for text in card_texts(personal))
    bot.channel.clear()
    await bot.say(
        "find C1001", user=ALEX, conversation_type="channel", conversation_id="19:general@thread.tacv2"
    )
    [in_channel] = bot.channel.cards()
    assert_valid_card(in_channel)
    assert not any("@" in text for text in card_texts(in_channel))
    assert "Email and phone are shown only in your 1:1 chat with me." in card_texts(in_channel)
    bot.channel.clear()
    await bot.say("find anna", user=ALEX, conversation_type="groupChat", conversation_id="19:group@thread.v2")
    [listed] = bot.channel.cards()
    assert not any("@" in text for text in card_texts(listed))


async def test_help_card_text_has_no_angle_brackets_in_values(bot: BotUnderTest) -> None:
    # Teams renders <...> in TextBlock and Fact values as an HTML tag and drops it.
    await bot.say("help", user=ALEX)
    [card] = bot.channel.cards()
    values = [
        fact["value"] for block in card["body"] if block["type"] == "FactSet" for fact in block["facts"]
    ]
    assert values and not any("<" in value for value in values)
