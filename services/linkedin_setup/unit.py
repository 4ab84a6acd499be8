"""How every change of a tenant's LinkedIn setup is made, whatever started it (a card button, a
sign-in, a webhook, a status read):

- in one unit of work (a transaction) at a time per tenant: in this process by a lock per tenant
  (SQLite has no row locks), across replicas by the integration row's lock (SELECT … FOR UPDATE on
  PostgreSQL). LinkedIn is never called inside one;
- a card button is checked first (`SetupWork.authorize`): an admin, still one in the database, on a
  card of their own tenant at its current version, for an action the current state offers;
- the change is written with its audit entry and bumps `version` (`SetupWork.bump`), so a card
  showing an older version is recognised as out of date;
- once committed, the listeners are told (the bot updates the setup card in place).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.linkedin import SetupAction
from services.audit import AuditLog
from services.identity import Requester
from services.setup_refusals import (
    NotAllowedNow,
    NotAnAdmin,
    OtherTenantsCard,
    OutOfDateCard,
    PreviewFeaturesOff,
)
from services.setup_view import CardStamp, allowed_actions
from store.linkedin_integration import LinkedInIntegrationRepository
from store.models import LinkedInIntegration, User
from store.repositories import UserRepository

log = logging.getLogger(__name__)

Listener = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class SetupWork:
    """One transaction on one tenant's setup, with that tenant's repositories."""

    session: AsyncSession  # for the services that take the caller's session (linked accounts)
    tenant_id: str
    integration: LinkedInIntegrationRepository
    audit: AuditLog
    users: UserRepository

    @classmethod
    def of(cls, session: AsyncSession, tenant_id: str) -> SetupWork:
        return cls(
            session=session,
            tenant_id=tenant_id,
            integration=LinkedInIntegrationRepository(session, tenant_id),
            audit=AuditLog(session, tenant_id),
            users=UserRepository(session, tenant_id),
        )

    async def admin(self, user_id: str) -> User:
        """The user, read again in this transaction, when they are (still) an ATS admin."""
        user = await self.users.by_id(user_id)
        if user is None or not user.is_admin:
            raise NotAnAdmin()
        return user

    async def authorize(self, actor: Requester, stamp: CardStamp, action: SetupAction) -> LinkedInIntegration:
        """The integration row, locked, when this admin may do `action` from this card now; raises
        the refusal otherwise. The unit must be the actor's tenant's."""
        if actor.tenant_id != self.tenant_id:
            raise ValueError("a card action authorized in another tenant's unit of work")
        if not actor.is_admin:
            raise NotAnAdmin()
        await self.admin(actor.user_id)
        if stamp.tenant_id != actor.tenant_id:
            raise OtherTenantsCard()
        row = await self.integration.get(lock=True)
        if stamp.version != row.version:
            raise OutOfDateCard()
        tenant = await self.integration.tenant()
        if action not in allowed_actions(row, preview_features=bool(tenant and tenant.preview_features)):
            if action is SetupAction.CONNECT_APPLY:
                raise PreviewFeaturesOff()
            raise NotAllowedNow()
        return row

    @staticmethod
    def bump(row: LinkedInIntegration) -> None:
        """Mark the row changed: a card showing the version before is out of date from now on."""
        row.version = (row.version or 0) + 1
        row.updated_at = datetime.now(UTC)


class SetupUnits:
    """Opens the setup's transactions, one change at a time per tenant, and tells the listeners
    after each change."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._listeners: list[Listener] = []

    @asynccontextmanager
    async def change(self, tenant_id: str) -> AsyncIterator[SetupWork]:
        """A transaction that changes this tenant's setup, serialized with the tenant's other changes
        (see the module's docstring). Lock the row with `integration.get(lock=True)` or `authorize`."""
        async with self._locks[tenant_id], self.sessions() as session, session.begin():
            yield SetupWork.of(session, tenant_id)

    @asynccontextmanager
    async def read(self, tenant_id: str) -> AsyncIterator[SetupWork]:
        """A transaction that only reads (and may create the row Not connected on first use)."""
        async with self.sessions() as session, session.begin():
            yield SetupWork.of(session, tenant_id)

    async def check(self, actor: Requester, stamp: CardStamp, action: SetupAction) -> None:
        """Raise the refusal `action` would get now (without changing anything)."""
        async with self.change(actor.tenant_id) as work:
            await work.authorize(actor, stamp, action)

    # --- listeners (the bot's in-place card update) --------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """`listener(tenant_id)` is awaited after each committed change of that tenant's setup."""
        self._listeners.append(listener)

    async def changed(self, tenant_id: str) -> None:
        for listener in self._listeners:
            try:
                await listener(tenant_id)
            except Exception:  # a card that can't be updated must not undo the change
                log.warning("setup change listener failed for tenant %s", tenant_id, exc_info=True)
