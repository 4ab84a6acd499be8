"""Candidates as the services hand them out and the candidate cards show them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class LinkState(enum.StrEnum):
    """How the candidate is tied to a LinkedIn member."""

    NONE = "none"  # not linked
    EXACT = "exact"  # email and member id matched a member exactly
    MANUAL = "manual"  # a user picked the member and confirmed


@dataclass(frozen=True)
class CandidateSummary:
    id: str
    code: str
    name: str
    current_title: str | None
    current_company: str | None
    email: str | None


@dataclass(frozen=True)
class StageStep:
    stage: str
    entered_at: datetime


@dataclass(frozen=True)
class ApplicationSummary:
    job_code: str
    job_title: str
    current_stage: str
    history: tuple[StageStep, ...]


@dataclass(frozen=True)
class CandidateProfile:
    id: str
    code: str
    first_name: str
    last_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    current_title: str | None
    current_company: str | None
    linkedin_member_id: str | None
    linkedin_profile_url: str | None
    link_state: str
    applications: tuple[ApplicationSummary, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class SearchScope:
    kind: str  # "job" | "pool"
    id: str
    label: str


@dataclass(frozen=True)
class CandidateSearch:
    query: str
    scope: SearchScope | None
    candidates: tuple[CandidateSummary, ...]
    total: int  # how many match; with `more`, at least this many (the count stops there)
    more: bool = False


# A query, a job or a pool quoted back to the user is cut to this many characters.
ECHO_CHARS = 60


def echoed(text: str) -> str:
    """`text` as the bot quotes it back: on one line, at most ECHO_CHARS characters, cut with "…"."""
    text = " ".join(text.split())
    if len(text) <= ECHO_CHARS:
        return text
    return text[: ECHO_CHARS - 1].rstrip() + "…"
