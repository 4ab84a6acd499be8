"""The bot over HTTP, as a Teams channel drives it."""

from __future__ import annotations

import sqlite3

import pytest

from tests.bot.channel import ALEX, ISAIAH_BY_UPN, LYNNE, MEGAN, OTHER_TENANT
from tests.bot.conftest import BotUnderTest
from tests.cardcheck import assert_valid_card, card_texts


def _row_count(database_url: str, table: str) -> int:
    path = database_url.split("///", 1)[1]
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def test_help_lists_what_a_recruiter_can_do(bot: BotUnderTest) -> None:
    await bot.say("help", user=MEGAN)
    cards = bot.channel.cards()
    assert len(cards) == 1
    assert_valid_card(cards[0])
    texts = " ".join(card_texts(cards[0]))
    assert "find <name, email or candidate id>" in texts
    assert any(a.get("verb") == "find" for a in cards[0]["body"][-1]["actions"])


async def test_unknown_words_get_the_help_card(bot: BotUnderTest) -> None:
    await bot.say("what can you do?", user=MEGAN)
    assert len(bot.channel.cards()) == 1
    assert "Talent Bridge" in card_texts(bot.channel.cards()[0])


async def test_find_by_candidate_id_gives_the_candidate_card(bot: BotUnderTest) -> None:
    await bot.say("find C1001", user=MEGAN)
    [card] = bot.channel.cards()
    assert_valid_card(card)
    assert "C1001" in card_texts(card)


async def test_find_by_email_gives_one_candidate(bot: BotUnderTest) -> None:
    await bot.say("find C1002", user=MEGAN)
    [card] = bot.channel.cards()
    email = next(t for t in card_texts(card) if "@" in t).split(",")[0].strip()
    bot.channel.clear()
    await bot.say(f"find {email.upper()}", user=MEGAN)
    [by_email] = bot.channel.cards()
    assert "C1002" in card_texts(by_email)


async def test_find_with_several_hits_gives_a_list_to_pick_from(bot: BotUnderTest) -> None:
    await bot.say("find an", user=MEGAN)  # matches many names (Anna, Jan, Ananya, ...)
    [card] = bot.channel.cards()
    assert_valid_card(card)
    picks = [
        action
        for row in card["body"]
        if row.get("type") == "Container"
        for column in row["items"][0]["columns"]
        for item in column["items"]
        if item.get("type") == "ActionSet"
        for action in item["actions"]
    ]
    assert 2 <= len(picks) <= 10
    assert all(p["verb"] == "candidate.show" for p in picks)

    bot.channel.clear()
    response = await bot.press("candidate.show", picks[1]["data"], user=MEGAN)
    assert response["statusCode"] == 200
    [candidate] = bot.channel.cards()
    assert_valid_card(candidate)


async def test_find_with_no_hit_says_so(bot: BotUnderTest) -> None:
    await bot.say("find Zzyzx Qwerty", user=MEGAN)
    assert bot.channel.cards() == []
    [text] = bot.channel.texts()
    assert "no candidate" in text and "Zzyzx Qwerty" in text


async def test_find_without_a_name_asks_who(bot: BotUnderTest) -> None:
    await bot.say("find", user=MEGAN)
    [question] = bot.channel.texts()
    assert "Who are you looking for" in question
    bot.channel.clear()
    await bot.say("C1003", user=MEGAN)
    [card] = bot.channel.cards()
    assert "C1003" in card_texts(card)


async def test_teams_user_without_ats_user_is_refused_politely(bot: BotUnderTest) -> None:
    await bot.say("find C1001", user=LYNNE)
    assert bot.channel.cards() == []
    [text] = bot.channel.texts()
    assert "don't have a user" in text


async def test_user_is_matched_by_upn_when_the_object_id_is_unknown(bot: BotUnderTest) -> None:
    # The ATS knows Isaiah by his UPN; Teams' roster gives it for this unknown object id.
    await bot.say("find C1001", user=ISAIAH_BY_UPN)
    assert "C1001" in card_texts(bot.channel.cards()[0])
    assert bot.channel.roster_lookups == [ISAIAH_BY_UPN.id]


