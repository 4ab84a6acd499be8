"""1-click export: the one service both paths call, LinkedIn's EXPORT_CANDIDATE_PROFILE event
(services/linkedin_exports.py) and Teams' export command and Export button (bot/, dialogs/).

An export puts a candidate into a job's Prospect stage. Before anything is written, each of these is
checked, and each refusal has its own message: the job exists and is active (not a draft, not
closed); it is not a test job; the exporting user is a Hiring manager or Recruiter on it (an
Interviewer is not); it has a Prospect stage; the tenant's LinkedIn integration has Company-level
access or more (and, as every LinkedIn capability, the exporter's own LinkedIn connection); the
exporter has not used this month's export allowance (EXPORTS_PER_SEAT_PER_MONTH, LinkedIn's 300 per
Recruiter seat, counted per exporter and calendar month in UTC).

The candidate: an ExistingCandidate is used as is. A LinkedInProfile is matched to a candidate of
the tenant by LinkedIn member id, then by email; otherwise a candidate is created from it (names,
emails, phones, current company and title, profile URL, member id). A candidate already in the job
gets their application back (ALREADY_IN_JOB, at whatever stage it is now), never a second one.

One transaction: a refusal or a failure writes nothing. The idempotency key is stored with what the
export made, so the same key again answers REPEATED with that application and writes nothing; two
exports of one member at once (two keys) still make one candidate and one application.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.candidates import LinkState
from domain.exports import (
    MEMBER_ID,
    ExistingCandidate,
    ExportableJob,
    ExportableJobs,
    ExportOutcome,
    ExportRequest,
    ExportResult,
    LinkedInProfile,
    email_or_none,
    plain_text,
)
from domain.jobs import PROSPECT_STAGE, JobStatus
from i18n import N_
from services.capabilities import Capabilities, Capability
from services.errors import CandidateNotFound, NotAnAtsUser, UserFacingError
from services.identity import Requester, requester_of
from store.exports import ExportRepository
from store.models import Candidate, CandidateExport, Job
from store.repositories import JobRepository, UserRepository
from store.text import canonical_profile_url

log = logging.getLogger(__name__)

EXPORTS_PER_SEAT_PER_MONTH = 300
JOBS_ON_PICKER = 25  # at most this many jobs on a job picker; beyond, the picker searches as one types


class ExportRefused(UserFacingError):
    """Nothing was exported or written; the message says why."""


class ExportJobNotFound(ExportRefused):
    message = N_("That job doesn't exist or isn't visible to you.")


class ExportJobNotActive(ExportRefused):
    message = N_("{job} isn't an active job, so candidates can't be exported to it.")


class ExportTestJob(ExportRefused):
    message = N_("{job} is a test job, so candidates can't be exported to it.")


class ExportNotOnHiringTeam(ExportRefused):
    message = N_(
        "Only the job's Hiring manager and Recruiters can export candidates to {job}, "
        "and you aren't one of them."
    )


class ExportNoProspectStage(ExportRefused):
    message = N_("{job} has no Prospect stage, so candidates can't be exported to it.")


class ExportAllowanceUsed(ExportRefused):
    message = N_(
        "You have used this month's {limit} exports. The allowance starts again on the first of next month."
    )


class ExportMemberUnknown(ExportRefused):
    """LinkedIn's description of the member names no member (no member id, or not one)."""

    message = N_("LinkedIn's answer didn't say which member was exported, so nothing was exported.")


class ExportKeyReused(ExportRefused):
    """An idempotency key came back with another candidate or job than it was first used for (a
    tampered or confused card)."""

    message = N_("That export was already done for another candidate or job, so nothing was changed.")


