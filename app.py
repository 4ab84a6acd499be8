"""The aiohttp application: hosts the bot's messaging endpoint and health checks.

Everything is built once at startup (`create_app`) and closed at shutdown.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import Path
from typing import Any

import requests
from aiohttp import web
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import CallerIdConstants
from botframework.connector.auth import AuthenticationConstants
from msrest.exceptions import ClientRequestError
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

import sandbox_demo
from bot import inbound
from bot.handler import BotServices, TalentBridgeBot
from bot.linkedin_exports import ExportNotices
from bot.notifier import TeamsNotifier
from bot.setup import SetupCommands
from bot.storage import SharedConversationState, SqlStorage
from bot.turn_logging import TurnLogContext, turn_log_context
from connector import assumed_shapes
from connector.client import LinkedInClient
from i18n import N_, translator
from linkedin_sandbox import RunningSandbox, start_sandbox
from logs import AccessLogger, configure_logging
from services.candidates import CandidateDirectory
from services.capabilities import Capabilities
from services.conversations import ConversationDirectory
from services.exports import CandidateExports
from services.identity import IdentityService
from services.job_feed import JobFeed
from services.linkedin_accounts import LinkedInAccounts, TokenCipher
from services.linkedin_event_worker import LinkedInEventWorker
from services.linkedin_events import LinkedInEvents
from services.linkedin_exports import LinkedInExports
from services.linkedin_match import ProfileMatching
from services.linkedin_profiles import LinkedInProfiles
from services.linkedin_setup import LinkedInSetup
from services.linkedin_signin import LinkedInSignIn
from services.linkedin_status_poll import LinkedInStatusPoll
from services.notifier import Notifier
from services.recruiter_projects import RecruiterProjects
from services.settings_cards import SettingsCards
from services.signin_codes import SignInCodes
from services.signin_states import SignInStates
from settings import InsecureConfiguration, Settings, get_settings
from store.db import create_engine, database_trouble, is_sqlite, probe_write, session_factory
from store.migrate import upgrade_async
from store.seed import seed_demo_data
from web.linkedin import LinkedInRoutes, add_linkedin_routes

log = logging.getLogger("talentbridge")

SETTINGS = web.AppKey("settings", Settings)
ADAPTER = web.AppKey("adapter", CloudAdapter)
BOT = web.AppKey("bot", TalentBridgeBot)
ENGINE = web.AppKey("engine", AsyncEngine)
STATUS_POLL = web.AppKey("linkedin_status_poll", LinkedInStatusPoll)
NOTIFIER = web.AppKey("notifier", TeamsNotifier)
EVENT_WORKER = web.AppKey("linkedin_event_worker", LinkedInEventWorker)

TURN_ERROR_MESSAGE = N_("Sorry, something went wrong on my side. Please try again in a moment.")
MAX_BODY_BYTES = 256 * 1024
# Ready means a write can be made within this long; a readiness probe must answer quickly.
READINESS_WRITE_SECONDS = 1.0


class BotConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads. The token endpoints are
    always given, so the SDK takes the same path in the tests (a loopback key server) as in
    production (the public Azure cloud's endpoints, the settings' defaults)."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.microsoft_app_id
        self.APP_PASSWORD = settings.microsoft_app_password
        self.APP_TYPE = settings.microsoft_app_type
        self.APP_TENANTID = settings.microsoft_app_tenant_id
        self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.to_bot_from_channel_openid_metadata_url
        self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = settings.to_bot_from_channel_token_issuer
        self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = settings.to_bot_from_emulator_openid_metadata_url
        self.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
        self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        self.OAUTH_URL = AuthenticationConstants.OAUTH_URL
        self.CALLER_ID = CallerIdConstants.public_azure_channel


def _channel_unreachable(error: BaseException) -> bool:
    """The turn failed because the channel's service URL could not be reached (connection refused,
    timed out, DNS), not because of the bot: the SDK wraps those in msrest's ClientRequestError."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ClientRequestError | requests.exceptions.ConnectionError | ConnectionError):
            return True
        seen = seen.__cause__
    return False


