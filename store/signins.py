"""LinkedIn sign-ins waiting for their one-time code, and who holds which LinkedIn member.

Repositories hide SQL; the rules (code lifetime, wrong-code limit) live in services/signin_codes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import LinkedInConnection, PendingSignIn
from store.repositories import TenantScoped


class PendingSignInRepository(TenantScoped):
    def add(self, pending: PendingSignIn) -> None:
        if pending.tenant_id != self.tenant_id:
            raise ValueError("a pending sign-in of another tenant")
        self.session.add(pending)

    async def of_user(self, user_id: str) -> list[PendingSignIn]:
        """The user's sign-ins still kept (waiting, or closed and expired recently), newest first."""
        result = await self.session.scalars(
            select(PendingSignIn)
            .where(PendingSignIn.tenant_id == self.tenant_id, PendingSignIn.user_id == user_id)
            .order_by(PendingSignIn.created_at.desc())
        )
        return list(result)

    async def close(self, pending_id: str, now: datetime, *, max_wrong: int) -> bool:
        """Close a waiting sign-in and wipe its token, atomically; False when it was closed already
        (e.g. by another replica), has expired or reached the wrong-code limit."""
        result = await self.session.execute(
            update(PendingSignIn)
            .where(
                PendingSignIn.tenant_id == self.tenant_id,
                PendingSignIn.id == pending_id,
                PendingSignIn.closed_at.is_(None),
                PendingSignIn.expires_at > now,
                PendingSignIn.wrong_attempts < max_wrong,
            )
            .values(closed_at=now, token_encrypted=None)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1

    async def count_wrong_code(self, pending_ids: Sequence[str], now: datetime, *, max_wrong: int) -> None:
        """One more wrong code for each of these waiting sign-ins; those at the limit are voided."""
        if not pending_ids:
            return
        waiting = (
            PendingSignIn.tenant_id == self.tenant_id,
            PendingSignIn.id.in_(pending_ids),
            PendingSignIn.closed_at.is_(None),
        )
        await self.session.execute(
            update(PendingSignIn)
            .where(*waiting)
            .values(wrong_attempts=PendingSignIn.wrong_attempts + 1)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(PendingSignIn)
            .where(*waiting, PendingSignIn.wrong_attempts >= max_wrong)
            .values(closed_at=now, token_encrypted=None)
            .execution_options(synchronize_session=False)
        )


async def purge_pending_signins(session: AsyncSession, now: datetime, keep_until: datetime) -> None:
    """Maintenance across tenants: wipe the tokens of expired sign-ins, and delete the ones that ended
    before `keep_until` (kept until then only to tell "expired" or "used" from "wrong")."""
    await session.execute(
        update(PendingSignIn)
        .where(PendingSignIn.expires_at <= now, PendingSignIn.token_encrypted.is_not(None))
        .values(token_encrypted=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(PendingSignIn)
        .where(or_(PendingSignIn.expires_at < keep_until, PendingSignIn.closed_at < keep_until))
        .execution_options(synchronize_session=False)
    )


class LinkedInConnectionRepository(TenantScoped):
    async def holder_of_member(self, member_id: str) -> str | None:
        """The user whose LinkedIn connection is this member, if any."""
        result = await self.session.scalars(
            select(LinkedInConnection.user_id).where(
                LinkedInConnection.tenant_id == self.tenant_id, LinkedInConnection.member_id == member_id
            )
        )
        return result.first()
