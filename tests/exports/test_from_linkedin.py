"""1-click export from LinkedIn Recruiter, over HTTP with the built-in sandbox: a recruiter exports a
member in Recruiter (the sandbox's control), LinkedIn posts the signed EXPORT_CANDIDATE_PROFILE event
to the tenant's callback URL, which stores it and answers 200 at once; the worker reads the exported
candidate from LinkedIn, exports them into the job's Prospect stage and tells the exporter in their
1:1 chat, once. Refusals tell the exporter why and write nothing; what cannot succeed is recorded on
the event and not retried; what failed for now is retried; what a crash left is processed once after
a restart."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app import EVENT_WORKER
from connector import LinkedInClient, company_integration_keys
from linkedin_sandbox import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from store.demo_data import DEMO_TENANT_ID
from tests.bot.channel import ALEX, ISAIAH, MEGAN, RecordingChannel, TeamsUser
from tests.cardcheck import assert_valid_card
from tests.setup.cards import button, text_of, verbs
from tests.setup.conftest import App, eventually, running_app
from tests.setup.linkedin_side import customer_secret, deliver, signed, webhook_url
from tests.setup.signin import personal_chat_id
from tests.setup.test_recruiter_projects import enabled
from tests.setup.test_signin_binding import connect_own_account

ANNA = "mbr-5158"  # C1001 Anna Jensen: LinkedIn member id and email both known to the ATS; in J-1001
INGRID = "mbr-5066"  # C1011 Ingrid Solberg: known by member id, in no job
OTHER_ORGANIZATION = "urn:li:organization:0999"
DESIGNER = "Product Designer"  # J-1002: Alex and Megan are its recruiters
# What an export may write; a refused one leaves all of them as they were.
WRITTEN = ("candidates", "candidate_emails", "applications", "application_stage_history", "candidate_exports")
DONE = ("processed", "failed", "skipped")


# --- helpers -----------------------------------------------------------------------------------------


async def counts(app: App) -> dict[str, int]:
    return {table: (await app.sql(f"SELECT count(*) FROM {table}"))[0][0] for table in WRITTEN}


async def recruiter_exports(
    app: App, member: str = ANNA, job: str = "J-1002", *, seat: str | None = None, email: bool = False
) -> dict[str, Any]:
    """A recruiter presses export in LinkedIn Recruiter: LinkedIn has the event ready (not delivered)."""
    body: dict[str, Any] = {"member": member, "job": job}
    if seat:
        body["seat"] = seat
    if email:
        body["includeEmail"] = True
    made: dict[str, Any] = await app.sandbox("POST", "/sandbox/export", body)
    return made


async def event_of(app: App, notification_id: str) -> dict[str, Any]:
    rows = await app.sql(
        "SELECT status, outcome, attempts, told_at, last_error, next_attempt_at FROM linkedin_webhook_events"
        " WHERE notification_id = ?",
        notification_id,
    )
    assert len(rows) == 1, rows
    keys = ("status", "outcome", "attempts", "told_at", "last_error", "next_attempt_at")
    return dict(zip(keys, rows[0], strict=True))


async def processed(app: App, notification_id: str) -> dict[str, Any]:
    """Wait until the worker is done with the event; its row."""

    async def done() -> bool:
        rows = await app.sql(
            "SELECT status FROM linkedin_webhook_events WHERE notification_id = ?", notification_id
        )
        return bool(rows) and rows[0][0] in DONE

    await eventually(done)
    return await event_of(app, notification_id)


async def exported(app: App, member: str = ANNA, job: str = "J-1002", **kwargs: Any) -> dict[str, Any]:
    """Export in Recruiter, LinkedIn delivers, the worker processes: the event's row."""
    made = await recruiter_exports(app, member, job, **kwargs)
    summary = await app.flush_webhooks()
    assert summary["pending"] == 0 and summary["failed"] == 0, summary
    return await processed(app, made["notificationId"])


