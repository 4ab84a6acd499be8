"""The lookups that are not scoped to one tenant, on purpose, in one place.

Everything else in store/ is tenant-scoped: a repository takes the tenant at construction and every
query filters on it. A lookup belongs here only when no tenant is known yet, or when a background job
visits every tenant:

- it starts from an opaque, unguessable id that a request carries instead of a tenant (a public URL
  that LinkedIn or a browser calls, with no Teams activity to say whose it is), or it is a round over
  all tenants;
- it answers with tenant ids only, so the caller goes on with that tenant's repositories.

To add one: a function named for what it starts from (`tenant_of_<id>`, or `tenants_<which>` for a
round), in the section of its caller, with a docstring saying why it cannot be scoped to a tenant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import LinkedInIntegration, WebhookEvent
from store.webhook_events import due_condition

# --- LinkedIn's webhooks -----------------------------------------------------------------------------


async def tenant_of_callback(session: AsyncSession, callback_id: str) -> str | None:
    """The tenant whose webhook URL (/api/linkedin/webhook/{callback id}) this is. Global: LinkedIn
    calls that URL with nothing else to say which tenant it is for."""
    result = await session.scalars(
        select(LinkedInIntegration.tenant_id).where(LinkedInIntegration.callback_id == callback_id)
    )
    return result.first()


async def tenants_with_webhook_events_due(
    session: AsyncSession, event_types: Iterable[str], now: datetime
) -> list[str]:
    """The tenants with deferred LinkedIn events the worker may take now (queued and due, or held
    by a claim that expired), in tenant id order. Global: the worker that processes deferred events
    (services/linkedin_events.py) is a background round over every tenant, which then takes each
    tenant's events with its own repository."""
    result = await session.scalars(
        select(WebhookEvent.tenant_id)
        .where(due_condition(event_types, now))
        .distinct()
        .order_by(WebhookEvent.tenant_id)
    )
    return list(result)


# --- the public job feed -------------------------------------------------------------------------------


async def tenant_of_feed(session: AsyncSession, feed_id: str) -> str | None:
    """The tenant whose public job feed (/linkedin/jobs/{feed id}.xml, and its jobs' pages) this is.
    Global: LinkedIn and job seekers' browsers fetch those URLs with nothing else to say whose they are.
    Whether job posting is on is the tenant's own business (its integration row)."""
    result = await session.scalars(
        select(LinkedInIntegration.tenant_id).where(LinkedInIntegration.feed_id == feed_id)
    )
    return result.first()


# --- the LinkedIn status poll --------------------------------------------------------------------------


async def tenants_with_integration_in(session: AsyncSession, states: Iterable[str]) -> list[str]:
    """The tenants whose LinkedIn integration is in one of `states`, in tenant id order. Global: the
    status poll is a background round over every tenant, which then reads each one's status from
    LinkedIn on its own."""
    result = await session.scalars(
        select(LinkedInIntegration.tenant_id)
        .where(LinkedInIntegration.state.in_(list(states)))
        .order_by(LinkedInIntegration.tenant_id)
    )
    return list(result)
