"""LinkedIn's people, played by the sandbox: a Recruiter admin switches the integration on or off,
a recruiter exports a member to a job, a candidate replies to an InMail, a recruiter writes a note.
"""

from __future__ import annotations

from typing import Any

from connector import assumed_shapes
from linkedin_sandbox.core import ApiError, Sandbox
from linkedin_sandbox.state import dumps, loads

COMPANY_TYPES = ("IN_ATS_INDICATOR", "ONE_CLICK_EXPORT", "PROFILE_PLUGIN")


def customer_app(sandbox: Sandbox, customer: str | None) -> Any:
    """A child app by uniqueForeignId or client id; the only one when not given."""
    if customer:
        row = sandbox.db.one(
            "SELECT * FROM apps WHERE kind = 'child' AND (unique_foreign_id = ? OR client_id = ?)",
            customer,
            customer,
        )
        if row is None:
            raise ApiError(404, f"no provisioned application {customer!r}")
        return row
    rows = sandbox.db.all("SELECT * FROM apps WHERE kind = 'child' ORDER BY created_at")
    if not rows:
        raise ApiError(409, "no customer application has been provisioned yet")
    if len(rows) > 1:
        raise ApiError(409, "several customers: say which one (uniqueForeignId)")
    return rows[0]


def member_row(sandbox: Sandbox, member: str) -> Any:
    """A member by id, urn:li:person:… or email."""
    row = sandbox.db.one(
        "SELECT * FROM members WHERE id = ? OR lower(email) = lower(?)", assumed_shapes.urn_id(member), member
    )
    if row is None:
        raise ApiError(404, f"no member {member!r}")
    return row


def seat_row(sandbox: Sandbox, seat: str | None, contract_id: str | None = None) -> Any:
    """A seat by id/urn, or a member's (id/email) first active seat, or the contract's first seat."""
    db = sandbox.db
    if seat:
        row = db.one("SELECT * FROM seats WHERE id = ?", assumed_shapes.urn_id(seat))
        if row is None:
            holder = member_row(sandbox, seat)
            row = db.one(
                "SELECT * FROM seats WHERE member_id = ? AND active = 1"
                + (" AND contract_id = ?" if contract_id else "")
                + " ORDER BY id",
                holder["id"],
                *([contract_id] if contract_id else []),
            )
    else:
        row = db.one(
            "SELECT * FROM seats WHERE active = 1"
            + (" AND contract_id = ?" if contract_id else "")
            + " ORDER BY id",
            *([contract_id] if contract_id else []),
        )
    if row is None:
        raise ApiError(404, f"no Recruiter seat {seat or ''}".strip())
    return row


def _org_contexts(sandbox: Sandbox, client_id: str) -> list[str]:
    rows = sandbox.db.all(
        "SELECT DISTINCT context FROM integrations WHERE client_id = ? AND type != 'CSA_API'"
        " ORDER BY context",
        client_id,
    )
    return [r["context"] for r in rows]


def set_integration_level(
    sandbox: Sandbox, *, customer: str | None, level: str, contract: str | None = None
) -> dict[str, Any]:
    """A Recruiter admin turns the integration on (company or contract level) or off."""
    if level not in ("company", "contract", "off"):
        raise ApiError(400, "level must be company, contract or off")
    app = customer_app(sandbox, customer)
    client_id, db, now = app["client_id"], sandbox.db, sandbox.clock.now_ms()
    orgs = _org_contexts(sandbox, client_id)
    if not orgs:
        raise ApiError(409, "the ATS has not named its integrations yet (atsIntegrations)")
    if level == "off":
        db.run(
            "UPDATE integrations SET status = 'DISABLED', modified_at = ? WHERE client_id = ?", now, client_id
        )
    else:
        for org in orgs:
            for itype in COMPANY_TYPES:
                db.run(
                    "INSERT INTO integrations (context, type, client_id, status, modified_at)"
                    " VALUES (?, ?, ?, 'ENABLED', ?) ON CONFLICT (context, type)"
                    " DO UPDATE SET status = 'ENABLED', modified_at = excluded.modified_at",
                    org,
                    itype,
                    client_id,
                    now,
                )
        csa_status = "ENABLED" if level == "contract" else "DISABLED"
        if level == "contract" and contract:
            context = assumed_shapes.contract_urn(assumed_shapes.urn_id(contract))
            if not db.one("SELECT 1 FROM contracts WHERE id = ?", assumed_shapes.urn_id(context)):
                raise ApiError(404, f"no contract {contract!r}")
            sandbox.claim_context(client_id, context)
            db.run(
                "INSERT OR IGNORE INTO integrations (context, type, client_id, modified_at)"
                " VALUES (?, 'CSA_API', ?, ?)",
                context,
                client_id,
                now,
            )
        if level == "contract" and not db.one(
            "SELECT 1 FROM integrations WHERE client_id = ? AND type = 'CSA_API'", client_id
        ):
            raise ApiError(409, "contract level needs a CSA_API integration: name one, or give the contract")
        db.run(
            "UPDATE integrations SET status = ?, modified_at = ? WHERE client_id = ? AND type = 'CSA_API'",
            csa_status,
            now,
            client_id,
        )
    from linkedin_sandbox.api import integration_state

    states = [
        integration_state(r)
        for r in db.all("SELECT * FROM integrations WHERE client_id = ? ORDER BY context, type", client_id)
    ]
    request_id = sandbox.new_id("req-")
    db.run(
        "INSERT INTO requests (id, kind, client_id, body, created_at) VALUES (?, 'status', ?, ?, ?)",
        request_id,
        client_id,
        dumps(states),
        now,
    )
    notification = sandbox.delivery.enqueue(client_id, "INTEGRATION_STATUS_CHANGE", request_id, orgs[0])
    return {"requestId": request_id, "notificationId": notification, "integrations": states}