def facts_of(card: dict[str, Any]) -> dict[str, str]:
    """The facts of a card's FactSet, title to value."""
    found: dict[str, str] = {}
    for block in card["body"]:
        if block.get("type") == "FactSet":
            found.update({fact["title"]: fact["value"] for fact in block["facts"]})
    return found


async def export_notices(app: App, user: TeamsUser) -> list[dict[str, Any]]:
    """The cards the bot posted in the user's 1:1 chat about exports from LinkedIn Recruiter."""
    found = []
    for activity in app.channel.sent_in(await personal_chat_id(app, user)):
        for attachment in activity.get("attachments") or []:
            card = attachment["content"]
            words = text_of(card)
            opens = "candidate.show" in verbs(card)
            if "LinkedIn Recruiter" in words and (opens or "xport" in words or "ksport" in words):
                assert_valid_card(card)
                found.append(card)
    return found


async def application_of(app: App, code: str, job: str) -> list[tuple[Any, ...]]:
    return await app.sql(
        "SELECT a.current_stage, a.source FROM applications a JOIN candidates c ON c.id = a.candidate_id"
        " JOIN jobs j ON j.id = a.job_id WHERE c.tenant_id = ? AND c.code = ? AND j.job_code = ?",
        DEMO_TENANT_ID,
        code,
        job,
    )


async def ready(app: App, *users: tuple[TeamsUser, str]) -> None:
    """Enabled at Company level (Alex signed in to LinkedIn on the way, as admin); then each
    (user, member name) connects their own LinkedIn account."""
    await enabled(app)
    for user, member in users:
        await connect_own_account(app, user, member)


# --- the export ---------------------------------------------------------------------------------------


async def test_an_export_from_recruiter_lands_in_prospect_and_the_exporter_is_told_once(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await ready(app)
    assert await application_of(app, "C1001", "J-1002") == []
    before = await counts(app)
    made = await recruiter_exports(app)
    [event] = [
        item["body"]
        for item in (await app.sandbox("GET", "/sandbox/webhooks"))["outbox"]
        if item["status"] == "pending"
    ]
    body = json.dumps(event).encode()
    headers = signed(body, await customer_secret(app))

    # The webhook answers 200 at once: the event is stored, the export comes after. LinkedIn delivers
    # it twice at the same moment: one delivery stores it, the other finds it stored.
    answers = await asyncio.gather(deliver(app, body, headers), deliver(app, body, headers))
    assert sorted(answer["status"] for _status, answer in answers) == ["duplicate", "queued"]
    assert {status for status, _answer in answers} == {200}
    row = await processed(app, made["notificationId"])
    assert (row["status"], row["outcome"], row["attempts"]) == ("processed", None, 1)
    assert row["told_at"] is not None

    assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]
    after = await counts(app)
    assert after["candidates"] == before["candidates"]  # matched by member id: no new candidate
    assert after["applications"] == before["applications"] + 1
    [notice] = await export_notices(app, ALEX)
    assert_valid_card(notice)
    # Said as the result of an export from Teams: the job with its id, the candidate id, the stage.
    assert text_of(notice).startswith(f"Anna Jensen was exported to {DESIGNER} (J-1002), Prospect.")
    assert facts_of(notice) == {"Candidate id": "C1001", "Job": f"{DESIGNER} (J-1002)", "Stage": "Prospect"}
    assert "You exported this candidate from LinkedIn Recruiter." in text_of(notice)
    assert "Open the candidate" in text_of(notice)
    [(anna,)] = await app.sql(
        "SELECT id FROM candidates WHERE tenant_id = ? AND code = 'C1001'", DEMO_TENANT_ID
    )
    opened = button(notice, "candidate.show")
    assert opened == {"verb": "candidate.show", "candidateId": anna}
    # The button opens the candidate (checked on the server like every button).
    shown = await app.press(
        "candidate.show", opened, user=ALEX, conversation_id=await personal_chat_id(app, ALEX)
    )
    assert shown["value"] == "Opened Anna Jensen."
    assert "C1001" in text_of(app.channel.cards()[-1])

    # LinkedIn delivers the same event again, three times, two of them at once: nothing changes.
    again = [await deliver(app, body, headers)]
    again += await asyncio.gather(deliver(app, body, headers), deliver(app, body, headers))
    assert again == [(200, {"status": "duplicate"})] * 3
    if app.web_app is not None:
        await app.web_app[EVENT_WORKER].sweep()
    assert await counts(app) == after
    assert len(await export_notices(app, ALEX)) == 1
    assert (await event_of(app, made["notificationId"]))["attempts"] == 1

    # The same export (request id) under another notification id: nothing written, not told twice.
    renotified = json.dumps({**event, "notificationId": "n-same-request"}).encode()
    assert await deliver(app, renotified, signed(renotified, await customer_secret(app))) == (
        200,
        {"status": "queued"},
    )
    row = await processed(app, "n-same-request")
    assert row["outcome"] == "repeated: another notification of this export told the exporter"
    assert await counts(app) == after
    assert len(await export_notices(app, ALEX)) == 1
    # The log names ids, never the candidate (names, email, headline).
    for personal in ("Anna", "Jensen", "anna.jensen", "linkedin.com/in/"):
        assert personal not in caplog.text, personal


