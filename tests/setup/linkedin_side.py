"""LinkedIn's side of the webhook in tests: the customer app's secret (read with the partner app's
credentials, as LinkedIn's provisioning API gives it), signed deliveries and the sandbox's outbox."""

from __future__ import annotations

import json
from typing import Any

from connector import LinkedInClient, signature
from linkedin_sandbox import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.setup.conftest import App

ORGANIZATION = "urn:li:organization:1001"


async def webhook_url(app: App) -> str:
    return f"{app.base_url}/api/linkedin/webhook/{(await app.integration())['callback_id']}"


async def customer_secret(app: App) -> str:
    """The client secret of the tenant's customer app: what LinkedIn signs its events with."""
    foreign_id = (await app.integration())["child_app_foreign_id"]
    async with LinkedInClient(
        api_base=f"{app.sandbox_url}/v2",
        oauth_base=f"{app.sandbox_url}/oauth/v2",
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    ) as partner:
        found = await partner.find_provisioned_application(foreign_id)
    assert found is not None and found.credentials is not None
    return found.credentials.client_secret


def event_body(
    notification_id: str,
    event_type: str = "INTEGRATION_STATUS_CHANGE",
    request_id: str = "req-test",
    context: str = ORGANIZATION,
) -> bytes:
    return json.dumps(
        {
            "notificationId": notification_id,
            "type": event_type,
            "requestId": request_id,
            "integrationContext": context,
            "occurredAt": 1_790_000_000_000,
        },
        separators=(",", ":"),
    ).encode()


def signed(body: bytes, secret: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-LI-Signature": signature(body, secret)}


async def deliver(app: App, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    """POST one event to the tenant's callback URL; the status and the JSON answer."""
    async with app.http.post(await webhook_url(app), data=body, headers=headers) as response:
        return response.status, await response.json(content_type=None)


async def pending_events(app: App) -> list[dict[str, Any]]:
    """The events LinkedIn (the sandbox) has not delivered yet, oldest first: their bodies."""
    outbox = (await app.sandbox("GET", "/sandbox/webhooks"))["outbox"]
    return [item["body"] for item in reversed(outbox) if item["status"] == "pending"]


async def stored_events(app: App) -> list[tuple[Any, ...]]:
    return await app.sql(
        "SELECT notification_id, event_type, status, attempts FROM linkedin_webhook_events"
        " ORDER BY received_at"
    )
