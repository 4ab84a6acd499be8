"""A tenant's LinkedIn integration row, as the features that depend on it read it (the capability
check, the job feed report). Repositories hide SQL; what a state or access level allows is decided
in services/."""

from __future__ import annotations

from store.models import LinkedInIntegration
from store.repositories import TenantScoped


class IntegrationRepository(TenantScoped):
    async def get(self) -> LinkedInIntegration | None:
        """The tenant's integration (its primary key is the tenant id), if set up at all."""
        return await self.session.get(LinkedInIntegration, self.tenant_id)
