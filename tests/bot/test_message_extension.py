"""The message extension over HTTP: "Find candidate" in the compose box of a chat or channel, as
Teams sends it (a composeExtension/query invoke) and as Teams reads the answer."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from typing import Any

import pytest

from bot.routes import COMMANDS, SEARCHES, VERBS
from bot.routing import ANYWHERE, RouteTable, SearchRoute, Who
from i18n import NC_
from store.demo_data import DEMO_TENANT_ID
from tests.bot.channel import ALEX, LYNNE, MEGAN, OTHER_TENANT, TeamsUser
from tests.bot.conftest import BotUnderTest, row_counts
from tests.cardcheck import MAX_CARD_BYTES, assert_valid_card, card_texts

QUERY = "composeExtension/query"
COMMAND = "findCandidate"
ADAPTIVE = "application/vnd.microsoft.card.adaptive"
THUMBNAIL = "application/vnd.microsoft.card.thumbnail"
HINT = "Type a name, an email or a candidate id to find a candidate."
TABLES = ("candidates", "audit_entries", "conversation_references", "bot_state")


def search_invoke(
    bot: BotUnderTest, text: str | None, *, user: TeamsUser = MEGAN, command: str = COMMAND, **extra: Any
) -> dict[str, Any]:
    """The invoke Teams sends when the user types `text` in the compose box's search."""
    parameters = [{"name": "query", "value": text}] if text is not None else [
        {"name": "initialRun", "value": "true"}
    ]
    value = {"commandId": command, "parameters": parameters, "queryOptions": {"skip": 0, "count": 25}}
    extra.setdefault("conversation_type", "groupChat")
    extra.setdefault("conversation_id", "19:hiring-huddle@thread.v2")
    return bot.activity(user=user, activity_type="invoke", name=QUERY, value=value, **extra)


async def search(bot: BotUnderTest, text: str | None, **kwargs: Any) -> dict[str, Any]:
    response = await bot.post(search_invoke(bot, text, **kwargs))
    assert response.status == 200, await response.text()
    body: dict[str, Any] = await response.json()
    return body


def message_of(body: dict[str, Any]) -> str:
    assert set(body) == {"composeExtension"}
    assert body["composeExtension"]["type"] == "message"
    return str(body["composeExtension"]["text"])


def contact_details(database_url: str) -> list[str]:
    """Every candidate email and phone number of the demo organization."""
    path = database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as connection:
        emails = [row[0] for row in connection.execute("SELECT address FROM candidate_emails")]
        phones = [
            phone
            for (raw,) in connection.execute(
                "SELECT phones FROM candidates WHERE tenant_id = ?", (DEMO_TENANT_ID,)
            )
            for phone in json.loads(raw or "[]")
        ]
    assert emails and phones
    return [*emails, *(str(p) for p in phones)]


