"""Which language a Teams locale gets, locale formats, and command words in each language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from i18n import command_aliases, command_word, negotiate, scope_words, translator
from tests.commands import COMMAND_NAMES


@pytest.mark.parametrize(
    ("teams_locale", "language"),
    [
        ("da-DK", "da"),
        ("da", "da"),
        ("nb-NO", "nb"),
        ("nn-NO", "nb"),
        ("no", "nb"),
        ("nl-NL", "nl"),
        ("nl-BE", "nl"),
        ("sv-SE", "sv"),
        ("sv-FI", "sv"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("de-DE", "en"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
        ("not a locale", "en"),
        ("xx-YY", "en"),
    ],
)
def test_teams_locale_picks_the_language_or_falls_back_to_english(
    teams_locale: str | None, language: str
) -> None:
    assert negotiate(teams_locale) == language
    assert translator(teams_locale).locale == language


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Nov 3, 2026"),
        ("da", "3. nov. 2026"),
        ("nb", "3. nov. 2026"),
        ("nl", "3 nov. 2026"),
        ("sv", "3 nov. 2026"),
    ],
)
def test_dates_are_formatted_per_locale(locale: str, expected: str) -> None:
    assert translator(locale).format_date(date(2026, 11, 3)) == expected


def test_times_and_numbers_are_formatted_per_locale() -> None:
    moment = datetime(2026, 11, 3, 14, 5, tzinfo=UTC)
    assert translator("en").format_datetime(moment) == "11/3/26, 2:05 PM"  # English: UTC
    assert translator("da").format_datetime(moment) == "03.11.2026 15.05"  # Copenhagen time
    assert translator("en").format_number(12345.5) == "12,345.5"
    assert translator("da").format_number(12345.5) == "12.345,5"
    assert translator("nl").format_number(12345.5) == "12.345,5"
    assert translator("sv").format_number(12345.5).replace("\xa0", " ") == "12 345,5"


@pytest.mark.parametrize("locale", ["da", "nb", "nl", "sv"])
def test_command_words_in_the_users_language(locale: str) -> None:
    aliases = command_aliases(locale)
    assert set(aliases.values()) <= set(COMMAND_NAMES)
    assert all(word == word.casefold() and " " not in word for word in aliases)
    # The everyday commands have a word in every language.
    assert {"help", "find", "settings"} <= set(aliases.values())
    # A localized word never means a different English command.
    assert all(aliases[word] == word for word in aliases if word in COMMAND_NAMES)
    for name in COMMAND_NAMES:
        word = command_word(locale, name)
        assert word == name or aliases[word.casefold()] == name


@pytest.mark.parametrize(
    ("locale", "word", "command"),
    [
        ("da-DK", "hjælp", "help"),
        ("da-DK", "søg", "find"),
        ("da-DK", "indstillinger", "settings"),
        ("sv-SE", "hjälp", "help"),
        ("sv-SE", "sök", "find"),
        ("sv-SE", "inställningar", "settings"),
        ("nb-NO", "hjelp", "help"),
        ("nb-NO", "søk", "find"),
        ("nb-NO", "innstillinger", "settings"),
        ("nl-NL", "zoek", "find"),
        ("nl-NL", "instellingen", "settings"),
        ("da-DK", "opsætning", "setup"),
        ("nb-NO", "oppsett", "setup"),
        ("nl-NL", "instellen", "setup"),
        ("sv-SE", "konfigurera", "setup"),
    ],
)
def test_recruiters_word_maps_to_the_command(locale: str, word: str, command: str) -> None:
    assert command_aliases(locale)[word] == command


def test_english_and_unknown_locales_have_no_extra_words() -> None:
    assert command_aliases("en-US") == {}
    assert command_aliases("de-DE") == {}
    assert command_word("de-DE", "help") == "help"


def test_scope_words() -> None:
    assert scope_words("en-US") == ("in",)
    assert scope_words("da-DK") == ("in", "i")
    assert scope_words("nl-NL") == ("in",)


def test_times_are_shown_in_the_users_time_zone() -> None:
    late = datetime(2026, 11, 3, 23, 30, tzinfo=UTC)
    assert translator("sv-SE").format_datetime(late) == "2026-11-04 00:30"
    assert translator("sv-SE").format_date(late) == "4 nov. 2026"  # the date where the user is
    assert translator("en-US", "America/New_York").format_datetime(late) == "11/3/26, 6:30 PM"
    assert translator("da-DK", "Europe/London").format_datetime(late) == "03.11.2026 23.30"
    # An unknown zone keeps the language's default; naive datetimes are UTC.
    assert translator("da-DK", "Mars/Olympus").format_datetime(late) == "04.11.2026 00.30"
    assert translator("nl-NL").format_datetime(datetime(2026, 7, 1, 12, 0)) == "01-07-2026 14:00"
