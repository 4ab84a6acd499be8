"""The aiohttp application: hosts the bot's messaging endpoint and health checks.

Everything is built once at startup (`create_app`) and closed at shutdown.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp import web
from botbuilder.core import ConversationState, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.handler import BotServices, TalentBridgeBot
from bot.setup import SetupCommands
from bot.storage import SqlStorage
from connector.client import LinkedInClient
from connector.sandbox import RunningSandbox, start_sandbox
from i18n import N_, translator
from services.candidates import CandidateDirectory
from services.conversations import ConversationDirectory
from services.identity import IdentityService
from services.job_feed import JobFeed
from services.linkedin_accounts import LinkedInAccounts, TokenCipher
from services.linkedin_events import LinkedInEvents
from services.linkedin_setup import LinkedInSetup
from services.linkedin_signin import LinkedInSignIn
from services.linkedin_status_poll import LinkedInStatusPoll
from services.signin import SignInStates
from settings import InsecureConfiguration, Settings, get_settings
from store.db import create_engine, is_sqlite, session_factory
from store.migrate import upgrade_async
from store.seed import seed_demo_data
from web.linkedin import LinkedInRoutes, add_linkedin_routes

log = logging.getLogger("talentbridge")

SETTINGS = web.AppKey("settings", Settings)
ADAPTER = web.AppKey("adapter", CloudAdapter)
BOT = web.AppKey("bot", TalentBridgeBot)
ENGINE = web.AppKey("engine", AsyncEngine)
STATUS_POLL = web.AppKey("linkedin_status_poll", LinkedInStatusPoll)

TURN_ERROR_MESSAGE = N_("Sorry, something went wrong on my side. Please try again in a moment.")
MAX_BODY_BYTES = 256 * 1024


class BotConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.microsoft_app_id
        self.APP_PASSWORD = settings.microsoft_app_password
        self.APP_TYPE = settings.microsoft_app_type
        self.APP_TENANTID = settings.microsoft_app_tenant_id


def build_adapter(settings: Settings) -> CloudAdapter:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(BotConfiguration(settings)))

    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        activity = turn_context.activity
        log.exception(
            "turn failed: type=%s conversation=%s",
            activity.type,
            activity.conversation.id if activity.conversation else None,
            exc_info=error,
        )
        if activity.type in ("message", "invoke"):
            message = translator(activity.locale).gettext(TURN_ERROR_MESSAGE)
            try:
                await turn_context.send_activity(MessageFactory.text(message))
            except Exception:  # the channel itself may be what failed
                log.warning("could not tell the user about the failed turn", exc_info=True)

    adapter.on_turn_error = on_turn_error
    return adapter


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def activity_problem(body: Any) -> str | None:
    """Why a body is not an activity we can process, or None. Checked before the SDK sees it."""
    if not isinstance(body, dict):
        return "the body must be a JSON object (a Bot Framework activity)"
    if not isinstance(body.get("type"), str) or not body["type"]:
        return "the activity has no 'type'"
    for field in ("conversation", "from", "recipient"):
        value = body.get(field)
        if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"]:
            return f"the activity has no '{field}.id'"
    if not isinstance(body.get("serviceUrl"), str) or not body["serviceUrl"].startswith(
        ("http://", "https://")
    ):
        return "the activity has no valid 'serviceUrl'"
    if not isinstance(body.get("channelId"), str) or not body["channelId"]:
        return "the activity has no 'channelId'"
    return None


async def messages(request: web.Request) -> web.Response:
    if "application/json" not in request.headers.get("Content-Type", ""):
        return _problem(415, "Content-Type must be application/json")
    raw = await request.read()
    if len(raw) > MAX_BODY_BYTES:
        return _problem(413, "the activity is too large")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _problem(400, "the body is not valid JSON")
    problem = activity_problem(body)
    if problem:
        return _problem(400, problem)
    activity = Activity().deserialize(body)
    adapter = request.app[ADAPTER]
    try:
        invoke_response = await adapter.process_activity(
            request.headers.get("Authorization", ""), activity, request.app[BOT].on_turn
        )
    except PermissionError:
        return _problem(401, "the request is not authorized")
    if invoke_response:
        return web.json_response(invoke_response.body, status=invoke_response.status)
    return web.Response(status=201)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    try:
        async with request.app[ENGINE].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("readiness check failed: %s", error)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ready", "database": "ok"})


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _beside_sqlite_database(settings: Settings, name: str) -> Path | None:
    """A file next to the embedded SQLite database, or None when the database is not a SQLite file."""
    if not is_sqlite(settings.database_url):
        return None
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        return None
    return Path(database).resolve().parent / name


def sandbox_database(settings: Settings) -> str:
    """SANDBOX_DATABASE, else a file beside the embedded database (so the sandbox remembers the
    customer's app across restarts, as LinkedIn would), else memory."""
    if settings.sandbox_database:
        return settings.sandbox_database
    beside = _beside_sqlite_database(settings, "linkedin-sandbox.db")
    return str(beside) if beside else ":memory:"


def state_secret(settings: Settings) -> bytes:
    """The key that signs sign-in state and encrypts stored LinkedIn tokens: STATE_SECRET, else one
    generated once and kept in a private file beside the embedded SQLite database (for another
    database on a development machine, in ./data; for an in-memory one, in memory). A shared
    database served beyond loopback requires STATE_SECRET (Settings.check_safe_to_serve)."""
    if settings.state_secret:
        return settings.state_secret.encode()
    beside = _beside_sqlite_database(settings, "state_secret")
    if beside is None and is_sqlite(settings.database_url):
        return secrets.token_bytes(32)  # an in-memory database: the key lives as long as it does
    if beside is None:
        beside = Path(__file__).resolve().parent / "data" / "state_secret"
        log.warning("STATE_SECRET is not set: using the development key in %s", beside)
    beside.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(beside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made by an earlier start (or a process starting beside this one)
    else:
        with os.fdopen(descriptor, "w") as secret_file:
            secret_file.write(secrets.token_hex(32))
    return beside.read_text().strip().encode()


async def start_linkedin(settings: Settings) -> tuple[LinkedInClient, RunningSandbox | None]:
    """The LinkedIn partner-app client; with LINKEDIN_API_BASE empty, the built-in sandbox is
    started in this process on SANDBOX_PORT (another free port when that one is taken)."""
    sandbox: RunningSandbox | None = None
    if settings.uses_sandbox:
        port = settings.sandbox_port
        if port and not _port_free(port):
            log.warning("SANDBOX_PORT %s is taken: the LinkedIn sandbox uses another free port", port)
            port = 0
        sandbox = await start_sandbox(
            "127.0.0.1",
            port,
            database=sandbox_database(settings),
            client_id=settings.linkedin_client_id,
            client_secret=settings.linkedin_client_secret,
        )
        log.info("LinkedIn sandbox on %s", sandbox.base_url)
        api_base, oauth_base = sandbox.api_base, sandbox.oauth_base
    else:
        api_base = settings.linkedin_api_base
        oauth_base = settings.linkedin_oauth_base or "https://www.linkedin.com/oauth/v2"
    client = LinkedInClient(
        api_base=api_base,
        oauth_base=oauth_base,
        client_id=settings.linkedin_client_id,
        client_secret=settings.linkedin_client_secret,
    )
    return client, sandbox


def build_linkedin_setup(
    settings: Settings,
    sessions: Any,
    conversations: ConversationDirectory,
    adapter: CloudAdapter,
    linkedin: LinkedInClient,
) -> tuple[SetupCommands, LinkedInRoutes]:
    """Admin setup, user settings and the LinkedIn routes (sign-in, webhooks, job feed)."""
    secret = state_secret(settings)
    signin = SignInStates(sessions, secret)
    accounts = LinkedInAccounts(sessions, TokenCipher(secret))
    job_feed = JobFeed(sessions, settings.base_url)
    setup = LinkedInSetup(
        sessions, linkedin, signin=signin, accounts=accounts, job_feed=job_feed, base_url=settings.base_url
    )
    commands = SetupCommands(setup, accounts, signin, conversations, adapter, settings.microsoft_app_id)
    routes = LinkedInRoutes(
        signin=LinkedInSignIn(signin, linkedin, setup, accounts),
        events=LinkedInEvents(sessions, setup),
        job_feed=job_feed,
    )
    return commands, routes


async def create_app(settings: Settings) -> web.Application:
    """Build the whole application once: database (migrated, seeded), bot, adapter and routes."""
    settings.check_safe_to_serve()
    await upgrade_async(settings.database_url)
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    if settings.seed_demo_data and await seed_demo_data(sessions):
        log.info("seeded the demo data into an empty database")

    adapter = build_adapter(settings)
    linkedin, sandbox = await start_linkedin(settings)
    conversations = ConversationDirectory(sessions)
    setup_commands, linkedin_routes = build_linkedin_setup(
        settings, sessions, conversations, adapter, linkedin
    )
    services = BotServices(
        identity=IdentityService(sessions),
        candidates=CandidateDirectory(sessions),
        conversations=conversations,
        setup=setup_commands,
        linkedin_turn_seconds=settings.linkedin_turn_seconds,
    )
    bot = TalentBridgeBot(services, ConversationState(SqlStorage(sessions)))

    app = web.Application(client_max_size=MAX_BODY_BYTES * 2)
    app[SETTINGS] = settings
    app[ADAPTER] = adapter
    app[BOT] = bot
    app[ENGINE] = engine
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    add_linkedin_routes(app, linkedin_routes)

    # Reads each requested or enabled integration's status from LinkedIn every few minutes.
    status_poll = LinkedInStatusPoll(
        sessions, linkedin_routes.events.setup, settings.linkedin_status_poll_seconds
    )
    app[STATUS_POLL] = status_poll

    async def run_status_poll(_app: web.Application) -> AsyncIterator[None]:
        status_poll.start()
        yield
        await status_poll.stop()

    app.cleanup_ctx.append(run_status_poll)

    async def close(_app: web.Application) -> None:
        await linkedin.close()
        if sandbox is not None:
            await sandbox.close()
        await engine.dispose()

    app.on_cleanup.append(close)
    return app


def main() -> None:
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings.check_safe_to_serve()
    except InsecureConfiguration as refusal:
        print(refusal, file=sys.stderr)
        raise SystemExit(2) from refusal
    endpoint = f"http://{settings.host}:{settings.port}/api/messages"
    print(
        f"Talent Bridge is starting on {endpoint}\n"
        f"Talk to it locally with Microsoft 365 Agents Playground:\n"
        f"  npx @microsoft/m365agentsplayground -e {endpoint} -c msteams\n"
        f"(or any Bot Framework client pointed at that endpoint). Ctrl+C stops it.",
        flush=True,
    )
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
