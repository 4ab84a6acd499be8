"""1-click export's storage, tenant-scoped: the exports made (by idempotency key), the jobs a user may
export to, the candidate an exported LinkedIn member already is, and new candidates with their first
application in the Prospect stage.

An export runs in one transaction whose first statement inserts its export row (`claim`): on SQLite
that takes the database's write lock before anything is read, so exports run one after another; on
PostgreSQL, `claim` also takes advisory locks, held to the end of the transaction, on the exporter
and on the person exported (a member id, a candidate): one exporter's exports count their monthly
allowance one after another, and two exports of the same member cannot both create them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import selectinload

from store.models import (
    Application,
    Candidate,
    CandidateEmail,
    CandidateExport,
    CodeCounter,
    Job,
    JobRole,
    StageChange,
    utcnow,
)
from store.repositories import TenantScoped
from store.text import fold

CANDIDATE_CODE_PREFIX = "C"
_CANDIDATE_CODE = "candidate"
_NUMBERED = re.compile(r"^C(\d{1,15})$")
_EXPORTING_ROLES = ("hiring_manager", "recruiter")
_CODES_READ = 1000  # the highest candidate ids read to find the highest number among them


def _advisory_key(tenant_id: str, subject: str) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock, the same in every process."""
    digest = hashlib.blake2b(f"export:{tenant_id}:{subject}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class ExportRepository(TenantScoped):
    # --- the export row ---------------------------------------------------------------------------

    async def claim(
        self,
        *,
        idempotency_key: str,
        source: str,
        exporter_user_id: str,
        seat: str | None,
        job_id: str,
        subject: str,
        now: datetime,
    ) -> CandidateExport:
        """Insert the export's row, flushed at once (the caller's transaction's first write), and hold
        the lock on its subject until the transaction ends. A key used before raises IntegrityError."""
        row = CandidateExport(
            tenant_id=self.tenant_id,
            idempotency_key=idempotency_key,
            source=source,
            exporter_user_id=exporter_user_id,
            seat=seat,
            job_id=job_id,
            subject=subject,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        # The exporter first, then what is exported (always in this order, so two exports never wait
        # on each other crosswise): one exporter's exports count their allowance one after another, and
        # one member is created once.
        await self._lock(f"exporter:{exporter_user_id}")
        await self._lock(subject)
        return row

    async def by_key(self, idempotency_key: str) -> CandidateExport | None:
        result = await self.session.scalars(
            select(CandidateExport).where(
                CandidateExport.tenant_id == self.tenant_id,
                CandidateExport.idempotency_key == idempotency_key,
            )
        )
        return result.first()

    async def _lock(self, subject: str) -> None:
        """Hold a lock on `subject` (e.g. "member:mbr-5158") until the transaction ends, on PostgreSQL;
        SQLite's write lock, taken by `claim`, already serializes the whole export."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key(self.tenant_id, subject)}
            )

    async def exports_since(self, exporter_user_id: str, since: datetime) -> list[str]:
        """The exports of the user since `since` that created an application (this month's
        allowance: at most a few hundred), as their ids."""
        result = await self.session.scalars(
            select(CandidateExport.id).where(
                CandidateExport.tenant_id == self.tenant_id,
                CandidateExport.exporter_user_id == exporter_user_id,
                CandidateExport.created_at >= since,
                CandidateExport.outcome == "exported",
            )
        )
        return list(result)

    # --- jobs ---------------------------------------------------------------------------------------

    async def job(self, job_id: str) -> Job | None:
        result = await self.session.scalars(
            select(Job).where(Job.tenant_id == self.tenant_id, Job.id == job_id)
        )
        return result.first()

    async def roles_on_job(self, user_id: str, job_id: str) -> list[JobRole]:
        result = await self.session.scalars(
            select(JobRole).where(
                JobRole.tenant_id == self.tenant_id, JobRole.user_id == user_id, JobRole.job_id == job_id
            )
        )
        return list(result)

    async def hiring_team_jobs(self, user_id: str, status: str) -> list[Job]:
        """The jobs in `status` where the user is Hiring manager or Recruiter, by title then job id."""
        result = await self.session.scalars(
            select(Job)
            .where(
                Job.tenant_id == self.tenant_id,
                Job.status == status,
                Job.id.in_(
                    select(JobRole.job_id).where(
                        JobRole.tenant_id == self.tenant_id,
                        JobRole.user_id == user_id,
                        JobRole.role.in_(_EXPORTING_ROLES),
                    )
                ),
            )
            .order_by(Job.title, Job.job_code)
        )
        return list(result)

    # --- candidates -----------------------------------------------------------------------------------

    async def candidate(self, candidate_id: str) -> Candidate | None:
        result = await self.session.scalars(
            select(Candidate)
            .where(Candidate.tenant_id == self.tenant_id, Candidate.id == candidate_id)
            .options(selectinload(Candidate.emails))
        )
        return result.first()

    async def candidate_by_member(self, member_id: str) -> Candidate | None:
        """The candidate linked to this LinkedIn member (the earliest, should there be several)."""
        result = await self.session.scalars(
            select(Candidate)
            .where(Candidate.tenant_id == self.tenant_id, Candidate.linkedin_member_id == member_id)
            .options(selectinload(Candidate.emails))
            .order_by(Candidate.created_at, Candidate.code)
        )
        return result.first()

    async def candidate_by_emails(self, addresses: Sequence[str]) -> Candidate | None:
        """The candidate with one of these email addresses (compared lower-case), the earliest first.
        The addresses are looked up in their own index first, then the few candidates by id: asked in
        one statement, SQLite would walk the tenant's candidates instead."""
        wanted = sorted({address.strip().lower() for address in addresses if address.strip()})
        if not wanted:
            return None
        ids = list(
            await self.session.scalars(
                select(CandidateEmail.candidate_id)
                .where(CandidateEmail.tenant_id == self.tenant_id, CandidateEmail.address.in_(wanted))
                .limit(100)
            )
        )
        if not ids:
            return None
        result = await self.session.scalars(
            select(Candidate)
            .where(Candidate.tenant_id == self.tenant_id, Candidate.id.in_(ids))
            .options(selectinload(Candidate.emails))
            .order_by(Candidate.created_at, Candidate.code)
        )
        return result.first()

    async def _next_candidate_number(self) -> int:
        counter = await self.session.get(CodeCounter, (self.tenant_id, _CANDIDATE_CODE))
        if counter is None:
            # Once per tenant: from the highest numbered candidate id there is (the longest, then the
            # last in order, of those that are a number; the database sorts, this reads a few).
            codes = await self.session.scalars(
                select(Candidate.code)
                .where(
                    Candidate.tenant_id == self.tenant_id, Candidate.code.like(f"{CANDIDATE_CODE_PREFIX}%")
                )
                .order_by(func.length(Candidate.code).desc(), Candidate.code.desc())
                .limit(_CODES_READ)
            )
            highest = max((int(m.group(1)) for code in codes if (m := _NUMBERED.match(code))), default=1000)
            counter = CodeCounter(tenant_id=self.tenant_id, kind=_CANDIDATE_CODE, next_number=highest + 1)
            self.session.add(counter)
        number = counter.next_number
        # Candidates added by other means (an import) may hold the next numbers already: skip them.
        while await self.session.scalar(
            select(Candidate.id).where(
                Candidate.tenant_id == self.tenant_id, Candidate.code == f"{CANDIDATE_CODE_PREFIX}{number}"
            )
        ):
            number += 1
        counter.next_number = number + 1
        return number

    async def add_candidate(
        self,
        *,
        first_name: str,
        last_name: str,
        emails: Sequence[str],
        phones: Sequence[str],
        current_company: str | None,
        current_title: str | None,
        member_id: str,
        profile_url: str | None,
        link_state: str,
        now: datetime,
    ) -> Candidate:
        """A new candidate with the next candidate id, flushed."""
        number = await self._next_candidate_number()
        candidate = Candidate(
            tenant_id=self.tenant_id,
            code=f"{CANDIDATE_CODE_PREFIX}{number}",
            first_name=first_name,
            last_name=last_name,
            search_name=fold(f"{first_name} {last_name}"),
            phones=list(phones),
            current_company=current_company,
            current_title=current_title,
            linkedin_member_id=member_id,
            linkedin_profile_url=profile_url,
            link_state=link_state,
            created_at=now,
            updated_at=now,
        )
        unique = list(dict.fromkeys(address.strip().lower() for address in emails if address.strip()))
        candidate.emails = [
            CandidateEmail(tenant_id=self.tenant_id, address=address, position=position)
            for position, address in enumerate(unique)
        ]
        self.session.add(candidate)
        await self.session.flush()
        return candidate

    async def link_member(
        self, candidate_id: str, *, member_id: str, profile_url: str | None, link_state: str
    ) -> None:
        """Link a candidate who is linked to no LinkedIn member yet (nothing changes otherwise)."""
        await self.session.execute(
            update(Candidate)
            .where(
                Candidate.tenant_id == self.tenant_id,
                Candidate.id == candidate_id,
                Candidate.linkedin_member_id.is_(None),
            )
            .values(
                linkedin_member_id=member_id,
                linkedin_profile_url=profile_url,
                link_state=link_state,
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )

    # --- applications ---------------------------------------------------------------------------------

    async def application(self, candidate_id: str, job_id: str) -> Application | None:
        result = await self.session.scalars(
            select(Application).where(
                Application.tenant_id == self.tenant_id,
                Application.candidate_id == candidate_id,
                Application.job_id == job_id,
            )
        )
        return result.first()

    async def application_by_id(self, application_id: str) -> Application | None:
        result = await self.session.scalars(
            select(Application).where(
                Application.tenant_id == self.tenant_id, Application.id == application_id
            )
        )
        return result.first()

    async def add_application(
        self, *, candidate_id: str, job_id: str, stage: str, source: str, moved_by_user_id: str, now: datetime
    ) -> Application:
        """A new application in `stage`, with that stage as its first stage-history entry; flushed."""
        application = Application(
            tenant_id=self.tenant_id,
            candidate_id=candidate_id,
            job_id=job_id,
            current_stage=stage,
            source=source,
            created_at=now,
            updated_at=now,
        )
        application.stage_history = [
            StageChange(
                tenant_id=self.tenant_id, stage=stage, entered_at=now, moved_by_user_id=moved_by_user_id
            )
        ]
        self.session.add(application)
        await self.session.flush()
        return application
