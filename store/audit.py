"""The audit entries of the LinkedIn setup and of what users do on LinkedIn from candidate cards, per
tenant. Repositories hide SQL; what an entry means (an English message id with its parameters, no
actor meaning LinkedIn) is services/audit.py's."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from store.models import AuditEntry
from store.repositories import TenantScoped


class AuditRepository(TenantScoped):
    def add(self, action: str, *, user_id: str | None, actor_name: str, params: dict[str, str]) -> None:
        self.session.add(
            AuditEntry(
                tenant_id=self.tenant_id, user_id=user_id, actor_name=actor_name, action=action, params=params
            )
        )

    async def recent(self, limit: int, *, excluding: Collection[str] = ()) -> list[AuditEntry]:
        """The newest `limit` entries, newest first, but for those whose action is in `excluding`."""
        statement = select(AuditEntry).where(AuditEntry.tenant_id == self.tenant_id)
        if excluding:
            statement = statement.where(AuditEntry.action.not_in(list(excluding)))
        result = await self.session.scalars(
            statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        return list(result)
