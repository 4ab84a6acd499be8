"""The LinkedIn status poll over the real app and sandbox: Partner ready comes from what LinkedIn's
API reports (the customer app's integrations and their validated callback URL), read by the poll
as by Refresh and right after Request; a round changes a state once, also run by two replicas at
once, and a failure is one log line that stops neither the round nor the loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from connector import LinkedInClient, company_integration_keys
from linkedin_sandbox import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from store.demo_data import DEMO_TENANT_ID
from tests.bot.channel import ALEX, RecordingChannel
from tests.setup.cards import button, state_of, text_of
from tests.setup.conftest import App, eventually, running_app
from tests.setup.linkedin_side import ORGANIZATION, customer_secret
from tests.setup.signin import link_sent_to, sign_in, type_code
from tests.setup.test_walk import (
    CORPORATE,
    in_channel,
    latest_setup_card,
    setup_card_updates,
    walk_to_partner_ready,
    walk_to_requested,
)

CONFIRMED = "LinkedIn confirmed the partner side"


async def audit_lines(app: App, action: str) -> int:
    [(count,)] = await app.sql("SELECT count(*) FROM audit_entries WHERE action = ?", action)
    return int(count)


async def test_the_poll_reads_partner_ready_from_linkedin_once_it_validated_our_callback(app: App) -> None:
    assert (await app.poll_status()).checked == []  # nothing requested: nothing to read

    await walk_to_requested(app)
    assert (await app.poll_status()).changed == []  # LinkedIn has not validated the callback URL yet
    assert (await app.integration())["state"] == "requested"

    await app.flush_webhooks()  # LinkedIn challenges the callback URL, gets the right answer
    done = await app.poll_status()
    assert (done.checked, done.changed, done.failed) == ([DEMO_TENANT_ID], [DEMO_TENANT_ID], [])
    ready = await latest_setup_card(app, "Partner ready")
    assert f"LinkedIn: {CONFIRMED}" in text_of(ready)

    # Idempotent: another round (or another replica's) changes nothing and writes nothing.
    version = (await app.integration())["version"]
    assert (await app.poll_status()).changed == []
    assert (await app.integration())["version"] == version
    assert await audit_lines(app, CONFIRMED) == 1


async def test_partner_ready_goes_back_to_requested_when_linkedin_no_longer_has_our_callback_url(
    app: App,
) -> None:
    await walk_to_requested(app)
    await app.flush_webhooks()
    await app.poll_status()
    assert (await app.integration())["state"] == "partner_ready"

    # The customer app's callback URL is registered elsewhere (e.g. by an old installation).
    foreign_id = (await app.integration())["child_app_foreign_id"]
    async with LinkedInClient(
        api_base=f"{app.sandbox_url}/v2",
        oauth_base=f"{app.sandbox_url}/oauth/v2",
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    ) as partner:
        found = await partner.find_provisioned_application(foreign_id)
        assert found is not None and found.credentials is not None
        child = partner.for_customer(
            found.credentials.client_id, await customer_secret(app), integration_context=ORGANIZATION
        )
        key = company_integration_keys(ORGANIZATION)[0]
        (await child.register_callback_url(key, "https://elsewhere.example.com/hook")).raise_for_errors()

    assert (await app.poll_status()).changed == [DEMO_TENANT_ID]
    requested = await latest_setup_card(app, "Requested")
    assert "LinkedIn: LinkedIn no longer confirms the partner side" in text_of(requested)

    # Notify partner registers this tenant's callback URL again; LinkedIn validates it.
    await app.press("setup.notify", button(requested, "setup.notify"), user=ALEX, **in_channel())
    await app.flush_webhooks()
    await app.poll_status()
    assert (await app.integration())["state"] == "partner_ready"


async def test_a_tenant_linkedin_fails_for_is_one_log_line_and_the_next_round_reads_it(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await walk_to_requested(app)
    await app.flush_webhooks()
    await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 400}]})
    caplog.clear()

    failed = await app.poll_status()

    assert (failed.failed, failed.changed) == ([DEMO_TENANT_ID], [])
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and "\n" not in lines[0].getMessage(), caplog.text
    assert lines[0].name == "services.linkedin_status_poll" and not lines[0].exc_info
    assert (await app.integration())["state"] == "requested"
    assert (await app.poll_status()).changed == [DEMO_TENANT_ID]


async def test_the_poll_runs_from_startup_and_goes_on_after_failed_rounds(
    seeded_sqlite_url: str,
    recording_channel: tuple[RecordingChannel, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel, LINKEDIN_STATUS_POLL_SECONDS=0.05) as app:
        await walk_to_requested(app)
        await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 400}] * 3})
        await app.flush_webhooks()

        async def partner_ready() -> bool:
            return (await app.integration())["state"] == "partner_ready"

        await eventually(partner_ready)
        failures = [r for r in caplog.records if r.name == "services.linkedin_status_poll"]
        assert len(failures) >= 1  # a failed round was logged, and a later one went on
        assert state_of(await latest_setup_card(app, "Partner ready")) == "Partner ready"


@pytest.fixture
async def two_replicas(
    seeded_postgres_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[App, App]]:
    """Two processes of the app on one PostgreSQL database, with one LinkedIn (the first's sandbox)
    and one public address (as behind a load balancer)."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_postgres_url, recording_channel) as first:
        async with running_app(
            seeded_postgres_url,
            recording_channel,
            PUBLIC_BASE_URL=first.base_url,
            LINKEDIN_API_BASE=f"{first.sandbox_url}/v2",
            LINKEDIN_OAUTH_BASE=f"{first.sandbox_url}/oauth/v2",
        ) as second:
            yield first, second


async def test_two_replicas_polling_at_once_change_the_state_once(two_replicas: tuple[App, App]) -> None:
    first, second = two_replicas
    await walk_to_requested(first)
    await first.flush_webhooks()

    rounds = await asyncio.gather(first.poll_status(), second.poll_status(), first.poll_status())

    assert sum(len(r.changed) for r in rounds) == 1
    assert all(r.failed == [] for r in rounds)
    assert (await first.integration())["state"] == "partner_ready"
    assert await audit_lines(first, CONFIRMED) == 1


async def test_request_reads_what_linkedin_reports_at_once(app: App) -> None:
    """Asked again after a Disconnect, while the Recruiter admin still has it switched on."""
    ready = await walk_to_partner_ready(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": "contract"})
    await app.flush_webhooks()
    enabled = await latest_setup_card(app, "Enabled")
    asked = await app.press(
        "setup.disconnect", button(enabled, "setup.disconnect"), user=ALEX, **in_channel()
    )
    confirm = button(asked["value"], "setup.disconnect.confirm")
    done = await app.press("setup.disconnect.confirm", confirm, user=ALEX, **in_channel())
    assert state_of(done["value"]) == "Not connected" and state_of(ready) == "Partner ready"

    await app.press("setup.connect", button(done["value"], "setup.connect"), user=ALEX, **in_channel())
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    assert page.status == 200
    await type_code(app, ALEX, page.code)
    connected = await latest_setup_card(app, "Connected")
    chosen = await app.press(
        "setup.contract",
        {**button(connected, "setup.contract"), "contract": CORPORATE},
        user=ALEX,
        **in_channel(),
    )
    requested = await app.press(
        "setup.request", button(chosen["value"], "setup.request"), user=ALEX, **in_channel()
    )

    assert state_of(requested["value"]) == "Enabled"
    assert "Contract-level" in text_of(requested["value"])
    assert state_of((await setup_card_updates(app))[-1]) == "Enabled"
