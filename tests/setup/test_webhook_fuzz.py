"""Fuzzing a real tenant's LinkedIn webhook over HTTP: bodies (bytes, JSON, envelopes with odd
fields) and X-LI-Signature headers (missing, any text, any hex, signed with the customer app's
secret). Never a 5xx; anything not signed with the secret, or not a well-formed event, is a 4xx
and writes nothing. A fixed, derandomized budget keeps the run short and repeatable."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.assumed_shapes import EXPORT_CANDIDATE_PROFILE, INTEGRATION_STATUS_CHANGE
from connector.webhooks import signature
from tests.setup.conftest import App
from tests.setup.linkedin_side import ORGANIZATION, customer_secret, webhook_url
from tests.setup.test_walk import walk_to_requested

T = TypeVar("T")
EXAMPLES = 200

header_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=90)
odd_text = st.text(max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | odd_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=12,
)
envelopes = st.fixed_dictionaries(
    {
        "notificationId": st.one_of(st.uuids().map(str), odd_text, st.integers()),
        "type": st.one_of(
            st.sampled_from([INTEGRATION_STATUS_CHANGE, EXPORT_CANDIDATE_PROFILE, "A_NEW_TYPE"]), odd_text
        ),
        "requestId": st.one_of(st.just("req-1"), odd_text),
        "integrationContext": st.one_of(st.just(ORGANIZATION), odd_text),
        "occurredAt": st.one_of(st.integers(), st.floats(allow_nan=False), odd_text),
    },
    optional={"extra": json_values},
)
well_formed = st.fixed_dictionaries(
    {
        "notificationId": st.uuids().map(str),
        "type": st.sampled_from([INTEGRATION_STATUS_CHANGE, EXPORT_CANDIDATE_PROFILE, "A_NEW_TYPE"]),
        "requestId": st.from_regex(r"req-[0-9a-z]{1,12}", fullmatch=True),
        "integrationContext": st.just(ORGANIZATION),
        "occurredAt": st.integers(0, 2**53),
    },
    optional={"extra": json_values},
)
bodies = st.one_of(
    well_formed.map(lambda e: json.dumps(e).encode()),
    envelopes.map(lambda e: json.dumps(e).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
)
# How the delivery is signed: with the customer app's secret, or some other header (or none).
GENUINE = ("genuine", "")
signing = st.one_of(
    st.just(GENUINE),
    st.none(),
    header_text.map(lambda text: ("header", text)),
    st.from_regex(r"[0-9a-fA-F]{64}", fullmatch=True).map(lambda text: ("header", text)),
)
content_types = st.sampled_from(["application/json", "text/plain", "", "application/json; charset=latin-1"])


async def test_fuzzed_deliveries_never_get_a_5xx_and_forged_ones_write_nothing(app: App) -> None:
    await walk_to_requested(app)
    url = await webhook_url(app)
    secret = await customer_secret(app)
    loop = asyncio.get_running_loop()

    def on_the_loop(coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=60)

    async def written() -> tuple[Any, ...]:
        events = await app.sql("SELECT count(*) FROM linkedin_webhook_events")
        audit = await app.sql("SELECT count(*) FROM audit_entries")
        row = await app.integration()
        return events[0][0], audit[0][0], row["state"], row["version"]

    async def post(
        body: bytes, header: tuple[str, str] | None, content_type: str
    ) -> tuple[int, tuple[Any, ...]]:
        before = await written()
        headers = {"Content-Type": content_type} if content_type else {}
        if header is not None:
            headers["X-LI-Signature"] = signature(body, secret) if header == GENUINE else header[1]
        async with app.http.post(url, data=body, headers=headers) as response:
            await response.read()
            status = response.status
        if 200 <= status < 300:
            notification_id = json.loads(body)["notificationId"]
            stored = await app.sql(
                "SELECT count(*) FROM linkedin_webhook_events WHERE notification_id = ?", notification_id
            )
            assert stored == [(1,)], (status, body[:100])
        else:
            assert await written() == before, (status, body[:100], header)
        return status, before

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=bodies, header=signing, content_type=content_types)
    def delivery(body: bytes, header: tuple[str, str] | None, content_type: str) -> None:
        status, _before = on_the_loop(post(body, header, content_type))
        assert status < 500, (status, body[:100], header)
        if header != GENUINE:  # forged: refused
            assert 400 <= status < 500, (status, body[:100], header)

    await asyncio.to_thread(delivery)
