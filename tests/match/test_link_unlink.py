"""Linking, unlinking and linking again; a confirmation pressed twice; searching LinkedIn by another
name when the candidate's own finds no one (rule 3); LinkedIn's answers kept for a minute."""

from __future__ import annotations

import asyncio

from tests.bot.channel import ALEX
from tests.match.conftest import linkedin_holds
from tests.match.helpers import (
    ANNA_JENSENS,
    LINK,
    PICK,
    SEARCH,
    UNLINK,
    candidate_id,
    card_for,
    data_of,
    link_audit,
    offered,
    press,
    stored_link,
    texts,
)
from tests.setup.cards import CHANNEL
from tests.setup.conftest import App

LINKED = "Linked {candidate} to the LinkedIn profile of {member}."
UNLINKED = "Unlinked {candidate} from the LinkedIn profile of {member}."


async def link(app: App, code: str, member_id: str) -> dict:
    """From a fresh card: pick the member, confirm; the card that answers."""
    card = await card_for(app, code)
    confirm = await press(app, PICK, data_of(card, PICK, member_id))
    linked = await press(app, LINK, data_of(confirm, LINK, member_id))
    assert isinstance(linked, dict)
    return linked


async def test_a_confirmation_pressed_twice_links_once(app: App) -> None:
    card = await card_for(app, "C1002")
    confirm = await press(app, PICK, data_of(card, PICK, "mbr-10007"))
    yes = data_of(confirm, LINK, "mbr-10007")
    first = await press(app, LINK, yes)
    requests = (await app.sandbox("GET", "/sandbox/stats"))["api_requests"]
    second = await press(app, LINK, yes)
    assert "C1002 is already linked to that LinkedIn profile, so nothing was changed." in texts(second)
    assert "Software Engineer" in texts(second) and "Not the right person" in texts(second)
    assert (await app.sandbox("GET", "/sandbox/stats"))["api_requests"] == requests  # LinkedIn not asked
    assert [action for _who, action, _params in await link_audit(app)] == [LINKED]
    assert await stored_link(app, "C1002") == ("manual", "mbr-10007", "https://www.linkedin.com/in/mbr-10007")
    assert first["body"] != second["body"]  # the second says it was already so


async def test_not_the_right_person_unlinks_offers_the_possible_matches_again_and_another_is_linked(
    app: App,
) -> None:
    linked = await link(app, "C1002", "mbr-10008")
    unlinked = await press(app, UNLINK, data_of(linked, UNLINK))
    assert "Unlinked C1002 from the LinkedIn profile of Anna Jensen." in texts(unlinked)
    assert sorted(offered(unlinked)) == sorted(ANNA_JENSENS)
    assert await stored_link(app, "C1002") == ("none", None, None)
    cid = await candidate_id(app, "C1002")
    assert await linkedin_holds(app, cid) == ([], None)

    relinked = await press(
        app, LINK, data_of(await press(app, PICK, data_of(unlinked, PICK, "mbr-10009")), LINK)
    )
    assert "Logistics Coordinator" in texts(relinked)
    assert await stored_link(app, "C1002") == ("manual", "mbr-10009", "https://www.linkedin.com/in/mbr-10009")
    assert await linkedin_holds(app, cid) == ([], "urn:li:person:mbr-10009")
    audit = await link_audit(app)
    assert [(who, action, params["member_id"]) for who, action, params in audit] == [
        ("Megan Bowen", LINKED, "mbr-10008"),
        ("Megan Bowen", UNLINKED, "mbr-10008"),
        ("Megan Bowen", LINKED, "mbr-10009"),
    ]
    # The setup card's history is about the setup only.
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    setup_card = app.channel.cards()[-1]
    assert "Alex Wilber: Chose the Recruiter contract Contoso Recruiter Corporate" in texts(setup_card)
    assert "C1002" not in texts(setup_card)


async def test_an_exact_match_unlinked_and_linked_again_is_linkedins_match_once_more(app: App) -> None:
    card = await card_for(app, "C1001")
    unlinked = await press(app, UNLINK, data_of(card, UNLINK))
    assert "Unlinked C1001 from the LinkedIn profile of Anna Jensen." in texts(unlinked)
    assert await stored_link(app, "C1001") == ("none", None, None)
    # LinkedIn still matches the email: that possible match comes first and says so.
    assert offered(unlinked)[0] == "mbr-5158"
    assert "LinkedIn matched this profile on the candidate's email." in texts(unlinked)

    confirm = await press(app, PICK, data_of(unlinked, PICK, "mbr-5158"))
    relinked = await press(app, LINK, data_of(confirm, LINK))
    assert "LinkedIn matches this candidate's email and member id to this profile." in texts(relinked)
    assert "Unlink" in texts(relinked)
    assert await stored_link(app, "C1001") == ("manual", "mbr-5158", "https://www.linkedin.com/in/mbr-5158")
    later = await card_for(app, "C1001")
    assert "LinkedIn matches this candidate's email and member id to this profile." in texts(later)


