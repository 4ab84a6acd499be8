"""The LinkedIn Recruiter integration of a tenant, as a state machine.

    Not connected --connect (admin signs in)--> Connected --choose contract--> Connected (contract)
      --request (provision child app, name integrations, register callback URL)--> Requested
      --LinkedIn's API reports the partner side complete--> Partner ready
      --a Recruiter admin switches it on (status change event or refresh)--> Enabled (Company/Contract)
    Partner ready and Enabled are read from LinkedIn's API with the customer app's credentials
    (after Request, on Refresh, on a status change event and by the status poll): the four
    integrations, named, with this tenant's callback URL validated by LinkedIn. Being challenged on
    the callback URL proves nothing (anyone can call it) and changes nothing.
    Disconnect (from any state past Not connected) turns it off on our side.

Every change is made by one of the methods below, whatever started it (a card button, a webhook,
a refresh), is written with its audit entry in one unit of work, bumps `version` (so an out-of-date
card is recognised) and then tells the subscribers (the bot updates the setup card in place).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector import ours
from connector.client import (
    IntegrationKey,
    LinkedInClient,
    company_integration_keys,
    contract_integration_key,
)
from connector.errors import LinkedInError, LinkedInRejected
from domain.linkedin import AccessLevel, ContractChoice, IntegrationStateName, SetupAction, SetupView
from i18n import N_
from services.audit import AuditLog
from services.identity import Requester
from services.job_feed import COMPANY_ID, JobFeed
from services.linkedin_accounts import LinkedInAccounts
from services.setup_refusals import (
    CompanyIdInvalid,
    CompanyNameMissing,
    ContractWithoutCompany,
    GoLiveNotConfirmed,
    LinkedInDidNotAnswer,
    LinkedInRefused,
    NotAllowedNow,
    NotAnAdmin,
    OtherTenantsCard,
    OutOfDateCard,
    PreviewFeaturesOff,
    SignInNoLongerNeeded,
    UnknownContract,
)
from services.setup_view import (
    CardStamp,
    SetupCardLocation,
    access_level_of,
    allowed_actions,
    partner_side_ready,
    unique_foreign_id,
)
from services.signin import SignInStates
from store.models import LinkedInIntegration, Tenant
from store.repositories import ConversationRefRepository, UserRepository

log = logging.getLogger(__name__)

State = IntegrationStateName
INTEGRATION_NAME = "Talent Bridge"
MAX_COMPANY_NAME = 200


Listener = Callable[[str], Awaitable[None]]


class LinkedInSetup:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        partner: LinkedInClient,
        *,
        signin: SignInStates,
        accounts: LinkedInAccounts,
        job_feed: JobFeed,
        base_url: str,
    ) -> None:
        self.sessions = sessions
        self.partner = partner
        self.signin = signin
        self.accounts = accounts
        self.job_feed = job_feed
        self.base_url = base_url.rstrip("/")
        self._listeners: list[Listener] = []
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._child_secrets: dict[str, str] = {}

    # --- units of work ------------------------------------------------------------------------------

    @asynccontextmanager
    async def _unit(self, tenant_id: str) -> AsyncIterator[AsyncSession]:
        """A transaction that changes this tenant's setup. Changes of one tenant are serialized:
        in this process by a lock (SQLite has no row locks), across replicas by the row lock
        (SELECT … FOR UPDATE on PostgreSQL). LinkedIn is never called inside one."""
        async with self._locks[tenant_id], self.sessions() as session, session.begin():
            yield session

    # --- subscribers (the bot's in-place card update) -----------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    async def _changed(self, tenant_id: str) -> None:
        for listener in self._listeners:
            try:
                await listener(tenant_id)
            except Exception:  # a card that can't be updated must not undo the change
                log.warning("setup change listener failed for tenant %s", tenant_id, exc_info=True)

    # --- URLs ---------------------------------------------------------------------------------------

    def callback_url(self, callback_id: str) -> str:
        return f"{self.base_url}/api/linkedin/webhook/{callback_id}"

    @property
    def redirect_uri(self) -> str:
        return f"{self.base_url}/linkedin/callback"

    def connect_url(self, state: str) -> str:
        return f"{self.base_url}/linkedin/connect?state={state}"

    # --- reading ------------------------------------------------------------------------------------

    async def _row(self, session: AsyncSession, tenant_id: str, *, lock: bool = False) -> LinkedInIntegration:
        """The tenant's integration row, created Not connected on first use."""
        row = await session.get(LinkedInIntegration, tenant_id, with_for_update=lock or None)
        if row is None:
            row = LinkedInIntegration(
                tenant_id=tenant_id,
                state=State.NOT_CONNECTED.value,
                access_level=AccessLevel.NONE.value,
                version=1,
                contracts=[],
                request_ids=[],
            )
            session.add(row)
            await session.flush()
        return row

    async def view(self, tenant_id: str) -> SetupView:
        async with self.sessions() as session, session.begin():
            row = await self._row(session, tenant_id)
            tenant = await session.get(Tenant, tenant_id)
            preview = bool(tenant and tenant.preview_features)
            audit = await AuditLog(session, tenant_id).recent(5)
            connected_member = None
            if row.connected_by_user_id:
                account = await self.accounts.account_in(session, tenant_id, row.connected_by_user_id)
                connected_member = account.member_name if account else None
            contracts = tuple(
                ContractChoice(c["contract"], c.get("name") or c["contract"]) for c in row.contracts
            )
            chosen = next((c for c in contracts if c.contract == row.contract), None)
            if chosen is None and row.contract:
                chosen = ContractChoice(row.contract, row.contract_name or row.contract)
            view_row = row
        feed = await self.job_feed.report(tenant_id)
        return SetupView(
            tenant_id=tenant_id,
            tenant_name=tenant.name if tenant else "",
            state=State(view_row.state),
            access_level=AccessLevel(view_row.access_level),
            version=view_row.version,
            contracts=contracts,
            contract=chosen,
            connected_member=connected_member,
            partner_confirmed=view_row.partner_confirmed_at is not None,
            callback_url=self.callback_url(view_row.callback_id),
            job_posting_enabled=view_row.job_posting_enabled,
            company_name=view_row.company_name,
            linkedin_company_id=view_row.linkedin_company_id,
            feed_url=self.job_feed.feed_url(view_row.feed_id),
            feed=feed,
            preview_features=preview,
            apply_with_linkedin=view_row.apply_with_linkedin_enabled,
            audit=tuple(audit),
            actions=allowed_actions(view_row, preview_features=preview),
        )

    async def card_location(self, tenant_id: str) -> SetupCardLocation | None:
        """Where the setup card was posted (and how to reach that conversation), if anywhere."""
        async with self.sessions() as session:
            row = await session.get(LinkedInIntegration, tenant_id)
            if row is None or not row.setup_conversation_id or not row.setup_activity_id:
                return None
            ref = await ConversationRefRepository(session, tenant_id).by_conversation(
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
        async with self._unit(tenant_id) as session:
            row = await self._row(session, tenant_id, lock=True)
            row.setup_conversation_id = conversation_id
            row.setup_activity_id = activity_id
            row.setup_locale = locale

    async def tenant_of_callback(self, callback_id: str) -> str | None:
        async with self.sessions() as session:
            result = await session.scalars(
                select(LinkedInIntegration.tenant_id).where(LinkedInIntegration.callback_id == callback_id)
            )
            return result.first()

    # --- checks every card button goes through ---------------------------------------------------------

    async def _authorize(
        self, session: AsyncSession, actor: Requester, stamp: CardStamp, action: SetupAction
    ) -> LinkedInIntegration:
        """The row, locked, when this admin may do `action` from this card now; raises otherwise."""
        if not actor.is_admin:
            raise NotAnAdmin()
        # The user, and whether they are still an admin, is read again inside the unit of work.
        user = await UserRepository(session, actor.tenant_id).by_id(actor.user_id)
        if user is None or not user.is_admin:
            raise NotAnAdmin()
        if stamp.tenant_id != actor.tenant_id:
            raise OtherTenantsCard()
        row = await self._row(session, actor.tenant_id, lock=True)
        if stamp.version != row.version:
            raise OutOfDateCard()
        tenant = await session.get(Tenant, actor.tenant_id)
        if action not in allowed_actions(row, preview_features=bool(tenant and tenant.preview_features)):
            if action is SetupAction.CONNECT_APPLY:
                raise PreviewFeaturesOff()
            raise NotAllowedNow()
        return row

    @staticmethod
    def _bump(row: LinkedInIntegration) -> None:
        row.version = (row.version or 0) + 1
        row.updated_at = datetime.now(UTC)

    async def check(self, actor: Requester, stamp: CardStamp, action: SetupAction) -> None:
        """Raise the refusal `action` would get now (without changing anything)."""
        async with self._unit(actor.tenant_id) as session:
            await self._authorize(session, actor, stamp, action)

    # --- Connect: the admin's LinkedIn sign-in ----------------------------------------------------------

    async def start_connect(self, actor: Requester, stamp: CardStamp) -> str:
        """The sign-in link for this admin (a signed, single-use, expiring state)."""
        await self.check(actor, stamp, SetupAction.CONNECT)
        state = await self.signin.issue(actor.tenant_id, actor.user_id, "admin", actor.locale)
        return self.connect_url(state)

    async def complete_connect(
        self,
        tenant_id: str,
        user_id: str,
        *,
        member_id: str,
        member_name: str,
        token: str,
        expires_in: int,
        contracts: list[dict[str, Any]],
    ) -> None:
        """The admin confirmed their sign-in in Teams: store their account, the contracts
        (`{"contract", "name", "organization"}`), and move to Connected. Raises NotAnAdmin,
        SignInNoLongerNeeded or LinkedInAccountTaken, each writing nothing."""
        async with self._unit(tenant_id) as session:
            user = await UserRepository(session, tenant_id).by_id(user_id)
            if user is None or not user.is_admin:
                raise NotAnAdmin()
            row = await self._row(session, tenant_id, lock=True)
            if row.state not in (State.NOT_CONNECTED, State.CONNECTED):
                raise SignInNoLongerNeeded()
            await self.accounts.connect(
                session,
                tenant_id,
                user_id,
                member_id=member_id,
                member_name=member_name or member_id,
                token=token,
                expires_in=expires_in,
            )
            row.state = State.CONNECTED.value
            row.connected_by_user_id = user_id
            row.contracts = [
                {"contract": c["contract"], "name": c.get("name"), "organization": c.get("organization")}
                for c in contracts
            ]
            audit = AuditLog(session, tenant_id)
            audit.record(
                N_("Connected to LinkedIn as {member}"),
                user_id=user.id,
                actor_name=user.display_name,
                member=member_name or member_id,
            )
            if len(contracts) == 1:
                self._choose(row, row.contracts[0])
                audit.record(
                    N_("Chose the Recruiter contract {contract}"),
                    user_id=user.id,
                    actor_name=user.display_name,
                    contract=row.contract_name,
                )
            else:
                row.contract = row.contract_name = None
            self._bump(row)
        await self._changed(tenant_id)

    @staticmethod
    def _choose(row: LinkedInIntegration, contract: dict[str, Any]) -> None:
        row.contract = contract["contract"]
        row.contract_name = contract.get("name") or contract["contract"]
        row.organization = contract.get("organization") or row.organization

    async def choose_contract(self, actor: Requester, stamp: CardStamp, contract: str) -> None:
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, SetupAction.CHOOSE_CONTRACT)
            chosen = next((c for c in row.contracts if c.get("contract") == contract), None)
            if chosen is None:
                raise UnknownContract()
            self._choose(row, chosen)
            AuditLog(session, actor.tenant_id).record(
                N_("Chose the Recruiter contract {contract}"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
                contract=row.contract_name,
            )
            self._bump(row)
        await self._changed(actor.tenant_id)

    # --- Request, notify partner, refresh -------------------------------------------------------------

    def _keys(self, row: LinkedInIntegration) -> list[IntegrationKey]:
        if not row.organization or not row.contract:
            raise NotAllowedNow()
        return [*company_integration_keys(row.organization), contract_integration_key(row.contract)]

    async def _child(self, row: LinkedInIntegration) -> LinkedInClient:
        """The customer's child app client; its secret is read from LinkedIn, never stored."""
        foreign_id = row.child_app_foreign_id or unique_foreign_id(row.tenant_id)
        secret = self._child_secrets.get(foreign_id)
        client_id = row.child_client_id
        if secret is None or client_id is None:
            app = await self.partner.find_provisioned_application(foreign_id)
            if app is None or app.credentials is None:
                raise LinkedInRefused(detail="provisioned application not found")
            client_id, secret = app.credentials.client_id, app.credentials.client_secret
            self._child_secrets[foreign_id] = secret
        assert row.organization
        return self.partner.for_customer(client_id, secret, integration_context=row.organization)

    async def child_client(self, tenant_id: str) -> LinkedInClient | None:
        """The tenant's child app client once the integration was requested (for the sync)."""
        async with self.sessions() as session:
            row = await session.get(LinkedInIntegration, tenant_id)
        if row is None or not row.child_client_id or not row.organization:
            return None
        return await self._child(row)

    async def webhook_secret(self, tenant_id: str) -> str | None:
        """The secret LinkedIn signs this tenant's webhooks with (its child app's client secret)."""
        async with self.sessions() as session:
            row = await session.get(LinkedInIntegration, tenant_id)
        if row is None or not row.child_client_id:
            return None
        await self._child(row)
        return self._child_secrets.get(row.child_app_foreign_id or unique_foreign_id(tenant_id))

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
                callback_urls=[self.redirect_uri],
            )
            assert app.credentials is not None
            self._child_secrets[foreign_id] = app.credentials.client_secret
            row.child_app_foreign_id = foreign_id
            row.child_client_id = app.credentials.client_id
            async with self._unit(row.tenant_id) as session:
                stored = await self._row(session, row.tenant_id, lock=True)
                stored.child_app_foreign_id = foreign_id
                stored.child_client_id = app.credentials.client_id
            child = await self._child(row)
            keys = self._keys(row)
            (await child.name_integrations(dict.fromkeys(keys, INTEGRATION_NAME))).raise_for_errors()
            for key in keys:
                (
                    await child.register_callback_url(key, self.callback_url(row.callback_id))
                ).raise_for_errors()
        except LinkedInRejected as error:
            raise LinkedInRefused(detail=error.message) from error
        except LinkedInError as error:
            log.warning("LinkedIn setup request failed for tenant %s: %s", row.tenant_id, error)
            raise LinkedInDidNotAnswer() from error

    async def request(self, actor: Requester, stamp: CardStamp) -> None:
        await self._request(actor, stamp, SetupAction.REQUEST)

    async def notify_partner(self, actor: Requester, stamp: CardStamp) -> None:
        await self._request(actor, stamp, SetupAction.NOTIFY_PARTNER)

    async def _request(self, actor: Requester, stamp: CardStamp, action: SetupAction) -> None:
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, action)
            if not row.organization:
                raise ContractWithoutCompany()
            tenant = await session.get(Tenant, actor.tenant_id)
            await session.flush()
            # LinkedIn is called outside the transaction; the result is saved only if nothing moved.
            session.expunge(row)
        await self._send_request(row, tenant.name if tenant else actor.tenant_id)
        async with self._unit(actor.tenant_id) as session:
            current = await self._authorize(session, actor, stamp, action)
            current.state = State.REQUESTED.value
            audit = AuditLog(session, actor.tenant_id)
            audit.record(
                N_("Requested the Recruiter System Connect integration from LinkedIn")
                if action is SetupAction.REQUEST
                else N_("Notified LinkedIn again"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            self._bump(current)
        # LinkedIn may already report the partner side complete (e.g. asked again after a
        # Disconnect): read it now rather than at the next poll.
        try:
            changed = await self.sync_status(actor.tenant_id)
        except (LinkedInDidNotAnswer, LinkedInRefused) as refusal:
            # Requested all the same; Refresh and the status poll read the status later.
            log.warning(
                "could not read the integration status of tenant %s: %s", actor.tenant_id, refusal.__cause__
            )
            changed = False
        if not changed:
            await self._changed(actor.tenant_id)

    async def refresh(self, actor: Requester, stamp: CardStamp) -> None:
        """Read the integration status from LinkedIn now (the admin's Refresh)."""
        async with self._unit(actor.tenant_id) as session:
            await self._authorize(session, actor, stamp, SetupAction.REFRESH)
        try:
            changed = await self.sync_status(actor.tenant_id)
        except LinkedInDidNotAnswer as refusal:
            log.warning(
                "could not read the integration status of tenant %s: %s", actor.tenant_id, refusal.__cause__
            )
            raise
        if not changed:
            # Nothing changed; the card is still re-sent so the admin sees it was checked.
            await self._changed(actor.tenant_id)

    async def on_status_change(self, tenant_id: str, request_id: str) -> None:
        """LinkedIn's INTEGRATION_STATUS_CHANGE: read what the request was about, then the status."""
        async with self.sessions() as session:
            row = await session.get(LinkedInIntegration, tenant_id)
        if row is None or row.state in (State.NOT_CONNECTED, State.CONNECTED) or not row.organization:
            log.info("ignoring a status change for tenant %s: integration not requested", tenant_id)
            return
        contexts = {ours.organization_urn(row.organization), ours.contract_urn(row.contract or "")}
        try:
            child = await self._child(row)
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
        async with self._unit(tenant_id) as session:
            row = await self._row(session, tenant_id, lock=True)
            if request_id not in (row.request_ids or []):
                row.request_ids = [*(row.request_ids or []), request_id][-20:]
        await self.sync_status(tenant_id)

    async def sync_status(self, tenant_id: str) -> bool:
        """Read the four integrations from LinkedIn and set state and access level; True when it
        changed. Safe to run at any time and on several replicas at once (idempotent).

        Enabled (with its level) when LinkedIn shows at least the company integrations on.
        Otherwise Partner ready while LinkedIn reports the partner side complete (all four
        integrations with this tenant's callback URL, validated), else Requested.
        """
        async with self.sessions() as session:
            row = await session.get(LinkedInIntegration, tenant_id)
            if row is None or row.state in (State.NOT_CONNECTED, State.CONNECTED):
                return False
            keys = self._keys(row)
            callback_url = self.callback_url(row.callback_id)
        try:
            child = await self._child(row)
            result = await child.get_integrations(keys)
        except LinkedInError as error:
            raise LinkedInDidNotAnswer() from error
        level = access_level_of({kind: state.status for kind, state in result.succeeded.items()})
        ready = partner_side_ready(result.succeeded, callback_url)
        async with self._unit(tenant_id) as session:
            row = await self._row(session, tenant_id, lock=True)
            if row.state in (State.NOT_CONNECTED, State.CONNECTED):
                return False  # disconnected meanwhile
            before = (row.state, row.access_level)
            audit = AuditLog(session, tenant_id)
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
                self._bump(row)
        if changed:
            await self._changed(tenant_id)
        return changed

    # --- Disconnect ------------------------------------------------------------------------------------

    async def disconnect(self, actor: Requester, stamp: CardStamp) -> None:
        """Turn the integration off on our side: back to Not connected (ids and job posting stay)."""
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, SetupAction.DISCONNECT)
            row.state = State.NOT_CONNECTED.value
            row.access_level = AccessLevel.NONE.value
            row.contracts = []
            row.contract = row.contract_name = None
            row.partner_confirmed_at = row.enabled_at = None
            row.connected_by_user_id = None
            AuditLog(session, actor.tenant_id).record(
                N_("Disconnected the LinkedIn integration"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            self._bump(row)
        await self._changed(actor.tenant_id)

    # --- Job posting, preview features, Apply with LinkedIn ---------------------------------------------

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
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, SetupAction.SAVE_JOB_POSTING)
            if not company_name or len(company_name) > MAX_COMPANY_NAME:
                raise CompanyNameMissing()
            if not COMPANY_ID.match(company_id):
                raise CompanyIdInvalid()
            if not go_live_confirmed:
                raise GoLiveNotConfirmed()
            row.company_name = company_name
            row.linkedin_company_id = company_id
            row.job_posting_enabled = True
            AuditLog(session, actor.tenant_id).record(
                N_("Turned job posting to LinkedIn on for {company} (company ID {company_id})"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
                company=company_name,
                company_id=company_id,
            )
            self._bump(row)
        await self._changed(actor.tenant_id)

    async def stop_job_posting(self, actor: Requester, stamp: CardStamp) -> None:
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, SetupAction.STOP_JOB_POSTING)
            row.job_posting_enabled = False
            AuditLog(session, actor.tenant_id).record(
                N_("Turned job posting to LinkedIn off"), user_id=actor.user_id, actor_name=actor.display_name
            )
            self._bump(row)
        await self._changed(actor.tenant_id)

    async def set_preview_features(self, actor: Requester, stamp: CardStamp, on: bool) -> None:
        action = SetupAction.PREVIEW_ON if on else SetupAction.PREVIEW_OFF
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, action)
            tenant = await session.get(Tenant, actor.tenant_id)
            assert tenant is not None
            tenant.preview_features = on
            audit = AuditLog(session, actor.tenant_id)
            audit.record(
                N_("Turned preview features on") if on else N_("Turned preview features off"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            if not on and row.apply_with_linkedin_enabled:
                row.apply_with_linkedin_enabled = False
                audit.record(
                    N_("Disconnected Apply with LinkedIn"),
                    user_id=actor.user_id,
                    actor_name=actor.display_name,
                )
            self._bump(row)
        await self._changed(actor.tenant_id)

    async def set_apply_with_linkedin(self, actor: Requester, stamp: CardStamp, on: bool) -> None:
        action = SetupAction.CONNECT_APPLY if on else SetupAction.DISCONNECT_APPLY
        async with self._unit(actor.tenant_id) as session:
            row = await self._authorize(session, actor, stamp, action)
            row.apply_with_linkedin_enabled = on
            AuditLog(session, actor.tenant_id).record(
                N_("Connected Apply with LinkedIn") if on else N_("Disconnected Apply with LinkedIn"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            self._bump(row)
        await self._changed(actor.tenant_id)
