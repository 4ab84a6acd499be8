"""LinkedIn sign-ins waiting for their one-time code, and who holds which LinkedIn member.

Repositories hide SQL; the rules (code lifetime, wrong-code limit) live in services/signin_codes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import LinkedInConnection, PendingSignIn
from store.repositories import TenantScoped


class PendingSignInRepository(TenantScoped):
    def add(
        self,
        *,
        pending_id: str,
        user_id: str,
        purpose: str,
        code_hash: str,
        member_id: str,
        member_name: str,
        token_encrypted: str,
        token_expires_at: datetime | None,
        contracts: list[Any],
        created_at: datetime,
        expires_at: datetime,
    ) -> None:
        """Hold a sign-in for the user who asked, until `expires_at`."""
        self.session.add(
            PendingSignIn(
                id=pending_id,
                tenant_id=self.tenant_id,
                user_id=user_id,
                purpose=purpose,
                code_hash=code_hash,
                member_id=member_id,
                member_name=member_name,
                token_encrypted=token_encrypted,
                token_expires_at=token_expires_at,
                contracts=contracts,
                wrong_attempts=0,
                expires_at=expires_at,
                created_at=created_at,
            )
        )

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

    async def of_user(self, user_id: str) -> LinkedInConnection | None:
        result = await self.session.scalars(
            select(LinkedInConnection).where(
                LinkedInConnection.tenant_id == self.tenant_id, LinkedInConnection.user_id == user_id
            )
        )
        return result.first()

    async def is_connected(self, user_id: str) -> bool:
        result = await self.session.scalars(
            select(LinkedInConnection.id).where(
                LinkedInConnection.tenant_id == self.tenant_id, LinkedInConnection.user_id == user_id
            )
        )
        return result.first() is not None

    async def save(
        self,
        user_id: str,
        *,
        member_id: str,
        member_name: str,
        token_encrypted: str,
        token_expires_at: datetime | None,
        connected_at: datetime,
    ) -> None:
        """Store or replace the user's connection, flushed at once: a member that another user of the
        tenant holds raises IntegrityError here (the unique tenant + member constraint)."""
        connection = await self.of_user(user_id)
        if connection is None:
            connection = LinkedInConnection(tenant_id=self.tenant_id, user_id=user_id)
            self.session.add(connection)
        connection.member_id = member_id
        connection.member_name = member_name
        connection.token_encrypted = token_encrypted
        connection.token_expires_at = token_expires_at
        connection.connected_at = connected_at
        await self.session.flush()

    async def remove(self, user_id: str) -> bool:
        """Delete the user's connection; True when there was one."""
        result = await self.session.execute(
            delete(LinkedInConnection).where(
                LinkedInConnection.tenant_id == self.tenant_id, LinkedInConnection.user_id == user_id
            )
        )
        return bool(getattr(result, "rowcount", 0))
