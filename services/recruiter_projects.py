"""Saving a candidate to one of the user's own LinkedIn Recruiter projects, from the candidate card.

What it needs, each refused with a message that names what is missing and how to get it: a candidate
of the user's organization; the organization's LinkedIn integration enabled with Company-level access
or more and the user's own LinkedIn connection (services/capabilities.py); the candidate linked to a
LinkedIn profile; a Recruiter seat of the user on the integration's contract.

The user's seat: LinkedIn lists a contract's seats (GET /v2/seats) only with Contract-level access,
which saving to a project does not need. So the seat is read with the user's own member token from
their Recruiter contracts, each of which carries the signed-in member's own seat on it; the seat on
the integration's contract is theirs, and their projects are that seat's projects. A project id
from a card is saved to only when it is among them as LinkedIn lists them now: a card never decides
whose project it is.

Saving twice adds once: LinkedIn answers whether it added the member or the member was already in the
project, and the user is told which. A save that added someone is recorded in the audit log. LinkedIn
is asked outside any database transaction; when it does not answer, nothing changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector import assumed_shapes
from connector.client import LinkedInClient
from connector.errors import (
    LinkedInAuthError,
    LinkedInError,
    LinkedInNotFound,
    LinkedInThrottled,
    LinkedInUnavailable,
)
from domain.candidates import LinkState
from domain.recruiter_projects import ProjectChoice, RecruiterProject, SavedToProject, SaveOutcome
from i18n import N_
from services.audit import SAVED_TO_RECRUITER_PROJECT, AuditLog
from services.capabilities import Capabilities, Capability, IntegrationNotEnabled, LinkedInNotConnected
from services.errors import CandidateNotFound, UserFacingError
from services.identity import Requester
from services.linkedin_accounts import LinkedInAccounts
from services.linkedin_setup.child_app import ChildApps
from store.linkedin_integration import LinkedInIntegrationRepository
from store.models import LinkedInIntegration
from store.repositories import CandidateRepository

log = logging.getLogger(__name__)

CAPABILITY = Capability.RECRUITER_PROJECTS


class RecruiterProjectRefused(UserFacingError):
    """Nothing was saved; the message says why."""


class CandidateNotLinked(RecruiterProjectRefused):
    message = N_("Link {name} to a LinkedIn profile first.")


class NoRecruiterSeat(RecruiterProjectRefused):
    message = N_(
        "Your LinkedIn account has no Recruiter seat on {contract}, the contract of the LinkedIn "
        "integration, so you have no Recruiter projects there. A LinkedIn Recruiter admin can give you one."
    )


class NotYourProject(RecruiterProjectRefused):
    """A card named a project that is not (or no longer) one of the user's: `choice` is their
    projects as LinkedIn lists them now, for an up-to-date card."""

    message = N_("That isn't one of your Recruiter projects, so nothing was changed.")

    def __init__(self, choice: ProjectChoice) -> None:
        super().__init__()
        self.choice = choice


class ProjectGone(RecruiterProjectRefused):
    message = N_("That project no longer exists in LinkedIn Recruiter, so nothing was changed.")


class LinkedInDidNotAnswer(RecruiterProjectRefused):
    message = N_("LinkedIn didn't answer, so nothing was changed. Please try again in a moment.")


class LinkedInRefused(RecruiterProjectRefused):
    message = N_("LinkedIn refused the request ({detail}), so nothing was changed.")


@dataclass(frozen=True)
class ProjectSave:
    """A save and what the card shows next: the same choice, with what happened."""

    choice: ProjectChoice
    saved: SavedToProject


@dataclass(frozen=True)
class _Candidate:
    id: str
    code: str
    name: str
    member: str  # the LinkedIn member the candidate is linked to


@dataclass(frozen=True)
class _Asking:
    """Everything checked on our side; what is left is LinkedIn's to answer."""

    candidate: _Candidate
    integration: LinkedInIntegration
    contract: str  # urn:li:contract:{id}
    member_token: str


