"""Batches, retries, throttling, timeouts, tokens and LinkedIn's limits."""

from __future__ import annotations

import asyncio
import time

import pytest

from connector import (
    ClientConfig,
    LinkedInAuthError,
    LinkedInClient,
    LinkedInRejected,
    LinkedInThrottled,
    LinkedInTimeout,
    LinkedInUnavailable,
    RetryPolicy,
    answer_within,
    restli,
)
from linkedin_sandbox import RunningSandbox

from .conftest import CLIENT_ID, CLIENT_SECRET, FAST, ORG, make_client
from .helpers import candidate, control


def many(n: int) -> dict[str, dict[str, object]]:
    return {f"C{i}": candidate("Test", f"Person{i}", f"p{i}@example.com") for i in range(n)}


async def test_batches_are_split_at_100_records(customer: LinkedInClient, sandbox: RunningSandbox) -> None:
    await customer.upsert_candidates(many(1))
    note = {"atsCreatedAt": 1, "note": "n"}
    before = sandbox.sandbox.stats.api_requests
    notes = await customer.upsert_candidate_notes("C0", {f"N{i}": note for i in range(250)})
    assert notes.ok and len(notes.succeeded) == 250
    assert sandbox.sandbox.stats.api_requests - before == 3  # 100 + 100 + 50


