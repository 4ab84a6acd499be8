"""The demo dataset as plain, deterministic data (no database): the seeding command writes it to
the ATS database, and the LinkedIn sandbox seeds its members from the same data so that profile
matching works out of the box.

INTERFACE (stable; implemented by the store work):

    demo_dataset() -> DemoDataset   # same result on every call (seeded random, no clock)

Identities are those of the Microsoft 365 Agents Playground's default configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DEMO_TENANT_ID = "00000000-0000-0000-0000-0000000000001"
OTHER_TENANT_ID = "99999999-0000-0000-0000-000000000002"  # the second, small tenant

LinkedInMatch = Literal["exact", "namesake", "none"]


@dataclass(frozen=True)
class DemoUser:
    tenant_id: str
    aad_object_id: str
    email: str
    upn: str
    display_name: str
    first_name: str
    last_name: str
    is_admin: bool
    # Job roles are given per job in DemoJob.roles; "ats_user" False means: no ATS user at all.
    ats_user: bool = True
    # LinkedIn member id this user has on the sandbox (Recruiter seat holders), if any.
    linkedin_member_id: str | None = None


@dataclass(frozen=True)
class DemoJob:
    tenant_id: str
    job_code: str
    title: str
    status: str  # draft | active | closed
    stages: tuple[str, ...]
    is_test: bool
    post_to_linkedin: bool
    location: str
    description: str
    roles: tuple[tuple[str, str], ...]  # (aad_object_id, hiring_manager|recruiter|interviewer)


@dataclass(frozen=True)
class DemoStage:
    stage: str
    entered_at_ms: int  # epoch milliseconds (UTC)


@dataclass(frozen=True)
class DemoFeedback:
    interviewer_aad_object_id: str
    interview_type: str
    rating: int
    recommendation: str
    text: str
    created_at_ms: int


@dataclass(frozen=True)
class DemoApplication:
    job_code: str
    current_stage: str
    history: tuple[DemoStage, ...]
    feedback: tuple[DemoFeedback, ...] = ()


@dataclass(frozen=True)
class DemoNote:
    author_aad_object_id: str
    text: str
    created_at_ms: int
    job_code: str | None = None


@dataclass(frozen=True)
class DemoCandidate:
    tenant_id: str
    code: str  # e.g. C1001, unique per tenant
    first_name: str
    last_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    current_company: str | None
    current_title: str | None
    # How LinkedIn (the sandbox) knows this person:
    #   exact    -> a member with this member id AND this primary email; the ATS stores the member id
    #   namesake -> no exact member; 2-3 members share the first and last name (different ids, no email)
    #   none     -> no member with this name at all
    linkedin: LinkedInMatch
    linkedin_member_id: str | None  # set for "exact" only
    applications: tuple[DemoApplication, ...] = ()
    notes: tuple[DemoNote, ...] = ()


@dataclass(frozen=True)
class DemoPool:
    tenant_id: str
    name: str
    candidate_codes: tuple[str, ...]
    is_system: bool = False


@dataclass(frozen=True)
class DemoTenant:
    id: str
    name: str


@dataclass(frozen=True)
class DemoDataset:
    tenants: tuple[DemoTenant, ...]
    users: tuple[DemoUser, ...]
    jobs: tuple[DemoJob, ...]
    candidates: tuple[DemoCandidate, ...]
    pools: tuple[DemoPool, ...] = field(default=())


def demo_dataset() -> DemoDataset:
    raise NotImplementedError("implemented by the store work (issue 2)")