async def test_rule_3_says_no_match_and_searches_linkedin_by_another_name(app: App) -> None:
    card = await card_for(app, "C1005")
    assert "LinkedIn found no match for Øyvind Haugen." in texts(card)
    assert offered(card) == []
    search = data_of(card, SEARCH)

    one_word = await press(app, SEARCH, {**search, "otherName": "Anna"})
    assert "Type a first and a last name to search LinkedIn." in texts(one_word)

    nobody = await press(app, SEARCH, {**search, "otherName": "Zzyzx Qwerty"})
    assert 'LinkedIn found no one called "Zzyzx Qwerty".' in texts(nobody)

    found = await press(app, SEARCH, {**search, "otherName": "  anna   jensen "})
    assert 'LinkedIn\'s possible matches for "anna jensen". Pick the right person:' in texts(found)
    assert sorted(offered(found)) == sorted(ANNA_JENSENS)
    # The search box keeps the name, to refine it.
    assert any(
        item.get("value") == "anna jensen" for item in found["body"] if item.get("type") == "Input.Text"
    )

    confirm = await press(app, PICK, data_of(found, PICK, "mbr-10007"))
    assert "Is this the right LinkedIn profile for Øyvind Haugen?" in texts(confirm)
    linked = await press(app, LINK, data_of(confirm, LINK))
    assert "Linked C1005 to the LinkedIn profile of Anna Jensen." in texts(linked)
    # Later cards show the profile as it was confirmed (LinkedIn lists no one by the candidate's name).
    later = await card_for(app, "C1005")
    assert "Anna Jensen" in texts(later) and "Software Engineer" in texts(later)
    assert await stored_link(app, "C1005") == ("manual", "mbr-10007", "https://www.linkedin.com/in/mbr-10007")


async def test_linkedins_answers_are_kept_for_a_minute_and_check_again_asks_anew(app: App) -> None:
    await card_for(app, "C1002")
    requests = (await app.sandbox("GET", "/sandbox/stats"))["api_requests"]
    card = await card_for(app, "C1002")
    assert (await app.sandbox("GET", "/sandbox/stats"))["api_requests"] == requests
    assert "Checked with LinkedIn just now." in texts(card)
    checked = await press(app, "linkedin.check", data_of(card, PICK, "mbr-10007") | {"memberId": None})
    assert (await app.sandbox("GET", "/sandbox/stats"))["api_requests"] > requests
    assert sorted(offered(checked)) == sorted(ANNA_JENSENS)


async def test_two_people_confirming_at_the_same_moment_link_once(app: App) -> None:
    megans = await card_for(app, "C1002")
    alexs = await card_for(app, "C1002", user=ALEX)
    megans_yes = data_of(await press(app, PICK, data_of(megans, PICK, "mbr-10007")), LINK)
    alexs_yes = data_of(await press(app, PICK, data_of(alexs, PICK, "mbr-10008"), user=ALEX), LINK)
    # Megan double-clicks while Alex confirms another Anna Jensen.
    answers = await asyncio.gather(
        press(app, LINK, megans_yes),
        press(app, LINK, megans_yes),
        press(app, LINK, alexs_yes, user=ALEX),
    )
    audit = await link_audit(app)
    assert len(audit) == 1
    [(who, _action, params)] = audit
    winner = params["member_id"]
    assert await stored_link(app, "C1002") == ("manual", winner, f"https://www.linkedin.com/in/{winner}")
    assert await linkedin_holds(app, await candidate_id(app, "C1002")) == ([], f"urn:li:person:{winner}")
    said = [texts(answer) for answer in answers]
    assert sum("Linked C1002 to the LinkedIn profile of Anna Jensen." in text for text in said) == 1
    assert all("LinkedIn profile" in text for text in said)  # the others: already linked, or linked meanwhile
    assert who in ("Megan Bowen", "Alex Wilber")
