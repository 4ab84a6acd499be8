"""The candidate card's "Save to project": the user's Recruiter projects, Save, and back to the
candidate card. Each answer replaces the card for the person who pressed the button only; every
decision is the service's (services/recruiter_projects.py), which checks the card's ids again."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.candidate_cards import offers_export
from bot.replies import bad_request, card_response, is_shared
from bot.routing import VerbTurn
from bot.setup import message_response
from cards.candidates import candidate_card
from cards.projects import PROJECT_INPUT, project_card
from i18n import translator
from services.recruiter_projects import NotYourProject


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


async def open_projects(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Save to project: the presser's own projects to choose from."""
    locale = turn.requester.locale or "en"
    candidate_id = _text(turn.data, "candidateId")
    if not candidate_id:
        return bad_request(translator(locale).gettext("That button is missing the candidate."))
    choice = await turn.services.projects.choice(turn.requester, candidate_id)
    return card_response(project_card(locale, choice))


async def save_to_project(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Save: the chosen project, once; the card says what happened. A project that is not the
    presser's (an out-of-date or forged card) gets their up-to-date projects back, and why."""
    locale = turn.requester.locale or "en"
    _ = translator(locale).gettext
    candidate_id = _text(turn.data, "candidateId")
    if not candidate_id:
        return bad_request(_("That button is missing the candidate."))
    project_id = _text(turn.data, PROJECT_INPUT)
    if not project_id:
        return message_response(_("Choose a project first."))
    try:
        done = await turn.services.projects.save(turn.requester, candidate_id, project_id)
    except NotYourProject as stale:  # an out-of-date or forged card: the presser's projects now
        notice = stale.localized(translator(locale))
        return card_response(project_card(locale, stale.choice, notice=notice))
    return card_response(project_card(locale, done.choice, done.saved))


async def close_projects(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Back to the candidate card (checked against the tenant, as every candidate card)."""
    locale = turn.requester.locale or "en"
    candidate_id = _text(turn.data, "candidateId")
    if not candidate_id:
        return bad_request(translator(locale).gettext("That button is missing the candidate."))
    profile = await turn.services.candidates.profile(turn.requester, candidate_id)
    shared = is_shared(turn.context)
    can_export = await offers_export(turn.services, turn.requester)
    return card_response(
        candidate_card(
            locale, profile, shared=shared, timezone=turn.requester.timezone, can_export=can_export
        )
    )
