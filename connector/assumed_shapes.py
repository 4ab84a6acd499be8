"""Every shape of the partner API that LinkedIn's public material does not define, so the project assumed
it (the [ours] shapes), in one module.

LinkedIn's public material is silent about these; the project defined them. When a real partner
account shows the truth, correct them here: the client and the sandbox both use these models.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _Shape(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


# --- admin sign-in -------------------------------------------------------------------------------
RECRUITER_CONTRACTS_PATH = "recruiterContracts"
RECRUITER_CONTRACTS_FINDER = "member"  # GET /v2/recruiterContracts?q=member (member token)


class RecruiterContract(_Shape):
    contract: str  # urn:li:contract:{id}
    name: str
    # The company the contract belongs to: the integrationContext of the company-level integrations.
    organization: str | None = None  # urn:li:organization:{id}
    # The signed-in member's own Recruiter seat on the contract (urn:li:seat:{id}): how a user's seat
    # is found with company-level access, where LinkedIn does not serve a contract's seat list
    # (GET /v2/seats is contract-level, CSA_API).
    seat: str | None = None


# --- provisioning lookup (credentialsByUniqueForeignId) ------------------------------------------
class AppCredentials(BaseModel):
    client_id: str
    client_secret: str


class ProvisionedApplication(_Shape):
    name: str
    description: str = ""
    unique_foreign_id: str
    oauth2_authorized_callback_urls: list[str] = []
    valid_js_sdk_domains: list[str] = []
    credentials: AppCredentials | None = None


# --- manual match unlink ---------------------------------------------------------------------------
def unlink_manual_match_patch() -> dict[str, Any]:
    return {"patch": {"$delete": ["manualMatchedMember"]}}


# --- possible matches by name (the profile widget's manual search) ----------------------------------
MEMBER_SEARCH_PATH = "memberSearch"
MEMBER_SEARCH_FINDER = "name"  # ?q=name&firstName=…&lastName=…


# [ours] A member looked up by their public profile address (1-click export from Teams, where a
# recruiter pastes a profile URL): ?q=profileUrl&profileUrl=https://www.linkedin.com/in/<slug>, the
# address in the one form https://www.linkedin.com/in/<slug>; the same elements as the name search
# (none when no member has that address).
MEMBER_SEARCH_BY_PROFILE_URL_FINDER = "profileUrl"


class MemberSearchHit(_Shape):
    member: str  # urn:li:person:{id}
    first_name: str
    last_name: str
    headline: str = ""
    location: str = ""
    profile_url: str = ""


# --- webhook envelope ------------------------------------------------------------------------------
EXPORT_CANDIDATE_PROFILE = "EXPORT_CANDIDATE_PROFILE"
INTEGRATION_STATUS_CHANGE = "INTEGRATION_STATUS_CHANGE"

# Ids and URNs are visible ASCII: what LinkedIn sends, and safe to store and look up as they are.
_VISIBLE_ASCII = r"^[\x21-\x7e]{1,200}$"


class WebhookEnvelope(_Shape):
    """Every LinkedIn event. `type` is any event type: one we have no handler for is stored, not
    refused (LinkedIn would deliver it again and again)."""

    notification_id: str = Field(pattern=_VISIBLE_ASCII)
    type: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,63}$")  # e.g. EXPORT_CANDIDATE_PROFILE
    request_id: str = Field(pattern=_VISIBLE_ASCII)
    integration_context: str = Field(pattern=_VISIBLE_ASCII)
    occurred_at: int = Field(ge=0, lt=2**63)  # epoch ms

    @property
    def dedupe_key(self) -> str:
        """LinkedIn may deliver an event more than once; the notification id identifies it."""
        return self.notification_id


# --- 1-click export ----------------------------------------------------------------------------------
class ExportedProfile(_Shape):
    first_name: str
    last_name: str
    headline: str = ""
    location: str = ""
    profile_url: str = ""
    member: str  # urn:li:person:{id}
    email_address: str | None = None  # usually absent


class Exporter(_Shape):
    seat: str  # urn:li:seat:{id}
    member: str


class ExportedCandidate(_Shape):
    integration_context: str
    candidate: ExportedProfile
    external_job_posting_id: str
    exporter: Exporter
    exported_at: int  # epoch ms


# --- integration status (q=request / batch get) -------------------------------------------------------
IntegrationStatus = Literal["ENABLED", "DISABLED", "PENDING"]


class IntegrationState(_Shape):
    integration_context: str
    integration_type: str
    tenant_type: str = "RECRUITER"
    data_provider: str = "ATS"
    integration_name: str = ""
    status: IntegrationStatus = "PENDING"
    last_modified_at: int = 0
    # How a partner reads that LinkedIn validated the callback URL (answered challenge) is not in
    # LinkedIn's public material: the integration read carries the registered URL and, while
    # LinkedIn holds it validated, when it last was (epoch ms; absent when not validated or blocked).
    callback_url: str | None = None
    callback_url_validated_at: int | None = None


# --- contract-level (CSA_API) records --------------------------------------------------------------
class Seat(_Shape):
    seat: str  # urn:li:seat:{id}
    contract: str
    member: str
    active: bool = True
    first_name: str = ""
    last_name: str = ""


class ConversationEvent(_Shape):
    id: str
    conversation: str  # urn:li:conversation:{id}, one per (seat, member)
    direction: Literal["SENT", "RECEIVED"]  # seen from the viewer seat
    seat: str
    member: str  # the candidate
    sender: str = ""  # urn:li:person:{id} of who wrote the message
    subject: str = ""
    body: str = ""
    created_at: int = 0


class MailStub(_Shape):
    id: str
    contract: str
    owner: str  # urn:li:seat:{id}
    member: str
    first_name: str
    last_name: str
    email_address: str | None = None  # only when the candidate chose to share it
    created_at: int = 0


class ProspectNote(_Shape):
    id: str
    contract: str
    owner: str  # urn:li:seat:{id}
    member: str
    note: str
    created_at: int = 0
    last_modified_at: int = 0
    active: bool = True  # False: the note was deleted


# --- Recruiter projects -----------------------------------------------------------------------------
RECRUITER_PROJECTS_PATH = "recruiterProjects"  # GET ?q=seat&seat=…; POST /{id}/members {"member": urn}
# POST /{id}/members answers 201 when it added the member, and 409 when the member was already in the
# project (nothing changed): how the ATS tells a second save from the first.


class RecruiterProject(_Shape):
    id: str
    name: str
    seat: str
    member_count: int = 0


# --- /v2/me -------------------------------------------------------------------------------------------
class Me(_Shape):
    id: str
    localized_first_name: str | None = None
    localized_last_name: str | None = None


# --- URNs ---------------------------------------------------------------------------------------------
def person_urn(member_id: str) -> str:
    return member_id if member_id.startswith("urn:") else f"urn:li:person:{member_id}"


def seat_urn(seat_id: str) -> str:
    return seat_id if seat_id.startswith("urn:") else f"urn:li:seat:{seat_id}"


def contract_urn(contract_id: str) -> str:
    return contract_id if contract_id.startswith("urn:") else f"urn:li:contract:{contract_id}"


def organization_urn(org_id: str) -> str:
    return org_id if org_id.startswith("urn:") else f"urn:li:organization:{org_id}"


def urn_id(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]
