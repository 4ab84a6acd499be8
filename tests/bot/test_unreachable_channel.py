"""A turn whose channel does not answer (its service URL refuses connections) ends in one log line:
there is nobody to tell, and a traceback would only bury the log."""

from __future__ import annotations

import logging
import socket

import pytest

from tests.bot.conftest import BotUnderTest


def closed_port_url() -> str:
    """A loopback URL nothing listens on (a port taken from the OS and released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


async def test_a_channel_that_does_not_answer_is_one_line_without_a_traceback(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = await bot.post(bot.activity("help", serviceUrl=closed_port_url()))

    assert response.status == 201
    failed = [r for r in caplog.records if r.name == "talentbridge" and "turn failed" in r.getMessage()]
    expected = "turn failed: the channel did not answer (ClientRequestError)"
    assert [r.getMessage() for r in failed] == [expected]
    assert all(r.exc_info is None for r in caplog.records if r.name.startswith(("talentbridge", "bot")))
    assert bot.channel.sent() == []