class RecruiterProjects:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        capabilities: Capabilities,
        accounts: LinkedInAccounts,
        partner: LinkedInClient,
        child_apps: ChildApps,
    ) -> None:
        self.sessions = sessions
        self.capabilities = capabilities
        self.accounts = accounts
        self.partner = partner
        self.child_apps = child_apps

    async def choice(self, requester: Requester, candidate_id: str) -> ProjectChoice:
        """The user's projects to save the candidate to. Raises a CandidateNotFound, a
        CapabilityRefused or a RecruiterProjectRefused."""
        asking = await self._check(requester, candidate_id)
        return await self._choice(asking)

    async def save(self, requester: Requester, candidate_id: str, project_id: str) -> ProjectSave:
        """Save the candidate to the user's project `project_id` (once: a second save changes nothing
        and says so). Raises as `choice` does, or NotYourProject / ProjectGone."""
        asking = await self._check(requester, candidate_id)
        choice = await self._choice(asking)
        project = next((p for p in choice.projects if p.id == project_id), None)
        if project is None:
            raise NotYourProject(choice)
        child = await self._child(asking)
        try:
            added = await child.add_to_recruiter_project(project.id, asking.candidate.member)
        except LinkedInNotFound as error:  # deleted in Recruiter since LinkedIn listed it
            raise ProjectGone() from error
        except LinkedInError as error:
            raise _refusal(error) from error
        outcome = SaveOutcome.SAVED if added else SaveOutcome.ALREADY_IN
        if added:
            async with self.sessions() as session, session.begin():
                AuditLog(session, requester.tenant_id).record(
                    SAVED_TO_RECRUITER_PROJECT,
                    user_id=requester.user_id,
                    actor_name=requester.display_name,
                    candidate=f"{asking.candidate.name} ({asking.candidate.code})",
                    project=project.name,
                )
        log.info("candidate %s and Recruiter project %s: %s", asking.candidate.id, project.id, outcome.value)
        return ProjectSave(choice, SavedToProject(outcome, project))

    # --- our side ----------------------------------------------------------------------------------

    async def _check(self, requester: Requester, candidate_id: str) -> _Asking:
        """The candidate (of the requester's organization, linked), the capability and the user's
        member token; raises what is missing."""
        async with self.sessions() as session:
            row = await CandidateRepository(session, requester.tenant_id).by_id(candidate_id)
            if row is None:
                raise CandidateNotFound()
            candidate = _Candidate(row.id, row.code, row.full_name, row.linkedin_member_id or "")
            linked = row.link_state in (LinkState.EXACT, LinkState.MANUAL) and bool(row.linkedin_member_id)
            integration = await LinkedInIntegrationRepository(session, requester.tenant_id).find()
        await self.capabilities.check(requester.tenant_id, CAPABILITY, requester)
        if not linked:
            raise CandidateNotLinked(name=candidate.name)
        if integration is None or not integration.contract:
            raise IntegrationNotEnabled(CAPABILITY)
        token = await self.accounts.member_token(requester.tenant_id, requester.user_id)
        if token is None:  # expired, or stored under another secret: the user signs in again
            raise LinkedInNotConnected(CAPABILITY)
        contract = assumed_shapes.contract_urn(integration.contract)
        return _Asking(candidate, integration, contract, token)

    # --- LinkedIn's side --------------------------------------------------------------------------

    async def _choice(self, asking: _Asking) -> ProjectChoice:
        seat = await self._seat(asking)
        child = await self._child(asking)
        try:
            found = await child.recruiter_projects(seat)
        except LinkedInError as error:
            raise _refusal(error) from error
        projects = tuple(RecruiterProject(p.id, p.name) for p in found)
        return ProjectChoice(asking.candidate.id, asking.candidate.name, projects)

    async def _seat(self, asking: _Asking) -> str:
        """The user's own seat on the integration's contract, from their own Recruiter contracts."""
        try:
            contracts = await self.partner.recruiter_contracts(asking.member_token)
        except LinkedInAuthError as error:  # LinkedIn no longer takes the user's sign-in
            raise LinkedInNotConnected(CAPABILITY) from error
        except LinkedInError as error:
            raise _refusal(error) from error
        for contract in contracts:
            if assumed_shapes.contract_urn(contract.contract) == asking.contract and contract.seat:
                return contract.seat
        name = asking.integration.contract_name or assumed_shapes.urn_id(asking.contract)
        raise NoRecruiterSeat(contract=name)

    async def _child(self, asking: _Asking) -> LinkedInClient:
        """The organization's customer app, which reads seats' projects and adds to them."""
        try:
            return await self.child_apps.client(asking.integration)
        except LinkedInError as error:
            raise _refusal(error) from error


def _refusal(error: LinkedInError) -> RecruiterProjectRefused:
    """Throttled, down or too slow: LinkedIn didn't answer. Otherwise it refused, with its status."""
    if isinstance(error, LinkedInThrottled | LinkedInUnavailable) or not error.status:
        return LinkedInDidNotAnswer()
    return LinkedInRefused(detail=f"HTTP {error.status}")
