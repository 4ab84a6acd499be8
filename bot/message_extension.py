"""The Teams app's message extension: "Find candidate" in the compose box of chats and channels.

Teams sends what the user types as a composeExtension/query invoke; the bot's handler
(bot/handler.py, `on_teams_messaging_extension_query`) finds its search command in the route table
(bot/routes.py, SEARCHES), checks who and where like every command, and runs the handler here. The
answer is a list of results, each the card to post and its preview; Teams posts the one the user
picks as the user's message, so no result holds an email address or a phone number.
"""

from __future__ import annotations

from botbuilder.schema import Attachment
from botbuilder.schema.teams import (
    MessagingExtensionAttachment,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)

from bot.routing import SearchTurn
from cards.base import CARD_CONTENT_TYPE
from cards.message_extension import THUMBNAIL_CONTENT_TYPE, candidate_preview, shared_candidate_card
from i18n import translator

# A name, an email or a candidate id (and "in" a job) is far shorter; longer text is no search.
MAX_SEARCH_CHARACTERS = 200


def search_message(text: str) -> MessagingExtensionResponse:
    """An answer that shows `text` in the compose box instead of results."""
    return MessagingExtensionResponse(compose_extension=MessagingExtensionResult(type="message", text=text))


def search_results(attachments: list[MessagingExtensionAttachment]) -> MessagingExtensionResponse:
    return MessagingExtensionResponse(
        compose_extension=MessagingExtensionResult(
            type="result", attachment_layout="list", attachments=attachments
        )
    )


async def find_candidate_to_share(turn: SearchTurn) -> MessagingExtensionResponse:
    """The candidates matching what was typed (a name, an email or a candidate id, optionally "in" a
    job or talent pool), as the `find` command finds them."""
    locale = turn.requester.locale or "en"
    _ = translator(locale).gettext
    if not turn.query:
        return search_message(_("Type a name, an email or a candidate id to find a candidate."))
    if len(turn.query) > MAX_SEARCH_CHARACTERS:
        return search_message(_("That is too long to search for. Type a name, an email or a candidate id."))
    if turn.skip > 0:  # every match was in the first answer
        return search_results([])
    search = await turn.services.candidates.find(turn.requester, turn.query)
    if not search.candidates:
        if search.scope is not None:
            text = _('I found no candidate matching "{query}" in {scope}.').format(
                query=search.query, scope=search.scope.label
            )
        else:
            text = _('I found no candidate matching "{query}".').format(query=search.query)
        return search_message(text)
    return search_results(
        [
            MessagingExtensionAttachment(
                content_type=CARD_CONTENT_TYPE,
                content=shared_candidate_card(locale, candidate),
                preview=Attachment(
                    content_type=THUMBNAIL_CONTENT_TYPE, content=candidate_preview(locale, candidate)
                ),
            )
            for candidate in search.candidates
        ]
    )
