# The `bot`, `channel` and `recording_channel` fixtures are imported from the bot and setup suites, so
# the helpers' and tests' `bot` parameters shadow an import by design.
# ruff: noqa: F811
"""1-click export from Teams, through the real bot over HTTP: the typed `export` dialog (by name, by
candidate id, by the profile address of a candidate and of a LinkedIn member who is not one yet), the
candidate card's Export button with its job picker and typeahead, and the result card. A double click
exports once; every refusal is answered with its message and writes nothing; card data from another
tenant, for a job the user isn't on, or garbage gets a clear answer and writes nothing.

Refusals that the job decides come before the LinkedIn checks, so they run on the plain bot (no
LinkedIn integration); what needs LinkedIn runs on the app with the sandbox, walked to Enabled."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from typing import Any

import pytest

from sandbox_demo import linkedin_data
from store.demo_data import ADELE, DEMO_TENANT_ID, DIEGO, OTHER_TENANT_ID
from tests.bot.channel import ALEX, ISAIAH, LYNNE, MEGAN, OTHER_TENANT, RecordingChannel, TeamsUser
from tests.bot.conftest import BotUnderTest, bot, channel, row_counts  # noqa: F401  (fixtures)
from tests.cardcheck import assert_valid_card
from tests.setup.cards import button, text_of, verbs
from tests.setup.conftest import App, recording_channel, running_app  # noqa: F401  (a fixture)
from tests.setup.test_recruiter_projects import enabled
from tests.setup.test_signin_binding import connect_own_account

PATTI = TeamsUser("00000000-0000-0000-0000-0000000000024", "Patti Fernandez", "pattif@example.com")
OPEN, RUN, CLOSE = "candidate.export", "candidate.export.run", "candidate.export.close"
ADELE_USER = TeamsUser(ADELE, "Adele Vance", "adelev@example.com")
DIEGO_USER = TeamsUser(DIEGO, "Diego Siciliani", "diegos@fabrikam.example.com")
# What an export may write; a refusal leaves every one as it was.
WRITTEN = ("candidates", "candidate_emails", "applications", "application_stage_history", "candidate_exports")
CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"


@pytest.fixture
async def app(
    seeded_sqlite_url: str,
    recording_channel: tuple[RecordingChannel, str],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[App]:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel) as running:
        yield running


@pytest.fixture
async def linked(app: App) -> App:
    """LinkedIn enabled (Company-level) and Megan's own LinkedIn account connected."""
    await enabled(app)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    return app


def chat(user: TeamsUser) -> dict[str, Any]:
    return {"user": user, "conversation_id": f"a:personal-{user.aad_object_id}"}


def sqlite_rows(bot: BotUnderTest) -> dict[str, int]:
    return row_counts(bot.database_url, *WRITTEN)


async def one(bot: BotUnderTest, query: str, *params: Any) -> Any:
    rows = await sql(bot, query, *params)
    assert len(rows) == 1, rows
    return rows[0][0]


