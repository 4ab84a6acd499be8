"""Candidate lookup: find by name, email or candidate id, optionally within a job or a talent pool."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.candidates import (
    ApplicationSummary,
    CandidateProfile,
    CandidateSearch,
    CandidateSummary,
    SearchScope,
    StageStep,
)
from i18n import scope_words
from services.errors import CandidateNotFound
from services.identity import Requester
from store.models import Candidate
from store.repositories import CandidateRepository, JobRepository, TalentPoolRepository

MAX_LISTED = 10


def summarize(candidate: Candidate) -> CandidateSummary:
    return CandidateSummary(
        id=candidate.id,
        code=candidate.code,
        name=candidate.full_name,
        current_title=candidate.current_title,
        current_company=candidate.current_company,
        email=candidate.primary_email,
    )


class CandidateDirectory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def find(self, requester: Requester, text: str) -> CandidateSearch:
        """`text` is "<name | email | candidate id>" with an optional " in <job title, job id or pool>"."""
        async with self.sessions() as session:
            query, scope = await self._split_scope(
                session, requester.tenant_id, text.strip(), requester.locale
            )
            found, total = await CandidateRepository(session, requester.tenant_id).search(
                query,
                job_id=scope.id if scope and scope.kind == "job" else None,
                pool_id=scope.id if scope and scope.kind == "pool" else None,
                limit=MAX_LISTED,
            )
            return CandidateSearch(query, scope, tuple(summarize(c) for c in found), total)

    async def profile(self, requester: Requester, candidate_id: str) -> CandidateProfile:
        """The candidate card's data. Raises CandidateNotFound for ids outside the tenant."""
        async with self.sessions() as session:
            candidates = CandidateRepository(session, requester.tenant_id)
            candidate = await candidates.by_id(candidate_id)
            if candidate is None:
                raise CandidateNotFound()
            applications = await candidates.applications_of(candidate.id)
            jobs = await JobRepository(session, requester.tenant_id).by_ids([a.job_id for a in applications])
            return CandidateProfile(
                id=candidate.id,
                code=candidate.code,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                emails=tuple(e.address for e in candidate.emails),
                phones=tuple(str(p) for p in candidate.phones or ()),
                current_title=candidate.current_title,
                current_company=candidate.current_company,
                linkedin_member_id=candidate.linkedin_member_id,
                linkedin_profile_url=candidate.linkedin_profile_url,
                link_state=candidate.link_state,
                applications=tuple(
                    ApplicationSummary(
                        job_code=jobs[a.job_id].job_code,
                        job_title=jobs[a.job_id].title,
                        current_stage=a.current_stage,
                        history=tuple(StageStep(s.stage, s.entered_at) for s in a.stage_history),
                    )
                    for a in applications
                    if a.job_id in jobs
                ),
            )

    async def _split_scope(
        self, session: AsyncSession, tenant_id: str, text: str, locale: str | None
    ) -> tuple[str, SearchScope | None]:
        """Split "anna in J-1001" (Danish "anna i J-1001") into the query and its scope. Each place
        where a scope word of the user's language stands is tried, the rightmost first; when none
        names a job or pool, the whole text is the query (names such as "Jan in 't Veld")."""
        lowered = text.lower()
        cuts = sorted(
            {
                (match.start(), match.end())
                for word in scope_words(locale)
                for match in re.finditer(rf"\s{re.escape(word)}\s", lowered)
            },
            reverse=True,
        )
        for start, end in cuts:
            query, target = text[:start].strip(), text[end:].strip()
            if query and target:
                scope = await self._scope_named(session, tenant_id, target)
                if scope is not None:
                    return query, scope
        return text, None

    @staticmethod
    async def _scope_named(session: AsyncSession, tenant_id: str, target: str) -> SearchScope | None:
        """The job (by code, or by a title only one job has) or talent pool that `target` names."""
        jobs = JobRepository(session, tenant_id)
        job = await jobs.by_code(target)
        if job is None:
            by_title = await jobs.by_title(target)
            job = by_title[0] if len(by_title) == 1 else None
        if job is not None:
            return SearchScope("job", job.id, f"{job.title} ({job.job_code})")
        pool = await TalentPoolRepository(session, tenant_id).by_name(target)
        if pool is not None:
            return SearchScope("pool", pool.id, pool.name)
        return None
