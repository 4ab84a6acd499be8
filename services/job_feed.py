"""Job posting to LinkedIn (Limited Listings): the per-tenant XML job feed LinkedIn reads daily.

Only active, non-test jobs marked for LinkedIn go in, and only with every mandatory field. A job
that cannot be posted is left out, and the admin is told which and why (`FeedReport.left_out`).
LinkedIn has no test environment: whatever is in the feed goes live.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import quote
from xml.etree import ElementTree

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.jobs import FeedJob, FeedReport, JobStatus, LeftOut, Reason
from i18n import N_
from store.global_lookups import tenant_of_feed
from store.linkedin_integration import LinkedInIntegrationRepository
from store.models import Job, LinkedInIntegration
from store.repositories import JobRepository

MAX_PARTNER_JOB_ID = 40
MAX_TITLE = 200
MIN_DESCRIPTION = 100
COMPANY_ID = re.compile(r"^[0-9]{1,19}$")

DRAFT = Reason(N_("it is a draft"))
TEST_JOB = Reason(N_("it is a test job, and LinkedIn has no test environment"))
NO_COMPANY = Reason(N_("the company name is missing (job posting settings)"))
NO_COMPANY_ID = Reason(N_("the LinkedIn company ID is missing or not digits (job posting settings)"))
NO_TITLE = Reason(N_("the title is missing"))
NO_LOCATION = Reason(N_("the location is missing"))
APPLY_NOT_HTTPS = Reason(N_("the apply link is not https (set PUBLIC_BASE_URL to the public https address)"))


def apply_url(base_url: str, feed_id: str, job_code: str) -> str:
    """The public job page LinkedIn links to (served by web/)."""
    return f"{base_url.rstrip('/')}/careers/{quote(feed_id, safe='')}/{quote(job_code, safe='')}"


def assess(
    job: Job, *, company: str, company_id: str, base_url: str, feed_id: str
) -> FeedJob | LeftOut | None:
    """A job's place in the feed: in it, left out (with why), or not a candidate for it at all."""
    if not job.post_to_linkedin or job.status == JobStatus.CLOSED:
        return None  # not marked for LinkedIn, or closed: closed at LinkedIn's next read
    if job.status == JobStatus.DRAFT:
        return LeftOut(job.job_code, job.title, (DRAFT,))
    if job.is_test:
        return LeftOut(job.job_code, job.title, (TEST_JOB,))
    reasons: list[Reason] = []
    if not job.job_code or len(job.job_code) > MAX_PARTNER_JOB_ID:
        reasons.append(
            Reason(N_("the job id is longer than {limit} characters"), {"limit": MAX_PARTNER_JOB_ID})
        )
    if not company.strip():
        reasons.append(NO_COMPANY)
    if not COMPANY_ID.match(company_id or ""):
        reasons.append(NO_COMPANY_ID)
    if not job.title.strip():
        reasons.append(NO_TITLE)
    elif len(job.title) > MAX_TITLE:
        reasons.append(Reason(N_("the title is longer than {limit} characters"), {"limit": MAX_TITLE}))
    description = (job.description or "").strip()
    if len(description) < MIN_DESCRIPTION:
        reasons.append(
            Reason(
                N_("the description has {length} characters; LinkedIn needs at least {minimum}"),
                {"length": len(description), "minimum": MIN_DESCRIPTION},
            )
        )
    if not (job.location or "").strip():
        reasons.append(NO_LOCATION)
    url = apply_url(base_url, feed_id, job.job_code)
    if not url.startswith("https://"):
        reasons.append(APPLY_NOT_HTTPS)
    if reasons:
        return LeftOut(job.job_code, job.title, tuple(reasons))
    return FeedJob(
        partner_job_id=job.job_code,
        company=company.strip(),
        company_id=company_id,
        title=job.title.strip(),
        description=description,
        location=job.location.strip(),
        apply_url=url,
    )


def feed_xml(jobs: tuple[FeedJob, ...] | list[FeedJob], *, now: datetime | None = None) -> bytes:
    """The Limited Listings XML; ElementTree escapes every value."""
    source = ElementTree.Element("source")
    ElementTree.SubElement(source, "lastBuildDate").text = format_datetime(now or datetime.now(UTC))
    for job in jobs:
        element = ElementTree.SubElement(source, "job")
        for tag, value in (
            ("partnerJobId", job.partner_job_id),
            ("company", job.company),
            ("companyId", job.company_id),
            ("title", job.title),
            ("description", job.description),
            ("location", job.location),
            ("applyUrl", job.apply_url),
        ):
            ElementTree.SubElement(element, tag).text = value
    ElementTree.indent(source)
    return ElementTree.tostring(source, encoding="utf-8", xml_declaration=True)


class JobFeed:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], base_url: str) -> None:
        self.sessions = sessions
        self.base_url = base_url.rstrip("/")

    def feed_url(self, feed_id: str) -> str:
        return f"{self.base_url}/linkedin/jobs/{quote(feed_id, safe='')}.xml"

    async def report(self, tenant_id: str) -> FeedReport:
        """What the feed holds for this tenant now, and which jobs are left out and why."""
        async with self.sessions() as session:
            integration = await LinkedInIntegrationRepository(session, tenant_id).find()
            if integration is None:
                return FeedReport((), ())
            return await self._report(session, integration)

    async def _report(self, session: AsyncSession, integration: LinkedInIntegration) -> FeedReport:
        jobs = await JobRepository(session, integration.tenant_id).all_by_code()
        included: list[FeedJob] = []
        left_out: list[LeftOut] = []
        for job in jobs:
            verdict = assess(
                job,
                company=integration.company_name or "",
                company_id=integration.linkedin_company_id or "",
                base_url=self.base_url,
                feed_id=integration.feed_id,
            )
            if isinstance(verdict, FeedJob):
                included.append(verdict)
            elif isinstance(verdict, LeftOut):
                left_out.append(verdict)
        return FeedReport(tuple(included), tuple(left_out))

    async def xml_for_feed(self, feed_id: str) -> bytes | None:
        """The feed at its public URL; None when no tenant has that feed id or posting is off."""
        async with self.sessions() as session:
            integration = await _posting_integration(session, feed_id)
            if integration is None:
                return None
            report = await self._report(session, integration)
        return feed_xml(report.jobs)

    async def public_job(self, feed_id: str, job_code: str) -> tuple[Job, str] | None:
        """An active, non-test job marked for LinkedIn, and the company name: its public page
        (the feed's applyUrl). None when there is no such job or job posting is off."""
        async with self.sessions() as session:
            integration = await _posting_integration(session, feed_id)
            if integration is None:
                return None
            job = await JobRepository(session, integration.tenant_id).by_exact_code(job_code)
            if job is None or job.status != JobStatus.ACTIVE or job.is_test or not job.post_to_linkedin:
                return None
            return job, integration.company_name or ""


async def _posting_integration(session: AsyncSession, feed_id: str) -> LinkedInIntegration | None:
    """The integration whose public feed id this is, when job posting is on for it."""
    tenant_id = await tenant_of_feed(session, feed_id)
    if tenant_id is None:
        return None
    integration = await LinkedInIntegrationRepository(session, tenant_id).find()
    return integration if integration is not None and integration.job_posting_enabled else None
