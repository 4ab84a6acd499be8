# The `recording_channel` fixture is imported from the setup suite.
# ruff: noqa: F811
"""1-click export attacked from outside, both paths, over HTTP through the real app: forged,
replayed, garbage and hostile input (in card data, typeahead searches, webhook bodies and LinkedIn's
own answers), LinkedIn failing, and poison events. Each gets a clear 4xx or a polite answer, writes
nothing, logs without personal data, and never a 500."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app import EVENT_WORKER
from store.demo_data import DEMO_TENANT_ID
from tests.bot.channel import ALEX, MEGAN, RecordingChannel
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
from tests.setup.linkedin_side import customer_secret, deliver, signed

RUN, OPEN = "candidate.export.run", "candidate.export"


@pytest.fixture
async def app(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """On SQLite and PostgreSQL; the sandbox delivers webhooks when the test flushes them."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel) as running:
        yield running


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


async def test_a_poison_event_is_given_up_once_never_looped(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """A signed event that the webhook could read but the worker could not (a lone surrogate or a deep
    nesting in a field nobody reads) is failed at once, not left claimed for the next sweep."""
    caplog.set_level(logging.INFO)
    await ready(app)
    made = await recruiter_exports(app)
    secret = await customer_secret(app)
    before = await counts(app)
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
