"""The LinkedIn sign-in (3-legged OAuth) for an admin's Connect and a user's own account.

start: a state that is valid and unused → LinkedIn's authorization URL.
finish: the state is redeemed (single use), the code exchanged, the member read; an admin's
sign-in also reads their Recruiter contracts and moves the setup to Connected.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from connector.client import LinkedInClient
from connector.errors import LinkedInError
from i18n import N_
from logs import bind_tenant
from services.errors import UserFacingError
from services.linkedin_accounts import LinkedInAccounts
from services.linkedin_setup import LinkedInSetup
from services.signin import SignInGrant, SignInStates

log = logging.getLogger(__name__)


class SignInCancelled(UserFacingError):
    message = N_("The LinkedIn sign-in was cancelled, so nothing was changed. You can close this window.")


class SignInFailed(UserFacingError):
    message = N_(
        "LinkedIn didn't complete the sign-in, so nothing was changed. Go back to Teams and try again."
    )


@dataclass(frozen=True)
class SignedIn:
    grant: SignInGrant
    member_name: str


class LinkedInSignIn:
    def __init__(
        self,
        states: SignInStates,
        partner: LinkedInClient,
        setup: LinkedInSetup,
        accounts: LinkedInAccounts,
    ) -> None:
        self.states = states
        self.partner = partner
        self.setup = setup
        self.accounts = accounts

    async def start(self, state: str | None) -> str:
        """LinkedIn's authorization URL for a valid, unused state. Raises SignInRefused."""
        await self.states.check(state)
        assert state is not None
        return self.partner.authorization_url(self.setup.redirect_uri, state)

    async def finish(self, state: str | None, code: str | None, error: str | None) -> SignedIn:
        """Complete a sign-in at the callback. Raises SignInRefused, SignInCancelled, SignInFailed
        or a setup refusal (e.g. the user is no longer an admin)."""
        grant = await self.states.redeem(state)
        bind_tenant(grant.tenant_id)  # the rest of this request's log lines name the tenant
        if error or not code:
            raise SignInCancelled()
        try:
            token = await self.partner.exchange_code(code, self.setup.redirect_uri)
            member = await self.partner.me(token.access_token)
            contracts = (
                await self.partner.recruiter_contracts(token.access_token) if grant.purpose == "admin" else []
            )
        except LinkedInError as failure:
            # The message never carries the code or the token.
            log.warning("LinkedIn sign-in failed for tenant %s: %s", grant.tenant_id, type(failure).__name__)
            raise SignInFailed() from failure
        name = (
            " ".join(p for p in (member.localized_first_name, member.localized_last_name) if p) or member.id
        )
        if grant.purpose == "admin":
            await self.setup.complete_connect(
                grant,
                member=member,
                token=token.access_token,
                expires_in=token.expires_in,
                contracts=contracts,
            )
        else:
            await self.accounts.connect_user(
                grant.tenant_id,
                grant.user_id,
                member_id=member.id,
                member_name=name,
                token=token.access_token,
                expires_in=token.expires_in,
            )
        return SignedIn(grant, name)
