"""The three rules of the candidate card's LinkedIn section, read from LinkedIn (the sandbox) when the
card is built, at Company- and Contract-level access."""

from __future__ import annotations

import pytest

from tests.bot.channel import MEGAN
from tests.match.conftest import OpenApp, linkedin_holds
from tests.match.helpers import (
    ANNA_JENSENS,
    LINK,
    PICK,
    UNLINK,
    candidate_id,
    card_for,
    data_of,
    link_audit,
    offered,
    press,
    profile_links,
    stored_link,
    texts,
)

LEVELS = pytest.mark.parametrize("level", ["company", "contract"])


@LEVELS
async def test_rule_1_linkedin_agrees_on_email_and_member_id_the_profile_is_shown_with_unlink(
    enabled_app: OpenApp, level: str
) -> None:
    async with enabled_app(level) as app:
        card = await card_for(app, "C1001")
        text = texts(card)
        assert "LinkedIn matches this candidate's email and member id to this profile." in text
        assert "Anna Jensen" in text and "Product Manager at Lamna Healthcare" in text
        assert "Copenhagen, Denmark" in text
        assert profile_links(card) == ["https://www.linkedin.com/in/mbr-5158"]
        assert data_of(card, UNLINK)["candidateId"] == await candidate_id(app, "C1001")
        assert offered(card) == []
        assert "Checked with LinkedIn just now." in text
        # LinkedIn was sent the candidate to match them, and matched them on the email.
        held = await linkedin_holds(app, await candidate_id(app, "C1001"))
        assert held == (["urn:li:person:mbr-5158"], None)


@LEVELS
async def test_rule_2_lists_every_namesake_with_headline_and_location_and_links_the_one_confirmed(
    enabled_app: OpenApp, level: str
) -> None:
    async with enabled_app(level) as app:
        card = await card_for(app, "C1002")
        assert "Not linked yet. LinkedIn's possible matches by name: pick the right person." in texts(card)
        assert sorted(offered(card)) == sorted(ANNA_JENSENS)
        for headline, location in (
            ("Product Manager at Lamna Healthcare", "Copenhagen, Denmark"),
            ("Software Engineer", "Remote"),
            ("Student at Aarhus University", "Remote"),
            ("Logistics Coordinator", "Remote"),
        ):
            assert headline in texts(card) and location in texts(card)

        confirm = await press(app, PICK, data_of(card, PICK, "mbr-10008"))
        assert "Is this the right LinkedIn profile for Anna Jensen?" in texts(confirm)
        assert "Student at Aarhus University" in texts(confirm)
        assert offered(confirm) == []
        assert await stored_link(app, "C1002") == ("none", None, None)  # picking changes nothing

        linked = await press(app, LINK, data_of(confirm, LINK, "mbr-10008"))
        assert "Linked C1002 to the LinkedIn profile of Anna Jensen." in texts(linked)
        assert "Linked to this LinkedIn profile by Megan Bowen on " in texts(linked)
        assert "Student at Aarhus University" in texts(linked)
        assert data_of(linked, UNLINK)  # Not the right person
        assert "Not the right person" in texts(linked)
        assert await stored_link(app, "C1002") == (
            "manual",
            "mbr-10008",
            "https://www.linkedin.com/in/mbr-10008",
        )
        cid = await candidate_id(app, "C1002")
        assert await linkedin_holds(app, cid) == ([], "urn:li:person:mbr-10008")
        [(who, action, params)] = await link_audit(app)
        assert (who, action) == ("Megan Bowen", "Linked {candidate} to the LinkedIn profile of {member}.")
        assert params["candidate_id"] == cid and params["member_id"] == "mbr-10008"

        # A card built later shows the link too.
        again = await card_for(app, "C1002", user=MEGAN)
        assert "Linked to this LinkedIn profile by Megan Bowen on " in texts(again)
