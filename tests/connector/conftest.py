"""The connector client against the sandbox, over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
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
from linkedin_sandbox import (
    Contract,
    LinkedInData,
    Member,
    Project,
    RunningSandbox,
    SandboxConfig,
    Seat,
    start_sandbox,
)

CLIENT_ID = "talentbridge-demo"
CLIENT_SECRET = "demo-partner-secret-not-for-production"
ORG = "urn:li:organization:1001"
CONTRACT = "7001001"
TENANT = "00000000-0000-0000-0000-0000000000001"
FAST = RetryPolicy(
    attempts=3, total_seconds=5.0, initial_backoff=0.01, max_backoff=0.05, jitter=0.01, request_timeout=2.0
)


def small_linkedin() -> LinkedInData:
    """A few LinkedIn members: Ada (one exact match), two Lars Hansens (namesakes), and three
    recruiters with seats on Contoso's contracts (Alex, the admin, on both)."""
    seats = [
        Seat("70010019020", CONTRACT, "mbr-9020"),
        Seat("70010029020", "7001002", "mbr-9020"),
        Seat("70010019021", CONTRACT, "mbr-9021"),
        Seat("70010019022", CONTRACT, "mbr-9022"),
    ]
    return LinkedInData(
        members=[
            Member("mbr-1001", "Ada", "Lovelace", "ada@example.com", "Engineer at Analytical"),
            Member("mbr-10001", "Lars", "Hansen", headline="Software Engineer"),
            Member("mbr-10002", "Lars", "Hansen", headline="Teacher"),
            Member("mbr-9020", "Alex", "Wilber", "alexw@example.com", "Recruiter", is_user=True),
            Member("mbr-9021", "Megan", "Bowen", "meganb@example.com", "Recruiter", is_user=True),
            Member("mbr-9022", "Adele", "Vance", "adelev@example.com", "Recruiter", is_user=True),
        ],
        contracts=[
            Contract(CONTRACT, "Contoso Recruiter Corporate", ORG),
            Contract("7001002", "Contoso Campus Hiring", ORG),
        ],
        seats=seats,
        projects=[
            Project(f"{s.id}-{i + 1}", s.id, name)
            for s in seats
            for i, name in enumerate(("Backend Engineer pipeline", "Silver medalists"))
        ],
    )


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
        data=small_linkedin(),
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
