"""Turns over HTTP: Talent Bridge and an echo bot, each in its own process (bench/serve.py), driven like a
Teams channel on loopback; a recording channel takes their replies. Measures turn latency, the same
for 50 conversations at once, process memory and the time from start to ready."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from app import TURN_ERROR_MESSAGE
from bot.turns import DATABASE_UNAVAILABLE, STATE_NOT_SAVED
from services.errors import SearchBusy, SearchTimedOut
from store.demo_data import DEMO_TENANT_ID

ROOT = Path(__file__).resolve().parent.parent
MEGAN = {"id": "29:megan", "name": "Megan Bowen", "aadObjectId": "00000000-0000-0000-0000-0000000000021"}
# Replies that mean the turn failed, though the HTTP call succeeded.
FAILED_REPLIES = {
    TURN_ERROR_MESSAGE,
    DATABASE_UNAVAILABLE,
    STATE_NOT_SAVED,
    SearchBusy.message,
    SearchTimedOut.message,
}
START_SECONDS = 300.0


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    url: str
    ready_seconds: float

    def memory_mib(self) -> dict[str, float]:
        """Resident memory now (VmRSS) and at its peak (VmHWM), from /proc."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
        return {name: int(kilobytes) / 1024 for name, kilobytes in values.items()}

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


async def start_bot(which: str, environment: dict[str, str]) -> BotProcess:
    """Start `python -m bench.serve <which>`; ready when it listens and (the app) /readyz answers 200."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.serve",
        which,
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), START_SECONDS)
    if not line.startswith(b"PORT "):
        await process.wait()
        raise RuntimeError(f"the {which} server did not start")
    base = f"http://127.0.0.1:{int(line.split()[1])}"
    if which == "app":
        async with aiohttp.ClientSession() as http:
            while True:
                async with http.get(base + "/readyz") as response:
                    if response.status == 200:
                        break
                await asyncio.sleep(0.05)
    return BotProcess(process, base + "/api/messages", time.perf_counter() - started)


@dataclass
class Channel:
    """The Teams channel's side: records each reply by the activity it answers."""

    replies: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def app(self) -> web.Application:
        async def reply(request: web.Request) -> web.Response:
            body = await request.json()
            self.replies[request.match_info["reply_to"]].append(body)
            return web.json_response({"id": "reply"})

        application = web.Application()
        application.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", reply)
        return application

    def failed(self, activity_id: str) -> bool:
        """No reply, or a reply saying the turn failed."""
        answers = self.replies.get(activity_id) or []
        return not answers or any((a.get("text") or "") in FAILED_REPLIES for a in answers)


_numbers = iter(range(1, 10**9))


def activity(service_url: str, conversation: str, text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": f"bench-{next(_numbers)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": MEGAN,
        "recipient": {"id": "28:bot", "name": "Talent Bridge"},
        "conversation": {"id": conversation, "conversationType": "personal", "tenantId": DEMO_TENANT_ID},
        "channelData": {"tenant": {"id": DEMO_TENANT_ID}},
        "locale": "en-US",
        "text": text,
    }


async def turn(http: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[float, bool]:
    """Milliseconds for one turn, and whether the HTTP answer was a success."""
    started = time.perf_counter()
    async with http.post(url, json=body) as response:
        await response.read()
        ok = response.status in (200, 201)
    return (time.perf_counter() - started) * 1000, ok


@dataclass
class TurnResults:
    find_ms: list[float]
    echo_ms: list[float]
    failures: int


async def sequential(app: BotProcess, echo: BotProcess, texts: list[str]) -> TurnResults:
    """One turn at a time, alternating an echo and a `find`, so both see the same machine."""
    channel = Channel()
    server = TestServer(channel.app(), host="127.0.0.1")
    await server.start_server()
    service_url = str(server.make_url("/"))
    find_ms: list[float] = []
    echo_ms: list[float] = []
    failures = 0
    try:
        async with aiohttp.ClientSession() as http:
            for text in texts:
                body = activity(service_url, "a:echo", f"find {text}")
                elapsed, ok = await turn(http, echo.url, body)
                echo_ms.append(elapsed)
                body = activity(service_url, "a:find", f"find {text}")
                elapsed, ok = await turn(http, app.url, body)
                find_ms.append(elapsed)
                failures += (not ok) or channel.failed(body["id"])
    finally:
        await server.close()
    return TurnResults(find_ms, echo_ms, failures)


@dataclass
class LoadResults:
    turns: int
    seconds: float
    latencies_ms: list[float]
    errors: int


async def concurrent(
    app: BotProcess, texts: list[str], conversations: int, per_conversation: int
) -> LoadResults:
    """`conversations` users at once, each sending `per_conversation` finds one after the other."""
    channel = Channel()
    server = TestServer(channel.app(), host="127.0.0.1")
    await server.start_server()
    service_url = str(server.make_url("/"))
    latencies: list[float] = []
    errors = 0

    async def one_user(http: aiohttp.ClientSession, number: int) -> None:
        nonlocal errors
        for round_ in range(per_conversation):
            text = texts[(number * per_conversation + round_) % len(texts)]
            body = activity(service_url, f"a:load-{number}", f"find {text}")
            elapsed, ok = await turn(http, app.url, body)
            latencies.append(elapsed)
            errors += (not ok) or channel.failed(body["id"])

    started = time.perf_counter()
    try:
        connector = aiohttp.TCPConnector(limit=conversations)
        async with aiohttp.ClientSession(connector=connector) as http:
            await asyncio.gather(*(one_user(http, number) for number in range(conversations)))
    finally:
        await server.close()
    return LoadResults(conversations * per_conversation, time.perf_counter() - started, latencies, errors)
