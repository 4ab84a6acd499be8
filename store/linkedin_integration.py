"""The rows the LinkedIn setup of one tenant reads and writes: its integration row (the state machine,
where the setup card was posted, the child app, the job feed) and its tenant row (the name the setup
card shows, the preview features switch).

Repositories hide SQL; the setup's rules live in services/linkedin_setup/.
"""

from __future__ import annotations

from domain.linkedin import AccessLevel, IntegrationStateName
from store.models import LinkedInIntegration, Tenant
from store.repositories import TenantScoped


class LinkedInIntegrationRepository(TenantScoped):
    async def find(self) -> LinkedInIntegration | None:
        """The tenant's integration row; None when the setup was never shown or changed."""
        return await self.session.get(LinkedInIntegration, self.tenant_id)

    async def get(self, *, lock: bool = False) -> LinkedInIntegration:
        """The tenant's integration row, created Not connected on first use. With `lock`, the row is
        read with SELECT … FOR UPDATE (PostgreSQL; SQLite locks the whole database on write) and held
        until the transaction ends."""
        row = await self.session.get(LinkedInIntegration, self.tenant_id, with_for_update=lock or None)
        if row is None:
            row = LinkedInIntegration(
                tenant_id=self.tenant_id,
                state=IntegrationStateName.NOT_CONNECTED.value,
                access_level=AccessLevel.NONE.value,
                version=1,
                contracts=[],
                request_ids=[],
            )
            self.session.add(row)
            await self.session.flush()
        return row

    async def release(self, row: LinkedInIntegration) -> None:
        """Write what is pending and let the session forget the row, which the caller goes on reading
        after the transaction (while LinkedIn is called, outside it)."""
        if row.tenant_id != self.tenant_id:
            raise ValueError("an integration row of another tenant")
        await self.session.flush()
        self.session.expunge(row)

    async def tenant(self) -> Tenant | None:
        """The tenant row itself: its name and whether preview features are on."""
        return await self.session.get(Tenant, self.tenant_id)