async def sql(bot: BotUnderTest, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """SQL on the bot's SQLite database (`?` marks the parameters)."""
    path = bot.database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as connection:
        return [tuple(row) for row in connection.execute(query, params).fetchall()]


async def job_id(bot: BotUnderTest, code: str, tenant: str = DEMO_TENANT_ID) -> str:
    return str(await one(bot, "SELECT id FROM jobs WHERE tenant_id = ? AND job_code = ?", tenant, code))


async def candidate_id(bot: BotUnderTest, code: str, tenant: str = DEMO_TENANT_ID) -> str:
    return str(await one(bot, "SELECT id FROM candidates WHERE tenant_id = ? AND code = ?", tenant, code))


async def not_in(bot: BotUnderTest, code: str) -> tuple[str, str]:
    """A job of Megan's she can export to where candidate `code` has no application: (job code, title)."""
    rows = await sql(
        bot,
        "SELECT j.job_code, j.title FROM jobs j WHERE j.tenant_id = ? AND j.job_code IN ('J-1001', 'J-1002',"
        " 'J-1003') AND NOT EXISTS (SELECT 1 FROM applications a JOIN candidates c ON c.id = a.candidate_id"
        " WHERE a.job_id = j.id AND c.code = ? AND c.tenant_id = j.tenant_id) ORDER BY j.job_code",
        DEMO_TENANT_ID,
        code,
    )
    assert rows, f"{code} is in all of Megan's jobs"
    return str(rows[0][0]), str(rows[0][1])


async def stages_of(bot: BotUnderTest, code: str) -> dict[str, str]:
    """The jobs candidate `code` is in: job code -> current stage."""
    rows = await sql(
        bot,
        "SELECT j.job_code, a.current_stage FROM applications a"
        " JOIN candidates c ON c.id = a.candidate_id JOIN jobs j ON j.id = a.job_id"
        " WHERE c.tenant_id = ? AND c.code = ?",
        DEMO_TENANT_ID,
        code,
    )
    return {str(job): str(stage) for job, stage in rows}


async def applications(bot: BotUnderTest, candidate: str, job: str) -> list[tuple[Any, ...]]:
    return await sql(
        bot,
        "SELECT a.current_stage, a.source FROM applications a JOIN candidates c ON c.id = a.candidate_id"
        " JOIN jobs j ON j.id = a.job_id WHERE c.tenant_id = ? AND c.code = ? AND j.job_code = ?",
        DEMO_TENANT_ID,
        candidate,
        job,
    )


def last_text(bot: BotUnderTest) -> str:
    activity = bot.channel.sent()[-1]
    if activity.get("text"):
        return str(activity["text"])
    return text_of(activity["attachments"][0]["content"])


async def answer(bot: BotUnderTest, text: str, user: TeamsUser = MEGAN, **kwargs: Any) -> str:
    """`user` types `text` in their 1:1 chat; the bot's last answer (text, or a card's text)."""
    before = len(bot.channel.sent())
    await bot.say(text, **{**chat(user), **kwargs})
    assert len(bot.channel.sent()) > before, f"no answer to {text!r}"
    return last_text(bot)


async def candidate_card(
    bot: BotUnderTest, code: str, user: TeamsUser = MEGAN, **kwargs: Any
) -> dict[str, Any]:
    await bot.say(f"find {code}", **{**chat(user), **kwargs})
    card = bot.channel.cards()[-1]
    assert_valid_card(card)
    return card


async def picker(bot: BotUnderTest, code: str, user: TeamsUser = MEGAN, **kwargs: Any) -> dict[str, Any]:
    """The candidate card's Export: the job picker (the invoke answer's card)."""
    card = await candidate_card(bot, code, user, **kwargs)
    pressed = await bot.press(OPEN, button(card, OPEN), **{**chat(user), **kwargs})
    assert pressed["type"] == CARD, pressed
    assert_valid_card(pressed["value"])
    return dict(pressed["value"])


def job_titles(card: dict[str, Any]) -> list[str]:
    """The picker's jobs as shown: "title (code)", and " · already in <stage>" for a job the
    candidate is in."""
    [choice_set] = [e for e in card["body"] if e.get("type") == "Input.ChoiceSet"]
    return [choice["title"] for choice in choice_set["choices"]]


def job_choices(card: dict[str, Any]) -> dict[str, str]:
    """The picker's jobs: title (code) -> job id."""
    [choice_set] = [e for e in card["body"] if e.get("type") == "Input.ChoiceSet"]
    return {choice["title"].split(" · ")[0]: choice["value"] for choice in choice_set["choices"]}


async def run(bot: BotUnderTest, card: dict[str, Any], job: str, user: TeamsUser = MEGAN, **data: Any) -> Any:
    """The picker's Export with `job` (an internal id) chosen; the invoke answer."""
    return await bot.press(RUN, {**button(card, RUN), "jobId": job, **data}, **chat(user))


# --- the typed dialog -----------------------------------------------------------------------------------


async def test_export_typed_by_name_asks_which_candidate_which_job_then_exports(linked: App) -> None:
    bot = linked
    job_code, title = await not_in(bot, "C1001")
    # Two Anna Jensens: a short list to pick from, by number or candidate id.
    question = await answer(bot, "export Anna Jensen")
    assert 'Several candidates match "Anna Jensen"' in question and "C1001" in question
    # The two are told apart by their current role, as on the candidate list.
    assert "Anna Jensen (C1001) · Product Manager at Lamna Healthcare" in question
    assert "Anna Jensen (C1002) · Engineering Manager at Wide World Importers" in question
    question = await answer(bot, "C1001")
    assert question.startswith("Which job? Type its number, its job id or a word of its title.")
    # Megan's jobs she can export to, not the test job nor the one without a Prospect stage.
    assert "J-1001" in question and "J-1003" in question
    # The jobs Anna is already in say at which stage (as on the card's job picker); the others don't.
    stages = await stages_of(bot, "C1001")
    assert stages and job_code not in stages
    for code, stage in stages.items():
        assert f"({code}) · already in {stage}\n" in question + "\n"
    assert f"{title} ({job_code})\n" in question + "\n"
    assert "J-1004" not in question and "J-1006" not in question and "J-1005" not in question
    confirm = await answer(bot, job_code)
    assert (
        confirm == f"Export Anna Jensen (C1001) to {title} ({job_code})? Type yes to export or no to cancel."
    )
    before = sqlite_rows(bot)
    await bot.say("yes", **chat(MEGAN))
    result = bot.channel.cards()[-1]
    assert_valid_card(result)
    assert f"Anna Jensen is now a prospect in {title} ({job_code})." in text_of(result)
    assert CLOSE in verbs(result)
    assert await applications(bot, "C1001", job_code) == [("Prospect", "teams")]
    after = sqlite_rows(bot)
    assert after["applications"] == before["applications"] + 1
    assert after["candidate_exports"] == before["candidate_exports"] + 1
    assert after["candidates"] == before["candidates"]
    # "Open the candidate" replaces the result with the candidate card, which shows the new job.
    opened = await bot.press(CLOSE, button(result, CLOSE), **chat(MEGAN))
    assert_valid_card(opened["value"])
    assert f"{title} ({job_code})" in text_of(opened["value"])


async def test_export_typed_by_candidate_id_and_by_job_number(linked: App) -> None:
    bot = linked
    job_code, title = await not_in(bot, "C1003")
    name = await one(
        bot,
        "SELECT first_name || ' ' || last_name FROM candidates WHERE tenant_id = ? AND code = 'C1003'",
        DEMO_TENANT_ID,
    )
    question = await answer(bot, "export C1003")
    lines = [line for line in question.splitlines() if line[:1].isdigit()]
    [number] = [line.split(".")[0] for line in lines if f"({job_code})" in line]
    confirm = await answer(bot, number)
    assert confirm.startswith(f"Export {name} (C1003) to {title} ({job_code})?")
    # In the 1:1 chat the two answers are buttons under the question; pressing one sends its text.
    offered = bot.channel.sent()[-1]["suggestedActions"]["actions"]
    assert [(a["type"], a["title"], a["value"]) for a in offered] == [
        ("imBack", "Yes, export", "Yes, export"),
        ("imBack", "Cancel", "Cancel"),
    ]
    await bot.say("Yes, export", **chat(MEGAN))
    assert f"{name} is now a prospect in {title} ({job_code})." in last_text(bot)
    assert await applications(bot, "C1003", job_code) == [("Prospect", "teams")]


async def test_export_typed_by_the_profile_address_of_a_linked_candidate(linked: App) -> None:
    bot = linked
    job_code, title = await not_in(bot, "C1001")
    member = await one(
        bot,
        "SELECT linkedin_member_id FROM candidates WHERE tenant_id = ? AND code = 'C1001'",
        DEMO_TENANT_ID,
    )
    # As a browser shows it: a country subdomain, a trailing slash and a query.
    question = await answer(bot, f"export https://dk.linkedin.com/in/{member}/?originalSubdomain=dk")
    assert question.startswith("Which job?")
    assert (await answer(bot, job_code)).startswith(f"Export Anna Jensen (C1001) to {title}")
    await bot.say("yes", **chat(MEGAN))
    assert f"Anna Jensen is now a prospect in {title} ({job_code})." in last_text(bot)
    assert await applications(bot, "C1001", job_code) == [("Prospect", "teams")]


async def test_export_typed_by_the_profile_address_of_a_linkedin_member_makes_them_a_candidate(
    linked: App,
) -> None:
    bot = linked
    known = {
        row[0]
        for row in await sql(
            bot, "SELECT linkedin_member_id FROM candidates WHERE linkedin_member_id IS NOT NULL"
        )
    }
    member = next(m for m in linkedin_data().members if not m.is_user and m.id not in known)
    name = f"{member.first_name} {member.last_name}"
    before = sqlite_rows(bot)
    confirm = await answer(bot, f"export linkedin.com/in/{member.id}")  # no scheme, as people paste it
    assert confirm.startswith("Which job?")
    confirm = await answer(bot, "J-1001")
    assert confirm.startswith(f"Export {name} from LinkedIn (https://www.linkedin.com/in/{member.id}) to")
    assert sqlite_rows(bot) == before  # nothing until confirmed
    await bot.say("yes", **chat(MEGAN))
    result = last_text(bot)
    assert f"{name} is now a prospect in Senior Backend Engineer (Python) (J-1001)." in result
    assert f"{name} is a new candidate in the ATS." in result
    [(code, url, link_state)] = await sql(
        bot,
        "SELECT code, linkedin_profile_url, link_state FROM candidates WHERE linkedin_member_id = ?",
        member.id,
    )
    assert url == f"https://www.linkedin.com/in/{member.id}" and link_state == "manual"
    assert await applications(bot, code, "J-1001") == [("Prospect", "teams")]
    assert sqlite_rows(bot)["candidates"] == before["candidates"] + 1

    # The same address again is now that candidate: found, not created twice.
    assert (await answer(bot, f"export https://www.linkedin.com/in/{member.id}")).startswith("Which job?")
    assert (await answer(bot, "J-1001")).startswith(f"Export {name} ({code}) to")
    await bot.say("yes", **chat(MEGAN))
    assert f"{name} is already a prospect in Senior Backend Engineer (Python) (J-1001)" in last_text(bot)
    assert sqlite_rows(bot)["candidates"] == before["candidates"] + 1


async def test_a_profile_address_linkedin_does_not_know_is_said_and_nothing_exported(linked: App) -> None:
    bot = linked
    before = sqlite_rows(bot)
    said = await answer(bot, "export https://www.linkedin.com/in/nobody-at-all-42")
    assert said == (
        "LinkedIn has no member at https://www.linkedin.com/in/nobody-at-all-42, so nothing was exported."
    )
    assert sqlite_rows(bot) == before


async def test_linkedin_throttling_the_profile_lookup_is_said_and_nothing_exported(linked: App) -> None:
    bot = linked
    before = sqlite_rows(bot)
    await bot.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 429, "retryAfter": 3600}]})
    said = await answer(bot, "export https://www.linkedin.com/in/mbr-10001")
    assert said == "LinkedIn didn't answer, so nothing was exported. Please try again in a moment."
    assert sqlite_rows(bot) == before
    # LinkedIn is back: the same address is looked up.
    assert (await answer(bot, "export https://www.linkedin.com/in/mbr-10001")).startswith("Which job?")


