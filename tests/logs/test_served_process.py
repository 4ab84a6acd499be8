"""`python app.py` as deployed: LOG_FORMAT=json, LOG_LEVEL=DEBUG. Everything it writes is one JSON
object per line, and no query string of the sign-in and webhook routes is among it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from asyncio.subprocess import Process
from pathlib import Path

import aiohttp

from tests.setup.conftest import STATE_SECRET, unused_port

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("SECRET-CODE-0815", "SECRET-STATE-0815", "SECRET-CHALLENGE-0815")


async def _wait_until_serving(process: Process, base_url: str, within: float = 90.0) -> None:
    """Poll /healthz until the process answers (it migrates and starts the sandbox first)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    async with aiohttp.ClientSession() as http:
        while True:
            assert process.returncode is None, "the app exited while starting"
            try:
                async with http.get(f"{base_url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            assert loop.time() < deadline, "the app did not start in time"
            await asyncio.sleep(0.1)


async def test_the_served_app_writes_json_lines_without_sign_in_or_webhook_queries(
    seeded_sqlite_url: str, tmp_path: Path
) -> None:
    port = unused_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "PUBLIC_BASE_URL": base_url,
        "DATABASE_URL": seeded_sqlite_url,
        "SANDBOX_PORT": "0",
        "STATE_SECRET": STATE_SECRET,
        "LINKEDIN_API_BASE": "",
        "MicrosoftAppId": "",
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": "json",
    }
    output = tmp_path / "output.log"
    code, state, challenge = SECRETS
    with output.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "app.py", cwd=ROOT, env=env, stdout=sink, stderr=asyncio.subprocess.STDOUT
        )
        try:
            await _wait_until_serving(process, base_url)
            async with aiohttp.ClientSession() as http:
                for path, expected in (
                    (f"/linkedin/callback?code={code}&state={state}", 400),
                    (f"/linkedin/connect?state={state}", 400),
                    (f"/api/linkedin/webhook/nobody?challengeCode={challenge}", 400),  # not a UUID
                ):
                    async with http.get(base_url + path, allow_redirects=False) as response:
                        assert response.status == expected, path
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=30)

    written = output.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in written
    lines = [json.loads(line) for line in written.splitlines() if line.strip()]
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    paths = {line.get("path") for line in lines if line["logger"] == "aiohttp.access"}
    assert {"/linkedin/callback", "/linkedin/connect", "/api/linkedin/webhook/nobody"} <= paths
    assert any("Talent Bridge is starting on" in line["message"] for line in lines)
