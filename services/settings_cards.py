"""Where each user's settings card was last posted, so that a change of their own LinkedIn
connection (a sign-in confirmed by the typed code, a disconnect) updates it in place, as the setup
card is updated for admins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.cards import SettingsCardRepository


@dataclass(frozen=True)
class SettingsCardLocation:
    conversation_id: str
    activity_id: str
    locale: str | None
    timezone: str | None


class SettingsCards:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def remember(self, tenant_id: str, user_id: str, location: SettingsCardLocation) -> None:
        """The user's settings card just posted; it replaces the one kept before."""
        for attempt in (1, 2):  # two cards posted at once: the second attempt updates the first's row
            try:
                async with self.sessions() as session, session.begin():
                    await SettingsCardRepository(session, tenant_id).save(
                        user_id,
                        conversation_id=location.conversation_id,
                        activity_id=location.activity_id,
                        locale=location.locale,
                        timezone=location.timezone,
                    )
                return
            except IntegrityError:
                if attempt == 2:
                    raise

    async def location_of(self, tenant_id: str, user_id: str) -> SettingsCardLocation | None:
        async with self.sessions() as session:
            card = await SettingsCardRepository(session, tenant_id).of_user(user_id)
            if card is None:
                return None
            return SettingsCardLocation(card.conversation_id, card.activity_id, card.locale, card.timezone)
