"""A tenant's queries never see another tenant's rows, and seeded rows carry their parents' tenant."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.db import create_engine, session_factory
from store.demo_data import DEMO_TENANT_ID, OTHER_TENANT_ID
from store.models import Application, Candidate, CandidateEmail, Job, Note, StageChange
from store.text import fold


async def candidates_named(session: AsyncSession, tenant_id: str, name: str) -> list[Candidate]:
    statement = select(Candidate).where(
        Candidate.tenant_id == tenant_id, Candidate.search_name == fold(name)
    )
    return list(await session.scalars(statement))


async def candidate_by_code(session: AsyncSession, tenant_id: str, code: str) -> Candidate | None:
    statement = select(Candidate).where(Candidate.tenant_id == tenant_id, Candidate.code == code)
    return await session.scalar(statement)


async def test_a_fabrikam_namesake_is_never_returned_to_contoso(seeded_db_url: str) -> None:
    engine = create_engine(seeded_db_url)
    try:
        async with session_factory(engine)() as session:
            contoso = await candidates_named(session, DEMO_TENANT_ID, "ingrid solberg")
            fabrikam = await candidates_named(session, OTHER_TENANT_ID, "Ingrid Solberg")
            assert [(c.code, c.tenant_id) for c in contoso] == [("C1011", DEMO_TENANT_ID)]
            assert [c.code for c in fabrikam] == ["C1001"] and fabrikam[0].id != contoso[0].id

            same_code = await candidate_by_code(session, DEMO_TENANT_ID, "C1001")
            assert same_code is not None and same_code.full_name == "Anna Jensen"
            assert len(await candidates_named(session, DEMO_TENANT_ID, "Anna Jensen")) == 2
            assert await candidates_named(session, OTHER_TENANT_ID, "Anna Jensen") == []
    finally:
        await engine.dispose()


async def test_every_seeded_child_row_carries_its_parents_tenant(seeded_sqlite_url: str) -> None:
    engine = create_engine(seeded_sqlite_url)
    try:
        async with session_factory(engine)() as session:
            mismatched = [
                select(CandidateEmail.id)
                .join(Candidate)
                .where(CandidateEmail.tenant_id != Candidate.tenant_id),
                select(Application.id).join(Candidate).where(Application.tenant_id != Candidate.tenant_id),
                select(Application.id).join(Job).where(Application.tenant_id != Job.tenant_id),
                select(StageChange.id)
                .join(Application, StageChange.application_id == Application.id)
                .where(StageChange.tenant_id != Application.tenant_id),
                select(Note.id).join(Candidate).where(Note.tenant_id != Candidate.tenant_id),
            ]
            for statement in mismatched:
                assert list(await session.scalars(statement)) == []
    finally:
        await engine.dispose()
