"""Build and run the sandbox: `create_sandbox_app` for tests, `start_sandbox` for app.py and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web

from linkedin_sandbox import api, control, oauth
from linkedin_sandbox.config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, SandboxConfig
from linkedin_sandbox.core import SANDBOX, Sandbox, api_middleware
from linkedin_sandbox.delivery import WebhookDelivery
from linkedin_sandbox.seed import LinkedInData, seed
from linkedin_sandbox.state import SandboxDb

# aiohttp refuses request lines over 8 KB itself; the sandbox must see them to answer 414 as LinkedIn does.
HANDLER_ARGS: dict[str, Any] = {"max_line_size": 65536, "max_field_size": 65536}


def create_sandbox_app(
    config: SandboxConfig | None = None,
    *,
    database: str = ":memory:",
    client_id: str | None = None,
    client_secret: str | None = None,
    data: LinkedInData | None = None,
) -> web.Application:
    """The sandbox as an aiohttp app serving /oauth/v2/…, /v2/… and /sandbox/….

    `config` defaults to SandboxConfig.from_env() (SANDBOX_* variables: fault injection, limits).
    `data` is LinkedIn's people (members, contracts, seats, projects), written into an empty database.
    Serve it with web.AppRunner(app, **HANDLER_ARGS) (or start_sandbox) so long URLs get the 414.
    """
    config = config or SandboxConfig.from_env()
    config = replace(
        config, client_id=client_id or config.client_id, client_secret=client_secret or config.client_secret
    )
    db = SandboxDb(database)
    sandbox = Sandbox(db, config)
    sandbox.delivery = WebhookDelivery(sandbox)
    db.run(
        "INSERT INTO apps (client_id, client_secret, kind, name, created_at) VALUES (?, ?, 'parent', ?, ?)"
        " ON CONFLICT (client_id) DO UPDATE SET client_secret = excluded.client_secret",
        config.client_id,
        config.client_secret,
        "Partner application",
        sandbox.clock.now_ms(),
    )
    if data is not None:
        seed(db, data)

    app = web.Application(middlewares=[api_middleware])
    app[SANDBOX] = sandbox
    app.add_routes(oauth.routes)
    app.add_routes(api.routes)
    app.add_routes(control.routes)

    async def on_startup(_: web.Application) -> None:
        await sandbox.delivery.start()

    async def on_cleanup(_: web.Application) -> None:
        await sandbox.delivery.stop()
        db.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


@dataclass
class RunningSandbox:
    """A sandbox listening on a loopback port. The client's bases are `api_base` and `oauth_base`."""

    base_url: str
    app: web.Application
    runner: web.AppRunner

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/v2"

    @property
    def oauth_base(self) -> str:
        return f"{self.base_url}/oauth/v2"

    @property
    def sandbox(self) -> Sandbox:
        return self.app[SANDBOX]

    async def flush_webhooks(self) -> dict[str, int]:
        """Deliver every pending webhook now (challenges first)."""
        result: dict[str, int] = await self.sandbox.delivery.flush()
        return result

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_sandbox(
    host: str = "127.0.0.1",
    port: int = 3979,
    *,
    database: str = ":memory:",
    client_id: str = DEMO_CLIENT_ID,
    client_secret: str = DEMO_CLIENT_SECRET,
    config: SandboxConfig | None = None,
    data: LinkedInData | None = None,
) -> RunningSandbox:
    """Start the sandbox in this process (port 0 picks a free port); `await running.close()` to stop."""
    app = create_sandbox_app(
        config,
        database=database,
        client_id=client_id,
        client_secret=client_secret,
        data=data,
    )
    runner = web.AppRunner(app, access_log=None, **HANDLER_ARGS)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_port = port
    for address in runner.addresses:
        if isinstance(address, tuple):
            bound_port = address[1]
            break
    display_host = f"[{host}]" if ":" in host else host
    return RunningSandbox(base_url=f"http://{display_host}:{bound_port}", app=app, runner=runner)