async def test_stop_or_no_leaves_the_dialog_and_exports_nothing(linked: App) -> None:
    bot = linked
    before = sqlite_rows(bot)
    assert (await answer(bot, "export")).startswith("Who do you want to export?")
    assert (await answer(bot, "C1001")).startswith("Which job?")
    assert await answer(bot, "stop") == "OK, nothing was exported."
    # The question is gone: a number now is just text the bot doesn't understand.
    assert (await answer(bot, "1")).startswith("I didn't understand")
    assert (await answer(bot, "export C1001")).startswith("Which job?")
    assert (await answer(bot, "J-1002")).startswith("Export Anna Jensen (C1001)")
    assert await answer(bot, "no") == "OK, nothing was exported."
    assert (await answer(bot, "export C1001")).startswith("Which job?")
    assert await answer(bot, "Cancel") == "OK, nothing was exported."
    assert sqlite_rows(bot) == before


async def test_garbage_typed_after_export_gets_a_clear_answer_and_writes_nothing(bot: BotUnderTest) -> None:
    before = sqlite_rows(bot)
    assert (await answer(bot, "export " + "x" * 400)).startswith("That's too long to search for.")
    # No match: what to do next (check the spelling, or export by the LinkedIn profile address).
    assert await answer(bot, "export zzqqx-nobody") == (
        'I found no candidate matching "zzqqx-nobody". Check the spelling, or type export and their '
        "LinkedIn profile address to export someone who isn't a candidate yet."
    )
    assert (await answer(bot, "export \x00\x07;")).startswith("I found no candidate matching")
    assert (await answer(bot, "export C1001")).startswith("Which job?")
    assert (await answer(bot, "999")).startswith('None of your jobs matches "999".')
    assert (await answer(bot, "'; DROP TABLE jobs; --")).startswith("None of your jobs matches")
    assert await answer(bot, "qqq") == "OK, nothing was exported."  # the third answer naming no job
    assert (await answer(bot, "1")).startswith("I didn't understand")
    assert sqlite_rows(bot) == before