async def test_two_exports_of_one_member_to_one_job_make_one_application(app: App) -> None:
    await ready(app)
    first = await exported(app)
    second = await exported(app)
    assert first["outcome"] is None and second["outcome"] is None
    assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]
    notices = [text_of(card) for card in await export_notices(app, ALEX)]
    assert len(notices) == 2
    assert notices[0].startswith(f"Anna Jensen was exported to {DESIGNER} (J-1002), Prospect.")
    assert notices[1].startswith(
        f"Anna Jensen is already a prospect in {DESIGNER} (J-1002), so nothing was changed."
    )
    # Already in a job from before, at a later stage: told where she is, nothing written.
    [(stage, source)] = await application_of(app, "C1001", "J-1001")
    before = await counts(app)
    assert (await exported(app, job="J-1001"))["outcome"] is None
    assert await counts(app) == {**before, "candidate_exports": before["candidate_exports"] + 1}
    assert await application_of(app, "C1001", "J-1001") == [(stage, source)]
    already = (await export_notices(app, ALEX))[-1]
    assert text_of(already).startswith(
        f"Anna Jensen is already in {stage} in Senior Backend Engineer (Python) (J-1001), "
        "so nothing was changed."
    )
    assert facts_of(already)["Stage"] == stage


async def test_a_member_known_by_email_only_is_matched_not_duplicated(app: App) -> None:
    await ready(app)
    # C1003 Søren Kristensen is an exact LinkedIn match; the ATS forgets his member id, keeps his email.
    [(member,)] = await app.sql(
        "SELECT linkedin_member_id FROM candidates WHERE tenant_id = ? AND code = 'C1003'", DEMO_TENANT_ID
    )
    await app.sql(
        "UPDATE candidates SET linkedin_member_id = NULL, link_state = 'none'"
        " WHERE tenant_id = ? AND code = 'C1003'",
        DEMO_TENANT_ID,
    )
    before = await counts(app)
    row = await exported(app, member, "J-1002", email=True)
    assert row["status"] == "processed" and row["outcome"] is None
    assert (await counts(app))["candidates"] == before["candidates"]
    assert await application_of(app, "C1003", "J-1002") == [("Prospect", "linkedin")]
    assert text_of((await export_notices(app, ALEX))[-1]).startswith(
        "Søren Kristensen was exported to Product Designer (J-1002), Prospect."
    )


