"""Candidate lookup: find by name, email or candidate id, optionally within a job or a talent pool."""

from __future__ import annotations

import asyncio
import re
import unicodedata

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.candidates import (
    ApplicationSummary,
    CandidateProfile,
    CandidateSearch,
    SearchScope,
    StageStep,
    echoed,
)
from i18n import scope_words
from services.candidate_query import MAX_QUERY_CHARS, CandidateQuery, QueryKind, read_query
from services.errors import (
    AmbiguousSearchScope,
    CandidateNotFound,
    QueryTooLong,
    SearchBusy,
    SearchTimedOut,
    UnknownSearchScope,
)
from services.identity import Requester
from store import candidate_search as search_store
from store.db import DEFAULT_BUSY_SECONDS
from store.repositories import CandidateRepository, JobRepository, TalentPoolRepository

MAX_LISTED = 10  # candidates on the list to pick from
MAX_COUNTED = 100  # a search counts its hits up to here; beyond, the list says "100+"
SEARCH_SECONDS = 2.0  # a search running longer is stopped and the user told
# Searches running at once in this process; more wait (up to the database's busy wait) for a turn.
CONCURRENT_SEARCHES = 5


class CandidateDirectory:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        concurrent_searches: int = CONCURRENT_SEARCHES,
        wait_seconds: float = DEFAULT_BUSY_SECONDS,
        search_seconds: float = SEARCH_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.searches = asyncio.Semaphore(concurrent_searches)
        self.wait_seconds = wait_seconds
        self.search_seconds = search_seconds

    async def find(self, requester: Requester, text: str) -> CandidateSearch:
        """`text` is "<name | email | candidate id | LinkedIn profile URL>" with an optional
        " in <job title, job id or pool>". Raises QueryTooLong, UnknownSearchScope,
        AmbiguousSearchScope, SearchBusy (no room for another search within the wait) and
        SearchTimedOut (the search ran past its time limit)."""
        # Control characters (a NUL) are in no name or address, and databases refuse some of them.
        text = " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).split())
        if len(text) > MAX_QUERY_CHARS:
            raise QueryTooLong(limit=MAX_QUERY_CHARS)
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self.searches.acquire()
        except TimeoutError:
            raise SearchBusy() from None
        try:
            async with search_store.search_session(self.sessions) as session:
                return await self._find(session, requester, text)
        except search_store.SearchBusy:
            raise SearchBusy() from None
        except search_store.SearchTimedOut:
            raise SearchTimedOut() from None
        finally:
            self.searches.release()

    async def _find(self, session: AsyncSession, requester: Requester, text: str) -> CandidateSearch:
        tenant_id = requester.tenant_id
        cuts = _scope_cuts(text, requester.locale)
        ambiguous: list[tuple[str, list[str]]] = []
        for query, target in cuts:
            found = await self._scope_named(session, tenant_id, target)
            if isinstance(found, SearchScope):
                return await self._search(session, tenant_id, query, found)
            if found:
                ambiguous.append((target, found))
        search = await self._search(session, tenant_id, text, None)
        if search.candidates or not cuts:
            return search
        if ambiguous:
            target, job_codes = ambiguous[0]
            raise AmbiguousSearchScope(name=echoed(target), jobs=", ".join(job_codes))
        raise UnknownSearchScope(name=echoed(cuts[0][1]))

    async def _search(
        self, session: AsyncSession, tenant_id: str, text: str, scope: SearchScope | None
    ) -> CandidateSearch:
        repository = search_store.CandidateSearchRepository(
            session, tenant_id, page_size=MAX_LISTED, count_up_to=MAX_COUNTED,
            time_limit_seconds=self.search_seconds,
        )
        where = search_store.SearchScope(
            job_id=scope.id if scope and scope.kind == "job" else None,
            pool_id=scope.id if scope and scope.kind == "pool" else None,
        )
        query = read_query(text)
        hits = search_store.Hits((), 0)
        while query is not None and not hits.found:
            hits = await _run(repository, query, where)
            query = query.otherwise
        return CandidateSearch(
            text,
            scope,
            hits.candidates,
            min(hits.found, MAX_COUNTED),
            more=hits.found > MAX_COUNTED,
        )

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

    @staticmethod
    async def _scope_named(session: AsyncSession, tenant_id: str, target: str) -> SearchScope | list[str]:
        """The job (by code, or by a title only one job has) or talent pool that `target` names; else
        the codes of the jobs whose titles match it (none, or several)."""
        jobs = JobRepository(session, tenant_id)
        job = await jobs.by_code(target)
        by_title = [] if job is not None else await jobs.by_title(target)
        if len(by_title) == 1:
            job = by_title[0]
        if job is not None:
            return SearchScope("job", job.id, f"{job.title} ({job.job_code})")
        pool = await TalentPoolRepository(session, tenant_id).by_name(target)
        if pool is not None:
            return SearchScope("pool", pool.id, pool.name)
        return [j.job_code for j in by_title]


def _scope_cuts(text: str, locale: str | None) -> list[tuple[str, str]]:
    """The ways to read "anna in J-1001" (Danish "anna i J-1001") as (query, job or pool), the
    rightmost scope word first. None of them may name a job or pool: "Jan in 't Veld" is a name."""
    lowered = text.lower()
    places = sorted(
        {
            (match.start(), match.end())
            for word in scope_words(locale)
            for match in re.finditer(rf"\s{re.escape(word)}\s", lowered)
        },
        reverse=True,
    )
    cuts = [(text[:start].strip(), text[end:].strip()) for start, end in places]
    return [(query, target) for query, target in cuts if query and target]


async def _run(
    repository: search_store.CandidateSearchRepository,
    query: CandidateQuery,
    scope: search_store.SearchScope,
) -> search_store.Hits:
    if query.kind is QueryKind.CODE:
        return await repository.by_code(query.value, scope)
    if query.kind is QueryKind.PROFILE:
        return await repository.by_profile_url(query.value, scope)
    if query.kind is QueryKind.EMAIL:
        return await repository.by_email(query.value, prefix=query.prefix, scope=scope)
    return await repository.by_name(query.words, query.exact, scope)
