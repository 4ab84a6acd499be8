"""Lookups that are global on purpose: each finds a tenant from a key that arrives before any tenant is
known (an unauthenticated public URL), so it cannot be constructed for a tenant. Each key is a random
id the ATS minted for one tenant, unique across tenants; whatever is found is used only for the tenant
it names. Every other query lives in a repository constructed for one tenant (store/repositories.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import LinkedInIntegration


async def integration_of_feed(session: AsyncSession, feed_id: str) -> LinkedInIntegration | None:
    """The integration whose public job feed id this is: LinkedIn reads the feed, and applicants open
    its job pages, at a URL that names only the feed id."""
    result = await session.scalars(select(LinkedInIntegration).where(LinkedInIntegration.feed_id == feed_id))
    return result.first()