async def test_a_danish_recruiter_is_told_in_danish(app: App) -> None:
    await ready(app)
    # The ATS knows Alex as Danish.
    await app.sql("UPDATE users SET locale = 'da-DK' WHERE aad_object_id = ?", ALEX.aad_object_id)
    await exported(app)
    await exported(app, job="J-1006")
    done, refused = (text_of(card) for card in await export_notices(app, ALEX))
    assert done.startswith(f"Anna Jensen blev eksporteret til {DESIGNER} (J-1002), Prospect.")
    assert "Du eksporterede denne kandidat fra LinkedIn Recruiter." in done
    assert "Åbn kandidaten" in done
    assert refused.startswith("Anna Jensen blev ikke eksporteret fra LinkedIn Recruiter")
    assert "er et testjob" in refused
    assert "Eksportér kandidaten igen i LinkedIn Recruiter, og vælg et aktivt job" in refused


# --- refusals: the exporter is told why, nothing is written -------------------------------------------

REFUSALS = [
    pytest.param(
        "J-1006",
        ALEX,
        "TEST - Integration check (do not publish) (J-1006) is a test job, "
        "so candidates can't be exported to it.",
        "ExportTestJob",
        id="test job",
    ),
    pytest.param("J-1005", ALEX, "isn't an active job", "ExportJobNotActive", id="draft job"),
    pytest.param("J-1004", MEGAN, "has no Prospect stage", "ExportNoProspectStage", id="no prospect stage"),
    pytest.param(
        "J-1001",
        ISAIAH,
        "Only the job's Hiring manager and Recruiters",
        "ExportNotOnHiringTeam",
        id="interviewer",
    ),
    pytest.param("J-9999", ALEX, "There is no job J-9999.", "ExportJobUnknown", id="unknown job"),
]
# What to do after a refusal because of the job: another of one's own jobs would do.
PICK_ANOTHER_JOB = (
    "Nothing was added to the ATS. In LinkedIn Recruiter, export the candidate again and choose an active "
    "job where you are the Hiring manager or a Recruiter."
)


@pytest.mark.parametrize(("job", "exporter", "reason", "refusal"), REFUSALS)
async def test_a_refused_export_tells_the_exporter_why_and_writes_nothing(
    sqlite_app: App, job: str, exporter: TeamsUser, reason: str, refusal: str
) -> None:
    app = sqlite_app
    members = {MEGAN: ("Megan Bowen", "mbr-9021"), ISAIAH: ("Isaiah Langer", "mbr-9023")}
    await ready(app, *([(exporter, members[exporter][0])] if exporter in members else []))
    before = await counts(app)
    row = await exported(app, job=job, seat=members[exporter][1] if exporter in members else None)
    assert (row["status"], row["outcome"], row["attempts"]) == ("processed", f"refused: {refusal}", 1)
    assert await counts(app) == before
    [notice] = await export_notices(app, exporter)
    assert_valid_card(notice)
    assert text_of(notice).startswith("Anna Jensen wasn't exported from LinkedIn Recruiter")
    assert reason in text_of(notice)
    assert text_of(notice).endswith(PICK_ANOTHER_JOB)


async def test_the_monthly_allowance_refuses_the_next_export(
    seeded_sqlite_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel, EXPORTS_PER_SEAT_PER_MONTH=1) as app:
        await ready(app)
        assert (await exported(app))["outcome"] is None
        before = await counts(app)
        row = await exported(app, INGRID)
        assert row["outcome"] == "refused: ExportAllowanceUsed"
        assert await counts(app) == before
        told = text_of((await export_notices(app, ALEX))[-1])
        assert "You have used this month's 1 exports." in told
        # Another job would not help: the notice says only that nothing was added.
        assert told.endswith(
            "The allowance starts again on the first of next month.\nNothing was added to the ATS."
        )