def export_member(
    sandbox: Sandbox,
    *,
    customer: str | None,
    member: str,
    job: str,
    seat: str | None = None,
    include_email: bool = False,
    answer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A recruiter exports a member to one of the ATS's jobs (1-click export). `answer` changes what
    LinkedIn answers for it (the exportedCandidates element): its keys replace the element's, those of
    `candidate` and `exporter` the nested ones', and a null removes a key (an odd or broken answer)."""
    app = customer_app(sandbox, customer)
    client_id = app["client_id"]
    if "ONE_CLICK_EXPORT" not in sandbox.enabled_types(client_id):
        raise ApiError(409, "the integration is not switched on for this customer")
    if not job:
        raise ApiError(400, "job (externalJobPostingId) is required")
    person = member_row(sandbox, member)
    exporter = seat_row(sandbox, seat)
    limit = sandbox.config.exports_per_seat_per_month
    if sandbox.exports_this_month(exporter["id"]) >= limit:
        raise ApiError(429, f"this seat has used its {limit} exports this month", code=429)
    enabled = sandbox.db.one(
        "SELECT context FROM integrations WHERE client_id = ? AND type = 'ONE_CLICK_EXPORT'"
        " AND status = 'ENABLED' ORDER BY context",
        client_id,
    )
    assert enabled is not None
    context = enabled["context"]
    now = sandbox.clock.now_ms()
    exported = assumed_shapes.ExportedCandidate(
        integration_context=context,
        candidate=assumed_shapes.ExportedProfile(
            first_name=person["first_name"],
            last_name=person["last_name"],
            headline=person["headline"],
            location=person["location"],
            profile_url=f"https://www.linkedin.com/in/{person['id']}",
            member=assumed_shapes.person_urn(person["id"]),
            email_address=person["email"] if include_email else None,
        ),
        external_job_posting_id=job,
        exporter=assumed_shapes.Exporter(
            seat=assumed_shapes.seat_urn(exporter["id"]),
            member=assumed_shapes.person_urn(exporter["member_id"]),
        ),
        exported_at=now,
    ).to_json()
    if answer:
        exported = _changed(exported, answer)
    request_id = sandbox.new_id("req-")
    sandbox.db.run(
        "INSERT INTO requests (id, kind, client_id, body, created_at) VALUES (?, 'export', ?, ?, ?)",
        request_id,
        client_id,
        dumps(exported),
        now,
    )
    sandbox.db.run(
        "INSERT INTO exports (seat_id, request_id, exported_at) VALUES (?, ?, ?)",
        exporter["id"],
        request_id,
        now,
    )
    notification = sandbox.delivery.enqueue(client_id, "EXPORT_CANDIDATE_PROFILE", request_id, context)
    return {"requestId": request_id, "notificationId": notification, "exportedCandidate": exported}


def _changed(element: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(element)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif key in ("candidate", "exporter") and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _changed(out[key], value)
        else:
            out[key] = value
    return out


def _event(
    sandbox: Sandbox, seat: Any, person: Any, direction: str, subject: str, text: str, at: int
) -> dict[str, Any]:
    event = assumed_shapes.ConversationEvent(
        id=sandbox.new_id("evt-"),
        conversation=f"urn:li:conversation:{seat['id']}-{person['id']}",
        direction=direction,  # type: ignore[arg-type]
        seat=assumed_shapes.seat_urn(seat["id"]),
        member=assumed_shapes.person_urn(person["id"]),
        sender=assumed_shapes.person_urn(seat["member_id"] if direction == "SENT" else person["id"]),
        subject=subject,
        body=text,
        created_at=at,
    ).to_json()
    sandbox.db.run(
        "INSERT INTO conversation_events (id, seat_id, body, created_at) VALUES (?, ?, ?, ?)",
        event["id"],
        seat["id"],
        dumps(event),
        at,
    )
    return event


def inmail_reply(
    sandbox: Sandbox,
    *,
    member: str,
    seat: str | None = None,
    share_email: bool = False,
    text: str | None = None,
) -> dict[str, Any]:
    """A candidate answers a recruiter's InMail and agrees to share their profile (-> a stub profile)."""
    person = member_row(sandbox, member)
    owner = seat_row(sandbox, seat)
    now = sandbox.clock.now_ms()
    events = []
    conversation = f"urn:li:conversation:{owner['id']}-{person['id']}"
    if not any(
        loads(r["body"]).get("conversation") == conversation
        for r in sandbox.db.all("SELECT body FROM conversation_events WHERE seat_id = ?", owner["id"])
    ):
        events.append(
            _event(
                sandbox,
                owner,
                person,
                "SENT",
                "An opportunity you might like",
                f"Hi {person['first_name']}, I came across your profile and would love to talk.",
                now - 60_000,
            )
        )
    email = person["email"] if share_email else None
    reply = text or (
        "Thanks for reaching out! I'm interested." + (f" You can reach me at {email}." if email else "")
    )
    events.append(_event(sandbox, owner, person, "RECEIVED", "Re: An opportunity you might like", reply, now))
    stub_id = f"stub-{owner['id']}-{person['id']}"
    existing = sandbox.db.one("SELECT body FROM mail_stubs WHERE id = ?", stub_id)
    if existing is not None and not email:
        email = loads(existing["body"]).get("emailAddress")
    stub = assumed_shapes.MailStub(
        id=stub_id,
        contract=assumed_shapes.contract_urn(owner["contract_id"]),
        owner=assumed_shapes.seat_urn(owner["id"]),
        member=assumed_shapes.person_urn(person["id"]),
        first_name=person["first_name"],
        last_name=person["last_name"],
        email_address=email,
        created_at=now,
    ).to_json()
    sandbox.db.run(
        "INSERT OR REPLACE INTO mail_stubs (id, contract_id, seat_id, body, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        stub_id,
        owner["contract_id"],
        owner["id"],
        dumps(stub),
        now,
    )
    return {"conversationEvents": events, "mailStub": stub}


def write_note(sandbox: Sandbox, *, member: str, text: str, seat: str | None = None) -> dict[str, Any]:
    if not text.strip():
        raise ApiError(400, "the note is empty")
    person = member_row(sandbox, member)
    owner = seat_row(sandbox, seat)
    now = sandbox.clock.now_ms()
    note = assumed_shapes.ProspectNote(
        id=sandbox.new_id("note-"),
        contract=assumed_shapes.contract_urn(owner["contract_id"]),
        owner=assumed_shapes.seat_urn(owner["id"]),
        member=assumed_shapes.person_urn(person["id"]),
        note=text,
        created_at=now,
        last_modified_at=now,
    ).to_json()
    sandbox.db.run(
        "INSERT INTO prospect_notes (id, contract_id, seat_id, body, last_modified_at)"
        " VALUES (?, ?, ?, ?, ?)",
        note["id"],
        owner["contract_id"],
        owner["id"],
        dumps(note),
        now,
    )
    return note


def delete_note(sandbox: Sandbox, note_id: str) -> dict[str, Any]:
    row = sandbox.db.one("SELECT body FROM prospect_notes WHERE id = ?", note_id)
    if row is None:
        raise ApiError(404, f"no note {note_id!r}")
    now = sandbox.clock.now_ms()
    note = {**loads(row["body"]), "active": False, "lastModifiedAt": now}
    sandbox.db.run(
        "UPDATE prospect_notes SET body = ?, last_modified_at = ? WHERE id = ?", dumps(note), now, note_id
    )
    return note
