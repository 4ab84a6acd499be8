"""Finding candidates and opening one: the `find` command, the help card's search box and the
candidate list's buttons. All of them end in the same directory calls."""

from __future__ import annotations

from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.candidate_cards import send_candidate, send_search_results
from bot.replies import bad_request
from bot.routing import CommandTurn, VerbTurn
from bot.setup import message_response
from dialogs.find_candidate import FindCandidateDialog
from domain.candidates import echoed
from i18n import translator


async def find_candidates(turn: CommandTurn) -> None:
    """`find anna`, `find C1001 in J-1001`; `find` alone asks who (a dialog)."""
    if not turn.argument:
        await turn.dialogs.begin_dialog(FindCandidateDialog.__name__)
        return
    search = await turn.services.candidates.find(turn.requester, turn.argument)
    await send_search_results(turn.context, turn.services, turn.requester, search)


async def find_from_card(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """The help card's search box."""
    _ = translator(turn.requester.locale).gettext
    query = turn.data.get("query")
    if not isinstance(query, str) or not query.strip():
        return message_response(_("Type a name, an email or a candidate id first."))
    search = await turn.services.candidates.find(turn.requester, query)
    await send_search_results(turn.context, turn.services, turn.requester, search)
    return message_response(_('Searching for "{query}".').format(query=echoed(query)))


async def show_candidate(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """A candidate picked from a list: the candidate card (the id is checked against the tenant)."""
    locale = turn.requester.locale or "en"
    _ = translator(locale).gettext
    candidate_id = turn.data.get("candidateId")
    if not isinstance(candidate_id, str) or not candidate_id:
        return bad_request(_("That button is missing the candidate."))
    profile = await turn.services.candidates.profile(turn.requester, candidate_id)
    await send_candidate(turn.context, turn.services, turn.requester, profile.id)
    return message_response(_("Opened {name}.").format(name=profile.name))