def build_adapter(settings: Settings) -> CloudAdapter:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(BotConfiguration(settings)))

    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        activity = turn_context.activity
        with turn_log_context(activity):  # the turn's own context ended with the exception
            if _channel_unreachable(error):
                # Nothing to tell the user through a channel that does not answer; one line is enough.
                log.warning("turn failed: the channel did not answer (%s)", type(error).__name__)
                return
            log.exception("turn failed: type=%s", activity.type, exc_info=error)
            if activity.type in ("message", "invoke"):
                message = translator(activity.locale).gettext(TURN_ERROR_MESSAGE)
                try:
                    await turn_context.send_activity(MessageFactory.text(message))
                except Exception:  # the channel itself may be what failed
                    log.warning("could not tell the user about the failed turn", exc_info=True)

    adapter.use(TurnLogContext())  # each turn's lines carry its tenant, conversation and activity
    adapter.on_turn_error = on_turn_error
    return adapter


def _refusal(refused: inbound.Refused) -> web.Response:
    """One log line, the reason and what failed, never the body."""
    level = logging.WARNING if refused.status in (401, 503) else logging.INFO
    detail = f" ({refused.detail})" if refused.detail else ""
    log.log(level, "refused an activity with %s: %s%s", refused.status, refused.reason, detail)
    return web.json_response(refused.body, status=refused.status)


async def messages(request: web.Request) -> web.Response:
    """The Bot Framework messaging endpoint. Nothing of a request reaches the bot, and nothing is
    written, before its token and its shape pass (bot/inbound.py)."""
    if "application/json" not in request.headers.get("Content-Type", ""):
        return _refusal(inbound.Refused("Content-Type must be application/json", status=415))
    raw = await request.read()
    if len(raw) > MAX_BODY_BYTES:
        return _refusal(inbound.Refused("the activity is too large", status=413))
    try:
        body = json.loads(raw)
    except RecursionError:  # the JSON parser recurses per level of nesting
        return _refusal(inbound.Refused("the activity is nested too deeply"))
    except (ValueError, UnicodeDecodeError):
        return _refusal(inbound.Refused("the body is not valid JSON"))
    adapter = request.app[ADAPTER]
    try:
        envelope = inbound.check_envelope(body)
        authenticated = await inbound.authenticate(
            adapter.bot_framework_authentication, envelope, request.headers.get("Authorization")
        )
        inbound.check_channel(envelope, development=request.app[SETTINGS].is_anonymous_development)
        inbound.check_shape(envelope)
        activity = inbound.deserialize(inbound.without_nul(envelope))
    except inbound.Refused as refused:
        return _refusal(refused)
    invoke_response = await adapter.process_activity(authenticated, activity, request.app[BOT].on_turn)
    if invoke_response:
        status = invoke_response.status
        if status == HTTPStatus.NOT_IMPLEMENTED and activity.type == "invoke":
            # The SDK answers an invoke the bot has no handler for with 501; it is the request that
            # this bot does not take, not a failure of the server.
            return _refusal(inbound.Refused("this bot does not handle that invoke"))
        return web.json_response(inbound.invoke_body(invoke_response.body), status=status)
    return web.Response(status=201)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when the database takes a write: a probe write that takes the write lock and is rolled
    back. Not ready (503) when the SQLite file is gone, the database is locked beyond a moment,
    read-only, full or unreachable, so the load balancer stops sending turns that would be lost."""
    settings = request.app[SETTINGS]
    try:
        await probe_write(
            request.app[ENGINE], wait_seconds=min(READINESS_WRITE_SECONDS, settings.database_busy_seconds)
        )
    except Exception as error:
        reason = database_trouble(error) or "unavailable"
        log.warning("readiness check failed: the database is %s (%s)", reason, type(error).__name__)
        return web.json_response({"status": "unavailable", "database": reason}, status=503)
    return web.json_response({"status": "ready", "database": "ok"})


def _port_free(port: int) -> bool:
    """Whether the sandbox can listen on this loopback port. The probe sets SO_REUSEADDR as the sandbox's
    server does (asyncio, on POSIX): connections that a quick restart left in TIME_WAIT don't make the
    port taken; only another listener does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # elsewhere SO_REUSEADDR would let the probe share a port in use
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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
            data=sandbox_demo.linkedin_data(),
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
    notifier: Notifier,
    linkedin: LinkedInClient,
) -> tuple[SetupCommands, LinkedInRoutes, ProfileMatching]:
    """Admin setup, user settings, the LinkedIn routes (sign-in, webhooks, job feed) and the
    candidate card's LinkedIn profile match (with the tenant's customer app, from the setup)."""
    secret = state_secret(settings)
    states = SignInStates(sessions, secret)
    cipher = TokenCipher(secret)
    accounts = LinkedInAccounts(sessions, cipher)
    job_feed = JobFeed(sessions, settings.base_url)
    setup = LinkedInSetup(
        sessions, linkedin, signin=states, accounts=accounts, job_feed=job_feed, base_url=settings.base_url
    )
    signin = LinkedInSignIn(states, SignInCodes(sessions, secret, cipher), linkedin, setup, accounts)
    commands = SetupCommands(
        setup, accounts, states, signin, conversations, notifier, SettingsCards(sessions)
    )
    routes = LinkedInRoutes(
        signin=signin,
        events=LinkedInEvents(sessions, setup),
        job_feed=job_feed,
    )
    return commands, routes, ProfileMatching(sessions, setup.child_apps)


