"""Database commands: `python -m store.cli migrate` and `python -m store.cli seed`.

Both use the DATABASE_URL of the settings (settings.get_settings()).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from settings import get_settings
from store.db import create_engine, session_factory
from store.migrate import upgrade
from store.seed import seed_demo_data


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
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    url = get_settings().database_url
    upgrade(url)
    print("Database migrated.")
    if args.command == "seed":
        if asyncio.run(_seed(url)):
            print("Demo data written.")
        else:
            print("Demo data already present: nothing to do.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
