"""The one capability check every LinkedIn feature uses.

A capability needs an access level of the tenant's integration and, for what a user does on
LinkedIn's data, the user's own LinkedIn connection. A refusal names what is missing, e.g.
"InMail history needs Contract-level access."
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.linkedin import AccessLevel, IntegrationStateName
from i18n import N_, NC_, ContextualMessage, Translator
from services.errors import UserFacingError
from services.identity import Requester
from store.linkedin_integration import LinkedInIntegrationRepository
from store.models import LinkedInIntegration
from store.signins import LinkedInConnectionRepository


class Capability(enum.StrEnum):
    ONE_CLICK_EXPORT = "one_click_export"
    IN_ATS_INDICATOR = "in_ats_indicator"
    PROFILE_WIDGET = "profile_widget"
    INMAIL_HISTORY = "inmail_history"
    NOTES_HISTORY = "notes_history"
    INMAIL_STUB_PROFILES = "inmail_stub_profiles"
    RECRUITER_PROJECTS = "recruiter_projects"


@dataclass(frozen=True)
class Requirement:
    label: str  # N_ message id: the capability in the recruiter's words
    access_level: AccessLevel
    needs_user_connection: bool


REQUIREMENTS: dict[Capability, Requirement] = {
    Capability.ONE_CLICK_EXPORT: Requirement(N_("1-click export"), AccessLevel.COMPANY, True),
    # The indicator is pushed by the sync for the whole tenant: no user is involved.
    Capability.IN_ATS_INDICATOR: Requirement(N_("The In-ATS indicator"), AccessLevel.COMPANY, False),
    Capability.PROFILE_WIDGET: Requirement(N_("The LinkedIn profile widget"), AccessLevel.COMPANY, True),
    Capability.INMAIL_HISTORY: Requirement(N_("InMail history"), AccessLevel.CONTRACT, True),
    Capability.NOTES_HISTORY: Requirement(N_("Notes history"), AccessLevel.CONTRACT, True),
    Capability.INMAIL_STUB_PROFILES: Requirement(N_("InMail stub profiles"), AccessLevel.CONTRACT, False),
    # From the candidate card, into the user's own projects on their Recruiter seat.
    Capability.RECRUITER_PROJECTS: Requirement(
        N_("Saving candidates to Recruiter projects"), AccessLevel.COMPANY, True
    ),
}

_RANK = {AccessLevel.NONE: 0, AccessLevel.COMPANY: 1, AccessLevel.CONTRACT: 2}


class CapabilityRefused(UserFacingError):
    """A capability is not available; the message names what is missing."""

    def __init__(self, capability: Capability, **params: str | ContextualMessage) -> None:
        self.capability = capability
        super().__init__(None, capability=REQUIREMENTS[capability].label, **params)

    def localized(self, t: Translator) -> str:
        params = {key: t.translate(value) for key, value in self.params.items()}
        return t.gettext(self.message).format(**params)


class IntegrationNotEnabled(CapabilityRefused):
    message = N_(
        "{capability} needs the LinkedIn Recruiter integration with {needed} access, which isn't enabled "
        "yet. An ATS admin can set it up with the setup command."
    )

    def __init__(self, capability: Capability, **params: str | ContextualMessage) -> None:
        # The access level the capability needs, unless the caller names it.
        params.setdefault("needed", LEVEL_NAMES[REQUIREMENTS[capability].access_level])
        super().__init__(capability, **params)


class AccessLevelTooLow(CapabilityRefused):
    message = N_(
        "{capability} needs {needed} access. The LinkedIn integration has {current} access; "
        "a LinkedIn Recruiter admin can turn on contract-level access."
    )


class LinkedInNotConnected(CapabilityRefused):
    message = N_("{capability} needs your own LinkedIn account. Type settings to connect it.")


# The access level inside a sentence ("needs Contract-level access"); cards/setup.py shows the same words
# alone as a card value, in their own message context, so each language can write both as it must.
LEVEL_NAMES = {
    AccessLevel.NONE: NC_("access level, inside a sentence", "no"),
    AccessLevel.COMPANY: NC_("access level, inside a sentence", "Company-level"),
    AccessLevel.CONTRACT: NC_("access level, inside a sentence", "Contract-level"),
}


class Capabilities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def check(self, tenant_id: str, capability: Capability, requester: Requester | None = None) -> None:
        """Raise a CapabilityRefused naming what is missing; return when the capability is available.

        `requester` is the user acting (None for the tenant's own background work).
        """
        requirement = REQUIREMENTS[capability]
        async with self.sessions() as session:
            integration = await LinkedInIntegrationRepository(session, tenant_id).find()
            level = _level_of(integration)
            if level is AccessLevel.NONE:
                raise IntegrationNotEnabled(capability, needed=LEVEL_NAMES[requirement.access_level])
            if _RANK[level] < _RANK[requirement.access_level]:
                raise AccessLevelTooLow(
                    capability,
                    needed=LEVEL_NAMES[requirement.access_level],
                    current=LEVEL_NAMES[level],
                )
            if requirement.needs_user_connection:
                if requester is None or requester.tenant_id != tenant_id:
                    raise LinkedInNotConnected(capability)
                if not await LinkedInConnectionRepository(session, tenant_id).is_connected(requester.user_id):
                    raise LinkedInNotConnected(capability)

    async def allows(
        self, tenant_id: str, capability: Capability, requester: Requester | None = None
    ) -> bool:
        try:
            await self.check(tenant_id, capability, requester)
        except CapabilityRefused:
            return False
        return True


def _level_of(integration: LinkedInIntegration | None) -> AccessLevel:
    if integration is None or integration.state != IntegrationStateName.ENABLED:
        return AccessLevel.NONE
    try:
        return AccessLevel(integration.access_level)
    except ValueError:
        return AccessLevel.NONE