async def test_a_candidate_of_another_tenant_is_never_visible(bot: BotUnderTest) -> None:
    # Fabrikam has its own "Ingrid Solberg" (also Fabrikam's C1001): Contoso sees only its own.
    await bot.say("find Ingrid Solberg", user=MEGAN)
    [card] = bot.channel.cards()
    texts = card_texts(card)
    assert "C1011" in texts and "ingrid.solberg@mail.example.com" not in " ".join(texts)
    bot.channel.clear()
    # Fabrikam-only emails are not found from Contoso.
    await bot.say("find pieter.hoekstra@post.example.net", user=MEGAN)
    assert bot.channel.cards() == []
    assert "no candidate" in bot.channel.texts()[0]
    bot.channel.clear()
    # A Contoso user's identity presented with Fabrikam's tenant id is nobody there.
    await bot.say("find C1001", user=MEGAN, tenant=OTHER_TENANT)
    assert bot.channel.cards() == []
    assert "don't have a user" in bot.channel.texts()[0]


async def test_tampered_candidate_id_in_a_button_is_refused(bot: BotUnderTest) -> None:
    response = await bot.press("candidate.show", {"candidateId": "not-a-candidate"}, user=MEGAN)
    assert response["statusCode"] == 200
    assert "doesn't exist" in response["value"]
    assert bot.channel.cards() == []


async def test_welcome_on_install_and_reference_stored(bot: BotUnderTest) -> None:
    before = _row_count(bot.database_url, "conversation_references")
    activity = bot.activity(
        user=ALEX,
        activity_type="conversationUpdate",
        membersAdded=[{"id": "28:talentbridge-bot", "name": "Talent Bridge"}],
    )
    activity["channelData"]["eventType"] = "teamMemberAdded"
    response = await bot.post(activity)
    assert response.status in (200, 201)
    [card] = bot.channel.cards()
    assert_valid_card(card)
    assert "Welcome, Alex Wilber!" in card_texts(card)
    assert _row_count(bot.database_url, "conversation_references") == before + 1

    bot.channel.clear()
    await bot.post(activity)  # the same install again: no second welcome
    assert bot.channel.cards() == []


async def test_malformed_json_is_rejected_and_nothing_written(bot: BotUnderTest) -> None:
    before = (
        _row_count(bot.database_url, "bot_state"),
        _row_count(bot.database_url, "conversation_references"),
    )
    response = await bot.post(None, raw=b'{"type": "message", "text": ')
    assert response.status == 400
    assert "not valid JSON" in (await response.json())["error"]
    assert bot.channel.calls == []
    after = _row_count(bot.database_url, "bot_state"), _row_count(bot.database_url, "conversation_references")
    assert after == before


@pytest.mark.parametrize("missing", ["type", "from", "conversation", "serviceUrl", "recipient"])
async def test_activity_missing_fields_is_rejected(bot: BotUnderTest, missing: str) -> None:
    activity = bot.activity("help", user=MEGAN)
    del activity[missing]
    response = await bot.post(activity)
    assert response.status == 400
    assert missing.split(".")[0] in (await response.json())["error"]
    assert bot.channel.calls == []


async def test_bot_mention_is_removed_in_a_channel(bot: BotUnderTest) -> None:
    activity = bot.activity(
        "<at>Talent Bridge</at> find C1004",
        user=MEGAN,
        conversation_type="channel",
        conversation_id="19:recruiting@thread.tacv2",
        entities=[
            {
                "type": "mention",
                "text": "<at>Talent Bridge</at>",
                "mentioned": {"id": "28:talentbridge-bot", "name": "Talent Bridge"},
            }
        ],
    )
    await bot.post(activity)
    assert "C1004" in card_texts(bot.channel.cards()[0])


async def test_health_and_readiness(bot: BotUnderTest) -> None:
    base = bot.url.rsplit("/api/messages", 1)[0]
    async with bot.http.get(base + "/healthz") as response:
        assert response.status == 200
    async with bot.http.get(base + "/readyz") as response:
        assert response.status == 200
        assert (await response.json())["database"] == "ok"


async def test_a_failing_turn_gets_one_friendly_sentence_without_internals(bot: BotUnderTest) -> None:
    path = bot.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE candidate_emails RENAME TO candidate_emails_gone")
    await bot.say("find someone@example.com", user=MEGAN)
    [text] = bot.channel.texts()
    assert text == "Sorry, something went wrong on my side. Please try again in a moment."
    assert bot.channel.cards() == []
