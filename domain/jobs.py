"""Jobs: their status, the stage an export lands in, and the job feed's report to the admin."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from i18n import Translator


class JobStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


# The stage a candidate exported from LinkedIn enters; a job without it cannot take exports.
PROSPECT_STAGE = "Prospect"


@dataclass(frozen=True)
class Reason:
    """Why a job is left out of the job feed: an N_ message id and its placeholders."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self, t: Translator) -> str:
        text = t.gettext(self.message)
        return text.format(**self.params) if self.params else text


@dataclass(frozen=True)
class FeedJob:
    partner_job_id: str
    company: str
    company_id: str
    title: str
    description: str
    location: str
    apply_url: str


@dataclass(frozen=True)
class LeftOut:
    job_code: str
    title: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class FeedReport:
    """What the job feed holds now, and which jobs it leaves out and why."""

    jobs: tuple[FeedJob, ...]
    left_out: tuple[LeftOut, ...]
