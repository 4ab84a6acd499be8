"""What each state of the LinkedIn setup allows: plain rules, no database and no LinkedIn calls
(services/linkedin_setup/ makes the changes; domain/linkedin.py holds the states and what the setup
card shows)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connector.assumed_shapes import IntegrationState
from connector.client import (
    COMPANY_INTEGRATIONS,
    CONTRACT_INTEGRATION,
    IntegrationKey,
    company_integration_keys,
    contract_integration_key,
)
from domain.linkedin import AccessLevel, IntegrationStateName, SetupAction
from services.setup_refusals import NotAllowedNow
from store.models import LinkedInIntegration

State = IntegrationStateName


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


def integration_keys(row: LinkedInIntegration) -> list[IntegrationKey]:
    """The tenant's four integrations at LinkedIn: the three company ones of its organization and
    the contract one. NotAllowedNow before a contract (and its organization) is chosen."""
    if not row.organization or not row.contract:
        raise NotAllowedNow()
    return [*company_integration_keys(row.organization), contract_integration_key(row.contract)]


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
