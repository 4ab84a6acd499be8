"""Sign-in state tokens: the `state` parameter of a LinkedIn sign-in link, signed, bound to tenant and
user, expiring and single-use. (The sign-in flow itself is services/linkedin_signin.py; the one-time
code that binds its result to the Teams user is services/signin_codes.py.)

The token is ``base64url(payload) . base64url(HMAC-SHA256(secret, payload))``; the payload names a
nonce, the tenant, the user, the purpose and the expiry. The nonce is also stored, so a state can be
used once (``used_at`` is set atomically when the callback redeems it). It is looked up in the tenant
the signature vouches for: a row of another tenant is never read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import N_
from services.errors import UserFacingError
from store.models import SignInState
from store.signin_states import SignInStateRepository, purge_signin_states

Purpose = Literal["admin", "user"]
DEFAULT_LIFETIME = timedelta(minutes=15)
KEEP_EXPIRED = timedelta(days=1)


class SignInRefused(UserFacingError):
    message = N_("This sign-in link is not valid. Go back to Teams and start the sign-in again.")


class SignInExpired(SignInRefused):
    message = N_("This sign-in link has expired. Go back to Teams and start the sign-in again.")


class SignInAlreadyUsed(SignInRefused):
    message = N_("This sign-in link has already been used. Go back to Teams and start the sign-in again.")


@dataclass(frozen=True)
class SignInGrant:
    """A verified state: who started the sign-in, for what, in which language."""

    nonce: str
    tenant_id: str
    user_id: str
    purpose: Purpose
    locale: str | None
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SignInStates:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        secret: bytes,
        *,
        lifetime: timedelta = DEFAULT_LIFETIME,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if len(secret) < 16:
            raise ValueError("the state secret must be at least 16 bytes")
        self.sessions = sessions
        self._secret = secret
        self.lifetime = lifetime
        self.clock = clock

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self._secret, payload, hashlib.sha256).digest())

    async def issue(
        self,
        tenant_id: str,
        user_id: str,
        purpose: Purpose,
        locale: str | None = None,
        *,
        lifetime: timedelta | None = None,
    ) -> str:
        """A new state token for one sign-in by this user of this tenant."""
        nonce = secrets.token_urlsafe(24)
        expires_at = self.clock() + (lifetime if lifetime is not None else self.lifetime)
        payload = json.dumps(
            {
                "n": nonce,
                "t": tenant_id,
                "u": user_id,
                "p": purpose,
                "l": locale or "",
                "e": int(expires_at.timestamp()),
            },
            separators=(",", ":"),
        ).encode()
        async with self.sessions() as session, session.begin():
            # Sign-ins long finished or abandoned are of no use any more.
            await purge_signin_states(session, self.clock() - KEEP_EXPIRED)
            SignInStateRepository(session, tenant_id).add(
                nonce=nonce, user_id=user_id, purpose=purpose, expires_at=expires_at
            )
        return f"{_b64(payload)}.{self._sign(payload)}"

    def verify(self, token: str | None) -> SignInGrant:
        """Check the signature and the expiry (not the single use). Raises SignInRefused."""
        if not token or token.count(".") != 1 or len(token) > 2048:
            raise SignInRefused()
        encoded, signature = token.split(".")
        try:
            payload = _unb64(encoded)
        except ValueError as error:
            raise SignInRefused() from error
        if not hmac.compare_digest(self._sign(payload), signature):
            raise SignInRefused()
        try:
            data = json.loads(payload)
            grant = SignInGrant(
                nonce=str(data["n"]),
                tenant_id=str(data["t"]),
                user_id=str(data["u"]),
                purpose="admin" if data["p"] == "admin" else "user",
                locale=str(data.get("l") or "") or None,
                expires_at=datetime.fromtimestamp(int(data["e"]), UTC),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise SignInRefused() from error
        if grant.expires_at <= self.clock():
            raise SignInExpired()
        return grant

    async def check(self, token: str | None) -> SignInGrant:
        """A valid, unexpired state that has not been used yet (without using it)."""
        grant = self.verify(token)
        async with self.sessions() as session:
            row = await SignInStateRepository(session, grant.tenant_id).by_nonce(grant.nonce)
            self._check_row(row, grant)
            assert row is not None
            if row.used_at is not None:
                raise SignInAlreadyUsed()
        return grant

    async def redeem(self, token: str | None) -> SignInGrant:
        """Verify the state and mark it used, atomically: a replayed state is refused."""
        grant = self.verify(token)
        async with self.sessions() as session, session.begin():
            states = SignInStateRepository(session, grant.tenant_id)
            self._check_row(await states.by_nonce(grant.nonce), grant)
            if not await states.mark_used(grant.nonce, self.clock()):
                raise SignInAlreadyUsed()
        return grant

    @staticmethod
    def _check_row(row: SignInState | None, grant: SignInGrant) -> None:
        if row is None or (row.tenant_id, row.user_id, row.purpose) != (
            grant.tenant_id,
            grant.user_id,
            grant.purpose,
        ):
            raise SignInRefused()
