"""The ATS data model. Every table but the SDK's bot state carries tenant_id.

Ids are opaque strings: Entra ids in the demo are not well-formed GUIDs, so nothing parses them.
"""

from __future__ import annotations

import enum
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain.candidates import LinkState
from domain.jobs import PROSPECT_STAGE, JobStatus
from domain.linkedin import AccessLevel, IntegrationStateName


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


# Named constraints, so that later migrations can alter them (SQLite batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# What migrations create that the models cannot describe: SQLite's FTS5 table over candidate names with
# its shadow tables, PostgreSQL's pg_trgm index and its (tenant_id, seq) index (migration 0005). Schema
# comparisons leave them out.
_OUTSIDE_THE_MODELS = re.compile(
    r"candidate_name_trigrams(_[a-z]+)?|ix_candidate_search_words_trigrams|ix_candidate_search_tenant_seq"
)


def described_by_the_models(name: str | None, _type: str, _parent_names: Any) -> bool:
    """Alembic's include_name hook: False for the database objects the models leave to migrations."""
    return name is None or not _OUTSIDE_THE_MODELS.fullmatch(name)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: DateTime(timezone=True)}


class Tenant(Base):
    """An Entra tenant: one ATS instance. Its id is the tenant id every other table carries."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    preview_features: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "aad_object_id"),
        Index("ix_users_tenant_email", "tenant_id", "email"),
        Index("ix_users_tenant_upn", "tenant_id", "upn"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    aad_object_id: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(320))  # stored lower-case
    upn: Mapped[str | None] = mapped_column(String(320))  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(200))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(20))
    linkedin_member_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("tenant_id", "job_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    job_code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.DRAFT.value)
    stages: Mapped[list[Any]] = mapped_column(default=list)  # ordered stage names
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)
    post_to_linkedin: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def has_prospect_stage(self) -> bool:
        return PROSPECT_STAGE in (self.stages or [])


class JobRole(Base):
    __tablename__ = "job_roles"
    __table_args__ = (UniqueConstraint("job_id", "user_id", "role"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # hiring_manager | recruiter | interviewer


class Candidate(Base):
    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index("ix_candidates_tenant_names", "tenant_id", "last_name", "first_name"),
        Index("ix_candidates_tenant_member", "tenant_id", "linkedin_member_id"),
        Index("ix_candidates_tenant_profile_url", "tenant_id", "linkedin_profile_url"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))  # the candidate id users see, e.g. C1001
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # Lower-cased, accent-folded "first last" for search (see store.text.fold).
    search_name: Mapped[str] = mapped_column(String(220), default="")
    phones: Mapped[list[Any]] = mapped_column(default=list)
    current_company: Mapped[str | None] = mapped_column(String(200))
    current_title: Mapped[str | None] = mapped_column(String(200))
    linkedin_member_id: Mapped[str | None] = mapped_column(String(100))
    # The linked LinkedIn profile's address in one form (store.text.canonical_profile_url).
    linkedin_profile_url: Mapped[str | None] = mapped_column(String(400))
    link_state: Mapped[str] = mapped_column(String(20), default=LinkState.NONE.value)
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    emails: Mapped[list[CandidateEmail]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="CandidateEmail.position"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def primary_email(self) -> str | None:
        return self.emails[0].address if self.emails else None


class CandidateSearchEntry(Base):
    """A candidate's name as the name search reads it: its folded words, each marked by two leading
    spaces (store.text.marked_words), under an ever-growing number `seq` that orders the hits (the
    candidates added last come first). Database triggers on candidates write these rows, and the
    trigram indexes over `words` (SQLite FTS5 candidate_name_trigrams, PostgreSQL pg_trgm GIN), in
    the same statement that changes a candidate: the app never writes them. See migration 0005."""

    __tablename__ = "candidate_search"
    __table_args__ = (
        UniqueConstraint("candidate_id"),
        Index("ix_candidate_search_tenant_words", "tenant_id", "words", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    candidate_id: Mapped[str] = mapped_column(String(32))
    words: Mapped[str] = mapped_column(String(500))


class CandidateEmail(Base):
    __tablename__ = "candidate_emails"
    __table_args__ = (
        UniqueConstraint("candidate_id", "address"),
        Index("ix_candidate_emails_tenant_address", "tenant_id", "address"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    # Lower-case. On PostgreSQL compared byte by byte, as SQLite does: a prefix of an address is then a
    # range of the (tenant_id, address) index, whatever the database's collation.
    address: Mapped[str] = mapped_column(String(320).with_variant(String(320, collation="C"), "postgresql"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    candidate: Mapped[Candidate] = relationship(back_populates="emails")


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("candidate_id", "job_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    current_stage: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(50), default="ats")
    disposition_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    stage_history: Mapped[list[StageChange]] = relationship(
        cascade="all, delete-orphan", order_by="StageChange.entered_at"
    )


class StageChange(Base):
    __tablename__ = "application_stage_history"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    moved_by_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class InterviewFeedback(Base):
    __tablename__ = "interview_feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    interviewer_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    interview_type: Mapped[str] = mapped_column(String(50), default="")
    rating: Mapped[int | None] = mapped_column(Integer)  # 1..5
    recommendation: Mapped[str | None] = mapped_column(String(50))  # e.g. "hire", "no_hire"
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[str | None] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    author_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TalentPool(Base):
    __tablename__ = "talent_pools"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)  # e.g. the "LinkedIn" pool
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TalentPoolMember(Base):
    __tablename__ = "talent_pool_members"
    __table_args__ = (UniqueConstraint("pool_id", "candidate_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    pool_id: Mapped[str] = mapped_column(ForeignKey("talent_pools.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationRef(Base):
    """Where the bot can reach a user or a channel proactively (a Bot Framework ConversationReference)."""

    __tablename__ = "conversation_references"
    __table_args__ = (UniqueConstraint("tenant_id", "conversation_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(400))
    conversation_type: Mapped[str] = mapped_column(String(20))  # personal | channel | groupChat
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    service_url: Mapped[str] = mapped_column(String(400))
    reference: Mapped[dict[str, Any]] = mapped_column()  # ConversationReference as JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BotStateItem(Base):
    """The SDK's keyed state (dialog stacks, conversation state). Keys come from the SDK and
    already embed channel and conversation ids, so this one table has no tenant column."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column()
    etag: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --- the LinkedIn integration: its setup, sign-ins, users' connections, webhook deliveries --------


