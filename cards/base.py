"""Shared pieces of every card: the Adaptive Card 1.5 envelope and the action verbs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microsoft_teams.cards import Action, AdaptiveCard, CardElement, ExecuteAction, TextBlock

SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


class Verb:
    """Action.Execute verbs the bot understands (the server re-checks every one)."""

    FIND = "find"
    SHOW_CANDIDATE = "candidate.show"
    HELP = "help"
    # The candidate card's LinkedIn section (the In-ATS profile widget).
    LINKEDIN_PICK = "linkedin.pick"  # one of the possible matches: asks to confirm it
    LINKEDIN_LINK = "linkedin.link"  # the confirmation: links the candidate to that profile
    LINKEDIN_UNLINK = "linkedin.unlink"  # Unlink, or Not the right person
    LINKEDIN_SEARCH = "linkedin.search"  # search LinkedIn by another name
    LINKEDIN_CHECK = "linkedin.check"  # ask LinkedIn again (Back, Check again)


def candidate_action(title: str, verb: str, candidate_id: str) -> ExecuteAction:
    """A button about one candidate: its verb and the candidate's id, and no input of the card."""
    return ExecuteAction(
        title=title, verb=verb, data={"verb": verb, "candidateId": candidate_id}, associated_inputs="none"
    )


def card(body: Sequence[CardElement], actions: Sequence[Action] = ()) -> dict[str, Any]:
    """The JSON of an Adaptive Card 1.5 with `body` and `actions`."""
    model = AdaptiveCard(version=CARD_VERSION, body=list(body), actions=list(actions) or None)
    payload = model.model_dump(mode="json", exclude_none=True, by_alias=True)
    payload["$schema"] = SCHEMA_URL
    return payload


def heading(text: str) -> TextBlock:
    return TextBlock(text=text, weight="Bolder", size="Medium", wrap=True)


def paragraph(text: str, *, subtle: bool = False) -> TextBlock:
    return TextBlock(text=text, wrap=True, is_subtle=subtle or None)
