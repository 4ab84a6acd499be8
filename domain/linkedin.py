"""The LinkedIn integration as the setup card and the settings card show it.

A tenant's integration moves through these states, each offering the admin its own actions:

    Not connected --Connect (admin signs in)--> Connected --choose the contract--> Connected
      --Request (provision the child app, name the integrations, register the callback URL)--> Requested
      --LinkedIn shows the partner side complete--> Partner ready
      --a Recruiter admin switches it on--> Enabled, at Company-level or Contract-level access
    Disconnect (from any state past Not connected) turns it off on our side.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.jobs import FeedReport
from i18n import N_, Translator

LINKEDIN_ACTOR = N_("LinkedIn")


class IntegrationStateName(enum.StrEnum):
    """Where a tenant's LinkedIn Recruiter integration stands (the states above)."""

    NOT_CONNECTED = "not_connected"
    CONNECTED = "connected"
    REQUESTED = "requested"
    PARTNER_READY = "partner_ready"
    ENABLED = "enabled"


class AccessLevel(enum.StrEnum):
    """What a Recruiter admin switched on. Company level: 1-click export, the In-ATS indicator and
    profile widget; contract level adds InMail and notes history and InMail stub profiles."""

    NONE = "none"
    COMPANY = "company"
    CONTRACT = "contract"


class SetupAction(enum.StrEnum):
    """What an admin can do on the setup card; each is a card verb `setup.<value>`."""

    CONNECT = "connect"
    CHOOSE_CONTRACT = "contract"
    REQUEST = "request"
    NOTIFY_PARTNER = "notify"
    REFRESH = "refresh"
    DISCONNECT = "disconnect"  # asks for confirmation first; changes nothing
    CONFIRM_DISCONNECT = "disconnect.confirm"  # turns the whole organization's integration off
    CANCEL_DISCONNECT = "disconnect.cancel"  # back to the card as it was
    SAVE_JOB_POSTING = "jobs.save"
    STOP_JOB_POSTING = "jobs.stop"
    PREVIEW_ON = "preview.on"
    PREVIEW_OFF = "preview.off"
    CONNECT_APPLY = "apply.connect"
    DISCONNECT_APPLY = "apply.disconnect"


@dataclass(frozen=True)
class ContractChoice:
    contract: str  # urn:li:contract:{id}
    name: str


@dataclass(frozen=True)
class AuditLine:
    """One change of the setup as the card lists it: who (a user, or LinkedIn), what and when."""

    actor_name: str
    is_linkedin: bool
    action: str  # an N_ message id
    params: dict[str, Any]
    at: datetime

    def describe(self, t: Translator) -> str:
        text = t.gettext(self.action)
        return text.format(**self.params) if self.params else text

    def actor(self, t: Translator) -> str:
        return t.gettext(LINKEDIN_ACTOR) if self.is_linkedin else self.actor_name


@dataclass(frozen=True)
class SetupView:
    """Everything the setup card shows (plain values; the card never queries)."""

    tenant_id: str
    tenant_name: str
    state: IntegrationStateName
    access_level: AccessLevel
    version: int
    contracts: tuple[ContractChoice, ...]
    contract: ContractChoice | None
    connected_member: str | None
    partner_confirmed: bool
    callback_url: str
    job_posting_enabled: bool
    company_name: str | None
    linkedin_company_id: str | None
    feed_url: str
    feed: FeedReport
    preview_features: bool
    apply_with_linkedin: bool
    audit: tuple[AuditLine, ...]
    actions: frozenset[SetupAction]


@dataclass(frozen=True)
class LinkedInAccount:
    """What the user sees about their own LinkedIn connection (never the token)."""

    member_id: str
    member_name: str
    connected_at: datetime
