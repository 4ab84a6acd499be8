"""Request and Notify partner: ask LinkedIn for the integration by provisioning the customer's child
app, naming the four integrations and registering this tenant's callback URL. LinkedIn is called
outside any transaction; the state moves to Requested only if the setup did not change meanwhile."""

from __future__ import annotations

import logging

from connector.client import LinkedInClient
from connector.errors import LinkedInError, LinkedInRejected
from domain.linkedin import IntegrationStateName, SetupAction
from i18n import N_
from services.identity import Requester
from services.linkedin_setup.child_app import ChildApps
from services.linkedin_setup.status import IntegrationStatus
from services.linkedin_setup.unit import SetupUnits
from services.linkedin_setup.urls import SetupUrls
from services.setup_refusals import ContractWithoutCompany, LinkedInDidNotAnswer, LinkedInRefused
from services.setup_view import CardStamp, integration_keys, unique_foreign_id
from store.models import LinkedInIntegration

log = logging.getLogger(__name__)

INTEGRATION_NAME = "Talent Bridge"


class Provisioning:
    def __init__(
        self,
        units: SetupUnits,
        urls: SetupUrls,
        partner: LinkedInClient,
        child_apps: ChildApps,
        status: IntegrationStatus,
    ) -> None:
        self.units = units
        self.urls = urls
        self.partner = partner
        self.child_apps = child_apps
        self.status = status

    async def request(self, actor: Requester, stamp: CardStamp) -> None:
        await self._request(actor, stamp, SetupAction.REQUEST)

    async def notify_partner(self, actor: Requester, stamp: CardStamp) -> None:
        await self._request(actor, stamp, SetupAction.NOTIFY_PARTNER)

    async def _request(self, actor: Requester, stamp: CardStamp, action: SetupAction) -> None:
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, action)
            if not row.organization:
                raise ContractWithoutCompany()
            tenant = await work.integration.tenant()
            # LinkedIn is called outside the transaction; the result is saved only if nothing moved.
            await work.integration.release(row)
        await self._send_request(row, tenant.name if tenant else actor.tenant_id)
        async with self.units.change(actor.tenant_id) as work:
            current = await work.authorize(actor, stamp, action)
            current.state = IntegrationStateName.REQUESTED.value
            work.audit.record(
                N_("Requested the Recruiter System Connect integration from LinkedIn")
                if action is SetupAction.REQUEST
                else N_("Notified LinkedIn again"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            work.bump(current)
        # LinkedIn may already report the partner side complete (e.g. asked again after a
        # Disconnect): read it now rather than at the next poll.
        try:
            changed = await self.status.sync_status(actor.tenant_id)
        except (LinkedInDidNotAnswer, LinkedInRefused) as refusal:
            # Requested all the same; Refresh and the status poll read the status later.
            log.warning(
                "could not read the integration status of tenant %s: %s", actor.tenant_id, refusal.__cause__
            )
            changed = False
        if not changed:
            await self.units.changed(actor.tenant_id)

    async def _send_request(self, row: LinkedInIntegration, tenant_name: str) -> None:
        """Provision the child app, name the integrations, register this tenant's callback URL.

        The child app is remembered before the callback URL is registered: LinkedIn validates the
        URL (a signed challenge) as soon as it is registered, and the answer needs its secret.
        """
        foreign_id = unique_foreign_id(row.tenant_id)
        try:
            app = await self.partner.provision_application(
                name=f"{INTEGRATION_NAME} - {tenant_name}"[:100],
                unique_foreign_id=foreign_id,
                description="Talent Bridge ATS integration",
                callback_urls=[self.urls.redirect_uri],
            )
            assert app.credentials is not None
            self.child_apps.remember(foreign_id, app.credentials.client_secret)
            row.child_app_foreign_id = foreign_id
            row.child_client_id = app.credentials.client_id
            async with self.units.change(row.tenant_id) as work:
                stored = await work.integration.get(lock=True)
                stored.child_app_foreign_id = foreign_id
                stored.child_client_id = app.credentials.client_id
            child = await self.child_apps.client(row)
            keys = integration_keys(row)
            (await child.name_integrations(dict.fromkeys(keys, INTEGRATION_NAME))).raise_for_errors()
            for key in keys:
                (
                    await child.register_callback_url(key, self.urls.callback_url(row.callback_id))
                ).raise_for_errors()
        except LinkedInRejected as error:
            raise LinkedInRefused(detail=error.message) from error
        except LinkedInError as error:
            log.warning("LinkedIn setup request failed for tenant %s: %s", row.tenant_id, error)
            raise LinkedInDidNotAnswer() from error
