"""The candidate card's LinkedIn section (the In-ATS profile widget) as the services hand it out and
the card shows it. It follows three rules, read from LinkedIn when the card is built:

1. LinkedIn's match agrees with the ATS on both the candidate's email and LinkedIn member id: the
   profile is shown (EXACT), and the user can still unlink it;
2. otherwise LinkedIn's possible matches by name are listed (POSSIBLE); the user picks one and
   confirms, and the profile is linked (LINKED, a manual match at LinkedIn);
3. no possible match by name: the card says so (NO_MATCH) and offers to search by another name.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class MatchRule(enum.StrEnum):
    """Which of the three rules the LinkedIn section shows."""

    EXACT = "exact"  # rule 1: LinkedIn matched the candidate's email to the member id the ATS holds
    LINKED = "linked"  # a user linked the profile by hand (a manual match at LinkedIn)
    POSSIBLE = "possible"  # rule 2: LinkedIn's possible matches by name, to pick from
    NO_MATCH = "no_match"  # rule 3: no possible match by name


@dataclass(frozen=True)
class LinkedInProfile:
    """A LinkedIn member as the card shows them."""

    member_id: str  # LinkedIn's member id (the last part of urn:li:person:{id})
    name: str
    headline: str
    location: str
    profile_url: str | None
    email_match: bool = False  # LinkedIn matched this member on the candidate's email


@dataclass(frozen=True)
class ProfileMatch:
    """The LinkedIn section of one candidate's card. `stamp` names the candidate's link as the ATS
    held it when the card was built: a button carries it back, and a card whose stamp is no longer
    the candidate's is out of date."""

    tenant_id: str
    candidate_id: str
    candidate_name: str
    stamp: str
    rule: MatchRule
    linked: LinkedInProfile | None  # EXACT, LINKED: the profile
    linked_by: str | None  # LINKED: who linked it (a user's name), when the ATS knows
    linked_at: datetime | None
    possible: tuple[LinkedInProfile, ...]  # POSSIBLE: the possible matches
    searched_name: str | None  # the possible matches are for this other name, not the candidate's
    picked: LinkedInProfile | None  # a possible match the user picked: the card asks to confirm it
    checked_seconds_ago: int  # how long ago LinkedIn was asked (answers are kept briefly)


@dataclass(frozen=True)
class LinkedInSection:
    """What the candidate card shows under LinkedIn: the match as read from LinkedIn, or, when it
    could not be read, one sentence saying why (already in the user's language: what is missing and
    how to get it, or that LinkedIn didn't answer, with a button to check again)."""

    match: ProfileMatch | None
    note: str | None
    can_check_again: bool = False
