"""The audit entries of the LinkedIn setup and of candidates' LinkedIn links, per tenant. Repositories
hide SQL; what an entry means (an English message id with its parameters, no actor meaning LinkedIn)
is services/audit.py's."""

from __future__ import annotations

from collections.abc import Sequence

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

    async def recent(self, limit: int, *, leave_out: Sequence[str] = ()) -> list[AuditEntry]:
        """The newest `limit` entries, newest first, without those whose action is in `leave_out`."""
        statement = select(AuditEntry).where(AuditEntry.tenant_id == self.tenant_id)
        if leave_out:
            statement = statement.where(AuditEntry.action.not_in(list(leave_out)))
        result = await self.session.scalars(
            statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
        )
        return list(result)

    async def latest_about(self, param: str, value: str, actions: Sequence[str]) -> AuditEntry | None:
        """The newest entry with one of these `actions` whose parameter `param` is `value` (e.g. the
        last time a candidate was linked or unlinked)."""
        if not actions:
            return None
        result = await self.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.tenant_id == self.tenant_id,
                AuditEntry.action.in_(list(actions)),
                AuditEntry.params[param].as_string() == value,
            )
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(1)
        )
        return result.first()
