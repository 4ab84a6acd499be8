"""Linking and unlinking on PostgreSQL (the production database): the walk to Enabled, a link, a
second press of the same confirmation, and an unlink, each written once with its audit entry."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.channel import RecordingChannel
from tests.match.conftest import linkedin_holds, walk_to_enabled
from tests.match.helpers import (
    LINK,
    PICK,
    UNLINK,
    candidate_id,
    card_for,
    data_of,
    link_audit,
    press,
    stored_link,
    texts,
)
from tests.setup.conftest import App, running_app


@pytest.fixture
async def postgres_app(
    seeded_postgres_url: str, recording_channel: tuple[RecordingChannel, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[App]:
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    async with running_app(seeded_postgres_url, recording_channel) as running:
        await walk_to_enabled(running, "company")
        yield running


async def test_link_twice_and_unlink_on_postgresql(postgres_app: App) -> None:
    app = postgres_app
    card = await card_for(app, "C1002")
    confirm = await press(app, PICK, data_of(card, PICK, "mbr-10009"))
    linked = await press(app, LINK, data_of(confirm, LINK))
    again = await press(app, LINK, data_of(confirm, LINK))
    assert "C1002 is already linked to that LinkedIn profile" in texts(again)
    assert await stored_link(app, "C1002") == ("manual", "mbr-10009", "https://www.linkedin.com/in/mbr-10009")
    # Who linked, read back from the audit log's parameters (a JSON query on PostgreSQL).
    assert "Linked to this LinkedIn profile by Megan Bowen on " in texts(await card_for(app, "C1002"))
    unlinked = await press(app, UNLINK, data_of(linked, UNLINK))
    assert "Unlinked C1002 from the LinkedIn profile of Anna Jensen." in texts(unlinked)
    assert await stored_link(app, "C1002") == ("none", None, None)
    assert await linkedin_holds(app, await candidate_id(app, "C1002")) == ([], None)
    assert [(who, params["member_id"]) for who, _action, params in await link_audit(app)] == [
        ("Megan Bowen", "mbr-10009"),
        ("Megan Bowen", "mbr-10009"),
    ]
