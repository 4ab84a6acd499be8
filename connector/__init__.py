"""The LinkedIn connector: an async client for LinkedIn's Recruiter System Connect partner API and
webhook helpers; our side of the wire. LinkedIn's side, the built-in sandbox, is linkedin_sandbox/.

Base URLs the client expects (no trailing slash):
- api_base:   "https://api.linkedin.com/v2"        sandbox: f"{running.base_url}/v2"
- oauth_base: "https://www.linkedin.com/oauth/v2"  sandbox: f"{running.base_url}/oauth/v2"
  (RunningSandbox.api_base / .oauth_base give exactly these.)

    client = LinkedInClient(api_base=…, oauth_base=…, client_id=…, client_secret=…)  # partner app
    app = await client.provision_application(name=…, unique_foreign_id=tenant_id)
    customer = client.for_customer(app.credentials.client_id, app.credentials.client_secret,
                                   integration_context="urn:li:organization:1001")
    result = await customer.upsert_candidates({"C1": {...}})  # BatchResult: .succeeded / .errors
    await client.close()

Every [ours] shape lives in connector.assumed_shapes; Rest.li key encoding in connector.restli.
"""

from connector.client import (
    BatchResult,
    CandidateMatch,
    IntegrationKey,
    LinkedInClient,
    MemberToken,
    company_integration_keys,
    contract_integration_key,
)
from connector.errors import (
    LinkedInAuthError,
    LinkedInConflict,
    LinkedInError,
    LinkedInNotFound,
    LinkedInRejected,
    LinkedInThrottled,
    LinkedInTimeout,
    LinkedInUnavailable,
    RecordError,
    WebhookRejected,
)
from connector.transport import ClientConfig, RetryPolicy, answer_within
from connector.webhooks import SIGNATURE_HEADER, challenge_response, parse_event, signature, signature_valid

__all__ = [
    "SIGNATURE_HEADER",
    "BatchResult",
    "CandidateMatch",
    "ClientConfig",
    "IntegrationKey",
    "LinkedInAuthError",
    "LinkedInClient",
    "LinkedInConflict",
    "LinkedInError",
    "LinkedInNotFound",
    "LinkedInRejected",
    "LinkedInThrottled",
    "LinkedInTimeout",
    "LinkedInUnavailable",
    "MemberToken",
    "RecordError",
    "RetryPolicy",
    "WebhookRejected",
    "answer_within",
    "challenge_response",
    "company_integration_keys",
    "contract_integration_key",
    "parse_event",
    "signature",
    "signature_valid",
]
