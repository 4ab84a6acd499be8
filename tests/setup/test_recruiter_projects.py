"""Save to project, over HTTP against the built-in LinkedIn sandbox: from the candidate card a
recruiter saves a linked candidate to one of their own LinkedIn Recruiter projects, once; every
refusal names what is missing, and a refused or failed save changes nothing on either side."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from store.demo_data import DEMO_TENANT_ID, OTHER_TENANT_ID
from tests.bot.channel import ALEX, MEGAN, RecordingChannel, TeamsUser
from tests.cardcheck import assert_valid_card
from tests.setup.cards import CHANNEL, button, text_of, verbs
from tests.setup.conftest import App, running_app
from tests.setup.test_signin_binding import connect_own_account
from tests.setup.test_walk import in_channel, latest_setup_card, walk_to_partner_ready

TURN_SECONDS = 1.5
OPEN, SAVE, CLOSE = "candidate.projects", "candidate.projects.save", "candidate.projects.close"
DID_NOT_ANSWER = "LinkedIn didn't answer, so nothing was changed. Please try again in a moment."
CAMPUS = "urn:li:contract:7001002"  # Contoso's second contract: Alex has a seat on it, Megan has none


@pytest.fixture
async def app(
    setup_db_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    """The app with the sandbox; LinkedIn calls a person waits on give up after TURN_SECONDS."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(setup_db_url, recording_channel, LINKEDIN_TURN_SECONDS=TURN_SECONDS) as running:
        yield running


def chat(user: TeamsUser) -> dict[str, Any]:
    return {"conversation_id": f"a:personal-{user.aad_object_id}"}


async def enabled(app: App, level: str = "company", contract: str | None = None) -> None:
    """The admin walks the setup to Enabled (signing in to LinkedIn as Alex Wilber on the way)."""
    await (walk_to_partner_ready(app, contract) if contract else walk_to_partner_ready(app))
    await app.sandbox("POST", "/sandbox/integration", {"level": level})
    await app.flush_webhooks()
    await latest_setup_card(app, "Enabled")


async def candidate_card(app: App, user: TeamsUser, code: str, **where: Any) -> dict[str, Any]:
    """`find <code>`: the candidate card the user gets."""
    where = where or chat(user)
    await app.say(f"find {code}", user=user, **where)
    card = app.channel.cards()[-1]
    assert_valid_card(card)
    assert code in text_of(card)
    return card


async def candidate_id(app: App, code: str, tenant: str = DEMO_TENANT_ID) -> str:
    [(found,)] = await app.sql("SELECT id FROM candidates WHERE tenant_id = ? AND code = ?", tenant, code)
    return str(found)


async def member_of(app: App, code: str) -> str:
    [(member,)] = await app.sql(
        "SELECT linkedin_member_id FROM candidates WHERE tenant_id = ? AND code = ?", DEMO_TENANT_ID, code
    )
    return f"urn:li:person:{member}"


async def project_members(app: App) -> dict[str, list[str]]:
    """Every Recruiter project's members, as LinkedIn (the sandbox) has them."""
    projects = (await app.sandbox("GET", "/sandbox/projects"))["projects"]
    return {project["id"]: project["members"] for project in projects}


def choices(card: dict[str, Any]) -> dict[str, str]:
    """The project card's choice: project name -> project id."""
    [choice_set] = [e for e in card["body"] if e.get("type") == "Input.ChoiceSet"]
    return {choice["title"]: choice["value"] for choice in choice_set["choices"]}


async def open_projects(app: App, user: TeamsUser, code: str, **where: Any) -> dict[str, Any]:
    """Save to project on the candidate card: the invoke answer."""
    card = await candidate_card(app, user, code, **where)
    return await app.press(OPEN, button(card, OPEN), user=user, **(where or chat(user)))


async def saves_recorded(app: App) -> list[tuple[Any, ...]]:
    return await app.sql(
        "SELECT actor_name, params FROM audit_entries WHERE action = ?",
        "Saved {candidate} to the Recruiter project {project}",
    )


