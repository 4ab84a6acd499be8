"""The one-time code that binds a LinkedIn sign-in to the Teams user who asked for it.

A sign-in link can be opened by anyone who sees it. So when LinkedIn sends the browser back, nothing
is connected yet: the result (member, encrypted token, contracts) is held server-side and the page
shows a short code. Only the ATS user who asked (same tenant, same user) can finish the sign-in, by
typing that code to the bot. A held sign-in is single-use, expires, and is voided after too many
wrong codes. Only a keyed hash of the code is stored; the code itself is shown once and never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import N_
from services.errors import UserFacingError
from services.linkedin_accounts import TokenCipher
from services.signin_states import Purpose, SignInGrant
from store.signins import PendingSignInRepository, purge_pending_signins

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_CODES = 5
KEEP_ENDED = timedelta(days=1)


class CodeRefused(UserFacingError):
    """A typed code that finishes nothing; nothing was changed."""

    message = N_(
        "That code doesn't match a LinkedIn sign-in of yours, so nothing was changed. A code works only "
        "for the person who started the sign-in in Teams."
    )


class WrongCode(CodeRefused):
    message = N_(
        "That code isn't right, so nothing was changed. Check the code on the sign-in page and type it again."
    )


class TooManyWrongCodes(CodeRefused):
    message = N_(
        "Too many wrong codes were typed, so I cancelled this LinkedIn sign-in and nothing was changed. "
        "Start the sign-in again to get a new link."
    )


class CodeExpired(CodeRefused):
    message = N_(
        "That code has expired, so nothing was changed. Start the LinkedIn sign-in again to get a new link."
    )


class CodeAlreadyUsed(CodeRefused):
    message = N_("That code has already been used, so nothing was changed this time.")


@dataclass(frozen=True)
class HeldSignIn:
    """What the callback page shows: the code (once) and how long it is valid."""

    code: str
    lifetime: timedelta


@dataclass(frozen=True)
class ConfirmedSignIn:
    """A sign-in its own user confirmed: what to store as connected."""

    tenant_id: str
    user_id: str
    purpose: Purpose
    member_id: str
    member_name: str
    token: str
    expires_in: int
    contracts: list[dict[str, Any]]


def typed_code(text: str) -> str | None:
    """The code in a message that is nothing but a code ('123456', '123 456', '123-456'), else None."""
    compact = "".join(ch for ch in text if ch not in " -")
    if len(compact) == CODE_DIGITS and compact.isascii() and compact.isdigit():
        return compact
    return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class SignInCodes:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        secret: bytes,
        cipher: TokenCipher,
        *,
        lifetime: timedelta = CODE_LIFETIME,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.sessions = sessions
        self._key = hashlib.sha256(b"talentbridge/signin-code/" + secret).digest()
        self.cipher = cipher
        self.lifetime = lifetime
        self.clock = clock

    def _hash(self, pending_id: str, code: str) -> str:
        return hmac.new(self._key, f"{pending_id}:{code}".encode(), hashlib.sha256).hexdigest()

    async def hold(
        self,
        grant: SignInGrant,
        *,
        member_id: str,
        member_name: str,
        token: str,
        expires_in: int,
        contracts: list[dict[str, Any]],
    ) -> HeldSignIn:
        """Keep a finished browser sign-in for the user who asked; the code to show, once."""
        now = self.clock()
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        pending_id = secrets.token_hex(16)
        async with self.sessions() as session, session.begin():
            await purge_pending_signins(session, now, now - KEEP_ENDED)
            PendingSignInRepository(session, grant.tenant_id).add(
                pending_id=pending_id,
                user_id=grant.user_id,
                purpose=grant.purpose,
                code_hash=self._hash(pending_id, code),
                member_id=member_id,
                member_name=member_name,
                token_encrypted=self.cipher.encrypt(token),
                token_expires_at=now + timedelta(seconds=expires_in) if expires_in > 0 else None,
                contracts=contracts,
                created_at=now,
                expires_at=now + self.lifetime,
            )
        return HeldSignIn(code, self.lifetime)

    async def confirm(self, tenant_id: str, user_id: str, code: str) -> ConfirmedSignIn:
        """Close the user's own sign-in that this code belongs to. Raises a CodeRefused; a wrong code
        counts against each of the user's waiting sign-ins (voided at the limit)."""
        now = self.clock()
        refusal: CodeRefused | None = None
        encrypted: str | None = None
        async with self.sessions() as session, session.begin():
            await purge_pending_signins(session, now, now - KEEP_ENDED)
            pending = PendingSignInRepository(session, tenant_id)
            rows = await pending.of_user(user_id)
            match = next((r for r in rows if hmac.compare_digest(r.code_hash, self._hash(r.id, code))), None)
            if match is None:
                waiting = {
                    r.id: r.wrong_attempts for r in rows if r.closed_at is None and _aware(r.expires_at) > now
                }
                await pending.count_wrong_code(list(waiting), now, max_wrong=MAX_WRONG_CODES)
                if not waiting:
                    refusal = CodeRefused()
                elif all(wrong + 1 >= MAX_WRONG_CODES for wrong in waiting.values()):
                    refusal = TooManyWrongCodes()
                else:
                    refusal = WrongCode()
            elif match.closed_at is not None:
                voided = match.wrong_attempts >= MAX_WRONG_CODES
                refusal = TooManyWrongCodes() if voided else CodeAlreadyUsed()
            elif _aware(match.expires_at) <= now:
                refusal = CodeExpired()
            else:
                encrypted = match.token_encrypted
                if not await pending.close(match.id, now, max_wrong=MAX_WRONG_CODES):
                    refusal = CodeAlreadyUsed()  # another replica took it a moment ago
        if refusal is not None:
            raise refusal
        assert match is not None
        token = self.cipher.decrypt(encrypted or "")
        if token is None:  # the secret changed since the sign-in: it cannot be finished
            raise CodeExpired()
        expires_in = 0
        if match.token_expires_at is not None:
            expires_in = max(1, int((_aware(match.token_expires_at) - now).total_seconds()))
        return ConfirmedSignIn(
            tenant_id=tenant_id,
            user_id=user_id,
            purpose="admin" if match.purpose == "admin" else "user",
            member_id=match.member_id,
            member_name=match.member_name,
            token=token,
            expires_in=expires_in,
            contracts=list(match.contracts or []),
        )