class LinkedInIntegration(Base):
    """One row per tenant: the integration state machine, the setup card and the job feed."""

    __tablename__ = "linkedin_integrations"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default=IntegrationStateName.NOT_CONNECTED.value)
    access_level: Mapped[str] = mapped_column(String(20), default=AccessLevel.NONE.value)
    # Bumped on every change: a card carries it, so an out-of-date card is recognised.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The admin's Recruiter contracts read at sign-in ([{"contract": urn, "name": …}]) and the chosen one.
    contracts: Mapped[list[Any]] = mapped_column(default=list)
    contract: Mapped[str | None] = mapped_column(String(100))
    contract_name: Mapped[str | None] = mapped_column(String(200))
    connected_by_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The customer's child app: its uniqueForeignId and client id. The secret is never stored; it is
    # read from LinkedIn (credentialsByUniqueForeignId) when needed.
    child_app_foreign_id: Mapped[str | None] = mapped_column(String(100))
    child_client_id: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(100))  # urn:li:organization:{id}
    request_ids: Mapped[list[Any]] = mapped_column(default=list)  # from INTEGRATION_STATUS_CHANGE events
    partner_confirmed_at: Mapped[datetime | None] = mapped_column()
    enabled_at: Mapped[datetime | None] = mapped_column()
    # Where the setup card lives, so every change updates it in place.
    setup_conversation_id: Mapped[str | None] = mapped_column(String(400))
    setup_activity_id: Mapped[str | None] = mapped_column(String(200))
    setup_locale: Mapped[str | None] = mapped_column(String(20))
    # Opaque, unguessable ids in this tenant's public URLs.
    callback_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_id)
    feed_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_id)
    # Job posting (Limited Listings) and Apply with LinkedIn.
    company_name: Mapped[str | None] = mapped_column(String(200))
    linkedin_company_id: Mapped[str | None] = mapped_column(String(20))
    job_posting_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    apply_with_linkedin_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Who changed what in the LinkedIn setup, and when. `action` is an English message id
    (translated where shown) with `params` for its placeholders."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_tenant_created", "tenant_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200))  # a user's name, or "LinkedIn"
    action: Mapped[str] = mapped_column(String(400))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInState(Base):
    """A LinkedIn sign-in in progress: the nonce of a signed state parameter, used once."""

    __tablename__ = "signin_states"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))  # "admin" (setup) or "user" (settings)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SettingsCard(Base):
    """Where a user's settings card was last posted, so that a change of their LinkedIn connection
    (a sign-in confirmed, a disconnect) updates it in place."""

    __tablename__ = "settings_cards"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400))
    activity_id: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(20))
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name: the card shows times in it
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkedInConnection(Base):
    """A user's own LinkedIn account. The member token is stored encrypted and never logged."""

    __tablename__ = "linkedin_connections"
    # One connection per user, and one LinkedIn member belongs to at most one user of a tenant.
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"), UniqueConstraint("tenant_id", "member_id"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    member_id: Mapped[str] = mapped_column(String(100))
    member_name: Mapped[str] = mapped_column(String(200), default="")
    token_encrypted: Mapped[str] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column()
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:  # keep the token out of logs and tracebacks
        return f"LinkedInConnection(user_id={self.user_id!r}, member_id={self.member_id!r})"


