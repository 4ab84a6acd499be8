"""Apply the Alembic migrations in store/migrations programmatically (there is no alembic.ini)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

from store.db import ensure_sqlite_directory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Alembic's `context` and `op` are module-level proxies: two upgrades in threads of one process
# would overwrite each other's. Other processes are kept apart by the database (migrations/env.py).
_ONE_UPGRADE_PER_PROCESS = threading.Lock()


def alembic_config(url: str) -> Config:
    """An Alembic config for this project's migrations against the database at `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database to `revision`. Synchronous: call it where no event loop runs in this
    thread (the migration environment runs its own loop); from async code use upgrade_async."""
    ensure_sqlite_directory(url)
    with _ONE_UPGRADE_PER_PROCESS:
        command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """upgrade() in a worker thread, so it can be awaited from a running event loop."""
    await asyncio.to_thread(upgrade, url, revision)
