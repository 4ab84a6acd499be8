"""Connect (an admin's LinkedIn sign-in, confirmed in Teams with its one-time code), the choice of the
Recruiter contract, and Disconnect."""

from __future__ import annotations

from typing import Any

from domain.linkedin import AccessLevel, IntegrationStateName, SetupAction
from i18n import N_
from services.identity import Requester
from services.linkedin_accounts import LinkedInAccounts
from services.linkedin_setup.unit import SetupUnits
from services.linkedin_setup.urls import SetupUrls
from services.setup_refusals import SignInNoLongerNeeded, UnknownContract
from services.setup_view import CardStamp
from services.signin_states import SignInStates
from store.models import LinkedInIntegration

State = IntegrationStateName


class SetupConnection:
    def __init__(
        self, units: SetupUnits, urls: SetupUrls, *, signin: SignInStates, accounts: LinkedInAccounts
    ) -> None:
        self.units = units
        self.urls = urls
        self.signin = signin
        self.accounts = accounts

    async def start_connect(self, actor: Requester, stamp: CardStamp) -> str:
        """The sign-in link for this admin (a signed, single-use, expiring state)."""
        await self.units.check(actor, stamp, SetupAction.CONNECT)
        state = await self.signin.issue(actor.tenant_id, actor.user_id, "admin", actor.locale)
        return self.urls.connect_url(state)

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
        async with self.units.change(tenant_id) as work:
            user = await work.admin(user_id)
            row = await work.integration.get(lock=True)
            if row.state not in (State.NOT_CONNECTED, State.CONNECTED):
                raise SignInNoLongerNeeded()
            await self.accounts.connect(
                work.session,
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
            work.audit.record(
                N_("Connected to LinkedIn as {member}"),
                user_id=user.id,
                actor_name=user.display_name,
                member=member_name or member_id,
            )
            if len(contracts) == 1:
                _choose(row, row.contracts[0])
                work.audit.record(
                    N_("Chose the Recruiter contract {contract}"),
                    user_id=user.id,
                    actor_name=user.display_name,
                    contract=row.contract_name,
                )
            else:
                row.contract = row.contract_name = None
            work.bump(row)
        await self.units.changed(tenant_id)

    async def choose_contract(self, actor: Requester, stamp: CardStamp, contract: str) -> None:
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, SetupAction.CHOOSE_CONTRACT)
            chosen = next((c for c in row.contracts if c.get("contract") == contract), None)
            if chosen is None:
                raise UnknownContract()
            _choose(row, chosen)
            work.audit.record(
                N_("Chose the Recruiter contract {contract}"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
                contract=row.contract_name,
            )
            work.bump(row)
        await self.units.changed(actor.tenant_id)

    async def disconnect(self, actor: Requester, stamp: CardStamp) -> None:
        """Turn the integration off on our side: back to Not connected (ids and job posting stay)."""
        async with self.units.change(actor.tenant_id) as work:
            row = await work.authorize(actor, stamp, SetupAction.DISCONNECT)
            row.state = State.NOT_CONNECTED.value
            row.access_level = AccessLevel.NONE.value
            row.contracts = []
            row.contract = row.contract_name = None
            row.partner_confirmed_at = row.enabled_at = None
            row.connected_by_user_id = None
            work.audit.record(
                N_("Disconnected the LinkedIn integration"),
                user_id=actor.user_id,
                actor_name=actor.display_name,
            )
            work.bump(row)
        await self.units.changed(actor.tenant_id)


def _choose(row: LinkedInIntegration, contract: dict[str, Any]) -> None:
    row.contract = contract["contract"]
    row.contract_name = contract.get("name") or contract["contract"]
    row.organization = contract.get("organization") or row.organization
