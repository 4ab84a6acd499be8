"""The customer's child app at LinkedIn: one per tenant, provisioned by Request (provisioning.py).
Its client reads and names the tenant's integrations (status.py), and its client secret is what
LinkedIn signs the tenant's webhooks with.

The secret is never stored: it is read from LinkedIn (credentialsByUniqueForeignId) when first needed
and kept in this process's memory.
"""

from __future__ import annotations

from connector.client import LinkedInClient
from services.linkedin_setup.unit import SetupUnits
from services.setup_refusals import LinkedInRefused
from services.setup_view import unique_foreign_id
from store.models import LinkedInIntegration


class ChildApps:
    def __init__(self, units: SetupUnits, partner: LinkedInClient) -> None:
        self.units = units
        self.partner = partner
        self._secrets: dict[str, str] = {}  # child app's unique foreign id -> its client secret

    def remember(self, foreign_id: str, secret: str) -> None:
        """The secret LinkedIn returned when it provisioned the child app."""
        self._secrets[foreign_id] = secret

    async def client(self, row: LinkedInIntegration) -> LinkedInClient:
        """The tenant's child app client (with the customer app's credentials, in its organization)."""
        foreign_id = row.child_app_foreign_id or unique_foreign_id(row.tenant_id)
        secret = self._secrets.get(foreign_id)
        client_id = row.child_client_id
        if secret is None or client_id is None:
            app = await self.partner.find_provisioned_application(foreign_id)
            if app is None or app.credentials is None:
                raise LinkedInRefused(detail="provisioned application not found")
            client_id, secret = app.credentials.client_id, app.credentials.client_secret
            self._secrets[foreign_id] = secret
        assert row.organization
        return self.partner.for_customer(client_id, secret, integration_context=row.organization)

    async def webhook_secret(self, tenant_id: str) -> str | None:
        """The secret LinkedIn signs this tenant's webhooks with (its child app's client secret);
        None before the integration was requested."""
        async with self.units.read(tenant_id) as work:
            row = await work.integration.find()
        if row is None or not row.child_client_id:
            return None
        await self.client(row)
        return self._secrets.get(row.child_app_foreign_id or unique_foreign_id(tenant_id))