def assert_result_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The shape Teams reads: a list of results, each a card to post and its preview."""
    assert set(body) == {"composeExtension"}
    result = body["composeExtension"]
    assert result["type"] == "result" and result["attachmentLayout"] == "list"
    attachments: list[dict[str, Any]] = result["attachments"]
    for attachment in attachments:
        assert attachment["contentType"] == ADAPTIVE
        assert_valid_card(attachment["content"])
        preview = attachment["preview"]
        assert preview["contentType"] == THUMBNAIL and preview["content"]["title"]
        assert len(json.dumps(attachment, ensure_ascii=False).encode()) <= MAX_CARD_BYTES
    return attachments


async def test_a_search_answers_with_candidate_cards_and_previews_without_contact_details(
    bot: BotUnderTest,
) -> None:
    before = row_counts(bot.database_url, *TABLES)
    body = await search(bot, "anna jensen")
    attachments = assert_result_list(body)
    assert [a["preview"]["content"]["title"] for a in attachments] == ["Anna Jensen", "Anna Jensen"]
    assert sorted(a["preview"]["content"]["subtitle"] for a in attachments) == ["C1001", "C1002"]
    card = attachments[0]["content"]
    assert "Candidate id" in card_texts(card)
    # What the user picks is posted into the chat: no email, no phone of anyone.
    shown = json.dumps(body, ensure_ascii=False)
    assert not [detail for detail in contact_details(bot.database_url) if detail in shown]
    assert "@" not in shown
    # The answer is the invoke's: nothing is posted, nothing is written.
    assert bot.channel.sent() == []
    assert row_counts(bot.database_url, *TABLES) == before


async def test_a_search_by_email_finds_the_candidate_and_still_shows_no_email(bot: BotUnderTest) -> None:
    path = bot.database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as connection:
        [(email,)] = connection.execute(
            "SELECT e.address FROM candidate_emails e JOIN candidates c ON c.id = e.candidate_id"
            " WHERE c.tenant_id = ? AND c.code = 'C1003' LIMIT 1",
            (DEMO_TENANT_ID,),
        ).fetchall()
    body = await search(bot, email, conversation_type="channel", conversation_id="19:general@thread.tacv2")
    [attachment] = assert_result_list(body)
    assert attachment["preview"]["content"]["subtitle"] == "C1003"
    assert email not in json.dumps(body)


async def test_the_results_speak_the_users_language(bot: BotUnderTest) -> None:
    english = assert_result_list(await search(bot, "C1001"))
    danish = assert_result_list(await search(bot, "C1001", locale="da-DK"))
    assert "Candidate id" in card_texts(english[0]["content"])
    assert "Kandidat-id" in card_texts(danish[0]["content"])
    assert "Candidate id" not in card_texts(danish[0]["content"])
    assert message_of(await search(bot, "", locale="da-DK")) == (
        "Skriv et navn, en e-mailadresse eller et kandidat-id for at finde en kandidat."
    )


async def test_an_empty_search_or_the_first_open_gives_a_hint(bot: BotUnderTest) -> None:
    assert message_of(await search(bot, "")) == HINT
    assert message_of(await search(bot, "   ")) == HINT
    assert message_of(await search(bot, None)) == HINT  # Teams' initial run: no query parameter
    weird = search_invoke(bot, "x")
    weird["value"]["parameters"] = [{"name": "query", "value": {"not": "text"}}]
    response = await bot.post(weird)
    assert message_of(await response.json()) == HINT


async def test_a_search_far_longer_than_a_name_is_answered_politely(bot: BotUnderTest) -> None:
    text = message_of(await search(bot, " ".join(["jensen"] * 5000)))
    assert text == "That is too long to search for. Type a name, an email or a candidate id."
    assert assert_result_list(await search(bot, "anna " + "jensen " * 25))  # a long name still works


async def test_no_match_says_so_and_more_results_are_none(bot: BotUnderTest) -> None:
    assert message_of(await search(bot, "zzqx")) == 'I found no candidate matching "zzqx".'
    scrolled = search_invoke(bot, "anna")
    scrolled["value"]["queryOptions"] = {"skip": 25, "count": 25}
    response = await bot.post(scrolled)
    assert assert_result_list(await response.json()) == []


async def test_only_ats_users_may_search_and_each_organization_sees_its_own(bot: BotUnderTest) -> None:
    refused = message_of(await search(bot, "anna", user=LYNNE))
    assert refused.startswith("Sorry, I can't help you yet: you don't have a user")
    # Another organization's Teams: Megan's Entra id is not an ATS user there.
    stranger = message_of(await search(bot, "anna", tenant=OTHER_TENANT))
    assert stranger.startswith("Sorry, I can't help you yet")
    # Contoso's Ingrid Solberg is C1011; Fabrikam's C1001 has the same name and is not Contoso's.
    [ingrid] = assert_result_list(await search(bot, "ingrid solberg", user=ALEX))
    assert ingrid["preview"]["content"]["subtitle"] == "C1011"


async def test_an_unknown_search_command_is_answered_politely(bot: BotUnderTest) -> None:
    text = message_of(await search(bot, "anna", command="deleteEverything"))
    assert text == "I don't know that search. Here is what I can do: type help."


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="no value"),
        pytest.param("anna", id="a string"),
        pytest.param({"commandId": COMMAND, "parameters": "anna"}, id="parameters not a list"),
        pytest.param({"commandId": COMMAND, "parameters": [None]}, id="a null parameter"),
        pytest.param({"commandId": COMMAND, "queryOptions": {"skip": "many"}}, id="skip not a number"),
        pytest.param({"commandId": ["findCandidate"]}, id="command id not text"),
    ],
)
async def test_a_malformed_search_is_a_400_and_writes_nothing(bot: BotUnderTest, value: Any) -> None:
    before = row_counts(bot.database_url, *TABLES)
    activity = search_invoke(bot, "anna")
    activity["value"] = value
    response = await bot.post(activity)
    assert response.status == 400
    assert "Traceback" not in await response.text()
    assert row_counts(bot.database_url, *TABLES) == before
    assert bot.channel.sent() == []


def test_the_search_is_an_entry_of_the_route_table() -> None:
    """One place for every entry point: the message extension's search is in bot/routes.py."""
    [route] = SEARCHES
    assert route.command_id == COMMAND and route.who is Who.ATS_USER and route.where == ANYWHERE
    twice = (*SEARCHES, SEARCHES[0])
    with pytest.raises(ValueError):
        RouteTable(COMMANDS, VERBS, searches=twice)
    for_a_job = SearchRoute(
        "findApplicant",
        route.handler,
        Who.HIRING_TEAM,
        ANYWHERE,
        title=NC_("", ""),
        description=NC_("", ""),
        parameter="query",
        parameter_title=NC_("", ""),
        parameter_description=NC_("", ""),
    )
    with pytest.raises(ValueError):
        RouteTable(COMMANDS, VERBS, searches=(for_a_job,))
