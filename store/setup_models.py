"""LinkedIn setup models (issue 5). TEMPORARY home: moved into store/models.py once the store
engineer's migration 0001 has landed, so their autogenerate does not pick these tables up."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base, new_id, utcnow


# --- LinkedIn integration setup (issue 5) -----------------------------------------------------------


class IntegrationStateName(enum.StrEnum):
    """Where a tenant's LinkedIn Recruiter integration stands (SPEC section 2)."""

    NOT_CONNECTED = "not_connected"
    CONNECTED = "connected"
    REQUESTED = "requested"
    PARTNER_READY = "partner_ready"
    ENABLED = "enabled"


class AccessLevel(enum.StrEnum):
    NONE = "none"
    COMPANY = "company"
    CONTRACT = "contract"


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


class LinkedInConnection(Base):
    """A user's own LinkedIn account. The member token is stored encrypted and never logged."""

    __tablename__ = "linkedin_connections"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

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


class ProcessedNotification(Base):
    """A LinkedIn webhook notification already handled (LinkedIn delivers at least once)."""

    __tablename__ = "processed_notifications"
    __table_args__ = (UniqueConstraint("tenant_id", "notification_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(50))
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)
