"""The candidate card as the bot sends it: the candidate from the ATS, with the LinkedIn section read
from LinkedIn as the card is built (services/linkedin_match.py), or one sentence saying why it
can't be (what is missing and how to get it, or that LinkedIn didn't answer)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from botbuilder.core import TurnContext

from bot.activity import installed_conversation
from bot.replies import card_activity, is_shared, send_text
from bot.routing import BotServices
from cards.candidates import candidate_card, candidate_list_card
from domain.candidates import CandidateSearch, echoed
from domain.profile_match import LinkedInSection, ProfileMatch
from i18n import N_, translator
from services.capabilities import CapabilityRefused
from services.identity import Requester
from services.linkedin_match_refusals import LinkedInDidNotAnswer
from services.notifier import Notice, NoticeKind

LINKEDIN_NOT_ANSWERING = N_(
    "LinkedIn didn't answer just now, so I can't show the profile match. Choose Check again in a moment."
)


async def linkedin_section(
    services: BotServices, requester: Requester, candidate_id: str, *, fresh: bool = False
) -> LinkedInSection:
    """The candidate's LinkedIn section now; the candidate is the requester's tenant's (the caller
    read them first)."""
    t = translator(requester.locale)
    try:
        match = await services.matching.section(requester, candidate_id, fresh=fresh)
    except CapabilityRefused as refusal:
        return LinkedInSection(None, refusal.localized(t))
    except LinkedInDidNotAnswer:
        return LinkedInSection(None, t.gettext(LINKEDIN_NOT_ANSWERING), can_check_again=True)
    return LinkedInSection(match, None)


async def offers_export(services: BotServices, requester: Requester) -> bool:
    """Whether the candidate card offers Export: the requester is the Hiring manager or a Recruiter
    of a job they can export to (the job chosen is checked again on Export)."""
    if not requester.is_recruiting:
        return False
    return (await services.exports.exportable_jobs(requester, limit=1)).total > 0


async def candidate_card_for(
    services: BotServices,
    requester: Requester,
    candidate_id: str,
    *,
    shared: bool,
    notice: str | None = None,
    match: ProfileMatch | None = None,
    fresh: bool = False,
) -> dict[str, Any]:
    """The card of one of the requester's tenant's candidates (CandidateNotFound otherwise), with
    `match` as its LinkedIn section when given, else the section read now."""
    profile = await services.candidates.profile(requester, candidate_id)
    if match is not None:
        section = LinkedInSection(match, None)
    else:
        section = await linkedin_section(services, requester, profile.id, fresh=fresh)
    locale = requester.locale or "en"
    return candidate_card(
        locale,
        profile,
        linkedin=section,
        notice=notice,
        shared=shared,
        timezone=requester.timezone,
        can_export=await offers_export(services, requester),
    )


async def send_candidate(
    turn_context: TurnContext, services: BotServices, requester: Requester, candidate_id: str
) -> str | None:
    """Post the candidate's card in this conversation; the id of its message."""
    card = await candidate_card_for(services, requester, candidate_id, shared=is_shared(turn_context))
    response = await turn_context.send_activity(card_activity(card))
    return response.id if response is not None and response.id else None


async def send_candidate_to_update(
    turn_context: TurnContext, services: BotServices, requester: Requester, candidate_id: str
) -> str | None:
    """As send_candidate, keeping the conversation so that the card can be updated in place later
    (after a typed confirmation)."""
    await services.conversations.remember(
        installed_conversation(turn_context.activity, requester.tenant_id, requester.user_id)
    )
    return await send_candidate(turn_context, services, requester, candidate_id)


async def update_candidate(
    turn_context: TurnContext,
    services: BotServices,
    requester: Requester,
    candidate_id: str,
    activity_id: str | None,
    notice: str,
    match: ProfileMatch | None,
) -> None:
    """Replace the candidate card posted earlier (`activity_id`) with the candidate as they are now,
    `notice` on top; post it anew when there is none to replace or Teams won't update it."""
    card = await candidate_card_for(
        services, requester, candidate_id, shared=is_shared(turn_context), notice=notice, match=match
    )
    conversation = turn_context.activity.conversation
    if activity_id and conversation is not None:
        content = hashlib.sha256(json.dumps(card, sort_keys=True).encode()).hexdigest()[:32]
        key = f"candidate-card:{requester.tenant_id}:{activity_id}:{content}"
        outcome = await services.notifier.update_card(
            requester.tenant_id,
            conversation.id,
            activity_id,
            Notice(NoticeKind.CANDIDATE_CARD, key, card=card),
        )
        if outcome.sent:
            return
    await turn_context.send_activity(card_activity(card))


async def send_search_results(
    turn_context: TurnContext, services: BotServices, requester: Requester, search: CandidateSearch
) -> None:
    """One hit: the candidate card; several: a short list to pick from; none: say so."""
    locale = requester.locale or "en"
    _ = translator(locale).gettext
    if not search.candidates:
        if search.scope is not None:
            message = _('I found no candidate matching "{query}" in {scope}.').format(
                query=echoed(search.query), scope=search.scope.label
            )
        else:
            message = _('I found no candidate matching "{query}".').format(query=echoed(search.query))
        await send_text(turn_context, message)
    elif search.total == 1:
        await send_candidate(turn_context, services, requester, search.candidates[0].id)
    else:
        card = candidate_list_card(locale, search, shared=is_shared(turn_context))
        await turn_context.send_activity(card_activity(card))