async def test_a_job_typed_by_its_id_that_is_not_offered_says_why_and_writes_nothing(
    bot: BotUnderTest,
) -> None:
    before = sqlite_rows(bot)
    assert (await answer(bot, "export C1001")).startswith("Which job?")
    # The test job, which the list leaves out: why, then the list again.
    said = await answer(bot, "J-1006")
    assert said.startswith(
        "TEST - Integration check (do not publish) (J-1006) is a test job, so candidates can't be exported "
        "to it. Type the number of one of these, or another job id or title.\n\n1. "
    )
    assert "J-1006" not in said.split("\n\n", 1)[1]
    # Megan's own job without a Prospect stage, typed in lower case.
    said = await answer(bot, "j-1004")
    assert said.startswith(
        "Customer Success Manager (J-1004) has no Prospect stage, so candidates can't be exported to it."
    )
    # A job id no job has: none matches, as before; the third answer naming no job ends the question.
    assert await answer(bot, "J-9999") == "OK, nothing was exported."
    assert sqlite_rows(bot) == before
    # And a job she may export to, typed by its id, is taken as it was.
    assert (await answer(bot, "export C1001")).startswith("Which job?")
    assert (await answer(bot, "J-1006")).startswith("TEST - Integration check")
    assert (await answer(bot, "J-1002")).startswith(
        "Export Anna Jensen (C1001) to Product Designer (J-1002)?"
    )
    assert await answer(bot, "no") == "OK, nothing was exported."
    assert sqlite_rows(bot) == before


async def test_an_answer_from_someone_else_in_a_channel_is_not_taken(linked: App) -> None:
    bot = linked
    where = {"conversation_type": "channel", "conversation_id": "19:recruiting@thread.tacv2"}
    before = sqlite_rows(bot)
    await bot.say("export C1001", user=MEGAN, **where)
    assert last_text(bot).startswith("Which job?")
    await bot.say("stop", user=ALEX, **where)  # not Alex's question
    await bot.say("J-1002", user=ALEX, **where)
    assert not last_text(bot).startswith("Export Anna Jensen")
    await bot.say("J-1002", user=MEGAN, **where)
    assert last_text(bot).startswith("Export Anna Jensen (C1001)")
    await bot.say("yes", user=ALEX, **where)
    assert sqlite_rows(bot) == before


# --- the candidate card's Export -----------------------------------------------------------------------


