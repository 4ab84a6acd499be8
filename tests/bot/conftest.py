"""Fixtures that run the real aiohttp app over HTTP against a recording channel."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from app import BOT, create_app
from bot.routing import RouteTable
from logs import AccessLogger
from settings import Settings
from tests.bot.channel import (
    ALEX,
    BOT_ID,
    TENANT,
    RecordingChannel,
    TeamsUser,
    serve_recording_channel,
)
from tests.conftest import _copy_sqlite as copy_sqlite

_ids = itertools.count(1)


@dataclass
class BotUnderTest:
    url: str
    channel: RecordingChannel
    channel_url: str
    http: aiohttp.ClientSession
    database_url: str
    app: web.Application | None = None  # the app serving, for a test that must reach inside it

    def activity(
        self,
        text: str | None = None,
        *,
        user: TeamsUser = ALEX,
        tenant: str = TENANT,
        locale: str = "en-US",
        conversation_type: str = "personal",
        conversation_id: str | None = None,
        activity_type: str = "message",
        **extra: Any,
    ) -> dict[str, Any]:
        number = next(_ids)
        activity: dict[str, Any] = {
            "type": activity_type,
            "id": f"incoming-{number}",
            "channelId": "msteams",
            "serviceUrl": self.channel_url,
            "from": user.account(),
            "recipient": {"id": BOT_ID, "name": "Talent Bridge"},
            "conversation": {
                "id": conversation_id or f"a:{conversation_type}-{user.aad_object_id}",
                "conversationType": conversation_type,
                "tenantId": tenant,
            },
            "channelData": {"tenant": {"id": tenant}},
            "locale": locale,
        }
        if text is not None:
            activity["text"] = text
        activity.update(extra)
        return activity

    async def post(self, body: Any, *, raw: bytes | None = None) -> aiohttp.ClientResponse:
        headers = {"Content-Type": "application/json"}
        if raw is not None:
            response = await self.http.post(self.url, data=raw, headers=headers)
        else:
            response = await self.http.post(self.url, json=body)
        await response.read()
        return response

    async def say(self, text: str, **kwargs: Any) -> aiohttp.ClientResponse:
        response = await self.post(self.activity(text, **kwargs))
        assert response.status in (200, 201), await response.text()
        return response

    async def press(self, verb: str, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Press an Action.Execute button; returns the invoke response body."""
        body = self.activity(
            activity_type="invoke",
            name="adaptiveCard/action",
            value={"action": {"type": "Action.Execute", "verb": verb, "data": data}},
            **kwargs,
        )
        response = await self.post(body)
        assert response.status == 200, await response.text()
        result: dict[str, Any] = await response.json()
        return result


@pytest.fixture
async def channel() -> AsyncIterator[tuple[RecordingChannel, str]]:
    async with serve_recording_channel() as served:
        yield served


@asynccontextmanager
async def serve_bot(
    database_url: str,
    channel: tuple[RecordingChannel, str],
    routes: RouteTable | None = None,
    **settings: Any,
) -> AsyncIterator[BotUnderTest]:
    """The real app on a free loopback port; `settings` adds to (or overrides) the defaults, and
    `routes` replaces the bot's route table (to try the routing with commands made for a test)."""
    recording, channel_url = channel
    values: dict[str, Any] = {"DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": 0, **settings}
    app = await create_app(Settings(**values))
    if routes is not None:
        app[BOT].routes = routes
    server = TestServer(app, host="127.0.0.1", access_log_class=AccessLogger)
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            yield BotUnderTest(
                url=str(server.make_url("/api/messages")),
                channel=recording,
                channel_url=channel_url,
                http=http,
                database_url=database_url,
                app=app,
            )
    finally:
        await server.close()


def row_counts(database_url: str, *tables: str) -> dict[str, int]:
    """Rows per table of the SQLite database: what a refused request must leave as it was."""
    path = database_url.split("///", 1)[1]
    with closing(sqlite3.connect(path)) as connection:
        count = "SELECT count(*) FROM {}"
        return {table: int(connection.execute(count.format(table)).fetchone()[0]) for table in tables}


@pytest.fixture(scope="module")
def module_seeded_sqlite_url(
    _sqlite_templates: dict[bool, Path], tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A database with the demo data for a whole module, whose app is built once (tests/conftest.py)."""
    target = tmp_path_factory.mktemp("module-db") / "talentbridge.db"
    copy_sqlite(_sqlite_templates[True], target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def bot(seeded_sqlite_url: str, channel: tuple[RecordingChannel, str]) -> AsyncIterator[BotUnderTest]:
    async with serve_bot(seeded_sqlite_url, channel) as served:
        yield served
