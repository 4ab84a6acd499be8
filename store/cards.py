"""Where the bot posted cards that it later updates in place (a user's settings card).

Repositories hide SQL; when a card is updated is decided in services/settings_cards.py.
"""

from __future__ import annotations

from store.models import SettingsCard, utcnow
from store.repositories import TenantScoped


class SettingsCardRepository(TenantScoped):
    async def save(
        self,
        user_id: str,
        *,
        conversation_id: str,
        activity_id: str,
        locale: str | None,
        timezone: str | None,
    ) -> None:
        """The user's settings card just posted: it replaces the one kept before."""
        card = await self.session.get(SettingsCard, (self.tenant_id, user_id))
        if card is None:
            card = SettingsCard(tenant_id=self.tenant_id, user_id=user_id)
            self.session.add(card)
        card.conversation_id = conversation_id
        card.activity_id = activity_id
        card.locale = locale
        card.timezone = timezone
        card.posted_at = utcnow()

    async def of_user(self, user_id: str) -> SettingsCard | None:
        return await self.session.get(SettingsCard, (self.tenant_id, user_id))
