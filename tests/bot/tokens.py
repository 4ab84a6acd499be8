"""A stand-in for the Bot Framework's token service: an OpenID metadata document and its signing keys
served on loopback, and tokens minted with those keys (or with keys no one published).

The SDK fetches the keys with a blocking HTTP call from inside the request it checks, so the server runs
on its own event loop in its own thread; on the test's loop it could never answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CHANNEL_ISSUER = "https://api.botframework.com"
# Microsoft Entra's issuer for the botframework.com tenant (v1 tokens): the SDK sends these down its
# Emulator path, which checks the app id claim but not the serviceurl claim.
ENTRA_ISSUER = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"
ENDORSED_CHANNELS = ["msteams", "webchat", "emulator", "directline"]


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey

    @classmethod
    def generate(cls, kid: str) -> SigningKey:
        return cls(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def jwk(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {**public, "kid": self.kid, "use": "sig", "endorsements": ENDORSED_CHANNELS}


@dataclass
class TokenService:
    """The published key, a key nobody published, and where the metadata documents are served."""

    key: SigningKey
    stranger: SigningKey
    base_url: str = ""

    @property
    def channel_metadata_url(self) -> str:
        return f"{self.base_url}/channel/v1/.well-known/openidconfiguration"

    @property
    def emulator_metadata_url(self) -> str:
        return f"{self.base_url}/entra/v2.0/.well-known/openid-configuration"

    def token(
        self,
        *,
        claims: dict[str, Any] | None = None,
        key: SigningKey | None = None,
        kid: str | None = None,
        algorithm: str = "RS256",
        drop: tuple[str, ...] = (),
    ) -> str:
        """A channel token as Teams' requests carry it; `claims` override or add claims."""
        now = int(time.time())
        payload: dict[str, Any] = {"iss": CHANNEL_ISSUER, "nbf": now - 60, "iat": now - 60, "exp": now + 3600}
        payload.update(claims or {})
        for claim in drop:
            payload.pop(claim, None)
        signer = key or self.key
        headers = {"kid": kid if kid is not None else signer.kid}
        return jwt.encode(payload, signer.private_key, algorithm=algorithm, headers=headers)


def unsigned_token(claims: dict[str, Any], kid: str) -> str:
    """A token with `alg: none` and no signature."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{part(claims)}."


def _metadata_app(service: TokenService) -> web.Application:
    async def channel_metadata(_request: web.Request) -> web.Response:
        return web.json_response({"issuer": CHANNEL_ISSUER, "jwks_uri": f"{service.base_url}/keys"})

    async def entra_metadata(_request: web.Request) -> web.Response:
        return web.json_response({"issuer": ENTRA_ISSUER, "jwks_uri": f"{service.base_url}/keys"})

    async def keys(_request: web.Request) -> web.Response:
        return web.json_response({"keys": [service.key.jwk()]})

    app = web.Application()
    app.router.add_get("/channel/v1/.well-known/openidconfiguration", channel_metadata)
    app.router.add_get("/entra/v2.0/.well-known/openid-configuration", entra_metadata)
    app.router.add_get("/keys", keys)
    return app


@contextmanager
def serve_token_service() -> Iterator[TokenService]:
    """The metadata and keys on a free loopback port, served from a thread of their own."""
    service = TokenService(SigningKey.generate("test-key-1"), SigningKey.generate("test-key-1"))
    loop = asyncio.new_event_loop()
    started = threading.Event()
    servers: list[TestServer] = []

    async def start() -> None:
        server = TestServer(_metadata_app(service), host="127.0.0.1")
        await server.start_server()
        servers.append(server)

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="token-service", daemon=True)
    thread.start()
    if not started.wait(timeout=10) or not servers:
        raise RuntimeError("the token service did not start")
    server = servers[0]
    service.base_url = str(server.make_url("")).rstrip("/")
    try:
        yield service
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
