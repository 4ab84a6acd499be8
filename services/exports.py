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

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.exports import ExportableJobs, ExportRequest, ExportResult
from i18n import N_
from services.capabilities import Capabilities
from services.errors import UserFacingError
from services.identity import Requester

EXPORTS_PER_SEAT_PER_MONTH = 300
JOBS_ON_PICKER = 25  # at most this many jobs on a job picker; beyond, the picker searches as one types


class ExportRefused(UserFacingError):
    """Nothing was exported or written; the message says why."""


class ExportJobNotFound(ExportRefused):
    message = N_("There is no job {job}.")


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
        raise NotImplementedError

    async def exportable_jobs(
        self, requester: Requester, query: str = "", *, limit: int = JOBS_ON_PICKER
    ) -> ExportableJobs:
        """The jobs the requester may export to, best match first by job id or title (`query` empty:
        all, by title), at most `limit`, with the total that match."""
        raise NotImplementedError

    async def requester_of(self, tenant_id: str, user_id: str) -> Requester | None:
        """The ATS user as a Requester (for work that starts outside a turn: a LinkedIn event), or None."""
        raise NotImplementedError
