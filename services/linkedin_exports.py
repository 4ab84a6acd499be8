"""1-click export from LinkedIn Recruiter: the handler of EXPORT_CANDIDATE_PROFILE events.

A recruiter exports a member in LinkedIn Recruiter; LinkedIn posts an event to the tenant's callback
URL, which stores it and answers at once (services/linkedin_events.py); the worker
(services/linkedin_event_worker.py) runs this handler for it in the background:

1. The exported candidate is read with the tenant's customer app (`exportedCandidates?q=request`).
   Its integrationContext must be the tenant's organization, the one that owns the callback URL;
   an export for another organization is refused and recorded, and nothing is written.
2. The exporter is the ATS user who connected that LinkedIn member (`settings`); the job is the one
   whose job id is the export's externalJobPostingId (the job feed sends the job id as partnerJobId).
3. The export service (services/exports.py) puts the candidate into the job's Prospect stage, with
   the idempotency key `linkedin:{requestId}`: the same export processed again changes nothing.
4. The exporter is told in their 1:1 chat, through the notifier only, in their language: exported,
   already in the job, or refused and why. Once: the event row records that they were told.

What cannot succeed by trying again is recorded on the event (processed, with how it ended) and not
retried: an exporter with no ATS user, an exporter the bot cannot reach, a refusal. LinkedIn down or
throttling, and Teams throttling the notice, are retried by the worker (raised from here).
Log lines hold ids and reasons, never names, emails or the card's text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector.assumed_shapes import ExportedCandidate
from connector.errors import LinkedInNotFound, LinkedInThrottled, LinkedInUnavailable
from domain.candidates import echoed
from domain.exports import (
    ExportOutcome,
    ExportRequest,
    ExportResult,
    ExportSource,
    LinkedInProfile,
    email_or_none,
    member_id_of,
    plain_text,
    seat_urn_or_none,
)
from i18n import N_, translator
from services.errors import UserFacingError
from services.exports import (
    CandidateExports,
    ExportJobNotActive,
    ExportJobNotFound,
    ExportNoProspectStage,
    ExportNotOnHiringTeam,
    ExportRefused,
    ExportTestJob,
)
from services.linkedin_event_worker import TryLater
from services.linkedin_events import DeferredEvent
from services.linkedin_setup.child_app import ChildApps
from services.notifier import Delivery, Outcome
from store.cards import SettingsCardRepository
from store.linkedin_integration import LinkedInIntegrationRepository
from store.repositories import JobRepository, UserRepository
from store.signins import LinkedInConnectionRepository

log = logging.getLogger(__name__)

# How an export event ended, recorded on its row (never names or text).
FOREIGN_ORGANIZATION = "refused: the export is for another organization"
NO_INTEGRATION = "refused: no LinkedIn integration"
NO_SUCH_EXPORT = "refused: LinkedIn has no such export"
NO_ATS_USER = "exporter has no ATS user"
UNREACHABLE = "exporter unreachable"
TOLD_BY_ANOTHER_EVENT = "repeated: another notification of this export told the exporter"
# A job id as the job feed sends it (partnerJobId); LinkedIn echoes it back as externalJobPostingId.
JOB_ID = re.compile(r"[\x21-\x7e]{1,40}")


class ExportJobUnknown(ExportRefused):
    """The export names a job id (LinkedIn's externalJobPostingId) that the ATS has no job for."""

    message = N_("There is no job {job}.")


# Refusals because of the job the export named: another of the exporter's jobs would do.
JOB_REFUSALS = (
    ExportJobUnknown,
    ExportJobNotFound,
    ExportJobNotActive,
    ExportTestJob,
    ExportNotOnHiringTeam,
    ExportNoProspectStage,
)


class ExportTeller(Protocol):
    """Tells an exporter what became of their export, in their 1:1 chat, through the notifier
    (bot/linkedin_exports.py builds the card; `key` is the notice's idempotency key)."""

    async def exported(
        self, tenant_id: str, user_id: str, locale: str, key: str, result: ExportResult
    ) -> Outcome: ...

    async def refused(
        self,
        tenant_id: str,
        user_id: str,
        locale: str,
        key: str,
        candidate_name: str,
        reason: str,
        *,
        another_job: bool,
    ) -> Outcome:
        """`another_job`: the job was the problem, so exporting again to another job would do."""
        ...


@dataclass(frozen=True)
class _Exporter:
    user_id: str
    locale: str


def profile_of(exported: ExportedCandidate) -> LinkedInProfile:
    """The exported member as the export service takes them: the headline "<title> at <company>"
    gives the current title and company; any other headline stays a headline."""
    candidate = exported.candidate
    title = company = None
    headline = plain_text(candidate.headline, 200) or None
    if headline and " at " in headline:
        before, _, after = headline.rpartition(" at ")
        if before.strip() and after.strip():
            title, company = before.strip(), after.strip()
    email = email_or_none(candidate.email_address)
    return LinkedInProfile(
        member_id=member_id_of(candidate.member),  # "" when it is no person urn: refused
        first_name=plain_text(candidate.first_name, 100),
        last_name=plain_text(candidate.last_name, 100),
        profile_url=candidate.profile_url or None,
        headline=headline,
        location=plain_text(candidate.location, 200) or None,
        emails=(email,) if email else (),
        current_title=title,
        current_company=company,
    )


def notice_key(tenant_id: str, request_id: str) -> str:
    return f"export:{tenant_id}:{request_id}"


class LinkedInExports:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        exports: CandidateExports,
        child_apps: ChildApps,
        teller: ExportTeller,
    ) -> None:
        self.sessions = sessions
        self.exports = exports
        self.child_apps = child_apps
        self.teller = teller

    async def on_export_event(self, event: DeferredEvent) -> str | None:
        """Process one EXPORT_CANDIDATE_PROFILE event (see the module docstring): None when the
        candidate was exported and the exporter told, else how it ended."""
        tenant_id, request_id = event.tenant_id, event.envelope.request_id
        async with self.sessions() as session:
            integration = await LinkedInIntegrationRepository(session, tenant_id).find()
        if integration is None or not integration.organization:
            return self._ended(event, NO_INTEGRATION)
        if event.envelope.integration_context != integration.organization:
            return self._ended(event, FOREIGN_ORGANIZATION)
        try:
            child = await self.child_apps.client(integration)
            exported = await child.exported_candidate(request_id)
        except LinkedInNotFound:
            return self._ended(event, NO_SUCH_EXPORT)
        except UserFacingError as error:  # the customer app cannot be read now
            cause = error.__cause__
            if isinstance(cause, LinkedInThrottled | LinkedInUnavailable):
                raise cause from error
            raise
        if exported.integration_context != integration.organization:
            return self._ended(event, FOREIGN_ORGANIZATION)

        exporter = await self._exporter(tenant_id, exported)
        if exporter is None:
            return self._ended(event, NO_ATS_USER)
        profile = profile_of(exported)
        job_code = exported.external_job_posting_id
        job = None
        if JOB_ID.fullmatch(job_code):  # anything else is no job's id (and is not looked up)
            async with self.sessions() as session:
                job = await JobRepository(session, tenant_id).by_exact_code(job_code)
        if job is None:
            refusal: UserFacingError = ExportJobUnknown(job=echoed(plain_text(job_code, 200)))
            return await self._tell_refused(event, exporter, profile.full_name, refusal)
        request = ExportRequest(
            tenant_id=tenant_id,
            exporter_user_id=exporter.user_id,
            job_id=job.id,
            candidate=profile,
            idempotency_key=f"linkedin:{request_id}",
            source=ExportSource.LINKEDIN,
            seat=seat_urn_or_none(exported.exporter.seat),
        )
        try:
            result = await self.exports.export(request)
        except UserFacingError as refused:  # an ExportRefused, a CapabilityRefused, NotAnAtsUser …
            return await self._tell_refused(event, exporter, profile.full_name, refused)
        log.info(
            "LinkedIn export %s of tenant %s: %s (application %s)",
            request_id,
            tenant_id,
            result.outcome.value,
            result.application_id,
        )
        if event.told:
            return None
        if result.outcome is ExportOutcome.REPEATED and event.attempt == 1:
            # Another notification of the same export (request id) made it and told the exporter; only
            # this event's own earlier run (a retry, a crash) leaves an export whose exporter is untold.
            log.info("LinkedIn export %s of tenant %s: %s", request_id, tenant_id, TOLD_BY_ANOTHER_EVENT)
            return TOLD_BY_ANOTHER_EVENT
        key = notice_key(tenant_id, request_id)
        outcome = await self.teller.exported(tenant_id, exporter.user_id, exporter.locale, key, result)
        return await self._told(event, outcome, None)

    async def _exporter(self, tenant_id: str, exported: ExportedCandidate) -> _Exporter | None:
        """The ATS user who connected the exporting LinkedIn member, with their language: the ATS
        user's own, else the one Teams gave when they last opened their settings (where they
        connected their LinkedIn account), else English."""
        member_id = member_id_of(exported.exporter.member)
        if not member_id:
            return None
        async with self.sessions() as session:
            user_id = await LinkedInConnectionRepository(session, tenant_id).holder_of_member(member_id)
            user = await UserRepository(session, tenant_id).by_id(user_id) if user_id else None
            if user is None:
                return None
            settings_card = await SettingsCardRepository(session, tenant_id).of_user(user.id)
        locale = user.locale or (settings_card.locale if settings_card else None)
        return _Exporter(user.id, locale or "en")

    async def _tell_refused(
        self, event: DeferredEvent, exporter: _Exporter, candidate_name: str, refusal: UserFacingError
    ) -> str | None:
        ended = f"refused: {type(refusal).__name__}"
        if event.told:
            return ended
        reason = refusal.localized(translator(exporter.locale))
        key = notice_key(event.tenant_id, event.envelope.request_id)
        outcome = await self.teller.refused(
            event.tenant_id,
            exporter.user_id,
            exporter.locale,
            key,
            candidate_name,
            reason,
            another_job=isinstance(refusal, JOB_REFUSALS),
        )
        return await self._told(event, outcome, ended)

    async def _told(self, event: DeferredEvent, outcome: Outcome, ended: str | None) -> str | None:
        """The exporter was told once (recorded at once, so a run again does not tell twice); Teams
        throttling or failing is tried again later (TryLater); an unreachable exporter is recorded."""
        if outcome.delivery is Delivery.FAILED:
            raise TryLater(f"the notice was not delivered: {outcome.reason}")
        if outcome.delivery is Delivery.UNREACHABLE:
            return self._ended(event, UNREACHABLE if ended is None else f"{ended}; {UNREACHABLE}")
        await event.record_told()
        if ended is not None:
            log.info("LinkedIn export %s of tenant %s %s", event.envelope.request_id, event.tenant_id, ended)
        return ended

    @staticmethod
    def _ended(event: DeferredEvent, how: str) -> str:
        log.warning(
            "LinkedIn export %s of tenant %s (event %s): %s",
            event.envelope.request_id,
            event.tenant_id,
            event.event_id,
            how,
        )
        return how