class CandidateExports:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        capabilities: Capabilities,
        *,
        allowance: int = EXPORTS_PER_SEAT_PER_MONTH,
    ) -> None:
        self.sessions = sessions
        self.capabilities = capabilities
        self.allowance = allowance

    async def export(self, request: ExportRequest) -> ExportResult:
        """Export, or answer with what an earlier export (same key) or application made. Raises an
        ExportRefused or a CapabilityRefused (nothing written), CandidateNotFound for an
        ExistingCandidate not of this tenant, NotAnAtsUser for an exporter not of this tenant."""
        requester = await self.requester_of(request.tenant_id, request.exporter_user_id)
        if requester is None:
            raise NotAnAtsUser()
        if isinstance(request.candidate, LinkedInProfile):
            if not MEMBER_ID.fullmatch(request.candidate.member_id):
                raise ExportMemberUnknown()
            request = dataclasses.replace(request, candidate=_sound(request.candidate))
        subject = _subject(request)
        try:
            return await self._export(request, requester, subject)
        except IntegrityError:
            # Another export stored the same key, or the same application, at the same moment: the
            # second run finds what it made.
            log.info("an export met a concurrent one for tenant %s; reading what it made", request.tenant_id)
            return await self._export(request, requester, subject)

    async def _export(self, request: ExportRequest, requester: Requester, subject: str) -> ExportResult:
        now = datetime.now(UTC)
        # Read first, outside the transaction that writes: a repeated export, the job's refusals, the
        # tenant's integration and the exporter's own LinkedIn connection. A refusal takes no lock.
        async with self.sessions() as session:
            exports = ExportRepository(session, request.tenant_id)
            earlier = await exports.by_key(request.idempotency_key)
            if earlier is not None:
                return await self._repeated(session, request, subject, earlier)
            await self._check_job(exports, request)
        await self.capabilities.check(request.tenant_id, Capability.ONE_CLICK_EXPORT, requester)
        async with self.sessions() as session, session.begin():
            exports = ExportRepository(session, request.tenant_id)
            row = await exports.claim(
                idempotency_key=request.idempotency_key,
                source=request.source.value,
                exporter_user_id=request.exporter_user_id,
                seat=request.seat,
                job_id=request.job_id,
                subject=subject,
                now=now,
            )
            job = await self._check_job(exports, request)  # again: it may have changed meanwhile
            candidate, created = await self._candidate(exports, request, now)
            application = await exports.application(candidate.id, job.id)
            if application is None:
                used = await exports.exports_since(request.exporter_user_id, _month_start(now))
                if len(used) >= self.allowance:
                    raise ExportAllowanceUsed(limit=self.allowance)
                application = await exports.add_application(
                    candidate_id=candidate.id,
                    job_id=job.id,
                    stage=PROSPECT_STAGE,
                    source=request.source.value,
                    moved_by_user_id=request.exporter_user_id,
                    now=now,
                )
                outcome = ExportOutcome.EXPORTED
            else:
                outcome = ExportOutcome.ALREADY_IN_JOB
            row.outcome = outcome.value
            row.candidate_id = candidate.id
            row.application_id = application.id
            row.candidate_created = created
            result = _result(outcome, job, candidate, application.id, application.current_stage, created)
        log.info(
            "export %s for tenant %s: application %s (%s, candidate %s)",
            outcome.value,
            request.tenant_id,
            application.id,
            request.source.value,
            "created" if created else "existing",
        )
        return result

    async def _check_job(self, exports: ExportRepository, request: ExportRequest) -> Job:
        """The job, if the exporter may export to it now; else the refusal that says why."""
        job = await exports.job(request.job_id)
        if job is None:
            raise ExportJobNotFound()
        return await _job_checked(exports, job, request.exporter_user_id)

    async def refusal_for_job_code(self, requester: Requester, job_code: str) -> ExportRefused | None:
        """Why the requester can't export to the job with this job id (one they were not offered:
        a test job, a draft, a job they aren't on the hiring team of …), or None when the tenant has
        no such job or they may export to it. Nothing is written."""
        code = " ".join(job_code.split())[:100]
        async with self.sessions() as session:
            jobs = JobRepository(session, requester.tenant_id)
            job = await jobs.by_exact_code(code) or (
                await jobs.by_exact_code(code.upper()) if code.upper() != code else None
            )
            if job is None:
                return None
            try:
                await _job_checked(ExportRepository(session, requester.tenant_id), job, requester.user_id)
            except ExportRefused as refusal:
                return refusal
        return None

    async def _candidate(
        self, exports: ExportRepository, request: ExportRequest, now: datetime
    ) -> tuple[Candidate, bool]:
        """The candidate to export and whether this export created them."""
        wanted = request.candidate
        if isinstance(wanted, ExistingCandidate):
            candidate = await exports.candidate(wanted.candidate_id)
            if candidate is None:
                raise CandidateNotFound()
            return candidate, False
        profile_url = canonical_profile_url(wanted.profile_url) if wanted.profile_url else None
        candidate = await exports.candidate_by_member(wanted.member_id)
        if candidate is not None:
            return candidate, False
        candidate = await exports.candidate_by_emails(wanted.emails)
        if candidate is not None:
            # The recruiter who exported named the member: a candidate not linked yet is linked to them.
            await exports.link_member(
                candidate.id, member_id=wanted.member_id, profile_url=profile_url, link_state=LinkState.MANUAL
            )
            return candidate, False
        candidate = await exports.add_candidate(
            first_name=wanted.first_name,
            last_name=wanted.last_name,
            emails=wanted.emails,
            phones=wanted.phones,
            current_company=wanted.current_company,
            current_title=wanted.current_title,
            member_id=wanted.member_id,
            profile_url=profile_url,
            link_state=LinkState.MANUAL,
            now=now,
        )
        return candidate, True

    async def _repeated(
        self, session: AsyncSession, request: ExportRequest, subject: str, earlier: CandidateExport
    ) -> ExportResult:
        """The same key again: what the first export made, when it names the same export."""
        if (
            earlier.exporter_user_id != request.exporter_user_id
            or earlier.job_id != request.job_id
            or earlier.subject != subject
        ):
            raise ExportKeyReused()
        exports = ExportRepository(session, request.tenant_id)
        job = await exports.job(earlier.job_id)
        candidate = await exports.candidate(earlier.candidate_id or "")
        application = await exports.application_by_id(earlier.application_id or "")
        if job is None or candidate is None or application is None:  # deleted since
            raise ExportKeyReused()
        return _result(
            ExportOutcome.REPEATED, job, candidate, application.id, application.current_stage, False
        )

    async def exportable_jobs(
        self, requester: Requester, query: str = "", *, limit: int = JOBS_ON_PICKER
    ) -> ExportableJobs:
        """The jobs the requester may export to, best match first by job id or title (`query` empty:
        all, by title), at most `limit`, with the total that match."""
        query = " ".join(query.split())[:200]
        async with self.sessions() as session:
            jobs = await ExportRepository(session, requester.tenant_id).hiring_team_jobs(
                requester.user_id, JobStatus.ACTIVE.value
            )
        wanted = query.casefold()
        ranked: list[tuple[int, Job]] = []
        for job in jobs:
            if job.is_test or not job.has_prospect_stage:
                continue
            code, title = job.job_code.casefold(), job.title.casefold()
            if not wanted or code == wanted:
                rank = 0
            elif code.startswith(wanted) or title.startswith(wanted):
                rank = 1
            elif wanted in title or wanted in code:
                rank = 2
            else:
                continue
            ranked.append((rank, job))
        ranked.sort(key=lambda item: item[0])  # stable: by title within a rank
        offered = tuple(
            ExportableJob(job.id, job.job_code, job.title, job.location or "")
            for _rank, job in ranked[:limit]
        )
        return ExportableJobs(offered, len(ranked), query)

    async def requester_of(self, tenant_id: str, user_id: str) -> Requester | None:
        """The ATS user as a Requester (for work that starts outside a turn: a LinkedIn event), or None."""
        async with self.sessions() as session:
            user = await UserRepository(session, tenant_id).by_id(user_id)
            if user is None:
                return None
            return await requester_of(session, user, locale=user.locale)