async def test_an_export_for_another_organization_is_refused_and_writes_nothing(app: App) -> None:
    await ready(app)
    made = await recruiter_exports(app)
    before = await counts(app)
    # Signed with this tenant's secret, but for Fabrikam's organization.
    body = json.dumps(
        {
            "notificationId": "n-foreign",
            "type": "EXPORT_CANDIDATE_PROFILE",
            "requestId": made["requestId"],
            "integrationContext": "urn:li:organization:2002",
            "occurredAt": 1_790_000_000_000,
        }
    ).encode()
    assert await deliver(app, body, signed(body, await customer_secret(app))) == (200, {"status": "queued"})
    row = await processed(app, "n-foreign")
    assert (row["status"], row["outcome"]) == ("processed", "refused: the export is for another organization")
    assert await counts(app) == before
    assert await export_notices(app, ALEX) == []


async def test_an_export_linkedin_reads_as_another_organizations_is_refused_whatever_the_event_says(
    app: App,
) -> None:
    await ready(app)
    # The customer app also holds another organization's integrations, enabled, which LinkedIn uses
    # for the export: the event claims this tenant's organization, the export itself does not.
    [(client_id,)] = await app.sql("SELECT child_client_id FROM linkedin_integrations")
    async with LinkedInClient(
        api_base=f"{app.sandbox_url}/v2",
        oauth_base=f"{app.sandbox_url}/oauth/v2",
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    ) as partner:
        customer = partner.for_customer(
            client_id, await customer_secret(app), integration_context=OTHER_ORGANIZATION
        )
        await customer.name_integrations({key: "Elsewhere" for key in company_integration_keys("0999")})
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    made = await recruiter_exports(app)
    assert made["exportedCandidate"]["integrationContext"] == OTHER_ORGANIZATION
    await app.flush_webhooks()  # LinkedIn's own event names the other organization
    row = await processed(app, made["notificationId"])
    assert row["outcome"] == "refused: the export is for another organization"
    before = await counts(app)
    body = json.dumps(
        {
            "notificationId": "n-claims-ours",
            "type": "EXPORT_CANDIDATE_PROFILE",
            "requestId": made["requestId"],
            "integrationContext": "urn:li:organization:1001",
            "occurredAt": 1_790_000_000_000,
        }
    ).encode()
    assert await deliver(app, body, signed(body, await customer_secret(app))) == (200, {"status": "queued"})
    row = await processed(app, "n-claims-ours")
    assert (row["status"], row["outcome"]) == ("processed", "refused: the export is for another organization")
    assert await counts(app) == before
    assert await export_notices(app, ALEX) == []


async def test_forged_signatures_and_garbage_store_nothing(app: App) -> None:
    await ready(app)
    made = await recruiter_exports(app)
    body = json.dumps(
        {
            "notificationId": "n-forged",
            "type": "EXPORT_CANDIDATE_PROFILE",
            "requestId": made["requestId"],
            "integrationContext": "urn:li:organization:1001",
            "occurredAt": 1,
        }
    ).encode()
    for headers in (
        {"Content-Type": "application/json"},
        {"Content-Type": "application/json", "X-LI-Signature": "0" * 64},
        signed(body, "not-the-customer-secret"),
    ):
        assert (await deliver(app, body, headers))[0] == 401
    secret = await customer_secret(app)
    for garbage in (b"", b"[]", b"{not json", b'{"type": "EXPORT_CANDIDATE_PROFILE"}'):
        assert (await deliver(app, garbage, signed(garbage, secret)))[0] == 400
    async with app.http.post(
        f"{app.base_url}/api/linkedin/webhook/no-such-callback", data=body, headers=signed(body, secret)
    ) as response:
        assert response.status == 404
    assert await app.sql(
        "SELECT count(*) FROM linkedin_webhook_events WHERE event_type = ?", "EXPORT_CANDIDATE_PROFILE"
    ) == [(0,)]
    assert await export_notices(app, ALEX) == []
    # The challenge answers quickly and changes nothing.
    answer = await app.get(
        await webhook_url(app), params={"challengeCode": "3f2c1a7e-9b4d-4c2a-8e1f-0a6b5c4d3e2f"}
    )
    assert answer.status == 200


# --- recorded, not retried --------------------------------------------------------------------------


