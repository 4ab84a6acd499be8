"""What the sandbox's LinkedIn holds before anyone calls it: members, Recruiter contracts, seats, projects.

The sandbox knows nothing of the ATS. Whoever starts it describes LinkedIn's people as plain
`LinkedInData` (the app turns its demo dataset into one, in sandbox_demo.py; tests write their own),
and `seed` writes that into an empty database, once: a sandbox that remembers its state across
restarts keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linkedin_sandbox.state import SandboxDb


@dataclass(frozen=True)
class Member:
    """A LinkedIn member (urn:li:person:{id})."""

    id: str
    first_name: str
    last_name: str
    email: str | None = None
    headline: str = ""
    location: str = ""
    # Someone who uses the partner's app: offered on the one-click sign-in page, listed by /sandbox/members.
    is_user: bool = False


@dataclass(frozen=True)
class Contract:
    """A Recruiter contract (urn:li:contract:{id}) of a company (urn:li:organization:{id})."""

    id: str
    name: str
    organization: str


@dataclass(frozen=True)
class Seat:
    """A member's Recruiter seat on a contract."""

    id: str
    contract_id: str
    member_id: str


@dataclass(frozen=True)
class Project:
    """A Recruiter project of a seat."""

    id: str
    seat_id: str
    name: str


@dataclass(frozen=True)
class LinkedInData:
    """Everything the sandbox is seeded with; of two entries with the same id, the first counts."""

    members: Sequence[Member] = ()
    contracts: Sequence[Contract] = ()
    seats: Sequence[Seat] = ()
    projects: Sequence[Project] = ()


def seed(db: SandboxDb, data: LinkedInData) -> None:
    """Write `data` into the sandbox's database, only when it holds no member yet.

    A seat of an unknown member or contract, or a project of an unknown seat, is refused (ValueError).
    """
    if not db.is_empty():
        return
    _check(data)
    db.run("BEGIN")
    for m in data.members:
        db.run(
            "INSERT OR IGNORE INTO members (id, first_name, last_name, email, headline, location, is_user)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            m.id,
            m.first_name,
            m.last_name,
            m.email,
            m.headline,
            m.location,
            int(m.is_user),
        )
    for c in data.contracts:
        db.run(
            "INSERT OR IGNORE INTO contracts (id, name, organization) VALUES (?, ?, ?)",
            c.id,
            c.name,
            c.organization,
        )
    for s in data.seats:
        db.run(
            "INSERT OR IGNORE INTO seats (id, contract_id, member_id) VALUES (?, ?, ?)",
            s.id,
            s.contract_id,
            s.member_id,
        )
    for p in data.projects:
        db.run("INSERT OR IGNORE INTO projects (id, seat_id, name) VALUES (?, ?, ?)", p.id, p.seat_id, p.name)
    db.run("COMMIT")


def _check(data: LinkedInData) -> None:
    members = {m.id for m in data.members}
    contracts = {c.id for c in data.contracts}
    seats = {s.id for s in data.seats}
    for s in data.seats:
        if s.member_id not in members or s.contract_id not in contracts:
            raise ValueError(f"seat {s.id}: unknown member {s.member_id} or contract {s.contract_id}")
    for p in data.projects:
        if p.seat_id not in seats:
            raise ValueError(f"project {p.id}: unknown seat {p.seat_id}")
