"""Refusing to serve an unauthenticated bot beyond loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app, sandbox_database, state_secret
from settings import InsecureConfiguration, Settings
from store.migrate import upgrade_async

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "bot.example.com", "::"])
async def test_refuses_to_build_without_app_id_on_non_loopback_host(host: str, tmp_path: Path) -> None:
    settings = Settings(HOST=host, MicrosoftAppId="", DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/x.db")  # type: ignore[call-arg]
    with pytest.raises(InsecureConfiguration, match="MicrosoftAppId is empty"):
        await create_app(settings)
    assert not (tmp_path / "x.db").exists(), "nothing is written before the refusal"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.5"])
def test_loopback_hosts_may_run_without_app_id(host: str) -> None:
    Settings(HOST=host, MicrosoftAppId="").check_safe_to_serve()  # type: ignore[call-arg]


def test_an_app_id_allows_any_host() -> None:
    Settings(HOST="0.0.0.0", MicrosoftAppId="1234").check_safe_to_serve()  # type: ignore[call-arg]


def test_process_exits_with_a_reason(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOST": "0.0.0.0",
        "MicrosoftAppId": "",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
    }
    result = subprocess.run(
        [sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "Refusing to start" in result.stderr and "loopback" in result.stderr


async def test_a_fresh_checkout_gets_its_database_folder_created(tmp_path: Path) -> None:
    database = tmp_path / "data" / "nested" / "talentbridge.db"
    settings = Settings(DATABASE_URL=f"sqlite+aiosqlite:///{database}", SEED_DEMO_DATA=False)  # type: ignore[call-arg]
    await upgrade_async(settings.database_url)
    assert database.exists()


def test_local_state_secret_and_sandbox_state_outlive_a_restart(tmp_path: Path) -> None:
    settings = Settings(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/tb.db")  # type: ignore[call-arg]
    first = state_secret(settings)
    assert len(first) == 64 and state_secret(settings) == first
    assert (tmp_path / "state_secret").stat().st_mode & 0o077 == 0, "the key file is private"
    assert sandbox_database(settings) == str(tmp_path / "linkedin-sandbox.db")

    configured = Settings(  # type: ignore[call-arg]
        DATABASE_URL="postgresql+asyncpg://db/tb", STATE_SECRET="s3cret", SANDBOX_DATABASE=":memory:"
    )
    assert state_secret(configured) == b"s3cret"
    assert sandbox_database(configured) == ":memory:"


def test_a_shared_database_beyond_loopback_needs_state_secret() -> None:
    """Replicas on one PostgreSQL must share the key that signs sign-in links and encrypts tokens."""
    shared = {"HOST": "0.0.0.0", "MicrosoftAppId": "1234", "DATABASE_URL": "postgresql+asyncpg://db/tb"}
    with pytest.raises(InsecureConfiguration, match="STATE_SECRET is empty"):
        Settings(**shared).check_safe_to_serve()  # type: ignore[arg-type]
    Settings(**shared, STATE_SECRET="s3cret").check_safe_to_serve()  # type: ignore[arg-type]
    Settings(**{**shared, "HOST": "127.0.0.1"}).check_safe_to_serve()  # type: ignore[arg-type]
    Settings(**{**shared, "DATABASE_URL": "sqlite+aiosqlite:///x.db"}).check_safe_to_serve()  # type: ignore[arg-type]


def test_a_development_key_outlives_a_restart_on_postgresql_and_memory_gets_its_own() -> None:
    on_postgres = Settings(DATABASE_URL="postgresql+asyncpg://127.0.0.1/tb")  # type: ignore[call-arg]
    key = state_secret(on_postgres)
    assert key == state_secret(on_postgres) and len(key) == 64
    assert (ROOT / "data" / "state_secret").stat().st_mode & 0o077 == 0
    in_memory = Settings(DATABASE_URL="sqlite+aiosqlite:///:memory:")  # type: ignore[call-arg]
    assert state_secret(in_memory) != state_secret(in_memory)
