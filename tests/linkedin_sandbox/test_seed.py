"""The sandbox's LinkedIn is seeded to fit the demo dataset."""

from __future__ import annotations

from linkedin_sandbox.seed import seed_demo
from linkedin_sandbox.state import SandboxDb
from store.demo_data import demo_dataset


def test_members_fit_the_demo_candidates_and_users() -> None:
    db = SandboxDb(":memory:")
    seed_demo(db, demo_dataset)
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
    seed_demo(db, demo_dataset)  # a second start keeps the existing state
    db.close()
