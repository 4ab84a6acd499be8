"""The notifier over Teams (services/notifier.py says what it promises): the only module that
reaches a conversation outside the turn being handled, with the adapter's `continue_conversation`
(a stored conversation reference) and `create_conversation` (a new 1:1 chat).

The SDK hands an exception raised inside a proactive turn to the adapter's turn error handler,
which logs it and carries on; so each callback here catches what Teams answers itself and turns it
into an Outcome. The Bot Connector client underneath retries on its own only what is safe to: a
connection that fails (a few times, over about five seconds) and a 5xx answer to an update (PUT);
a 429, or a 5xx answer to a new message (POST), comes back at once as FAILED.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from botbuilder.core import BotAdapter, MessageFactory, TurnContext
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from msrest.exceptions import ClientException

from bot.replies import card_activity
from services.conversations import ConversationDirectory, InstalledConversation
from services.notifier import Delivery, Notice, Outcome, TeamsAccount

log = logging.getLogger(__name__)

# What Teams answers when the bot can no longer reach a conversation or a message: the app was
# uninstalled or blocked (403), the conversation or the message is gone (404, 410).
GONE = frozenset({403, 404, 410})


class TeamsNotifier:
    """`Notifier` over the Bot Framework adapter and the stored conversation references."""

    def __init__(self, adapter: BotAdapter, app_id: str, conversations: ConversationDirectory) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.conversations = conversations

    async def tell_user(
        self, tenant_id: str, user_id: str, notice: Notice, *, account: TeamsAccount | None = None
    ) -> Outcome:
        outcome = Outcome.unreachable("no stored 1:1 chat")
        stored = await self.conversations.personal_reference(tenant_id, user_id)
        if stored is not None:
            outcome = await self._send(stored, notice)
            if outcome.delivery is not Delivery.UNREACHABLE:
                return self._logged(tenant_id, notice, outcome)
            # The stored chat is gone (the app uninstalled or blocked meanwhile): it is never tried
            # again; a new chat is opened below when the user's account is known.
            if outcome.conversation_id:
                await self.conversations.forget(tenant_id, outcome.conversation_id)
        if account is not None:
            outcome = await self._open_personal_chat(tenant_id, user_id, account, notice)
        return self._logged(tenant_id, notice, outcome)

    async def tell_conversation(self, tenant_id: str, conversation_id: str, notice: Notice) -> Outcome:
        stored = await self.conversations.reference(tenant_id, conversation_id)
        if stored is None:
            return self._logged(tenant_id, notice, Outcome.unreachable("no stored conversation"))
        outcome = await self._send(stored, notice)
        if outcome.delivery is Delivery.UNREACHABLE:
            await self.conversations.forget(tenant_id, conversation_id)
        return self._logged(tenant_id, notice, outcome)

    async def update_card(
        self, tenant_id: str, conversation_id: str, activity_id: str, notice: Notice
    ) -> Outcome:
        stored = await self.conversations.reference(tenant_id, conversation_id)
        if stored is None:
            return self._logged(tenant_id, notice, Outcome.unreachable("no stored conversation"))
        replacement = _activity_of(notice)
        replacement.id = activity_id

        async def replace(turn_context: TurnContext) -> Outcome:
            await turn_context.update_activity(replacement)
            return Outcome.sent_to(conversation_id, activity_id)

        reference = ConversationReference().deserialize(stored)
        return self._logged(tenant_id, notice, await self._continue(reference, replace))

    # --- the adapter ------------------------------------------------------------------------------

    async def _send(self, stored: dict[str, Any], notice: Notice) -> Outcome:
        reference = ConversationReference().deserialize(stored)
        conversation_id = reference.conversation.id if reference.conversation else ""
        message = _activity_of(notice)

        async def send(turn_context: TurnContext) -> Outcome:
            response = await turn_context.send_activity(message)
            return Outcome.sent_to(conversation_id, response.id if response else None)

        outcome = await self._continue(reference, send)
        if outcome.conversation_id is None:
            outcome = Outcome(outcome.delivery, conversation_id, outcome.activity_id, outcome.reason)
        return outcome

    async def _continue(
        self, reference: ConversationReference, deliver: Callable[[TurnContext], Awaitable[Outcome]]
    ) -> Outcome:
        """Run `deliver` in a proactive turn of the referenced conversation."""
        conversation_id = reference.conversation.id if reference.conversation else None
        outcomes: list[Outcome] = []

        async def callback(turn_context: TurnContext) -> None:
            outcomes.append(await _attempt(deliver(turn_context), conversation_id))

        failure = await _attempt(
            self.adapter.continue_conversation(reference, callback, self.app_id), conversation_id
        )
        return outcomes[0] if outcomes else failure

    async def _open_personal_chat(
        self, tenant_id: str, user_id: str, account: TeamsAccount, notice: Notice
    ) -> Outcome:
        """Open a 1:1 chat with the user alone, send `notice` there and keep the chat for next time."""
        person = ChannelAccount(
            id=account.user_id, name=account.user_name, aad_object_id=account.aad_object_id
        )
        bot = ChannelAccount(id=account.bot_id, name=account.bot_name)
        parameters = ConversationParameters(
            is_group=False,
            bot=bot,
            members=[person],
            tenant_id=tenant_id,
            channel_data={"tenant": {"id": tenant_id}},
        )
        message = _activity_of(notice)
        outcomes: list[Outcome] = []

        async def send_and_remember(turn_context: TurnContext) -> Outcome:
            conversation_id = turn_context.activity.conversation.id
            response = await turn_context.send_activity(message)
            reference = ConversationReference(
                user=person,
                bot=bot,
                conversation=ConversationAccount(
                    id=conversation_id, conversation_type="personal", tenant_id=tenant_id
                ),
                channel_id=account.channel_id,
                service_url=account.service_url,
            )
            await self.conversations.remember(
                InstalledConversation(
                    tenant_id=tenant_id,
                    conversation_id=conversation_id,
                    conversation_type="personal",
                    service_url=account.service_url,
                    reference=reference.serialize(),
                    user_id=user_id,
                )
            )
            return Outcome.sent_to(conversation_id, response.id if response else None)

        async def callback(turn_context: TurnContext) -> None:
            outcomes.append(await _attempt(send_and_remember(turn_context), None))

        opening = self.adapter.create_conversation(  # type: ignore[call-arg]
            self.app_id, callback, parameters, account.channel_id, account.service_url
        )
        failure = await _attempt(opening, None)
        return outcomes[0] if outcomes else failure

    @staticmethod
    def _logged(tenant_id: str, notice: Notice, outcome: Outcome) -> Outcome:
        if not outcome.sent:
            # Ids and the reason only: never the notice's content.
            log.warning(
                "%s notice for tenant %s not delivered: %s (%s)",
                notice.kind,
                tenant_id,
                outcome.delivery,
                outcome.reason,
            )
        return outcome


def teams_account_of(activity: Activity) -> TeamsAccount | None:
    """The sender of a turn and the bot as Teams names them there: what opening a 1:1 chat with
    that sender takes; None when the activity lacks them."""
    user, bot = activity.from_property, activity.recipient
    if user is None or not user.id or bot is None or not bot.id or not activity.service_url:
        return None
    return TeamsAccount(
        user_id=user.id,
        user_name=user.name,
        aad_object_id=user.aad_object_id,
        bot_id=bot.id,
        bot_name=bot.name,
        channel_id=activity.channel_id or "msteams",
        service_url=activity.service_url,
    )


def _activity_of(notice: Notice) -> Activity:
    if notice.card is not None:
        return card_activity(notice.card)
    return MessageFactory.text(notice.text or "")


async def _attempt(call: Awaitable[Any], conversation_id: str | None) -> Outcome:
    """Await a call to Teams; what Teams answers (or not) as an Outcome, the call's own on success."""
    try:
        result = await call
    except ClientException as error:
        status = _status_of(error)
        if status in GONE:
            return Outcome.unreachable(f"{status} from Teams", conversation_id)
        return Outcome.failed(f"{status or type(error).__name__} from Teams", conversation_id)
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        return Outcome.failed(f"Teams did not answer ({type(error).__name__})", conversation_id)
    except Exception as error:  # a failed notice must not undo what the caller already did
        # The type only: a database error's text holds its parameters (names in a reference).
        return Outcome.failed(type(error).__name__, conversation_id)
    return result if isinstance(result, Outcome) else Outcome.failed("no answer", conversation_id)


def _status_of(error: ClientException) -> int | None:
    """The HTTP status of a Bot Connector error (msrest keeps the aiohttp response)."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status if isinstance(status, int) else None
