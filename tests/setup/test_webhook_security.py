"""The tenant's LinkedIn webhook over HTTP, attacked: the challenge changes nothing and signs
nothing, garbage is refused with a 4xx and writes nothing, and every event is stored and handled
once, also when two deliveries of it arrive at the same moment."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from connector.assumed_shapes import INTEGRATION_STATUS_CHANGE, WebhookEnvelope
from connector.webhooks import signature
from tests.bot.channel import RecordingChannel
from tests.setup.conftest import App, running_app
from tests.setup.linkedin_side import (
    customer_secret,
    deliver,
    event_body,
    pending_events,
    signed,
    stored_events,
    webhook_url,
)
from tests.setup.test_walk import walk_to_partner_ready, walk_to_requested

MARKER = "CANDIDATE-TEXT-MUST-NOT-BE-LOGGED"


@pytest.fixture
async def app_on_each_db(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """The app on SQLite and on PostgreSQL (when a server answers); the sandbox delivers on flush."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel) as running:
        yield running


async def audit_count(app: App) -> int:
    [(count,)] = await app.sql("SELECT count(*) FROM audit_entries")
    return int(count)


# --- the challenge -----------------------------------------------------------------------------------


async def test_answering_the_challenge_changes_nothing(app: App) -> None:
    """Anyone who has seen the callback URL (it is on the setup card) can send a challenge."""
    await walk_to_requested(app)
    row, updates, audit = await app.integration(), len(app.channel.updates()), await audit_count(app)

    response = await app.get(await webhook_url(app), params={"challengeCode": str(uuid.uuid4())})

    assert response.status == 200
    assert await app.integration() == row
    assert (row["state"], await audit_count(app), len(app.channel.updates())) == ("requested", audit, updates)
    # LinkedIn has not validated the callback URL: its API says so, and the poll keeps Requested.
    assert (await app.poll_status()).changed == []
    assert (await app.integration())["state"] == "requested"


async def test_challenge_codes_other_than_a_uuid_are_refused(app: App) -> None:
    await walk_to_requested(app)
    url = await webhook_url(app)
    for code in (
        "3f2c",
        "hmacsha256={}",
        "3F2C1A7E-9B4D-4C2A-8E1F-0A6B5C4D3E2F",  # not the canonical (lower-case) form
        "{3f2c1a7e-9b4d-4c2a-8e1f-0a6b5c4d3e2f}",
        "3f2c1a7e9b4d4c2a8e1f0a6b5c4d3e2f",
        "3f2c1a7e-9b4d-4c2a-8e1f-0a6b5c4d3e2f\n",
        "é" * 36,
        "",
    ):
        response = await app.get(url, params={"challengeCode": code})
        assert response.status == 400, code
        assert "challengeResponse" not in await response.text()


