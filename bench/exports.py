"""1-click export from LinkedIn Recruiter, end to end over HTTP: Talent Bridge in its own process
(bench/serve.py) with its built-in LinkedIn sandbox, and an echo bot on the same stack as the
baseline.

The integration is walked to Enabled the way the tests walk it (tests/setup: the admin's setup card,
the LinkedIn sign-in through the sandbox, the code typed in Teams), on a fresh demo database. Then,
one export at a time: the sandbox plays the recruiter pressing export in Recruiter (not timed), and
the benchmark posts LinkedIn's signed EXPORT_CANDIDATE_PROFILE event to the tenant's callback URL,
timing the POST's own answer (200, before any processing) and the time until the exporter's notice
reaches their 1:1 chat (the recording Teams channel), which comes after the application is in the
job's Prospect stage. Each export is followed by one echo bot turn, so both see the same machine.
The callback URL's challenge (GET) is timed too.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

import sandbox_demo
from bench.turns import BotProcess, activity, start_bot, turn
from connector import signature
from store.db import create_engine
from tests.bot.channel import ALEX, serve_recording_channel
from tests.setup.conftest import STATE_SECRET, App
from tests.setup.linkedin_side import customer_secret, webhook_url
from tests.setup.signin import personal_chat_id
from tests.setup.test_recruiter_projects import enabled

JOBS = ("J-1001", "J-1002", "J-1003")  # active, with a Prospect stage, Alex a recruiter on each
NOTICE_SECONDS = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ExportResults:
    answer_ms: list[float]  # the webhook POST's own answer
    done_ms: list[float]  # POST sent → the exporter's notice arrived
    echo_ms: list[float]
    challenge_ms: list[float]
    failures: int  # an answer other than 200 queued, or no notice in time
    exported: int  # new applications in Prospect
    already_in_job: int
    processed_events: int


def measure(folder: Path, exports: int, challenges: int) -> ExportResults:
    """A fresh demo database in `folder`, the app and the echo bot started, `exports` exports timed."""
    for stale in folder.glob("bench-exports*"):
        stale.unlink()
    return asyncio.run(
        _measure(folder, f"sqlite+aiosqlite:///{folder / 'bench-exports.db'}", exports, challenges)
    )


async def _measure(folder: Path, url: str, exports: int, challenges: int) -> ExportResults:
    port = _free_port()
    environment = {
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "BENCH_PORT": str(port),
        "PORT": str(port),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SANDBOX_PORT": str(_free_port()),
        "SANDBOX_DATABASE": str(folder / "bench-exports-sandbox.db"),
        "SANDBOX_AUTO_DELIVER": "false",
        "SANDBOX_EXPORTS_PER_SEAT_PER_MONTH": str(10 * exports + 10),
        "EXPORTS_PER_SEAT_PER_MONTH": str(10 * exports + 10),
        "STATE_SECRET": STATE_SECRET,
        "LINKEDIN_API_BASE": "",
        "LINKEDIN_STATUS_POLL_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    engine = create_engine(url)
    async with serve_recording_channel() as (recording, channel_url):
        app_process = await start_bot("app", environment)
        echo = await start_bot("echo", {**environment, "BENCH_PORT": "0"})
        try:
            async with aiohttp.ClientSession() as http:
                app = App(
                    url=app_process.url,
                    channel=recording,
                    channel_url=channel_url,
                    http=http,
                    database_url=url,
                    base_url=f"http://127.0.0.1:{port}",
                    sandbox_url=f"http://127.0.0.1:{environment['SANDBOX_PORT']}",
                    engine=engine,
                )
                await enabled(app)  # Enabled at Company level; Alex connected his LinkedIn on the way
                return await _run(app, echo, channel_url, exports, challenges)
        finally:
            await app_process.stop()
            await echo.stop()
            await engine.dispose()


async def _run(app: App, echo: BotProcess, channel_url: str, exports: int, challenges: int) -> ExportResults:
    secret = await customer_secret(app)
    callback = await webhook_url(app)
    chat = await personal_chat_id(app, ALEX)
    members = [m.id for m in sandbox_demo.linkedin_data().members if not m.is_user]
    pairs = [(member, job) for job in JOBS for member in members]
    [(organization,)] = await app.sql("SELECT organization FROM linkedin_integrations")
    answer_ms: list[float] = []
    done_ms: list[float] = []
    echo_ms: list[float] = []
    failures = 0
    for number in range(exports):
        member, job = pairs[number % len(pairs)]
        made = await app.sandbox("POST", "/sandbox/export", {"member": member, "job": job})
        body = json.dumps(
            {
                "notificationId": str(uuid.uuid4()),
                "type": "EXPORT_CANDIDATE_PROFILE",
                "requestId": made["requestId"],
                "integrationContext": organization,
                "occurredAt": int(time.time() * 1000),
            }
        ).encode()
        headers = {"Content-Type": "application/json", "X-LI-Signature": signature(body, secret)}
        told_before = len(app.channel.sent_in(chat))
        started = time.perf_counter()
        async with app.http.post(callback, data=body, headers=headers) as response:
            answer = await response.json()
            answered = time.perf_counter()
            ok = response.status == 200 and answer == {"status": "queued"}
        deadline = answered + NOTICE_SECONDS
        # The recording channel runs in this process: its list of calls is read every millisecond.
        while len(app.channel.sent_in(chat)) <= told_before and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.001)
        done = time.perf_counter()
        told = len(app.channel.sent_in(chat)) > told_before
        failures += (not ok) or not told
        answer_ms.append((answered - started) * 1000)
        done_ms.append((done - started) * 1000)
        elapsed, _ok = await turn(app.http, echo.url, activity(channel_url, "a:echo", "ping"))
        echo_ms.append(elapsed)

    challenge_ms: list[float] = []
    for _ in range(challenges):
        started = time.perf_counter()
        async with app.http.get(callback, params={"challengeCode": str(uuid.uuid4())}) as response:
            await response.read()
            failures += response.status != 200
        challenge_ms.append((time.perf_counter() - started) * 1000)

    # The notice goes out before its event is marked processed: wait (a few seconds at most) for the
    # last ones to be marked before they are counted.
    deadline = time.perf_counter() + NOTICE_SECONDS
    while time.perf_counter() < deadline:
        [(waiting,)] = await app.sql(
            "SELECT count(*) FROM linkedin_webhook_events WHERE event_type = 'EXPORT_CANDIDATE_PROFILE'"
            " AND status <> 'processed'"
        )
        if not waiting:
            break
        await asyncio.sleep(0.01)
    outcomes = await app.sql(
        "SELECT outcome, count(*) FROM candidate_exports WHERE source = 'linkedin' GROUP BY outcome"
    )
    by_outcome: dict[str, Any] = {str(outcome): count for outcome, count in outcomes}
    [(processed,)] = await app.sql(
        "SELECT count(*) FROM linkedin_webhook_events WHERE event_type = 'EXPORT_CANDIDATE_PROFILE'"
        " AND status = 'processed' AND outcome IS NULL"
    )
    return ExportResults(
        answer_ms=answer_ms,
        done_ms=done_ms,
        echo_ms=echo_ms,
        challenge_ms=challenge_ms,
        failures=failures,
        exported=int(by_outcome.get("exported", 0)),
        already_in_job=int(by_outcome.get("already_in_job", 0)),
        processed_events=int(processed),
    )
