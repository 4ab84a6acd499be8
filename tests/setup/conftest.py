"""The real app over HTTP on a known loopback port (sign-in redirects and webhooks need its public
address), with a recording Teams channel and, when asked, the built-in LinkedIn sandbox."""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app import STATUS_POLL, create_app
from logs import AccessLogger
from services.linkedin_events import LinkedInEvents
from services.linkedin_status_poll import PollRound
from settings import Settings
from store.db import create_engine
from tests.bot.channel import RecordingChannel, serve_recording_channel
from tests.bot.conftest import BotUnderTest
from web.linkedin import ROUTES

STATE_SECRET = "test-state-secret-0123456789abcdef"


def unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def eventually(check: Callable[[], Awaitable[bool] | bool], within: float = 10.0) -> None:
    """Poll `check` until it is true, for at most `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


@pytest.fixture
def setup_db_url(seeded_sqlite_url: str) -> str:
    """A migrated SQLite database with the demo data (tests/conftest.py)."""
    return seeded_sqlite_url


@dataclass
class App(BotUnderTest):
    """The bot plus the app's other routes, its public address and the LinkedIn sandbox."""

    base_url: str = ""
    sandbox_url: str = ""
    engine: AsyncEngine | None = None
    web_app: web.Application | None = None

    async def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """Run SQL on the app's database (SQLite or PostgreSQL); `?` marks the parameters."""
        numbers = iter(range(len(params)))
        statement = text(re.sub(r"\?", lambda _match: f":p{next(numbers)}", query))
        assert self.engine is not None
        async with self.engine.begin() as connection:
            result = await connection.execute(statement, {f"p{i}": v for i, v in enumerate(params)})
            return [tuple(row) for row in result.fetchall()] if result.returns_rows else []

    async def integration(self) -> dict[str, Any]:
        assert self.engine is not None
        async with self.engine.connect() as connection:
            row = (await connection.execute(text("SELECT * FROM linkedin_integrations"))).mappings().first()
            return dict(row) if row else {}

    async def sandbox(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """A control call: the sandbox plays LinkedIn's people (e.g. a Recruiter admin)."""
        async with self.http.request(method, self.sandbox_url + path, json=body) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def flush_webhooks(self) -> Any:
        return await self.sandbox("POST", "/sandbox/webhooks/flush")

    async def poll_status(self) -> PollRound:
        """One round of the app's LinkedIn status poll, now (instead of waiting for its interval)."""
        assert self.web_app is not None
        return await self.web_app[STATUS_POLL].run_once()

    @property
    def events(self) -> LinkedInEvents:
        """The app's LinkedIn event service (its registry of event handlers)."""
        assert self.web_app is not None
        return self.web_app[ROUTES].events

    async def get(self, url: str, **kwargs: Any) -> aiohttp.ClientResponse:
        response = await self.http.get(url, allow_redirects=False, **kwargs)
        await response.read()
        return response


async def start_app(
    database_url: str, recording: RecordingChannel, channel_url: str, http: aiohttp.ClientSession, **env: Any
) -> tuple[App, web.AppRunner]:
    port = unused_port()
    sandbox_port = unused_port()
    values: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": port,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SANDBOX_PORT": sandbox_port,
        "STATE_SECRET": STATE_SECRET,
        "LINKEDIN_API_BASE": "",
    }
    values.update(env)
    settings = Settings(**values)
    application = await create_app(settings)
    runner = web.AppRunner(application, access_log_class=AccessLogger)  # as main() serves it
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    app = App(
        url=f"http://127.0.0.1:{port}/api/messages",
        channel=recording,
        channel_url=channel_url,
        http=http,
        database_url=database_url,
        base_url=f"http://127.0.0.1:{port}",
        sandbox_url=f"http://127.0.0.1:{sandbox_port}",
        engine=create_engine(database_url),
        web_app=application,
    )
    return app, runner


@pytest.fixture
async def recording_channel() -> AsyncIterator[tuple[RecordingChannel, str]]:
    async with serve_recording_channel() as served:
        yield served


@asynccontextmanager
async def running_app(
    database_url: str, recording_channel: tuple[RecordingChannel, str], **env: Any
) -> AsyncIterator[App]:
    recording, channel_url = recording_channel
    async with aiohttp.ClientSession() as http:
        running, runner = await start_app(database_url, recording, channel_url, http, **env)
        try:
            yield running
        finally:
            await runner.cleanup()
            assert running.engine is not None
            await running.engine.dispose()


@pytest.fixture
async def app(
    setup_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """The app on the embedded default: the LinkedIn sandbox in-process. The sandbox delivers
    webhooks (and challenges) when the test flushes them, so every step is deterministic."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(setup_db_url, recording_channel) as running:
        yield running


@pytest.fixture
async def https_app(setup_db_url: str, recording_channel: tuple[RecordingChannel, str]) -> AsyncIterator[App]:
    """The app as deployed behind https (PUBLIC_BASE_URL https), so job feed apply links qualify."""
    async with running_app(
        setup_db_url, recording_channel, PUBLIC_BASE_URL="https://talentbridge.example.com"
    ) as running:
        yield running
