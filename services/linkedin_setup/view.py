"""What the setup card shows (a SetupView, read in one transaction) and where the card was posted, so
that every change updates it in place. Which actions each state offers is services/setup_view.py."""

from __future__ import annotations

from domain.linkedin import AccessLevel, ContractChoice, IntegrationStateName, SetupView
from services.job_feed import JobFeed
from services.linkedin_accounts import LinkedInAccounts
from services.linkedin_setup.unit import SetupUnits
from services.linkedin_setup.urls import SetupUrls
from services.setup_view import SetupCardLocation, allowed_actions
from store.repositories import ConversationRefRepository


class SetupViews:
    def __init__(
        self, units: SetupUnits, urls: SetupUrls, accounts: LinkedInAccounts, job_feed: JobFeed
    ) -> None:
        self.units = units
        self.urls = urls
        self.accounts = accounts
        self.job_feed = job_feed

    async def view(self, tenant_id: str) -> SetupView:
        async with self.units.read(tenant_id) as work:
            row = await work.integration.get()
            tenant = await work.integration.tenant()
            preview = bool(tenant and tenant.preview_features)
            audit = await work.audit.recent(5)
            connected_member = None
            if row.connected_by_user_id:
                account = await self.accounts.account_in(work.session, tenant_id, row.connected_by_user_id)
                connected_member = account.member_name if account else None
            contracts = tuple(
                ContractChoice(c["contract"], c.get("name") or c["contract"]) for c in row.contracts
            )
            chosen = next((c for c in contracts if c.contract == row.contract), None)
            if chosen is None and row.contract:
                chosen = ContractChoice(row.contract, row.contract_name or row.contract)
        feed = await self.job_feed.report(tenant_id)
        return SetupView(
            tenant_id=tenant_id,
            tenant_name=tenant.name if tenant else "",
            state=IntegrationStateName(row.state),
            access_level=AccessLevel(row.access_level),
            version=row.version,
            contracts=contracts,
            contract=chosen,
            connected_member=connected_member,
            partner_confirmed=row.partner_confirmed_at is not None,
            callback_url=self.urls.callback_url(row.callback_id),
            job_posting_enabled=row.job_posting_enabled,
            company_name=row.company_name,
            linkedin_company_id=row.linkedin_company_id,
            feed_url=self.job_feed.feed_url(row.feed_id),
            feed=feed,
            preview_features=preview,
            apply_with_linkedin=row.apply_with_linkedin_enabled,
            audit=tuple(audit),
            actions=allowed_actions(row, preview_features=preview),
        )

    async def card_location(self, tenant_id: str) -> SetupCardLocation | None:
        """Where the setup card was posted (and how to reach that conversation), if anywhere."""
        async with self.units.read(tenant_id) as work:
            row = await work.integration.find()
            if row is None or not row.setup_conversation_id or not row.setup_activity_id:
                return None
            ref = await ConversationRefRepository(work.session, tenant_id).by_conversation(
                row.setup_conversation_id
            )
            if ref is None:
                return None
            return SetupCardLocation(
                row.setup_conversation_id, row.setup_activity_id, row.setup_locale, ref.reference
            )

    async def remember_card(
        self, tenant_id: str, conversation_id: str, activity_id: str, locale: str | None
    ) -> None:
        """The setup card just posted: later changes update this one in place."""
        async with self.units.change(tenant_id) as work:
            row = await work.integration.get(lock=True)
            row.setup_conversation_id = conversation_id
            row.setup_activity_id = activity_id
            row.setup_locale = locale
