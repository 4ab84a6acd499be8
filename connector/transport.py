"""HTTP plumbing shared by every LinkedIn call: retries, error mapping, tokens and rate limits."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)
from yarl import URL

from connector.errors import (
    LinkedInAuthError,
    LinkedInConflict,
    LinkedInError,
    LinkedInNotFound,
    LinkedInRejected,
    LinkedInThrottled,
    LinkedInTimeout,
    LinkedInUnavailable,
)

Clock = Callable[[], float]

# When set: the time.monotonic() by which every LinkedIn call of this task must have finished.
_deadline: ContextVar[float | None] = ContextVar("linkedin_deadline", default=None)


@contextmanager
def answer_within(seconds: float) -> Iterator[None]:
    """LinkedIn calls made inside give up, with their typed error, once `seconds` have passed:
    for calls that a person waits on (Teams stops waiting for a turn's answer within seconds,
    15 s at most), so that a slow or throttling LinkedIn gives them a clear answer in time.
    Nested budgets keep the earlier deadline."""
    deadline = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def _seconds_left() -> float | None:
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


@dataclass(frozen=True)
class RetryPolicy:
    """Retries on 429, 5xx and timeouts: exponential backoff with jitter, Retry-After honoured,
    bounded by `attempts` and by `total_seconds` (a wait that would cross it is not started)."""

    attempts: int = 5
    total_seconds: float = 60.0
    initial_backoff: float = 0.5
    max_backoff: float = 10.0
    jitter: float = 0.5
    request_timeout: float = 15.0


@dataclass(frozen=True)
class ClientConfig:
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # Client-side limit per customer app for sync (push) calls: LinkedIn allows 10,000 records a minute.
    records_per_period: int = 10_000
    period_seconds: float = 60.0
    # Refresh an app token this long before LinkedIn says it expires.
    token_refresh_margin: float = 120.0
    user_agent: str = "TalentBridge/0.1"


@dataclass(frozen=True)
class Response:
    status: int
    body: Any
    headers: dict[str, str]


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def error_for(status: int, body: Any, headers: Any = None) -> LinkedInError:
    """Map a non-2xx answer to its typed error."""
    message = ""
    code: int | None = None
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("error_description") or body.get("error") or "")
        raw_code = body.get("serviceErrorCode")
        code = raw_code if isinstance(raw_code, int) else None
    message = message or f"HTTP {status}"
    if status == 429:
        return LinkedInThrottled(message, retry_after=_retry_after(headers), service_error_code=code)
    if status in (401, 403):
        return LinkedInAuthError(message, status=status, service_error_code=code)
    if status >= 500:
        return LinkedInUnavailable(message, status=status, service_error_code=code)
    if status == 404:
        return LinkedInNotFound(message, status=status, service_error_code=code)
    if status == 409:
        return LinkedInConflict(message, status=status, service_error_code=code)
    return LinkedInRejected(message, status=status, service_error_code=code)


class Transport:
    """One aiohttp session (given or owned), the retry policy and the per-app limiters and tokens."""

    def __init__(
        self, session: aiohttp.ClientSession | None, config: ClientConfig, clock: Clock = time.monotonic
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self.config = config
        self.clock = clock
        self._limiters: dict[str, AsyncLimiter] = {}
        self.tokens: dict[str, TokenCache] = {}

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    def limiter(self, app_id: str) -> AsyncLimiter:
        if app_id not in self._limiters:
            self._limiters[app_id] = AsyncLimiter(self.config.records_per_period, self.config.period_seconds)
        return self._limiters[app_id]

    def _wait(self) -> Callable[[RetryCallState], float]:
        policy = self.config.retry
        backoff = wait_exponential_jitter(
            initial=policy.initial_backoff, max=policy.max_backoff, jitter=policy.jitter
        )

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, LinkedInThrottled) and exc.retry_after is not None:
                return exc.retry_after
            return backoff(state)

        return wait

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        json_body: Any = None,
        form: dict[str, str] | None = None,
    ) -> Response:
        """Send with retries; raises the typed error of the last attempt. Inside `answer_within`,
        the retries (and each attempt's timeout) end at its deadline."""
        policy = self.config.retry
        left = _seconds_left()
        if left is not None and left <= 0:
            raise LinkedInTimeout(f"{method} {url}: not sent, the time to answer is up")
        total = policy.total_seconds if left is None else min(policy.total_seconds, left)
        retrying = AsyncRetrying(
            retry=retry_if_exception_type((LinkedInThrottled, LinkedInUnavailable)),
            stop=stop_after_attempt(policy.attempts) | stop_before_delay(total),
            wait=self._wait(),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._once(method, url, headers=headers, json_body=json_body, form=form)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None,
        json_body: Any,
        form: dict[str, str] | None,
    ) -> Response:
        all_headers = {"User-Agent": self.config.user_agent, **(headers or {})}
        data: Any = None
        if json_body is not None:
            all_headers["Content-Type"] = "application/json"
            data = json.dumps(json_body)
        elif form is not None:
            data = form
        left = _seconds_left()
        limit = self.config.retry.request_timeout
        timeout = aiohttp.ClientTimeout(total=limit if left is None else max(0.01, min(limit, left)))
        try:
            async with self.session.request(
                method, URL(url, encoded=True), headers=all_headers, data=data, timeout=timeout
            ) as resp:
                raw = await resp.read()
                body: Any = None
                if raw:
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = raw.decode(errors="replace")
                response = Response(resp.status, body, dict(resp.headers))
        except TimeoutError as exc:
            raise LinkedInTimeout(f"{method} {url}: no answer within the timeout") from exc
        except aiohttp.ClientError as exc:
            raise LinkedInUnavailable(f"{method} {url}: {exc}") from exc
        if response.status >= 400:
            raise error_for(response.status, response.body, response.headers)
        return response


@dataclass
class _Token:
    value: str
    expires_at: float


class TokenCache:
    """One app's client-credentials token: reused until shortly before expiry, fetched once
    even when many callers need it at the same moment."""

    def __init__(
        self, fetch: Callable[[], Awaitable[tuple[str, float]]], clock: Clock, margin: float
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._margin = margin
        self._token: _Token | None = None
        self._lock = asyncio.Lock()

    def _fresh(self) -> str | None:
        if self._token and self._clock() < self._token.expires_at - self._margin:
            return self._token.value
        return None

    async def get(self) -> str:
        token = self._fresh()
        if token:
            return token
        async with self._lock:
            token = self._fresh()
            if token:
                return token
            value, expires_in = await self._fetch()
            self._token = _Token(value, self._clock() + expires_in)
            return value

    def invalidate(self, value: str) -> None:
        """Forget the token if it is still the one LinkedIn refused."""
        if self._token and self._token.value == value:
            self._token = None
