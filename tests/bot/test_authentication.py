"""With a MicrosoftAppId, only a request carrying a valid Bot Framework token from Teams reaches the bot.

The app checks tokens with the SDK against a loopback OpenID metadata document and signing key
(tests/bot/tokens.py), exactly as it checks them against the Bot Framework's in production.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import pytest_asyncio
from cryptography.hazmat.primitives import serialization

from tests.bot.channel import ALEX, BOT_ID, serve_recording_channel
from tests.bot.conftest import BotUnderTest, row_counts, serve_bot
from tests.bot.tokens import ENTRA_ISSUER, TokenService, serve_token_service, unsigned_token

pytestmark = pytest.mark.asyncio(loop_scope="module")

APP_ID = "5c1f3e2a-7d4b-4a8e-9f10-000000000b07"
WRITTEN = ("bot_state", "conversation_references")
HOUR = 3600


@pytest.fixture(scope="module")
def tokens() -> Iterator[TokenService]:
    with serve_token_service() as service:
        yield service


def auth_settings(tokens: TokenService) -> dict[str, Any]:
    return {
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": "not-used-no-reply-is-sent-in-these-tests",
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": tokens.channel_metadata_url,
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": tokens.emulator_metadata_url,
    }


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def secured(module_seeded_sqlite_url: str, tokens: TokenService) -> AsyncIterator[BotUnderTest]:
    """The app with a MicrosoftAppId, built once for the module."""
    async with (
        serve_recording_channel() as channel,
        serve_bot(module_seeded_sqlite_url, channel, **auth_settings(tokens)) as bot,
    ):
        yield bot


@pytest.fixture(autouse=True)
def _fresh_channel(secured: BotUnderTest) -> None:
    secured.channel.clear()


def channel_claims(bot: BotUnderTest, **override: Any) -> dict[str, Any]:
    """What a Teams request's token says: for this bot's app id, from this serviceUrl."""
    return {"aud": APP_ID, "serviceurl": bot.channel_url, **override}


async def post(bot: BotUnderTest, body: dict[str, Any], authorization: str | None) -> tuple[int, str]:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with bot.http.post(bot.url, json=body, headers=headers) as response:
        return response.status, await response.text()


def help_button(bot: BotUnderTest, **kwargs: Any) -> dict[str, Any]:
    """Alex presses a card's Help button: answered in the invoke response, no message is sent."""
    return bot.activity(
        activity_type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "help", "data": {}}},
        **kwargs,
    )


def install(bot: BotUnderTest, **kwargs: Any) -> dict[str, Any]:
    """Alex installs the bot: were it let in, a conversation reference would be stored."""
    return bot.activity(activity_type="conversationUpdate", membersAdded=[{"id": BOT_ID}], **kwargs)


