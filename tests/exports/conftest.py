# The `recording_channel` fixture is imported from the setup suite.
# ruff: noqa: F811
"""The real app over HTTP with the LinkedIn sandbox, for the export suites: `app` on SQLite and
PostgreSQL, `sqlite_app` on SQLite only. The sandbox delivers webhooks when a test flushes them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.channel import RecordingChannel
from tests.setup.conftest import App, recording_channel, running_app  # noqa: F401  (a fixture)


@pytest.fixture
async def app(
    seeded_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_db_url, recording_channel) as running:
        yield running


@pytest.fixture
async def sqlite_app(
    seeded_sqlite_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_sqlite_url, recording_channel) as running:
        yield running