async def test_the_card_path_exports_once_even_when_pressed_twice(linked: App) -> None:
    bot = linked
    job_code, title = await not_in(bot, "C1001")
    card = await candidate_card(bot, "C1001")
    assert OPEN in verbs(card)
    posted = len(bot.channel.sent())
    pick = await picker(bot, "C1001")
    assert "Export Anna Jensen (C1001) to a job" in text_of(pick)
    assert set(job_choices(pick)) == {
        "Senior Backend Engineer (Python) (J-1001)",
        "Product Designer (J-1002)",
        "Data Engineer (J-1003)",
    }
    # The jobs she is already in say at which stage; the one she isn't in says nothing more.
    stages = await stages_of(bot, "C1001")
    for shown in job_titles(pick):
        code = shown.split(" · ")[0][-7:-1]
        assert shown.endswith(f" · already in {stages[code]}" if code in stages else f"({code})"), shown
    assert f"{title} ({job_code})" in job_titles(pick)
    [choice_set] = [e for e in pick["body"] if e.get("type") == "Input.ChoiceSet"]
    assert "choices.data" not in choice_set  # few jobs: listed on the card
    assert verbs(pick) == {RUN, CLOSE}
    data = button(pick, RUN)
    assert set(data) == {"verb", "candidateId", "actionId"}  # ids only; the job comes from the input
    before = sqlite_rows(bot)

    job = job_choices(pick)[f"{title} ({job_code})"]
    first = await run(bot, pick, job)
    assert first["type"] == CARD
    assert_valid_card(first["value"])
    said = text_of(first["value"])
    assert f"Anna Jensen is now a prospect in {title} ({job_code})." in said and "Prospect" in said
    # A double click: the same action id again, and twice at once.
    again = await run(bot, pick, job)
    both = await asyncio.gather(run(bot, pick, job), run(bot, pick, job))
    for answered in (again, *both):
        assert answered["type"] == CARD
        assert f"Anna Jensen is now a prospect in {title} ({job_code})." in text_of(answered["value"])
    assert await applications(bot, "C1001", job_code) == [("Prospect", "teams")]
    after = sqlite_rows(bot)
    assert after["applications"] == before["applications"] + 1
    assert after["candidate_exports"] == before["candidate_exports"] + 1
    assert len(bot.channel.sent()) == posted + 1  # the card from `find`; the answers replace cards

    # The same picker with another job after it exported: that action was done, nothing changes.
    other = next(j for t, j in job_choices(pick).items() if j != job)
    reused = await run(bot, pick, other)
    assert reused["type"] == MESSAGE
    assert (
        reused["value"]
        == "That export was already done for another candidate or job, so nothing was changed."
    )
    assert sqlite_rows(bot) == after

    # A new picker (a new action id) says she is in that job now; exported again: said, nothing written.
    pick = await picker(bot, "C1001")
    assert f"{title} ({job_code}) · already in Prospect" in job_titles(pick)
    already = await run(bot, pick, job)
    assert f"Anna Jensen is already a prospect in {title} ({job_code}), so nothing was changed." in text_of(
        already["value"]
    )
    assert sqlite_rows(bot)["applications"] == after["applications"]


async def test_a_candidate_further_along_is_already_in_that_stage(linked: App) -> None:
    bot = linked
    [(code, name)] = await sql(
        bot,
        "SELECT c.code, c.first_name || ' ' || c.last_name FROM applications a JOIN candidates c"
        " ON c.id = a.candidate_id JOIN jobs j ON j.id = a.job_id WHERE j.job_code = 'J-1001'"
        " AND a.current_stage = 'Screening' ORDER BY c.code LIMIT 1",
    )
    before = sqlite_rows(bot)
    pick = await picker(bot, code)
    answered = await run(bot, pick, job_choices(pick)["Senior Backend Engineer (Python) (J-1001)"])
    assert (
        f"{name} is already in Screening in Senior Backend Engineer (Python) (J-1001), "
        "so nothing was changed." in text_of(answered["value"])
    )
    assert sqlite_rows(bot)["applications"] == before["applications"]


