"""LinkedIn → ATS webhook helpers: challenge response, X-LI-Signature check, envelope parsing."""

from __future__ import annotations

import hashlib
import hmac
import json

from pydantic import ValidationError

from connector.errors import WebhookRejected
from connector.ours import WebhookEnvelope

SIGNATURE_HEADER = "X-LI-Signature"


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def challenge_response(challenge_code: str, client_secret: str) -> dict[str, str]:
    """The JSON body answering `GET {callback}?challengeCode=…` (200, application/json)."""
    return {
        "challengeCode": challenge_code,
        "challengeResponse": _hmac_hex(client_secret, challenge_code.encode()),
    }


def signature(raw_body: bytes, client_secret: str) -> str:
    """hex(HMAC-SHA256(key=client secret, msg="hmacsha256=" + raw body))."""
    return _hmac_hex(client_secret, b"hmacsha256=" + raw_body)


def signature_valid(raw_body: bytes, header_value: str | None, client_secret: str) -> bool:
    """Constant-time check of the X-LI-Signature header against the raw request body."""
    if not header_value:
        return False
    return hmac.compare_digest(signature(raw_body, client_secret), header_value.strip().lower())


def parse_event(raw_body: bytes, header_value: str | None, client_secret: str) -> WebhookEnvelope:
    """Verify the signature, then parse the envelope. Raises WebhookRejected: drop the event.

    Deduplicate on `envelope.dedupe_key` (LinkedIn delivers at least once).
    """
    if not signature_valid(raw_body, header_value, client_secret):
        raise WebhookRejected("missing or invalid X-LI-Signature", status=401)
    try:
        return WebhookEnvelope.model_validate(json.loads(raw_body))
    except ValidationError as exc:
        # The fields and kinds of error only: pydantic's own message repeats the body's values.
        problems = ", ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['type']}"
            for error in exc.errors(include_url=False, include_input=False, include_context=False)
        )
        raise WebhookRejected(f"malformed webhook envelope ({problems})", status=400) from exc
    except ValueError as exc:
        raise WebhookRejected("malformed webhook envelope (not JSON)", status=400) from exc