class PendingSignIn(Base):
    """A LinkedIn sign-in finished in the browser but not yet confirmed in Teams.

    The browser shows a one-time code; only the user who asked (tenant_id, user_id) can confirm it
    by typing it to the bot. Only a keyed hash of the code is kept; the member token is encrypted and
    wiped once the sign-in is confirmed, refused, voided or expired.
    """

    __tablename__ = "pending_signins"
    __table_args__ = (Index("ix_pending_signins_tenant_user", "tenant_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))  # "admin" (setup) or "user" (settings)
    code_hash: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(String(100))
    member_name: Mapped[str] = mapped_column(String(200), default="")
    token_encrypted: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column()
    contracts: Mapped[list[Any]] = mapped_column(default=list)  # the admin's Recruiter contracts
    wrong_attempts: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()  # confirmed, refused or voided: never again
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:  # keep the token and the code's hash out of logs and tracebacks
        return f"PendingSignIn(id={self.id!r}, user_id={self.user_id!r}, purpose={self.purpose!r})"


class WebhookEventStatus(enum.StrEnum):
    """Where a stored LinkedIn event stands."""

    QUEUED = "queued"  # stored and answered; waits for the worker (from next_attempt_at)
    RECEIVED = "received"  # stored and claimed: its handler runs (until claimed_until)
    PROCESSED = "processed"  # its handler finished (`outcome` says how, when it is worth saying)
    # Its handler failed: an inline event is run again by LinkedIn's next delivery; a deferred one
    # gave up after its last attempt.
    FAILED = "failed"
    SKIPPED = "skipped"  # no handler for its type (yet): stored only


class WebhookEvent(Base):
    """A LinkedIn webhook event, stored once per tenant and notification id (LinkedIn delivers at
    least once). Inserting the row is what claims the event: a second delivery finds it."""

    __tablename__ = "linkedin_webhook_events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "notification_id"),
        Index("ix_linkedin_webhook_events_status", "status", "claimed_until"),
        Index("ix_linkedin_webhook_events_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(64))
    # The signed body as LinkedIn sent it (UTF-8 JSON), so a handler can run from the stored row.
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=WebhookEventStatus.RECEIVED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # While set and in the future, one delivery (or worker) holds the claim and runs the handler.
    claimed_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()
    # A deferred event (processed by the worker, not in the request): when it may next be tried.
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    # How its processing ended when that is not plain success: a refusal, an exporter with no ATS
    # user, an unreachable exporter (ids and types only, never names or text).
    outcome: Mapped[str | None] = mapped_column(String(200))
    # When the person concerned was told (an export's notice): a run again does not tell twice.
    told_at: Mapped[datetime | None] = mapped_column()


# --- 1-click export -----------------------------------------------------------------------------------


class CandidateExport(Base):
    """One export into a job's Prospect stage, from LinkedIn (its request id) or Teams (the card's
    action id), stored with what it made in the transaction that made it: a second export with the
    same idempotency key finds it and changes nothing. A refused export leaves no row."""

    __tablename__ = "candidate_exports"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index("ix_candidate_exports_tenant_exporter_created", "tenant_id", "exporter_user_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(240))
    source: Mapped[str] = mapped_column(String(20))  # linkedin | teams
    exporter_user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    seat: Mapped[str | None] = mapped_column(
        String(100)
    )  # the exporter's Recruiter seat, when LinkedIn named it
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    # What was exported: "candidate:{id}" or "member:{LinkedIn member id}"; a repeated key must name the same.
    subject: Mapped[str] = mapped_column(String(140))
    outcome: Mapped[str | None] = mapped_column(String(20))  # exported | already_in_job, once done
    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    application_id: Mapped[str | None] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    candidate_created: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CodeCounter(Base):
    """The next number of a tenant's user-facing codes of one kind (candidate ids: C1201, …)."""

    __tablename__ = "code_counters"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_number: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
