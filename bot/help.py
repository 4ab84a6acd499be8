"""The help card: asked for (`help`, its button), and as the answer to what was not understood."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.replies import card_activity, card_response
from bot.routing import CommandTurn, Place, RouteTable, VerbTurn
from cards.help import help_card
from services.identity import Requester


async def show_help(turn: CommandTurn) -> None:
    locale = turn.requester.locale or "en"
    audience = turn.routes.help_audience(locale, turn.requester, turn.place)
    await turn.context.send_activity(card_activity(help_card(locale, audience)))


async def help_from_card(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    locale = turn.requester.locale or "en"
    return card_response(help_card(locale, turn.routes.help_audience(locale, turn.requester, turn.place)))


async def answer_not_understood(
    turn_context: TurnContext, routes: RouteTable, requester: Requester, place: Place | None, text: str
) -> None:
    """An empty message gets the help card; any other text that is no command also gets a sentence
    saying so, with the closest command when one is close ("Did you mean find?")."""
    locale = requester.locale or "en"
    reply = card_activity(help_card(locale, routes.help_audience(locale, requester, place)))
    if text.strip():
        reply.text = routes.not_understood(text, requester, place)
        reply.text_format = "plain"  # the user's own words are said back: never read as markdown
    await turn_context.send_activity(reply)
