"""The connector client against the sandbox, over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace as NS
from typing import Any

import pytest
from aiohttp import web

from connector import (
    ClientConfig,
    LinkedInClient,
    RetryPolicy,
    company_integration_keys,
    contract_integration_key,
)
from connector.webhooks import challenge_response, parse_event
from linkedin_sandbox import RunningSandbox, SandboxConfig, start_sandbox

CLIENT_ID = "talentbridge-demo"
CLIENT_SECRET = "demo-partner-secret-not-for-production"
ORG = "urn:li:organization:1001"
CONTRACT = "7001001"
TENANT = "00000000-0000-0000-0000-0000000000001"
FAST = RetryPolicy(
    attempts=3, total_seconds=5.0, initial_backoff=0.01, max_backoff=0.05, jitter=0.01, request_timeout=2.0
)


def small_dataset() -> Any:
    """A few demo people, shaped like store.demo_data.DemoDataset."""
    users = (
        NS(
            tenant_id=TENANT,
            aad_object_id="00000000-0000-0000-0000-0000000000020",
            email="alexw@example.com",
            first_name="Alex",
            last_name="Wilber",
            is_admin=True,
            linkedin_member_id="mbr-9020",
        ),
        NS(
            tenant_id=TENANT,
            aad_object_id="m2",
            email="meganb@example.com",
            first_name="Megan",
            last_name="Bowen",
            is_admin=False,
            linkedin_member_id="mbr-9021",
        ),
        NS(
            tenant_id=TENANT,
            aad_object_id="m3",
            email="adelev@example.com",
            first_name="Adele",
            last_name="Vance",
            is_admin=False,
            linkedin_member_id=None,
        ),
    )
    candidates = (
        NS(
            code="C1",
            first_name="Ada",
            last_name="Lovelace",
            emails=("ada@example.com",),
            linkedin="exact",
            linkedin_member_id="mbr-1001",
            current_title="Engineer",
            current_company="Analytical",
        ),
        NS(
            code="C2",
            first_name="Lars",
            last_name="Hansen",
            emails=("lars@example.com",),
            linkedin="namesake",
            linkedin_member_id=None,
            current_title=None,
            current_company=None,
        ),
        NS(
            code="C3",
            first_name="Zoe",
            last_name="Nobody",
            emails=("zoe@example.com",),
            linkedin="none",
            linkedin_member_id=None,
            current_title=None,
            current_company=None,
        ),
    )
    jobs = (NS(tenant_id=TENANT, title="Backend Engineer", status="active"),)
    return NS(tenants=(NS(id=TENANT, name="Contoso"),), users=users, candidates=candidates, jobs=jobs)


def sandbox_config(**overrides: Any) -> SandboxConfig:
    base = SandboxConfig(auto_deliver=False, random_seed=7, delivery_backoff=0.0)
    return SandboxConfig(**{**base.__dict__, **overrides})


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    running = await start_sandbox(
        "127.0.0.1",
        0,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        config=sandbox_config(),
        dataset_factory=small_dataset,
    )
    yield running
    await running.close()


def make_client(sandbox: RunningSandbox, **config: Any) -> LinkedInClient:
    return LinkedInClient(
        api_base=sandbox.api_base,
        oauth_base=sandbox.oauth_base,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        config=ClientConfig(**{"retry": FAST, **config}),
    )


@pytest.fixture
async def client(sandbox: RunningSandbox) -> AsyncIterator[LinkedInClient]:
    async with make_client(sandbox) as c:
        yield c


@dataclass
class Receiver:
    """The ATS's webhook endpoint: answers challenges and records verified events."""

    secret: str = ""
    url: str = ""
    challenges: int = 0
    events: list[Any] = field(default_factory=list)
    rejected: int = 0
    fail_next: int = 0  # answer this many events with 500 first

    async def handle_get(self, request: web.Request) -> web.Response:
        self.challenges += 1
        return web.json_response(challenge_response(request.query["challengeCode"], self.secret))

    async def handle_post(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        raw = await request.read()
        try:
            self.events.append(parse_event(raw, request.headers.get("X-LI-Signature"), self.secret))
        except Exception:
            self.rejected += 1
            return web.Response(status=401)
        return web.Response(status=200)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_get("/linkedin/webhook", rec.handle_get)
    app.router.add_post("/linkedin/webhook", rec.handle_post)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = next(a[1] for a in runner.addresses if isinstance(a, tuple))
    rec.url = f"http://127.0.0.1:{port}/linkedin/webhook"
    yield rec
    await runner.cleanup()


@pytest.fixture
async def customer(client: LinkedInClient, receiver: Receiver) -> LinkedInClient:
    """A provisioned customer app with named integrations and a registered callback URL."""
    app = await client.provision_application(
        name="Contoso ATS", unique_foreign_id=TENANT, callback_urls=["http://127.0.0.1:3978/auth/linkedin"]
    )
    assert app.credentials is not None
    receiver.secret = app.credentials.client_secret
    child = client.for_customer(
        app.credentials.client_id, app.credentials.client_secret, integration_context=ORG
    )
    names = {k: f"Talent Bridge {k.integration_type}" for k in company_integration_keys(ORG)}
    names[contract_integration_key(CONTRACT)] = "Talent Bridge CSA"
    (await child.name_integrations(names)).raise_for_errors()
    (await child.register_callback_url(company_integration_keys(ORG)[0], receiver.url)).raise_for_errors()
    return child
