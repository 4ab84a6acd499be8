"""Write the demo dataset (store.demo_data) to the ATS database, once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.candidates import LinkState
from store.demo_data import DEMO_TENANT_ID, REFERENCE_TIME, DemoDataset, demo_dataset
from store.models import (
    Application,
    Base,
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
    new_id,
)
from store.text import canonical_profile_url, fold

log = logging.getLogger(__name__)


def _at(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC)


async def seed_demo_data(session_factory: async_sessionmaker[AsyncSession]) -> bool:
    """Write the demo tenants, users, jobs, candidates and pools in one transaction.

    Does nothing and returns False when the demo tenant already exists (also when another process
    seeded it at the same moment); returns True when it wrote the data.
    """
    async with session_factory() as session:
        try:
            async with session.begin():
                if await session.scalar(select(Tenant.id).where(Tenant.id == DEMO_TENANT_ID)) is not None:
                    return False
                for rows in _rows(demo_dataset()):
                    session.add_all(rows)
                    await session.flush()  # parents before children: SQLite enforces foreign keys
        except IntegrityError:
            # A concurrent seeder won the race on the tenant's primary key.
            log.info("demo data was seeded concurrently; leaving it as it is")
            return False
    log.info("seeded the demo data")
    return True


def _rows(data: DemoDataset) -> list[list[Base]]:
    """The dataset as ORM objects in insert order (each list may reference the earlier ones)."""
    tenants: list[Base] = [
        Tenant(id=t.id, name=t.name, created_at=REFERENCE_TIME - timedelta(days=400)) for t in data.tenants
    ]

    user_ids: dict[tuple[str, str], str] = {}
    users: list[Base] = []
    for u in data.users:
        if not u.ats_user:
            continue
        user_id = new_id()
        user_ids[(u.tenant_id, u.aad_object_id)] = user_id
        users.append(
            User(
                id=user_id, tenant_id=u.tenant_id, aad_object_id=u.aad_object_id, email=u.email.lower(),
                upn=u.upn.lower(), display_name=u.display_name, first_name=u.first_name,
                last_name=u.last_name, is_admin=u.is_admin,
                linkedin_member_id=None,  # users start not connected to LinkedIn
                created_at=REFERENCE_TIME - timedelta(days=365),
            )
        )

    job_ids: dict[tuple[str, str], str] = {}
    jobs: list[Base] = []
    roles: list[Base] = []
    for j in data.jobs:
        job_id = new_id()
        job_ids[(j.tenant_id, j.job_code)] = job_id
        jobs.append(
            Job(
                id=job_id, tenant_id=j.tenant_id, job_code=j.job_code, title=j.title, status=j.status,
                stages=list(j.stages), is_test=j.is_test, post_to_linkedin=j.post_to_linkedin,
                location=j.location, description=j.description, created_at=_at(j.created_at_ms),
                updated_at=_at(j.created_at_ms),
            )
        )
        for aad_object_id, role in j.roles:
            user_id = user_ids[(j.tenant_id, aad_object_id)]
            roles.append(
                JobRole(id=new_id(), tenant_id=j.tenant_id, job_id=job_id, user_id=user_id, role=role)
            )

    def user(tenant_id: str, aad_object_id: str | None) -> str | None:
        return user_ids.get((tenant_id, aad_object_id)) if aad_object_id else None

    candidate_ids: dict[tuple[str, str], str] = {}
    candidates: list[Base] = []
    applications: list[Base] = []
    details: list[Base] = []  # emails, stage history, feedback, notes
    for c in data.candidates:
        tenant_id = c.tenant_id
        candidate_id = new_id()
        candidate_ids[(tenant_id, c.code)] = candidate_id
        exact = c.linkedin == "exact"
        latest_ms = max([c.created_at_ms] + [a.history[-1].entered_at_ms for a in c.applications])
        candidates.append(
            Candidate(
                id=candidate_id, tenant_id=tenant_id, code=c.code, first_name=c.first_name,
                last_name=c.last_name, search_name=fold(f"{c.first_name} {c.last_name}"),
                phones=list(c.phones), current_company=c.current_company, current_title=c.current_title,
                linkedin_member_id=c.linkedin_member_id if exact else None,
                # The linked member's profile, at the address LinkedIn (the sandbox) gives it.
                linkedin_profile_url=(
                    canonical_profile_url(f"https://www.linkedin.com/in/{c.linkedin_member_id}")
                    if exact
                    else None
                ),
                link_state=LinkState.EXACT.value if exact else LinkState.NONE.value,
                created_at=_at(c.created_at_ms), updated_at=_at(latest_ms),
            )
        )
        for position, address in enumerate(c.emails):
            details.append(
                CandidateEmail(
                    id=new_id(), tenant_id=tenant_id, candidate_id=candidate_id, address=address.lower(),
                    position=position,
                )
            )
        application_ids: dict[str, str] = {}
        for a in c.applications:
            application_id = new_id()
            application_ids[a.job_code] = application_id
            applications.append(
                Application(
                    id=application_id, tenant_id=tenant_id, candidate_id=candidate_id,
                    job_id=job_ids[(tenant_id, a.job_code)], current_stage=a.current_stage, source=a.source,
                    disposition_reason=a.disposition_reason, created_at=_at(a.history[0].entered_at_ms),
                    updated_at=_at(a.history[-1].entered_at_ms),
                )
            )
            details.extend(
                StageChange(
                    id=new_id(), tenant_id=tenant_id, application_id=application_id, stage=s.stage,
                    entered_at=_at(s.entered_at_ms),
                    moved_by_user_id=user(tenant_id, s.moved_by_aad_object_id),
                )
                for s in a.history
            )
            details.extend(
                InterviewFeedback(
                    id=new_id(), tenant_id=tenant_id, application_id=application_id,
                    interviewer_user_id=user(tenant_id, f.interviewer_aad_object_id),
                    interview_type=f.interview_type, rating=f.rating, recommendation=f.recommendation,
                    text=f.text, created_at=_at(f.created_at_ms),
                )
                for f in a.feedback
            )
        details.extend(
            Note(
                id=new_id(), tenant_id=tenant_id, candidate_id=candidate_id,
                application_id=application_ids.get(n.job_code) if n.job_code else None,
                author_user_id=user(tenant_id, n.author_aad_object_id), text=n.text,
                created_at=_at(n.created_at_ms),
            )
            for n in c.notes
        )

    pools: list[Base] = []
    members: list[Base] = []
    for p in data.pools:
        pool_id = new_id()
        pools.append(
            TalentPool(
                id=pool_id, tenant_id=p.tenant_id, name=p.name, is_system=p.is_system,
                created_at=REFERENCE_TIME - timedelta(days=200),
            )
        )
        members.extend(
            TalentPoolMember(
                id=new_id(), tenant_id=p.tenant_id, pool_id=pool_id,
                candidate_id=candidate_ids[(p.tenant_id, code)], added_at=REFERENCE_TIME - timedelta(days=30),
            )
            for code in p.candidate_codes
        )

    return [tenants, users, jobs + pools, roles + candidates, applications, details + members]
