"""Each user gets the bot in their language, over HTTP as Teams drives it (fixtures from tests/bot)."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pytest

from i18n import PSEUDO_CLOSE, PSEUDO_OPEN, pseudo_locale, translator
from store.demo_data import DEMO_TENANT_ID, demo_dataset
from tests.bot.channel import ALEX, LYNNE, MEGAN
from tests.bot.conftest import BotUnderTest
from tests.cardcheck import assert_valid_card, card_texts
from tests.i18n.visible import untranslated_words, visible_strings

TEAMS_LOCALES = ["en-US", "da-DK", "nb-NO", "nl-NL", "sv-SE"]
HELP_INTRO = "Here is what you can ask me. In a channel, @mention me first."
NO_APPLICATIONS = "No applications yet."


@pytest.mark.parametrize("locale", TEAMS_LOCALES)
async def test_help_card_comes_in_the_users_language(bot: BotUnderTest, locale: str) -> None:
    await bot.say("help", user=MEGAN, locale=locale)
    [card] = bot.channel.cards()
    assert_valid_card(card)
    expected = translator(locale).gettext(HELP_INTRO)
    assert expected in card_texts(card)
    if not locale.startswith("en"):
        assert expected != HELP_INTRO


async def test_a_danish_recruiter_gets_danish(bot: BotUnderTest) -> None:
    await bot.say("hjælp", user=MEGAN, locale="da-DK")
    [help_card] = bot.channel.cards()
    assert "Her er, hvad du kan spørge mig om. I en kanal skal du @nævne mig først." in card_texts(help_card)

    bot.channel.clear()
    await bot.say("søg C1001", user=MEGAN, locale="da-DK")
    [candidate] = bot.channel.cards()
    assert_valid_card(candidate)
    facts = [
        fact["title"] for item in candidate["body"] if item.get("type") == "FactSet" for fact in item["facts"]
    ]
    assert "Kandidat-id" in facts and "Candidate id" not in facts

    bot.channel.clear()
    await bot.say("søg Zzyzx Qwerty", user=MEGAN, locale="da-DK")
    assert bot.channel.texts() == ['Jeg fandt ingen kandidat, der matcher "Zzyzx Qwerty".']


async def test_a_swedish_recruiter_without_an_ats_user_is_refused_in_swedish(bot: BotUnderTest) -> None:
    await bot.say("sök C1001", user=LYNNE, locale="sv-SE")
    [text] = bot.channel.texts()
    assert text.startswith("Tyvärr kan jag inte hjälpa dig än")


@pytest.mark.parametrize("locale", ["de-DE", "fr-FR", "ja-JP"])
async def test_other_locales_fall_back_to_english(bot: BotUnderTest, locale: str) -> None:
    await bot.say("help", user=MEGAN, locale=locale)
    [card] = bot.channel.cards()
    assert HELP_INTRO in card_texts(card)


def _marked(text: str) -> bool:
    return not untranslated_words(text) and (PSEUDO_OPEN in text or PSEUDO_CLOSE in text or not text.strip())


async def test_everything_the_bot_says_goes_through_the_catalogs(bot: BotUnderTest) -> None:
    """A pseudo-locale user: every message and card text the bot sends carries the markers (names,
    codes and other data aside), through help, find, the dialog, buttons, refusals and the welcome."""
    with pseudo_locale() as locale:
        await bot.say("help", user=MEGAN, locale=locale)
        await bot.say("find C1001", user=MEGAN, locale=locale)
        await bot.say("find an", user=MEGAN, locale=locale)
        await bot.say("find Zzyzx Qwerty", user=MEGAN, locale=locale)
        await bot.say("find", user=MEGAN, locale=locale)  # the dialog asks who
        await bot.say("settings", user=MEGAN, locale=locale)
        await bot.say("setup", user=MEGAN, locale=locale)  # not an admin: refused
        await bot.say("setup", user=ALEX, locale=locale, conversation_type="channel", conversation_id="19:a")
        await bot.say("find C1001", user=LYNNE, locale=locale)  # no ATS user
        responses: list[Any] = [
            await bot.press("candidate.show", {"candidateId": "not-a-candidate"}, user=MEGAN, locale=locale),
            await bot.press("find", {"query": ""}, user=MEGAN, locale=locale),
            await bot.press("no.such.button", {}, user=MEGAN, locale=locale),
        ]
    sent = bot.channel.sent()
    assert len(bot.channel.cards()) >= 5 and len(bot.channel.texts()) >= 3
    data = frozenset(_data_in(sent) | _stored_text(bot.database_url))
    problems: dict[str, str] = {}
    for activity in sent:
        if activity.get("text"):
            text = activity["text"]
            if not _marked(text):
                problems[f"message {text[:40]!r}"] = text
        for attachment in activity.get("attachments") or []:
            content = attachment.get("content")
            if isinstance(content, dict):
                for path, text in visible_strings(content):
                    if untranslated_words(text, data):
                        problems[f"card {path}"] = text
    for response in responses:
        value = response.get("value")
        text = value.get("message") if isinstance(value, dict) else value
        if isinstance(text, str) and not _marked(text):
            problems["invoke response"] = text
    assert not problems, f"text that bypassed the catalogs: {problems}"


def _stored_text(database_url: str) -> set[str]:
    """Every text value in the seeded database (names, emails, job titles, stages…): domain data."""
    path = database_url.split("///", 1)[1]
    found: set[str] = set()
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                found.update(value for value in row if isinstance(value, str) and len(value) > 1)
    return found


def _data_in(sent: list[dict[str, Any]]) -> set[str]:
    """URLs the bot put in cards (sign-in links): data, not words."""
    urls: set[str] = set()
    for activity in sent:
        for attachment in activity.get("attachments") or []:
            _collect_urls(attachment.get("content"), urls)
    return urls


def _collect_urls(node: Any, urls: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url" and isinstance(value, str):
                urls.add(value)
            else:
                _collect_urls(value, urls)
    elif isinstance(node, list):
        for item in node:
            _collect_urls(item, urls)


@pytest.mark.parametrize(
    ("locale", "command", "scope_word"),
    [("da-DK", "søg", "i"), ("sv-SE", "sök", "i"), ("en-US", "find", "in")],
)
async def test_a_search_is_scoped_to_a_job_with_the_users_own_word_for_in(
    bot: BotUnderTest, locale: str, command: str, scope_word: str
) -> None:
    contoso = [c for c in demo_dataset().candidates if c.tenant_id == DEMO_TENANT_ID]
    on_job = {c.code for c in contoso if any(a.job_code == "J-1001" for a in c.applications)}
    by_first_name: dict[str, set[str]] = {}
    for candidate in contoso:
        by_first_name.setdefault(candidate.first_name, set()).add(candidate.code)
    name, codes = next((n, cs) for n, cs in sorted(by_first_name.items()) if cs & on_job and cs - on_job)

    await bot.say(f"{command} {name} {scope_word} J-1001", user=MEGAN, locale=locale)

    texts = [text for card in bot.channel.cards() for text in card_texts(card)]
    shown = {code for text in texts for code in re.findall(r"C\d{4}", text)}
    assert shown == codes & on_job
