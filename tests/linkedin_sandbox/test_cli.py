"""The sandbox's CLI finds the running sandbox: --url, else SANDBOX_URL, else SANDBOX_PORT (from the
environment or a .env file), else port 3979."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from linkedin_sandbox import RunningSandbox
from linkedin_sandbox.__main__ import main, sandbox_url


@pytest.fixture
def nobody() -> Iterator[str]:
    """A loopback address where nothing listens: a port held bound, never listening, refuses connections."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}"


def port_of(url: str) -> str:
    return str(urlsplit(url).port)


async def run(argv: list[str], environ: Mapping[str, str] | None) -> int:
    """The CLI blocks on its HTTP call; the sandbox answers on this event loop, so the CLI runs beside it."""
    return await asyncio.to_thread(main, argv, environ)


async def test_sandbox_port_finds_the_sandbox(
    sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run(["members"], {"SANDBOX_PORT": port_of(sandbox.base_url)}) == 0
    assert json.loads(capsys.readouterr().out)["members"] == 6  # the test LinkedIn's six members


async def test_url_beats_sandbox_url_beats_sandbox_port(
    sandbox: RunningSandbox, nobody: str, capsys: pytest.CaptureFixture[str]
) -> None:
    right, wrong = sandbox.base_url, nobody
    assert await run(["members"], {"SANDBOX_URL": right, "SANDBOX_PORT": port_of(wrong)}) == 0
    assert await run(["--url", right, "members"], {"SANDBOX_URL": wrong}) == 0
    capsys.readouterr()
    assert await run(["members"], {"SANDBOX_URL": wrong, "SANDBOX_PORT": port_of(right)}) == 2
    assert f"cannot reach the sandbox at {wrong}" in capsys.readouterr().err


async def test_sandbox_port_is_read_from_a_dot_env_file_under_the_environment(
    sandbox: RunningSandbox, nobody: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SANDBOX_URL", raising=False)
    monkeypatch.delenv("SANDBOX_PORT", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"SANDBOX_PORT={port_of(sandbox.base_url)}\n")
    assert await run(["members"], None) == 0
    monkeypatch.setenv("SANDBOX_PORT", port_of(nobody))  # the environment wins over .env
    assert await run(["members"], None) == 2


def test_without_any_setting_the_cli_looks_on_port_3979() -> None:
    assert sandbox_url({}) == "http://127.0.0.1:3979"
    assert sandbox_url({"SANDBOX_PORT": "4010"}) == "http://127.0.0.1:4010"


@pytest.mark.parametrize("port", ["0", "http", "-1", "70000"])
def test_a_sandbox_port_that_names_no_sandbox_is_a_clear_error(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats"], {"SANDBOX_PORT": port}) == 2
    err = capsys.readouterr().err
    assert "SANDBOX_PORT" in err and "Traceback" not in err
