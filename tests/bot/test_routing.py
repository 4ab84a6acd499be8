"""Routing over HTTP: what was not understood, who may use a command or a button, and where. Every
refusal is one polite sentence in the user's language, and writes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from typing import Any

import pytest

from bot.replies import send_text
from bot.routes import COMMANDS, VERBS
from bot.routing import ANYWHERE, CommandRoute, CommandTurn, Place, RouteTable, VerbRoute, VerbTurn, Who
from bot.setup import message_response
from i18n import NC_
from tests.bot.channel import ALEX, ISAIAH, MEGAN, OTHER_TENANT, RecordingChannel, TeamsUser
from tests.bot.conftest import BotUnderTest, row_counts, serve_bot
from tests.cardcheck import assert_valid_card, card_texts
from tests.commands import help_titles

CHANNEL = "19:recruiting@thread.tacv2"
GROUP_CHAT = "19:group@thread.v2"
WHERE = {
    "personal": {},
    "groupChat": {"conversation_type": "groupChat", "conversation_id": GROUP_CHAT},
    "channel": {"conversation_type": "channel", "conversation_id": CHANNEL},
}
# What a refused command or button must leave as it was.
WRITTEN = ("conversation_references", "bot_state", "signin_states", "audit_entries", "linkedin_integrations")
FIND_USAGE = "find <name, email or candidate id>"
EXPORT_USAGE = "export <candidate name, candidate id or LinkedIn profile address>"
ONLY_ADMINS = "Only ATS admins can change the LinkedIn setup."


def _the_reply(bot: BotUnderTest) -> dict[str, Any]:
    [reply] = bot.channel.sent()
    return reply


def _card_of(reply: dict[str, Any]) -> dict[str, Any]:
    [attachment] = reply["attachments"]
    card: dict[str, Any] = attachment["content"]
    assert_valid_card(card)
    return card


# --- not understood ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "typed", "answer", "help_text"),
    [
        ("en-US", "fnd anna", "I didn't understand “fnd anna”. Did you mean find?", FIND_USAGE),
        (
            "da-DK",
            "søgg anna",
            "Jeg forstod ikke »søgg anna«. Mente du søg?",
            "søg <navn, e-mail eller kandidat-id>",
        ),
        (
            "da-DK",
            "fnd anna",
            "Jeg forstod ikke »fnd anna«. Mente du søg?",
            "søg <navn, e-mail eller kandidat-id>",
        ),
        ("nb-NO", "innstilinger", "Jeg forsto ikke «innstilinger». Mente du innstillinger?", "innstillinger"),
        ("nl-NL", "zoekk C1001", "Ik begreep ‘zoekk C1001’ niet. Bedoelde je zoek?", "instellingen"),
        ("sv-SE", "hjälpp", "Jag förstod inte ”hjälpp”. Menade du hjälp?", "inställningar"),
    ],
)
async def test_a_typo_gets_the_closest_command_and_the_help_card(
    bot: BotUnderTest, locale: str, typed: str, answer: str, help_text: str
) -> None:
    await bot.say(typed, user=MEGAN, locale=locale)
    reply = _the_reply(bot)
    assert reply["text"] == answer
    assert reply["textFormat"] == "plain"  # the user's words said back are not read as markdown
    assert help_text in card_texts(_card_of(reply))


async def test_words_close_to_no_command_get_no_suggestion(bot: BotUnderTest) -> None:
    await bot.say("what can you do?", user=MEGAN)
    reply = _the_reply(bot)
    assert reply["text"] == "I didn't understand “what can you do?”."
    assert FIND_USAGE in card_texts(_card_of(reply))


async def test_a_long_message_is_said_back_cut_short(bot: BotUnderTest) -> None:
    await bot.say("zzz " + "candidate " * 200, user=MEGAN)
    reply = _the_reply(bot)
    echoed = reply["text"].removeprefix("I didn't understand “").removesuffix("”.")
    assert len(echoed) == 60 and echoed.endswith("…") and echoed.startswith("zzz candidate")
    _card_of(reply)


async def test_only_commands_this_person_may_use_are_suggested(bot: BotUnderTest) -> None:
    await bot.say("setpu", user=ALEX)
    assert _the_reply(bot)["text"] == "I didn't understand “setpu”. Did you mean setup?"
    bot.channel.clear()
    await bot.say("setpu", user=MEGAN)  # not an admin: setup is not hers to use
    assert _the_reply(bot)["text"] == "I didn't understand “setpu”."
    bot.channel.clear()
    await bot.say("setpu", user=ALEX, **WHERE["groupChat"])  # not here: setup is for channels and 1:1
    assert _the_reply(bot)["text"] == "I didn't understand “setpu”."


@pytest.mark.parametrize("text", ["help", "HELP", "hjælp", "<at>Talent Bridge</at>"])
async def test_help_and_an_empty_message_get_the_help_card_alone(bot: BotUnderTest, text: str) -> None:
    await bot.say(text, user=MEGAN, locale="da-DK" if text == "hjælp" else "en-US", **WHERE["channel"])
    reply = _the_reply(bot)
    assert not reply.get("text")
    assert_valid_card(_card_of(reply))


# --- the help card lists what this person may do here ------------------------------------------------


@pytest.mark.parametrize(
    ("user", "where", "listed"),
    [
        (MEGAN, "personal", ["help", FIND_USAGE, EXPORT_USAGE, "settings"]),
        (MEGAN, "channel", ["help", FIND_USAGE, EXPORT_USAGE, "settings"]),
        (ALEX, "personal", ["help", FIND_USAGE, EXPORT_USAGE, "settings", "setup"]),
        (ALEX, "channel", ["help", FIND_USAGE, EXPORT_USAGE, "settings", "setup"]),
        (ALEX, "groupChat", ["help", FIND_USAGE, EXPORT_USAGE, "settings"]),
    ],
)
async def test_the_help_card_lists_what_this_person_may_do_here(
    bot: BotUnderTest, user: TeamsUser, where: str, listed: list[str]
) -> None:
    await bot.say("help", user=user, **WHERE[where])
    assert help_titles(_card_of(_the_reply(bot))) == listed


async def test_the_help_cards_button_lists_the_same(bot: BotUnderTest) -> None:
    response = await bot.press("help", {}, user=ALEX, **WHERE["groupChat"])
    assert response["statusCode"] == 200
    assert help_titles(response["value"]) == ["help", FIND_USAGE, EXPORT_USAGE, "settings"]


async def test_the_help_card_speaks_the_users_language(bot: BotUnderTest) -> None:
    await bot.say("hjælp", user=ALEX, locale="da-DK")
    titles = help_titles(_card_of(_the_reply(bot)))
    assert titles == [
        "hjælp",
        "søg <navn, e-mail eller kandidat-id>",
        "eksporter <kandidatnavn, kandidat-id eller adressen på en LinkedIn-profil>",
        "indstillinger",
        "opsætning",
    ]


# --- who and where, from the bot's own table --------------------------------------------------------


async def test_a_non_admin_typing_setup_is_refused_and_nothing_is_written(bot: BotUnderTest) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    await bot.say("setup", user=MEGAN, **WHERE["channel"])
    assert bot.channel.texts() == [ONLY_ADMINS] and bot.channel.cards() == []
    assert row_counts(bot.database_url, *WRITTEN) == before


@pytest.mark.parametrize(
    ("locale", "typed", "refusal"),
    [
        ("en-US", "setup", "I can do that only in a team channel or in our 1:1 chat."),
        ("da-DK", "opsætning", "Det kan jeg kun gøre i en teamkanal eller i vores 1:1-chat."),
    ],
)
async def test_setup_in_a_group_chat_is_refused_and_nothing_is_written(
    bot: BotUnderTest, locale: str, typed: str, refusal: str
) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    await bot.say(typed, user=ALEX, locale=locale, **WHERE["groupChat"])
    assert bot.channel.texts() == [refusal] and bot.channel.cards() == []
    assert row_counts(bot.database_url, *WRITTEN) == before


async def test_an_admins_button_pressed_by_someone_else_changes_nothing(bot: BotUnderTest) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    for verb in ("setup.connect", "setup.refresh", "setup.disconnect", "setup.preview.on"):
        data = {"tenantId": "00000000-0000-0000-0000-0000000000001", "version": 0}
        response = await bot.press(verb, data, user=MEGAN, **WHERE["channel"])
        assert response["statusCode"] == 200 and response["value"] == ONLY_ADMINS, verb
    assert bot.channel.calls == [] and row_counts(bot.database_url, *WRITTEN) == before


async def test_an_admins_button_pressed_in_a_group_chat_changes_nothing(bot: BotUnderTest) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    data = {"tenantId": "00000000-0000-0000-0000-0000000000001", "version": 0}
    response = await bot.press("setup.connect", data, user=ALEX, locale="sv-SE", **WHERE["groupChat"])
    assert response["value"] == "Det kan jag bara göra i en teamkanal eller i vår 1:1-chatt."
    assert bot.channel.calls == [] and row_counts(bot.database_url, *WRITTEN) == before


async def test_a_conversation_type_teams_does_not_send_gets_only_what_works_anywhere(
    bot: BotUnderTest,
) -> None:
    where = {"conversation_type": "meetingRoom", "conversation_id": "19:meeting@thread.v2"}
    await bot.say("help", user=ALEX, **where)
    assert help_titles(_card_of(_the_reply(bot))) == ["help", FIND_USAGE, EXPORT_USAGE, "settings"]
    bot.channel.clear()
    before = row_counts(bot.database_url, *WRITTEN)
    await bot.say("setup", user=ALEX, **where)
    assert bot.channel.texts() == ["I can do that only in a team channel or in our 1:1 chat."]
    assert row_counts(bot.database_url, *WRITTEN) == before


@pytest.mark.parametrize("verb", ["setup.nonsense", "settings.delete", "candidate.delete", ""])
async def test_a_button_the_table_does_not_have_is_a_bad_request(bot: BotUnderTest, verb: str) -> None:
    before = row_counts(bot.database_url, *WRITTEN)
    response = await bot.press(verb, {"tenantId": "00000000-0000-0000-0000-0000000000001"}, user=ALEX)
    assert response["statusCode"] == 400 and response["value"]["code"] == "BadRequest"
    assert bot.channel.calls == [] and row_counts(bot.database_url, *WRITTEN) == before


# --- who and where, with commands and buttons made for this test --------------------------------------

CALLS: list[tuple[str, str]] = []


async def _shortlist(turn: CommandTurn) -> None:
    CALLS.append(("shortlist", turn.argument))
    await send_text(turn.context, "shortlisted")


async def _private(turn: CommandTurn) -> None:
    CALLS.append(("private", turn.argument))
    await send_text(turn.context, "private done")


async def _touch_job(turn: VerbTurn) -> Any:
    CALLS.append(("job.touch", str(turn.data.get("jobId"))))
    return message_response("touched")


def _first_word(argument: str) -> str | None:
    return argument.split()[0] if argument.split() else None


MENU = NC_("Teams app command menu", "-")
TEST_ROUTES = RouteTable(
    (
        *COMMANDS,
        CommandRoute(
            "shortlist",
            _shortlist,
            Who.HIRING_TEAM,
            ANYWHERE,
            "Shortlist for a job.",
            MENU,
            job_of=_first_word,
        ),
        CommandRoute("private", _private, Who.ATS_USER, frozenset({Place.PERSONAL}), "Only 1:1.", MENU),
    ),
    (*VERBS, VerbRoute("job.touch", _touch_job, Who.HIRING_TEAM, frozenset({Place.CHANNEL, Place.PERSONAL}))),
)


@pytest.fixture
async def test_bot(
    seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]
) -> AsyncIterator[BotUnderTest]:
    CALLS.clear()
    async with serve_bot(seeded_sqlite_url, channel, routes=TEST_ROUTES) as served:
        yield served


def _job_id(bot: BotUnderTest, code: str, tenant: str = "00000000-0000-0000-0000-0000000000001") -> str:
    path = bot.database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute(
            "SELECT id FROM jobs WHERE job_code = ? AND tenant_id = ?", (code, tenant)
        ).fetchone()
    assert row is not None, code
    return str(row[0])


async def test_a_job_button_works_for_its_recruiters_only(test_bot: BotUnderTest) -> None:
    bot = test_bot
    j1001, j1005 = _job_id(bot, "J-1001"), _job_id(bot, "J-1005")
    assert (await bot.press("job.touch", {"jobId": j1001}, user=MEGAN))["value"] == "touched"
    assert CALLS == [("job.touch", j1001)]
    refusal = "Only the recruiters and hiring managers of that job can do that."
    refused: list[tuple[TeamsUser, dict[str, Any]]] = [
        (ISAIAH, {"jobId": j1001}),  # an interviewer on that job
        (MEGAN, {"jobId": j1005}),  # a recruiter, of other jobs
        (MEGAN, {"jobId": _job_id(bot, "F-2001", OTHER_TENANT)}),  # another organization's job
        (MEGAN, {}),  # no job
        (MEGAN, {"jobId": [j1001]}),  # not an id
    ]
    for user, data in refused:
        response = await bot.press("job.touch", data, user=user)
        assert response["statusCode"] == 200 and response["value"] == refusal, (user.name, data)
    assert CALLS == [("job.touch", j1001)]


async def test_a_job_button_in_the_wrong_place_is_refused_in_the_users_language(
    test_bot: BotUnderTest,
) -> None:
    bot = test_bot
    data = {"jobId": _job_id(bot, "J-1001")}
    response = await bot.press("job.touch", data, user=MEGAN, locale="nl-NL", **WHERE["groupChat"])
    assert response["value"] == "Dat kan ik alleen in een teamkanaal of in onze 1-op-1-chat doen."
    assert CALLS == []


async def test_a_job_command_works_for_its_recruiters_only(test_bot: BotUnderTest) -> None:
    bot = test_bot
    j1001 = _job_id(bot, "J-1001")
    await bot.say(f"shortlist {j1001} anna", user=MEGAN)
    assert bot.channel.texts() == ["shortlisted"] and CALLS == [("shortlist", f"{j1001} anna")]
    bot.channel.clear()
    before = row_counts(bot.database_url, *WRITTEN)
    for user, typed in [(ISAIAH, f"shortlist {j1001}"), (MEGAN, "shortlist"), (MEGAN, "shortlist J-1001")]:
        await bot.say(typed, user=user, locale="da-DK")
        assert bot.channel.texts() == [
            "Kun jobbets rekrutteringsansvarlige og ansættende ledere kan gøre det."
        ]
        bot.channel.clear()
    assert len(CALLS) == 1 and row_counts(bot.database_url, *WRITTEN) == before


async def test_a_command_for_the_1to1_chat_is_refused_elsewhere(test_bot: BotUnderTest) -> None:
    bot = test_bot
    for where in ("channel", "groupChat"):
        await bot.say("private", user=MEGAN, **WHERE[where])
        assert bot.channel.texts() == ["I can do that only in our 1:1 chat."], where
        bot.channel.clear()
    assert CALLS == []
    await bot.say("private", user=MEGAN)
    assert bot.channel.texts() == ["private done"] and CALLS == [("private", "")]


async def test_a_refused_command_leaves_an_open_question_open(test_bot: BotUnderTest) -> None:
    bot = test_bot
    await bot.say("find", user=MEGAN, **WHERE["channel"])
    assert "Who are you looking for" in bot.channel.texts()[0]
    bot.channel.clear()
    await bot.say("private", user=MEGAN, **WHERE["channel"])  # refused here: the question stays
    assert bot.channel.texts() == ["I can do that only in our 1:1 chat."]
    bot.channel.clear()
    await bot.say("C1003", user=MEGAN, **WHERE["channel"])
    [card] = bot.channel.cards()
    assert "C1003" in card_texts(card)


async def test_the_help_card_offers_a_jobs_commands_to_recruiters_only(test_bot: BotUnderTest) -> None:
    bot = test_bot
    await bot.say("help", user=MEGAN)
    assert help_titles(_card_of(_the_reply(bot))) == [
        "help",
        FIND_USAGE,
        EXPORT_USAGE,
        "settings",
        "shortlist",
        "private",
    ]
    bot.channel.clear()
    await bot.say("help", user=ISAIAH, **WHERE["channel"])  # interviews only; in a channel
    assert help_titles(_card_of(_the_reply(bot))) == ["help", FIND_USAGE, "settings"]
