# The `recording_channel` fixture is imported from the setup suite.
# ruff: noqa: F811
"""1-click export attacked from outside, both paths, over HTTP through the real app: forged,
replayed, garbage and hostile input (in card data, typeahead searches, webhook bodies and LinkedIn's
own answers), LinkedIn failing, and poison events. Each gets a clear 4xx or a polite answer, writes
nothing, logs without personal data, and never a 500."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app import EVENT_WORKER
from store.demo_data import ADELE, DEMO_TENANT_ID
from tests.bot.channel import ALEX, MEGAN, RecordingChannel, TeamsUser
from tests.exports.test_from_linkedin import (
    application_of,
    counts,
    event_of,
    export_notices,
    processed,
    ready,
    recruiter_exports,
)
from tests.setup.cards import button, text_of
from tests.setup.conftest import App, eventually, recording_channel, running_app  # noqa: F401
from tests.setup.linkedin_side import customer_secret, deliver, pending_events, signed, webhook_url
from tests.setup.signin import personal_chat_id
from tests.setup.test_signin_binding import connect_own_account

RUN, OPEN = "candidate.export.run", "candidate.export"


def export_event(notification_id: str, request_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "notificationId": notification_id,
        "type": "EXPORT_CANDIDATE_PROFILE",
        "requestId": request_id,
        "integrationContext": "urn:li:organization:1001",
        "occurredAt": 1_790_000_000_000,
        **extra,
    }


# --- the webhook -----------------------------------------------------------------------------------


async def test_an_event_the_webhook_accepted_is_one_the_worker_can_read(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """A signed event with a lone surrogate or a deep nesting in a field nobody reads: the webhook
    accepted it, and the worker (which read it with another JSON parser) could not, so it stayed
    claimed and was taken again at every sweep, forever. Now it is read as it was accepted."""
    caplog.set_level(logging.INFO)
    await ready(app)
    made = await recruiter_exports(app)
    secret = await customer_secret(app)
    bodies = {
        "n-surrogate": json.dumps(export_event("n-surrogate", made["requestId"])).replace(
            '"occurredAt"', '"note": "\\ud800", "occurredAt"'
        ),
        "n-deep": json.dumps(export_event("n-deep", made["requestId"], deep=[[]])).replace(
            "[[]]", "[" * 400 + "]" * 400
        ),
    }
    for notification_id, text in bodies.items():
        body = text.encode()
        status, answered = await deliver(app, body, signed(body, secret))
        assert status in (200, 400), (status, answered)
        if status == 400:
            continue
        row = await processed(app, notification_id)
        assert (row["status"], row["attempts"]) == ("processed", 1), row
    assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]
    assert len(await export_notices(app, ALEX)) == 1
    assert "Traceback" not in caplog.text and "Anna" not in caplog.text


async def test_an_event_whose_runs_never_finish_is_given_up(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """An event every run of which dies (the process crashes on it, or its claim runs out) is taken
    again only until the worker's attempts are used; then it is failed, not taken forever."""
    await ready(app)
    made = await recruiter_exports(app)
    await app.flush_webhooks()
    await processed(app, made["notificationId"])
    assert app.web_app is not None
    worker = app.web_app[EVENT_WORKER]
    # The event as the last of its runs left it: claimed by a run that died, every attempt used.
    await app.sql(
        "UPDATE linkedin_webhook_events SET status = 'received', attempts = ?, told_at = NULL,"
        " claimed_until = ? WHERE notification_id = ?",
        worker.attempts,
        datetime.now(UTC) - timedelta(minutes=1),
        made["notificationId"],
    )
    before, notices = await counts(app), len(await export_notices(app, ALEX))
    caplog.set_level(logging.INFO)
    assert len((await worker.sweep()).processed) == 1
    row = await event_of(app, made["notificationId"])
    assert (row["status"], row["last_error"]) == ("failed", "never finished")
    assert (await worker.sweep()).processed == []
    assert await counts(app) == before and len(await export_notices(app, ALEX)) == notices
    assert "given up" in caplog.text


# --- LinkedIn's answer (exportedCandidates) -----------------------------------------------------------


