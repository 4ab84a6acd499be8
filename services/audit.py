"""The audit log of the LinkedIn setup: who changed what, and when.

Entries are written inside the caller's unit of work (the service that makes the change), so a
change and its audit entry commit together. `action` is an English message id (N_) with `params`
for its placeholders; it is translated where it is shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.linkedin import AuditLine
from store.models import AuditEntry


class AuditLog:
    """Tenant-scoped audit entries (repository-like: the caller owns the transaction)."""

    def __init__(self, session: AsyncSession, tenant_id: str) -> None:
        if not tenant_id:
            raise ValueError("a tenant id is required")
        self.session = session
        self.tenant_id = tenant_id

    def record(
        self, action: str, *, user_id: str | None, actor_name: str | None, **params: Any
    ) -> AuditEntry:
        """Add an entry; no actor_name means LinkedIn did it (a webhook or a status read)."""
        entry = AuditEntry(
            tenant_id=self.tenant_id,
            user_id=user_id,
            actor_name=actor_name or "",
            action=action,
            params={key: str(value) for key, value in params.items()},
        )
        self.session.add(entry)
        return entry

    async def recent(self, limit: int = 5) -> list[AuditLine]:
        result = await self.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.tenant_id == self.tenant_id)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        return [
            AuditLine(
                actor_name=entry.actor_name,
                is_linkedin=not entry.actor_name,
                action=entry.action,
                params=dict(entry.params or {}),
                at=entry.created_at,
            )
            for entry in result
        ]
