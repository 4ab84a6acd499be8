"""The Alembic migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from store.db import create_engine
from store.migrate import alembic_config, upgrade, upgrade_async
from store.models import Base, described_by_the_models
from tests.conftest import in_thread

HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


async def _schema_drift_and_tables(url: str) -> tuple[list[object], set[str], str | None]:
    engine = create_engine(url)

    def inspect_sync(connection: Connection) -> tuple[list[object], set[str], str | None]:
        opts = {"compare_type": True, "include_name": described_by_the_models}
        context = MigrationContext.configure(connection, opts=opts)
        drift = compare_metadata(context, Base.metadata)
        return drift, set(inspect(connection).get_table_names()), context.get_current_revision()

    try:
        async with engine.connect() as connection:
            return await connection.run_sync(inspect_sync)
    finally:
        await engine.dispose()


def test_migrations_form_one_line_from_0001() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert [r.revision for r in script.walk_revisions()][-1] == "0001"


async def test_migration_creates_every_table_of_the_models(db_url: str) -> None:
    drift, tables, revision = await _schema_drift_and_tables(db_url)
    assert drift == []
    assert {"tenants", "users", "jobs", "candidates", "bot_state"} <= tables
    assert revision == HEAD


async def test_migration_downgrades_and_upgrades_again(db_url: str) -> None:
    in_thread(command.downgrade, alembic_config(db_url), "base")
    _, tables, revision = await _schema_drift_and_tables(db_url)
    assert "candidates" not in tables and revision is None
    await upgrade_async(db_url)
    await upgrade_async(db_url)  # at head already: nothing to do
    drift, _, revision = await _schema_drift_and_tables(db_url)
    assert drift == [] and revision == HEAD


def test_upgrade_is_callable_without_an_event_loop(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh' / 'talentbridge.db'}"
    (tmp_path / "fresh").mkdir()
    upgrade(url)
    assert (tmp_path / "fresh" / "talentbridge.db").exists()


def test_migration_scripts_ship_inside_the_package() -> None:
    import store.migrations.versions as versions

    folder = Path(versions.__file__).parent
    assert (folder / "0001_initial.py").exists()
    assert (folder.parent / "env.py").exists() and (folder.parent / "script.py.mako").exists()


async def test_one_linkedin_member_per_tenant_the_migration_keeps_the_earliest_link(db_url: str) -> None:
    """A database where one LinkedIn member was linked to two users of a tenant (possible before
    sign-ins were confirmed in Teams) keeps the earliest link; after it, the database refuses a second."""
    in_thread(command.downgrade, alembic_config(db_url), "0002")
    engine = create_engine(db_url)
    try:
        async with engine.begin() as connection:
            for tenant in ("t1", "t2"):
                await connection.execute(
                    text(
                        "INSERT INTO tenants (id, name, preview_features, created_at)"
                        " VALUES (:t, :t, false, :at)"
                    ),
                    {"t": tenant, "at": datetime(2026, 1, 1, tzinfo=UTC)},
                )
            for user, tenant in (("alex", "t1"), ("megan", "t1"), ("diego", "t2")):
                await connection.execute(
                    text(
                        "INSERT INTO users (id, tenant_id, email, display_name, first_name, last_name,"
                        " is_admin, linkedin_member_id, created_at)"
                        " VALUES (:u, :t, :u, :u, '', '', false, 'mbr-1', :at)"
                    ),
                    {"u": user, "t": tenant, "at": datetime(2026, 1, 1, tzinfo=UTC)},
                )
            for number, (user, tenant, day) in enumerate(
                (("megan", "t1", 3), ("alex", "t1", 2), ("diego", "t2", 4))
            ):
                await connection.execute(
                    text(
                        "INSERT INTO linkedin_connections (id, tenant_id, user_id, member_id, member_name,"
                        " token_encrypted, connected_at) VALUES (:id, :t, :u, 'mbr-1', '', 'x', :at)"
                    ),
                    {"id": f"c{number}", "t": tenant, "u": user, "at": datetime(2026, 1, day, tzinfo=UTC)},
                )
        await upgrade_async(db_url)
        async with engine.connect() as connection:
            links = (
                await connection.execute(
                    text("SELECT tenant_id, user_id FROM linkedin_connections ORDER BY tenant_id")
                )
            ).all()
            users = (await connection.execute(text("SELECT id, linkedin_member_id FROM users"))).all()
        members: dict[str, str | None] = {row[0]: row[1] for row in users}
        assert [tuple(row) for row in links] == [("t1", "alex"), ("t2", "diego")]
        assert members == {"alex": "mbr-1", "megan": None, "diego": "mbr-1"}
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO linkedin_connections (id, tenant_id, user_id, member_id, member_name,"
                        " token_encrypted, connected_at) VALUES ('c9', 't1', 'megan', 'mbr-1', '', 'x', :at)"
                    ),
                    {"at": datetime(2026, 1, 5, tzinfo=UTC)},
                )
    finally:
        await engine.dispose()
