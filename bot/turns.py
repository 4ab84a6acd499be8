"""The turns of one conversation: one at a time in this process, and a polite answer when the
database cannot take a turn (locked, gone, unreachable) instead of a generic error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.schema import Activity, ActivityTypes, InvokeResponse

from bot.message_extension import search_message
from bot.setup import message_response
from i18n import N_, translator

log = logging.getLogger(__name__)

# The turn's state (where the user is in a dialog) could not be saved: the database was locked or
# gone when the turn ended, or other turns kept changing it.
STATE_NOT_SAVED = N_("I couldn't save that just now. Please try again in a moment.")
# The database could not be reached, or was locked, while the turn was being handled.
DATABASE_UNAVAILABLE = N_("I can't reach the ATS right now. Please try again in a moment.")

# How long a turn waits for the conversation's previous turn before it goes ahead alongside it
# (its state save is still checked by e-tag); a turn that hangs must not silence the conversation.
TURN_WAIT_SECONDS = 10.0


@dataclass
class _Waiting:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    turns: int = 0


class ConversationTurns:
    """Runs the turns of one conversation one after the other in this process, so a double-clicked
    button or two quick messages see each other's dialog state instead of racing for it. Turns of
    the same conversation on other replicas are reconciled when their state is saved
    (bot.storage.SharedConversationState)."""

    def __init__(self, wait_seconds: float = TURN_WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._waiting: dict[str, _Waiting] = {}

    @asynccontextmanager
    async def one_at_a_time(self, turn_context: TurnContext) -> AsyncIterator[None]:
        key = _conversation_key(turn_context)
        if key is None:
            yield
            return
        waiting = self._waiting.setdefault(key, _Waiting())
        waiting.turns += 1
        acquired = False
        try:
            try:
                async with asyncio.timeout(self.wait_seconds):
                    await waiting.lock.acquire()
                acquired = True
            except TimeoutError:
                log.warning("the conversation's previous turn is still running: going ahead alongside it")
            yield
        finally:
            if acquired:
                waiting.lock.release()
            waiting.turns -= 1
            if waiting.turns == 0:
                del self._waiting[key]


def _conversation_key(turn_context: TurnContext) -> str | None:
    activity = turn_context.activity
    if activity.conversation is None or not activity.conversation.id:
        return None
    return f"{activity.channel_id}/{activity.conversation.id}"


async def answer_try_again(turn_context: TurnContext, message: str) -> None:
    """Tell the person behind this turn, in their language, to try again: as a message in the chat,
    as the answer to the card button they pressed, or in the compose box where they searched. Other
    activities get no answer."""
    activity = turn_context.activity
    text = translator(activity.locale).gettext(message)
    try:
        if activity.type == ActivityTypes.invoke:
            searched = activity.name == "composeExtension/query"
            answer = search_message(text) if searched else message_response(text)
            response = InvokeResponse(status=200, body=serializer_helper(answer))
            await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))
        elif activity.type == ActivityTypes.message:
            await turn_context.send_activity(MessageFactory.text(text))
    except Exception:  # the channel itself may be what failed
        log.warning("could not ask the user to try again", exc_info=True)
