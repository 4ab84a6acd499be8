"""Finding candidates and opening one: the `find` command, the help card's search box and the
candidate list's buttons. All of them end in the same directory calls."""

from __future__ import annotations

from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.replies import bad_request, card_activity, is_shared, send_search_results
from bot.routing import CommandTurn, VerbTurn
from bot.setup import message_response
from cards.candidates import candidate_card
from dialogs.find_candidate import FindCandidateDialog
from i18n import translator


async def find_candidates(turn: CommandTurn) -> None:
    """`find anna`, `find C1001 in J-1001`; `find` alone asks who (a dialog)."""
    if not turn.argument:
        await turn.dialogs.begin_dialog(FindCandidateDialog.__name__)
        return
    directory = turn.services.candidates
    search = await directory.find(turn.requester, turn.argument)
    await send_search_results(turn.context, directory, turn.requester, search)


async def find_from_card(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """The help card's search box."""
    _ = translator(turn.requester.locale).gettext
    query = turn.data.get("query")
    if not isinstance(query, str) or not query.strip():
        return message_response(_("Type a name, an email or a candidate id first."))
    directory = turn.services.candidates
    search = await directory.find(turn.requester, query)
    await send_search_results(turn.context, directory, turn.requester, search)
    return message_response(_('Searching for "{query}".').format(query=query.strip()))


async def show_candidate(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """A candidate picked from a list: the candidate card (the id is checked against the tenant)."""
    locale = turn.requester.locale or "en"
    _ = translator(locale).gettext
    candidate_id = turn.data.get("candidateId")
    if not isinstance(candidate_id, str) or not candidate_id:
        return bad_request(_("That button is missing the candidate."))
    profile = await turn.services.candidates.profile(turn.requester, candidate_id)
    card = candidate_card(locale, profile, shared=is_shared(turn.context), timezone=turn.requester.timezone)
    await turn.context.send_activity(card_activity(card))
    return message_response(_("Opened {name}.").format(name=profile.name))
