"""What arrives on the messaging endpoint, checked before the SDK trusts any of it.

The order matters: the few fields that authentication reads are checked first, then the caller's Bot
Framework token (with the SDK's own validation), then the channel, then the shape of every field the
SDK turns into objects. Only then is the body deserialized. Each refusal carries a short, fixed reason
that never quotes the body, so it can go to the caller and to the log as it is.
"""

from __future__ import annotations

from typing import Any

import requests
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse, ChannelAccount
from botbuilder.schema.teams import TeamsChannelData
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
)
from msrest.exceptions import DeserializationError
from msrest.serialization import Model

TEAMS_CHANNEL = "msteams"
# Teams' activities nest a handful of levels (card data included); anything far deeper is an attack on
# the recursive parsers that follow.
MAX_DEPTH = 32
ERROR_CONTENT_TYPE = "application/vnd.microsoft.error"

# Every model the SDK may build from an activity: the Bot Framework schema and Teams' channel data.
_MODELS: dict[str, type] = {**Activity._infer_class_models(), **TeamsChannelData._infer_class_models()}
# Keys the SDK reads without looking first (TeamsInfo takes channelData.team["id"] as given).
_REQUIRED: dict[str, tuple[str, ...]] = {"TeamInfo": ("id",)}


class Refused(Exception):
    """The request is answered with `status` and a short reason; nothing of it reaches the bot."""

    status = 400

    def __init__(
        self, reason: str, body: dict[str, Any] | None = None, *, detail: str = "", status: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status or self.status
        self.body = body if body is not None else {"error": reason}
        self.detail = detail  # for the log only: what failed, never from the body


class NotAuthenticated(Refused):
    status = 401

    def __init__(self, detail: str) -> None:
        super().__init__("the request is not authorized", detail=detail)


class KeysUnavailable(Refused):
    """The channel's signing keys could not be fetched: the caller may try again."""

    status = 503

    def __init__(self, detail: str) -> None:
        super().__init__("the request could not be authenticated right now; try again", detail=detail)


class ChannelNotServed(Refused):
    status = 403


def nesting_depth(value: Any) -> int:
    """How deeply a parsed JSON value nests (iteratively: the value may be hostile)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
    return deepest


def check_envelope(body: Any) -> dict[str, Any]:
    """The fields that say who sends what to whom, which authentication reads. Returns the body."""
    if not isinstance(body, dict):
        raise Refused("the body must be a JSON object (a Bot Framework activity)")
    if nesting_depth(body) > MAX_DEPTH:
        raise Refused("the activity is nested too deeply")
    if not isinstance(body.get("type"), str) or not body["type"]:
        raise Refused("the activity has no 'type'")
    for field in ("conversation", "from", "recipient"):
        value = body.get(field)
        if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"]:
            raise Refused(f"the activity has no '{field}.id'")
    if not isinstance(body.get("serviceUrl"), str) or not body["serviceUrl"].startswith(
        ("http://", "https://")
    ):
        raise Refused("the activity has no valid 'serviceUrl'")
    if not isinstance(body.get("channelId"), str) or not body["channelId"]:
        raise Refused("the activity has no 'channelId'")
    if not isinstance(body["recipient"].get("role"), str | None):
        raise Refused("'recipient.role' must be a string")
    return body


async def authenticate(
    authentication: BotFrameworkAuthentication, body: dict[str, Any], authorization: str | None
) -> AuthenticateRequestResult:
    """Check the Authorization header with the SDK's own validation: a token signed by a key the
    channel publishes, issued by the channel, for this bot's app id, not expired, and naming the
    activity's serviceUrl. With no MicrosoftAppId the SDK lets a request without a token through
    (anonymous development). Raises NotAuthenticated or KeysUnavailable."""
    envelope = Activity(
        channel_id=body["channelId"],
        service_url=body["serviceUrl"],
        recipient=ChannelAccount(id=body["recipient"]["id"], role=body["recipient"].get("role")),
    )
    try:
        result = await authentication.authenticate_request(envelope, authorization or None)
    except requests.RequestException as error:
        raise KeysUnavailable(f"signing keys unreachable: {type(error).__name__}") from error
    except Exception as error:  # the SDK and PyJWT raise many types for a bad token
        raise NotAuthenticated(f"bad token: {type(error).__name__}") from error
    identity = result.claims_identity
    if identity is None or not identity.is_authenticated:
        raise NotAuthenticated("no authenticated identity")
    if identity.authentication_type != AuthenticationConstants.ANONYMOUS_AUTH_TYPE:
        # The SDK checks the serviceurl claim only for tokens issued by the channel itself; a token
        # from another path it accepts (the Emulator's, a skill's) could otherwise send the bot's own
        # credentials to any serviceUrl. Teams' tokens always carry it.
        claimed = identity.get_claim_value(AuthenticationConstants.SERVICE_URL_CLAIM)
        if claimed != body["serviceUrl"]:
            raise NotAuthenticated("the token does not name the activity's serviceUrl")
    return result


def check_channel(body: dict[str, Any], *, development: bool) -> None:
    """Teams only; other Bot Framework channels (Web Chat, the Emulator) only in the anonymous loopback
    development mode, where they get an answer that says what works."""
    if body["channelId"] != TEAMS_CHANNEL and not development:
        raise ChannelNotServed("this bot serves Microsoft Teams only")


def check_shape(body: dict[str, Any]) -> None:
    """Every field the SDK deserializes has the JSON type its schema says (lists of objects are lists
    of objects, strings are strings...), so deserializing cannot fail half-way or yield odd values."""
    problem = _shape_problem(body, "Activity", "")
    if problem is None and isinstance(body.get("channelData"), dict):
        problem = _shape_problem(body["channelData"], "TeamsChannelData", "channelData")
    elif problem is None and body["channelId"] == TEAMS_CHANNEL:
        problem = "'channelData' must be a JSON object"  # Teams always sends it; the SDK relies on it
    if problem is not None:
        raise Refused(problem)
    if body["type"] == "invoke" and body.get("name") == "adaptiveCard/action":
        _check_card_action(body.get("value"))
    if body["type"] == "invoke" and body.get("name") == "composeExtension/query":
        _check_search(body.get("value"))


def _check_search(value: Any) -> None:
    """A message extension's search (the compose box) carries its query in the shape of Teams'
    MessagingExtensionQuery, which the SDK deserializes as it is."""
    if not isinstance(value, dict):
        raise Refused("the search has no 'value' object")
    problem = _shape_problem(value, "MessagingExtensionQuery", "value")
    if problem is not None:
        raise Refused(problem)


def _check_card_action(value: Any) -> None:
    """A card button (Universal Actions) must name an Action.Execute; anything else gets the error
    answer Teams expects from a bot, instead of reaching the handler."""
    action = value.get("action") if isinstance(value, dict) else None
    if not isinstance(action, dict):
        reason = "the card action has no 'action'"
    elif action.get("type") != "Action.Execute":
        reason = "the card action is not an Action.Execute"
    elif not isinstance(action.get("verb", ""), str) or not isinstance(action.get("data", {}), dict):
        reason = "the card action's verb or data is malformed"
    else:
        return
    error = {"code": "BadRequest", "message": reason}
    answer = {"statusCode": 400, "type": ERROR_CONTENT_TYPE, "value": error}
    raise Refused(reason, answer)


def _shape_problem(value: Any, kind: str, path: str) -> str | None:
    """Why `value` does not fit the msrest type `kind` ('str', '[Attachment]', 'ChannelAccount'...)."""
    if value is None:
        return None  # msrest reads null as "absent" everywhere
    if kind.startswith("["):
        if not isinstance(value, list):
            return f"'{path}' must be a list"
        return _items_problem(enumerate(value), kind[1:-1], path)
    if kind.startswith("{"):
        if not isinstance(value, dict):
            return f"'{path}' must be a JSON object"
        return _items_problem(value.items(), kind[1:-1], path)
    if kind == "object":
        return None
    if kind in ("str", "iso-8601"):
        return None if isinstance(value, str) else f"'{path}' must be a string"
    if kind == "bool":
        return None if isinstance(value, bool) else f"'{path}' must be true or false"
    if kind in ("int", "long", "float"):
        number = (int, float) if kind == "float" else int
        ok = isinstance(value, number) and not isinstance(value, bool)
        return None if ok else f"'{path}' must be a number"
    model = _MODELS.get(kind)
    if model is None:
        return None  # a type the schema does not describe here: the deserializer decides
    if not isinstance(value, dict):
        return f"'{path or 'the activity'}' must be a JSON object"
    for key in _REQUIRED.get(kind, ()):
        if value.get(key) is None:
            return f"'{path}.{key}' is missing"
    for spec in model._attribute_map.values():  # type: ignore[attr-defined]
        key = spec["key"]
        if key in value and isinstance(spec["type"], str):
            problem = _shape_problem(value[key], spec["type"], f"{path}.{key}" if path else key)
            if problem:
                return problem
    return None


def _items_problem(items: Any, kind: str, path: str) -> str | None:
    for key, item in items:
        where = f"{path}[{key}]" if isinstance(key, int) else f"{path}.*"
        if item is None:
            return f"'{where}' must not be null"
        problem = _shape_problem(item, kind, where)
        if problem:
            return problem
    return None


def without_nul(value: Any) -> Any:
    """`value` with every NUL character taken out of its strings (keys included). No text a person
    types or a card sends holds one, and PostgreSQL can neither store nor compare it: a NUL in a card's
    data or a message would fail the turn. The depth is bounded (check_envelope) before this runs."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def deserialize(body: dict[str, Any]) -> Activity:
    """The SDK's Activity; a body that still fails (a malformed timestamp...) is a 400."""
    try:
        return Activity().deserialize(body)
    except (DeserializationError, RecursionError, ValueError, TypeError, AttributeError) as error:
        raise Refused("the activity could not be read", detail=type(error).__name__) from error


def invoke_body(body: Any) -> Any:
    """An invoke response body as JSON. The SDK's own error answers (a card action it refuses) carry an
    Exception(code, message) as their value, which no serializer takes."""
    if isinstance(body, AdaptiveCardInvokeResponse) and isinstance(body.value, Exception):
        code, message = ([str(arg) for arg in body.value.args] + ["BadRequest", ""])[:2]
        return {
            "statusCode": body.status_code,
            "type": body.type or ERROR_CONTENT_TYPE,
            "value": {"code": code, "message": message},
        }
    if isinstance(body, Model):
        return body.serialize()
    return body
