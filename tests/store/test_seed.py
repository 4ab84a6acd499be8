"""Seeding the demo data: idempotent, complete, and faithful to store.demo_data."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import func, select

from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID, OTHER_TENANT_ID, REFERENCE_MS, demo_dataset
from store.models import (
    Application,
    Candidate,
    CandidateEmail,
    InterviewFeedback,
    Job,
    JobRole,
    Note,
    StageChange,
    TalentPool,
    TalentPoolMember,
    Tenant,
    User,
)
from store.seed import seed_demo_data
from store.text import fold


async def test_seed_writes_the_demo_data_once(db_url: str) -> None:
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    try:
        started = time.perf_counter()
        assert await seed_demo_data(sessions) is True
        assert time.perf_counter() - started < 10
        assert await seed_demo_data(sessions) is False

        async with sessions() as session:

            async def count(model: type, tenant_id: str = DEMO_TENANT_ID) -> int:
                tenant_column = model.__table__.c.tenant_id  # type: ignore[attr-defined]
                statement = select(func.count()).select_from(model).where(tenant_column == tenant_id)
                return int(await session.scalar(statement) or 0)

            assert await session.scalar(select(func.count()).select_from(Tenant)) == 2
            assert await count(Candidate) == 200
            assert await count(Candidate, OTHER_TENANT_ID) == 5
            assert await count(User) == 5  # Lynne Robbins is no ATS user
            assert await count(User, OTHER_TENANT_ID) == 1
            assert await count(Job) == 6
            assert await count(TalentPool) == 3

            data = demo_dataset()
            contoso = [c for c in data.candidates if c.tenant_id == DEMO_TENANT_ID]
            applications = [a for c in contoso for a in c.applications]
            assert await count(Application) == len(applications) > 150
            assert await count(StageChange) == sum(len(a.history) for a in applications)
            assert await count(InterviewFeedback) == sum(len(a.feedback) for a in applications) > 0
            assert await count(Note) == sum(len(c.notes) for c in contoso) > 0
            assert await count(CandidateEmail) == sum(len(c.emails) for c in contoso)
            assert await count(JobRole) > 0 and await count(TalentPoolMember) > 0

            users = {u.email: u for u in await session.scalars(select(User))}
            assert users["alexw@example.com"].is_admin
            assert users["isaiahl@example.com"].upn == "isaiah@example.com"
            assert all(u.linkedin_member_id is None for u in users.values())  # nobody connected yet
            assert "lynner@example.com" not in users
    finally:
        await engine.dispose()


async def test_seeded_candidates_are_searchable_and_linked(seeded_sqlite_url: str) -> None:
    engine = create_engine(seeded_sqlite_url)
    try:
        async with session_factory(engine)() as session:
            soren = await session.scalar(
                select(Candidate).where(Candidate.tenant_id == DEMO_TENANT_ID, Candidate.code == "C1003")
            )
            assert soren is not None and soren.search_name == fold("Søren Kristensen") == "soren kristensen"
            contoso = Candidate.tenant_id == DEMO_TENANT_ID
            states = Counter(await session.scalars(select(Candidate.link_state).where(contoso)))
            assert states == {"exact": 80, "none": 120}
            addresses = list(await session.scalars(select(CandidateEmail.address)))
            assert addresses and all(a == a.lower() for a in addresses)
            rows = await session.scalars(select(Job).where(Job.tenant_id == DEMO_TENANT_ID))
            jobs = {j.job_code: j for j in rows}
            open_with_prospect = [
                code for code, j in sorted(jobs.items()) if j.status == "active" and j.has_prospect_stage
            ]
            assert open_with_prospect == ["J-1001", "J-1002", "J-1003", "J-1006"]
            assert jobs["J-1006"].is_test and jobs["J-1005"].status == "draft"
            assert len(jobs["J-1004"].description) < 100 and not jobs["J-1004"].has_prospect_stage
    finally:
        await engine.dispose()


def test_demo_dataset_is_deterministic_and_as_described() -> None:
    data = demo_dataset()
    demo_dataset.cache_clear()
    assert demo_dataset() == data

    contoso = [c for c in data.candidates if c.tenant_id == DEMO_TENANT_ID]
    assert [c.code for c in contoso] == [f"C{n}" for n in range(1001, 1201)]
    assert Counter(c.linkedin for c in contoso) == {"exact": 80, "namesake": 80, "none": 40}
    names = Counter(c.full_name for c in contoso)
    assert names["Anna Jensen"] == 2 and names["Lars Hansen"] == 3
    assert all((c.linkedin_member_id is not None) == (c.linkedin == "exact") for c in data.candidates)
    member_ids = [c.linkedin_member_id for c in data.candidates if c.linkedin_member_id]
    member_ids += [u.linkedin_member_id for u in data.users if u.linkedin_member_id]
    assert len(member_ids) == len(set(member_ids))
    everyone = Counter(fold(c.full_name) for c in data.candidates)
    assert all(everyone[fold(c.full_name)] == 1 for c in data.candidates if c.linkedin == "none")

    jobs = {j.job_code: j for j in data.jobs}
    for candidate in data.candidates:
        for application in candidate.applications:
            moments = [s.entered_at_ms for s in application.history]
            assert moments == sorted(moments) and len(set(moments)) == len(moments)
            assert moments[-1] < REFERENCE_MS
            assert application.history[-1].stage == application.current_stage
            assert application.current_stage in jobs[application.job_code].stages
            assert jobs[application.job_code].tenant_id == candidate.tenant_id

    fabrikam = [c for c in data.candidates if c.tenant_id == OTHER_TENANT_ID]
    assert {c.full_name for c in fabrikam} & {c.full_name for c in contoso} == {"Ingrid Solberg"}
