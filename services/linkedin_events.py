"""LinkedIn → ATS webhooks at each tenant's own callback URL: the challenge, and per event the
signature, the storing and the handler of its type. The HTTP shell is web/linkedin.py; the work an
event starts belongs to its service.

- The challenge only answers: it changes nothing. Whether LinkedIn validated the callback URL is
  read from LinkedIn's API (the setup's status check), never inferred from being challenged.
- Handlers: one per event type (`register` or `register_deferred`), in one registry.
  INTEGRATION_STATUS_CHANGE reads the integration status inline; a type without a handler is stored
  (skipped) and answered 200, so LinkedIn does not redeliver it.
- Deferred (EXPORT_CANDIDATE_PROFILE): once its signature is valid, the event is stored (unique on
  tenant + notification id) as queued and answered 200 at once, before any processing; the worker
  (services/linkedin_event_worker.py) is woken and processes it in the background. A redelivery of
  a stored event answers 200 and changes nothing.
- Inline claim: the event is stored (unique on tenant + notification id) in the transaction that
  claims it for CLAIM_LEASE, so of two concurrent deliveries exactly one runs the handler; the other
  is told the event is in progress (LinkedIn delivers again) or, once handled, that it is a duplicate.
- Inline failure: when the handler fails (LinkedIn down, or a bug), the event is marked failed and
  the claim released, and the answer is 503: LinkedIn's next delivery runs the handler again. A
  claim left by a process that died expires after CLAIM_LEASE, and the next delivery takes it.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector import assumed_shapes
from connector.assumed_shapes import WebhookEnvelope
from connector.errors import LinkedInError, WebhookRejected
from connector.webhooks import challenge_code_valid, challenge_response, parse_event
from logs import bind_tenant
from services.errors import UserFacingError
from services.linkedin_setup import LinkedInSetup
from store.global_lookups import tenant_of_callback
from store.models import WebhookEventStatus
from store.webhook_events import WebhookEventRepository

log = logging.getLogger(__name__)

EventHandler = Callable[[str, WebhookEnvelope], Awaitable[None]]
CLAIM_LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class DeferredEvent:
    """A stored event as the worker hands it to its handler. `told` says whether the person it
    concerns was told already (by an earlier run); `record_told` records it, right after telling."""

    tenant_id: str
    event_id: str
    envelope: WebhookEnvelope
    attempt: int  # 1 for the first run
    told: bool
    record_told: Callable[[], Awaitable[None]]


# A deferred handler's answer: None when it simply succeeded, else how it ended, for the event row
# (ids and reasons only, never names or text): a refusal, an exporter with no ATS user, unreachable.
DeferredHandler = Callable[[DeferredEvent], Awaitable[str | None]]


class UnknownCallback(LookupError):
    """No tenant has this callback id (answer 404)."""


class CannotHandleNow(RuntimeError):
    """LinkedIn (or a handler) failed; nothing is lost: LinkedIn delivers again (answer 503)."""


class Delivery(enum.StrEnum):
    """What became of one delivery."""

    PROCESSED = "processed"  # its handler ran now
    QUEUED = "queued"  # stored; the worker processes it after the answer
    STORED = "stored"  # no handler for its type: stored only
    DUPLICATE = "duplicate"  # handled (or stored) before
    IN_PROGRESS = "in progress"  # another delivery of the same event holds the claim


class LinkedInEvents:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], setup: LinkedInSetup) -> None:
        self.sessions = sessions
        self.setup = setup
        # The registry: one handler per event type, run inline (in the request) or deferred (by the worker).
        self.handlers: dict[str, EventHandler] = {}
        self.deferred_handlers: dict[str, DeferredHandler] = {}
        # Called with (tenant id, event id) when a deferred event was stored: the worker's wake-up.
        self.on_queued: Callable[[str, str], None] = lambda _tenant_id, _event_id: None
        self.register(assumed_shapes.INTEGRATION_STATUS_CHANGE, self._status_changed)

    def register(self, event_type: str, handler: EventHandler) -> None:
        """The service call an event type starts, inline, before the answer; one per type."""
        self._one_per_type(event_type)
        self.handlers[event_type] = handler

    def register_deferred(self, event_type: str, handler: DeferredHandler) -> None:
        """The service call an event type starts after the answer, in the worker; one per type."""
        self._one_per_type(event_type)
        self.deferred_handlers[event_type] = handler

    def _one_per_type(self, event_type: str) -> None:
        if event_type in self.handlers or event_type in self.deferred_handlers:
            raise ValueError(f"{event_type} events already have a handler")

    @property
    def deferred_types(self) -> list[str]:
        return sorted(self.deferred_handlers)

    async def _secret(self, callback_id: str) -> tuple[str, str]:
        async with self.sessions() as session:
            tenant_id = await tenant_of_callback(session, callback_id)
        if tenant_id is None:
            raise UnknownCallback(callback_id)
        bind_tenant(tenant_id)  # the rest of this request's log lines name the tenant
        try:
            secret = await self.setup.webhook_secret(tenant_id)
        except (LinkedInError, UserFacingError) as error:
            log.warning("no webhook secret for tenant %s now: %s", tenant_id, type(error).__name__)
            raise CannotHandleNow() from error
        if secret is None:
            raise UnknownCallback(callback_id)  # nothing was requested from LinkedIn for this tenant
        return tenant_id, secret

    async def challenge(self, callback_id: str, challenge_code: str) -> dict[str, str]:
        """The answer to LinkedIn's validation of the callback URL; changes nothing.

        Raises WebhookRejected (400) unless the code is a UUID, UnknownCallback (404), CannotHandleNow.
        """
        if not challenge_code_valid(challenge_code):  # before any lookup
            raise WebhookRejected("challengeCode must be a UUID", status=400)
        _tenant_id, secret = await self._secret(callback_id)
        return challenge_response(challenge_code, secret)

    async def receive(self, callback_id: str, raw_body: bytes, signature: str | None) -> Delivery:
        """Verify, store and handle one delivery (a deferred type: store it and wake the worker).

        Raises UnknownCallback (404) or WebhookRejected (401 bad signature, 400 malformed): then
        nothing was written. CannotHandleNow (503): the event is stored as failed, for the next delivery.
        """
        tenant_id, secret = await self._secret(callback_id)
        envelope = parse_event(raw_body, signature, secret)
        now = datetime.now(UTC)
        if envelope.type in self.deferred_handlers:
            return await self._queue(tenant_id, envelope, raw_body.decode("utf-8"), now)
        handler = self.handlers.get(envelope.type)
        claimed = await self._claim(tenant_id, envelope, raw_body.decode("utf-8"), now, handler is not None)
        if claimed is None:
            return await self._already_there(tenant_id, envelope.dedupe_key)
        if handler is None:
            log.info("no handler for LinkedIn %s events; stored for tenant %s", envelope.type, tenant_id)
            return Delivery.STORED
        try:
            await handler(tenant_id, envelope)
        except (LinkedInError, UserFacingError) as error:
            log.warning(
                "LinkedIn %s event for tenant %s failed (%s); LinkedIn delivers it again",
                envelope.type,
                tenant_id,
                type(error).__name__,
            )
            await self._finish(tenant_id, claimed, WebhookEventStatus.FAILED, type(error).__name__)
            raise CannotHandleNow() from error
        except Exception as error:
            log.exception("LinkedIn %s event for tenant %s failed", envelope.type, tenant_id)
            await self._finish(tenant_id, claimed, WebhookEventStatus.FAILED, type(error).__name__)
            raise CannotHandleNow() from error
        await self._finish(tenant_id, claimed, WebhookEventStatus.PROCESSED)
        return Delivery.PROCESSED

    async def _claim(
        self, tenant_id: str, envelope: WebhookEnvelope, payload: str, now: datetime, handled: bool
    ) -> str | None:
        """Store the event and claim it in one transaction; or claim it again when a stored one waits
        for its handler and nobody holds it. The event's id when claimed, else None."""
        until = now + CLAIM_LEASE
        try:
            async with self.sessions() as session, session.begin():
                return await WebhookEventRepository(session, tenant_id).add(
                    notification_id=envelope.dedupe_key,
                    event_type=envelope.type,
                    payload=payload,
                    status=WebhookEventStatus.RECEIVED if handled else WebhookEventStatus.SKIPPED,
                    now=now,
                    claimed_until=until if handled else None,
                )
        except IntegrityError:
            pass  # stored by an earlier (or concurrent) delivery
        async with self.sessions() as session, session.begin():
            events = WebhookEventRepository(session, tenant_id)
            if not await events.reclaim(envelope.dedupe_key, now=now, claimed_until=until):
                return None
            stored = await events.by_notification(envelope.dedupe_key)
            assert stored is not None
            return stored.id

    async def _queue(
        self, tenant_id: str, envelope: WebhookEnvelope, payload: str, now: datetime
    ) -> Delivery:
        """Store a deferred event, queued for the worker, and wake it; a stored one is a duplicate."""
        try:
            async with self.sessions() as session, session.begin():
                event_id = await WebhookEventRepository(session, tenant_id).add(
                    notification_id=envelope.dedupe_key,
                    event_type=envelope.type,
                    payload=payload,
                    status=WebhookEventStatus.QUEUED,
                    now=now,
                    claimed_until=None,
                    next_attempt_at=now,
                )
        except IntegrityError:
            log.info("duplicate LinkedIn %s notification for tenant %s", envelope.type, tenant_id)
            return Delivery.DUPLICATE
        self.on_queued(tenant_id, event_id)
        return Delivery.QUEUED

    async def _already_there(self, tenant_id: str, notification_id: str) -> Delivery:
        async with self.sessions() as session:
            stored = await WebhookEventRepository(session, tenant_id).by_notification(notification_id)
        if stored is not None and stored.status == WebhookEventStatus.RECEIVED:
            log.info("LinkedIn notification for tenant %s is being handled by another delivery", tenant_id)
            return Delivery.IN_PROGRESS
        log.info("duplicate LinkedIn notification for tenant %s", tenant_id)
        return Delivery.DUPLICATE

    async def _finish(
        self, tenant_id: str, event_id: str, status: WebhookEventStatus, error: str | None = None
    ) -> None:
        async with self.sessions() as session, session.begin():
            await WebhookEventRepository(session, tenant_id).finish(
                event_id, status, now=datetime.now(UTC), error=error
            )

    async def _status_changed(self, tenant_id: str, envelope: WebhookEnvelope) -> None:
        await self.setup.on_status_change(tenant_id, envelope.request_id)


__all__ = [
    "CannotHandleNow",
    "DeferredEvent",
    "DeferredHandler",
    "Delivery",
    "LinkedInEvents",
    "UnknownCallback",
    "WebhookRejected",
]
