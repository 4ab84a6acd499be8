"""`make run` restarted at once keeps the LinkedIn sandbox on SANDBOX_PORT: the connections the last run
left in TIME_WAIT don't count as the port being taken; another listener does."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
from collections.abc import AsyncIterator

import pytest

from app import _port_free, start_linkedin
from linkedin_sandbox import start_sandbox
from settings import Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="TIME_WAIT and SO_REUSEADDR as on POSIX")


async def _a_port_a_stopped_sandbox_left_in_time_wait() -> int:
    """A sandbox on a free port answers one request and closes the connection first, then stops: its
    side of that connection stays in TIME_WAIT on the port (for a minute on Linux)."""
    running = await start_sandbox("127.0.0.1", 0)
    port = int(running.base_url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /sandbox/stats HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n")
    assert (await reader.read()).startswith(b"HTTP/1.1 200")  # read to the end: the sandbox closed first
    writer.close()
    await writer.wait_closed()
    await running.close()
    return port


def _plain_bind_refused(port: int) -> bool:
    """Without SO_REUSEADDR the kernel refuses the port while any connection on it lingers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as plain:
        try:
            plain.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


@pytest.fixture
async def lingering_port() -> AsyncIterator[int]:
    port = await _a_port_a_stopped_sandbox_left_in_time_wait()
    assert _plain_bind_refused(port), "the test needs a connection lingering on the port"
    yield port


def _settings(port: int) -> Settings:
    return Settings(SANDBOX_PORT=port, SANDBOX_DATABASE=":memory:", _env_file=None)  # type: ignore[call-arg]


async def test_a_port_with_connections_in_time_wait_is_free(lingering_port: int) -> None:
    assert _port_free(lingering_port)


async def test_a_quick_restart_keeps_the_sandbox_on_sandbox_port(lingering_port: int) -> None:
    client, sandbox = await start_linkedin(_settings(lingering_port))
    try:
        assert sandbox is not None and sandbox.base_url == f"http://127.0.0.1:{lingering_port}"
    finally:
        await client.close()
        if sandbox is not None:
            await sandbox.close()


async def test_a_port_another_process_listens_on_is_taken_and_the_sandbox_moves() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # even one that allows reuse
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert not _port_free(port)
        client, sandbox = await start_linkedin(_settings(port))
        try:
            assert sandbox is not None and sandbox.base_url != f"http://127.0.0.1:{port}"
        finally:
            await client.close()
            if sandbox is not None:
                await sandbox.close()
