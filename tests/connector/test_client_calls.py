"""Every client call's happy path, against the sandbox over HTTP."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from connector import (
    LinkedInClient,
    LinkedInConflict,
    LinkedInError,
    LinkedInNotFound,
    company_integration_keys,
    contract_integration_key,
)
from linkedin_sandbox import RunningSandbox

from .conftest import CONTRACT, ORG, TENANT, Receiver
from .helpers import candidate, control

NOW = 1_700_000_000_000


async def test_partner_app_token_is_cached(client: LinkedInClient, sandbox: RunningSandbox) -> None:
    first = await client.app_token()
    assert await client.app_token() == first
    assert sandbox.sandbox.stats.token_requests == {client.client_id: 1}


async def test_provisioning_creates_a_child_app_with_its_own_credentials(client: LinkedInClient) -> None:
    app = await client.provision_application(name="Contoso ATS", unique_foreign_id=TENANT)
    assert app.credentials is not None and app.credentials.client_id != client.client_id
    again = await client.provision_application(name="Contoso ATS", unique_foreign_id=TENANT)
    assert again.credentials == app.credentials
    with pytest.raises(LinkedInConflict):
        await client.create_provisioned_application(name="x", unique_foreign_id=TENANT)
    assert await client.find_provisioned_application("unknown") is None


async def test_setup_names_integrations_registers_callback_and_reads_status(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    await sandbox.flush_webhooks()
    assert receiver.challenges == 1  # the callback URL was validated on registration
    change = await control(sandbox, "POST", "integration", {"level": "contract"})
    await sandbox.flush_webhooks()
    assert [e.type for e in receiver.events] == ["INTEGRATION_STATUS_CHANGE"]
    states = await customer.integration_status(receiver.events[0].request_id)
    assert {s.integration_type for s in states if s.status == "ENABLED"} == {
        "IN_ATS_INDICATOR",
        "ONE_CLICK_EXPORT",
        "PROFILE_PLUGIN",
        "CSA_API",
    }
    assert receiver.events[0].request_id == change["requestId"]
    keys = [*company_integration_keys(ORG), contract_integration_key(CONTRACT)]
    batch = await customer.get_integrations(keys)
    assert batch.ok and batch.succeeded["CSA_API"].integration_name == "Talent Bridge CSA"


async def test_jobs_are_posted_and_their_tasks_read(customer: LinkedInClient) -> None:
    job = {
        "externalJobPostingId": "J-1001",
        "title": "Backend Engineer",
        "description": "d" * 120,
        "location": "Copenhagen, Denmark",
        "listedAt": NOW,
        "companyApplyUrl": "https://example.com/apply",
        "jobPostingOperationType": "CREATE",
        "availability": "PRIVATE_TO_ATS_INTEGRATION",
    }
    posted = await customer.post_jobs([job, {**job, "externalJobPostingId": "J-BAD", "title": "x" * 201}])
    assert list(posted.succeeded) == ["J-1001"] and posted.errors["J-BAD"].status == 422
    tasks = await customer.job_posting_tasks(list(posted.succeeded.values()))
    assert list(tasks.succeeded.values()) == ["SUCCEEDED"]


async def test_candidates_matches_manual_match_and_notes(customer: LinkedInClient) -> None:
    result = await customer.upsert_candidates(
        {
            "C1": candidate("Ada", "Lovelace", "ada@example.com"),
            "C2": candidate("Lars", "Hansen", "l@example.com"),
        }
    )
    assert result.ok and set(result.succeeded) == {"C1", "C2"}
    matches = await customer.candidate_matches(["C1", "C2", "C404"])
    assert matches.succeeded["C1"].matched_members == ["urn:li:person:mbr-1001"]
    assert matches.succeeded["C2"].matched_members == []
    assert matches.errors["C404"].status == 404
    hits = await customer.member_search("Lars", "Hansen")
    assert len(hits) >= 2 and all(h.first_name == "Lars" for h in hits)
    assert await customer.member_search("Zoe", "Nobody") == []
    assert (await customer.set_manual_matches({"C2": hits[0].member})).ok
    assert (await customer.candidate_matches(["C2"])).succeeded["C2"].manual_matched_member == hits[0].member
    assert (await customer.set_manual_matches({"C2": None})).ok
    assert (await customer.candidate_matches(["C2"])).succeeded["C2"].manual_matched_member is None
    note = {
        "atsCreatedAt": NOW,
        "note": "Strong portfolio",
        "author": {"firstName": "Megan", "lastName": "Bowen"},
    }
    assert (await customer.upsert_candidate_notes("C1", {"N1": note})).ok
    assert (await customer.delete_candidate_notes("C1", ["N1"])).ok
    assert (await customer.delete_candidates(["C2"])).ok


async def test_a_member_is_looked_up_by_their_profile_address(customer: LinkedInClient) -> None:
    [lars, *_] = await customer.member_search("Lars", "Hansen")
    found = await customer.member_by_profile_url(lars.profile_url)
    assert found is not None and found.member == lars.member and found.first_name == "Lars"
    assert await customer.member_by_profile_url("https://www.linkedin.com/in/nobody-here") is None
    with pytest.raises(LinkedInError) as refused:  # not the one form the finder takes
        await customer.member_by_profile_url("https://example.com/in/" + lars.member)
    assert refused.value.status == 400


async def test_applications_with_stages_notes_and_feedback(customer: LinkedInClient) -> None:
    await customer.upsert_candidates({"C1": candidate("Ada", "Lovelace", "ada@example.com")})
    application = {
        "atsCandidateId": "C1",
        "atsCreatedAt": NOW,
        "atsLastModifiedAt": NOW,
        "atsJobPostingId": "J-1001",
        "atsJobPostingName": "Backend Engineer",
        "candidateEmail": "ada@example.com",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "source": "LinkedIn",
    }
    assert (await customer.upsert_applications({"A1": application})).ok
    stages = {
        "S1": {"atsCreatedAt": NOW, "stage": "Prospect"},
        "S2": {"atsCreatedAt": NOW + 1, "stage": "Screening"},
    }
    assert (await customer.upsert_application_children("A1", "stages", stages)).ok
    note = {
        "atsCreatedAt": NOW,
        "note": "Call went well",
        "author": {"firstName": "Adele", "lastName": "Vance"},
    }
    assert (await customer.upsert_application_children("A1", "notes", {"N1": note})).ok
    feedback = {
        "atsCreatedAt": NOW,
        "interviewer": {"firstName": "Isaiah", "lastName": "Langer"},
        "evaluations": [{"attribute": "Overall", "result": "4"}],
        "feedback": "Good",
        "interviewType": "Onsite",
    }
    assert (await customer.upsert_application_children("A1", "interviewFeedback", {"F1": feedback})).ok
    assert (await customer.delete_application_children("A1", "stages", ["S2"])).ok
    assert (await customer.delete_applications(["A1"])).ok


async def test_export_arrives_as_event_and_is_fetched(
    customer: LinkedInClient, sandbox: RunningSandbox, receiver: Receiver
) -> None:
    await control(sandbox, "POST", "integration", {"level": "company"})
    exported = await control(
        sandbox, "POST", "export", {"member": "ada@example.com", "job": "J-1001", "seat": "alexw@example.com"}
    )
    await sandbox.flush_webhooks()
    event = receiver.events[-1]
    assert event.type == "EXPORT_CANDIDATE_PROFILE" and event.request_id == exported["requestId"]
    got = await customer.exported_candidate(event.request_id)
    assert got.integration_context == ORG and got.external_job_posting_id == "J-1001"
    assert got.candidate.member == "urn:li:person:mbr-1001" and got.candidate.email_address is None
    assert got.exporter.member == "urn:li:person:mbr-9020"


async def test_contract_level_history(customer: LinkedInClient, sandbox: RunningSandbox) -> None:
    await control(sandbox, "POST", "integration", {"level": "contract"})
    seats = await customer.seats(CONTRACT)
    alex = next(s for s in seats if s.member == "urn:li:person:mbr-9020")
    start = sandbox.sandbox.clock.now_ms() - 3_600_000
    await control(
        sandbox, "POST", "inmail-reply", {"member": "mbr-1001", "seat": alex.seat, "shareEmail": True}
    )
    note = await control(
        sandbox, "POST", "notes", {"member": "mbr-1001", "seat": alex.seat, "text": "Great fit"}
    )
    await control(sandbox, "DELETE", f"notes/{note['id']}")
    end = sandbox.sandbox.clock.now_ms() + 1
    events = await customer.conversation_events(alex.seat, start, end)
    assert [e.direction for e in events] == ["SENT", "RECEIVED"]
    stubs = await customer.mail_stubs(CONTRACT, alex.seat, start, end)
    assert stubs[0].email_address == "ada@example.com" and stubs[0].first_name == "Ada"
    notes = await customer.prospect_notes(CONTRACT, alex.seat, start, end)
    assert [(n.note, n.active) for n in notes] == [("Great fit", False)]
    # a long range is pulled in 12-hour windows
    assert await customer.conversation_events(alex.seat, start - 3 * 86_400_000, end) == events


async def test_recruiter_projects(customer: LinkedInClient, sandbox: RunningSandbox) -> None:
    await control(sandbox, "POST", "integration", {"level": "contract"})
    seat = next(s for s in await customer.seats(CONTRACT) if s.member.endswith("mbr-9021"))
    projects = await customer.recruiter_projects(seat.seat)
    assert [p.name for p in projects] == ["Backend Engineer pipeline", "Silver medalists"]
    assert await customer.add_to_recruiter_project(projects[0].id, "mbr-1001") is True
    assert (await customer.recruiter_projects(seat.seat))[0].member_count == 1
    # Added again (by URN this time): LinkedIn answers that the member is already in the project.
    assert await customer.add_to_recruiter_project(projects[0].id, "urn:li:person:mbr-1001") is False
    assert (await customer.recruiter_projects(seat.seat))[0].member_count == 1
    with pytest.raises(LinkedInNotFound):
        await customer.add_to_recruiter_project("no-such-project", "mbr-1001")


async def test_admin_signs_in_with_one_click_and_sees_two_contracts(
    client: LinkedInClient, sandbox: RunningSandbox
) -> None:
    redirect = "http://127.0.0.1:3978/auth/linkedin/callback"
    url = client.authorization_url(redirect, state="s-123")
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as page:
            html = await page.text()
        link = re.search(r'href="([^"]*member=mbr-9020[^"]*)"', html)
        assert link is not None and "Alex Wilber" in html
        approve = sandbox.base_url + link.group(1).replace("&amp;", "&")
        async with session.get(approve, allow_redirects=False) as resp:
            assert resp.status == 302
            location = resp.headers["Location"]
    assert location.startswith(redirect)
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["s-123"]
    token = await client.exchange_code(query["code"][0], redirect)
    me = await client.me(token.access_token)
    assert me.id == "mbr-9020" and me.localized_first_name == "Alex"
    contracts = await client.recruiter_contracts(token.access_token)
    assert [c.contract for c in contracts] == ["urn:li:contract:7001001", "urn:li:contract:7001002"]
    # Each with the signed-in member's own seat on it: no contract-level access needed to find it.
    assert [c.seat for c in contracts] == ["urn:li:seat:70010019020", "urn:li:seat:70010029020"]
