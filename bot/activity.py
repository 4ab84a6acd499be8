"""Reading a Teams activity into plain values."""

from __future__ import annotations

import logging
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity
from msrest.exceptions import ClientException

from services.conversations import InstalledConversation
from services.identity import AddressLookup, TeamsIdentity

log = logging.getLogger(__name__)

_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)


def tenant_id_of(activity: Activity) -> str:
    """Teams puts the tenant in channelData.tenant.id; botbuilder 4.17.1 leaves
    conversation.tenant_id empty for real Teams traffic, so it is only the fallback."""
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant") if isinstance(channel_data.get("tenant"), dict) else {}
    tenant_id = tenant.get("id") if isinstance(tenant, dict) else None
    if not tenant_id and activity.conversation is not None:
        tenant_id = activity.conversation.tenant_id
    return str(tenant_id or "")


def timezone_of(activity: Activity) -> str | None:
    """The user's IANA time zone ('Europe/Copenhagen'): Teams sends it as localTimezone and in the
    clientInfo entity."""
    return str(activity.local_timezone) if activity.local_timezone else _client_info(activity, "timezone")


def locale_of(activity: Activity) -> str | None:
    return str(activity.locale) if activity.locale else _client_info(activity, "locale")


def _client_info(activity: Activity, key: str) -> str | None:
    """A value of the clientInfo entity that Teams clients add to each activity."""
    for entity in activity.entities or []:
        properties = getattr(entity, "additional_properties", None) or {}
        if getattr(entity, "type", None) == "clientInfo" and properties.get(key):
            return str(properties[key])
    return None


def identity_of(activity: Activity, roster: AddressLookup | None = None) -> TeamsIdentity:
    """Who sent the activity, as the channel says: tenant, Entra object id, name, locale. An email or
    UPN in the body (from.email, from.userPrincipalName) is ignored: only `roster` gives those."""
    sender: Any = activity.from_property
    return TeamsIdentity(
        tenant_id=tenant_id_of(activity),
        aad_object_id=getattr(sender, "aad_object_id", None) or None,
        roster=roster,
        display_name=getattr(sender, "name", None),
        locale=locale_of(activity),
        timezone=timezone_of(activity),
    )


def teams_identity(turn_context: TurnContext) -> TeamsIdentity:
    """The sender of the turn, with Teams' roster to ask for their email and UPN when needed."""

    async def roster() -> tuple[str, ...]:
        return await roster_addresses(turn_context)

    return identity_of(turn_context.activity, roster)


async def roster_addresses(turn_context: TurnContext) -> tuple[str, ...]:
    """The email and UPN Teams' roster holds for the sender (GET {serviceUrl}/v3/conversations/
    {conversation id}/members/{user id}); none outside Teams, or when the roster does not answer."""
    activity = turn_context.activity
    if activity.channel_id != "msteams" or activity.from_property is None:
        return ()
    try:
        member = await TeamsInfo.get_member(turn_context, activity.from_property.id)
    except (ClientException, OSError, TimeoutError, ValueError, TypeError, KeyError) as error:
        log.warning("Teams' roster did not answer for the sender: %s", type(error).__name__)
        return ()
    sender_object_id = activity.from_property.aad_object_id
    if sender_object_id and member.aad_object_id and member.aad_object_id != sender_object_id:
        log.warning("Teams' roster names another Entra object id for the sender: not using it")
        return ()
    addresses = (member.email, member.user_principal_name)
    return tuple(dict.fromkeys(a.strip() for a in addresses if isinstance(a, str) and a.strip()))


def conversation_type_of(activity: Activity) -> str:
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return str(kind or "personal")


def text_without_bot_mention(activity: Activity) -> str:
    """The message text with the bot's @mention removed (channels and group chats)."""
    text = activity.text or ""
    recipient_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if (getattr(entity, "type", "") or "").lower() != "mention":
            continue
        properties = getattr(entity, "additional_properties", None) or {}
        mentioned = properties.get("mentioned")
        mentioned_id = mentioned.get("id") if isinstance(mentioned, dict) else None
        if mentioned_id == recipient_id and isinstance(properties.get("text"), str) and properties["text"]:
            text = text.replace(properties["text"], " ")
    if recipient_id and activity.recipient and activity.recipient.name:
        # Some clients send the tag without a mention entity.
        text = _AT_TAG.sub(
            lambda m: " " if m.group(1).strip() == activity.recipient.name else m.group(0), text
        )
    return " ".join(text.split())


def installed_conversation(activity: Activity, tenant_id: str, user_id: str | None) -> InstalledConversation:
    """The turn's conversation, to keep for proactive messages; `user_id` is kept only for a
    personal chat (a channel belongs to no one user)."""
    kind = conversation_type_of(activity)
    return InstalledConversation(
        tenant_id=tenant_id,
        conversation_id=activity.conversation.id,
        conversation_type=kind,
        service_url=activity.service_url,
        reference=TurnContext.get_conversation_reference(activity).serialize(),
        user_id=user_id if kind == "personal" else None,
    )
