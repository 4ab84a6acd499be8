"""The candidate card's LinkedIn buttons (the In-ATS profile widget): pick a possible match, confirm
it, unlink, search LinkedIn by another name, check again. Each answers with the card as it is now,
which replaces the pressed one for the person who pressed it, or with why nothing was changed.

A button's data is ids only (the tenant, the candidate, the member) and the card's stamp, and none
of it is trusted: services/linkedin_match.py checks them all again. Only translation happens here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.candidate_cards import candidate_card_for
from bot.replies import bad_request, card_response, is_shared
from bot.routing import VerbTurn
from bot.setup import message_response
from cards.candidates import OTHER_NAME_INPUT, candidate_gone_card
from domain.profile_match import ProfileMatch
from i18n import translator
from services.capabilities import CapabilityRefused
from services.errors import CandidateNotFound
from services.linkedin_match import MatchChange
from services.linkedin_match_refusals import MatchRefused, OtherOrganizationsCard


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


async def _answer(
    turn: VerbTurn, call: Callable[[str, str], Awaitable[ProfileMatch | MatchChange]], *, fresh: bool = False
) -> AdaptiveCardInvokeResponse:
    """Run `call(candidate id, stamp)` for the pressed button and answer with the card it leaves."""
    requester = turn.requester
    t = translator(requester.locale)
    candidate_id = _text(turn.data, "candidateId")
    if not candidate_id:
        return bad_request(t.gettext("That button is missing the candidate."))
    tenant_id = turn.data.get("tenantId")
    if tenant_id is not None and tenant_id != requester.tenant_id:
        return message_response(OtherOrganizationsCard().localized(t))
    shared = is_shared(turn.context)
    try:
        done = await call(candidate_id, _text(turn.data, "stamp"))
        if isinstance(done, MatchChange):
            notice = t.gettext(done.message).format(**done.params)
            card = await candidate_card_for(
                turn.services, requester, candidate_id, shared=shared, notice=notice, match=done.match
            )
        else:
            card = await candidate_card_for(turn.services, requester, candidate_id, shared=shared, match=done)
    except CandidateNotFound:  # gone, or another organization's
        return card_response(candidate_gone_card(requester.locale or "en"))
    except CapabilityRefused as refusal:  # what is missing and how to get it
        return message_response(refusal.localized(t))
    except MatchRefused as refusal:
        if not refusal.show_current_card:
            return message_response(refusal.localized(t))
        try:
            card = await candidate_card_for(
                turn.services, requester, candidate_id, shared=shared, notice=refusal.localized(t)
            )
        except CandidateNotFound:
            return card_response(candidate_gone_card(requester.locale or "en"))
    return card_response(card)


async def pick_profile(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """One of the possible matches: the card asks to confirm it (nothing is changed yet)."""
    member_id = _text(turn.data, "memberId")

    async def pick(candidate_id: str, stamp: str) -> ProfileMatch:
        return await turn.services.matching.pick(turn.requester, candidate_id, member_id, stamp)

    return await _answer(turn, pick)


async def link_profile(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Yes, link this profile: the manual match is sent to LinkedIn and stored on the candidate."""
    member_id = _text(turn.data, "memberId")

    async def link(candidate_id: str, stamp: str) -> MatchChange:
        return await turn.services.matching.link_profile(turn.requester, candidate_id, member_id, stamp)

    return await _answer(turn, link)


async def unlink_profile(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Unlink, or Not the right person: the possible matches are offered again."""

    async def unlink(candidate_id: str, stamp: str) -> MatchChange:
        return await turn.services.matching.unlink_profile(turn.requester, candidate_id, stamp)

    return await _answer(turn, unlink)


async def search_linkedin(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Search LinkedIn by another name (the card's search box): its possible matches to pick from."""
    name = _text(turn.data, OTHER_NAME_INPUT)

    async def search(candidate_id: str, stamp: str) -> ProfileMatch:
        return await turn.services.matching.search_by_name(turn.requester, candidate_id, stamp, name)

    return await _answer(turn, search)


async def check_linkedin(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Check again (LinkedIn didn't answer) and Back (from a confirmation): the card as it is now,
    asked of LinkedIn again."""

    async def check(candidate_id: str, _stamp: str) -> ProfileMatch:
        return await turn.services.matching.section(turn.requester, candidate_id, fresh=True)

    return await _answer(turn, check)
