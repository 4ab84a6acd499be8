"""Stored LinkedIn webhook events, tenant-scoped.

An event is claimed by the transaction that stores it; the claim is a time (`claimed_until`), so a
claim left by a process that died expires by itself.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.engine import CursorResult

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
    ) -> str:
        """Store a new event, flushed at once; its id. A second event with the same notification id
        raises IntegrityError here (unique on tenant + notification id)."""
        event = WebhookEvent(
            tenant_id=self.tenant_id,
            notification_id=notification_id,
            event_type=event_type,
            payload=payload,
            status=status.value,
            attempts=1 if status is Status.RECEIVED else 0,
            claimed_until=claimed_until,
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
        self, event_id: str, status: WebhookEventStatus, *, now: datetime, error: str | None = None
    ) -> None:
        """Release the claim: processed, or failed (the next delivery runs the handler again)."""
        await self.session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.tenant_id == self.tenant_id, WebhookEvent.id == event_id)
            .values(
                status=status.value,
                claimed_until=None,
                updated_at=now,
                last_error=error[:200] if error else None,
                processed_at=now if status is Status.PROCESSED else None,
            )
        )

