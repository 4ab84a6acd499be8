"""Turning service results into what the bot sends (cards and short messages)."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse

from bot.activity import conversation_type_of
from cards.base import CARD_CONTENT_TYPE


def card_activity(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


def card_response(card: dict[str, Any]) -> AdaptiveCardInvokeResponse:
    """A button's answer that replaces the card with `card`."""
    return AdaptiveCardInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=card)


def bad_request(text: str) -> AdaptiveCardInvokeResponse:
    """A button's answer when the button itself is wrong (no such verb, data missing); Teams shows
    `text`."""
    return AdaptiveCardInvokeResponse(
        status_code=400,
        type="application/vnd.microsoft.error",
        value={"code": "BadRequest", "message": text},
    )


def is_shared(turn_context: TurnContext) -> bool:
    """A channel or group chat, where everyone sees what the bot sends."""
    return conversation_type_of(turn_context.activity) != "personal"


async def send_text(turn_context: TurnContext, text: str) -> None:
    await turn_context.send_activity(MessageFactory.text(text))
