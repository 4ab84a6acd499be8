"""Languages: gettext catalogs managed with Babel, and locale-aware formatting.

Every user-visible string goes through a `Translator`: `_ = translator(locale).gettext`, then
`_("Candidate {name}").format(name=…)`. Strings defined at module level (class attributes, constants)
are marked with `N_("…")` so extraction finds them, and translated where they are shown. One English
string that plays two roles (a value shown alone on a card, and a word inside a sentence) gets a
message context for each: `t.pgettext(context, message)`, or `NC_(context, message)` at module level.
See README "Contributing: strings and translations".
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import get_timezone
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES = ("en", "da", "nb", "nl", "sv")
# Norwegian arrives as nb, no or nn; we write Bokmål.
_ALIASES = {"no": "nb", "nn": "nb"}


@lru_cache(maxsize=512)  # every card row asks; Babel's parse is the slow part of a translator
def negotiate(locale: str | None) -> str:
    """The supported language for a Teams locale ('da-DK' -> 'da'); anything else is English."""
    if not locale:
        return DEFAULT_LOCALE
    try:
        language = Locale.parse(locale.replace("-", "_")).language
    except (UnknownLocaleError, ValueError, TypeError):
        return DEFAULT_LOCALE
    language = _ALIASES.get(language, language)
    return language if language in SUPPORTED_LOCALES else DEFAULT_LOCALE


# Where a language's users mostly are: the clock times are shown in when Teams does not say the user's
# time zone (activity.localTimezone). English has no one place, so it stays on UTC.
DEFAULT_TIMEZONES = {
    "da": "Europe/Copenhagen",
    "nb": "Europe/Oslo",
    "nl": "Europe/Amsterdam",
    "sv": "Europe/Stockholm",
}


@dataclass(frozen=True)
class Translator:
    """Messages and formatting for one language. `locale` is the negotiated language ('da');
    `timezone` an IANA name ('Europe/Copenhagen') for clock times, None for the language's default."""

    locale: str
    _translations: _gettext.NullTranslations
    timezone: str | None = None

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of `message` in its message context (the catalogs' msgctxt)."""
        return self._translations.pgettext(context, message)

    def translate(self, message: str | ContextualMessage) -> str:
        """A message marked at module level, with N_ (a plain message id) or NC_ (with its context)."""
        if isinstance(message, ContextualMessage):
            return self.pgettext(message.context, message.message)
        return self.gettext(message)

    def format_date(self, value: date | datetime) -> str:
        """'3. nov. 2026'; a datetime is first moved to the user's time zone (its date may change)."""
        if isinstance(value, datetime):
            value = self._local(value).date()
        return _format_date(value, format="medium", locale=self.locale)

    def format_datetime(self, value: datetime) -> str:
        """'03.11.2026 15.05' in the user's time zone (naive datetimes are UTC, as the store keeps them)."""
        return _format_datetime(self._local(value), format="short", locale=self.locale)

    def format_number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def with_timezone(self, timezone: str | None) -> Translator:
        """This translator with clock times in `timezone` (unknown names keep the default)."""
        if not timezone or _zone(timezone) is None:
            return self
        return replace(self, timezone=timezone)

    def _local(self, value: datetime) -> datetime:
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        zone = _zone(self.timezone or DEFAULT_TIMEZONES.get(self.locale, "UTC"))
        return aware.astimezone(zone) if zone is not None else aware


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo | None:
    # Babel's time zones (pytz, a Babel dependency) carry their own database: no system tzdata needed.
    try:
        zone: tzinfo = get_timezone(name)
    except (LookupError, ValueError, AttributeError):
        return None
    return zone


_OVERRIDES: dict[str, Translator] = {}


def translator(locale: str | None, timezone: str | None = None) -> Translator:
    """The translator for a Teams locale ('da-DK', 'nb-NO', …); unsupported locales get English.
    `timezone` is the user's IANA time zone when known (Teams: activity.localTimezone)."""
    if locale is not None and locale in _OVERRIDES:
        return _OVERRIDES[locale]
    return _translator_for(negotiate(locale)).with_timezone(timezone)


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def _translator_for(language: str) -> Translator:
    return Translator(language, _load_translations(language))


def _load_translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog when it is current, else the .po compiled in memory: a forgotten
    `python -m i18n.compile` never shows a user stale text. English is the source language."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return _gettext.NullTranslations()
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as mo_file:
            return _gettext.GNUTranslations(mo_file)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now (translated where it is shown)."""
    return message


@dataclass(frozen=True)
class ContextualMessage:
    """A message id with its message context, as `NC_` marks it; `Translator.translate` shows it."""

    context: str
    message: str

    def __str__(self) -> str:  # the English text, e.g. in an exception's message
        return self.message


def NC_(context: str, message: str) -> ContextualMessage:
    """Mark a message with its context (msgctxt) for extraction, translated where it is shown."""
    return ContextualMessage(context, message)


# Pseudo-locale ------------------------------------------------------------------------------
# Tests render every card with it: each translated message comes back between markers, so any
# user-visible text without them bypassed the catalogs.

PSEUDO_LOCALE = "qps-ploc"  # Microsoft's pseudo-localization tag
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


class _PseudoTranslations(_gettext.NullTranslations):
    def __init__(self, seen: set[str] | None) -> None:
        super().__init__()
        self.seen = seen if seen is not None else set()

    def gettext(self, message: str) -> str:
        self.seen.add(message)
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.seen.add(msgid1)
        return f"{PSEUDO_OPEN}{msgid1 if n == 1 else msgid2}{PSEUDO_CLOSE}"

    def pgettext(self, context: str, message: str) -> str:
        self.seen.add(message)
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"


class _PseudoTranslator(Translator):
    # Formatted values are data, not words: digits only, so they never look like a missed string.
    def format_date(self, value: date | datetime) -> str:
        return (value.date() if isinstance(value, datetime) else value).isoformat()

    def format_datetime(self, value: datetime) -> str:
        return value.strftime("%Y-%m-%d %H:%M")

    def format_number(self, value: float) -> str:
        return str(value)


@contextmanager
def pseudo_locale(seen: set[str] | None = None) -> Iterator[str]:
    """While active, `translator(PSEUDO_LOCALE)` marks every message (for tests); the message ids
    asked for are added to `seen`."""
    _OVERRIDES[PSEUDO_LOCALE] = _PseudoTranslator(DEFAULT_LOCALE, _PseudoTranslations(seen))
    try:
        yield PSEUDO_LOCALE
    finally:
        _OVERRIDES.pop(PSEUDO_LOCALE, None)


# Commands in the user's language ------------------------------------------------------------

# The words a recruiter in that country would type, the preferred one first (it is also the command
# title the Teams app manifest shows in that language). English words always work too. Where
# i18n/GLOSSARY.md names the concept (talent pool: talentpulje, talentutvalg, talentenpool,
# talangpool), the preferred word is the glossary's. Exactly the commands of the bot's route table
# (bot/routes.py) have words here: tests/bot/test_routing_table.py holds the two together.
_COMMAND_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "help": ("hjælp",),
        "find": ("søg", "find"),
        "export": ("eksporter", "eksportér"),
        "settings": ("indstillinger",),
        "setup": ("opsætning", "opsæt"),
    },
    "nb": {
        "help": ("hjelp",),
        "find": ("søk", "finn"),
        "export": ("eksporter",),
        "settings": ("innstillinger",),
        "setup": ("oppsett",),
    },
    "nl": {
        "help": ("help", "hulp"),
        "find": ("zoek", "vind"),
        "export": ("exporteer", "exporteren"),
        "settings": ("instellingen",),
        "setup": ("instellen", "inrichten", "configureren"),
    },
    "sv": {
        "help": ("hjälp",),
        "find": ("sök", "hitta"),
        "export": ("exportera",),
        "settings": ("inställningar",),
        "setup": ("konfigurera", "konfiguration"),
    },
}

# "find anna in Sales Manager": the word before a job or pool, in each language ("in" always works).
_SCOPE_WORDS: dict[str, tuple[str, ...]] = {"da": ("i",), "nb": ("i",), "nl": ("in",), "sv": ("i",)}


def command_aliases(locale: str | None) -> dict[str, str]:
    """Command words in the user's language -> the English command name.

    Keys are casefolded, as the command parser compares them. English names are not included:
    they are understood in every language.
    """
    words = _COMMAND_WORDS.get(negotiate(locale), {})
    return {word.casefold(): name for name, options in words.items() for word in options}


def command_word(locale: str | None, name: str) -> str:
    """The word to show for command `name` in the user's language ('da', 'help' -> 'hjælp')."""
    options = _COMMAND_WORDS.get(negotiate(locale), {}).get(name)
    return options[0] if options else name


def scope_words(locale: str | None) -> tuple[str, ...]:
    """The words that introduce a job or pool in `find <name> in <job>`: always 'in', plus the
    user's language's word ('i' in Danish, Norwegian and Swedish)."""
    return ("in", *(w for w in _SCOPE_WORDS.get(negotiate(locale), ()) if w != "in"))
