"""LinkedIn → ATS webhooks at each tenant's own callback URL: challenge, signature, deduplication,
dispatch. The HTTP shell is web/linkedin.py; the work each event starts belongs to its service.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector.errors import WebhookRejected
from connector.ours import WebhookEnvelope
from connector.webhooks import challenge_response, parse_event
from logs import bind_tenant
from services.linkedin_setup import LinkedInSetup
from store.models import ProcessedNotification

log = logging.getLogger(__name__)

EventHandler = Callable[[str, WebhookEnvelope], Awaitable[None]]


class UnknownCallback(LookupError):
    """No tenant has this callback id (answer 404)."""


class LinkedInEvents:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], setup: LinkedInSetup) -> None:
        self.sessions = sessions
        self.setup = setup
        self._handlers: dict[str, EventHandler] = {"INTEGRATION_STATUS_CHANGE": self._status_changed}

    def on(self, event_type: str, handler: EventHandler) -> None:
        """Register the service call an event type starts (e.g. EXPORT_CANDIDATE_PROFILE)."""
        self._handlers[event_type] = handler

    async def _secret(self, callback_id: str) -> tuple[str, str]:
        tenant_id = await self.setup.tenant_of_callback(callback_id)
        if tenant_id is None:
            raise UnknownCallback(callback_id)
        bind_tenant(tenant_id)  # the rest of this request's log lines name the tenant
        secret = await self.setup.webhook_secret(tenant_id)
        if secret is None:
            raise UnknownCallback(callback_id)  # nothing was requested from LinkedIn for this tenant
        return tenant_id, secret

    async def challenge(self, callback_id: str, challenge_code: str) -> dict[str, str]:
        """The answer to LinkedIn's validation of the callback URL."""
        tenant_id, secret = await self._secret(callback_id)
        answer = challenge_response(challenge_code, secret)
        # Only LinkedIn knows the secret the code is answered with; being asked at all means
        # LinkedIn has this tenant's callback URL: the partner side is complete.
        await self.setup.callback_validated(tenant_id)
        return answer

    async def receive(self, callback_id: str, raw_body: bytes, signature: str | None) -> bool:
        """Verify and handle one delivery; False when it was a duplicate.

        Raises UnknownCallback (404) or WebhookRejected (401 bad signature, 400 malformed): then
        nothing has changed.
        """
        tenant_id, secret = await self._secret(callback_id)
        envelope = parse_event(raw_body, signature, secret)
        if await self._already_processed(tenant_id, envelope.dedupe_key):
            log.info("duplicate LinkedIn notification %s for tenant %s", envelope.dedupe_key, tenant_id)
            return False
        handler = self._handlers.get(envelope.type)
        if handler is None:
            log.info("no handler yet for LinkedIn %s events; recorded only", envelope.type)
        else:
            await handler(tenant_id, envelope)
        try:
            async with self.sessions() as session, session.begin():
                session.add(
                    ProcessedNotification(
                        tenant_id=tenant_id, notification_id=envelope.dedupe_key, event_type=envelope.type
                    )
                )
        except IntegrityError:
            return False  # a concurrent delivery of the same notification finished first
        return True

    async def _already_processed(self, tenant_id: str, notification_id: str) -> bool:
        async with self.sessions() as session:
            result = await session.scalars(
                select(ProcessedNotification.id).where(
                    ProcessedNotification.tenant_id == tenant_id,
                    ProcessedNotification.notification_id == notification_id,
                )
            )
            return result.first() is not None

    async def _status_changed(self, tenant_id: str, envelope: WebhookEnvelope) -> None:
        await self.setup.on_status_change(tenant_id, envelope.request_id)


__all__ = ["LinkedInEvents", "UnknownCallback", "WebhookRejected"]
