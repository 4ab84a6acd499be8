"""Tenant-scoped repositories: every query here filters on the tenant given at construction.

Repositories hide SQL; business rules live in services/.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from store.models import (
    Application,
    Candidate,
    ConversationRef,
    Job,
    JobRole,
    TalentPool,
    Tenant,
    User,
    utcnow,
)


class TenantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, tenant_id: str) -> Tenant | None:
        return await self.session.get(Tenant, tenant_id)


class TenantScoped:
    def __init__(self, session: AsyncSession, tenant_id: str) -> None:
        if not tenant_id:
            raise ValueError("a tenant id is required")
        self.session = session
        self.tenant_id = tenant_id


class UserRepository(TenantScoped):
    async def by_id(self, user_id: str) -> User | None:
        result = await self.session.scalars(
            select(User).where(User.tenant_id == self.tenant_id, User.id == user_id)
        )
        return result.first()

    async def by_aad_object_id(self, aad_object_id: str) -> User | None:
        result = await self.session.scalars(
            select(User).where(User.tenant_id == self.tenant_id, User.aad_object_id == aad_object_id)
        )
        return result.first()

    async def by_address(self, address: str) -> User | None:
        """A user whose email or UPN is `address` (case-insensitive)."""
        address = address.strip().lower()
        result = await self.session.scalars(
            select(User)
            .where(User.tenant_id == self.tenant_id, or_(User.email == address, User.upn == address))
            .order_by(User.created_at)
        )
        return result.first()

    async def set_linkedin_member(self, user_id: str, member_id: str | None) -> None:
        """The LinkedIn member the user connected (None: disconnected); written with the unit of work."""
        user = await self.by_id(user_id)
        if user is not None:
            user.linkedin_member_id = member_id


class JobRepository(TenantScoped):
    async def by_code(self, job_code: str) -> Job | None:
        result = await self.session.scalars(
            select(Job).where(
                Job.tenant_id == self.tenant_id, func.lower(Job.job_code) == job_code.strip().lower()
            )
        )
        return result.first()

    async def by_title(self, title: str) -> list[Job]:
        pattern = f"%{escape_like(title.strip().lower())}%"
        result = await self.session.scalars(
            select(Job)
            .where(Job.tenant_id == self.tenant_id, func.lower(Job.title).like(pattern, escape="\\"))
            .order_by(Job.title)
        )
        return list(result)

    async def by_ids(self, job_ids: Sequence[str]) -> dict[str, Job]:
        if not job_ids:
            return {}
        result = await self.session.scalars(
            select(Job).where(Job.tenant_id == self.tenant_id, Job.id.in_(set(job_ids)))
        )
        return {job.id: job for job in result}

    async def all_by_code(self) -> list[Job]:
        """Every job of the tenant, ordered by job id."""
        result = await self.session.scalars(
            select(Job).where(Job.tenant_id == self.tenant_id).order_by(Job.job_code)
        )
        return list(result)

    async def by_exact_code(self, job_code: str) -> Job | None:
        """The job whose job id is exactly `job_code` (as in a public URL: no case folding)."""
        result = await self.session.scalars(
            select(Job).where(Job.tenant_id == self.tenant_id, Job.job_code == job_code)
        )
        return result.first()

    async def roles_of(self, user_id: str) -> list[JobRole]:
        result = await self.session.scalars(
            select(JobRole).where(JobRole.tenant_id == self.tenant_id, JobRole.user_id == user_id)
        )
        return list(result)


class TalentPoolRepository(TenantScoped):
    async def by_name(self, name: str) -> TalentPool | None:
        result = await self.session.scalars(
            select(TalentPool).where(
                TalentPool.tenant_id == self.tenant_id, func.lower(TalentPool.name) == name.strip().lower()
            )
        )
        return result.first()


class CandidateRepository(TenantScoped):
    def _base(self) -> Any:
        return (
            select(Candidate)
            .where(Candidate.tenant_id == self.tenant_id)
            .options(selectinload(Candidate.emails))
        )

    async def by_id(self, candidate_id: str) -> Candidate | None:
        result = await self.session.scalars(self._base().where(Candidate.id == candidate_id))
        return result.first()

    async def set_linkedin_link(
        self,
        candidate_id: str,
        *,
        was: tuple[str, str | None],
        link_state: str,
        member_id: str | None,
        profile_url: str | None,
    ) -> bool:
        """Link the candidate to a LinkedIn member (or unlink: member None), only if their link is
        still `was` (link state, member id) as the caller read it; False when it is not (someone
        changed it meanwhile) or the candidate is gone. Written with the caller's unit of work."""
        was_state, was_member = was
        result = await self.session.execute(
            update(Candidate)
            .where(
                Candidate.tenant_id == self.tenant_id,
                Candidate.id == candidate_id,
                Candidate.link_state == was_state,
                Candidate.linkedin_member_id.is_(None)
                if was_member is None
                else Candidate.linkedin_member_id == was_member,
            )
            .values(
                link_state=link_state,
                linkedin_member_id=member_id,
                linkedin_profile_url=profile_url,
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def applications_of(self, candidate_id: str) -> list[Application]:
        result = await self.session.scalars(
            select(Application)
            .where(Application.tenant_id == self.tenant_id, Application.candidate_id == candidate_id)
            .options(selectinload(Application.stage_history))
            .order_by(Application.created_at)
        )
        return list(result)


class ConversationRefRepository(TenantScoped):
    async def save(
        self,
        *,
        conversation_id: str,
        conversation_type: str,
        service_url: str,
        reference: dict[str, Any],
        user_id: str | None,
    ) -> bool:
        """Insert or refresh the reference for a conversation; True when it was inserted."""
        result = await self.session.scalars(
            select(ConversationRef).where(
                ConversationRef.tenant_id == self.tenant_id,
                ConversationRef.conversation_id == conversation_id,
            )
        )
        existing = result.first()
        if existing is None:
            existing = ConversationRef(
                tenant_id=self.tenant_id,
                conversation_id=conversation_id,
                conversation_type=conversation_type,
                service_url=service_url,
                reference=reference,
                user_id=user_id,
            )
            self.session.add(existing)
            return True
        existing.conversation_type = conversation_type
        existing.service_url = service_url
        existing.reference = reference
        existing.user_id = user_id or existing.user_id
        existing.updated_at = utcnow()
        return False

    async def by_conversation(self, conversation_id: str) -> ConversationRef | None:
        result = await self.session.scalars(
            select(ConversationRef).where(
                ConversationRef.tenant_id == self.tenant_id,
                ConversationRef.conversation_id == conversation_id,
            )
        )
        return result.first()

    async def forget(self, conversation_id: str) -> None:
        await self.session.execute(
            delete(ConversationRef).where(
                ConversationRef.tenant_id == self.tenant_id,
                ConversationRef.conversation_id == conversation_id,
            )
        )

    async def personal_of(self, user_id: str) -> ConversationRef | None:
        result = await self.session.scalars(
            select(ConversationRef)
            .where(
                ConversationRef.tenant_id == self.tenant_id,
                ConversationRef.user_id == user_id,
                ConversationRef.conversation_type == "personal",
            )
            .order_by(ConversationRef.updated_at.desc())
        )
        return result.first()


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
