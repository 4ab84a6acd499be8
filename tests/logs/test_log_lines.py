"""One logging setup: JSON lines (LOG_FORMAT=json) or readable text, every line of a Teams turn
naming its tenant, conversation and activity, and no line holding what people typed, their emails,
candidates' names or tokens."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from cards.base import Verb
from logs import QUIET_LOGGERS, configure_logging
from settings import Settings
from store.demo_data import DEMO_TENANT_ID, demo_dataset
from tests.bot.channel import ALEX, MALLORY, MEGAN, TENANT
from tests.logs.conftest import CapturedLog
from tests.setup.cards import actions
from tests.setup.conftest import App, unused_port
from tests.setup.test_walk import latest_setup_card, walk_to_partner_ready

ROOT = Path(__file__).resolve().parents[2]


def turn_lines(log: CapturedLog) -> list[dict[str, object]]:
    return [line for line in log.json_lines() if line["logger"] == "bot.turn_logging"]


async def test_json_lines_of_a_turn_carry_its_tenant_conversation_and_activity(
    served: App, json_log: CapturedLog
) -> None:
    activity = served.activity("help", user=MEGAN)
    assert (await served.post(activity)).status in (200, 201)

    [line] = turn_lines(json_log)
    assert line["level"] == "INFO" and str(line["message"]).startswith("message turn took ")
    assert line["tenant_id"] == TENANT
    assert line["conversation_id"] == activity["conversation"]["id"]
    assert line["activity_id"] == activity["id"]
    assert str(line["time"]).endswith("+00:00")
    # Lines outside any turn name none.
    [access] = [line for line in json_log.json_lines() if line.get("path") == "/api/messages"]
    assert "tenant_id" not in access and access["status"] in (200, 201)


async def test_a_failed_turn_is_logged_with_its_ids(served: App, json_log: CapturedLog) -> None:
    """The channel cannot be reached: the turn fails, and the failure is logged, in one line without a
    traceback (there is nobody to apologize to), inside the turn's context (which the exception had
    already left)."""
    nowhere = f"http://127.0.0.1:{unused_port()}/"
    activity = served.activity("help", user=MEGAN, serviceUrl=nowhere)
    await served.post(activity)
    failed = [line for line in json_log.json_lines() if line["logger"] == "talentbridge"]
    assert [line["message"] for line in failed] == [
        "turn failed: the channel did not answer (ClientRequestError)",
    ]
    for line in failed:
        assert (line["tenant_id"], line["activity_id"]) == (TENANT, activity["id"])
        assert line["conversation_id"] == activity["conversation"]["id"]
        assert "exception" not in line


async def test_text_lines_are_readable(served: App, text_log: CapturedLog) -> None:
    activity = served.activity("help", user=MEGAN)
    await served.post(activity)
    [line] = [line for line in text_log.lines() if " bot.turn_logging: " in line]
    pattern = (
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO bot\.turn_logging: message turn took \d+ ms "
        r"\[tenant=(?P<tenant>\S+) conversation=(?P<conversation>\S+) activity=(?P<activity>\S+)\]"
    )
    shown = re.fullmatch(pattern, line)
    assert shown, line
    assert shown.groupdict() == {
        "tenant": TENANT,
        "conversation": activity["conversation"]["id"],
        "activity": activity["id"],
    }
    [access] = [line for line in text_log.lines() if " aiohttp.access: POST /api/messages " in line]
    assert re.search(r"POST /api/messages 20[01] \d+B \d+\.\dms$", access), access


async def test_no_line_of_find_turns_and_a_setup_walk_holds_typed_text_emails_names_or_tokens(
    served: App, json_log: CapturedLog
) -> None:
    app = served
    typed = ["find anna jensen", "find C1007", "find", "Åsa Lindqvist", "find zoë van der berg"]
    for text in typed:
        await app.say(text, user=ALEX)
    picks = [a for card in app.channel.cards() for a in actions(card) if a.get("verb") == Verb.SHOW_CANDIDATE]
    assert picks, "the searches offered candidates to open"
    for pick in picks[:3]:
        await app.press(Verb.SHOW_CANDIDATE, pick["data"], user=ALEX)
    await app.press(Verb.FIND, {"query": "Priya Sharma"}, user=ALEX)

    # The admin's setup, from a channel, to Enabled (sign-in, contract, request, LinkedIn's events).
    app.channel.clear()
    await walk_to_partner_ready(app)
    await app.sandbox("POST", "/sandbox/integration", {"level": "contract"})
    await app.flush_webhooks()
    await latest_setup_card(app, "Enabled")

    dataset = demo_dataset()
    personal = {text for text in typed if text != "find"} | {"Priya Sharma"}
    for user in dataset.users:
        personal |= {user.email, user.upn, user.display_name}
    for candidate in dataset.candidates:
        personal |= {candidate.full_name, *candidate.emails, *candidate.phones}
    everything = json_log.everything()
    found = sorted(value for value in personal if value.casefold() in everything.casefold())
    assert found == []
    assert "sbx-" not in everything, "no LinkedIn token"
    assert len(json_log.json_lines()) > 20, "the turns were logged"
    assert {line.get("tenant_id") for line in turn_lines(json_log)} == {DEMO_TENANT_ID}


def test_database_and_http_libraries_stay_at_warning_even_at_debug(json_log: CapturedLog) -> None:
    """Their debug lines carry SQL parameters and request bodies (emails, names, tokens)."""
    assert logging.getLogger("talentbridge").isEnabledFor(logging.DEBUG)
    for name in QUIET_LOGGERS:
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)


def test_log_format_and_level_are_checked() -> None:
    assert Settings(LOG_FORMAT="JSON").log_format == "json"  # type: ignore[call-arg]
    assert Settings().log_format == "text"  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Settings(LOG_FORMAT="xml")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of text, json"):
        configure_logging("INFO", "yaml")
    with pytest.raises(ValueError, match="LOG_LEVEL must be DEBUG, INFO"):
        configure_logging("LOUD", "text")


CLI_MODULES = {  # their printed output is the command's answer, not a log line
    "bench/__main__.py",
    "bench/serve.py",  # prints the port it listens on, for the benchmark that started it
    "linkedin_sandbox/__main__.py",
    "i18n/catalogs.py",
    "manifest/package.py",
}


def test_nothing_but_logs_configures_logging_and_only_command_line_tools_print() -> None:
    offenders = []
    for path in sorted(ROOT.glob("**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "build/")) or "/migrations/versions/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name in ("logging.basicConfig", "basicConfig", "logging.config.dictConfig", "fileConfig"):
                offenders.append(f"{relative}: {name}")
            if name == "print" and relative not in CLI_MODULES:
                offenders.append(f"{relative}: print")
    assert offenders == []


async def test_a_turn_logs_no_warning_about_teams_fields_the_sdk_does_not_know(
    served: App, json_log: CapturedLog
) -> None:
    """Teams sends fields the SDK's schema lacks (source, eventType, teamsChannelId, teamsTeamId) in
    channelData; the SDK's deserializer would warn about each whenever it reads them (the roster is
    asked about a user the bot does not know by object id)."""
    channel_data = {
        "tenant": {"id": TENANT},
        "source": {"name": "message"},
        "eventType": "message",
        "teamsChannelId": "19:general@thread.skype",
        "teamsTeamId": "19:team@thread.skype",
        "channel": {"id": "19:general@thread.skype"},
        "team": {"id": "19:team@thread.skype"},
    }
    activity = served.activity(
        "help", user=MALLORY, conversation_type="channel", conversation_id="19:general@thread.skype"
    )
    activity["channelData"] = channel_data
    await served.post(activity)
    assert turn_lines(json_log), "the turn ran"
    assert [line for line in json_log.json_lines() if str(line["logger"]).startswith("msrest")] == []
