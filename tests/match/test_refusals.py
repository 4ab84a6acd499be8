"""What the LinkedIn buttons refuse, and that a refusal writes nothing: the access level or the
user's own LinkedIn connection missing, another organization's candidate, a member never offered,
a card out of date (a colleague linked meanwhile, the candidate deleted), LinkedIn down or
throttling."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.bot.channel import ALEX, ISAIAH, MEGAN, OTHER_TENANT, TENANT, RecordingChannel
from tests.match.conftest import OpenApp, linkedin_holds
from tests.match.helpers import (
    CHECK,
    LINK,
    PICK,
    SEARCH,
    UNLINK,
    candidate_id,
    card_for,
    data_of,
    link_audit,
    linkedin_buttons,
    offered,
    press,
    stored_link,
    texts,
)
from tests.setup.conftest import App, running_app

NOT_ENABLED = (
    "The LinkedIn profile widget needs the LinkedIn Recruiter integration with Company-level access, "
    "which isn't enabled yet. An ATS admin can set it up with the setup command."
)
NOT_CONNECTED = "The LinkedIn profile widget needs your own LinkedIn account. Type settings to connect it."
GONE = "That candidate doesn't exist or isn't visible to you."
DID_NOT_ANSWER = "LinkedIn didn't answer, so nothing was changed. Please try again in a moment."


async def nothing_written(app: App) -> list[Any]:
    """What a refused press must leave as it was: every candidate's link and the audit log."""
    links = await app.sql(
        "SELECT tenant_id, code, link_state, linkedin_member_id, linkedin_profile_url FROM candidates"
        " ORDER BY tenant_id, code"
    )
    return [links, await app.sql("SELECT count(*) FROM audit_entries")]


@pytest.fixture
async def plain_app(
    seeded_sqlite_url: str, recording_channel: tuple[RecordingChannel, str]
) -> AsyncIterator[App]:
    """The demo data without the LinkedIn integration set up."""
    async with running_app(seeded_sqlite_url, recording_channel) as running:
        yield running


async def test_without_the_integration_the_card_names_the_access_level_needed_and_buttons_write_nothing(
    plain_app: App, app: App
) -> None:
    card = await card_for(plain_app, "C1001")
    assert NOT_ENABLED in texts(card)
    assert "Linked to a LinkedIn profile (email and member id match)." in texts(card)  # as the ATS stores it
    assert linkedin_buttons(card) == []
    # A button from a card of when it was on (here: another app's) changes nothing.
    enabled_card = await card_for(app, "C1002")
    before = await nothing_written(plain_app)
    data = {**data_of(enabled_card, PICK, "mbr-10007"), "candidateId": await candidate_id(plain_app, "C1002")}
    assert await press(plain_app, LINK, data) == NOT_ENABLED
    assert await nothing_written(plain_app) == before


async def test_when_linkedin_turns_the_integration_off_the_card_says_company_level_access_is_needed(
    app: App,
) -> None:
    card = await card_for(app, "C1002")
    await app.sandbox("POST", "/sandbox/integration", {"level": "off"})
    await app.poll_status()  # the status poll reads it from LinkedIn
    assert (await app.integration())["state"] != "enabled"
    before = await nothing_written(app)
    assert await press(app, PICK, data_of(card, PICK, "mbr-10007")) == NOT_ENABLED
    assert await press(app, LINK, data_of(card, PICK, "mbr-10007")) == NOT_ENABLED
    assert NOT_ENABLED in texts(await card_for(app, "C1002"))
    assert await nothing_written(app) == before


async def test_a_user_without_their_own_linkedin_connection_is_told_to_connect_it(app: App) -> None:
    megans = await card_for(app, "C1002")
    isaiahs = await card_for(app, "C1002", user=ISAIAH)
    assert NOT_CONNECTED in texts(isaiahs)
    assert linkedin_buttons(isaiahs) == []
    before = await nothing_written(app)
    confirm = await press(app, PICK, data_of(megans, PICK, "mbr-10007"))
    for verb, data in ((PICK, data_of(megans, PICK, "mbr-10007")), (LINK, data_of(confirm, LINK))):
        assert await press(app, verb, data, user=ISAIAH) == NOT_CONNECTED
    assert await nothing_written(app) == before


async def test_another_organizations_candidate_or_card_and_a_member_never_offered_are_refused(
    app: App,
) -> None:
    card = await card_for(app, "C1002")
    confirm = await press(app, PICK, data_of(card, PICK, "mbr-10007"))
    before = await nothing_written(app)
    fabrikams = await candidate_id(app, "C1001", tenant=OTHER_TENANT)  # "Ingrid Solberg", another person
    for verb, data in (
        (PICK, data_of(card, PICK, "mbr-10007")),
        (LINK, data_of(confirm, LINK)),
        (UNLINK, data_of(confirm, LINK)),
        (SEARCH, {**data_of(card, SEARCH), "otherName": "Ingrid Solberg"}),
        (CHECK, data_of(card, SEARCH)),
    ):
        gone = await press(app, verb, {**data, "candidateId": fabrikams})
        assert texts(gone) == GONE, verb
        other = await press(app, verb, {**data, "tenantId": OTHER_TENANT})
        assert other == "That card belongs to another organization, so nothing was changed.", verb
    # A member id the card never offered (Alex's own LinkedIn member): not linked.
    forged = await press(app, LINK, {**data_of(confirm, LINK), "memberId": "mbr-9020"})
    assert "That LinkedIn profile is no longer among the possible matches, so nothing was changed." in texts(
        forged
    )
    assert sorted(offered(forged))  # the current card, with the real possible matches
    forged_pick = await press(app, PICK, {**data_of(card, PICK, "mbr-10007"), "memberId": "mbr-9020"})
    assert "no longer among the possible matches" in texts(forged_pick)
    # Garbage in the ids: a polite answer.
    assert (
        "missing the candidate" in (await app.press(LINK, {"memberId": "x"}, user=MEGAN))["value"]["message"]
    )
    for junk in ({"candidateId": 7}, {"candidateId": "x" * 5000, "stamp": None}, {"candidateId": "C1002"}):
        answer = await app.press(LINK, junk, user=MEGAN)
        assert answer["statusCode"] in (200, 400)
    assert await nothing_written(app) == before


