"""No query string of the sign-in and webhook routes reaches the log: not the sign-in's code and
state, not a webhook's challenge; and a refused webhook is not echoed into the log."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from yarl import URL

from connector.errors import WebhookRejected
from connector.webhooks import parse_event, signature
from logs import REDACTED
from store.demo_data import DEMO_TENANT_ID
from tests.bot.channel import ALEX
from tests.logs.conftest import CapturedLog
from tests.setup.cards import button
from tests.setup.conftest import App
from tests.setup.signin import link_sent_to, sign_in, type_code
from tests.setup.test_walk import CORPORATE, in_channel, latest_setup_card

FORGED = ("SECRET-CODE-4711", "SECRET-STATE-4711", "SECRET-CHALLENGE-4711")


def access_lines(log: CapturedLog) -> list[dict[str, object]]:
    """The app's access lines (the recording Teams channel, a test server, writes its own)."""
    return [line for line in log.json_lines() if line["logger"] == "aiohttp.access" and "path" in line]


async def test_sign_in_and_webhook_query_strings_never_reach_the_log(
    served: App, json_log: CapturedLog
) -> None:
    app = served
    code_forged, state_forged, challenge_forged = FORGED

    # A real sign-in: the state in the link Teams got, the code LinkedIn sent the browser back with.
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()
    await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    assert page.status == 200, page.text
    callback_url = page.callback_url
    await type_code(app, ALEX, page.code)
    query = parse_qs(urlsplit(callback_url).query)
    [code], [state] = query["code"], query["state"]

    # The same callback again, forged ones, a cancelled one and a forged start: all refused.
    assert (await app.get(callback_url)).status == 400
    forged_callback = f"{app.base_url}/linkedin/callback?code={code_forged}&state={state_forged}"
    assert (await app.get(forged_callback)).status == 400
    cancelled = f"{app.base_url}/linkedin/callback?error=user_cancelled_login&state={state}"
    assert (await app.get(cancelled)).status == 400
    assert (await app.get(f"{app.base_url}/linkedin/connect?state={state_forged}")).status == 400

    # The tenant's webhook: LinkedIn's own challenge (the sandbox's), then one with a known code,
    # and one on a callback id nobody has.
    connected = await latest_setup_card(app, "Connected")
    contract = {**button(connected, "setup.contract"), "contract": CORPORATE}
    chosen = await app.press("setup.contract", contract, user=ALEX, **in_channel())
    await app.press("setup.request", button(chosen["value"], "setup.request"), user=ALEX, **in_channel())
    await app.flush_webhooks()
    [(callback_id,)] = await app.sql("SELECT callback_id FROM linkedin_integrations")
    webhook = f"{app.base_url}/api/linkedin/webhook/{callback_id}"
    answered = await app.get(webhook, params={"challengeCode": challenge_forged})
    assert answered.status == 400  # not a UUID: refused, and still not logged
    nobody = f"{app.base_url}/api/linkedin/webhook/nobody"
    unknown = await app.get(nobody, params={"challengeCode": challenge_forged})
    assert unknown.status == 400  # not a UUID: refused before the callback id is looked up

    everything = json_log.everything()
    for secret in (code, state, *FORGED):
        assert secret not in everything
    assert REDACTED not in everything, "nothing secret was even offered to the log"

    # The requests were logged, by path, and the webhook's and the callback's lines name the tenant.
    lines = access_lines(json_log)
    paths = [line["path"] for line in lines]
    assert paths.count("/linkedin/callback") == 4 and "/linkedin/connect" in paths
    assert f"/api/linkedin/webhook/{callback_id}" in paths and "/api/linkedin/webhook/nobody" in paths
    for line in lines:
        if line["path"] == f"/api/linkedin/webhook/{callback_id}" and line["status"] == 200:
            assert line["tenant_id"] == DEMO_TENANT_ID  # LinkedIn's own challenge, answered
    [signed_in] = [line for line in lines if line["path"] == "/linkedin/callback" and line["status"] == 200]
    assert signed_in["tenant_id"] == DEMO_TENANT_ID
    assert all("tenant_id" not in line for line in lines if line["path"] == "/api/linkedin/webhook/nobody")


def test_a_refused_webhook_envelope_is_described_without_its_contents() -> None:
    """LinkedIn signed it, but it is not an envelope: the refusal (which the route logs) names the
    fields at fault, never their values."""
    body = json.dumps(
        {"notificationId": "Anna Jensen <anna.jensen@example.com>", "type": "EXPORT_CANDIDATE_PROFILE"}
    ).encode()
    with pytest.raises(WebhookRejected) as refused:
        parse_event(body, signature(body, "child-secret"), "child-secret")
    assert refused.value.status == 400
    assert "requestId" in refused.value.message
    assert "Anna" not in refused.value.message and "@" not in refused.value.message

    not_json = b"Anna Jensen anna.jensen@example.com"
    with pytest.raises(WebhookRejected) as refused:
        parse_event(not_json, signature(not_json, "child-secret"), "child-secret")
    assert refused.value.message == "the body is not JSON"


def test_a_url_with_a_code_or_state_is_blanked_in_any_line(json_log: CapturedLog) -> None:
    """The last line of defence: whatever code logs a sign-in URL or a bearer token, the written
    line holds neither."""
    log = logging.getLogger("tests.logs")
    log.warning("went to %s", "http://127.0.0.1/linkedin/callback?code=abc123&state=def456&x=1")
    try:
        raise RuntimeError("GET /api/linkedin/webhook/cb-1?challengeCode=ghi789 with Bearer jkl012")
    except RuntimeError:
        log.exception("failed")
    written = json_log.written.getvalue()
    for secret in ("abc123", "def456", "ghi789", "jkl012"):
        assert secret not in written
    first, second = json_log.json_lines()
    assert first["message"] == f"went to http://127.0.0.1/linkedin/callback?code={REDACTED}&state={REDACTED}&x=1"
    assert f"challengeCode={REDACTED}" in second["exception"] and f"Bearer {REDACTED}" in second["exception"]


async def test_a_query_smuggled_into_the_path_or_a_line_break_is_not_written(
    served: App, text_log: CapturedLog
) -> None:
    """%3F decodes into the path and %0A into a line break: neither gets a secret or a forged line
    into the access log."""
    query = "%3Fcode=SECRET-PATH-CODE%26state=SECRET-PATH-STATE"
    smuggled = URL(f"{served.base_url}/linkedin/callback{query}", encoded=True)
    line = "%0A2026-01-01%2000:00:00,000%20INFO%20talentbridge:%20forged"
    forged = URL(f"{served.base_url}/healthz{line}", encoded=True)
    assert (await served.http.get(smuggled)).status == 404
    assert (await served.http.get(forged)).status == 404
    everything = text_log.everything()
    assert "SECRET-PATH-CODE" not in everything and "SECRET-PATH-STATE" not in everything
    access = [line for line in text_log.lines() if " aiohttp.access: GET /" in line]
    assert len(access) == 2 and not any(line.startswith("2026-01-01") for line in text_log.lines())
    assert f"GET /linkedin/callback?code={REDACTED}&state={REDACTED} 404 " in access[0]
    assert "GET /healthz\\x0a2026-01-01 00:00:00,000 INFO talentbridge: forged 404 " in access[1]
