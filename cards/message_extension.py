"""The message extension's results ("Find candidate" in the compose box of a chat or channel): each
candidate as a preview in the compose box's list (a thumbnail card) and as the card the user posts
(an Adaptive Card).

What is posted is seen by everyone in the conversation, so neither holds the candidate's email or
phone: a name, the candidate id and the current role only.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import Fact, FactSet

from cards.base import card, heading
from domain.candidates import CandidateSummary
from i18n import translator

THUMBNAIL_CONTENT_TYPE = "application/vnd.microsoft.card.thumbnail"


def _role(locale: str, candidate: CandidateSummary) -> str:
    _ = translator(locale).gettext
    title, company = candidate.current_title, candidate.current_company
    if title and company:
        return _("{title} at {company}").format(title=title, company=company)
    return title or company or ""


def shared_candidate_card(locale: str, candidate: CandidateSummary) -> dict[str, Any]:
    """The card posted into the chat or channel: who the candidate is, without contact details."""
    _ = translator(locale).gettext
    facts = [Fact(title=_("Candidate id"), value=candidate.code)]
    role = _role(locale, candidate)
    if role:
        facts.append(Fact(title=_("Current role"), value=role))
    return card([heading(candidate.name), FactSet(facts=facts)])


def candidate_preview(locale: str, candidate: CandidateSummary) -> dict[str, Any]:
    """The candidate in the compose box's list of results: a thumbnail card's content."""
    preview = {"title": candidate.name, "subtitle": candidate.code}
    role = _role(locale, candidate)
    if role:
        preview["text"] = role
    return preview