async def test_composite_key_batches_also_stay_under_4kb_of_query(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    before = sandbox.sandbox.stats.api_requests
    result = await customer.upsert_candidates(many(250))  # ~95 bytes of query per composite key
    assert result.ok and len(result.succeeded) == 250
    keys = [{"atsCandidateId": c, "dataProvider": "ATS", "integrationContext": ORG} for c in many(250)]
    expected = list(restli.query_chunks(keys))
    assert all(len(restli.composite_ids_query(b)) <= 4096 for b in expected)
    assert sandbox.sandbox.stats.api_requests - before == len(expected) == 8  # no 414
    matches = await customer.candidate_matches(list(many(250)))
    assert len(matches.succeeded) == 250


async def test_per_record_errors_come_back_as_data(customer: LinkedInClient) -> None:
    records = many(3)
    records["C1"] = {**records["C1"], "atsLastModifiedAt": 1}
    records["C2"] = {**records["C2"], "favouriteColour": "blue"}
    result = await customer.upsert_candidates(records)
    assert list(result.succeeded) == ["C0"]
    assert {k: e.status for k, e in result.errors.items()} == {"C1": 422, "C2": 422}
    assert "atsLastModifiedAt" in result.errors["C1"].message
    with pytest.raises(LinkedInRejected) as refused:
        result.raise_for_errors()
    assert set(refused.value.errors) == {"C1", "C2"}
    applications = await customer.upsert_applications(
        {"A1": {"atsCandidateId": "C9", "atsCreatedAt": 1, "atsLastModifiedAt": 1, "atsJobPostingId": "J"}}
    )
    assert "send candidates first" in applications.errors["A1"].message


async def test_429_retry_after_is_honoured(customer: LinkedInClient, sandbox: RunningSandbox) -> None:
    await customer.app_token()
    await control(sandbox, "POST", "faults", {"failNext": [{"status": 429, "retryAfter": 1}]})
    started = time.monotonic()
    assert await customer.member_search("Ada", "Lovelace")
    assert time.monotonic() - started >= 1.0


async def test_throttle_beyond_the_retry_budget_is_surfaced(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    clock = sandbox.sandbox.clock
    clock.advance(60 - clock.now() % 60 + 0.5)  # just after a minute starts: Retry-After is 60 s
    await control(sandbox, "POST", "faults", {"recordsPerMinute": 150})
    started = time.monotonic()
    with pytest.raises(LinkedInThrottled) as throttled:
        await customer.upsert_candidates(many(200))
    assert throttled.value.retry_after == 60
    assert time.monotonic() - started < 2  # not worth waiting: the budget is 5 s


async def test_daily_limit_answers_429_until_midnight(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    sandbox.sandbox.clock.advance(43_200 - sandbox.sandbox.clock.now() % 86_400)  # noon UTC
    sandbox.sandbox.configure(sync_requests_per_day=2)
    await customer.member_search("Ada", "Lovelace")
    await customer.member_search("Ada", "Lovelace")
    with pytest.raises(LinkedInThrottled) as throttled:
        await customer.member_search("Ada", "Lovelace")
    assert throttled.value.retry_after == 43_200


async def test_5xx_is_retried_then_surfaced(customer: LinkedInClient, sandbox: RunningSandbox) -> None:
    await customer.app_token()
    await control(sandbox, "POST", "faults", {"failNext": [{"status": 503}, {"status": 500}]})
    assert await customer.member_search("Ada", "Lovelace")  # third attempt succeeds
    await control(sandbox, "POST", "faults", {"failNext": [{"status": 500}] * 3})
    before = sandbox.sandbox.stats.api_requests
    with pytest.raises(LinkedInUnavailable) as failed:
        await customer.member_search("Ada", "Lovelace")
    assert failed.value.status == 500 and sandbox.sandbox.stats.api_requests - before == 3


async def test_a_slow_answer_times_out(sandbox: RunningSandbox) -> None:
    policy = RetryPolicy(
        attempts=2, total_seconds=5, initial_backoff=0.01, max_backoff=0.01, jitter=0, request_timeout=0.2
    )
    async with LinkedInClient(
        api_base=sandbox.api_base,
        oauth_base=sandbox.oauth_base,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        config=ClientConfig(retry=policy),
    ) as client:
        await client.app_token()
        await control(sandbox, "POST", "faults", {"failNext": [{"delayMs": 1000}]})
        assert await client.find_provisioned_application("nobody") is None  # retried after one timeout
        await control(sandbox, "POST", "faults", {"failNext": [{"delayMs": 1000}, {"delayMs": 1000}]})
        with pytest.raises(LinkedInTimeout):
            await client.find_provisioned_application("nobody")



async def test_calls_a_person_waits_on_end_at_the_turns_deadline(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    """Inside answer_within, a slow attempt is cut at the deadline and no retry starts after it;
    nested budgets keep the earlier deadline; outside, the client's own policy applies again."""
    await customer.app_token()
    await control(sandbox, "POST", "faults", {"failNext": [{"delayMs": 3000}] * 3})
    before = sandbox.sandbox.stats.api_requests
    with answer_within(30), answer_within(0.3), pytest.raises(LinkedInTimeout):
        await customer.member_search("Ada", "Lovelace")
    assert sandbox.sandbox.stats.api_requests - before == 1
    with answer_within(0), pytest.raises(LinkedInTimeout):
        await customer.member_search("Ada", "Lovelace")  # not even sent
    assert sandbox.sandbox.stats.api_requests - before == 1
    await control(sandbox, "POST", "faults", {"clear": True})
    assert await customer.member_search("Ada", "Lovelace")

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_expired_token_is_refreshed_once_for_concurrent_callers(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    clock = FakeClock()
    async with LinkedInClient(
        api_base=sandbox.api_base,
        oauth_base=sandbox.oauth_base,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        config=ClientConfig(retry=FAST),
        clock=clock,
    ) as parent:
        creds = await parent.find_provisioned_application("00000000-0000-0000-0000-0000000000001")
        assert creds is not None and creds.credentials is not None
        child = parent.for_customer(
            creds.credentials.client_id, creds.credentials.client_secret, integration_context=ORG
        )
        await asyncio.gather(*(child.member_search("Ada", "Lovelace") for _ in range(20)))
        requests = sandbox.sandbox.stats.token_requests
        child_id = creds.credentials.client_id
        first = requests[child_id]
        clock.now += 1800  # the cached token is due for renewal
        sandbox.sandbox.clock.advance(1800)  # and LinkedIn no longer accepts it
        await asyncio.gather(*(child.member_search("Ada", "Lovelace") for _ in range(20)))
        assert requests[child_id] == first + 1


async def test_a_token_linkedin_refuses_is_replaced_once(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    await customer.member_search("Ada", "Lovelace")
    before = sandbox.sandbox.stats.token_requests[customer.client_id]
    sandbox.sandbox.clock.advance(1801)  # LinkedIn expires the token before the client thinks it should
    assert await customer.member_search("Ada", "Lovelace")
    assert sandbox.sandbox.stats.token_requests[customer.client_id] == before + 1


async def test_wrong_credentials_and_wrong_tokens_are_auth_errors(
    sandbox: RunningSandbox, customer: LinkedInClient
) -> None:
    async with LinkedInClient(
        api_base=sandbox.api_base,
        oauth_base=sandbox.oauth_base,
        client_id=CLIENT_ID,
        client_secret="forged",
        config=ClientConfig(retry=FAST),
    ) as bad:
        with pytest.raises(LinkedInAuthError):
            await bad.app_token()
    with pytest.raises(LinkedInAuthError) as refused:
        await customer.find_provisioned_application("x")  # a child token cannot provision
    assert refused.value.status == 403
    with pytest.raises(LinkedInAuthError) as csa:
        await customer.seats("7001001")  # contract level is not switched on
    assert "contract" in csa.value.message


async def test_client_side_limit_spreads_records_over_time(
    customer: LinkedInClient, sandbox: RunningSandbox
) -> None:
    async with make_client(sandbox, records_per_period=100, period_seconds=0.3) as parent:
        creds = await parent.find_provisioned_application("00000000-0000-0000-0000-0000000000001")
        assert creds is not None and creds.credentials is not None
        child = parent.for_customer(
            creds.credentials.client_id, creds.credentials.client_secret, integration_context=ORG
        )
        started = time.monotonic()
        assert (await child.upsert_candidates(many(300))).ok
        assert time.monotonic() - started >= 0.5
