"""The audit log of the LinkedIn setup: who changed what, and when; and of what users do on LinkedIn
from a candidate card (saving a candidate to a Recruiter project).

Entries are written inside the caller's unit of work (the service that makes the change), so a
change and its audit entry commit together. `action` is an English message id (N_) with `params`
for its placeholders; it is translated where it is shown. The setup card shows the setup's recent
changes only: what users do from candidate cards is recorded, not shown there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.linkedin import AuditLine
from i18n import N_
from store.audit import AuditRepository

SAVED_TO_RECRUITER_PROJECT = N_("Saved {candidate} to the Recruiter project {project}")
# Entries about candidates, not about the setup: left out of the setup card's recent changes.
CANDIDATE_ACTIONS = frozenset({SAVED_TO_RECRUITER_PROJECT})


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
        """The setup's newest changes, newest first (entries about candidates left out)."""
        return [
            AuditLine(
                actor_name=entry.actor_name,
                is_linkedin=not entry.actor_name,
                action=entry.action,
                params=dict(entry.params or {}),
                at=entry.created_at,
            )
            for entry in await self.entries.recent(limit, excluding=CANDIDATE_ACTIONS)
        ]
