"""The app served as main() serves it (its access logger), with the process's logging set up as
app.py sets it up, every line captured twice: as written (JSON or text) and as raw records (caplog)."""

from __future__ import annotations

import io
import json
import logging
import traceback
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from app import create_app
from logs import QUIET_LOGGERS, AccessLogger, configure_logging
from settings import Settings
from store.db import create_engine
from tests.bot.channel import serve_recording_channel
from tests.setup.conftest import STATE_SECRET, App, unused_port


@dataclass
class CapturedLog:
    written: io.StringIO
    caplog: pytest.LogCaptureFixture

    def lines(self) -> list[str]:
        return self.written.getvalue().splitlines()

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]

    def everything(self) -> str:
        """What was written, plus every record as it was logged (message, arguments, extra fields,
        traceback), before any formatter could blank anything."""
        parts = [self.written.getvalue()]
        for record in self.caplog.records:
            parts += [record.getMessage(), repr(record.args), repr(vars(record))]
            if record.exc_info:
                parts.append("".join(traceback.format_exception(*record.exc_info)))
        return "\n".join(parts)


def _capture(caplog: pytest.LogCaptureFixture, log_format: str) -> Iterator[CapturedLog]:
    """LOG_LEVEL=DEBUG as app.py's main() configures it: every logger at DEBUG except the database
    drivers and HTTP libraries the setup keeps at WARNING (that pin is part of what is tested)."""
    root = logging.getLogger()
    saved = root.level, {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    written = io.StringIO()
    handler = configure_logging("DEBUG", log_format, written)
    caplog.set_level(logging.DEBUG)
    try:
        yield CapturedLog(written, caplog)
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)
        logging.captureWarnings(False)


@pytest.fixture
def json_log(caplog: pytest.LogCaptureFixture) -> Iterator[CapturedLog]:
    yield from _capture(caplog, "json")


@pytest.fixture
def text_log(caplog: pytest.LogCaptureFixture) -> Iterator[CapturedLog]:
    yield from _capture(caplog, "text")


@pytest.fixture
async def served(seeded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[App]:
    """The real app on a loopback port behind web.AppRunner with the access logger main() uses,
    the built-in LinkedIn sandbox (webhooks delivered when the test flushes) and a recording
    Teams channel."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    port, sandbox_port = unused_port(), unused_port()
    settings = Settings(  # type: ignore[call-arg]
        DATABASE_URL=seeded_sqlite_url,
        HOST="127.0.0.1",
        PORT=port,
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        SANDBOX_PORT=sandbox_port,
        STATE_SECRET=STATE_SECRET,
        LINKEDIN_API_BASE="",
    )
    async with serve_recording_channel() as (recording, channel_url), aiohttp.ClientSession() as http:
        runner = web.AppRunner(await create_app(settings), access_log_class=AccessLogger)
        await runner.setup()
        engine = create_engine(seeded_sqlite_url)
        try:
            await web.TCPSite(runner, "127.0.0.1", port).start()
            yield App(
                url=f"http://127.0.0.1:{port}/api/messages",
                channel=recording,
                channel_url=channel_url,
                http=http,
                database_url=seeded_sqlite_url,
                base_url=f"http://127.0.0.1:{port}",
                sandbox_url=f"http://127.0.0.1:{sandbox_port}",
                engine=engine,
            )
        finally:
            await runner.cleanup()
            await engine.dispose()