async def test_the_typeahead_offers_only_the_users_own_jobs_that_match(bot: BotUnderTest) -> None:
    async def typeahead(user: TeamsUser, value: Any, tenant: str | None = None) -> tuple[int, dict[str, Any]]:
        extra = {"tenant": tenant} if tenant else {}
        body = bot.activity(
            activity_type="invoke", name="application/search", value=value, user=user, **extra
        )
        response = await bot.post(body)
        return response.status, await response.json()

    def titles(answer: dict[str, Any]) -> list[str]:
        assert answer["type"] == "application/vnd.microsoft.search.searchResponse", answer
        return [result["title"] for result in answer["value"]["results"]]

    asked = {"dataset": "exportJobs", "queryText": "", "queryOptions": {"skip": 0, "top": 15}}
    status, answered = await typeahead(MEGAN, asked)
    assert status == 200 and answered["status"] == 200
    assert titles(answered) == [
        "Data Engineer (J-1003)",
        "Product Designer (J-1002)",
        "Senior Backend Engineer (Python) (J-1001)",
    ]
    assert {r["value"] for r in answered["value"]["results"]} == {
        await job_id(bot, code) for code in ("J-1001", "J-1002", "J-1003")
    }
    assert titles((await typeahead(MEGAN, {**asked, "queryText": "engineer"}))[1]) == [
        "Data Engineer (J-1003)",
        "Senior Backend Engineer (Python) (J-1001)",
    ]
    assert titles((await typeahead(MEGAN, {**asked, "queryText": "j-1002"}))[1]) == [
        "Product Designer (J-1002)"
    ]
    assert titles((await typeahead(MEGAN, {**asked, "queryText": "customer"}))[1]) == []  # no Prospect stage
    assert titles((await typeahead(MEGAN, {**asked, "queryText": "TEST"}))[1]) == []  # a test job
    assert titles((await typeahead(MEGAN, {**asked, "queryOptions": {"skip": 1, "top": 1}}))[1]) == [
        "Product Designer (J-1002)"
    ]
    # Adele, Hiring manager of the same jobs; Isaiah, only an interviewer; Diego, another organization.
    assert len(titles((await typeahead(ADELE_USER, asked))[1])) == 3
    status, refused = await typeahead(ISAIAH, asked)  # interviews only: no picker is his to search
    assert (status, refused["value"]["code"]) == (403, "Forbidden")
    assert titles((await typeahead(DIEGO_USER, asked, OTHER_TENANT))[1]) == [
        "Warehouse Operations Lead (F-2001)"
    ]
    # Not an ATS user, another dataset, garbage: a clear error, nothing read.
    status, stranger = await typeahead(LYNNE, asked)
    assert status == 403 and stranger["type"] == "application/vnd.microsoft.error"
    assert stranger["value"]["message"].startswith("Sorry, I can't help you yet")
    for garbage in (
        {**asked, "dataset": "candidates"},
        {**asked, "queryText": 7},
        {**asked, "queryOptions": {"skip": -1, "top": 15}},
        {**asked, "queryOptions": "all"},
        "exportJobs",
        {"queryText": "data"},
    ):
        status, refused = await typeahead(MEGAN, garbage)
        assert status == 400 and refused["value"]["message"] == "I can't read that search.", garbage


