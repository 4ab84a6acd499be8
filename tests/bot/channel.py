"""A stand-in for the Teams channel service: records what the bot sends and answers roster calls."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

TENANT = "00000000-0000-0000-0000-0000000000001"
OTHER_TENANT = "99999999-0000-0000-0000-000000000002"
BOT_ID = "28:talentbridge-bot"


@dataclass(frozen=True)
class TeamsUser:
    aad_object_id: str
    name: str
    email: str
    upn: str | None = None

    @property
    def id(self) -> str:
        return f"29:{self.aad_object_id}"

    def account(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}

    def member(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "email": self.email,
            "userPrincipalName": self.upn or self.email,
            "tenantId": TENANT,
        }


ALEX = TeamsUser("00000000-0000-0000-0000-0000000000020", "Alex Wilber", "alexw@example.com")
MEGAN = TeamsUser("00000000-0000-0000-0000-0000000000021", "Megan Bowen", "meganb@example.com")
ISAIAH = TeamsUser(
    "00000000-0000-0000-0000-0000000000023", "Isaiah Langer", "isaiahl@example.com", "isaiah@example.com"
)
LYNNE = TeamsUser("00000000-0000-0000-0000-0000000000025", "Lynne Robbins", "lynner@example.com")
# Isaiah's Teams account under an Entra object id the ATS does not know (it was added with his UPN
# only), whose roster email is not the ATS's either: only his UPN, from the roster, finds him.
ISAIAH_BY_UPN = TeamsUser(
    "00000000-0000-0000-0000-0000000000099",
    "Isaiah Langer",
    "isaiah.langer@contoso.example",
    "isaiah@example.com",
)
# Someone in the tenant the ATS does not know, who writes Alex's email into the activity's body.
MALLORY = TeamsUser("00000000-0000-0000-0000-0000000000066", "Mallory Mayer", "mallorym@example.com")
ROSTER = (ALEX, MEGAN, ISAIAH, LYNNE, ISAIAH_BY_UPN, MALLORY)


@dataclass
class RecordingChannel:
    """Everything the bot sent, in order, as (method, path, body)."""

    calls: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Teams refuses to open a 1:1 chat (e.g. the app is blocked for the user) when set.
    refuse_new_conversations: bool = False
    roster_lookups: list[str] = field(default_factory=list)  # the member ids the bot asked about
    # What Teams answers to posting or updating in a conversation (id -> HTTP status), e.g. 403 when
    # the user uninstalled the app, 404 when the conversation is gone, 429 when throttling.
    refusing: dict[str, int] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (method, path) answered from `refusing`
    # Teams stalling: the next post in a conversation (id -> seconds) is answered only after that long.
    stalling: dict[str, float] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def sent(self) -> list[dict[str, Any]]:
        """The activities the bot posted (new messages and replies), oldest first."""
        return [body for method, _path, body in self.calls if method == "POST" and body.get("type")]

    def sent_in(self, conversation_id: str) -> list[dict[str, Any]]:
        """The activities the bot posted in one conversation, oldest first."""
        prefix = f"/v3/conversations/{conversation_id}/activities"
        return [
            body
            for method, path, body in self.calls
            if method == "POST" and body.get("type") and (path == prefix or path.startswith(prefix + "/"))
        ]

    def conversations_created(self) -> list[dict[str, Any]]:
        """The bodies of the bot's requests to open a new conversation (a 1:1 chat)."""
        return [body for method, path, body in self.calls if method == "POST" and path == "/v3/conversations"]

    def updates(self) -> list[tuple[str, dict[str, Any]]]:
        return [(path, body) for method, path, body in self.calls if method == "PUT"]

    def cards(self) -> list[dict[str, Any]]:
        return [
            attachment["content"]
            for activity in self.sent()
            for attachment in activity.get("attachments") or []
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    def texts(self) -> list[str]:
        return [activity["text"] for activity in self.sent() if activity.get("text")]

    def clear(self) -> None:
        self.calls.clear()
        self.roster_lookups.clear()
        self.refused.clear()

    def app(self) -> web.Application:
        def refusal(request: web.Request) -> web.Response | None:
            status = self.refusing.get(request.match_info["conversation_id"])
            if status is None:
                return None
            self.refused.append((request.method, request.path))
            return web.json_response({"error": {"code": "Refused", "message": "refused"}}, status=status)

        async def post_activity(request: web.Request) -> web.Response:
            if (refused := refusal(request)) is not None:
                return refused
            if (stall := self.stalling.pop(request.match_info["conversation_id"], None)) is not None:
                await asyncio.sleep(stall)
            body = await request.json()
            self.calls.append(("POST", request.path, body))
            return web.json_response({"id": f"activity-{next(self._ids)}"})

        async def put_activity(request: web.Request) -> web.Response:
            if (refused := refusal(request)) is not None:
                return refused
            body = await request.json()
            self.calls.append(("PUT", request.path, body))
            return web.json_response({"id": request.match_info["activity_id"]})

        async def get_member(request: web.Request) -> web.Response:
            self.roster_lookups.append(request.match_info["member_id"])
            member = self.members.get(request.match_info["member_id"])
            if member is None:
                return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
            return web.json_response(member)

        async def get_members(_request: web.Request) -> web.Response:
            return web.json_response(list(self.members.values()))

        async def create_conversation(request: web.Request) -> web.Response:
            body = await request.json()
            self.calls.append(("POST", request.path, body))
            if self.refuse_new_conversations:
                return web.json_response({"error": {"code": "Forbidden"}}, status=403)
            return web.json_response({"id": f"a:conversation-{next(self._ids)}"})

        app = web.Application()
        app.router.add_post("/v3/conversations", create_conversation)
        app.router.add_post("/v3/conversations/{conversation_id}/activities", post_activity)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{reply_to}", post_activity)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", put_activity)
        app.router.add_get("/v3/conversations/{conversation_id}/members/{member_id}", get_member)
        app.router.add_get("/v3/conversations/{conversation_id}/members", get_members)
        return app


@asynccontextmanager
async def serve_recording_channel() -> AsyncIterator[tuple[RecordingChannel, str]]:
    """A recording channel on a loopback port, knowing the demo users; yields it and its URL."""
    recording = RecordingChannel()
    for user in ROSTER:
        recording.members[user.id] = user.member()
    server = TestServer(recording.app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield recording, str(server.make_url("")).rstrip("/") + "/"
    finally:
        await server.close()
