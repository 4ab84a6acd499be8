"""The demo dataset as LinkedIn knows it: what the built-in sandbox is seeded with, so that profile
matching works out of the box.

The sandbox (linkedin_sandbox/) knows nothing of the ATS; this module, outside it, reads
store/demo_data.py and describes LinkedIn's side of the same world:
- candidates with linkedin == "exact": a member with that member id and the primary email;
- "namesake": 2-3 members with the same first and last name, other ids, no email (per name);
- "none": no member;
- every demo user is a member (the dataset's member id, else one defined here), with Recruiter
  seats: the tenant's admin on two contracts, the others on the first;
- Recruiter projects for every seat.
"""

from __future__ import annotations

import hashlib

from linkedin_sandbox import Contract, LinkedInData, Member, Project, Seat
from store.demo_data import DemoDataset, demo_dataset

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
# Per tenant, in the dataset's order: the organization and its Recruiter contracts (the first one
# holds every seat).
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


def _n(seed: str, modulo: int) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16) % modulo


def _pick(options: tuple[str, ...], seed: str) -> str:
    return options[_n(seed, len(options))]


def _member(
    member_id: str, first: str, last: str, email: str | None, headline: str, is_user: bool = False
) -> Member:
    return Member(member_id, first, last, email, headline, _pick(LOCATIONS, member_id), is_user)


def linkedin_data(dataset: DemoDataset | None = None) -> LinkedInData:
    """LinkedIn's members, contracts, seats and projects for the demo dataset (the same on every call)."""
    dataset = dataset or demo_dataset()
    members: list[Member] = []
    # Exact matches first, so namesakes never take their ids.
    for c in dataset.candidates:
        if c.linkedin == "exact" and c.linkedin_member_id:
            headline = " at ".join(x for x in (c.current_title, c.current_company) if x)
            email = c.emails[0] if c.emails else None
            members.append(_member(c.linkedin_member_id, c.first_name, c.last_name, email, headline))
    namesake_names = sorted(
        {(c.first_name, c.last_name) for c in dataset.candidates if c.linkedin == "namesake"}
    )
    serial = 10000
    for first, last in namesake_names:
        for i in range(2 + _n(f"{first} {last}", 2)):
            serial += 1
            members.append(
                _member(f"mbr-{serial}", first, last, None, _pick(NAMESAKE_HEADLINES, f"{first}{last}{i}"))
            )

    contracts: list[Contract] = []
    seats: list[Seat] = []
    projects: list[Project] = []
    for tenant, (org, tenant_contracts) in zip(dataset.tenants, TENANT_CONTRACTS, strict=False):
        contracts += [Contract(cid, name, f"urn:li:organization:{org}") for cid, name in tenant_contracts]
        jobs = [j for j in dataset.jobs if j.tenant_id == tenant.id and j.status == "active"]
        project_names = [f"{j.title} pipeline" for j in jobs[:2]] + ["Silver medalists"]
        for u in (u for u in dataset.users if u.tenant_id == tenant.id):
            member_id = (
                u.linkedin_member_id
                or USER_MEMBER_IDS.get((u.first_name, u.last_name))
                or f"mbr-u{_n(u.aad_object_id, 10**6)}"
            )
            members.append(_member(member_id, u.first_name, u.last_name, u.email, "Recruiter", is_user=True))
            for contract_id, _ in tenant_contracts if u.is_admin else tenant_contracts[:1]:
                seat_id = f"{contract_id}{member_id[-4:]}"
                seats.append(Seat(seat_id, contract_id, member_id))
                projects += [Project(f"{seat_id}-{i + 1}", seat_id, n) for i, n in enumerate(project_names)]
    return LinkedInData(members=members, contracts=contracts, seats=seats, projects=projects)
