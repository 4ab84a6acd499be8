"""1-click export: a candidate put into a job's Prospect stage, from LinkedIn Recruiter or from Teams.

Plain values that the export service takes and gives back, and that the cards show."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

# A LinkedIn member id as the ATS stores and matches it (the urn's last part): anything else names no member.
MEMBER_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_PERSON_URN = re.compile(r"urn:li:person:([A-Za-z0-9_-]{1,100})")
_SEAT_URN = re.compile(r"urn:li:seat:[A-Za-z0-9_-]{1,80}")
# An email address as an export stores it; what LinkedIn calls one that isn't is left out.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s.]+")
MAX_EMAIL_CHARS = 254


# Marks that turn text around (bidi embeddings, overrides, isolates and marks): a name holds none.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain_text(value: str | None, limit: int) -> str:
    """`value` on one line without control characters (a NUL, an escape), bidi controls, lone
    surrogates or unassigned code points, at most `limit` characters: how text from LinkedIn is stored
    and shown. Joiners (ZWJ, ZWNJ), which names in some scripts need, are kept."""
    kept = "".join(
        ch
        for ch in (value or "")
        if ch in "\t\n\r" or (unicodedata.category(ch) not in ("Cc", "Cs", "Cn") and ch not in _BIDI_CONTROLS)
    )
    return " ".join(kept.split())[:limit].rstrip()


def member_id_of(urn: str | None) -> str:
    """The member id of a person urn (urn:li:person:{id}); "" when it is not one."""
    found = _PERSON_URN.fullmatch(urn or "")
    return found.group(1) if found else ""


def seat_urn_or_none(urn: str | None) -> str | None:
    return urn if urn and _SEAT_URN.fullmatch(urn) else None


def email_or_none(address: str | None) -> str | None:
    """`address` when it is an email address, stripped; else None."""
    address = (address or "").strip()
    if len(address) > MAX_EMAIL_CHARS or not address.isprintable() or not _EMAIL.fullmatch(address):
        return None
    return address


class ExportSource(enum.StrEnum):
    """Where an export was started (also the application's `source`)."""

    LINKEDIN = "linkedin"  # a recruiter pressed export in LinkedIn Recruiter (a webhook event)
    TEAMS = "teams"  # the export command or the candidate card's Export button


class ExportOutcome(enum.StrEnum):
    EXPORTED = "exported"  # a new application in the job's Prospect stage
    ALREADY_IN_JOB = "already_in_job"  # the candidate had an application in the job: it is given back
    REPEATED = "repeated"  # this export (its idempotency key) was done before: its application is given back


@dataclass(frozen=True)
class LinkedInProfile:
    """A LinkedIn member as LinkedIn describes them to the ATS (an exported candidate, or a profile
    looked up by its URL). `member_id` is the bare id (`mbr-5158`), not the urn."""

    member_id: str
    first_name: str
    last_name: str
    profile_url: str | None = None
    headline: str | None = None
    location: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    current_company: str | None = None
    current_title: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ExistingCandidate:
    """An ATS candidate, by their internal id (as a card carries it)."""

    candidate_id: str


@dataclass(frozen=True)
class ExportRequest:
    """One export. `idempotency_key` names this export wherever it came from: LinkedIn's request id
    (`linkedin:{requestId}`) or the Teams card's action id with its presser
    (`teams:{userId}:{actionId}`); the same key again is a no-op that answers with the application
    made the first time."""

    tenant_id: str
    exporter_user_id: str
    job_id: str  # the job's internal id
    candidate: LinkedInProfile | ExistingCandidate
    idempotency_key: str
    source: ExportSource
    seat: str | None = None  # the exporter's Recruiter seat (urn), when LinkedIn named it


@dataclass(frozen=True)
class ExportResult:
    """What an export made (or found): the application and what the result card shows."""

    outcome: ExportOutcome
    application_id: str
    candidate_id: str
    candidate_code: str
    candidate_name: str
    job_id: str
    job_code: str
    job_title: str
    stage: str  # the application's current stage: Prospect, or where it had moved to
    candidate_created: bool = False  # the export created the candidate


@dataclass(frozen=True)
class ExportableJob:
    """A job the user may export to: active, not a test job, with a Prospect stage, and the user is
    its Hiring manager or Recruiter."""

    job_id: str
    job_code: str
    title: str
    location: str = ""


@dataclass(frozen=True)
class ExportableJobs:
    """The jobs offered on the job picker (at most `limit` of them), and how many match in all."""

    jobs: tuple[ExportableJob, ...]
    total: int
    query: str = ""