async def test_a_recruiter_saves_a_linked_candidate_to_one_of_their_projects_once(app: App) -> None:
    await enabled(app)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    anna = await member_of(app, "C1001")  # linked: email and member id match a member exactly
    before = await project_members(app)

    opened = await open_projects(app, MEGAN, "C1001")
    assert opened["type"] == "application/vnd.microsoft.card.adaptive"
    card = opened["value"]
    assert_valid_card(card)
    assert "Save Anna Jensen to a Recruiter project" in text_of(card)
    # Megan's own projects, on her seat of the integration's contract, as LinkedIn lists them.
    projects = choices(card)
    megans = {
        p["id"]
        for p in (await app.sandbox("GET", "/sandbox/projects"))["projects"]
        if p["owner"] == "mbr-9021" and p["seat"].startswith("7001001")
    }
    assert set(projects.values()) == megans and "Silver medalists" in projects
    assert verbs(card) == {SAVE, CLOSE}
    # The answer replaces the card for Megan only: nothing was posted to the chat.
    posted = len(app.channel.sent())

    silver = projects["Silver medalists"]
    saved = await app.press(SAVE, {**button(card, SAVE), "projectId": silver}, user=MEGAN, **chat(MEGAN))
    assert_valid_card(saved["value"])
    assert "Saved Anna Jensen to Silver medalists." in text_of(saved["value"])
    after = await project_members(app)
    assert after[silver] == [anna]
    assert {k: v for k, v in after.items() if k != silver} == {k: v for k, v in before.items() if k != silver}
    [(actor, params)] = await saves_recorded(app)
    params = json.loads(params) if isinstance(params, str) else params
    assert actor == "Megan Bowen"
    assert params == {"candidate": "Anna Jensen (C1001)", "project": "Silver medalists"}

    # Saving again (a second press, or a double click) adds her once and says so.
    again = await app.press(SAVE, {**button(card, SAVE), "projectId": silver}, user=MEGAN, **chat(MEGAN))
    assert "Anna Jensen is already in Silver medalists, so nothing was changed." in text_of(again["value"])
    both = await asyncio.gather(
        *(
            app.press(SAVE, {**button(card, SAVE), "projectId": silver}, user=MEGAN, **chat(MEGAN))
            for _ in range(2)
        )
    )
    assert all("already in Silver medalists" in text_of(answer["value"]) for answer in both)
    assert (await project_members(app))[silver] == [anna]
    assert len(await saves_recorded(app)) == 1
    assert len(app.channel.sent()) == posted

    # Back to the candidate card, in place.
    back = await app.press(CLOSE, button(saved["value"], CLOSE), user=MEGAN, **chat(MEGAN))
    assert_valid_card(back["value"])
    assert "Anna Jensen" in text_of(back["value"]) and OPEN in verbs(back["value"])

    # The setup card's recent changes are the setup's: a recruiter's save is not among them.
    await app.say("setup", user=ALEX, **in_channel())
    assert "Silver medalists" not in text_of(app.channel.cards()[-1])


async def test_a_candidate_linked_by_a_colleague_is_saved_under_the_member_they_chose(app: App) -> None:
    await enabled(app, level="contract")  # more than Company-level access works too
    await connect_own_account(app, MEGAN, "Megan Bowen")
    # C1002, the other Anna Jensen, linked by hand to one of her LinkedIn namesakes (the profile
    # widget's match is built elsewhere; the link is stored here as it stores one).
    namesake = "mbr-10007"
    assert namesake != (await member_of(app, "C1001")).rsplit(":", 1)[1]
    await app.sql(
        "UPDATE candidates SET linkedin_member_id = ?, link_state = 'manual'"
        " WHERE tenant_id = ? AND code = ?",
        namesake,
        DEMO_TENANT_ID,
        "C1002",
    )
    opened = await open_projects(app, MEGAN, "C1002")
    card = opened["value"]
    first = sorted(choices(card).items())[0]
    saved = await app.press(SAVE, {**button(card, SAVE), "projectId": first[1]}, user=MEGAN, **chat(MEGAN))
    assert f"Saved Anna Jensen to {first[0]}." in text_of(saved["value"])
    assert (await project_members(app))[first[1]] == [f"urn:li:person:{namesake}"]


async def test_an_unlinked_candidate_is_refused_naming_the_candidate(app: App) -> None:
    await enabled(app)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    before = await project_members(app)

    opened = await open_projects(app, MEGAN, "C1005")  # Øyvind Haugen: no LinkedIn profile linked
    assert opened["value"] == "Link Øyvind Haugen to a LinkedIn profile first."
    data = {"verb": SAVE, "candidateId": await candidate_id(app, "C1005"), "projectId": "70010019021-1"}
    forged = await app.press(SAVE, data, user=MEGAN, **chat(MEGAN))
    assert forged["value"] == "Link Øyvind Haugen to a LinkedIn profile first."
    assert await project_members(app) == before
    assert await saves_recorded(app) == []


async def test_before_the_integration_is_enabled_saving_is_refused_naming_what_is_missing(app: App) -> None:
    await walk_to_partner_ready(app)  # Alex is signed in to LinkedIn; LinkedIn has not switched it on
    opened = await open_projects(app, ALEX, "C1001")
    assert opened["value"] == (
        "Saving candidates to Recruiter projects needs the LinkedIn Recruiter integration with "
        "Company-level access, which isn't enabled yet. An ATS admin can set it up with the setup command."
    )
    danish = await app.press(
        OPEN,
        {"verb": OPEN, "candidateId": await candidate_id(app, "C1001")},
        user=ALEX,
        locale="da-DK",
        **chat(ALEX),
    )
    assert danish["value"].startswith("At gemme kandidater i Recruiter-projekter kræver")
    assert await saves_recorded(app) == []


