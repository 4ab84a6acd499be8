"""The audit log: who changed what, and when, in the LinkedIn setup, in candidates' LinkedIn links
and in what users do on LinkedIn from a candidate card (saving a candidate to a Recruiter project).

Entries are written inside the caller's unit of work (the service that makes the change), so a
change and its audit entry commit together. `action` is an English message id (N_) with `params`
for its placeholders; it is translated where it is shown. The setup card shows the setup's recent
changes only: what users do from candidate cards is recorded, not shown there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.linkedin import AuditLine
from i18n import N_
from store.audit import AuditRepository

# A user linked a candidate to a LinkedIn profile (a manual match), or unlinked it. The entries name
# the candidate (`candidate_id`, and `candidate`: its candidate id as users see it) and the member
# (`member_id`, and `member`, `headline`, `location`, `profile_url` as the user confirmed them).
LINKED_PROFILE = N_("Linked {candidate} to the LinkedIn profile of {member}.")
UNLINKED_PROFILE = N_("Unlinked {candidate} from the LinkedIn profile of {member}.")
# They are about a candidate, not the setup: the setup card's history leaves them out.
SAVED_TO_RECRUITER_PROJECT = N_("Saved {candidate} to the Recruiter project {project}")
CANDIDATE_ACTIONS = (LINKED_PROFILE, UNLINKED_PROFILE, SAVED_TO_RECRUITER_PROJECT)


@dataclass(frozen=True)
class CandidateLinkEntry:
    """The last time someone linked or unlinked a candidate's LinkedIn profile."""

    linked: bool  # False: unlinked
    actor_name: str
    at: datetime
    params: dict[str, str]


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
        """The newest changes of the setup (candidates' links are not the setup's)."""
        return [
            AuditLine(
                actor_name=entry.actor_name,
                is_linkedin=not entry.actor_name,
                action=entry.action,
                params=dict(entry.params or {}),
                at=entry.created_at,
            )
            for entry in await self.entries.recent(limit, leave_out=CANDIDATE_ACTIONS)
        ]

    async def last_link_change(self, candidate_id: str) -> CandidateLinkEntry | None:
        """Who last linked or unlinked this candidate's LinkedIn profile, and when."""
        entry = await self.entries.latest_about("candidate_id", candidate_id, CANDIDATE_ACTIONS)
        if entry is None:
            return None
        return CandidateLinkEntry(
            linked=entry.action == LINKED_PROFILE,
            actor_name=entry.actor_name,
            at=entry.created_at,
            params={key: str(value) for key, value in (entry.params or {}).items()},
        )
