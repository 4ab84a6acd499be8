"""Job posting to LinkedIn: the admin's form and the per-tenant XML job feed (Limited Listings)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from defusedxml import ElementTree

from tests.bot.channel import ALEX, MEGAN
from tests.cardcheck import assert_valid_card
from tests.setup.cards import CHANNEL, button, text_of
from tests.setup.conftest import App

MANDATORY = ("partnerJobId", "company", "companyId", "title", "description", "location", "applyUrl")


async def _setup_card(app: App) -> dict[str, Any]:
    await app.say("setup", user=ALEX, conversation_type="channel", conversation_id=CHANNEL)
    [card] = app.channel.cards()
    assert_valid_card(card)
    return card


async def _save(app: App, card: dict[str, Any], user: Any = ALEX, **inputs: str) -> dict[str, Any]:
    data = {**button(card, "setup.jobs.save"), **inputs}
    return await app.press(
        "setup.jobs.save", data, user=user, conversation_type="channel", conversation_id=CHANNEL
    )


async def _feed_path(app: App) -> str:
    [(feed_id,)] = await app.sql("SELECT feed_id FROM linkedin_integrations")
    return f"/linkedin/jobs/{feed_id}.xml"


async def test_job_feed_holds_only_active_non_test_complete_jobs(https_app: App) -> None:
    app = https_app
    card = await _setup_card(app)
    assert "LinkedIn has no test environment" in text_of(card)
    # An extra job whose text needs escaping, and one whose id is too long for LinkedIn.
    [(tenant_id,)] = await app.sql("SELECT id FROM tenants WHERE id LIKE '0000%'")
    description = 'Fish & chips <b>daily</b> "quoted" — ' + "x" * 100
    insert = (
        "INSERT INTO jobs (id, tenant_id, job_code, title, status, stages, is_test, post_to_linkedin,"
        " location, description, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'active', '[]', 0, 1, 'Aarhus, Denmark', ?, '2026-01-01', '2026-01-01')"
    )
    await app.sql(insert, "j-esc", tenant_id, "J-1007", "R&D <Lead>", description)
    await app.sql(insert, "j-long", tenant_id, "J-" + "9" * 39, "Long id", "y" * 120)

    response = await _save(app, card, companyName="Contoso Ltd", companyId="1035", confirmGoLive="true")
    assert response["type"] == "application/vnd.microsoft.card.adaptive"
    updated = response["value"]
    assert_valid_card(updated)
    text = text_of(updated)
    assert "Contoso Ltd" in text and "1035" in text
    # The admin is told which jobs are left out and why.
    assert (
        "J-1004 Customer Success Manager: the description has 43 characters; LinkedIn needs at least 100"
        in text
    )
    assert "J-1005 Head of Sales, Nordics: it is a draft" in text
    assert "it is a test job, and LinkedIn has no test environment" in text
    assert "the job id is longer than 40 characters" in text

    feed = await app.get(app.base_url + await _feed_path(app))
    assert feed.status == 200
    assert feed.content_type == "application/xml"
    root = ElementTree.fromstring(await feed.read())
    assert root.tag == "source"
    jobs = {job.findtext("partnerJobId"): job for job in root.findall("job")}
    assert set(jobs) == {"J-1001", "J-1002", "J-1003", "J-1007"}
    for job in jobs.values():
        values = {tag: job.findtext(tag) or "" for tag in MANDATORY}
        assert all(values.values()), values
        assert len(values["partnerJobId"]) <= 40
        assert values["company"] == "Contoso Ltd"
        assert values["companyId"] == "1035"
        assert len(values["description"]) >= 100
        assert values["applyUrl"].startswith("https://")
    escaped = jobs["J-1007"]
    assert escaped.findtext("title") == "R&D <Lead>"
    assert escaped.findtext("description") == description

    # The apply link is a public job page for jobs in the feed.
    page = await app.get(app.base_url + urlsplit(jobs["J-1001"].findtext("applyUrl") or "").path)
    assert page.status == 200
    assert "Senior Backend Engineer" in await page.text()


async def test_job_posting_form_refuses_bad_input_and_non_admins(https_app: App) -> None:
    app = https_app
    card = await _setup_card(app)
    app.channel.clear()

    letters = await _save(app, card, companyName="Contoso", companyId="10a35", confirmGoLive="true")
    assert "digits only" in letters["value"]
    unconfirmed = await _save(app, card, companyName="Contoso", companyId="1035", confirmGoLive="false")
    assert "no test environment" in unconfirmed["value"]
    nameless = await _save(app, card, companyName="  ", companyId="1035", confirmGoLive="true")
    assert "company name" in nameless["value"]
    megan = await _save(app, card, user=MEGAN, companyName="Contoso", companyId="1035", confirmGoLive="true")
    assert megan["value"] == "Only ATS admins can change the LinkedIn setup."

    assert await app.sql("SELECT job_posting_enabled, company_name FROM linkedin_integrations") == [(0, None)]
    assert app.channel.updates() == []  # the card was left as it was
    assert (await app.get(app.base_url + await _feed_path(app))).status == 404  # posting is off
    assert (await app.get(app.base_url + "/linkedin/jobs/no-such-feed.xml")).status == 404


async def test_job_posting_can_be_stopped(https_app: App) -> None:
    app = https_app
    card = await _setup_card(app)
    saved = await _save(app, card, companyName="Contoso", companyId="1035", confirmGoLive="true")
    assert (await app.get(app.base_url + await _feed_path(app))).status == 200
    stop = button(saved["value"], "setup.jobs.stop")
    stopped = await app.press(
        "setup.jobs.stop", stop, user=ALEX, conversation_type="channel", conversation_id=CHANNEL
    )
    assert "Job posting is off." in text_of(stopped["value"])
    assert (await app.get(app.base_url + await _feed_path(app))).status == 404


async def test_local_demo_feed_explains_that_apply_links_need_https(app: App) -> None:
    card = await _setup_card(app)
    saved = await _save(app, card, companyName="Contoso", companyId="1035", confirmGoLive="true")
    assert "the apply link is not https" in text_of(saved["value"])
    root = ElementTree.fromstring(await (await app.get(app.base_url + await _feed_path(app))).read())
    assert root.findall("job") == []