async def test_a_user_without_their_own_linkedin_connection_is_told_how_to_connect(app: App) -> None:
    await enabled(app)
    before = await project_members(app)
    opened = await open_projects(app, MEGAN, "C1001")
    assert opened["value"] == (
        "Saving candidates to Recruiter projects needs your own LinkedIn account. "
        "Type settings to connect it."
    )
    data = {"verb": SAVE, "candidateId": await candidate_id(app, "C1001"), "projectId": "70010019021-1"}
    assert (await app.press(SAVE, data, user=MEGAN, **chat(MEGAN)))["value"] == opened["value"]
    assert await project_members(app) == before


async def test_a_user_without_a_seat_on_the_integrations_contract_is_told_so(app: App) -> None:
    await enabled(app, contract=CAMPUS)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    opened = await open_projects(app, MEGAN, "C1001")
    assert opened["value"].startswith(
        "Your LinkedIn account has no Recruiter seat on Contoso Campus Hiring, the contract of the LinkedIn "
        "integration"
    )
    # Alex has a seat on it: his projects there.
    alex = await open_projects(app, ALEX, "C1001")
    assert set(choices(alex["value"]).values()) == {f"70010029020-{n}" for n in (1, 2, 3)}


async def test_another_tenants_candidate_and_another_users_project_are_refused(app: App) -> None:
    await enabled(app)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    before = await project_members(app)
    fabrikams = await candidate_id(app, "C1001", OTHER_TENANT_ID)
    megans_project = "70010019021-1"

    for verb in (OPEN, SAVE):
        data = {"verb": verb, "candidateId": fabrikams, "projectId": megans_project}
        answer = await app.press(verb, data, user=MEGAN, **chat(MEGAN))
        assert answer["value"] == "That candidate doesn't exist or isn't visible to you."

    # Alex's project, named on a card Megan forged: not one of hers.
    card = (await open_projects(app, MEGAN, "C1001"))["value"]
    alexs_project = "70010019020-1"
    assert alexs_project not in choices(card).values()
    forged_data = {**button(card, SAVE), "projectId": alexs_project}
    forged = await app.press(SAVE, forged_data, user=MEGAN, **chat(MEGAN))
    # Her own projects come back, with why nothing was saved.
    assert_valid_card(forged["value"])
    assert "That isn't one of your Recruiter projects, so nothing was changed." in text_of(forged["value"])
    assert choices(forged["value"]) == choices(card)
    # A card without a choice, or without its candidate.
    unchosen = await app.press(SAVE, button(card, SAVE), user=MEGAN, **chat(MEGAN))
    assert unchosen["value"] == "Choose a project first."
    broken_data: list[dict[str, Any]] = [
        {"verb": SAVE, "projectId": megans_project},
        {"verb": OPEN, "candidateId": ["x"]},
    ]
    for data in broken_data:
        broken = await app.press(str(data["verb"]), data, user=MEGAN, **chat(MEGAN))
        assert broken["statusCode"] == 400
    assert await project_members(app) == before
    assert await saves_recorded(app) == []


async def test_in_a_group_chat_the_card_hides_contact_details_and_the_projects_are_the_pressers(
    app: App,
) -> None:
    await enabled(app)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    group = {"conversation_type": "groupChat", "conversation_id": "19:recruiting-team@thread.v2"}
    opened = await open_projects(app, MEGAN, "C1001", **group)
    assert "Silver medalists" in choices(opened["value"])
    back = await app.press(CLOSE, button(opened["value"], CLOSE), user=MEGAN, **group)
    assert "@" not in json.dumps(back["value"])  # the candidate's email stays out of a shared chat
    # Nothing was posted to the group chat but the candidate card that `find` answered with.
    assert len(app.channel.sent_in(group["conversation_id"])) == 1
    assert CHANNEL not in json.dumps(app.channel.sent()[-1])


async def test_linkedin_down_or_throttling_gets_a_polite_answer_in_time_and_changes_nothing(app: App) -> None:
    await enabled(app)
    await connect_own_account(app, MEGAN, "Megan Bowen")
    card = (await open_projects(app, MEGAN, "C1001"))["value"]
    silver = choices(card)["Silver medalists"]
    data = {**button(card, SAVE), "projectId": silver}
    before = await project_members(app)

    await app.sandbox("POST", "/sandbox/faults", {"errorRate": 1})
    started = time.monotonic()
    down = await app.press(SAVE, data, user=MEGAN, **chat(MEGAN))
    assert down["value"] == DID_NOT_ANSWER
    assert time.monotonic() - started < TURN_SECONDS + 3
    await app.sandbox("POST", "/sandbox/faults", {"errorRate": 0})

    await app.sandbox("POST", "/sandbox/faults", {"failNext": [{"status": 429, "retryAfter": 3600}]})
    throttled = await app.press(SAVE, data, user=MEGAN, **chat(MEGAN))
    assert throttled["value"] == DID_NOT_ANSWER
    assert await project_members(app) == before
    assert await saves_recorded(app) == []

    # LinkedIn is back: the same button saves.
    saved = await app.press(SAVE, data, user=MEGAN, **chat(MEGAN))
    assert "Saved Anna Jensen to Silver medalists." in text_of(saved["value"])