async def create_app(settings: Settings) -> web.Application:
    """Build the whole application once: database (migrated, seeded), bot, adapter and routes."""
    settings.check_safe_to_serve()
    await upgrade_async(settings.database_url)
    engine = create_engine(settings.database_url, busy_seconds=settings.database_busy_seconds)
    sessions = session_factory(engine)
    if settings.seed_demo_data and await seed_demo_data(sessions):
        log.info("seeded the demo data into an empty database")

    adapter = build_adapter(settings)
    linkedin, sandbox = await start_linkedin(settings)
    conversations = ConversationDirectory(sessions)
    # Every message sent outside the turn being handled goes through this one notifier.
    notifier = TeamsNotifier(adapter, settings.microsoft_app_id, conversations)
    setup_commands, linkedin_routes, matching = build_linkedin_setup(
        settings, sessions, conversations, notifier, linkedin
    )
    capabilities = Capabilities(sessions)
    exports = CandidateExports(sessions, capabilities, allowance=settings.exports_per_seat_per_month)
    projects = RecruiterProjects(
        sessions,
        capabilities,
        setup_commands.accounts,
        linkedin,
        setup_commands.setup.child_apps,
    )
    profiles = LinkedInProfiles(sessions, capabilities, setup_commands.setup.child_apps)
    services = BotServices(
        identity=IdentityService(sessions),
        candidates=CandidateDirectory(sessions, wait_seconds=settings.database_busy_seconds),
        conversations=conversations,
        setup=setup_commands,
        matching=matching,
        notifier=notifier,
        projects=projects,
        exports=exports,
        profiles=profiles,
        linkedin_turn_seconds=settings.linkedin_turn_seconds,
    )
    bot = TalentBridgeBot(services, SharedConversationState(SqlStorage(sessions)))

    app = web.Application(client_max_size=MAX_BODY_BYTES * 2)
    app[SETTINGS] = settings
    app[ADAPTER] = adapter
    app[BOT] = bot
    app[ENGINE] = engine
    app[NOTIFIER] = notifier
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

    # 1-click exports from LinkedIn Recruiter: the webhook stores the event and answers at once; this
    # worker processes it in the background (and, at start, whatever a crash left unprocessed).
    events = linkedin_routes.events
    linkedin_exports = LinkedInExports(
        sessions, exports, setup_commands.setup.child_apps, ExportNotices(notifier)
    )
    events.register_deferred(assumed_shapes.EXPORT_CANDIDATE_PROFILE, linkedin_exports.on_export_event)
    event_worker = LinkedInEventWorker(
        sessions,
        events,
        retry_seconds=settings.linkedin_event_retry_seconds,
        attempts=settings.linkedin_event_attempts,
    )
    app[EVENT_WORKER] = event_worker

    async def run_event_worker(_app: web.Application) -> AsyncIterator[None]:
        event_worker.start()
        yield
        await event_worker.stop()

    app.cleanup_ctx.append(run_event_worker)

    async def close(_app: web.Application) -> None:
        await linkedin.close()
        if sandbox is not None:
            await sandbox.close()
        await engine.dispose()

    app.on_cleanup.append(close)
    return app


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    try:
        settings.check_safe_to_serve()
    except InsecureConfiguration as refusal:
        log.error("%s", refusal)
        raise SystemExit(2) from refusal
    endpoint = f"http://{settings.host}:{settings.port}/api/messages"
    log.info(
        "Talent Bridge is starting on %s\n"
        "Talk to it locally with Microsoft 365 Agents Playground:\n"
        "  npx @microsoft/m365agentsplayground -e %s -c msteams\n"
        "(the bot speaks Teams' channel, -c msteams). Ctrl+C stops it.",
        endpoint,
        endpoint,
    )
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        print=None,
        access_log_class=AccessLogger,  # never the query strings of the sign-in and webhook routes
    )


if __name__ == "__main__":
    main()