async def _job_checked(exports: ExportRepository, job: Job, user_id: str) -> Job:
    """`job`, if the user may export to it now; else the refusal that says why."""
    label = f"{job.title} ({job.job_code})"
    if job.status != JobStatus.ACTIVE:
        raise ExportJobNotActive(job=label)
    if job.is_test:
        raise ExportTestJob(job=label)
    roles = {role.role for role in await exports.roles_on_job(user_id, job.id)}
    if not {"hiring_manager", "recruiter"} & roles:
        raise ExportNotOnHiringTeam(job=label)
    if not job.has_prospect_stage:
        raise ExportNoProspectStage(job=label)
    return job


def _sound(profile: LinkedInProfile) -> LinkedInProfile:
    """The member as an export stores them, whatever LinkedIn (or a card) said: names and the rest on
    one line without control characters and within their columns, email addresses that are ones."""
    emails = tuple(dict.fromkeys(e for e in map(email_or_none, profile.emails) if e))
    return dataclasses.replace(
        profile,
        first_name=plain_text(profile.first_name, 100),
        last_name=plain_text(profile.last_name, 100),
        headline=plain_text(profile.headline, 200) or None,
        location=plain_text(profile.location, 200) or None,
        emails=emails,
        phones=tuple(p for p in (plain_text(phone, 40) for phone in profile.phones) if p),
        current_company=plain_text(profile.current_company, 200) or None,
        current_title=plain_text(profile.current_title, 200) or None,
    )


def _subject(request: ExportRequest) -> str:
    """What an export exports, as its stored row names it."""
    if isinstance(request.candidate, LinkedInProfile):
        return f"member:{request.candidate.member_id}"[:140]
    return f"candidate:{request.candidate.candidate_id}"[:140]


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _result(
    outcome: ExportOutcome, job: Job, candidate: Candidate, application_id: str, stage: str, created: bool
) -> ExportResult:
    return ExportResult(
        outcome=outcome,
        application_id=application_id,
        candidate_id=candidate.id,
        candidate_code=candidate.code,
        candidate_name=candidate.full_name,
        job_id=job.id,
        job_code=job.job_code,
        job_title=job.title,
        stage=stage,
        candidate_created=created,
    )
