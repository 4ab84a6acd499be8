"""A LinkedIn member looked up by their public profile address, for 1-click export from Teams: a
recruiter pastes a profile URL of someone who is not a candidate yet, and the export creates them from
what LinkedIn says about that member.

It is part of the export, so it needs what 1-click export needs (Company-level access or more, and the
user's own LinkedIn connection: services/capabilities.py) and asks LinkedIn with the organization's
customer app, as the profile widget does. Nothing is written here.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector.errors import LinkedInError
from domain.exports import LinkedInProfile, member_id_of, plain_text
from domain.linkedin import AccessLevel
from i18n import N_
from services.capabilities import LEVEL_NAMES, Capabilities, Capability, IntegrationNotEnabled
from services.errors import UserFacingError
from services.identity import Requester
from services.linkedin_setup.child_app import ChildApps
from services.setup_refusals import SetupRefused
from store.linkedin_integration import LinkedInIntegrationRepository
from store.text import canonical_profile_url

log = logging.getLogger(__name__)


class ProfileLookupRefused(UserFacingError):
    """Nothing was looked up or exported; the message says why."""


class NotAProfileAddress(ProfileLookupRefused):
    message = N_("That isn't a LinkedIn profile address. It looks like https://www.linkedin.com/in/name.")


class NoMemberAtProfile(ProfileLookupRefused):
    message = N_("LinkedIn has no member at {address}, so nothing was exported.")


class ProfileLookupNotAnswered(ProfileLookupRefused):
    message = N_("LinkedIn didn't answer, so nothing was exported. Please try again in a moment.")


class LinkedInProfiles:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], capabilities: Capabilities, child_apps: ChildApps
    ) -> None:
        self.sessions = sessions
        self.capabilities = capabilities
        self.child_apps = child_apps

    async def by_profile_url(self, requester: Requester, address: str) -> LinkedInProfile:
        """The LinkedIn member at `address` (any form a browser shows). Raises NotAProfileAddress, a
        CapabilityRefused (what 1-click export is missing), NoMemberAtProfile or
        ProfileLookupNotAnswered."""
        canonical = canonical_profile_url(address)
        if canonical is None:
            raise NotAProfileAddress()
        await self.capabilities.check(requester.tenant_id, Capability.ONE_CLICK_EXPORT, requester)
        async with self.sessions() as session:
            integration = await LinkedInIntegrationRepository(session, requester.tenant_id).find()
        if integration is None or not integration.organization:
            raise IntegrationNotEnabled(Capability.ONE_CLICK_EXPORT, needed=LEVEL_NAMES[AccessLevel.COMPANY])
        try:
            client = await self.child_apps.client(integration)
            hit = await client.member_by_profile_url(canonical)
        except (LinkedInError, SetupRefused) as error:
            log.warning(
                "LinkedIn's member lookup failed (tenant %s): %s", requester.tenant_id, type(error).__name__
            )
            raise ProfileLookupNotAnswered() from error
        member_id = member_id_of(hit.member) if hit is not None else ""
        if hit is None or not member_id:  # none, or an answer that names no member
            raise NoMemberAtProfile(address=canonical)
        return LinkedInProfile(
            member_id=member_id,
            first_name=plain_text(hit.first_name, 100),
            last_name=plain_text(hit.last_name, 100),
            profile_url=canonical_profile_url(hit.profile_url) or canonical,
            headline=plain_text(hit.headline, 200) or None,
            location=plain_text(hit.location, 200) or None,
        )
