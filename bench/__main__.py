"""Benchmarks: `make bench` (or `python -m bench`) prints a table.

Runs the real app in-process on a throw-away seeded SQLite database (or BENCH_DATABASE_URL), drives
it over HTTP on loopback like a Teams channel, and measures turn latency, card sizes and memory
(max RSS: tracing allocations would skew the latencies).
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from app import create_app
from settings import Settings

TENANT = "00000000-0000-0000-0000-0000000000001"
MEGAN = {"id": "29:megan", "name": "Megan Bowen", "aadObjectId": "00000000-0000-0000-0000-0000000000021"}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def _activity(service_url: str, text: str, number: int) -> dict[str, Any]:
    return {
        "type": "message",
        "id": f"bench-{number}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": MEGAN,
        "recipient": {"id": "28:bot", "name": "Talent Bridge"},
        "conversation": {"id": "a:bench", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "locale": "en-US",
        "text": text,
    }


async def _measure(
    session: aiohttp.ClientSession, url: str, service_url: str, texts: list[str]
) -> list[float]:
    timings = []
    for number, text in enumerate(texts):
        started = time.perf_counter()
        async with session.post(url, json=_activity(service_url, text, number)) as response:
            await response.read()
            assert response.status in (200, 201), response.status
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _row(name: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"| {name} | {len(timings)} | {statistics.median(ordered):.1f} | {p95:.1f} | {max(ordered):.1f} |"


async def main() -> None:
    sent: list[dict[str, Any]] = []

    async def record(request: web.Request) -> web.Response:
        sent.append(await request.json())
        return web.json_response({"id": "x"})

    channel_app = web.Application()
    channel_app.router.add_post("/v3/conversations/{c}/activities/{a}", record)
    channel_app.router.add_post("/v3/conversations/{c}/activities", record)
    channel = TestServer(channel_app, host="127.0.0.1")
    await channel.start_server()
    service_url = str(channel.make_url("/"))

    with tempfile.TemporaryDirectory() as folder:
        database_url = (
            os.environ.get("BENCH_DATABASE_URL") or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        )
        started = time.perf_counter()
        app = await create_app(Settings(DATABASE_URL=database_url, HOST="127.0.0.1", PORT=0))  # type: ignore[call-arg]
        startup_ms = (time.perf_counter() - started) * 1000
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        url = str(server.make_url("/api/messages"))
        async with aiohttp.ClientSession() as session:
            await _measure(session, url, service_url, ["help"] * 5)  # warm-up
            rows = [
                _row("help card", await _measure(session, url, service_url, ["help"] * ROUNDS)),
                _row(
                    "find by id (1 hit)", await _measure(session, url, service_url, ["find C1001"] * ROUNDS)
                ),
                _row("find by name (list)", await _measure(session, url, service_url, ["find an"] * ROUNDS)),
                _row("find, no hit", await _measure(session, url, service_url, ["find zzyzx"] * ROUNDS)),
            ]
        await server.close()
    await channel.close()

    sizes = [
        len(json.dumps(a["content"]).encode()) for activity in sent for a in activity.get("attachments") or []
    ]
    print("| turn | n | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| startup incl. migrate + seed (ms) | {startup_ms:.0f} |")
    print(f"| largest card sent (bytes; limit 28672) | {max(sizes) if sizes else 0} |")
    print(f"| process max RSS (MiB) | {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} |")


if __name__ == "__main__":
    asyncio.run(main())
