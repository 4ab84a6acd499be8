"""Who is asking: the Teams user mapped to an ATS user of the activity's tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import N_
from services.errors import NotAnAtsUser
from store.models import User
from store.repositories import JobRepository, TenantRepository, UserRepository

AddressLookup = Callable[[], Awaitable[Sequence[str]]]


@dataclass(frozen=True)
class TeamsIdentity:
    """What the channel says about the person (plain values, no SDK types)."""

    tenant_id: str
    aad_object_id: str | None
    # Asks Teams' own roster for the person's email and UPN. Never an address from the activity's body:
    # anyone can write one there.
    roster: AddressLookup | None
    display_name: str | None
    locale: str | None
    timezone: str | None = None  # IANA name, from the Teams client


class NoTeamsOrganization(NotAnAtsUser):
    """An activity without a Teams tenant: a Bot Framework client other than Teams (the Emulator,
    Web Chat), which only the local development mode lets in."""

    message = N_(
        "I work inside Microsoft Teams, and this message came without a Teams organization, so I "
        "can't tell whose applicant tracking system to use. To try me on this computer, use "
        "Microsoft 365 Agents Playground with the Teams channel (-c msteams)."
    )


@dataclass(frozen=True)
class Requester:
    """An ATS user, resolved for one turn."""

    tenant_id: str
    user_id: str
    display_name: str
    is_admin: bool
    locale: str | None
    linkedin_member_id: str | None
    job_roles: frozenset[tuple[str, str]]  # (job_id, role)
    timezone: str | None = None  # IANA name; dates and times on cards are shown in it

    @property
    def is_recruiting(self) -> bool:
        """Recruiter or hiring manager on at least one job (what a job's commands are offered to)."""
        return any(role in ("recruiter", "hiring_manager") for _job, role in self.job_roles)


class IdentityService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def resolve(self, identity: TeamsIdentity) -> Requester:
        """The ATS user behind a Teams user: by Entra object id; when the ATS does not know that
        object id, by the email or UPN that Teams' roster holds for the person (asked only then).

        Raises NoTeamsOrganization when the activity names no tenant, NotAnAtsUser when the tenant
        is unknown or has no such user.
        """
        if not identity.tenant_id:
            raise NoTeamsOrganization()
        async with self.sessions() as session:
            if await TenantRepository(session).get(identity.tenant_id) is None:
                raise NotAnAtsUser()
            if identity.aad_object_id:
                user = await UserRepository(session, identity.tenant_id).by_aad_object_id(
                    identity.aad_object_id
                )
                if user is not None:
                    return await self._requester(session, user, identity)
        # Teams is asked outside the database session: no connection waits on its answer.
        addresses = await identity.roster() if identity.roster is not None else ()
        async with self.sessions() as session:
            users = UserRepository(session, identity.tenant_id)
            for address in addresses:
                user = await users.by_address(address)
                if user is not None:
                    return await self._requester(session, user, identity)
        raise NotAnAtsUser()

    @staticmethod
    async def _requester(session: AsyncSession, user: User, identity: TeamsIdentity) -> Requester:
        return await requester_of(session, user, locale=identity.locale, timezone=identity.timezone)


async def requester_of(
    session: AsyncSession, user: User, *, locale: str | None, timezone: str | None = None
) -> Requester:
    """The ATS user with their job roles, as the services take them: for a turn (the locale and time
    zone the Teams client gave) or for work that starts outside one (the stored locale)."""
    roles = await JobRepository(session, user.tenant_id).roles_of(user.id)
    return Requester(
        tenant_id=user.tenant_id,
        user_id=user.id,
        display_name=user.display_name,
        is_admin=user.is_admin,
        locale=locale,
        linkedin_member_id=user.linkedin_member_id,
        job_roles=frozenset((role.job_id, role.role) for role in roles),
        timezone=timezone,
    )