async def test_many_jobs_make_the_picker_search_as_one_types(bot: BotUnderTest) -> None:
    megan = str(await one(bot, "SELECT id FROM users WHERE aad_object_id = ?", MEGAN.aad_object_id))
    j1001 = await job_id(bot, "J-1001")
    with closing(sqlite3.connect(bot.database_url.split("///", 1)[1])) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(jobs)")]
        template = dict(
            zip(
                columns,
                connection.execute("SELECT * FROM jobs WHERE id = ?", (j1001,)).fetchone(),
                strict=True,
            )
        )
        role_columns = [row[1] for row in connection.execute("PRAGMA table_info(job_roles)")]
        role = dict(
            zip(
                role_columns,
                connection.execute(
                    "SELECT * FROM job_roles WHERE job_id = ? AND user_id = ?", (j1001, megan)
                ).fetchone(),
                strict=True,
            )
        )
        for number in range(30):
            row = {
                **template,
                "id": f"job-extra-{number}",
                "job_code": f"J-9{number:03d}",
                "title": f"Extra role {number}",
            }
            connection.execute(
                f"INSERT INTO jobs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            extra_role = {**role, "job_id": row["id"]}
            if "id" in extra_role:
                extra_role["id"] = f"role-extra-{number}"
            connection.execute(
                f"INSERT INTO job_roles ({', '.join(extra_role)})"
                f" VALUES ({', '.join('?' * len(extra_role))})",
                tuple(extra_role.values()),
            )
        connection.commit()
    pick = await picker(bot, "C1001")
    [choice_set] = [e for e in pick["body"] if e.get("type") == "Input.ChoiceSet"]
    assert choice_set["choices.data"] == {"type": "Data.Query", "dataset": "exportJobs"}
    assert choice_set["style"] == "filtered"
    assert len(choice_set["choices"]) == 25  # the first ones; the rest as she types
    # As she types, Teams asks for her jobs that match.
    asked = {"dataset": "exportJobs", "queryText": "extra role 2", "queryOptions": {"skip": 0, "top": 15}}
    body = bot.activity(activity_type="invoke", name="application/search", value=asked, **chat(MEGAN))
    found = await (await bot.post(body)).json()
    titles = [result["title"] for result in found["value"]["results"]]
    assert "Extra role 2 (J-9002)" in titles and "Extra role 27 (J-9027)" in titles
    assert all(title.startswith("Extra role 2") for title in titles)
    # The job found that way is exported to as any other.
    [extra] = [r["value"] for r in found["value"]["results"] if r["title"] == "Extra role 27 (J-9027)"]
    answered = await run(bot, pick, extra)
    assert answered["value"].startswith("1-click export needs the LinkedIn Recruiter integration")


# --- refusals: answered with their message, nothing written -------------------------------------------


@pytest.mark.parametrize(
    ("user", "code", "message"),
    [
        (
            MEGAN,
            "J-1006",
            "TEST - Integration check (do not publish) (J-1006) is a test job, "
            "so candidates can't be exported to it.",
        ),
        (
            ALEX,
            "J-1005",
            "Head of Sales, Nordics (J-1005) isn't an active job, so candidates can't be exported to it.",
        ),
        (
            MEGAN,
            "J-1004",
            "Customer Success Manager (J-1004) has no Prospect stage, so candidates can't be exported to it.",
        ),
        (
            PATTI,  # a Recruiter of other jobs, none on this one
            "J-1001",
            "Only the job's Hiring manager and Recruiters can export candidates to "
            "Senior Backend Engineer (Python) (J-1001), and you aren't one of them.",
        ),
        (
            ISAIAH,  # an Interviewer, of this job and every other: export is not his to use
            "J-1001",
            "You can export candidates only to active jobs where you are the Hiring manager or a "
            "Recruiter, and you have none right now.",
        ),
    ],
)
async def test_a_job_that_cannot_take_an_export_is_refused_with_its_message(
    bot: BotUnderTest, user: TeamsUser, code: str, message: str
) -> None:
    """Card data naming such a job (the picker never lists it): the message, the card kept."""
    pick = await picker(bot, "C1001", MEGAN)
    before = sqlite_rows(bot)
    answered = await run(bot, pick, await job_id(bot, code), user=user)
    assert answered == {"statusCode": 200, "type": MESSAGE, "value": message}
    assert sqlite_rows(bot) == before


async def test_without_the_integration_enabled_the_export_is_refused(bot: BotUnderTest) -> None:
    pick = await picker(bot, "C1001")
    before = sqlite_rows(bot)
    answered = await run(bot, pick, job_choices(pick)["Product Designer (J-1002)"])
    assert answered["type"] == MESSAGE
    assert answered["value"].startswith("1-click export needs the LinkedIn Recruiter integration")
    assert sqlite_rows(bot) == before
    # The typed path says the same.
    assert (await answer(bot, "export C1001")).startswith("Which job?")
    await answer(bot, "J-1002")
    assert (await answer(bot, "yes")).startswith("1-click export needs the LinkedIn Recruiter integration")
    assert sqlite_rows(bot) == before


async def test_without_their_own_linkedin_account_the_export_is_refused(app: App) -> None:
    await enabled(app)  # Megan has not connected her LinkedIn account
    pick = await picker(app, "C1001")
    before = sqlite_rows(app)
    answered = await run(app, pick, job_choices(pick)["Product Designer (J-1002)"])
    assert answered["value"] == "1-click export needs your own LinkedIn account. Type settings to connect it."
    assert sqlite_rows(app) == before


async def test_someone_who_recruits_for_no_job_is_told_politely(bot: BotUnderTest) -> None:
    no_jobs = (
        "You can export candidates only to active jobs where you are the Hiring manager or a Recruiter, "
        "and you have none right now."
    )
    assert await answer(bot, "export C1001", ISAIAH) == no_jobs
    assert await answer(bot, "export", ISAIAH) == no_jobs
    assert OPEN not in verbs(await candidate_card(bot, "C1001", ISAIAH))
    assert (await bot.press(OPEN, {"candidateId": await candidate_id(bot, "C1001")}, **chat(ISAIAH)))[
        "value"
    ] == no_jobs
    assert (await answer(bot, "export C1001", LYNNE)).startswith("Sorry, I can't help you yet")


# --- card data is never trusted ---------------------------------------------------------------------------


async def test_tampered_card_data_gets_a_clear_answer_and_writes_nothing(linked: App) -> None:
    bot = linked
    pick = await picker(bot, "C1001")
    j1002 = job_choices(pick)["Product Designer (J-1002)"]
    fabrikam_candidate = str(
        await one(bot, "SELECT id FROM candidates WHERE tenant_id = ? ORDER BY code LIMIT 1", OTHER_TENANT_ID)
    )
    before = sqlite_rows(bot)
    gone = "That candidate doesn't exist or isn't visible to you."
    job_gone = "That job doesn't exist or isn't visible to you, so nothing was exported."
    cases: list[tuple[dict[str, Any], str]] = [
        ({"candidateId": fabrikam_candidate, "jobId": j1002}, gone),  # another organization's candidate
        ({"candidateId": "no-such-candidate", "jobId": j1002}, gone),
        ({"jobId": await job_id(bot, "F-2001", OTHER_TENANT_ID)}, job_gone),  # another organization's job
        ({"jobId": "'; DROP TABLE applications; --"}, job_gone),
        ({"jobId": "x" * 5000}, "Choose a job first."),
        ({"jobId": ""}, "Choose a job first."),
        ({"jobId": ["J-1002"]}, "Choose a job first."),
    ]
    for tampered, said in cases:
        answered = await bot.press(RUN, {**button(pick, RUN), "jobId": j1002, **tampered}, **chat(MEGAN))
        assert answered["value"] == said, tampered
    for broken in ({"actionId": "not-a-uuid"}, {"actionId": None}, {"candidateId": 42}, {"candidateId": ""}):
        answered = await bot.press(RUN, {**button(pick, RUN), "jobId": j1002, **broken}, **chat(MEGAN))
        assert answered["statusCode"] == 400, broken
        assert answered["value"]["message"] == "That button is missing the candidate."
    # Opening the picker for another organization's candidate, or Cancel on one.
    for verb in (OPEN, CLOSE):
        answered = await bot.press(verb, {"candidateId": fabrikam_candidate}, **chat(MEGAN))
        assert answered["value"] == gone
    # The same picker pressed by Diego of Fabrikam, with his own job: Fabrikam has no LinkedIn
    # integration, which is checked before the candidate (who is not his organization's either).
    answered = await bot.press(
        RUN,
        {**button(pick, RUN), "jobId": await job_id(bot, "F-2001", OTHER_TENANT_ID)},
        user=DIEGO_USER,
        tenant=OTHER_TENANT,
    )
    assert answered["value"].startswith("1-click export needs the LinkedIn Recruiter integration")
    assert sqlite_rows(bot) == before
    # Another user of the same organization pressing Megan's picker exports as themselves (the
    # service checks their role): Patti, a Recruiter of other jobs, is refused on this one.
    answered = await run(bot, pick, await job_id(bot, "J-1001"), user=PATTI)
    assert "you aren't one of them" in answered["value"]
    assert sqlite_rows(bot) == before


async def test_a_stale_picker_is_checked_against_the_job_as_it_is_now(bot: BotUnderTest) -> None:
    """The picker was built while Megan recruited for both jobs; since then she left one and the other
    was closed. Export answers why, writes nothing, and the picker's Cancel brings the card back."""
    pick = await picker(bot, "C1001")
    choices = job_choices(pick)
    megan = str(await one(bot, "SELECT id FROM users WHERE aad_object_id = ?", MEGAN.aad_object_id))
    with closing(sqlite3.connect(bot.database_url.split("///", 1)[1])) as connection:
        connection.execute(
            "DELETE FROM job_roles WHERE user_id = ? AND job_id = ?",
            (megan, choices["Product Designer (J-1002)"]),
        )
        connection.execute(
            "UPDATE jobs SET status = 'closed' WHERE id = ?", (choices["Data Engineer (J-1003)"],)
        )
        connection.commit()
    before = sqlite_rows(bot)
    left = await run(bot, pick, choices["Product Designer (J-1002)"])
    assert left["value"] == (
        "Only the job's Hiring manager and Recruiters can export candidates to Product Designer (J-1002), "
        "and you aren't one of them."
    )
    closed = await run(bot, pick, choices["Data Engineer (J-1003)"])
    assert (
        closed["value"]
        == "Data Engineer (J-1003) isn't an active job, so candidates can't be exported to it."
    )
    assert sqlite_rows(bot) == before
    back = await bot.press(CLOSE, button(pick, CLOSE), **chat(MEGAN))
    assert_valid_card(back["value"])
    assert "Anna Jensen" in text_of(back["value"]) and OPEN in verbs(back["value"])
    # A new picker lists what she can export to now.
    assert set(job_choices(await picker(bot, "C1001"))) == {"Senior Backend Engineer (Python) (J-1001)"}


async def test_a_profile_address_without_the_integration_says_what_is_missing(bot: BotUnderTest) -> None:
    before = sqlite_rows(bot)
    said = await answer(bot, "export https://www.linkedin.com/in/mbr-10001")
    assert said.startswith(
        "1-click export needs the LinkedIn Recruiter integration with Company-level access"
    )
    assert sqlite_rows(bot) == before


# --- languages -----------------------------------------------------------------------------------------


async def test_a_danish_recruiter_gets_danish_cards_and_questions(bot: BotUnderTest) -> None:
    card = await candidate_card(bot, "C1001", locale="da-DK")
    [export_button] = [a for a in json.loads(json.dumps(card))["actions"] if a.get("verb") == OPEN]
    assert export_button["title"] == "Eksportér til et job"
    pressed = await bot.press(OPEN, button(card, OPEN), locale="da-DK", **chat(MEGAN))
    pick = pressed["value"]
    assert_valid_card(pick)
    said = text_of(pick)
    assert "Eksportér Anna Jensen (C1001) til et job" in said and "Prospect-fase" in said
    refused = await bot.press(
        RUN, {**button(pick, RUN), "jobId": await job_id(bot, "J-1004")}, locale="da-DK", **chat(MEGAN)
    )
    assert refused["value"] == (
        "Customer Success Manager (J-1004) har ingen Prospect-fase, "
        "så kandidater kan ikke eksporteres til det."
    )
    question = await answer(bot, "eksporter", locale="da-DK")
    assert question.startswith("Hvem vil du eksportere?")
    assert (await answer(bot, "C1001", locale="da-DK")).startswith("Hvilket job?")
    assert await answer(bot, "annuller", locale="da-DK") == "OK, intet blev eksporteret."
    await answer(bot, "eksporter C1001", locale="da-DK")
    confirm = await answer(bot, "J-1002", locale="da-DK")
    assert confirm == (
        "Vil du eksportere Anna Jensen (C1001) til Product Designer (J-1002)? "
        "Skriv ja for at eksportere eller nej for at annullere."
    )
    offered = bot.channel.sent()[-1]["suggestedActions"]["actions"]
    assert [a["title"] for a in offered] == ["Ja, eksportér", "Annuller"]
    # Without the LinkedIn integration: the refusal, in Danish.
    assert (await answer(bot, "ja", locale="da-DK")).startswith("Eksport med 1 klik kræver")
