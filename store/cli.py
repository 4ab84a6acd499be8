"""Database commands: `python -m store.cli migrate` and `python -m store.cli seed`.

Both use the DATABASE_URL of the settings (settings.get_settings()).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from logs import configure_logging
from settings import get_settings
from store.db import create_engine, session_factory
from store.migrate import upgrade
from store.seed import seed_demo_data

log = logging.getLogger("store.cli")  # not __main__ when run with -m


async def _seed(url: str) -> bool:
    engine = create_engine(url)
    try:
        return await seed_demo_data(session_factory(engine))
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m store.cli", description="Talent Bridge database commands"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the database migrations (alembic upgrade head)")
    commands.add_parser(
        "seed", help="apply the migrations, then write the demo data if the database has none"
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)

    url = settings.database_url
    upgrade(url)
    log.info("Database migrated.")
    if args.command == "seed":
        if asyncio.run(_seed(url)):
            log.info("Demo data written.")
        else:
            log.info("Demo data already present: nothing to do.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
