"""The LinkedIn sign-in (3-legged OAuth) for an admin's Connect and a user's own account.

start: a state that is valid and unused → LinkedIn's authorization URL.
finish (the browser is back from LinkedIn): the state is redeemed (single use), the code exchanged,
the member read (and an admin's Recruiter contracts); nothing is connected yet. The result is held
for the Teams user who asked, and the page shows a one-time code.
confirm (that same Teams user types the code to the bot): the held result is stored as connected:
the admin's setup moves to Connected, or the user's own account is connected.

Whoever opens a sign-in link can finish the browser part, but only the user who asked can confirm.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from connector.client import LinkedInClient
from connector.errors import LinkedInError
from i18n import N_
from logs import bind_tenant
from services.errors import UserFacingError
from services.linkedin_accounts import LinkedInAccounts, LinkedInAccountTaken
from services.linkedin_setup import LinkedInSetup
from services.signin_codes import SignInCodes
from services.signin_states import Purpose, SignInGrant, SignInStates

log = logging.getLogger(__name__)


class SignInCancelled(UserFacingError):
    message = N_("The LinkedIn sign-in was cancelled, so nothing was changed. You can close this window.")


class SignInFailed(UserFacingError):
    message = N_(
        "LinkedIn didn't complete the sign-in, so nothing was changed. Go back to Teams and try again."
    )


@dataclass(frozen=True)
class SignedIn:
    """The browser part is done: the page shows `code`, to be typed in Teams within `lifetime`."""

    grant: SignInGrant
    member_name: str
    code: str
    lifetime: timedelta


@dataclass(frozen=True)
class Connected:
    """A sign-in confirmed in Teams by the user who asked."""

    purpose: Purpose
    member_name: str


class LinkedInSignIn:
    def __init__(
        self,
        states: SignInStates,
        codes: SignInCodes,
        partner: LinkedInClient,
        setup: LinkedInSetup,
        accounts: LinkedInAccounts,
    ) -> None:
        self.states = states
        self.codes = codes
        self.partner = partner
        self.setup = setup
        self.accounts = accounts

    async def start(self, state: str | None) -> str:
        """LinkedIn's authorization URL for a valid, unused state. Raises SignInRefused."""
        await self.states.check(state)
        assert state is not None
        return self.partner.authorization_url(self.setup.redirect_uri, state)

    async def finish(self, state: str | None, code: str | None, error: str | None) -> SignedIn:
        """The browser is back from LinkedIn: hold the result for the user who asked and return the
        code to show. Raises SignInRefused, SignInCancelled, SignInFailed or LinkedInAccountTaken."""
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
        # Said now rather than after the code is typed; confirm checks it again.
        if not await self.accounts.member_is_free(grant.tenant_id, grant.user_id, member.id):
            raise LinkedInAccountTaken()
        held = await self.codes.hold(
            grant,
            member_id=member.id,
            member_name=name,
            token=token.access_token,
            expires_in=token.expires_in,
            contracts=[
                {"contract": c.contract, "name": c.name, "organization": c.organization} for c in contracts
            ],
        )
        return SignedIn(grant, name, held.code, held.lifetime)

    async def confirm(self, tenant_id: str, user_id: str, code: str) -> Connected:
        """The user typed a code to the bot: connect what their own sign-in brought back. Raises a
        CodeRefused, LinkedInAccountTaken or a setup refusal (e.g. no longer an admin); each writes
        nothing (the held sign-in is used up all the same)."""
        confirmed = await self.codes.confirm(tenant_id, user_id, code)
        if confirmed.purpose == "admin":
            await self.setup.complete_connect(
                tenant_id,
                user_id,
                member_id=confirmed.member_id,
                member_name=confirmed.member_name,
                token=confirmed.token,
                expires_in=confirmed.expires_in,
                contracts=confirmed.contracts,
            )
        else:
            await self.accounts.connect_user(
                tenant_id,
                user_id,
                member_id=confirmed.member_id,
                member_name=confirmed.member_name,
                token=confirmed.token,
                expires_in=confirmed.expires_in,
            )
        return Connected(confirmed.purpose, confirmed.member_name)
