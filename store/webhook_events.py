"""Stored LinkedIn webhook events, tenant-scoped.

An inline event is claimed by the transaction that stores it; a deferred one is stored queued and
claimed later by the worker (`claim`, one UPDATE). The claim is a time (`claimed_until`), so a claim
left by a process that died expires by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.sql.elements import ColumnElement

from store.models import WebhookEvent, WebhookEventStatus
from store.repositories import TenantScoped

Status = WebhookEventStatus


class WebhookEventRepository(TenantScoped):
    async def add(
        self,
        *,
        notification_id: str,
        event_type: str,
        payload: str,
        status: WebhookEventStatus,
        now: datetime,
        claimed_until: datetime | None,
        next_attempt_at: datetime | None = None,
    ) -> str:
        """Store a new event, flushed at once; its id. A second event with the same notification id
        raises IntegrityError here (unique on tenant + notification id). A QUEUED event waits for
        the worker from `next_attempt_at`."""
        event = WebhookEvent(
            tenant_id=self.tenant_id,
            notification_id=notification_id,
            event_type=event_type,
            payload=payload,
            status=status.value,
            attempts=1 if status is Status.RECEIVED else 0,
            claimed_until=claimed_until,
            next_attempt_at=next_attempt_at,
            received_at=now,
            updated_at=now,
        )
        self.session.add(event)
        await self.session.flush()
        return event.id

    async def by_notification(self, notification_id: str) -> WebhookEvent | None:
        result = await self.session.scalars(
            select(WebhookEvent).where(
                WebhookEvent.tenant_id == self.tenant_id, WebhookEvent.notification_id == notification_id
            )
        )
        return result.first()

    async def reclaim(self, notification_id: str, *, now: datetime, claimed_until: datetime) -> bool:
        """Claim a stored event whose handler has not finished and that nobody holds (failed, or a
        claim that expired). One UPDATE, so of two concurrent deliveries at most one wins."""
        result = await self.session.execute(
            update(WebhookEvent)
            .where(
                WebhookEvent.tenant_id == self.tenant_id,
                WebhookEvent.notification_id == notification_id,
                WebhookEvent.status.in_((Status.RECEIVED.value, Status.FAILED.value)),
                or_(WebhookEvent.claimed_until.is_(None), WebhookEvent.claimed_until < now),
            )
            .values(
                status=Status.RECEIVED.value,
                attempts=WebhookEvent.attempts + 1,
                claimed_until=claimed_until,
                updated_at=now,
            )
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    async def finish(
        self,
        event_id: str,
        status: WebhookEventStatus,
        *,
        now: datetime,
        error: str | None = None,
        outcome: str | None = None,
    ) -> None:
        """Release the claim: processed (with how, when `outcome` says), or failed (an inline event:
        the next delivery runs the handler again; a deferred one: given up)."""
        await self.session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.tenant_id == self.tenant_id, WebhookEvent.id == event_id)
            .values(
                status=status.value,
                claimed_until=None,
                next_attempt_at=None,
                updated_at=now,
                last_error=error[:200] if error else None,
                outcome=outcome[:200] if outcome else None,
                processed_at=now if status is Status.PROCESSED else None,
            )
        )

    # --- deferred events: the worker ---------------------------------------------------------------

    async def due(self, event_types: Iterable[str], *, now: datetime, limit: int = 50) -> list[str]:
        """The ids of deferred events the worker may take now, oldest first: queued ones whose time
        has come, and claimed ones whose claim expired (the process handling them died)."""
        result = await self.session.scalars(
            select(WebhookEvent.id)
            .where(WebhookEvent.tenant_id == self.tenant_id, due_condition(event_types, now))
            .order_by(WebhookEvent.received_at, WebhookEvent.id)
            .limit(limit)
        )
        return list(result)

    async def claim(self, event_id: str, *, now: datetime, claimed_until: datetime) -> bool:
        """Claim a deferred event that is due (see `due`) until `claimed_until`. One UPDATE, so of
        several workers (in this process or other replicas) exactly one gets it."""
        result = await self.session.execute(
            update(WebhookEvent)
            .where(
                WebhookEvent.tenant_id == self.tenant_id,
                WebhookEvent.id == event_id,
                or_(
                    and_(WebhookEvent.status == Status.QUEUED.value, WebhookEvent.next_attempt_at <= now),
                    and_(WebhookEvent.status == Status.RECEIVED.value, WebhookEvent.claimed_until < now),
                ),
            )
            .values(
                status=Status.RECEIVED.value,
                attempts=WebhookEvent.attempts + 1,
                claimed_until=claimed_until,
                updated_at=now,
            )
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    async def by_id(self, event_id: str) -> WebhookEvent | None:
        result = await self.session.scalars(
            select(WebhookEvent).where(WebhookEvent.tenant_id == self.tenant_id, WebhookEvent.id == event_id)
        )
        return result.first()

    async def retry_later(self, event_id: str, *, now: datetime, at: datetime, error: str) -> None:
        """Release the claim of a deferred event that failed for now: queued again, due at `at`."""
        await self.session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.tenant_id == self.tenant_id, WebhookEvent.id == event_id)
            .values(
                status=Status.QUEUED.value,
                claimed_until=None,
                next_attempt_at=at,
                updated_at=now,
                last_error=error[:200],
            )
        )

    async def mark_told(self, event_id: str, *, now: datetime) -> None:
        """The person the event concerns was told (once: a run again reads `told_at`)."""
        await self.session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.tenant_id == self.tenant_id, WebhookEvent.id == event_id)
            .values(told_at=now, updated_at=now)
        )


def due_condition(event_types: Iterable[str], now: datetime) -> ColumnElement[bool]:
    """Deferred events the worker may take at `now` (queued and due, or claimed by a claim that expired)."""
    return and_(
        WebhookEvent.event_type.in_(list(event_types)),
        or_(
            and_(WebhookEvent.status == Status.QUEUED.value, WebhookEvent.next_attempt_at <= now),
            and_(WebhookEvent.status == Status.RECEIVED.value, WebhookEvent.claimed_until < now),
        ),
    )


