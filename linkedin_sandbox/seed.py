"""Seed the sandbox's LinkedIn from the demo dataset, so profile matching works out of the box.

- candidates with linkedin == "exact": a member with that member id and the primary email;
- "namesake": 2-3 members with the same first and last name, other ids, no email (per name);
- "none": no member;
- every demo user is a member (the dataset's member id, else one defined here), with Recruiter
  seats: the tenant's admin on two contracts, the others on the first;
- Recruiter projects for every seat.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from linkedin_sandbox.state import SandboxDb

log = logging.getLogger(__name__)

# Members for demo users whose dataset entry has no LinkedIn member id (keyed by first, last name).
USER_MEMBER_IDS = {
    ("Alex", "Wilber"): "mbr-9020",
    ("Megan", "Bowen"): "mbr-9021",
    ("Adele", "Vance"): "mbr-9022",
    ("Isaiah", "Langer"): "mbr-9023",
    ("Patti", "Fernandez"): "mbr-9024",
    ("Lynne", "Robbins"): "mbr-9025",
    ("Diego", "Siciliani"): "mbr-9030",
}
# Per tenant: the organization and its Recruiter contracts (the first one holds every seat).
TENANT_CONTRACTS = (
    ("1001", (("7001001", "Contoso Recruiter Corporate"), ("7001002", "Contoso Campus Hiring"))),
    ("2002", (("7002001", "Fabrikam Recruiter Professional Services"),)),
)
LOCATIONS = (
    "Copenhagen, Denmark",
    "Amsterdam, Netherlands",
    "Stockholm, Sweden",
    "Oslo, Norway",
    "London, United Kingdom",
    "Berlin, Germany",
    "Remote",
)
NAMESAKE_HEADLINES = (
    "Student at Aarhus University",
    "Sales Manager",
    "Freelance photographer",
    "Logistics Coordinator",
    "Nurse",
    "Software Engineer",
    "Teacher",
)


def _pick(options: tuple[str, ...], seed: str) -> str:
    return options[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(options)]


def _n(seed: str, modulo: int) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16) % modulo


def seed_demo(db: SandboxDb, dataset_factory: Callable[[], Any] | None = None) -> None:
    """Write demo members, contracts, seats and projects (only into an empty database)."""
    if not db.is_empty():
        return
    if dataset_factory is None:
        from store.demo_data import demo_dataset

        dataset_factory = demo_dataset
    try:
        dataset = dataset_factory()
    except NotImplementedError:
        log.warning("demo dataset not available; the sandbox starts with demo users only")
        dataset = None
    seed_dataset(db, dataset)


def _member(
    db: SandboxDb,
    member_id: str,
    first: str,
    last: str,
    email: str | None,
    headline: str,
    *,
    is_user: bool = False,
) -> None:
    db.run(
        "INSERT OR IGNORE INTO members (id, first_name, last_name, email, headline, location, is_user)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        member_id,
        first,
        last,
        email,
        headline,
        _pick(LOCATIONS, member_id),
        int(is_user),
    )


def seed_dataset(db: SandboxDb, dataset: Any) -> None:
    users = list(dataset.users) if dataset is not None else []
    candidates = list(dataset.candidates) if dataset is not None else []
    tenants = [t.id for t in dataset.tenants] if dataset is not None else []
    jobs = list(dataset.jobs) if dataset is not None else []

    db.run("BEGIN")
    # Exact matches first, so namesakes never take their ids.
    for c in candidates:
        if c.linkedin == "exact" and c.linkedin_member_id:
            headline = " at ".join(x for x in (c.current_title, c.current_company) if x)
            _member(
                db,
                c.linkedin_member_id,
                c.first_name,
                c.last_name,
                c.emails[0] if c.emails else None,
                headline,
            )
    namesake_names = sorted({(c.first_name, c.last_name) for c in candidates if c.linkedin == "namesake"})
    serial = 10000
    for first, last in namesake_names:
        for i in range(2 + _n(f"{first} {last}", 2)):
            serial += 1
            _member(db, f"mbr-{serial}", first, last, None, _pick(NAMESAKE_HEADLINES, f"{first}{last}{i}"))

    if not users:
        users = [_FallbackUser(first, last, mid) for (first, last), mid in USER_MEMBER_IDS.items()]
    for tenant_index, tenant_id in enumerate(tenants or [None]):
        if tenant_index >= len(TENANT_CONTRACTS):
            break
        org, contracts = TENANT_CONTRACTS[tenant_index]
        for contract_id, name in contracts:
            db.run(
                "INSERT INTO contracts (id, name, organization) VALUES (?, ?, ?)",
                contract_id,
                name,
                f"urn:li:organization:{org}",
            )
        tenant_users = [u for u in users if tenant_id is None or u.tenant_id == tenant_id]
        tenant_jobs = [j for j in jobs if j.tenant_id == tenant_id and j.status == "active"]
        for u in tenant_users:
            member_id = (
                u.linkedin_member_id
                or USER_MEMBER_IDS.get((u.first_name, u.last_name))
                or f"mbr-u{_n(u.aad_object_id, 10**6)}"
            )
            _member(db, member_id, u.first_name, u.last_name, u.email, "Recruiter", is_user=True)
            held = contracts if u.is_admin else contracts[:1]
            for contract_id, _ in held:
                seat_id = f"{contract_id}{member_id[-4:]}"
                db.run(
                    "INSERT OR IGNORE INTO seats (id, contract_id, member_id) VALUES (?, ?, ?)",
                    seat_id,
                    contract_id,
                    member_id,
                )
                names = [f"{j.title} pipeline" for j in tenant_jobs[:2]] + ["Silver medalists"]
                for i, project in enumerate(names):
                    db.run(
                        "INSERT OR IGNORE INTO projects (id, seat_id, name) VALUES (?, ?, ?)",
                        f"{seat_id}-{i + 1}",
                        seat_id,
                        project,
                    )
    db.run("COMMIT")


class _FallbackUser:
    """A demo user when no dataset is available: Contoso's people, Alex as the admin."""

    def __init__(self, first: str, last: str, member_id: str) -> None:
        self.first_name, self.last_name, self.linkedin_member_id = first, last, member_id
        self.tenant_id = None
        self.aad_object_id = member_id
        self.email = f"{first.lower()}{last[0].lower()}@example.com"
        self.is_admin = first == "Alex"
