"""Walking a LinkedIn sign-in in tests: the link in the user's 1:1 chat, the browser's round trip
through the sandbox's sign-in page (signing in as a chosen demo member), and the code typed in Teams."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from tests.bot.channel import TeamsUser
from tests.setup.cards import text_of
from tests.setup.conftest import App

CODE_ON_PAGE = re.compile(r'<p class="code">([^<]*)</p>')


@dataclass(frozen=True)
class SignInPage:
    """What the browser shows when LinkedIn sends it back to Talent Bridge."""

    status: int
    text: str
    callback_url: str

    @property
    def code(self) -> str:
        found = CODE_ON_PAGE.search(self.text)
        assert found, "the page shows no code: " + self.text
        return found.group(1)


def signin_link(card: dict[str, Any]) -> str:
    [link] = [a["url"] for a in card.get("actions", []) if a.get("type") == "Action.OpenUrl"]
    return str(link)


def signin_cards(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sign-in link cards among these activities."""
    return [
        attachment["content"]
        for activity in activities
        for attachment in activity.get("attachments") or []
        if "/linkedin/connect?state=" in str(attachment.get("content"))
    ]


async def personal_chat_id(app: App, user: TeamsUser) -> str:
    """The user's 1:1 chat with the bot, as the bot stored it."""
    rows = await app.sql(
        "SELECT r.conversation_id FROM conversation_references r JOIN users u ON u.id = r.user_id"
        " WHERE u.aad_object_id = ? AND r.conversation_type = 'personal'",
        user.aad_object_id,
    )
    assert len(rows) == 1, f"{user.name} has {len(rows)} stored 1:1 chats"
    return str(rows[0][0])


async def link_sent_to(app: App, user: TeamsUser) -> dict[str, Any]:
    """The latest sign-in card in the user's 1:1 chat."""
    cards = signin_cards(app.channel.sent_in(await personal_chat_id(app, user)))
    assert cards, f"no sign-in link in {user.name}'s 1:1 chat"
    return cards[-1]


async def sign_in(app: App, signin_card: dict[str, Any], member: str) -> SignInPage:
    """Follow the link over real HTTP: app → LinkedIn (sandbox) sign-in page, where whoever opened
    it signs in as the demo member `member` → the app's callback page."""
    link = signin_link(signin_card)
    assert link.startswith(app.base_url + "/linkedin/connect?state=")
    start = await app.get(link)
    assert start.status == 302, start.status
    authorization = start.headers["Location"]
    assert authorization.startswith(app.sandbox_url + "/oauth/v2/authorization?")
    page = await app.get(authorization)
    assert page.status == 200
    found = re.search(r'<a class="member" href="([^"]+)">' + re.escape(member) + "</a>", await page.text())
    assert found, "the sandbox offers no one-click sign-in for " + member
    approved = await app.get(app.sandbox_url + html.unescape(found.group(1)))
    assert approved.status == 302
    callback_url = approved.headers["Location"]
    assert callback_url.startswith(app.base_url + "/linkedin/callback?")
    callback = await app.get(callback_url)
    return SignInPage(callback.status, await callback.text(), callback_url)


async def type_code(app: App, user: TeamsUser, code: str, **conversation: Any) -> str:
    """The user types `code` to the bot (in their 1:1 chat unless told); the bot's answer."""
    if "conversation_id" not in conversation:
        conversation["conversation_id"] = await personal_chat_id(app, user)
    conversation.setdefault("conversation_type", "personal")
    activity = app.activity(code, user=user, **conversation)
    before = len(app.channel.sent())
    response = await app.post(activity)
    assert response.status in (200, 201), await response.text()
    [answer] = app.channel.sent()[before:]
    if answer.get("text"):
        return str(answer["text"])
    return text_of(answer["attachments"][0]["content"])
