"""Reading candidate cards and the ATS's side of a LinkedIn link in the profile match tests."""

from __future__ import annotations

import json
from typing import Any

from tests.bot.channel import MEGAN, TENANT, TeamsUser
from tests.cardcheck import assert_valid_card
from tests.setup.cards import actions, text_of
from tests.setup.conftest import App

PICK, LINK, UNLINK, SEARCH, CHECK = (
    "linkedin.pick",
    "linkedin.link",
    "linkedin.unlink",
    "linkedin.search",
    "linkedin.check",
)
# The members LinkedIn (the sandbox's demo people) has called Anna Jensen: C1001's exact match first.
ANNA_JENSENS = ("mbr-5158", "mbr-10007", "mbr-10008", "mbr-10009")


def linkedin_buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in actions(card) if str(a.get("verb", "")).startswith("linkedin.")]


def data_of(card: dict[str, Any], verb: str, member_id: str | None = None) -> dict[str, Any]:
    """The data the button sends (what Teams posts back when it is pressed)."""
    for action in linkedin_buttons(card):
        if action["verb"] == verb and (member_id is None or action["data"].get("memberId") == member_id):
            return dict(action["data"])
    raise AssertionError(f"no {verb} button for {member_id} on the card: {linkedin_buttons(card)}")


def offered(card: dict[str, Any]) -> list[str]:
    """The member ids of the possible matches the card offers to pick."""
    return [a["data"]["memberId"] for a in linkedin_buttons(card) if a["verb"] == PICK]


def profile_links(card: dict[str, Any]) -> list[str]:
    return [a["url"] for a in actions(card) if a.get("type") == "Action.OpenUrl"]


async def card_for(app: App, code: str, user: TeamsUser = MEGAN, **activity: Any) -> dict[str, Any]:
    """`find <code>`: the candidate card, valid and within the size limit."""
    before = len(app.channel.cards())
    await app.say(f"find {code}", user=user, **activity)
    cards = app.channel.cards()[before:]
    assert len(cards) == 1, app.channel.texts()
    assert_valid_card(cards[0])
    return cards[0]


async def press(app: App, verb: str, data: dict[str, Any], user: TeamsUser = MEGAN, **activity: Any) -> Any:
    """Press a button: the card that replaces it (valid), or the message Teams shows."""
    response = await app.press(verb, data, user=user, **activity)
    assert response["statusCode"] == 200, response
    value = response["value"]
    if isinstance(value, dict):
        assert_valid_card(value)
    return value


async def candidate_id(app: App, code: str, tenant: str = TENANT) -> str:
    [(found,)] = await app.sql("SELECT id FROM candidates WHERE tenant_id = ? AND code = ?", tenant, code)
    return str(found)


async def stored_link(app: App, code: str) -> tuple[str, str | None, str | None]:
    """(link state, LinkedIn member id, profile URL) as the ATS stores them for a Contoso candidate."""
    [row] = await app.sql(
        "SELECT link_state, linkedin_member_id, linkedin_profile_url FROM candidates"
        " WHERE tenant_id = ? AND code = ?",
        TENANT,
        code,
    )
    return row[0], row[1], row[2]


async def link_audit(app: App) -> list[tuple[str, str, dict[str, Any]]]:
    """The audit entries of candidates' links, oldest first: (who, action, parameters)."""
    rows = await app.sql(
        "SELECT actor_name, action, params FROM audit_entries"
        " WHERE action LIKE 'Linked %' OR action LIKE 'Unlinked %' ORDER BY created_at, id"
    )
    return [
        (actor, action, params if isinstance(params, dict) else json.loads(params))
        for actor, action, params in rows
    ]


def texts(card: dict[str, Any]) -> str:
    return text_of(card)
