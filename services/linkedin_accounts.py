"""Users' own LinkedIn accounts ("User settings"): connect, show, disconnect.

The member token is encrypted at rest (Fernet) and never logged or put on a card. One LinkedIn
member belongs to at most one user of a tenant (also a unique constraint in the database).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.linkedin import LinkedInAccount
from i18n import N_
from services.errors import UserFacingError
from store.models import LinkedInConnection
from store.repositories import UserRepository
from store.signins import LinkedInConnectionRepository


class LinkedInAccountTaken(UserFacingError):
    message = N_(
        "This LinkedIn account is already connected to another Talent Bridge user in your organization, "
        "so nothing was changed."
    )


class TokenCipher:
    """Encrypts member tokens with a key derived from the application's secret."""

    def __init__(self, secret: bytes) -> None:
        key = hashlib.sha256(b"talentbridge/linkedin-token/" + secret).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode("ascii")

    def decrypt(self, encrypted: str) -> str | None:
        """The token, or None when it was encrypted with another key (the secret changed)."""
        try:
            return self._fernet.decrypt(encrypted.encode("ascii")).decode()
        except (InvalidToken, ValueError):
            return None


class LinkedInAccounts:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: TokenCipher) -> None:
        self.sessions = sessions
        self.cipher = cipher

    async def connect(
        self,
        session: AsyncSession,
        tenant_id: str,
        user_id: str,
        *,
        member_id: str,
        member_name: str,
        token: str,
        expires_in: int,
    ) -> None:
        """Store (or replace) the user's connection, inside the caller's unit of work. Raises
        LinkedInAccountTaken when the member is another user's (the caller's unit then writes nothing)."""
        await self.check_member_free(session, tenant_id, user_id, member_id)
        now = datetime.now(UTC)
        try:
            await LinkedInConnectionRepository(session, tenant_id).save(
                user_id,
                member_id=member_id,
                member_name=member_name,
                token_encrypted=self.cipher.encrypt(token),
                token_expires_at=now + timedelta(seconds=expires_in) if expires_in > 0 else None,
                connected_at=now,
            )
        except IntegrityError as taken:  # another user connected the same member at the same moment
            raise LinkedInAccountTaken() from taken
        await UserRepository(session, tenant_id).set_linkedin_member(user_id, member_id)

    @staticmethod
    async def check_member_free(session: AsyncSession, tenant_id: str, user_id: str, member_id: str) -> None:
        """Raise LinkedInAccountTaken when this LinkedIn member is connected to another user."""
        holder = await LinkedInConnectionRepository(session, tenant_id).holder_of_member(member_id)
        if holder is not None and holder != user_id:
            raise LinkedInAccountTaken()

    async def member_is_free(self, tenant_id: str, user_id: str, member_id: str) -> bool:
        """Whether this user may connect this LinkedIn member (no other user of the tenant has it)."""
        async with self.sessions() as session:
            try:
                await self.check_member_free(session, tenant_id, user_id, member_id)
            except LinkedInAccountTaken:
                return False
        return True

    async def connect_user(
        self, tenant_id: str, user_id: str, *, member_id: str, member_name: str, token: str, expires_in: int
    ) -> None:
        """A user connected their own account (User settings): one unit of work."""
        async with self.sessions() as session, session.begin():
            await self.connect(
                session,
                tenant_id,
                user_id,
                member_id=member_id,
                member_name=member_name,
                token=token,
                expires_in=expires_in,
            )

    async def account_of(self, tenant_id: str, user_id: str) -> LinkedInAccount | None:
        async with self.sessions() as session:
            return await self.account_in(session, tenant_id, user_id)

    async def account_in(self, session: AsyncSession, tenant_id: str, user_id: str) -> LinkedInAccount | None:
        """The user's connection, read inside the caller's unit of work."""
        connection = await self._connection(session, tenant_id, user_id)
        if connection is None:
            return None
        return LinkedInAccount(connection.member_id, connection.member_name, connection.connected_at)

    async def member_token(self, tenant_id: str, user_id: str) -> str | None:
        """The user's member token for calls made on their behalf, when still valid."""
        async with self.sessions() as session:
            connection = await self._connection(session, tenant_id, user_id)
        if connection is None:
            return None
        expires_at = connection.token_expires_at
        if expires_at is not None:
            if expires_at.tzinfo is None:
                expires_at = expires_at.replace(tzinfo=UTC)
            if expires_at <= datetime.now(UTC):
                return None
        return self.cipher.decrypt(connection.token_encrypted)

    async def disconnect(self, tenant_id: str, user_id: str) -> bool:
        """Forget the user's connection; True when there was one."""
        async with self.sessions() as session, session.begin():
            removed = await LinkedInConnectionRepository(session, tenant_id).remove(user_id)
            await UserRepository(session, tenant_id).set_linkedin_member(user_id, None)
            return removed

    @staticmethod
    async def _connection(session: AsyncSession, tenant_id: str, user_id: str) -> LinkedInConnection | None:
        return await LinkedInConnectionRepository(session, tenant_id).of_user(user_id)
