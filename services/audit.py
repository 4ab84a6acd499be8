"""The audit log of the LinkedIn setup: who changed what, and when.

Entries are written inside the caller's unit of work (the service that makes the change), so a
change and its audit entry commit together. `action` is an English message id (N_) with `params`
for its placeholders; it is translated where it is shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.linkedin import AuditLine
from store.audit import AuditRepository


class AuditLog:
    """A tenant's audit log, inside the caller's unit of work (the caller owns the transaction)."""

    def __init__(self, session: AsyncSession, tenant_id: str) -> None:
        self.entries = AuditRepository(session, tenant_id)

    def record(self, action: str, *, user_id: str | None, actor_name: str | None, **params: Any) -> None:
        """Add an entry; no actor_name means LinkedIn did it (a webhook or a status read)."""
        self.entries.add(
            action,
            user_id=user_id,
            actor_name=actor_name or "",
            params={key: str(value) for key, value in params.items()},
        )

    async def recent(self, limit: int = 5) -> list[AuditLine]:
        return [
            AuditLine(
                actor_name=entry.actor_name,
                is_linkedin=not entry.actor_name,
                action=entry.action,
                params=dict(entry.params or {}),
                at=entry.created_at,
            )
            for entry in await self.entries.recent(limit)
        ]
