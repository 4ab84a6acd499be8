"""Serving the app as one or more replicas on one database, and a Teams channel that holds the bot's
messages until the test lets them through (to line turns up at the same point)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from app import create_app
from logs import AccessLogger
from settings import Settings
from tests.bot.channel import ALEX, ISAIAH, LYNNE, MEGAN, RecordingChannel
from tests.bot.conftest import BotUnderTest

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class GatedChannel(RecordingChannel):
    """A recording channel that, while closed, keeps every message the bot posts waiting (the bot's
    turn waits on its send, as it would on a slow Teams) until open() is called."""

    closed: bool = False
    waiting: int = 0
    _opened: asyncio.Event = field(default_factory=asyncio.Event)
    _arrival: asyncio.Condition = field(default_factory=asyncio.Condition)

    def close(self) -> None:
        self.closed = True
        self._opened.clear()

    def open(self) -> None:
        self.closed = False
        self._opened.set()

    async def messages_waiting(self, count: int, *, within: float | None = None) -> bool:
        """Wait until `count` messages are held (True), or `within` seconds pass (False)."""
        try:
            async with asyncio.timeout(within), self._arrival:
                await self._arrival.wait_for(lambda: self.waiting >= count)
        except TimeoutError:
            return False
        return True

    def app(self) -> web.Application:
        app = super().app()

        @web.middleware
        async def hold(request: web.Request, handler: Handler) -> web.StreamResponse:
            if self.closed and request.method == "POST" and "/activities" in request.path:
                async with self._arrival:
                    self.waiting += 1
                    self._arrival.notify_all()
                await self._opened.wait()
            return await handler(request)

        app.middlewares.append(hold)
        return app


@asynccontextmanager
async def serve_gated_channel() -> AsyncIterator[tuple[GatedChannel, str]]:
    channel = GatedChannel()
    for user in (ALEX, MEGAN, ISAIAH, LYNNE):
        channel.members[user.id] = user.member()
    server = TestServer(channel.app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield channel, str(server.make_url("")).rstrip("/") + "/"
    finally:
        await server.close()


@asynccontextmanager
async def serve_replica(
    database_url: str, channel: RecordingChannel, channel_url: str, **settings: Any
) -> AsyncIterator[BotUnderTest]:
    """The real app on a free loopback port, on `database_url`, with extra settings by alias."""
    configured = Settings(DATABASE_URL=database_url, HOST="127.0.0.1", PORT=0, **settings)  # type: ignore[call-arg]
    server = TestServer(await create_app(configured), host="127.0.0.1", access_log_class=AccessLogger)
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            yield BotUnderTest(
                url=str(server.make_url("/api/messages")),
                channel=channel,
                channel_url=channel_url,
                http=http,
                database_url=database_url,
            )
    finally:
        await server.close()