async def test_an_exporter_with_no_ats_user_is_recorded_and_not_retried(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await ready(app)  # Megan has a Recruiter seat but connected no LinkedIn account to Talent Bridge
    before = await counts(app)
    with caplog.at_level(logging.INFO):
        row = await exported(app, seat="mbr-9021")
    assert (row["status"], row["outcome"], row["attempts"]) == ("processed", "exporter has no ATS user", 1)
    assert await counts(app) == before
    assert "exporter has no ATS user" in caplog.text and "Anna" not in caplog.text
    assert app.web_app is not None
    assert (await app.web_app[EVENT_WORKER].sweep()).processed == []  # not taken again
    [(attempts,)] = await app.sql(
        "SELECT attempts FROM linkedin_webhook_events WHERE event_type = ?", "EXPORT_CANDIDATE_PROFILE"
    )
    assert attempts == 1


async def test_an_unreachable_exporter_is_recorded_and_the_export_kept(app: App) -> None:
    await ready(app, (MEGAN, "Megan Bowen"))
    app.channel.refusing[await personal_chat_id(app, MEGAN)] = 403  # Megan uninstalled the app
    row = await exported(app, seat="mbr-9021")
    assert (row["status"], row["outcome"], row["told_at"]) == ("processed", "exporter unreachable", None)
    assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]


async def test_teams_throttling_the_notice_is_retried_and_tells_once(
    seeded_sqlite_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel, LINKEDIN_EVENT_RETRY_SECONDS=0.2) as app:
        await ready(app)
        app.channel.refusing[await personal_chat_id(app, ALEX)] = 429
        made = await recruiter_exports(app)
        await app.flush_webhooks()

        async def retried() -> bool:
            return (await event_of(app, made["notificationId"]))["attempts"] >= 2

        await eventually(retried)
        app.channel.refusing.clear()
        row = await processed(app, made["notificationId"])
        assert row["status"] == "processed" and row["told_at"] is not None
        assert len(await export_notices(app, ALEX)) == 1
        assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]


# --- LinkedIn down or throttling: retried with backoff, up to a cap -----------------------------------


async def test_linkedin_throttling_the_read_is_retried_after_its_retry_after(
    seeded_sqlite_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel, LINKEDIN_EVENT_ATTEMPTS=2) as app:
        assert app.web_app is not None
        worker = app.web_app[EVENT_WORKER]
        await ready(app)
        await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 429, "retryAfter": 900}]})
        made = await recruiter_exports(app)
        await app.flush_webhooks()

        # Read once per check: queued again after its first run (not queued as first stored).
        await eventually(lambda: _attempts_are(app, made["notificationId"], 1, "queued"))
        row = await event_of(app, made["notificationId"])
        assert row["last_error"] == "LinkedInThrottled", row
        due = row["next_attempt_at"]
        due = due if isinstance(due, datetime) else datetime.fromisoformat(str(due))
        due = due if due.tzinfo else due.replace(tzinfo=UTC)
        assert due > datetime.now(UTC) + timedelta(seconds=800)  # LinkedIn's Retry-After, not our backoff
        assert (await worker.sweep()).processed == []  # not due yet
        assert await application_of(app, "C1001", "J-1002") == []

        # Its time comes: LinkedIn answers now.
        await app.sql(
            "UPDATE linkedin_webhook_events SET next_attempt_at = ?", datetime.now(UTC) - timedelta(seconds=1)
        )
        assert len((await worker.sweep()).processed) == 1
        row = await event_of(app, made["notificationId"])
        assert (row["status"], row["attempts"]) == ("processed", 2)
        assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]
        assert len(await export_notices(app, ALEX)) == 1

        # Throttled on every attempt: after LINKEDIN_EVENT_ATTEMPTS it is left failed, nothing written.
        before = await counts(app)
        await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 429, "retryAfter": 900}] * 2})
        again = await recruiter_exports(app, INGRID)
        await app.flush_webhooks()
        await eventually(lambda: _attempts_are(app, again["notificationId"], 1, "queued"))
        await app.sql(
            "UPDATE linkedin_webhook_events SET next_attempt_at = ?", datetime.now(UTC) - timedelta(seconds=1)
        )
        await worker.sweep()
        row = await event_of(app, again["notificationId"])
        assert (row["status"], row["attempts"], row["last_error"]) == ("failed", 2, "LinkedInThrottled")
        assert await counts(app) == before


