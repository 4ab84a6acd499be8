"""Webhooks as LinkedIn sends them: the callback URL's challenge (on registration and every
2 hours), signed events, at-least-once delivery with retries and, when configured, duplicates.

`flush()` delivers everything pending now, so tests never wait on luck.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

import aiohttp

from linkedin_sandbox.core import Sandbox

log = logging.getLogger(__name__)


def _hex_hmac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class WebhookDelivery:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._challenge_retry_at: dict[str, float] = {}

    # --- lifecycle ------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        if self.sandbox.config.auto_deliver:
            self._task = asyncio.create_task(self._run(), name="sandbox-webhooks")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session:
            await self._session.close()

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                await self.process(due_only=True)
            except Exception:  # the loop must survive a broken receiver or a bug in one delivery
                log.exception("sandbox webhook delivery failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=1.0)

    # --- events -----------------------------------------------------------------------------------------
    def enqueue(self, client_id: str, event_type: str, request_id: str, context: str) -> str:
        """Queue an event for the app's callback URL; returns its notificationId."""
        sandbox = self.sandbox
        notification_id = str(uuid.uuid4())
        body = json.dumps(
            {
                "notificationId": notification_id,
                "type": event_type,
                "requestId": request_id,
                "integrationContext": context,
                "occurredAt": sandbox.clock.now_ms(),
            }
        )
        copies = 2 if sandbox.rng.random() < sandbox.config.duplicate_rate else 1
        for _ in range(copies):
            sandbox.db.run(
                "INSERT INTO outbox (client_id, notification_id, body, next_at) VALUES (?, ?, ?, ?)",
                client_id,
                notification_id,
                body,
                sandbox.clock.now(),
            )
        self.wake()
        return notification_id

    async def flush(self) -> dict[str, int]:
        """Run due challenges and try every pending delivery now, with its retries, until none is left."""
        for _ in range(self.sandbox.config.delivery_attempts + 1):
            await self.process(due_only=False)
            if not self._pending_deliverable():
                break
        return self.summary()

    def summary(self) -> dict[str, int]:
        rows = self.sandbox.db.all("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        counts = {"pending": 0, "delivered": 0, "failed": 0}
        counts.update({r["status"]: r["n"] for r in rows})
        return counts

    def _pending_deliverable(self) -> bool:
        return (
            self.sandbox.db.one(
                "SELECT 1 FROM outbox o JOIN apps a ON a.client_id = o.client_id WHERE o.status = 'pending'"
                " AND a.webhook_url IS NOT NULL"
            )
            is not None
        )

    async def process(self, *, due_only: bool) -> None:
        async with self._lock:
            await self._challenges(due_only)
            now = self.sandbox.clock.now()
            rows = self.sandbox.db.all(
                "SELECT o.*, a.webhook_url, a.client_secret, a.validated_at, a.blocked FROM outbox o"
                " JOIN apps a ON a.client_id = o.client_id WHERE o.status = 'pending'"
                + (" AND o.next_at <= ?" if due_only else "")
                + " ORDER BY o.id",
                *([now] if due_only else []),
            )
            for row in rows:
                await self._deliver(row)

    async def _deliver(self, row: Any) -> None:
        sandbox, db = self.sandbox, self.sandbox.db
        if row["blocked"]:
            db.run(
                "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?",
                "callback URL blocked after failed challenges",
                row["id"],
            )
            return
        if not row["webhook_url"] or row["validated_at"] is None:
            return  # waits for a registered, validated callback URL
        body = row["body"].encode()
        headers = {
            "Content-Type": "application/json",
            "X-LI-Signature": _hex_hmac(row["client_secret"], b"hmacsha256=" + body),
        }
        error = ""
        assert self._session is not None
        try:
            timeout = aiohttp.ClientTimeout(total=sandbox.config.delivery_timeout)
            async with self._session.post(
                row["webhook_url"], data=body, headers=headers, timeout=timeout
            ) as resp:
                if resp.status < 300:
                    sandbox.stats.deliveries += 1
                    db.run(
                        "UPDATE outbox SET status = 'delivered', attempts = attempts + 1 WHERE id = ?",
                        row["id"],
                    )
                    return
                error = f"HTTP {resp.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        sandbox.stats.delivery_failures += 1
        attempts = row["attempts"] + 1
        status = "failed" if attempts >= sandbox.config.delivery_attempts else "pending"
        next_at = sandbox.clock.now() + sandbox.config.delivery_backoff * 2 ** (attempts - 1)
        db.run(
            "UPDATE outbox SET attempts = ?, status = ?, next_at = ?, last_error = ? WHERE id = ?",
            attempts,
            status,
            next_at,
            error,
            row["id"],
        )

    # --- challenges ------------------------------------------------------------------------------------
    async def _challenges(self, due_only: bool) -> None:
        sandbox = self.sandbox
        now = sandbox.clock.now()
        rows = sandbox.db.all(
            "SELECT * FROM apps WHERE webhook_url IS NOT NULL AND blocked = 0 AND"
            " (validated_at IS NULL OR validated_at <= ?)",
            now - sandbox.config.challenge_interval,
        )
        for app in rows:
            if due_only and self._challenge_retry_at.get(app["client_id"], 0) > now:
                continue
            await self.challenge(app["client_id"])

    async def challenge(self, client_id: str) -> bool:
        """GET {callback}?challengeCode={uuid}; expects 200 application/json {"challengeCode",
        "challengeResponse"} within 3 s. A correct answer is recorded as validated_at, which the
        integration read reports."""
        sandbox, db = self.sandbox, self.sandbox.db
        app = db.one("SELECT * FROM apps WHERE client_id = ?", client_id)
        if app is None or not app["webhook_url"]:
            return False
        code = str(uuid.uuid4())
        expected = _hex_hmac(app["client_secret"], code.encode())
        sandbox.stats.challenges += 1
        ok = False
        assert self._session is not None
        try:
            timeout = aiohttp.ClientTimeout(total=sandbox.config.challenge_timeout)
            async with self._session.get(
                app["webhook_url"], params={"challengeCode": code}, timeout=timeout
            ) as resp:
                if resp.status == 200 and resp.content_type == "application/json":
                    answer = await resp.json()
                    ok = (
                        isinstance(answer, dict)
                        and answer.get("challengeCode") == code
                        and hmac.compare_digest(str(answer.get("challengeResponse", "")), expected)
                    )
        except (aiohttp.ClientError, TimeoutError, ValueError):
            ok = False
        if ok:
            db.run(
                "UPDATE apps SET validated_at = ?, challenge_failures = 0 WHERE client_id = ?",
                sandbox.clock.now(),
                client_id,
            )
            self._challenge_retry_at.pop(client_id, None)
        else:
            sandbox.stats.challenge_failures += 1
            failures = app["challenge_failures"] + 1
            blocked = int(failures >= sandbox.config.challenge_failures_to_block)
            db.run(
                "UPDATE apps SET validated_at = NULL, challenge_failures = ?, blocked = ?"
                " WHERE client_id = ?",
                failures,
                blocked,
                client_id,
            )
            self._challenge_retry_at[client_id] = (
                sandbox.clock.now() + sandbox.config.delivery_backoff * failures
            )
        return ok

    def outbox(self, limit: int = 50) -> list[dict[str, Any]]:
        rows = self.sandbox.db.all("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", limit)
        return [{k: (json.loads(r[k]) if k == "body" else r[k]) for k in r.keys()} for r in rows]
