"""The nonces of the signed `state` parameters of LinkedIn sign-ins, each usable once.

Repositories hide SQL; the token's signature, lifetime and checks live in services/signin_states.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import SignInState
from store.repositories import TenantScoped


class SignInStateRepository(TenantScoped):
    """Constructed for the tenant the state's signature vouches for."""

    def add(self, *, nonce: str, user_id: str, purpose: str, expires_at: datetime) -> None:
        self.session.add(
            SignInState(
                nonce=nonce, tenant_id=self.tenant_id, user_id=user_id, purpose=purpose, expires_at=expires_at
            )
        )

    async def by_nonce(self, nonce: str) -> SignInState | None:
        result = await self.session.scalars(
            select(SignInState).where(SignInState.tenant_id == self.tenant_id, SignInState.nonce == nonce)
        )
        return result.first()

    async def mark_used(self, nonce: str, now: datetime) -> bool:
        """Mark the state used, atomically; False when it was used already (e.g. a replayed callback)."""
        result = await self.session.execute(
            update(SignInState)
            .where(
                SignInState.tenant_id == self.tenant_id,
                SignInState.nonce == nonce,
                SignInState.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1


async def purge_signin_states(session: AsyncSession, expired_before: datetime) -> None:
    """Maintenance across tenants on purpose: states that expired before `expired_before` are of no
    use to anyone any more, whichever tenant issued them."""
    await session.execute(
        delete(SignInState)
        .where(SignInState.expires_at < expired_before)
        .execution_options(synchronize_session=False)
    )
