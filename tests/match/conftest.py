"""The LinkedIn profile match over HTTP: the real app with its LinkedIn sandbox and a recording
Teams channel, the setup walked to Enabled (by Alex Wilber, the admin, whose sign-in also connects
his own LinkedIn account) and Megan Bowen's own LinkedIn account connected in her settings.

The walk runs once per access level and session (tests/setup's harness, on a SQLite database);
each test gets its own copy of the database and of the sandbox's state."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, closing
from pathlib import Path
from typing import Any

import pytest

from connector import LinkedInClient
from linkedin_sandbox import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.bot.channel import MEGAN, RecordingChannel, TeamsUser, serve_recording_channel
from tests.conftest import _copy_sqlite as copy_sqlite
from tests.conftest import in_thread
from tests.setup.cards import button
from tests.setup.conftest import App, running_app
from tests.setup.linkedin_side import ORGANIZATION, customer_secret
from tests.setup.signin import sign_in, signin_cards, type_code
from tests.setup.test_walk import latest_setup_card, walk_to_partner_ready

DATABASE = "talentbridge.db"
SANDBOX_DATABASE = "linkedin-sandbox.db"  # the app keeps the sandbox's state beside its SQLite file


async def connect_own_account(app: App, user: TeamsUser) -> None:
    """`settings`, Connect, the sandbox's sign-in page (as the user's own member), the typed code."""
    chat = f"a:personal-{user.aad_object_id}"
    await app.say("settings", user=user, conversation_id=chat)
    card = app.channel.cards()[-1]
    await app.press("settings.connect", button(card, "settings.connect"), user=user, conversation_id=chat)
    signin = signin_cards(app.channel.sent_in(chat))[-1]
    page = await sign_in(app, signin, user.name)
    assert page.status == 200, page.text
    await type_code(app, user, page.code, conversation_id=chat)


async def walk_to_enabled(app: App, level: str) -> None:
    """The setup to Enabled at `level` ("company" or "contract"), and Megan's own account connected."""
    await walk_to_partner_ready(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": level})
    await app.flush_webhooks()
    await latest_setup_card(app, "Enabled")
    assert (await app.integration())["access_level"] == level
    await connect_own_account(app, MEGAN)
    app.channel.clear()


async def _walk_into(folder: Path, level: str) -> None:
    async with (
        serve_recording_channel() as channel,
        running_app(f"sqlite+aiosqlite:///{folder / DATABASE}", channel) as app,
    ):
        await walk_to_enabled(app, level)


@pytest.fixture(scope="session")
def _enabled_templates(
    _sqlite_templates: dict[bool, Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """The folder holding the database and the sandbox's state walked to Enabled at a level."""
    made: dict[str, Path] = {}

    def template(level: str) -> Path:
        if level not in made:
            folder = tmp_path_factory.mktemp(f"enabled-{level}")
            copy_sqlite(_sqlite_templates[True], folder / DATABASE)
            before = os.environ.get("SANDBOX_AUTO_DELIVER")
            os.environ["SANDBOX_AUTO_DELIVER"] = "false"  # the walk flushes LinkedIn's webhooks itself
            try:
                in_thread(asyncio.run, _walk_into(folder, level))
            finally:
                if before is None:
                    os.environ.pop("SANDBOX_AUTO_DELIVER", None)
                else:
                    os.environ["SANDBOX_AUTO_DELIVER"] = before
            made[level] = folder
        return made[level]

    return template


OpenApp = Callable[..., AbstractAsyncContextManager[App]]


@pytest.fixture
async def recording_channel() -> AsyncIterator[tuple[RecordingChannel, str]]:
    async with serve_recording_channel() as served:
        yield served


@pytest.fixture
def enabled_app(
    _enabled_templates: Callable[[str], Path],
    recording_channel: tuple[RecordingChannel, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> OpenApp:
    """`async with enabled_app("company") as app:` a copy of the walked setup, served fresh."""
    monkeypatch.setenv("SANDBOX_AUTO_DELIVER", "false")
    copies = iter(range(1000))

    def open_app(level: str = "company", **env: Any) -> AbstractAsyncContextManager[App]:
        folder = tmp_path / f"app-{next(copies)}"
        folder.mkdir()
        template = _enabled_templates(level)
        for name in (DATABASE, SANDBOX_DATABASE):
            copy_sqlite(template / name, folder / name)
        # The walk's Teams channel is gone: the conversations it stored can't be reached any more.
        with closing(sqlite3.connect(folder / DATABASE)) as copy, copy:
            copy.execute("DELETE FROM conversation_references")
        return running_app(f"sqlite+aiosqlite:///{folder / DATABASE}", recording_channel, **env)

    return open_app


@pytest.fixture
async def app(enabled_app: OpenApp) -> AsyncIterator[App]:
    """Enabled with Company-level access (what the profile widget needs)."""
    async with enabled_app("company") as running:
        yield running


async def linkedin_holds(app: App, candidate_id: str) -> tuple[list[str], str | None] | None:
    """What LinkedIn (the sandbox) holds for the candidate, read as the tenant's customer app: the
    members it matched on the email, and the manual match; None when it was never sent the candidate."""
    row = await app.integration()
    async with LinkedInClient(
        api_base=f"{app.sandbox_url}/v2",
        oauth_base=f"{app.sandbox_url}/oauth/v2",
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    ) as partner:
        customer = partner.for_customer(
            row["child_client_id"], await customer_secret(app), integration_context=ORGANIZATION
        )
        result = await customer.candidate_matches([candidate_id])
    if candidate_id in result.errors:
        assert result.errors[candidate_id].status == 404
        return None
    match = result.succeeded[candidate_id]
    return match.matched_members, match.manual_matched_member
