"""www.linkedin.com/oauth/v2/…: client-credentials tokens, and the one-click member sign-in page."""

from __future__ import annotations

import hmac
from html import escape
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from linkedin_sandbox.core import SANDBOX, Sandbox

routes = web.RouteTableDef()


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=status)


def _app_secret_ok(sandbox: Sandbox, client_id: str, client_secret: str) -> bool:
    row = sandbox.db.one("SELECT client_secret FROM apps WHERE client_id = ?", client_id)
    return row is not None and hmac.compare_digest(row["client_secret"].encode(), client_secret.encode())


@routes.post("/oauth/v2/accessToken")
async def access_token(request: web.Request) -> web.Response:
    sandbox: Sandbox = request.app[SANDBOX]
    form = await request.post()
    grant = str(form.get("grant_type", ""))
    client_id, client_secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
    sandbox.stats.token_requests[client_id] = sandbox.stats.token_requests.get(client_id, 0) + 1
    if not _app_secret_ok(sandbox, client_id, client_secret):
        return _oauth_error(401, "invalid_client", "Client authentication failed")
    if grant == "client_credentials":
        ttl = sandbox.config.app_token_ttl
        return web.json_response(
            {"access_token": sandbox.issue_token(client_id, None, ttl), "expires_in": ttl}
        )
    if grant == "authorization_code":
        code, redirect_uri = str(form.get("code", "")), str(form.get("redirect_uri", ""))
        row = sandbox.db.one("SELECT * FROM auth_codes WHERE code = ?", code)
        if (
            row is None
            or row["used"]
            or row["client_id"] != client_id
            or row["redirect_uri"] != redirect_uri
            or row["expires_at"] <= sandbox.clock.now()
        ):
            return _oauth_error(
                400,
                "invalid_request",
                "Unable to retrieve access token: authorization code "
                "not found, expired, already used or issued for another redirect_uri",
            )
        sandbox.db.run("UPDATE auth_codes SET used = 1 WHERE code = ?", code)
        ttl = sandbox.config.member_token_ttl
        token = sandbox.issue_token(client_id, row["member_id"], ttl)
        return web.json_response({"access_token": token, "expires_in": ttl, "scope": "r_liteprofile"})
    return _oauth_error(400, "unsupported_grant_type", f"grant_type {grant!r} is not supported")


def _check_authorization(sandbox: Sandbox, query: dict[str, str]) -> str | None:
    """The reason the request cannot be signed in, or None."""
    if query.get("response_type") != "code":
        return "response_type must be code"
    row = sandbox.db.one("SELECT * FROM apps WHERE client_id = ?", query.get("client_id", ""))
    if row is None:
        return "unknown client_id"
    redirect = query.get("redirect_uri", "")
    if urlsplit(redirect).scheme not in ("http", "https") or not urlsplit(redirect).netloc:
        return "redirect_uri must be an absolute http(s) URL"
    if row["kind"] == "child":
        import json

        if redirect not in json.loads(row["callback_urls"]):
            return "redirect_uri is not one of the application's authorized redirect URLs"
    return None


@routes.get("/oauth/v2/authorization")
async def authorization_page(request: web.Request) -> web.Response:
    """LinkedIn's sign-in, reduced to one click: pick the demo member to sign in as."""
    sandbox: Sandbox = request.app[SANDBOX]
    query = dict(request.query)
    problem = _check_authorization(sandbox, query)
    if problem:
        return web.Response(status=400, text=f"LinkedIn sandbox: {problem}")
    members = sandbox.db.all(
        "SELECT m.*, (SELECT COUNT(*) FROM seats s WHERE s.member_id = m.id) AS seats FROM members m"
        " WHERE m.is_user = 1 ORDER BY m.first_name, m.last_name"
    )
    items = []
    for m in members:
        link = "/oauth/v2/authorization/approve?" + urlencode({**query, "member": m["id"]})
        label = f"{m['first_name']} {m['last_name']}"
        detail = f"{m['email'] or ''} · {m['seats']} Recruiter seat(s)"
        items.append(
            f'<li><a class="member" href="{escape(link)}">{escape(label)}</a> '
            f"<small>{escape(detail)}</small></li>"
        )
    cancel = (
        query["redirect_uri"]
        + ("&" if "?" in query["redirect_uri"] else "?")
        + urlencode(
            {
                "error": "user_cancelled_login",
                "error_description": "The user cancelled the sign-in",
                "state": query.get("state", ""),
            }
        )
    )
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>LinkedIn sandbox sign-in</title></head>"
        "<body><h1>LinkedIn sandbox</h1><p>Sign in as a demo member:</p><ul>"
        + "".join(items)
        + f'</ul><p><a href="{escape(cancel)}">Cancel</a></p></body></html>'
    )
    return web.Response(text=html, content_type="text/html")


@routes.get("/oauth/v2/authorization/approve")
async def approve(request: web.Request) -> web.Response:
    sandbox: Sandbox = request.app[SANDBOX]
    query = dict(request.query)
    problem = _check_authorization(sandbox, query)
    member = sandbox.db.one("SELECT id FROM members WHERE id = ?", query.get("member", ""))
    if problem or member is None:
        return web.Response(status=400, text=f"LinkedIn sandbox: {problem or 'unknown member'}")
    code = sandbox.new_id("code-")
    sandbox.db.run(
        "INSERT INTO auth_codes (code, client_id, redirect_uri, member_id, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        code,
        query["client_id"],
        query["redirect_uri"],
        member["id"],
        sandbox.clock.now() + 1800,
    )
    redirect = query["redirect_uri"]
    target = (
        redirect
        + ("&" if "?" in redirect else "?")
        + urlencode({"code": code, "state": query.get("state", "")})
    )
    raise web.HTTPFound(target)
