"""Where the bot can reach people later: conversation references kept for proactive messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.models import ConversationRef
from store.repositories import ConversationRefRepository, TenantRepository


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

    async def remember(self, conversation: InstalledConversation) -> bool:
        """Store (or refresh) the reference; True when the conversation was not known before.
        Conversations of tenants that have no ATS are not stored."""
        async with self.sessions() as session, session.begin():
            if await TenantRepository(session).get(conversation.tenant_id) is None:
                return False
            refs = ConversationRefRepository(session, conversation.tenant_id)
            is_new = await refs.by_conversation(conversation.conversation_id) is None
            await refs.save(
                conversation_id=conversation.conversation_id,
                conversation_type=conversation.conversation_type,
                service_url=conversation.service_url,
                reference=conversation.reference,
                user_id=conversation.user_id,
            )
            return is_new

    async def forget(self, tenant_id: str, conversation_id: str) -> None:
        """The bot was uninstalled from the conversation: it can no longer be reached there."""
        async with self.sessions() as session, session.begin():
            await session.execute(
                delete(ConversationRef).where(
                    ConversationRef.tenant_id == tenant_id,
                    ConversationRef.conversation_id == conversation_id,
                )
            )
