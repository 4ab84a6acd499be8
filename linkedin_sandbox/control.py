"""/sandbox/…: the control endpoints that play LinkedIn's people and steer the sandbox."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from aiohttp import web

from linkedin_sandbox import people
from linkedin_sandbox.core import SANDBOX, ApiError, Fault, Sandbox

routes = web.RouteTableDef()


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError as exc:
        raise ApiError(400, "the body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def _sb(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]


@routes.get("/sandbox")
async def index(request: web.Request) -> web.Response:
    return web.json_response(
        {
            "endpoints": [
                "POST /sandbox/integration {customer?, level: company|contract|off, contract?}",
                "POST /sandbox/export {customer?, member, job, seat?, includeEmail?, answer?}",
                "POST /sandbox/inmail-reply {member, seat?, shareEmail?, text?}",
                "POST /sandbox/notes {member, text, seat?}",
                "DELETE /sandbox/notes/{id}",
                "POST /sandbox/webhooks/flush",
                "POST /sandbox/webhooks/challenge {customer?}",
                "GET /sandbox/webhooks",
                "POST /sandbox/faults {errorRate?, throttleRate?, latencyMs?, duplicateRate?, failNext?}",
                "POST /sandbox/clock {advanceSeconds}",
                "GET /sandbox/stats",
                "GET /sandbox/members",
                "GET /sandbox/apps",
                "GET /sandbox/projects",
            ]
        }
    )


@routes.post("/sandbox/integration")
async def integration(request: web.Request) -> web.Response:
    body = await _body(request)
    result = people.set_integration_level(
        _sb(request),
        customer=body.get("customer"),
        level=str(body.get("level", "")),
        contract=body.get("contract"),
    )
    return web.json_response(result)


@routes.post("/sandbox/export")
async def export(request: web.Request) -> web.Response:
    body = await _body(request)
    result = people.export_member(
        _sb(request),
        customer=body.get("customer"),
        member=str(body.get("member", "")),
        job=str(body.get("job", "")),
        seat=body.get("seat"),
        include_email=bool(body.get("includeEmail")),
        answer=body.get("answer") if isinstance(body.get("answer"), dict) else None,
    )
    return web.json_response(result)


@routes.post("/sandbox/inmail-reply")
async def inmail_reply(request: web.Request) -> web.Response:
    body = await _body(request)
    result = people.inmail_reply(
        _sb(request),
        member=str(body.get("member", "")),
        seat=body.get("seat"),
        share_email=bool(body.get("shareEmail")),
        text=body.get("text"),
    )
    return web.json_response(result)


@routes.post("/sandbox/notes")
async def write_note(request: web.Request) -> web.Response:
    body = await _body(request)
    note = people.write_note(
        _sb(request),
        member=str(body.get("member", "")),
        text=str(body.get("text", "")),
        seat=body.get("seat"),
    )
    return web.json_response(note)


@routes.delete("/sandbox/notes/{note_id}")
async def delete_note(request: web.Request) -> web.Response:
    return web.json_response(people.delete_note(_sb(request), request.match_info["note_id"]))


@routes.post("/sandbox/webhooks/flush")
async def flush(request: web.Request) -> web.Response:
    return web.json_response(await _sb(request).delivery.flush())


@routes.post("/sandbox/webhooks/challenge")
async def challenge(request: web.Request) -> web.Response:
    body = await _body(request)
    app = people.customer_app(_sb(request), body.get("customer"))
    return web.json_response({"ok": await _sb(request).delivery.challenge(app["client_id"])})


@routes.get("/sandbox/webhooks")
async def webhooks(request: web.Request) -> web.Response:
    return web.json_response(
        {"summary": _sb(request).delivery.summary(), "outbox": _sb(request).delivery.outbox()}
    )


@routes.post("/sandbox/faults")
async def faults(request: web.Request) -> web.Response:
    sandbox = _sb(request)
    body = await _body(request)
    names = {
        "errorRate": "error_rate",
        "throttleRate": "throttle_rate",
        "latencyMs": "latency_ms",
        "duplicateRate": "duplicate_rate",
        "recordsPerMinute": "records_per_minute",
        "exportsPerSeatPerMonth": "exports_per_seat_per_month",
    }
    changes = {names[k]: v for k, v in body.items() if k in names}
    sandbox.configure(**changes)
    for item in body.get("failNext") or []:
        sandbox.fail_next.append(
            Fault(
                status=int(item.get("status", 0)),
                retry_after=item.get("retryAfter"),
                delay_ms=int(item.get("delayMs", 0)),
            )
        )
    if body.get("clear"):
        sandbox.fail_next.clear()
    return web.json_response(
        {k: getattr(sandbox.config, v) for k, v in names.items()} | {"failNext": len(sandbox.fail_next)}
    )


@routes.post("/sandbox/clock")
async def clock(request: web.Request) -> web.Response:
    sandbox = _sb(request)
    body = await _body(request)
    sandbox.clock.advance(float(body.get("advanceSeconds", 0)))
    sandbox.delivery.wake()
    return web.json_response({"now": sandbox.clock.now_ms(), "offsetSeconds": sandbox.clock.offset})


@routes.get("/sandbox/stats")
async def stats(request: web.Request) -> web.Response:
    sandbox = _sb(request)
    return web.json_response({**asdict(sandbox.stats), "webhooks": sandbox.delivery.summary()})


@routes.get("/sandbox/members")
async def members(request: web.Request) -> web.Response:
    db = _sb(request).db
    users = [
        dict(r)
        for r in db.all(
            "SELECT m.id, m.first_name, m.last_name, m.email, group_concat(s.id) AS seats,"
            " group_concat(s.contract_id) AS contracts FROM members m LEFT JOIN seats s"
            " ON s.member_id = m.id WHERE m.is_user = 1 GROUP BY m.id"
        )
    ]
    count = db.one("SELECT COUNT(*) AS n FROM members")
    return web.json_response({"users": users, "members": count["n"] if count else 0})


@routes.get("/sandbox/apps")
async def apps(request: web.Request) -> web.Response:
    rows = _sb(request).db.all(
        "SELECT client_id, kind, name, unique_foreign_id, webhook_url, validated_at, challenge_failures,"
        " blocked FROM apps ORDER BY created_at"
    )
    out = []
    for r in rows:
        item = dict(r)
        item["integrations"] = [
            dict(i)
            for i in _sb(request).db.all(
                "SELECT context, type, name, status FROM integrations WHERE client_id = ?", r["client_id"]
            )
        ]
        out.append(item)
    return web.Response(text=json.dumps({"apps": out}), content_type="application/json")


@routes.get("/sandbox/projects")
async def projects(request: web.Request) -> web.Response:
    """Every Recruiter project, with its owner's seat and its members: what recruiters see in Recruiter."""
    db = _sb(request).db
    members: dict[str, list[str]] = {}
    for row in db.all("SELECT project_id, member FROM project_members ORDER BY added_at, member"):
        members.setdefault(row["project_id"], []).append(row["member"])
    rows = db.all(
        "SELECT p.id, p.name, p.seat_id, s.member_id FROM projects p JOIN seats s ON s.id = p.seat_id"
        " ORDER BY p.id"
    )
    return web.json_response(
        {
            "projects": [
                {
                    "id": r["id"],
                    "name": r["name"],
                    "seat": r["seat_id"],
                    "owner": r["member_id"],
                    "members": members.get(r["id"], []),
                }
                for r in rows
            ]
        }
    )