async def test_the_challenge_cannot_sign_a_forged_event(app: App) -> None:
    """The answer to challengeCode "hmacsha256=<body>" would be the X-LI-Signature of <body>."""
    await walk_to_partner_ready(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    await app.flush_webhooks()
    # A recruiter exports a candidate: LinkedIn has the event ready, not yet delivered.
    await app.sandbox("POST", "/sandbox/export", {"member": "mbr-5158", "job": "J-1001"})
    [genuine] = await pending_events(app)
    events_before = await stored_events(app)

    # The attacker knows the notification id and forges an export with it.
    forged = event_body(genuine["notificationId"], "EXPORT_CANDIDATE_PROFILE", "r")
    oracle = await app.get(await webhook_url(app), params={"challengeCode": "hmacsha256=" + forged.decode()})
    answer = json.loads(await oracle.text())
    assert (oracle.status, answer) == (400, {"error": "challengeCode must be a UUID"})
    status, _ = await deliver(
        app,
        forged,
        {"Content-Type": "application/json", "X-LI-Signature": str(answer.get("challengeResponse", ""))},
    )
    assert status == 401
    assert await stored_events(app) == events_before

    # The genuine event is then stored as itself, not dropped as a duplicate of the forgery.
    assert (await app.flush_webhooks())["failed"] == 0
    [(payload, state)] = await app.sql(
        "SELECT payload, status FROM linkedin_webhook_events WHERE notification_id = ?",
        genuine["notificationId"],
    )
    assert json.loads(payload)["requestId"] == genuine["requestId"] != "r"
    assert state in ("queued", "received", "processed")  # stored for the export worker, not skipped


# --- garbage -----------------------------------------------------------------------------------------


async def test_garbage_signatures_and_bodies_get_a_4xx_write_nothing_and_log_one_line(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await walk_to_requested(app)
    secret = await customer_secret(app)
    body = event_body("n-garbage", request_id=MARKER)
    good = signature(body, secret)
    row, audit = await app.integration(), await audit_count(app)

    def with_signature(raw: bytes, header: str | None) -> tuple[bytes, dict[str, str]]:
        return raw, {"Content-Type": "application/json"} | ({"X-LI-Signature": header} if header else {})

    def signed_with_marker(raw: bytes) -> tuple[bytes, dict[str, str]]:
        return raw, signed(raw, secret)

    deep = b"[" * 60_000 + b"]" * 60_000
    cases: list[tuple[tuple[bytes, dict[str, str]], int]] = [
        (with_signature(body, "é" * 64), 401),  # non-ASCII
        (with_signature(body, "ｆ" * 64), 401),  # full-width digits
        (with_signature(body, "\u00a0" + good), 401),
        (with_signature(body, good + "00"), 401),
        (with_signature(body, "hmacsha256=" + good), 401),
        (with_signature(body, "0" * 64), 401),
        (with_signature(body, None), 401),
        (with_signature(b"\xff\xfe" + MARKER.encode(), good), 401),
        (signed_with_marker(b"\xff\xfe" + MARKER.encode()), 400),  # not UTF-8
        (signed_with_marker(MARKER.encode()), 400),  # not JSON
        (signed_with_marker(json.dumps([MARKER]).encode()), 400),  # not an object
        (signed_with_marker(b"[" * 5_000 + b"]" * 5_000), 400),  # nested too deep
        (signed_with_marker(event_body("n\u0000" + MARKER)), 400),
        (signed_with_marker(event_body("n" * 5_000 + MARKER)), 400),
        (signed_with_marker(event_body(MARKER, event_type="export candidate")), 400),
        (signed_with_marker(body.replace(b"1790000000000", b"1" + b"0" * 30)), 400),
        (signed_with_marker(json.dumps({"notificationId": MARKER}).encode()), 400),
        (signed_with_marker(deep), 413),
    ]
    for (raw, headers), expected in cases:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            status, answer = await deliver(app, raw, headers)
        assert status == expected, (headers, raw[:80])
        assert set(answer) == {"error"} and len(answer["error"]) < 80
        assert MARKER not in json.dumps(answer)
        ours = [
            r for r in caplog.records if r.name.split(".")[0] in ("web", "services", "connector", "store")
        ]
        assert [r.name for r in ours] == ["web.linkedin"] and MARKER not in caplog.text, caplog.text
    assert await stored_events(app) == []
    assert await app.integration() == row and await audit_count(app) == audit

    # The same event, signed as LinkedIn signs it, is taken.
    assert await deliver(app, body, signed(body, secret)) == (200, {"status": "processed"})


# --- the webhook room: the registry of event types ----------------------------------------------------


async def test_an_event_type_without_a_handler_is_stored_and_answered_200_once(app: App) -> None:
    await walk_to_requested(app)
    secret = await customer_secret(app)
    body = event_body("n-new-type", event_type="A_TYPE_LINKEDIN_ADDS_LATER")

    assert await deliver(app, body, signed(body, secret)) == (200, {"status": "stored"})
    assert await deliver(app, body, signed(body, secret)) == (200, {"status": "duplicate"})
    assert await stored_events(app) == [("n-new-type", "A_TYPE_LINKEDIN_ADDS_LATER", "skipped", 0)]


async def test_each_event_type_has_one_handler(app: App) -> None:
    async def another(_tenant_id: str, _event: WebhookEnvelope) -> None:
        return None

    with pytest.raises(ValueError, match="already have a handler"):
        app.events.register(INTEGRATION_STATUS_CHANGE, another)
    app.events.register("A_TYPE_LINKEDIN_ADDS_LATER", another)
    assert app.events.handlers["A_TYPE_LINKEDIN_ADDS_LATER"] is another


async def test_two_concurrent_deliveries_of_one_event_run_its_handler_once(app_on_each_db: App) -> None:
    app = app_on_each_db
    await walk_to_partner_ready(app)
    secret = await customer_secret(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": "company"})
    [event] = await pending_events(app)
    body = json.dumps(event).encode()

    runs: list[str] = []
    handle = app.events.handlers[INTEGRATION_STATUS_CHANGE]

    async def counted(tenant_id: str, envelope: WebhookEnvelope) -> None:
        runs.append(envelope.notification_id)
        await asyncio.sleep(0.05)  # holds the claim while the other delivery arrives
        await handle(tenant_id, envelope)

    app.events.handlers[INTEGRATION_STATUS_CHANGE] = counted
    answers = await asyncio.gather(
        deliver(app, body, signed(body, secret)), deliver(app, body, signed(body, secret))
    )

    assert runs == [event["notificationId"]]
    statuses = sorted((status, answer["status"]) for status, answer in answers)
    assert statuses in (
        [(200, "duplicate"), (200, "processed")],
        [(200, "processed"), (409, "in progress")],
    )
    assert await deliver(app, body, signed(body, secret)) == (200, {"status": "duplicate"})
    assert runs == [event["notificationId"]]
    assert await stored_events(app) == [(event["notificationId"], INTEGRATION_STATUS_CHANGE, "processed", 1)]
    row = await app.integration()
    assert (row["state"], row["access_level"]) == ("enabled", "company")
    enabled = await app.sql("SELECT count(*) FROM audit_entries WHERE action LIKE 'LinkedIn enabled%'")
    assert enabled == [(1,)]


async def test_an_event_whose_handler_failed_is_handled_when_linkedin_delivers_it_again(
    app_on_each_db: App,
) -> None:
    app = app_on_each_db
    await walk_to_partner_ready(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": "contract"})
    # LinkedIn's API throttles every attempt of the handler's first read: the handler fails.
    throttled: list[dict[str, Any]] = [{"status": 429, "retryAfter": 0}] * 5
    await app.sandbox("POST", "/sandbox/faults", {"failNext": throttled})

    summary = await app.flush_webhooks()

    # The first delivery was answered 503 (the event kept as failed, its claim released); LinkedIn's
    # next delivery ran the handler again.
    assert summary == {"pending": 0, "delivered": 1, "failed": 0}
    [outbox] = (await app.sandbox("GET", "/sandbox/webhooks"))["outbox"][:1]
    assert outbox["attempts"] == 2
    [(_id, _type, status, attempts)] = await stored_events(app)
    assert (status, attempts) == ("processed", 2)
    assert (await app.integration())["access_level"] == "contract"
