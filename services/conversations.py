"""Where the bot can reach people later: conversation references kept for proactive messages."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.repositories import ConversationRefRepository, TenantRepository


class Remembered(enum.Enum):
    NEW = "new"
    KNOWN = "known"
    NOT_STORED = "not_stored"


@dataclass(frozen=True)
class InstalledConversation:
    tenant_id: str
    conversation_id: str
    conversation_type: str  # personal | channel | groupChat
    service_url: str
    reference: dict[str, Any]
    user_id: str | None


class ConversationDirectory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def remember(self, conversation: InstalledConversation) -> Remembered:
        """Store (or refresh) the reference: NEW the first time the conversation is seen, KNOWN
        after, NOT_STORED for tenants that have no ATS. Teams sends installationUpdate and
        conversationUpdate for one install at the same moment: exactly one of them sees NEW (the
        other's insert hits the unique constraint, and its second attempt updates)."""
        for attempt in (1, 2):
            try:
                async with self.sessions() as session, session.begin():
                    if await TenantRepository(session).get(conversation.tenant_id) is None:
                        return Remembered.NOT_STORED
                    inserted = await ConversationRefRepository(session, conversation.tenant_id).save(
                        conversation_id=conversation.conversation_id,
                        conversation_type=conversation.conversation_type,
                        service_url=conversation.service_url,
                        reference=conversation.reference,
                        user_id=conversation.user_id,
                    )
                return Remembered.NEW if inserted else Remembered.KNOWN
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def personal_reference(self, tenant_id: str, user_id: str) -> dict[str, Any] | None:
        """The stored reference of this user's 1:1 chat with the bot, if any."""
        async with self.sessions() as session:
            ref = await ConversationRefRepository(session, tenant_id).personal_of(user_id)
            return dict(ref.reference) if ref is not None else None

    async def reference(self, tenant_id: str, conversation_id: str) -> dict[str, Any] | None:
        """The stored reference of one of this tenant's conversations, if any."""
        async with self.sessions() as session:
            ref = await ConversationRefRepository(session, tenant_id).by_conversation(conversation_id)
            return dict(ref.reference) if ref is not None else None

    async def forget(self, tenant_id: str, conversation_id: str) -> None:
        """The bot was uninstalled from the conversation: it can no longer be reached there."""
        async with self.sessions() as session, session.begin():
            await ConversationRefRepository(session, tenant_id).forget(conversation_id)