async def test_linkedin_down_for_a_while_is_retried_by_the_worker_with_backoff(
    seeded_sqlite_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel, LINKEDIN_EVENT_RETRY_SECONDS=0.2) as app:
        await ready(app)
        # Every attempt of the first run's read of the export fails (the client's own retries too).
        await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 500}] * 5})
        made = await recruiter_exports(app)
        await app.flush_webhooks()
        row = await processed(app, made["notificationId"])  # the worker's timer took it again
        assert (row["status"], row["attempts"], row["outcome"]) == ("processed", 2, None)
        assert await application_of(app, "C1001", "J-1002") == [("Prospect", "linkedin")]
        assert len(await export_notices(app, ALEX)) == 1


async def _attempts_are(app: App, notification_id: str, attempts: int, status: str) -> bool:
    row = await event_of(app, notification_id)
    return bool(row["attempts"] == attempts and row["status"] == status)


# --- a crash: what was stored is processed once after a restart ---------------------------------------


async def test_events_a_crash_left_are_processed_once_after_a_restart(
    seeded_db_url: str,
    recording_channel: tuple[RecordingChannel, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    keep = {"SANDBOX_DATABASE": str(tmp_path / "linkedin-sandbox.db")}  # LinkedIn outlives our process
    async with running_app(seeded_db_url, recording_channel, **keep) as app:
        await ready(app)
        never = await recruiter_exports(app)  # stored, then the process died before processing
        midway = await recruiter_exports(app, INGRID, "J-1001")  # died while processing it
        bodies = {
            item["body"]["notificationId"]: item["body"]
            for item in (await app.sandbox("GET", "/sandbox/webhooks"))["outbox"]
        }
    # While no process runs: the rows as the receive stores them, and one claimed by the dead process.
    now = datetime.now(UTC)
    for made, status, claimed_until, attempts in (
        (never, "queued", None, 0),
        (midway, "received", now - timedelta(seconds=1), 1),
    ):
        body = bodies[made["notificationId"]]
        await app.sql(
            "INSERT INTO linkedin_webhook_events (id, tenant_id, notification_id, event_type, payload,"
            " status, attempts, claimed_until, next_attempt_at, received_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            made["notificationId"].replace("-", "")[:32],
            DEMO_TENANT_ID,
            made["notificationId"],
            "EXPORT_CANDIDATE_PROFILE",
            json.dumps(body),
            status,
            attempts,
            claimed_until,
            now - timedelta(seconds=2),
            now - timedelta(seconds=2),
            now - timedelta(seconds=2),
        )
    before = len(await export_notices(app, ALEX))
    # Two processes start at once (two replicas): each event is processed by exactly one of them.
    async with (
        running_app(seeded_db_url, recording_channel, **keep) as first,
        running_app(seeded_db_url, recording_channel, **keep) as second,
    ):
        for made in (never, midway):
            row = await processed(first, made["notificationId"])
            assert row["status"] == "processed" and row["told_at"] is not None
        assert await application_of(first, "C1001", "J-1002") == [("Prospect", "linkedin")]
        assert await application_of(first, "C1011", "J-1001") == [("Prospect", "linkedin")]
        assert second.web_app is not None
        await second.web_app[EVENT_WORKER].sweep()
        assert len(await export_notices(first, ALEX)) == before + 2
        assert [
            r[0]
            for r in await first.sql(
                "SELECT attempts FROM linkedin_webhook_events WHERE event_type = ? ORDER BY attempts",
                "EXPORT_CANDIDATE_PROFILE",
            )
        ] == [1, 2]
