"""A bot server for the benchmark, in its own process: `python -m bench.serve app` is Talent Bridge as
app.py serves it (settings from the environment); `python -m bench.serve echo` is an echo bot on the
same stack (the same CloudAdapter, authentication, inbound checks and aiohttp route), which answers
every message with its own text. Each listens on a free loopback port (BENCH_PORT when set: the
export benchmark needs the app's public address before it starts) and prints "PORT <n>"."""

from __future__ import annotations

import asyncio
import os
import sys

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext

import app as talent_bridge
from logs import configure_logging
from settings import get_settings


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(turn_context.activity.text or ""))


def echo_app() -> web.Application:
    settings = get_settings()
    application = web.Application(client_max_size=talent_bridge.MAX_BODY_BYTES * 2)
    application[talent_bridge.SETTINGS] = settings
    application[talent_bridge.ADAPTER] = talent_bridge.build_adapter(settings)
    application[talent_bridge.BOT] = EchoBot()  # type: ignore[assignment,misc]  # any bot with on_turn
    application.router.add_post("/api/messages", talent_bridge.messages)
    return application


async def serve(which: str) -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    application = await talent_bridge.create_app(settings) if which == "app" else echo_app()
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", int(os.environ.get("BENCH_PORT") or 0))
    await site.start()
    port = runner.addresses[0][1]
    print(f"PORT {port}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1] if len(sys.argv) > 1 else "app"))
