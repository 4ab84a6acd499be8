"""The candidate card's LinkedIn section as a pure function: how fresh LinkedIn's answer is, and the
glossary's word for linking a candidate in each language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from cards.candidates import MAX_POSSIBLE_SHOWN, candidate_card
from domain.candidates import CandidateProfile
from domain.profile_match import LinkedInProfile, LinkedInSection, MatchRule, ProfileMatch
from tests.cardcheck import assert_valid_card, card_texts

PROFILE = CandidateProfile(
    id="c-1",
    code="C1002",
    first_name="Anna",
    last_name="Jensen",
    emails=("ajensen@example.com",),
    phones=(),
    current_title="Engineer",
    current_company="Contoso",
    linkedin_member_id=None,
    linkedin_profile_url=None,
    link_state="none",
    applications=(),
)
ANNA = LinkedInProfile(
    "mbr-10008", "Anna Jensen", "Student", "Remote", "https://www.linkedin.com/in/mbr-10008"
)
POSSIBLE = ProfileMatch(
    tenant_id="t-1",
    candidate_id="c-1",
    candidate_name="Anna Jensen",
    stamp="s-1",
    rule=MatchRule.POSSIBLE,
    linked=None,
    linked_by=None,
    linked_at=None,
    possible=(ANNA,),
    searched_name=None,
    picked=None,
    checked_seconds_ago=0,
)
LINKED = replace(
    POSSIBLE,
    rule=MatchRule.LINKED,
    linked=ANNA,
    possible=(),
    linked_by="Megan Bowen",
    linked_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
)


def text(match: ProfileMatch, locale: str = "en-US") -> str:
    card = candidate_card(locale, PROFILE, linkedin=LinkedInSection(match, None))
    assert_valid_card(card)
    return "\n".join(card_texts(card))


@pytest.mark.parametrize(
    ("seconds", "says"),
    [
        (0, "Checked with LinkedIn just now."),
        (59, "Checked with LinkedIn just now."),
        (60, "Checked with LinkedIn 1 minute ago."),
        (150, "Checked with LinkedIn 2 minutes ago."),
    ],
)
def test_the_card_says_how_fresh_linkedins_answer_is(seconds: int, says: str) -> None:
    assert says in text(replace(POSSIBLE, checked_seconds_ago=seconds))


@pytest.mark.parametrize(
    ("locale", "linked", "not_the_right_person", "not_linked_yet"),
    [
        (
            "da-DK",
            "Koblet til denne LinkedIn-profil af Megan Bowen",
            "Ikke den rigtige person",
            "Ikke koblet endnu.",
        ),
        (
            "nb-NO",
            "Knyttet til denne LinkedIn-profilen av Megan Bowen",
            "Ikke riktig person",
            "Ikke knyttet ennå.",
        ),
        (
            "nl-NL",
            "Door Megan Bowen gekoppeld aan dit LinkedIn-profiel",
            "Niet de juiste persoon",
            "Nog niet gekoppeld.",
        ),
        (
            "sv-SE",
            "Länkad till den här LinkedIn-profilen av Megan Bowen",
            "Inte rätt person",
            "Inte länkad än.",
        ),
    ],
)
def test_linking_a_candidate_is_the_glossarys_word_in_each_language(
    locale: str, linked: str, not_the_right_person: str, not_linked_yet: str
) -> None:
    assert linked in text(LINKED, locale) and not_the_right_person in text(LINKED, locale)
    assert not_linked_yet in text(POSSIBLE, locale)


def test_many_namesakes_are_listed_up_to_a_limit_and_the_card_stays_small() -> None:
    many = tuple(replace(ANNA, member_id=f"mbr-{n}", headline=f"Headline {n}" * 5) for n in range(200))
    shown = text(replace(POSSIBLE, possible=many))
    assert "Headline 9" in shown and "Headline 10" not in shown
    assert (
        f"{200 - MAX_POSSIBLE_SHOWN} more are not shown: search by a fuller name to narrow them down."
        in shown
    )
