"""The sandbox's shared pieces: state holder, API errors, bearer auth, limits and fault injection."""

from __future__ import annotations

import asyncio
import calendar
import math
import random
import secrets
from collections import deque
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from linkedin_sandbox.config import SandboxConfig
from linkedin_sandbox.state import SandboxClock, SandboxDb, Stats

MAX_URL = 8192
MAX_QUERY = 4096


class ApiError(Exception):
    """Answered as LinkedIn's error JSON: {"status", "serviceErrorCode", "message"}."""

    def __init__(self, status: int, message: str, *, code: int = 0, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers or {}

    def response(self) -> web.Response:
        body = {"status": self.status, "serviceErrorCode": self.code, "message": self.message}
        return web.json_response(body, status=self.status, headers=self.headers)


@dataclass(frozen=True)
class Caller:
    client_id: str
    kind: str  # parent | child | member
    member_id: str | None = None


@dataclass(frozen=True)
class Fault:
    status: int = 0  # 0: answer normally (after the delay)
    retry_after: int | None = None
    delay_ms: int = 0


class Sandbox:
    """Everything the handlers share; one per sandbox app."""

    def __init__(self, db: SandboxDb, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        self.clock = SandboxClock()
        self.stats = Stats()
        self.rng = random.Random(config.random_seed)
        self.fail_next: deque[Fault] = deque()
        self.delivery: Any = None  # set by the server (linkedin_sandbox.delivery.WebhookDelivery)

    def configure(self, **changes: Any) -> None:
        self.config = replace(self.config, **changes)

    # --- identity -------------------------------------------------------------------------------------
    def new_id(self, prefix: str = "") -> str:
        return prefix + secrets.token_hex(8)

    def issue_token(self, client_id: str, member_id: str | None, ttl: int) -> str:
        token = "sbx-" + secrets.token_urlsafe(24)
        self.db.run(
            "INSERT INTO tokens (token, client_id, member_id, expires_at) VALUES (?, ?, ?, ?)",
            token,
            client_id,
            member_id,
            self.clock.now() + ttl,
        )
        return token

    def caller(self, request: web.Request) -> Caller:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise ApiError(401, "Empty oauth2 access token", code=65604)
        row = self.db.one(
            "SELECT t.client_id, t.member_id, t.expires_at, a.kind FROM tokens t"
            " JOIN apps a ON a.client_id = t.client_id WHERE t.token = ?",
            header[7:].strip(),
        )
        if row is None:
            raise ApiError(401, "Invalid access token", code=65600)
        if row["expires_at"] <= self.clock.now():
            raise ApiError(401, "The token used in the request has expired", code=65601)
        kind = "member" if row["member_id"] else row["kind"]
        return Caller(row["client_id"], kind, row["member_id"])

    # --- limits ----------------------------------------------------------------------------------------
    def _seconds_to_midnight(self) -> int:
        now = self.clock.now()
        return max(1, math.ceil(86400 - now % 86400))

    def count_request(self, client_id: str, bucket: str, limit: int) -> None:
        """Daily request limits (reset at midnight UTC) -> 429 with Retry-After."""
        day = int(self.clock.now() // 86400)
        self._bump(client_id, bucket, day, 1, limit, self._seconds_to_midnight(), "daily")

    def take_records(self, client_id: str, records: int) -> None:
        """LinkedIn's 10,000 records a minute -> 429 with Retry-After until the next minute."""
        now = self.clock.now()
        minute = int(now // 60)
        retry = max(1, math.ceil(60 - now % 60))
        self._bump(client_id, "records", minute, records, self.config.records_per_minute, retry, "per-minute")

    def _bump(
        self, client_id: str, bucket: str, window: int, amount: int, limit: int, retry: int, what: str
    ) -> None:
        row = self.db.one(
            "SELECT count FROM counters WHERE client_id = ? AND bucket = ? AND window = ?",
            client_id,
            bucket,
            window,
        )
        used = row["count"] if row else 0
        if used + amount > limit:
            raise ApiError(
                429,
                f"Resource level throttle: {what} {bucket} limit of {limit} reached",
                code=101,
                headers={"Retry-After": str(retry)},
            )
        self.db.run(
            "INSERT INTO counters (client_id, bucket, window, count) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (client_id, bucket, window) DO UPDATE SET count = count + ?",
            client_id,
            bucket,
            window,
            amount,
            amount,
        )

    def exports_this_month(self, seat_id: str) -> int:
        now = datetime.fromtimestamp(self.clock.now(), UTC)
        month_start = calendar.timegm((now.year, now.month, 1, 0, 0, 0)) * 1000
        row = self.db.one(
            "SELECT COUNT(*) AS n FROM exports WHERE seat_id = ? AND exported_at >= ?", seat_id, month_start
        )
        return int(row["n"]) if row else 0

    # --- faults -------------------------------------------------------------------------------------------
    async def inject_faults(self) -> None:
        fault = self.fail_next.popleft() if self.fail_next else None
        delay = (fault.delay_ms if fault else 0) + self.config.latency_ms
        if delay:
            await asyncio.sleep(delay / 1000)
        if fault and fault.status:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
            raise ApiError(fault.status, "injected fault", headers=headers)
        if self.config.throttle_rate and self.rng.random() < self.config.throttle_rate:
            raise ApiError(429, "injected throttle", headers={"Retry-After": "1"})
        if self.config.error_rate and self.rng.random() < self.config.error_rate:
            raise ApiError(500, "injected server error")

    # --- customers ---------------------------------------------------------------------------------------
    def claim_context(self, client_id: str, context: str) -> None:
        """An integration context belongs to the first child app that uses it; others get 403."""
        row = self.db.one("SELECT client_id FROM contexts WHERE context = ?", context)
        if row is None:
            self.db.run("INSERT INTO contexts (context, client_id) VALUES (?, ?)", context, client_id)
        elif row["client_id"] != client_id:
            raise ApiError(403, f"{context} belongs to another application", code=100)

    def enabled_types(self, client_id: str) -> set[str]:
        rows = self.db.all(
            "SELECT type FROM integrations WHERE client_id = ? AND status = 'ENABLED'", client_id
        )
        return {r["type"] for r in rows}


SANDBOX = web.AppKey("sandbox", Sandbox)


@web.middleware
async def api_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Errors as LinkedIn JSON; 414 on long URLs; fault injection on /v2 calls."""
    sandbox: Sandbox = request.app[SANDBOX]
    try:
        raw = request.raw_path
        if len(raw) > MAX_URL or len(request.rel_url.raw_query_string) > MAX_QUERY:
            raise ApiError(414, "Request-URI Too Long")
        if request.path.startswith("/v2/"):
            sandbox.stats.api_requests += 1
            await sandbox.inject_faults()
        return await handler(request)
    except ApiError as exc:
        return exc.response()
