"""LinkedIn → ATS webhook helpers: challenge response, X-LI-Signature check, envelope parsing.

The challenge answer and the event signature are both HMAC-SHA256 with the client secret: the
answer of `challengeCode` and the signature of a body are the same value when the code is
"hmacsha256=" + body. Only a well-formed UUID (what LinkedIn sends) is answered, so the challenge
can never be used to sign an event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from pydantic import ValidationError

from connector.assumed_shapes import WebhookEnvelope
from connector.errors import WebhookRejected

SIGNATURE_HEADER = "X-LI-Signature"
# A UUID in its canonical form (lower-case hex, 8-4-4-4-12), as LinkedIn's challenge codes are.
CHALLENGE_CODE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def challenge_code_valid(challenge_code: str | None) -> bool:
    return challenge_code is not None and CHALLENGE_CODE.fullmatch(challenge_code) is not None


def challenge_response(challenge_code: str, client_secret: str) -> dict[str, str]:
    """The JSON body answering `GET {callback}?challengeCode=…` (200, application/json).

    Raises WebhookRejected (400) for anything but a canonical UUID.
    """
    if not challenge_code_valid(challenge_code):
        raise WebhookRejected("challengeCode must be a UUID", status=400)
    return {
        "challengeCode": challenge_code,
        "challengeResponse": _hmac_hex(client_secret, challenge_code.encode()),
    }


def signature(raw_body: bytes, client_secret: str) -> str:
    """hex(HMAC-SHA256(key=client secret, msg="hmacsha256=" + raw body))."""
    return _hmac_hex(client_secret, b"hmacsha256=" + raw_body)


def signature_valid(raw_body: bytes, header_value: str | None, client_secret: str) -> bool:
    """Constant-time check of the X-LI-Signature header (64 hex digits) against the raw body."""
    if not header_value:
        return False
    value = header_value.strip(" \t")
    if _HEX_SHA256.fullmatch(value) is None:
        return False
    return hmac.compare_digest(signature(raw_body, client_secret).encode(), value.lower().encode())


def parse_event(raw_body: bytes, header_value: str | None, client_secret: str) -> WebhookEnvelope:
    """Verify the signature, then parse the envelope. Raises WebhookRejected: drop the event.

    The rejection's message is short and never quotes the body. Deduplicate on
    `envelope.dedupe_key` (LinkedIn delivers at least once).
    """
    if not signature_valid(raw_body, header_value, client_secret):
        raise WebhookRejected("missing or invalid X-LI-Signature", status=401)
    return read_envelope(raw_body)


def read_envelope(raw_body: bytes) -> WebhookEnvelope:
    """The envelope of a body whose signature was checked (a delivery now, or one stored earlier: the
    same reading both times, so what was accepted can always be read again). Raises WebhookRejected."""
    try:
        payload = json.loads(raw_body.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
        raise WebhookRejected("the body is not JSON", status=400) from None
    if not isinstance(payload, dict):
        raise WebhookRejected("the body is not a JSON object", status=400)
    try:
        return WebhookEnvelope.model_validate(payload)
    except ValidationError as error:
        fields = sorted({str(e["loc"][0]) if e["loc"] else "body" for e in error.errors()})
        raise WebhookRejected("malformed envelope: " + ", ".join(fields), status=400) from None
