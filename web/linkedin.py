"""LinkedIn routes: the sign-in (/linkedin/connect, /linkedin/callback), each tenant's webhook
(/api/linkedin/webhook/{callback id}), the job feed (/linkedin/jobs/{feed id}.xml) and the public
job page the feed links to (/careers/{feed id}/{job code}).

Only HTTP is translated here; the services decide. No Bot Framework import: the setup card is
updated by the setup service's subscriber (bot/setup.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from aiohttp import web

from connector.errors import WebhookRejected
from connector.webhooks import SIGNATURE_HEADER
from i18n import N_, translator
from services.errors import UserFacingError
from services.job_feed import JobFeed
from services.linkedin_events import CannotHandleNow, Delivery, LinkedInEvents, UnknownCallback
from services.linkedin_signin import LinkedInSignIn
from services.signin_states import SignInRefused
from web.pages import locale_of_request, page

log = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 64 * 1024
CALLBACK_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # the tenant's opaque callback id
RETRY_LATER = {"Retry-After": "5"}
SIGNIN_TITLE = N_("LinkedIn sign-in")
SIGNED_IN_AS = N_("You signed in to LinkedIn as {member}. One more step: your code is")
TYPE_THE_CODE = N_(
    "Go back to Teams and type this code in your chat with Talent Bridge within {minutes} minutes. "
    "Nothing is connected until you do."
)
ONLY_FOR_THE_ASKER = N_(
    "The code works only for the person who asked for this sign-in in Teams. If that isn't you, close "
    "this window: nothing will change."
)


@dataclass(frozen=True)
class LinkedInRoutes:
    signin: LinkedInSignIn
    events: LinkedInEvents
    job_feed: JobFeed


ROUTES = web.AppKey("linkedin_routes", LinkedInRoutes)


async def connect(request: web.Request) -> web.StreamResponse:
    """Start the sign-in: a valid state sends the browser to LinkedIn's authorization page."""
    routes = request.app[ROUTES]
    locale = locale_of_request(request)
    try:
        url = await routes.signin.start(request.query.get("state"))
    except SignInRefused as refusal:
        t = translator(locale)
        return page(t.gettext(SIGNIN_TITLE), [refusal.localized(t)], locale=locale, status=400)
    raise web.HTTPFound(url, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


async def callback(request: web.Request) -> web.Response:
    """LinkedIn sends the browser back here with a code (or an error) and our state. Nothing is
    connected here: the page shows the one-time code that the user who asked types in Teams."""
    routes = request.app[ROUTES]
    locale = locale_of_request(request)
    query = request.query
    try:
        result = await routes.signin.finish(query.get("state"), query.get("code"), query.get("error"))
    except UserFacingError as refusal:
        t = translator(locale)
        return page(t.gettext(SIGNIN_TITLE), [refusal.localized(t)], locale=locale, status=400)
    locale = result.grant.locale or locale
    t = translator(locale)
    minutes = t.format_number(int(result.lifetime.total_seconds() // 60))
    return page(
        t.gettext(SIGNIN_TITLE),
        [t.gettext(SIGNED_IN_AS).format(member=result.member_name)],
        locale=locale,
        code=result.code,
        after=[t.gettext(TYPE_THE_CODE).format(minutes=minutes), t.gettext(ONLY_FOR_THE_ASKER)],
    )


def _webhook_refused(status: int, reason: str) -> web.Response:
    """A short reason, never a quote of what was sent; one log line."""
    log.warning("LinkedIn webhook call refused (%s): %s", status, reason)
    return web.json_response({"error": reason}, status=status)


def _callback_id(request: web.Request) -> str | None:
    callback_id = request.match_info["callback_id"]
    return callback_id if CALLBACK_ID.fullmatch(callback_id) else None


async def webhook_challenge(request: web.Request) -> web.Response:
    """LinkedIn validates the callback URL: answer a UUID challenge code; nothing changes."""
    routes = request.app[ROUTES]
    callback_id = _callback_id(request)
    try:
        if callback_id is None:
            raise UnknownCallback()
        answer = await routes.events.challenge(callback_id, request.query.get("challengeCode", ""))
    except WebhookRejected as rejected:
        return _webhook_refused(rejected.status or 400, rejected.message)
    except UnknownCallback:
        return _webhook_refused(404, "unknown callback")
    except CannotHandleNow:
        return web.json_response({"error": "try again later"}, status=503, headers=RETRY_LATER)
    return web.json_response(answer)


async def webhook_event(request: web.Request) -> web.Response:
    """A LinkedIn event: 200 once it is handled, or stored (a 1-click export is stored and answered at
    once, then processed by the worker; also a duplicate), 4xx when it is
    refused (nothing written), 409 while another delivery handles it and 503 when it could not be
    handled now (LinkedIn delivers again in both cases)."""
    routes = request.app[ROUTES]
    if request.content_length is not None and request.content_length > MAX_WEBHOOK_BYTES:
        return _webhook_refused(413, "too large")
    raw = await request.read()
    if len(raw) > MAX_WEBHOOK_BYTES:
        return _webhook_refused(413, "too large")
    callback_id = _callback_id(request)
    try:
        if callback_id is None:
            raise UnknownCallback()
        delivery = await routes.events.receive(callback_id, raw, request.headers.get(SIGNATURE_HEADER))
    except UnknownCallback:
        return _webhook_refused(404, "unknown callback")
    except WebhookRejected as rejected:
        return _webhook_refused(rejected.status or 400, rejected.message)
    except CannotHandleNow:
        return web.json_response({"error": "try again later"}, status=503, headers=RETRY_LATER)
    if delivery is Delivery.IN_PROGRESS:
        return web.json_response({"status": delivery.value}, status=409, headers=RETRY_LATER)
    return web.json_response({"status": delivery.value})


async def job_feed(request: web.Request) -> web.Response:
    xml = await request.app[ROUTES].job_feed.xml_for_feed(request.match_info["feed_id"])
    if xml is None:
        raise web.HTTPNotFound()
    return web.Response(body=xml, content_type="application/xml", charset="utf-8")


async def job_page(request: web.Request) -> web.Response:
    found = await request.app[ROUTES].job_feed.public_job(
        request.match_info["feed_id"], request.match_info["job_code"]
    )
    if found is None:
        raise web.HTTPNotFound()
    job, company = found
    locale = locale_of_request(request)
    lines = [line for line in (company, job.location, job.description) if line]
    return page(job.title, lines, locale=locale)


def add_linkedin_routes(app: web.Application, routes: LinkedInRoutes) -> None:
    app[ROUTES] = routes
    app.router.add_get("/linkedin/connect", connect)
    app.router.add_get("/linkedin/callback", callback)
    app.router.add_get("/api/linkedin/webhook/{callback_id}", webhook_challenge)
    app.router.add_post("/api/linkedin/webhook/{callback_id}", webhook_event)
    app.router.add_get("/linkedin/jobs/{feed_id}.xml", job_feed)
    app.router.add_get("/careers/{feed_id}/{job_code}", job_page)
