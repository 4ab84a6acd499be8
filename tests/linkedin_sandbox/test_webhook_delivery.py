"""Webhooks as LinkedIn sends them: challenges, signatures, retries, duplicates."""

from __future__ import annotations

import aiohttp

from connector import LinkedInClient, company_integration_keys
from linkedin_sandbox import RunningSandbox
from tests.connector.helpers import control

from .conftest import ORG, Receiver


async def test_callback_is_challenged_on_registration_and_every_two_hours(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    await sandbox.flush_webhooks()
    assert receiver.challenges == 1
    sandbox.sandbox.clock.advance(3600)
    await sandbox.flush_webhooks()
    assert receiver.challenges == 1
    sandbox.sandbox.clock.advance(3600)
    await sandbox.flush_webhooks()
    assert receiver.challenges == 2


async def test_events_are_signed_and_retried_until_delivered(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    receiver.fail_next = 2
    await control(sandbox, "POST", "integration", {"level": "company"})
    summary = await control(sandbox, "POST", "webhooks/flush")
    assert summary == {"pending": 0, "delivered": 1, "failed": 0}
    assert len(receiver.events) == 1 and receiver.rejected == 0
    outbox = (await control(sandbox, "GET", "webhooks"))["outbox"]
    assert outbox[0]["attempts"] == 3


async def test_deliberate_duplicates_share_a_dedupe_key(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    await control(sandbox, "POST", "integration", {"level": "company"})
    await control(sandbox, "POST", "faults", {"duplicateRate": 1.0})
    await control(sandbox, "POST", "export", {"member": "mbr-1001", "job": "J-1001"})
    await sandbox.flush_webhooks()
    exports = [e for e in receiver.events if e.type == "EXPORT_CANDIDATE_PROFILE"]
    assert len(exports) == 2 and exports[0].dedupe_key == exports[1].dedupe_key
    assert len({e.dedupe_key for e in receiver.events}) == 2  # one status change, one export


async def test_forged_event_is_rejected_by_the_receiver(customer: LinkedInClient, receiver: Receiver) -> None:
    body = (
        b'{"notificationId":"n","type":"EXPORT_CANDIDATE_PROFILE","requestId":"r","integrationContext":"x",'
        b'"occurredAt":1}'
    )
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-LI-Signature": "f" * 64}):
            async with session.post(receiver.url, data=body, headers=headers) as resp:
                assert resp.status == 401
    assert receiver.rejected == 2 and receiver.events == []


async def test_a_callback_that_fails_three_challenges_is_blocked(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    receiver.secret = "not-the-client-secret"
    await control(sandbox, "POST", "integration", {"level": "company"})
    summary = await sandbox.flush_webhooks()
    assert summary["failed"] == 1 and receiver.events == []
    apps = (await control(sandbox, "GET", "apps"))["apps"]
    assert [a["blocked"] for a in apps if a["kind"] == "child"] == [1]
    # registering the URL again clears the block
    result = await customer.register_callback_url(company_integration_keys(ORG)[0], receiver.url)
    assert result.ok
    apps = (await control(sandbox, "GET", "apps"))["apps"]
    assert [a["blocked"] for a in apps if a["kind"] == "child"] == [0]


async def test_the_integration_read_reports_the_callback_url_validated_only_by_a_correct_answer(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    indicator, export = company_integration_keys(ORG)[:2]
    [state] = (await customer.get_integrations([indicator])).succeeded.values()
    assert (state.callback_url, state.callback_url_validated_at) == (receiver.url, None)

    secret, receiver.secret = receiver.secret, "not-the-client-secret"
    assert await control(sandbox, "POST", "webhooks/challenge") == {"ok": False}
    [state] = (await customer.get_integrations([indicator])).succeeded.values()
    assert state.callback_url_validated_at is None

    receiver.secret = secret
    assert await control(sandbox, "POST", "webhooks/challenge") == {"ok": True}
    states = (await customer.get_integrations([indicator, export])).succeeded
    assert states["IN_ATS_INDICATOR"].callback_url_validated_at is not None
    # An integration without a registered callback URL reports none.
    assert (
        states["ONE_CLICK_EXPORT"].callback_url,
        states["ONE_CLICK_EXPORT"].callback_url_validated_at,
    ) == (
        None,
        None,
    )
