"""Turning service results into what the bot sends (cards and short messages)."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity

from bot.activity import conversation_type_of
from cards.candidates import candidate_card, candidate_list_card
from domain.candidates import CandidateSearch, echoed
from i18n import translator
from services.candidates import CandidateDirectory
from services.identity import Requester


def card_activity(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


def is_shared(turn_context: TurnContext) -> bool:
    """A channel or group chat, where everyone sees what the bot sends."""
    return conversation_type_of(turn_context.activity) != "personal"


async def send_text(turn_context: TurnContext, text: str) -> None:
    await turn_context.send_activity(MessageFactory.text(text))


async def send_search_results(
    turn_context: TurnContext, directory: CandidateDirectory, requester: Requester, search: CandidateSearch
) -> None:
    """One hit: the candidate card; several: a short list to pick from; none: say so."""
    locale = requester.locale or "en"
    _ = translator(locale).gettext
    if not search.candidates:
        query = echoed(search.query)
        if search.scope is not None:
            message = _('I found no candidate matching "{query}" in {scope}.').format(
                query=query, scope=search.scope.label
            )
        else:
            message = _('I found no candidate matching "{query}".').format(query=query)
        await send_text(turn_context, message)
    elif search.total == 1:
        profile = await directory.profile(requester, search.candidates[0].id)
        card = candidate_card(locale, profile, shared=is_shared(turn_context), timezone=requester.timezone)
        await turn_context.send_activity(card_activity(card))
    else:
        card = candidate_list_card(locale, search, shared=is_shared(turn_context))
        await turn_context.send_activity(card_activity(card))