async def test_a_card_out_of_date_gets_the_current_card_with_why_and_changes_nothing(app: App) -> None:
    megans = await card_for(app, "C1002")
    megans_confirm = await press(app, PICK, data_of(megans, PICK, "mbr-10008"))
    # Meanwhile Alex links C1002 to another Anna Jensen, from his own card.
    alexs = await card_for(app, "C1002", user=ALEX)
    await press(
        app,
        LINK,
        data_of(await press(app, PICK, data_of(alexs, PICK, "mbr-10007"), user=ALEX), LINK),
        user=ALEX,
    )
    before = await nothing_written(app)

    stale = await press(app, LINK, data_of(megans_confirm, LINK))
    why = "Alex Wilber linked this candidate to a LinkedIn profile in the meantime, so nothing was changed."
    assert why in texts(stale)
    assert "Software Engineer" in texts(stale) and "Not the right person" in texts(stale)  # mbr-10007
    assert why in texts(await press(app, PICK, data_of(megans, PICK, "mbr-10009")))
    assert why in texts(await press(app, SEARCH, {**data_of(megans, SEARCH), "otherName": "Anna Jensen"}))
    assert await nothing_written(app) == before
    assert await stored_link(app, "C1002") == ("manual", "mbr-10007", "https://www.linkedin.com/in/mbr-10007")

    # Alex then finds it's someone else: unlinks, links mbr-10009. Megan's Not the right person on
    # her card of mbr-10007 unlinks nothing.
    megans_linked = await card_for(app, "C1002")
    alexs = await card_for(app, "C1002", user=ALEX)
    unlinked = await press(app, UNLINK, data_of(alexs, UNLINK), user=ALEX)
    await press(
        app,
        LINK,
        data_of(await press(app, PICK, data_of(unlinked, PICK, "mbr-10009"), user=ALEX), LINK),
        user=ALEX,
    )
    before = await nothing_written(app)
    assert why in texts(await press(app, UNLINK, data_of(megans_linked, UNLINK)))
    assert await nothing_written(app) == before
    assert await linkedin_holds(app, await candidate_id(app, "C1002")) == ([], "urn:li:person:mbr-10009")

    # A candidate deleted from the ATS since the card was shown.
    card = await card_for(app, "C1004")
    await app.sql("DELETE FROM candidates WHERE tenant_id = ? AND code = ?", TENANT, "C1004")
    before = await nothing_written(app)
    for verb in (PICK, SEARCH, CHECK):
        data = data_of(card, verb, offered(card)[0]) if verb == PICK else data_of(card, SEARCH)
        assert texts(await press(app, verb, {**data, "otherName": "Åsa Lindqvist"})) == GONE
    assert await nothing_written(app) == before


async def test_linkedin_down_or_throttling_gets_a_polite_answer_in_time_and_changes_nothing(
    enabled_app: OpenApp,
) -> None:
    async with enabled_app("company", LINKEDIN_TURN_SECONDS=1) as app:
        card = await card_for(app, "C1002")
        confirm = await press(app, PICK, data_of(card, PICK, "mbr-10007"))
        before = await nothing_written(app)
        await app.sandbox("POST", "/sandbox/faults", {"errorRate": 1})

        started = time.monotonic()
        assert await press(app, LINK, data_of(confirm, LINK)) == DID_NOT_ANSWER
        assert time.monotonic() - started < 1 + 3
        down = await card_for(app, "C1003")
        assert "LinkedIn didn't answer just now, so I can't show the profile match." in texts(down)
        assert "Linked to a LinkedIn profile (email and member id match)." in texts(down)
        assert await press(app, CHECK, data_of(down, CHECK)) == DID_NOT_ANSWER
        assert await nothing_written(app) == before
        assert await link_audit(app) == []

        await app.sandbox("POST", "/sandbox/faults", {"errorRate": 0})
        await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 429, "retryAfter": 3600}]})
        started = time.monotonic()
        assert await press(app, LINK, data_of(confirm, LINK)) == DID_NOT_ANSWER
        assert time.monotonic() - started < 1 + 3
        assert await nothing_written(app) == before

        back = await press(app, CHECK, data_of(down, CHECK))
        assert "LinkedIn matches this candidate's email and member id to this profile." in texts(back)
        linked = await press(app, LINK, data_of(confirm, LINK))
        assert "Linked C1002 to the LinkedIn profile of Anna Jensen." in texts(linked)