def hs256_token(claims: dict[str, Any], secret: bytes, kid: str) -> str:
    """An HMAC token keyed with the published public key (the classic algorithm confusion)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{part(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': kid}).encode())}." + part(
        json.dumps(claims).encode()
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{part(signature)}"


def _public_pem(tokens: TokenService) -> bytes:
    return tokens.key.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _unsigned_claims(bot: BotUnderTest) -> dict[str, Any]:
    return {"iss": "https://api.botframework.com", "exp": int(time.time()) + HOUR, **channel_claims(bot)}


Header = Callable[[TokenService, BotUnderTest], "str | None"]
BAD_AUTHORIZATION: dict[str, Header] = {
    "missing": lambda t, b: None,
    "empty": lambda t, b: "",
    "another scheme": lambda t, b: "Basic dGFsZW50OmJyaWRnZQ==",
    "bearer without a token": lambda t, b: "Bearer ",
    "garbage": lambda t, b: "Bearer garbage",
    "three garbage parts": lambda t, b: "Bearer a.b.c",
    "alg none": lambda t, b: "Bearer " + unsigned_token(_unsigned_claims(b), t.key.kid),
    "HS256 keyed with the public key": lambda t, b: "Bearer " + hs256_token(
        _unsigned_claims(b), _public_pem(t), t.key.kid
    ),
    "signed by an unknown key": lambda t, b: "Bearer " + t.token(claims=channel_claims(b), key=t.stranger),
    "unknown kid": lambda t, b: "Bearer " + t.token(claims=channel_claims(b), kid="no-such-key"),
    "expired": lambda t, b: "Bearer " + t.token(
        claims=channel_claims(b, iat=int(time.time()) - 3 * HOUR, nbf=int(time.time()) - 3 * HOUR,
                              exp=int(time.time()) - HOUR)
    ),
    "not yet valid": lambda t, b: "Bearer " + t.token(claims=channel_claims(b, nbf=int(time.time()) + HOUR)),
    "for another bot": lambda t, b: "Bearer " + t.token(claims=channel_claims(b, aud="another-bots-app-id")),
    "without an audience": lambda t, b: "Bearer " + t.token(claims=channel_claims(b), drop=("aud",)),
    "from another issuer": lambda t, b: "Bearer " + t.token(
        claims=channel_claims(b, iss="https://login.example.com/")
    ),
    "for another serviceUrl": lambda t, b: "Bearer " + t.token(
        claims=channel_claims(b, serviceurl="https://smba.trafficmanager.net/emea/")
    ),
    "without a serviceUrl": lambda t, b: "Bearer " + t.token(claims=channel_claims(b), drop=("serviceurl",)),
    # Entra tokens for the bot's own app id pass the SDK's Emulator path, which never looks at the
    # serviceurl claim: such a token must not let anyone point the bot's replies somewhere else.
    "Entra token of the bot's app id": lambda t, b: "Bearer " + t.token(
        claims={"iss": ENTRA_ISSUER, "ver": "1.0", "appid": APP_ID, "aud": "https://api.botframework.com"}
    ),
    "skill token": lambda t, b: "Bearer " + t.token(
        claims={"iss": ENTRA_ISSUER, "ver": "1.0", "appid": "another-bots-app-id", "aud": APP_ID}
    ),
    "two tokens": lambda t, b: "Bearer " + t.token(claims=channel_claims(b)) + " " + t.token(
        claims=channel_claims(b)
    ),
}


async def test_a_valid_teams_token_is_accepted_and_the_turn_runs(
    secured: BotUnderTest, tokens: TokenService
) -> None:
    token = tokens.token(claims=channel_claims(secured))
    status, text = await post(secured, help_button(secured), f"Bearer {token}")
    assert status == 200, text
    answer = json.loads(text)
    assert answer["statusCode"] == 200
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert answer["value"]["type"] == "AdaptiveCard"


@pytest.mark.parametrize("case", list(BAD_AUTHORIZATION))
async def test_a_request_without_a_valid_token_is_401_and_writes_nothing(
    secured: BotUnderTest, tokens: TokenService, case: str
) -> None:
    before = row_counts(secured.database_url, *WRITTEN)
    status, text = await post(secured, install(secured, user=ALEX), BAD_AUTHORIZATION[case](tokens, secured))
    assert status == 401, text
    assert json.loads(text) == {"error": "the request is not authorized"}
    assert "Traceback" not in text
    assert row_counts(secured.database_url, *WRITTEN) == before
    assert secured.channel.calls == [] and secured.channel.roster_lookups == []


async def test_a_card_button_with_a_bad_token_gets_no_answer(
    secured: BotUnderTest, tokens: TokenService
) -> None:
    token = tokens.token(claims=channel_claims(secured), key=tokens.stranger)
    status, text = await post(secured, help_button(secured), f"Bearer {token}")
    assert status == 401 and "AdaptiveCard" not in text


@pytest.mark.parametrize("channel_id", ["webchat", "emulator", "directline"])
async def test_other_channels_are_refused_when_the_bot_is_registered(
    secured: BotUnderTest, tokens: TokenService, channel_id: str
) -> None:
    before = row_counts(secured.database_url, *WRITTEN)
    body = install(secured, user=ALEX)
    body["channelId"] = channel_id
    status, text = await post(secured, body, "Bearer " + tokens.token(claims=channel_claims(secured)))
    assert status == 403, text
    assert json.loads(text) == {"error": "this bot serves Microsoft Teams only"}
    assert row_counts(secured.database_url, *WRITTEN) == before
    assert secured.channel.calls == []


async def test_unreachable_signing_keys_are_a_503_to_retry_not_a_crash(
    module_seeded_sqlite_url: str, tokens: TokenService
) -> None:
    settings = {
        **auth_settings(tokens),
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": tokens.base_url + "/gone/.well-known/openidconfiguration",
    }
    async with (
        serve_recording_channel() as channel,
        serve_bot(module_seeded_sqlite_url, channel, **settings) as bot,
    ):
        before = row_counts(bot.database_url, *WRITTEN)
        status, text = await post(bot, install(bot), "Bearer " + tokens.token(claims=channel_claims(bot)))
        assert status == 503, text
        assert "Traceback" not in text and len(text) < 200
        assert row_counts(bot.database_url, *WRITTEN) == before