async def export_answered(app: App, answer: dict[str, Any], job: str = "J-1002") -> dict[str, Any]:
    """A recruiter exports Anna in Recruiter, and LinkedIn answers the ATS's read with `answer` changed
    in (see the sandbox's /sandbox/export); the event's row once the worker is done."""
    made = await app.sandbox("POST", "/sandbox/export", {"member": "mbr-5158", "job": job, "answer": answer})
    await app.flush_webhooks()
    return await processed(app, made["notificationId"])


async def candidate_of_member(app: App, member: str) -> list[tuple[Any, ...]]:
    return await app.sql(
        "SELECT c.first_name, c.last_name, c.linkedin_profile_url, c.current_title,"
        " (SELECT count(*) FROM candidate_emails e WHERE e.candidate_id = c.id)"
        " FROM candidates c WHERE c.tenant_id = ? AND c.linkedin_member_id = ?",
        DEMO_TENANT_ID,
        member,
    )


async def test_an_answer_naming_no_member_is_refused_politely_and_writes_nothing(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await ready(app)
    before = await counts(app)
    for member in ("not-a-urn", "urn:li:person:", "urn:li:person:" + "9" * 10_000, "urn:li:person:a\x00b"):
        row = await export_answered(app, {"candidate": {"member": member, "firstName": "Zelda"}})
        assert (row["status"], row["outcome"]) == ("processed", "refused: ExportMemberUnknown"), (member, row)
        assert await counts(app) == before
    notices = await export_notices(app, ALEX)
    assert len(notices) == 4
    assert text_of(notices[-1]) == (
        "Zelda Jensen wasn't exported from LinkedIn Recruiter\nLinkedIn's answer didn't say which member "
        "was exported, so nothing was exported.\nNothing was added to the ATS."
    )
    for personal in ("Zelda", "Jensen", "anna.jensen", "linkedin.com/in/", "Traceback"):
        assert personal not in caplog.text, personal


async def test_odd_fields_in_the_answer_are_cleaned_or_dropped(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """Names of 10,000 characters and with control characters, an email that isn't one, a profile
    address that is javascript: or far too long, a seat that isn't one: the candidate is made from
    what is sound; nothing odd is stored, nothing fails."""
    caplog.set_level(logging.INFO)
    await ready(app)
    cases: list[tuple[str, dict[str, Any]]] = [
        ("mbr-attack-1", {"firstName": "Z" * 10_000, "lastName": "L" * 10_000}),
        ("mbr-attack-2", {"firstName": "Ze\x00l\u202eda\x07", "lastName": "Ja\ud800\x1bns\u200fen"}),
        ("mbr-attack-3", {"emailAddress": "not an email", "profileUrl": "javascript:alert(1)"}),
        (
            "mbr-attack-4",
            {
                "emailAddress": "x" * 300 + "@example.com",
                "profileUrl": "https://www.linkedin.com/in/" + "a" * 5000,
            },
        ),
        (
            "mbr-attack-5",
            {"profileUrl": "https://www.linkedin.com/in/a%00b", "headline": "Boss\x00 at Ev\x00il"},
        ),
    ]
    for member, odd in cases:
        answer: dict[str, Any] = {"candidate": {"member": f"urn:li:person:{member}", **odd}}
        if member == "mbr-attack-5":
            answer["exporter"] = {"seat": "urn:li:seat:" + "1" * 5000}
        row = await export_answered(app, answer)
        assert (row["status"], row["outcome"]) == ("processed", None), (member, row)
        [(first, last, profile_url, title, emails)] = await candidate_of_member(app, member)
        assert len(first) <= 100 and len(last) <= 100
        for value in (first, last, title or ""):
            assert value.isprintable(), (member, value)
        if "profileUrl" in odd:
            assert profile_url is None, (member, profile_url)
        assert emails == 0, member
    # A joiner that a name in Persian needs is kept (it is no control character).
    await export_answered(
        app,
        {
            "candidate": {
                "member": "urn:li:person:mbr-attack-6",
                "firstName": "Ro\u200cya",
                "lastName": "Amini",
            }
        },
    )
    assert (await candidate_of_member(app, "mbr-attack-6"))[0][:2] == ("Ro\u200cya", "Amini")
    [(seat,)] = await app.sql(
        "SELECT seat FROM candidate_exports e JOIN candidates c ON c.id = e.candidate_id"
        " WHERE c.linkedin_member_id = 'mbr-attack-5'"
    )
    assert seat is None
    for personal in ("ZZZZ", "Zel", "not an email", "javascript", "linkedin.com/in/", "Traceback"):
        assert personal not in caplog.text, personal


async def test_an_odd_job_id_in_the_answer_is_refused_in_a_short_line(app: App) -> None:
    await ready(app)
    before = await counts(app)
    for job in ("J-1002\x00", "J" * 10_000, "J-1002\u202e", "", "F-2001"):  # F-2001: Fabrikam's
        row = await export_answered(
            app, {"externalJobPostingId": job, "candidate": {"firstName": "Y" * 10_000}}
        )
        assert (row["status"], row["outcome"]) == ("processed", "refused: ExportJobUnknown"), (job[:20], row)
    assert await counts(app) == before
    for notice in await export_notices(app, ALEX):
        said = text_of(notice)
        assert len(said) < 400 and all(line.isprintable() for line in said.splitlines()), said[:300]
        assert "There is no job" in said


# --- Teams: card data and the typeahead --------------------------------------------------------------


def megan_chat() -> dict[str, Any]:
    return {"user": MEGAN, "conversation_id": f"a:personal-{MEGAN.aad_object_id}"}


async def test_garbage_in_the_export_buttons_gets_a_clear_answer_never_a_500(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """Control characters (a NUL, which PostgreSQL cannot store or compare), nested objects, nulls,
    numbers and huge strings in every export button's data: a clear answer, nothing written."""
    await ready(app, (MEGAN, "Megan Bowen"))
    await app.say("find C1001", **megan_chat())
    card = app.channel.cards()[-1]
    pick = (await app.press(OPEN, button(card, OPEN), **megan_chat()))["value"]
    run = button(pick, RUN)
    [(j1002,)] = await app.sql(
        "SELECT id FROM jobs WHERE job_code = 'J-1002' AND tenant_id = ?", DEMO_TENANT_ID
    )
    before = await counts(app)
    odd: list[Any] = [
        "\x00",
        "a\x00b",
        run["candidateId"] + "\x00junk",
        "\u202e\x1b",
        {"id": 1},
        [1],
        None,
        7,
        "x" * 100,
    ]
    for value in odd:
        for verb, data in (
            (RUN, {**run, "jobId": j1002, "candidateId": value}),
            (RUN, {**run, "jobId": value}),
            (RUN, {**run, "jobId": j1002, "actionId": value}),
            (OPEN, {"candidateId": value}),
            ("candidate.export.close", {"candidateId": value}),
        ):
            body = app.activity(
                activity_type="invoke",
                name="adaptiveCard/action",
                value={"action": {"type": "Action.Execute", "verb": verb, "data": data}},
                **megan_chat(),
            )
            response = await app.post(body)
            assert response.status == 200, (verb, data, response.status)
            answered = await response.json()
            assert answered["statusCode"] in (200, 400), (verb, data, answered)
    not_objects: list[Any] = ["not an object", ["a"], None, 7]
    for garbage in not_objects:
        body = app.activity(
            activity_type="invoke",
            name="adaptiveCard/action",
            value={"action": {"type": "Action.Execute", "verb": RUN, "data": garbage}},
            **megan_chat(),
        )
        response = await app.post(body)
        assert response.status in (200, 400), (garbage, response.status)
    assert await counts(app) == before
    assert "Traceback" not in caplog.text


async def test_garbage_in_the_job_typeahead_gets_a_clear_answer_never_a_500(app: App) -> None:
    asked: dict[str, Any] = {"dataset": "exportJobs", "queryText": "", "queryOptions": {"skip": 0, "top": 15}}
    values: list[Any] = [
        {**asked, "queryText": "\x00"},
        {**asked, "queryText": "data\x00 \u202e"},
        {**asked, "dataset": "exportJobs\x00"},
        {**asked, "queryText": {"$gt": ""}},
        {**asked, "queryText": None},
        {**asked, "queryOptions": {"skip": "0", "top": 10**30}},
        {**asked, "queryOptions": {"skip": 0, "top": True}},
        {**asked, "queryOptions": None},
        {**asked, "dataset": ["exportJobs"]},
        None,
        [],
    ]
    for value in values:
        body = app.activity(activity_type="invoke", name="application/search", value=value, **megan_chat())
        response = await app.post(body)
        assert response.status in (200, 400), (value, response.status)
        answered = await response.json()
        assert answered["type"] in (
            "application/vnd.microsoft.search.searchResponse",
            "application/vnd.microsoft.error",
        ), (value, answered)


async def test_a_nul_typed_to_the_export_dialog_gets_an_answer(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await ready(app, (MEGAN, "Megan Bowen"))
    before = await counts(app)
    for typed in ("export \x00", "export Anna\x00 Jensen\x00", "export https://www.linkedin.com/in/a\x00b"):
        sent = len(app.channel.sent())
        response = await app.post(app.activity(typed, **megan_chat()))
        assert response.status == 201, typed
        assert len(app.channel.sent()) > sent, typed
        assert "Sorry, something went wrong" not in json.dumps(app.channel.sent()[-1]), typed
        await app.say("stop", **megan_chat())
    assert await counts(app) == before
    assert "Traceback" not in caplog.text


# --- who is told ---------------------------------------------------------------------------------------


async def test_the_notice_goes_only_to_whoever_holds_the_exporting_member_now(app: App) -> None:
    """Megan connected her LinkedIn account, then disconnected it: her exports in Recruiter reach
    no one (nothing written). Adele then connects that same LinkedIn account: it is Adele who is
    told, never Megan; and Megan, connected again as another member, is not told of it."""
    adele = TeamsUser(ADELE, "Adele Vance", "adelev@example.com")
    await ready(app, (MEGAN, "Megan Bowen"))
    chat = f"a:personal-{MEGAN.aad_object_id}"
    await app.say("settings", user=MEGAN, conversation_id=chat)
    await app.press("settings.disconnect", button(app.channel.cards()[-1], "settings.disconnect"), user=MEGAN)
    assert await app.sql("SELECT count(*) FROM linkedin_connections WHERE member_id = 'mbr-9021'") == [(0,)]
    before = await counts(app)
    made = await recruiter_exports(app, seat="mbr-9021")
    await app.flush_webhooks()
    assert (await processed(app, made["notificationId"]))["outcome"] == "exporter has no ATS user"
    assert await counts(app) == before
    assert await export_notices(app, MEGAN) == []

    await connect_own_account(app, adele, "Megan Bowen")
    await connect_own_account(app, MEGAN, "Isaiah Langer")
    made = await recruiter_exports(app, seat="mbr-9021")
    await app.flush_webhooks()
    row = await processed(app, made["notificationId"])
    assert (row["status"], row["outcome"]) == ("processed", None), row
    [notice] = await export_notices(app, adele)
    assert text_of(notice).startswith("Anna Jensen was exported to Product Designer (J-1002), Prospect.")
    assert await export_notices(app, MEGAN) == []
    [(exporter,)] = await app.sql(
        "SELECT u.aad_object_id FROM candidate_exports e JOIN users u ON u.id = e.exporter_user_id"
    )
    assert exporter == ADELE


async def test_odd_webhook_bodies_are_refused_with_a_4xx_and_store_nothing(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await ready(app)
    made = await recruiter_exports(app)
    secret = await customer_secret(app)
    good = export_event("n-odd", made["requestId"])
    odd_events: list[Any] = [
        {**good, "notificationId": "n\u0000x"},
        {**good, "notificationId": "n" * 10_000},
        {**good, "requestId": {"id": made["requestId"]}},
        {**good, "requestId": None},
        {**good, "requestId": 7},
        {**good, "integrationContext": ["urn:li:organization:1001"]},
        {**good, "occurredAt": -1},
        {**good, "occurredAt": 10**40},
        {**good, "occurredAt": "yesterday"},
        {**good, "type": "export_candidate_profile"},
        {**good, "type": "EXPORT_CANDIDATE_PROFILE\u202e"},
        {key: value for key, value in good.items() if key != "integrationContext"},
    ]
    bodies = [json.dumps(event).encode() for event in odd_events]
    bodies += [b"\xff\xfe{}", b"\xef\xbb\xbf" + json.dumps(good).encode(), b"null", b'"x"', b"1e999"]
    for body in bodies:
        status, _answer = await deliver(app, body, signed(body, secret))
        assert 400 <= status < 500, (body[:80], status)
    oversized = json.dumps({**good, "padding": "x" * 70_000}).encode()
    assert (await deliver(app, oversized, signed(oversized, secret)))[0] == 413
    webhook = await webhook_url(app)
    for headers in ({"Content-Type": "text/plain"}, {}):
        async with app.http.post(webhook, data=bodies[0], headers=headers) as response:
            assert 400 <= response.status < 500
    for url in (webhook.rsplit("/", 1)[0] + "/" + "a" * 1000, webhook.rsplit("/", 1)[0] + "/%00"):
        async with app.http.post(url, data=bodies[0], headers=signed(bodies[0], secret)) as response:
            assert response.status == 404, url
        for code in ("", "x" * 5000, "3F2C1A7E-9B4D-4C2A-8E1F-0A6B5C4D3E2F", "\u0000"):
            answer = await app.get(url, params={"challengeCode": code})
            assert 400 <= answer.status < 500, (url, code)
    for code in ("", "not-a-uuid", "3F2C1A7E-9B4D-4C2A-8E1F-0A6B5C4D3E2F", "hmacsha256={}"):
        answer = await app.get(webhook, params={"challengeCode": code})
        assert answer.status == 400, code
    assert await app.sql(
        "SELECT count(*) FROM linkedin_webhook_events WHERE event_type = ?", "EXPORT_CANDIDATE_PROFILE"
    ) == [(0,)]
    assert "Traceback" not in caplog.text


# --- the worker ------------------------------------------------------------------------------------------


async def test_a_run_that_stalls_ends_before_its_claim_and_is_tried_again(
    sqlite_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """Teams stalls the notice (an answer that takes minutes): the run is ended before its claim runs
    out (so no second worker takes an event still being processed) and the event is tried again."""
    app = sqlite_app
    assert app.web_app is not None
    worker = app.web_app[EVENT_WORKER]
    worker.lease = timedelta(seconds=2)
    await ready(app, (MEGAN, "Megan Bowen"))
    app.channel.stalling[await personal_chat_id(app, MEGAN)] = 6.0
    made = await recruiter_exports(app, seat="mbr-9021")
    await app.flush_webhooks()

    async def queued_again() -> bool:
        row = await event_of(app, made["notificationId"])
        return row["status"] == "queued" and row["attempts"] == 1

    await eventually(queued_again)
    row = await event_of(app, made["notificationId"])
    assert (row["last_error"], row["told_at"]) == ("TimeoutError", None)
    assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]
    # Its time comes and Teams answers: told once.
    await app.sql(
        "UPDATE linkedin_webhook_events SET next_attempt_at = ?", datetime.now(UTC) - timedelta(seconds=1)
    )
    await worker.sweep()
    row = await event_of(app, made["notificationId"])
    assert (row["status"], row["attempts"]) == ("processed", 2), row
    assert len(await export_notices(app, MEGAN)) == 1


# --- Teams: presses at once -----------------------------------------------------------------------------


async def test_presses_at_once_on_one_picker_and_on_several_make_one_application(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """A double (sextuple) click on one picker, and three pickers of the same candidate pressed at the
    same moment for the same job: one application, one export row per picker that did anything, every
    answer a card, no error; the log names no candidate."""
    caplog.set_level(logging.INFO)
    await ready(app, (MEGAN, "Megan Bowen"))
    pickers = []
    for _ in range(3):
        await app.say("find C1001", **megan_chat())
        pickers.append(
            (await app.press(OPEN, button(app.channel.cards()[-1], OPEN), **megan_chat()))["value"]
        )
    [(j1002,)] = await app.sql(
        "SELECT id FROM jobs WHERE job_code = 'J-1002' AND tenant_id = ?", DEMO_TENANT_ID
    )
    before = await counts(app)
    presses = [button(pickers[0], RUN)] * 6 + [button(pick, RUN) for pick in pickers[1:]]
    answers = await asyncio.gather(
        *(app.press(RUN, {**data, "jobId": j1002}, **megan_chat()) for data in presses)
    )
    for answered in answers:
        assert answered["type"] == "application/vnd.microsoft.card.adaptive", answered
    said = sorted(text_of(answered["value"]).split("\n")[0] for answered in answers)
    assert said.count("Anna Jensen is now a prospect in Product Designer (J-1002).") == 6
    assert (
        said.count("Anna Jensen is already a prospect in Product Designer (J-1002), so nothing was changed.")
        == 2
    )
    after = await counts(app)
    assert after["applications"] == before["applications"] + 1
    assert after["candidate_exports"] == before["candidate_exports"] + 3
    assert await application_of(app, "C1001", "J-1002") == [("Prospect", "teams")]
    for personal in ("Anna", "Jensen", "anna.jensen", "Traceback"):
        assert personal not in caplog.text, personal


async def test_odd_digits_answering_which_job_get_an_answer(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """A superscript two or a number of 5,000 digits is a digit string to Python but no number int()
    reads: the job question answers it like any other text."""
    await ready(app, (MEGAN, "Megan Bowen"))
    before = await counts(app)
    for odd in ("²", "9" * 5000, "١"):
        await app.say("export C1001", **megan_chat())
        assert app.channel.sent()[-1]["text"].startswith("Which job?")
        sent = len(app.channel.sent())
        await app.say(odd, **megan_chat())
        assert len(app.channel.sent()) > sent
        answered = app.channel.sent()[-1]["text"] or ""
        assert "something went wrong" not in answered, answered
        assert answered.startswith(("None of your jobs", "Export Anna Jensen")), answered[:200]
        await app.say("stop", **megan_chat())
    # The same at the confirmation (a choice prompt).
    await app.say("export C1001", **megan_chat())
    await app.say("1", **megan_chat())
    for odd in ("²", "9" * 5000, "1" * 20, "-1"):
        sent = len(app.channel.sent())
        await app.say(odd, **megan_chat())
        assert len(app.channel.sent()) > sent
        answered = app.channel.sent()[-1]["text"] or ""
        assert "something went wrong" not in answered, answered
    assert await counts(app) == before
    assert "Traceback" not in caplog.text


async def test_a_colleague_pressing_the_same_picker_exports_as_themselves(app: App) -> None:
    """In a channel the picker can be in front of the whole team: Adele (Hiring manager of the job)
    presses Export on the picker Megan opened, before Megan does. Adele's export is hers; Megan's
    press then says the candidate is already in the job, never that her export was done elsewhere."""
    adele = TeamsUser(ADELE, "Adele Vance", "adelev@example.com")
    await ready(app, (MEGAN, "Megan Bowen"), (adele, "Adele Vance"))
    await app.say("find C1001", **megan_chat())
    pick = (await app.press(OPEN, button(app.channel.cards()[-1], OPEN), **megan_chat()))["value"]
    [(j1002,)] = await app.sql(
        "SELECT id FROM jobs WHERE job_code = 'J-1002' AND tenant_id = ?", DEMO_TENANT_ID
    )
    first = await app.press(
        RUN, {**button(pick, RUN), "jobId": j1002}, user=adele, conversation_id=f"a:personal-{ADELE}"
    )
    assert text_of(first["value"]).startswith("Anna Jensen is now a prospect in Product Designer (J-1002).")
    second = await app.press(RUN, {**button(pick, RUN), "jobId": j1002}, **megan_chat())
    assert text_of(second["value"]).startswith(
        "Anna Jensen is already a prospect in Product Designer (J-1002), so nothing was changed."
    ), second
    [(exporter,)] = await app.sql(
        "SELECT u.aad_object_id FROM candidate_exports e JOIN users u ON u.id = e.exporter_user_id"
        " WHERE e.outcome = 'exported'"
    )
    assert exporter == ADELE


async def test_the_typed_export_of_a_linkedin_member_logs_no_name_or_address(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the database drivers' own DEBUG lines are kept at WARNING (logs.py)
    await ready(app, (MEGAN, "Megan Bowen"))
    caplog.clear()
    for typed in ("export linkedin.com/in/mbr-10001", "J-1001", "yes"):
        await app.say(typed, **megan_chat())
    assert "is now a prospect" in app.channel.sent()[-1]["attachments"][0]["content"]["body"][0]["text"]
    [(first, last)] = await app.sql(
        "SELECT first_name, last_name FROM candidates WHERE linkedin_member_id = 'mbr-10001'"
    )
    for personal in (first, last, "mbr-10001", "linkedin.com/in", "Traceback"):
        assert personal not in caplog.text, personal


async def test_linkedin_too_slow_to_answer_is_tried_again_and_writes_nothing(
    sqlite_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """LinkedIn answers the read after longer than a run may wait (a timeout), then a 500, then a 429
    with a Retry-After that is no number: each time the event is queued again, nothing written, one
    line logged; then it is exported and told once."""
    app = sqlite_app
    assert app.web_app is not None
    worker = app.web_app[EVENT_WORKER]
    worker.lease = timedelta(seconds=2)  # a run's LinkedIn calls give up after a second
    await ready(app)
    before = await counts(app)
    await app.sandbox("POST", "/sandbox/faults", {"latencyMs": 3000})
    made = await recruiter_exports(app)
    await app.flush_webhooks()

    async def queued_after(attempts: int) -> bool:
        row = await event_of(app, made["notificationId"])
        return row["status"] == "queued" and row["attempts"] == attempts

    await eventually(lambda: queued_after(1))
    assert (await event_of(app, made["notificationId"]))["last_error"] == "LinkedInTimeout"
    await app.sandbox("POST", "/sandbox/faults", {"latencyMs": 0})
    faults = [{"status": 500}] * 5 + [{"status": 429, "retryAfter": "soon"}] * 5
    for attempt, fault in ((2, faults[:5]), (3, faults[5:])):
        await app.sandbox("POST", "/sandbox/faults", {"failNext": fault})
        await app.sql(
            "UPDATE linkedin_webhook_events SET next_attempt_at = ?", datetime.now(UTC) - timedelta(seconds=1)
        )
        await worker.sweep()
        row = await event_of(app, made["notificationId"])
        assert (row["status"], row["attempts"]) == ("queued", attempt), row
        assert await counts(app) == before
    await app.sandbox("POST", "/sandbox/faults", {"clear": True})
    await app.sql(
        "UPDATE linkedin_webhook_events SET next_attempt_at = ?", datetime.now(UTC) - timedelta(seconds=1)
    )
    await worker.sweep()
    assert (await event_of(app, made["notificationId"]))["status"] == "processed"
    assert len(await export_notices(app, ALEX)) == 1
    assert "Traceback" not in caplog.text


async def test_an_answer_missing_what_an_export_needs_fails_once_and_writes_nothing(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """integrationContext missing, no candidate, a name that is an object, an exporter that is a
    number: the event fails once (not retried), nothing written, one line naming no one."""
    caplog.set_level(logging.INFO)
    await ready(app)
    before = await counts(app)
    for odd in (
        {"integrationContext": None},
        {"candidate": None},
        {"candidate": {"firstName": {"nested": {"deeper": "Anna"}}}},
        {"exporter": 7},
        {"exportedAt": "yesterday"},
    ):
        caplog.clear()
        row = await export_answered(app, odd)
        assert (row["status"], row["attempts"], row["last_error"]) == ("failed", 1, "ValidationError"), (
            odd,
            row,
        )
        failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(failed) == 1 and "ValidationError" in failed[0].getMessage()
        for personal in ("Anna", "Jensen", "linkedin.com/in/", "Traceback"):
            assert personal not in caplog.text, (odd, personal)
    assert app.web_app is not None
    assert (await app.web_app[EVENT_WORKER].sweep()).processed == []
    assert await counts(app) == before
    assert await export_notices(app, ALEX) == []


async def test_a_slow_event_in_a_sweep_does_not_hold_up_a_new_one(
    seeded_sqlite_url: str,
    recording_channel: tuple[RecordingChannel, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The sweep at start finds an event whose notice Teams stalls; an export that arrives meanwhile is
    processed at once, while the slow one still runs (the sweep does not run its events one by one in
    the worker's own loop)."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    keep = {"SANDBOX_DATABASE": str(tmp_path / "linkedin-sandbox.db")}
    async with running_app(seeded_sqlite_url, recording_channel, **keep) as first:
        await ready(first, (MEGAN, "Megan Bowen"))
        slow = await recruiter_exports(first, "mbr-5066", "J-1001")  # Ingrid, by Alex
        [body] = await pending_events(first)
        alex_chat = await personal_chat_id(first, ALEX)
    # Stored while no process ran: the next one's sweep at start takes it.
    now = datetime.now(UTC) - timedelta(seconds=2)
    await first.sql(
        "INSERT INTO linkedin_webhook_events (id, tenant_id, notification_id, event_type, payload, status,"
        " attempts, next_attempt_at, received_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
        "slow0event0000000000000000000001",
        DEMO_TENANT_ID,
        slow["notificationId"],
        "EXPORT_CANDIDATE_PROFILE",
        json.dumps(body),
        now,
        now,
        now,
    )
    recording_channel[0].stalling[alex_chat] = 8.0
    async with running_app(seeded_sqlite_url, recording_channel, **keep) as app:

        async def slow_is_running() -> bool:
            return (await event_of(app, slow["notificationId"]))["status"] == "received"

        await eventually(slow_is_running)
        fresh = await recruiter_exports(app, seat="mbr-9021")  # Anna, by Megan
        [fresh_body] = [
            b for b in await pending_events(app) if b["notificationId"] == fresh["notificationId"]
        ]
        raw = json.dumps(fresh_body).encode()
        assert await deliver(app, raw, signed(raw, await customer_secret(app))) == (200, {"status": "queued"})
        row = await processed(app, fresh["notificationId"])
        assert (row["status"], row["outcome"]) == ("processed", None)
        assert await slow_is_running()  # still waiting on Teams
        assert len(await export_notices(app, MEGAN)) == 1


async def test_presses_at_once_never_export_beyond_the_monthly_allowance(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Megan may export one more candidate this month; she presses Export on ten pickers (ten
    candidates) at the same moment: one is exported, the others are refused, on either database."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel, EXPORTS_PER_SEAT_PER_MONTH=1) as app:
        await ready(app, (MEGAN, "Megan Bowen"))
        [(j1002,)] = await app.sql(
            "SELECT id FROM jobs WHERE job_code = 'J-1002' AND tenant_id = ?", DEMO_TENANT_ID
        )
        codes = [
            row[0]
            for row in await app.sql(
                "SELECT c.code FROM candidates c WHERE c.tenant_id = ? AND NOT EXISTS (SELECT 1 FROM"
                " applications a WHERE a.candidate_id = c.id AND a.job_id = ?) ORDER BY c.code LIMIT 10",
                DEMO_TENANT_ID,
                j1002,
            )
        ]
        pickers = []
        for code in codes:
            await app.say(f"find {code}", **megan_chat())
            pickers.append(
                (await app.press(OPEN, button(app.channel.cards()[-1], OPEN), **megan_chat()))["value"]
            )
        before = await counts(app)
        answers = await asyncio.gather(
            *(app.press(RUN, {**button(pick, RUN), "jobId": j1002}, **megan_chat()) for pick in pickers)
        )
        refused = [a for a in answers if a["type"] == "application/vnd.microsoft.activity.message"]
        assert len(refused) == len(codes) - 1, answers
        for answered in refused:
            assert answered["value"].startswith("You have used this month's 1 exports."), answered
        assert (await counts(app))["applications"] == before["applications"] + 1
