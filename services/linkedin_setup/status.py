"""The integration's status as LinkedIn reports it: Partner ready, Enabled and the access level.

It is read from LinkedIn's API with the customer's child app (child_app.py), never inferred: after
Request, on the admin's Refresh, on LinkedIn's INTEGRATION_STATUS_CHANGE event and by the status poll
(services/linkedin_status_poll.py). Being challenged on the callback URL proves nothing (anyone can
call it) and changes nothing. Reading is idempotent, so any replica may do it at any time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from connector import assumed_shapes
from connector.errors import LinkedInError, LinkedInRejected
from domain.linkedin import AccessLevel, IntegrationStateName, SetupAction
from i18n import N_
from services.identity import Requester
from services.linkedin_setup.child_app import ChildApps
from services.linkedin_setup.unit import SetupUnits
from services.linkedin_setup.urls import SetupUrls
from services.setup_refusals import LinkedInDidNotAnswer
from services.setup_view import CardStamp, access_level_of, integration_keys, partner_side_ready

log = logging.getLogger(__name__)

State = IntegrationStateName
REQUEST_IDS_KEPT = 20


class IntegrationStatus:
    def __init__(self, units: SetupUnits, child_apps: ChildApps, urls: SetupUrls) -> None:
        self.units = units
        self.child_apps = child_apps
        self.urls = urls

    async def refresh(self, actor: Requester, stamp: CardStamp) -> None:
        """Read the integration status from LinkedIn now (the admin's Refresh)."""
        await self.units.check(actor, stamp, SetupAction.REFRESH)
        try:
            changed = await self.sync_status(actor.tenant_id)
        except LinkedInDidNotAnswer as refusal:
            log.warning(
                "could not read the integration status of tenant %s: %s", actor.tenant_id, refusal.__cause__
            )
            raise
        if not changed:
            # Nothing changed; the card is still re-sent so the admin sees it was checked.
            await self.units.changed(actor.tenant_id)

    async def on_status_change(self, tenant_id: str, request_id: str) -> None:
        """LinkedIn's INTEGRATION_STATUS_CHANGE: read what the request was about, then the status."""
        async with self.units.read(tenant_id) as work:
            row = await work.integration.find()
        if row is None or row.state in (State.NOT_CONNECTED, State.CONNECTED) or not row.organization:
            log.info("ignoring a status change for tenant %s: integration not requested", tenant_id)
            return
        contexts = {
            assumed_shapes.organization_urn(row.organization),
            assumed_shapes.contract_urn(row.contract or ""),
        }
        try:
            child = await self.child_apps.client(row)
            states = await child.integration_status(request_id)
        except LinkedInRejected as error:
            # LinkedIn won't show that request; the event still says something changed: read the
            # status itself (which is what the request would have led to).
            log.warning("status change for tenant %s: its request was refused (%s)", tenant_id, error.status)
            await self.sync_status(tenant_id)
            return
        except LinkedInError as error:
            raise LinkedInDidNotAnswer() from error
        if not any(s.integration_context in contexts for s in states):
            log.warning("a status change for tenant %s is not about its integrations", tenant_id)
            return
        async with self.units.change(tenant_id) as work:
            row = await work.integration.get(lock=True)
            if request_id not in (row.request_ids or []):
                row.request_ids = [*(row.request_ids or []), request_id][-REQUEST_IDS_KEPT:]
        await self.sync_status(tenant_id)

    async def sync_status(self, tenant_id: str) -> bool:
        """Read the four integrations from LinkedIn and set state and access level; True when it
        changed. Safe to run at any time and on several replicas at once (idempotent).

        Enabled (with its level) when LinkedIn shows at least the company integrations on.
        Otherwise Partner ready while LinkedIn reports the partner side complete (all four
        integrations with this tenant's callback URL, validated), else Requested.
        """
        async with self.units.read(tenant_id) as work:
            row = await work.integration.find()
            if row is None or row.state in (State.NOT_CONNECTED, State.CONNECTED):
                return False
            keys = integration_keys(row)
            callback_url = self.urls.callback_url(row.callback_id)
        try:
            child = await self.child_apps.client(row)
            result = await child.get_integrations(keys)
        except LinkedInError as error:
            raise LinkedInDidNotAnswer() from error
        level = access_level_of({kind: state.status for kind, state in result.succeeded.items()})
        ready = partner_side_ready(result.succeeded, callback_url)
        async with self.units.change(tenant_id) as work:
            row = await work.integration.get(lock=True)
            if row.state in (State.NOT_CONNECTED, State.CONNECTED):
                return False  # disconnected meanwhile
            before = (row.state, row.access_level)
            audit = work.audit
            if level is not AccessLevel.NONE:
                row.state, row.access_level = State.ENABLED.value, level.value
                row.partner_confirmed_at = row.partner_confirmed_at or datetime.now(UTC)
                if before != (row.state, row.access_level):
                    row.enabled_at = datetime.now(UTC)
                    audit.record(
                        N_("LinkedIn enabled the integration with Contract-level access")
                        if level is AccessLevel.CONTRACT
                        else N_("LinkedIn enabled the integration with Company-level access"),
                        user_id=None,
                        actor_name=None,
                    )
            elif row.state == State.ENABLED:
                row.state = State.PARTNER_READY.value if ready else State.REQUESTED.value
                row.access_level = AccessLevel.NONE.value
                row.partner_confirmed_at = row.partner_confirmed_at if ready else None
                audit.record(N_("LinkedIn turned the integration off"), user_id=None, actor_name=None)
            elif ready and row.state == State.REQUESTED:
                row.state = State.PARTNER_READY.value
                row.partner_confirmed_at = datetime.now(UTC)
                audit.record(N_("LinkedIn confirmed the partner side"), user_id=None, actor_name=None)
            elif not ready and row.state == State.PARTNER_READY:
                row.state = State.REQUESTED.value
                row.partner_confirmed_at = None
                audit.record(
                    N_("LinkedIn no longer confirms the partner side"), user_id=None, actor_name=None
                )
            changed = before != (row.state, row.access_level)
            if changed:
                work.bump(row)
        if changed:
            await self.units.changed(tenant_id)
        return changed
