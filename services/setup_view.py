"""What each state of the LinkedIn setup allows and what the setup card shows: plain values and
rules, no database and no LinkedIn calls (services/linkedin_setup.py makes the changes)."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connector.client import COMPANY_INTEGRATIONS, CONTRACT_INTEGRATION
from connector.ours import IntegrationState
from services.audit import AuditLine
from services.job_feed import FeedReport
from store.models import AccessLevel, IntegrationStateName, LinkedInIntegration

State = IntegrationStateName


class SetupAction(enum.StrEnum):
    """What an admin can do on the setup card; each is a card verb `setup.<value>`."""

    CONNECT = "connect"
    CHOOSE_CONTRACT = "contract"
    REQUEST = "request"
    NOTIFY_PARTNER = "notify"
    REFRESH = "refresh"
    DISCONNECT = "disconnect"
    SAVE_JOB_POSTING = "jobs.save"
    STOP_JOB_POSTING = "jobs.stop"
    PREVIEW_ON = "preview.on"
    PREVIEW_OFF = "preview.off"
    CONNECT_APPLY = "apply.connect"
    DISCONNECT_APPLY = "apply.disconnect"


# --- what the card shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractChoice:
    contract: str  # urn:li:contract:{id}
    name: str


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
class CardStamp:
    """What a pressed card claims: its tenant and the version it showed."""

    tenant_id: str
    version: int  # -1 when the card carried none (it is then out of date)


@dataclass(frozen=True)
class SetupCardLocation:
    conversation_id: str
    activity_id: str
    locale: str | None
    reference: dict[str, Any]


def allowed_actions(row: LinkedInIntegration, *, preview_features: bool) -> frozenset[SetupAction]:
    """The actions the card offers now; the server allows exactly these."""
    state = State(row.state)
    actions: set[SetupAction] = set()
    if state is State.NOT_CONNECTED:
        actions.add(SetupAction.CONNECT)
    else:
        actions.add(SetupAction.DISCONNECT)
    if state is State.CONNECTED:
        if len(row.contracts or []) > 1:
            actions.add(SetupAction.CHOOSE_CONTRACT)
        if row.contract:
            actions.add(SetupAction.REQUEST)
    if state is State.REQUESTED:
        actions.update((SetupAction.NOTIFY_PARTNER, SetupAction.REFRESH))
    if state is State.PARTNER_READY:
        actions.add(SetupAction.REFRESH)
    actions.add(SetupAction.SAVE_JOB_POSTING)
    if row.job_posting_enabled:
        actions.add(SetupAction.STOP_JOB_POSTING)
    actions.add(SetupAction.PREVIEW_OFF if preview_features else SetupAction.PREVIEW_ON)
    if row.apply_with_linkedin_enabled:
        actions.add(SetupAction.DISCONNECT_APPLY)
    elif preview_features:
        actions.add(SetupAction.CONNECT_APPLY)
    return frozenset(actions)


def access_level_of(statuses: Mapping[str, str]) -> AccessLevel:
    """Company level: the three company integrations enabled; contract level: CSA_API too."""
    if not all(statuses.get(kind) == "ENABLED" for kind in COMPANY_INTEGRATIONS):
        return AccessLevel.NONE
    return AccessLevel.CONTRACT if statuses.get(CONTRACT_INTEGRATION) == "ENABLED" else AccessLevel.COMPANY


def partner_side_ready(integrations: Mapping[str, IntegrationState], callback_url: str) -> bool:
    """What LinkedIn reports (integration type -> state, read with the customer app's credentials)
    shows the partner side complete: each of the four integrations is there, named, with this
    tenant's callback URL, which LinkedIn validated (its challenge was answered)."""
    for kind in (*COMPANY_INTEGRATIONS, CONTRACT_INTEGRATION):
        state = integrations.get(kind)
        if (
            state is None
            or not state.integration_name
            or state.callback_url != callback_url
            or state.callback_url_validated_at is None
        ):
            return False
    return True


def unique_foreign_id(tenant_id: str) -> str:
    """The customer's child app id at LinkedIn, derived from (not revealing) the tenant id."""
    return "talentbridge-" + hashlib.sha256(tenant_id.encode()).hexdigest()[:32]
