"""The export service on a real database (SQLite and PostgreSQL): each precondition refused with its
own message and nothing written; matching by member id, then email, else a new candidate; one
application per candidate and job, whatever the keys; a repeated key answers with what it made;
exports at the same moment (threads of one process, one engine) make one candidate and one
application. Both paths over HTTP are in tests/exports/test_from_linkedin.py and test_from_teams.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.exports import ExistingCandidate, ExportOutcome, ExportRequest, ExportSource, LinkedInProfile
from i18n import translator
from services.capabilities import Capabilities, IntegrationNotEnabled, LinkedInNotConnected
from services.errors import CandidateNotFound, NotAnAtsUser
from services.exports import (
    CandidateExports,
    ExportAllowanceUsed,
    ExportJobNotActive,
    ExportJobNotFound,
    ExportKeyReused,
    ExportNoProspectStage,
    ExportNotOnHiringTeam,
    ExportRefused,
    ExportTestJob,
)
from store.db import create_engine, session_factory
from store.demo_data import ADELE, ALEX, DEMO_TENANT_ID, ISAIAH, MEGAN, OTHER_TENANT_ID

TENANT = DEMO_TENANT_ID

# Tables an export may write; a refusal must leave every one of them as it was.
WRITTEN = ("candidates", "candidate_emails", "applications", "application_stage_history", "candidate_exports")


class Harness:
    def __init__(self, engine: AsyncEngine, allowance: int = 300) -> None:
        self.engine = engine
        self.exports = CandidateExports(
            session_factory(engine), Capabilities(session_factory(engine)), allowance=allowance
        )
        self.users: dict[str, str] = {}
        self.jobs: dict[str, str] = {}
        self.candidates: dict[str, str] = {}

    async def sql(self, query: str, **params: Any) -> list[Any]:
        async with self.engine.begin() as connection:
            result = await connection.execute(text(query), params)
            return list(result.fetchall()) if result.returns_rows else []

    async def load(self) -> None:
        for tenant, aad, user_id in await self.sql("SELECT tenant_id, aad_object_id, id FROM users"):
            self.users[f"{tenant}:{aad}"] = user_id
        for tenant, code, job_id in await self.sql("SELECT tenant_id, job_code, id FROM jobs"):
            self.jobs[f"{tenant}:{code}"] = job_id
        for tenant, code, candidate_id in await self.sql("SELECT tenant_id, code, id FROM candidates"):
            self.candidates[f"{tenant}:{code}"] = candidate_id

    def user(self, aad: str, tenant: str = TENANT) -> str:
        return self.users[f"{tenant}:{aad}"]

    def job(self, code: str, tenant: str = TENANT) -> str:
        return self.jobs[f"{tenant}:{code}"]

    def candidate(self, code: str, tenant: str = TENANT) -> str:
        return self.candidates[f"{tenant}:{code}"]

    async def enable(self, level: str = "company", tenant: str = TENANT) -> None:
        await self.sql(
            "INSERT INTO linkedin_integrations (tenant_id, state, access_level, version, contracts,"
            " request_ids, callback_id, feed_id, job_posting_enabled, apply_with_linkedin_enabled,"
            " created_at, updated_at)"
            " VALUES (:t, 'enabled', :level, 1, '[]', '[]', :cb, :feed, false, false, :now, :now)",
            t=tenant,
            level=level,
            cb=f"cb-{tenant}",
            feed=f"feed-{tenant}",
            now=datetime.now(UTC),
        )

    async def connect(self, aad: str, member: str, tenant: str = TENANT) -> None:
        await self.sql(
            "INSERT INTO linkedin_connections (id, tenant_id, user_id, member_id, member_name,"
            " token_encrypted, connected_at) VALUES (:id, :t, :u, :m, '', 'x', :now)",
            id=f"conn-{member}",
            t=tenant,
            u=self.user(aad, tenant),
            m=member,
            now=datetime.now(UTC),
        )

    async def counts(self) -> dict[str, int]:
        return {table: (await self.sql(f"SELECT COUNT(*) FROM {table}"))[0][0] for table in WRITTEN}

    def request(
        self,
        candidate: LinkedInProfile | ExistingCandidate,
        *,
        job: str = "J-1001",
        by: str = MEGAN,
        key: str = "teams:k1",
        source: ExportSource = ExportSource.TEAMS,
        tenant: str = TENANT,
    ) -> ExportRequest:
        return ExportRequest(
            tenant_id=tenant,
            exporter_user_id=self.user(by, tenant) if f"{tenant}:{by}" in self.users else by,
            job_id=self.job(job, tenant) if f"{tenant}:{job}" in self.jobs else job,
            candidate=candidate,
            idempotency_key=key,
            source=source,
        )


def profile(
    member: str = "mbr-new-1", *, first: str = "Nora", last: str = "Eklund", emails: tuple[str, ...] = ()
) -> LinkedInProfile:
    return LinkedInProfile(
        member_id=member,
        first_name=first,
        last_name=last,
        profile_url=f"https://www.linkedin.com/in/{member}/",
        headline="Staff Engineer at Northwind",
        emails=emails,
        current_company="Northwind",
        current_title="Staff Engineer",
    )


@pytest.fixture
async def h(seeded_db_url: str) -> AsyncIterator[Harness]:
    engine = create_engine(seeded_db_url)
    harness = Harness(engine)
    await harness.load()
    await harness.enable()
    await harness.connect(MEGAN, "mbr-9021")
    await harness.connect(ADELE, "mbr-adele")
    await harness.connect(ISAIAH, "mbr-isaiah")
    try:
        yield harness
    finally:
        await engine.dispose()


async def test_a_new_member_becomes_a_candidate_with_an_application_in_prospect(h: Harness) -> None:
    before = await h.counts()
    result = await h.exports.export(
        h.request(profile(emails=("Nora.Eklund@Example.com",)), source=ExportSource.LINKEDIN)
    )
    assert result.outcome is ExportOutcome.EXPORTED
    assert result.candidate_created and result.stage == "Prospect"
    assert result.job_code == "J-1001" and result.candidate_name == "Nora Eklund"
    after = await h.counts()
    assert {t: after[t] - before[t] for t in WRITTEN} == {
        "candidates": 1,
        "candidate_emails": 1,
        "applications": 1,
        "application_stage_history": 1,
        "candidate_exports": 1,
    }
    row = (
        await h.sql(
            "SELECT code, first_name, last_name, current_company, current_title, linkedin_member_id,"
            " linkedin_profile_url, link_state FROM candidates WHERE id = :id",
            id=result.candidate_id,
        )
    )[0]
    assert tuple(row) == (
        result.candidate_code,
        "Nora",
        "Eklund",
        "Northwind",
        "Staff Engineer",
        "mbr-new-1",
        "https://www.linkedin.com/in/mbr-new-1",
        "manual",
    )
    assert result.candidate_code.startswith("C") and int(result.candidate_code[1:]) > 1200
    assert (
        await h.sql("SELECT address FROM candidate_emails WHERE candidate_id = :id", id=result.candidate_id)
    ) == [("nora.eklund@example.com",)]
    application = await h.sql(
        "SELECT current_stage, source FROM applications WHERE id = :id", id=result.application_id
    )
    assert [tuple(r) for r in application] == [("Prospect", "linkedin")]
    history = await h.sql(
        "SELECT stage, moved_by_user_id FROM application_stage_history WHERE application_id = :id",
        id=result.application_id,
    )
    assert [tuple(r) for r in history] == [("Prospect", h.user(MEGAN))]
    # The new candidate is found by name at once (the search index follows the candidates table).
    found = await h.sql(
        "SELECT candidate_id FROM candidate_search WHERE candidate_id = :id", id=result.candidate_id
    )
    assert found


async def test_candidate_ids_keep_counting_from_the_highest(h: Harness) -> None:
    first = await h.exports.export(h.request(profile("mbr-a"), key="k-a"))
    second = await h.exports.export(h.request(profile("mbr-b", first="Bo", last="Ek"), key="k-b"))
    assert int(second.candidate_code[1:]) == int(first.candidate_code[1:]) + 1


async def test_a_member_who_is_a_candidate_by_member_id_is_not_created_again(h: Harness) -> None:
    member, candidate_id = (
        await h.sql(
            "SELECT linkedin_member_id, id FROM candidates WHERE tenant_id = :t AND code = 'C1001'", t=TENANT
        )
    )[0]
    before = await h.counts()
    result = await h.exports.export(h.request(profile(member, first="Anna", last="Jensen"), job="J-1003"))
    assert result.candidate_id == candidate_id and not result.candidate_created
    after = await h.counts()
    assert after["candidates"] == before["candidates"]


async def test_a_member_who_is_a_candidate_by_email_is_not_created_again_and_is_linked(h: Harness) -> None:
    candidate_id = h.candidate("C1005")  # Øyvind Haugen: linked to no member
    (address,) = (
        await h.sql("SELECT address FROM candidate_emails WHERE candidate_id = :id", id=candidate_id)
    )[0]
    before = await h.counts()
    result = await h.exports.export(
        h.request(
            profile("mbr-oyvind", first="Øyvind", last="Haugen", emails=(address.upper(),)), job="J-1003"
        )
    )
    assert result.candidate_id == candidate_id and not result.candidate_created
    assert (await h.counts())["candidates"] == before["candidates"]
    linked = await h.sql(
        "SELECT linkedin_member_id, link_state FROM candidates WHERE id = :id", id=candidate_id
    )
    assert tuple(linked[0]) == ("mbr-oyvind", "manual")


async def test_a_candidate_already_in_the_job_gets_their_application_back(h: Harness) -> None:
    application_id, candidate_id, stage = (
        await h.sql(
            "SELECT a.id, a.candidate_id, a.current_stage FROM applications a JOIN jobs j ON j.id = a.job_id"
            " WHERE j.tenant_id = :t AND j.job_code = 'J-1001' AND a.current_stage = 'Screening' LIMIT 1",
            t=TENANT,
        )
    )[0]
    before = await h.counts()
    result = await h.exports.export(h.request(ExistingCandidate(candidate_id)))
    assert result.outcome is ExportOutcome.ALREADY_IN_JOB
    assert (result.application_id, result.stage) == (application_id, stage)
    after = await h.counts()
    assert after["applications"] == before["applications"]
    assert after["application_stage_history"] == before["application_stage_history"]


async def test_the_same_key_again_answers_with_what_it_made_and_writes_nothing(h: Harness) -> None:
    first = await h.exports.export(h.request(profile(), key="linkedin:req-1"))
    before = await h.counts()
    for _ in range(3):
        again = await h.exports.export(h.request(profile(), key="linkedin:req-1"))
        assert again.outcome is ExportOutcome.REPEATED
        assert (again.application_id, again.candidate_id) == (first.application_id, first.candidate_id)
    assert await h.counts() == before


async def test_a_key_used_for_another_job_or_candidate_or_user_is_refused(h: Harness) -> None:
    await h.exports.export(h.request(profile(), key="teams:action-1"))
    before = await h.counts()
    for request in (
        h.request(profile(), key="teams:action-1", job="J-1002"),
        h.request(profile("mbr-other"), key="teams:action-1"),
        h.request(profile(), key="teams:action-1", by=ADELE),
    ):
        with pytest.raises(ExportKeyReused):
            await h.exports.export(request)
    assert await h.counts() == before


async def test_two_keys_for_one_member_and_job_make_one_application(h: Harness) -> None:
    first = await h.exports.export(h.request(profile(), key="linkedin:req-1"))
    second = await h.exports.export(h.request(profile(), key="linkedin:req-2", by=ADELE))
    assert second.outcome is ExportOutcome.ALREADY_IN_JOB
    assert second.application_id == first.application_id
    assert (await h.sql("SELECT COUNT(*) FROM candidates WHERE linkedin_member_id = 'mbr-new-1'"))[0][0] == 1


async def test_exports_at_the_same_moment_make_one_candidate_and_one_application(h: Harness) -> None:
    """Ten exports of one new member into one job at once, half of them with the same key: one
    candidate, one application, one stage entry; every export answers with that application."""
    requests = [h.request(profile(), key=f"linkedin:req-{i % 5}") for i in range(10)]
    results = await asyncio.gather(*(h.exports.export(r) for r in requests))
    assert len({r.application_id for r in results}) == 1
    assert sum(r.outcome is ExportOutcome.EXPORTED for r in results) == 1
    assert (await h.sql("SELECT COUNT(*) FROM candidates WHERE linkedin_member_id = 'mbr-new-1'"))[0][0] == 1
    application_id = results[0].application_id
    assert (
        await h.sql(
            "SELECT COUNT(*) FROM application_stage_history WHERE application_id = :a", a=application_id
        )
    )[0][0] == 1
    assert (await h.sql("SELECT COUNT(*) FROM candidate_exports"))[0][0] == 5


REFUSALS = [
    ("J-1005", MEGAN, ExportJobNotActive),  # a draft (Megan has no role on it: the status comes first)
    ("J-1006", MEGAN, ExportTestJob),
    ("J-1004", MEGAN, ExportNoProspectStage),
    ("J-1001", ISAIAH, ExportNotOnHiringTeam),  # an interviewer
    ("no-such-job", MEGAN, ExportJobNotFound),
    ("F-2001", MEGAN, ExportJobNotFound),  # another tenant's job
]


@pytest.mark.parametrize(("job", "by", "refusal"), REFUSALS)
async def test_each_precondition_is_refused_with_its_own_message_and_writes_nothing(
    h: Harness, job: str, by: str, refusal: type[ExportRefused]
) -> None:
    if job == "J-1005":
        refusal = ExportJobNotActive  # a draft is refused as not active before any role is checked
    if job == "F-2001":
        request = h.request(profile(), job=h.job("F-2001", OTHER_TENANT_ID), by=by)
    else:
        request = h.request(profile(), job=job, by=by)
    before = await h.counts()
    with pytest.raises(refusal) as raised:
        await h.exports.export(request)
    assert await h.counts() == before
    message = raised.value.localized(translator("en-US"))
    assert message and "{" not in message
    assert raised.value.localized(translator("da-DK")) != message


async def test_the_messages_of_the_refusals_differ(h: Harness) -> None:
    t = translator("en-US")
    messages = {
        cls(job="X", limit=3).localized(t)
        for cls in (
            ExportJobNotFound,
            ExportJobNotActive,
            ExportTestJob,
            ExportNotOnHiringTeam,
            ExportNoProspectStage,
            ExportAllowanceUsed,
            ExportKeyReused,
        )
    }
    assert len(messages) == 7


async def test_a_closed_job_is_refused(h: Harness) -> None:
    await h.sql("UPDATE jobs SET status = 'closed' WHERE id = :id", id=h.job("J-1002"))
    with pytest.raises(ExportJobNotActive):
        await h.exports.export(h.request(profile(), job="J-1002"))


async def test_an_integration_below_company_level_is_refused(h: Harness) -> None:
    await h.sql("UPDATE linkedin_integrations SET state = 'partner_ready', access_level = 'none'")
    before = await h.counts()
    with pytest.raises(IntegrationNotEnabled):
        await h.exports.export(h.request(profile()))
    assert await h.counts() == before


async def test_an_exporter_without_their_own_linkedin_account_is_refused(h: Harness) -> None:
    with pytest.raises(LinkedInNotConnected):
        await h.exports.export(h.request(profile(), by=ALEX))  # Alex never connected here


async def test_the_monthly_allowance_counts_the_applications_an_exporter_made(h: Harness) -> None:
    small = CandidateExports(h.exports.sessions, h.exports.capabilities, allowance=2)
    for i in range(2):
        await small.export(h.request(profile(f"mbr-{i}"), key=f"k-{i}"))
    # Already in the job costs nothing and is still answered.
    again = await small.export(h.request(profile("mbr-0"), key="k-again"))
    assert again.outcome is ExportOutcome.ALREADY_IN_JOB
    before = await h.counts()
    with pytest.raises(ExportAllowanceUsed) as raised:
        await small.export(h.request(profile("mbr-3"), key="k-3"))
    assert "2" in raised.value.localized(translator("en-US"))
    assert await h.counts() == before
    # Another exporter has their own allowance.
    assert (
        await small.export(h.request(profile("mbr-3"), key="k-4", by=ADELE))
    ).outcome is ExportOutcome.EXPORTED


async def test_another_tenants_candidate_or_user_is_not_found(h: Harness) -> None:
    before = await h.counts()
    with pytest.raises(CandidateNotFound):
        await h.exports.export(h.request(ExistingCandidate(h.candidate("C1001", OTHER_TENANT_ID))))
    with pytest.raises(NotAnAtsUser):
        await h.exports.export(
            h.request(profile(), by=h.user("99999999-0000-0000-0000-000000000020", OTHER_TENANT_ID))
        )
    with pytest.raises(CandidateNotFound):
        await h.exports.export(h.request(ExistingCandidate("garbage' OR 1=1 --")))
    assert await h.counts() == before


async def test_exportable_jobs_are_active_real_jobs_with_prospect_where_the_user_hires(h: Harness) -> None:
    megan = await h.exports.requester_of(TENANT, h.user(MEGAN))
    assert megan is not None
    offered = await h.exports.exportable_jobs(megan)
    assert {j.job_code for j in offered.jobs} == {"J-1001", "J-1002", "J-1003"}
    assert offered.total == 3
    by_code = await h.exports.exportable_jobs(megan, "j-1002")
    assert [j.job_code for j in by_code.jobs] == ["J-1002"]
    by_title = await h.exports.exportable_jobs(megan, "engineer")
    assert [j.job_code for j in by_title.jobs] == ["J-1003", "J-1001"]
    assert (await h.exports.exportable_jobs(megan, limit=1)).total == 3
    isaiah = await h.exports.requester_of(TENANT, h.user(ISAIAH))
    assert isaiah is not None and (await h.exports.exportable_jobs(isaiah)).jobs == ()
    assert (
        await h.exports.requester_of(TENANT, h.user("99999999-0000-0000-0000-000000000020", OTHER_TENANT_ID))
        is None
    )


async def test_why_a_job_typed_by_its_id_is_not_offered(h: Harness) -> None:
    megan = await h.exports.requester_of(TENANT, h.user(MEGAN))
    isaiah = await h.exports.requester_of(TENANT, h.user(ISAIAH))
    assert megan is not None and isaiah is not None
    before = await h.counts()
    refusals = {
        code: await h.exports.refusal_for_job_code(megan, code)
        for code in ("J-1006", "j-1004", " J-1005 ", "J-1002", "F-2001", "J-9999", "x" * 500)
    }
    assert isinstance(refusals["J-1006"], ExportTestJob)
    assert isinstance(refusals["j-1004"], ExportNoProspectStage)  # her own job, any case
    assert isinstance(refusals[" J-1005 "], ExportJobNotActive)
    # One she may export to, another organization's job id, no job, garbage: nothing to say.
    assert refusals["J-1002"] is None and refusals["F-2001"] is None
    assert refusals["J-9999"] is None and refusals["x" * 500] is None
    # An Interviewer on the job is told who may export to it.
    assert isinstance(await h.exports.refusal_for_job_code(isaiah, "J-1001"), ExportNotOnHiringTeam)
    assert await h.counts() == before


async def test_exports_at_once_by_one_exporter_never_pass_the_allowance(h: Harness) -> None:
    """Eight exports of eight new members at the same moment, by one exporter with one export left:
    exactly one is made, the others are refused, whatever the database."""
    small = CandidateExports(h.exports.sessions, h.exports.capabilities, allowance=1)
    requests = [h.request(profile(f"mbr-race-{i}"), key=f"race-{i}") for i in range(8)]
    outcomes = await asyncio.gather(*(small.export(r) for r in requests), return_exceptions=True)
    made = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, ExportAllowanceUsed)]
    assert len(made) == 1 and len(refused) == 7, outcomes
    assert (await h.sql("SELECT COUNT(*) FROM applications WHERE source = 'teams'"))[0][0] == 1
