"""The worker that processes deferred LinkedIn events (a 1-click export) after the webhook answered.

`LinkedInEvents.receive` stores such an event as queued and wakes this worker with its id; the
worker claims it and runs its handler in the background, in this process. What makes that safe:

- Claim: one UPDATE with a lease (`claimed_until`), so of several workers, in this process or on
  other replicas, exactly one processes an event (store/webhook_events.py `claim`).
- Recovery: at start the worker sweeps every tenant for events that are due (stored but never
  processed, when the process died between storing and processing; or held by a claim that expired,
  when it died while processing), and sweeps again every SWEEP_SECONDS: each is processed once, in a
  run of its own (at most CONCURRENT_RUNS at once), so a slow one holds up no other.
- Transient failures (LinkedIn down, throttled, too slow; Teams throttling a notice) put the event
  back in the queue, due after a backoff that doubles per attempt (LinkedIn's Retry-After honoured),
  up to `attempts` runs; then it is left failed, with one log line. Anything else fails it at once.
- A handler's LinkedIn calls end before the claim does (`answer_within`), and the whole run too
  (RUN_SHARE_OF_LEASE: Teams stalling a notice), so nothing slow ever lets a second worker take an
  event that is still being processed; the run ended so is tried again like a transient failure.
- An event whose runs never finish (each a crash) is given up once its attempts are used.

Log lines name the tenant, the event's id and type and the error's type: never its content.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector import answer_within
from connector.errors import LinkedInThrottled, LinkedInUnavailable, WebhookRejected
from connector.webhooks import read_envelope
from logs import bind_tenant
from services.linkedin_events import DeferredEvent, LinkedInEvents
from store.global_lookups import tenants_with_webhook_events_due
from store.models import WebhookEventStatus
from store.webhook_events import WebhookEventRepository

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
# A run's LinkedIn calls give up this long before its claim ends.
LINKEDIN_SECONDS = 60.0
# A run is ended (and tried again later) when it takes longer than this share of its claim.
RUN_SHARE_OF_LEASE = 0.75
SWEEP_SECONDS = 30.0
CONCURRENT_RUNS = 8
MAX_BACKOFF_SECONDS = 3600.0


class TryLater(Exception):
    """A handler's transient failure that is not LinkedIn's own error (e.g. Teams throttled the
    notice): the event is tried again after the backoff, or `retry_after` seconds."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass
class WorkerRound:
    """What a sweep did: the events processed (claimed and run) in it."""

    processed: list[str] = field(default_factory=list)


class LinkedInEventWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        events: LinkedInEvents,
        *,
        retry_seconds: float = 10.0,
        attempts: int = 6,
        lease: timedelta = LEASE,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.events = events
        self.retry_seconds = retry_seconds
        self.attempts = attempts
        self.lease = lease
        self.sweep_seconds = sweep_seconds
        self._task: asyncio.Task[None] | None = None
        self._wakeup = asyncio.Event()
        self._hints: list[tuple[str, str]] = []
        self._runs: set[asyncio.Task[bool]] = set()
        self._slots = asyncio.Semaphore(CONCURRENT_RUNS)
        self._timers: dict[str, asyncio.TimerHandle] = {}  # event id -> when it comes due again

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """Run in the background: a sweep at once (recovery), then woken by each queued event."""
        if self._task is None:
            self.events.on_queued = self.wake
            self._task = asyncio.create_task(self._run(), name="linkedin-event-worker")

    async def stop(self) -> None:
        """Stop taking events; runs under way are cancelled (their claims expire: another worker, or
        this one after a restart, takes them again)."""
        self.events.on_queued = lambda _tenant_id, _event_id: None
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        tasks = [t for t in (self._task, *self._runs) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._task = None
        self._runs.clear()

    def wake(self, tenant_id: str, event_id: str) -> None:
        """An event was queued (or comes due): process it soon."""
        self._hints.append((tenant_id, event_id))
        self._wakeup.set()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        await self._sweep_logged()
        swept = loop.time()
        while True:
            left = max(0.0, swept + self.sweep_seconds - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=left)
            self._wakeup.clear()
            hints, self._hints = self._hints, []
            for tenant_id, event_id in hints:
                await self._spawn(tenant_id, event_id)
            if loop.time() >= swept + self.sweep_seconds:  # however busy: claims that expired elsewhere
                await self._sweep_logged()
                swept = loop.time()

    async def _spawn(self, tenant_id: str, event_id: str) -> None:
        await self._slots.acquire()
        task = asyncio.create_task(self._run_one(tenant_id, event_id))
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)

    async def _run_one(self, tenant_id: str, event_id: str) -> bool:
        try:
            return await self.process(tenant_id, event_id)
        except Exception as error:  # the database is unreachable, say: the sweep takes it later
            log.warning(
                "LinkedIn event %s of tenant %s not processed now: %s",
                event_id,
                tenant_id,
                type(error).__name__,
            )
            return False
        finally:
            self._slots.release()

    async def _sweep_logged(self) -> None:
        """The loop's sweep: each due event is run as a woken one is, in a slot of its own, so one slow
        event (or a poison one) never holds up the others, nor the events queued meanwhile."""
        try:
            for tenant_id, event_id in await self._due():
                await self._spawn(tenant_id, event_id)
        except Exception as error:  # e.g. the database is unreachable: try again next round
            log.warning("LinkedIn event sweep failed: %s", type(error).__name__)

    # --- the work ---------------------------------------------------------------------------------

    async def sweep(self) -> WorkerRound:
        """Process every deferred event that is due now, in every tenant, one after another (waits
        for them)."""
        done = WorkerRound()
        for tenant_id, event_id in await self._due():
            if await self.process(tenant_id, event_id):
                done.processed.append(event_id)
        return done

    async def _due(self) -> list[tuple[str, str]]:
        """The deferred events due now, in every tenant: (tenant id, event id)."""
        types = self.events.deferred_types
        if not types:
            return []
        now = datetime.now(UTC)
        async with self.sessions() as session:
            tenants = await tenants_with_webhook_events_due(session, types, now)
        due: list[tuple[str, str]] = []
        for tenant_id in tenants:
            async with self.sessions() as session:
                events = await WebhookEventRepository(session, tenant_id).due(types, now=now)
            due += [(tenant_id, event_id) for event_id in events]
        return due

    async def process(self, tenant_id: str, event_id: str) -> bool:
        """Claim the event and run its handler; False when it was not ours to run (another worker
        holds it, it is done, or not due yet)."""
        bind_tenant(tenant_id)
        now = datetime.now(UTC)
        async with self.sessions() as session, session.begin():
            events = WebhookEventRepository(session, tenant_id)
            if not await events.claim(event_id, now=now, claimed_until=now + self.lease):
                return False
            stored = await events.by_id(event_id)
            assert stored is not None
            payload, attempt, told = stored.payload, stored.attempts, stored.told_at is not None
        if attempt > self.attempts:
            # Runs of it began and never finished (each a crash, or a claim that ran out): it is not
            # taken again and again.
            log.warning(
                "LinkedIn event %s of tenant %s began %s runs that never finished: given up",
                event_id,
                tenant_id,
                attempt - 1,
            )
            await self._finish(tenant_id, event_id, WebhookEventStatus.FAILED, error="never finished")
            return True
        try:
            # Read as the webhook read it before storing it (never differently: what was accepted is
            # never left unreadable, and claimed, for the next sweep).
            envelope = read_envelope(payload.encode("utf-8"))
        except (WebhookRejected, UnicodeError) as error:
            log.error(
                "LinkedIn event %s of tenant %s cannot be read: %s", event_id, tenant_id, type(error).__name__
            )
            await self._finish(tenant_id, event_id, WebhookEventStatus.FAILED, error=type(error).__name__)
            return True
        event_type = envelope.type
        handler = self.events.deferred_handlers.get(event_type)
        if handler is None:  # its type lost its handler since it was stored
            await self._finish(tenant_id, event_id, WebhookEventStatus.SKIPPED)
            return True
        event = DeferredEvent(
            tenant_id=tenant_id,
            event_id=event_id,
            envelope=envelope,
            attempt=attempt,
            told=told,
            record_told=lambda: self._record_told(tenant_id, event_id),
        )
        try:
            # Its LinkedIn calls end at half the claim, and the whole run (Teams answering a notice,
            # say) before the claim ends: a run never outlives its claim, so no second worker takes an
            # event that is still being processed.
            with answer_within(min(LINKEDIN_SECONDS, self.lease.total_seconds() / 2)):
                async with asyncio.timeout(self.lease.total_seconds() * RUN_SHARE_OF_LEASE):
                    outcome = await handler(event)
        except (LinkedInThrottled, LinkedInUnavailable, TryLater, TimeoutError) as error:
            await self._later(event, event_type, error)
            return True
        except Exception as error:
            # The type and where it was raised, not its text: an error about LinkedIn's answer (a
            # validation error, say) quotes the answer, names and emails included.
            log.error(
                "LinkedIn %s event %s of tenant %s failed: %s at %s",
                event_type,
                event_id,
                tenant_id,
                type(error).__name__,
                _where(error),
            )
            await self._finish(tenant_id, event_id, WebhookEventStatus.FAILED, error=type(error).__name__)
            return True
        await self._finish(tenant_id, event_id, WebhookEventStatus.PROCESSED, outcome=outcome)
        return True

    async def _later(self, event: DeferredEvent, event_type: str, error: BaseException) -> None:
        """A transient failure: queued again after the backoff, or failed after the last attempt."""
        reason = type(error).__name__
        if event.attempt >= self.attempts:
            log.warning(
                "LinkedIn %s event %s of tenant %s failed %s times (%s): given up",
                event_type,
                event.event_id,
                event.tenant_id,
                event.attempt,
                reason,
            )
            await self._finish(event.tenant_id, event.event_id, WebhookEventStatus.FAILED, error=reason)
            return
        delay = min(MAX_BACKOFF_SECONDS, self.retry_seconds * 2 ** (event.attempt - 1))
        retry_after = getattr(error, "retry_after", None)
        if isinstance(retry_after, int | float) and retry_after > delay:
            delay = min(MAX_BACKOFF_SECONDS, float(retry_after))
        now = datetime.now(UTC)
        async with self.sessions() as session, session.begin():
            await WebhookEventRepository(session, event.tenant_id).retry_later(
                event.event_id, now=now, at=now + timedelta(seconds=delay), error=reason
            )
        log.info(
            "LinkedIn %s event %s of tenant %s failed for now (%s): tried again in %.0f s",
            event_type,
            event.event_id,
            event.tenant_id,
            reason,
            delay,
        )
        self._timers[event.event_id] = asyncio.get_running_loop().call_later(
            delay, self._due_again, event.tenant_id, event.event_id
        )

    def _due_again(self, tenant_id: str, event_id: str) -> None:
        self._timers.pop(event_id, None)
        self.wake(tenant_id, event_id)

    async def _finish(
        self,
        tenant_id: str,
        event_id: str,
        status: WebhookEventStatus,
        *,
        error: str | None = None,
        outcome: str | None = None,
    ) -> None:
        async with self.sessions() as session, session.begin():
            await WebhookEventRepository(session, tenant_id).finish(
                event_id, status, now=datetime.now(UTC), error=error, outcome=outcome
            )

    async def _record_told(self, tenant_id: str, event_id: str) -> None:
        async with self.sessions() as session, session.begin():
            await WebhookEventRepository(session, tenant_id).mark_told(event_id, now=datetime.now(UTC))


def _where(error: BaseException) -> str:
    """file:line of the frame that raised `error`."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"
