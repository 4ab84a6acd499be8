"""Job posting to LinkedIn (the company, its LinkedIn company ID, and the admin's word that posted jobs
go live), and Apply with LinkedIn with the preview features switch that gates it. None of these
calls LinkedIn: they change what the job feed and the setup card offer."""

from __future__ import annotations

from domain.linkedin import SetupAction
from i18n import N_
from services.identity import Requester
from services.job_feed import COMPANY_ID
from services.linkedin_setup.unit import SetupUnits
from services.setup_refusals import CompanyIdInvalid, CompanyNameMissing, GoLiveNotConfirmed
from services.setup_view import CardStamp

MAX_COMPANY_NAME = 200


class JobPostingSetup:
    def __init__(self, units: SetupUnits) -> None:
        self.units = units

    async def save_job_posting(
        self,
        actor: Requester,
        stamp: CardStamp,
        *,
        company_name: str,
        company_id: str,
        go_live_confirmed: bool,
    ) -> None:
        company_name = " ".join((company_name or "").split())
        company_id = (company_id or "").strip()
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, SetupAction.SAVE_JOB_POSTING)
            if not company_name or len(company_name) > MAX_COMPANY_NAME:
                raise CompanyNameMissing()
            if not COMPANY_ID.match(company_id):
                raise CompanyIdInvalid()
            if not go_live_confirmed:
                raise GoLiveNotConfirmed()
            row.company_name = company_name
            row.linkedin_company_id = company_id
            row.job_posting_enabled = True
            work.audit.record(
                N_("Turned job posting to LinkedIn on for {company} (company ID {company_id})"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
                company=company_name,
                company_id=company_id,
            )
            work.bump(row)
        await self.units.changed(actor.tenant_id)

    async def stop_job_posting(self, actor: Requester, stamp: CardStamp) -> None:
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, SetupAction.STOP_JOB_POSTING)
            row.job_posting_enabled = False
            work.audit.record(
                N_("Turned job posting to LinkedIn off"), user_id=actor.user_id, actor_name=actor.display_name
            )
            work.bump(row)
        await self.units.changed(actor.tenant_id)

    async def set_preview_features(self, actor: Requester, stamp: CardStamp, on: bool) -> None:
        """Turning preview features off also disconnects Apply with LinkedIn, which is one of them."""
        action = SetupAction.PREVIEW_ON if on else SetupAction.PREVIEW_OFF
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, action)
            tenant = await work.integration.tenant()
            assert tenant is not None
            tenant.preview_features = on
            work.audit.record(
                N_("Turned preview features on") if on else N_("Turned preview features off"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            if not on and row.apply_with_linkedin_enabled:
                row.apply_with_linkedin_enabled = False
                work.audit.record(
                    N_("Disconnected Apply with LinkedIn"),
                    user_id=actor.user_id,
                    actor_name=actor.display_name,
                )
            work.bump(row)
        await self.units.changed(actor.tenant_id)

    async def set_apply_with_linkedin(self, actor: Requester, stamp: CardStamp, on: bool) -> None:
        action = SetupAction.CONNECT_APPLY if on else SetupAction.DISCONNECT_APPLY
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, action)
            row.apply_with_linkedin_enabled = on
            work.audit.record(
                N_("Connected Apply with LinkedIn") if on else N_("Disconnected Apply with LinkedIn"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            work.bump(row)
        await self.units.changed(actor.tenant_id)
