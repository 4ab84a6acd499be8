"""The sandbox's LinkedIn is seeded with plain data; the app's demo seed fits the demo dataset."""

from __future__ import annotations

import pytest

from linkedin_sandbox.seed import Contract, LinkedInData, Member, Project, Seat, seed
from linkedin_sandbox.state import SandboxDb
from sandbox_demo import linkedin_data
from store.demo_data import demo_dataset


def test_members_fit_the_demo_candidates_and_users() -> None:
    db = SandboxDb(":memory:")
    seed(db, linkedin_data())
    data = demo_dataset()
    for c in data.candidates:
        if c.linkedin == "exact":
            row = db.one("SELECT * FROM members WHERE id = ?", c.linkedin_member_id)
            assert row is not None and row["email"] == c.emails[0] and row["first_name"] == c.first_name
        elif c.linkedin == "namesake":
            rows = db.all(
                "SELECT * FROM members WHERE first_name = ? AND last_name = ? AND email IS NULL",
                c.first_name,
                c.last_name,
            )
            assert 2 <= len(rows) <= 3
            assert not any(r["email"] in c.emails for r in rows)
        else:
            assert (
                db.one(
                    "SELECT 1 FROM members WHERE first_name = ? AND last_name = ?", c.first_name, c.last_name
                )
                is None
            )
    alex = next(u for u in data.users if u.aad_object_id.endswith("0000000000020"))
    assert alex.is_admin
    contracts = db.all("SELECT DISTINCT contract_id FROM seats WHERE member_id = ?", alex.linkedin_member_id)
    assert len(contracts) == 2
    for user in data.users:
        assert (
            db.one("SELECT 1 FROM members m JOIN seats s ON s.member_id = m.id WHERE m.email = ?", user.email)
            is not None
        )
    projects = db.one("SELECT COUNT(*) AS n FROM projects")
    assert projects is not None and projects["n"] > 0
    db.run("DELETE FROM projects")
    seed(db, linkedin_data())  # a second start keeps the existing state
    assert db.one("SELECT 1 FROM projects") is None
    db.close()


def test_the_demo_seed_is_the_same_on_every_call() -> None:
    assert linkedin_data() == linkedin_data()


@pytest.mark.parametrize(
    "data",
    [
        LinkedInData(seats=[Seat("s1", "7001001", "mbr-1")]),
        LinkedInData(members=[Member("mbr-1", "Ada", "Lovelace")], seats=[Seat("s1", "7001001", "mbr-1")]),
        LinkedInData(
            members=[Member("mbr-1", "Ada", "Lovelace")],
            contracts=[Contract("7001001", "Recruiter", "urn:li:organization:1")],
            seats=[Seat("s1", "7001001", "mbr-1")],
            projects=[Project("p1", "s2", "Pipeline")],
        ),
    ],
    ids=["seat-of-an-unknown-member", "seat-on-an-unknown-contract", "project-of-an-unknown-seat"],
)
def test_a_seed_that_points_nowhere_is_refused_and_writes_nothing(data: LinkedInData) -> None:
    db = SandboxDb(":memory:")
    with pytest.raises(ValueError, match="unknown"):
        seed(db, data)
    assert db.is_empty()
    db.close()
