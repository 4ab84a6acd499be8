"""Languages: gettext catalogs managed with Babel, and locale-aware formatting.

Every user-visible string goes through a `Translator`: `_ = translator(locale).gettext`, then
`_("Candidate {name}").format(name=…)`. See README "Contributing: strings and translations".
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES = ("en", "da", "nb", "nl", "sv")
# Norwegian arrives as nb, no or nn; we write Bokmål.
_ALIASES = {"no": "nb", "nn": "nb"}


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


@dataclass(frozen=True)
class Translator:
    locale: str
    _translations: _gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def format_date(self, value: date | datetime) -> str:
        return _format_date(value, format="medium", locale=self.locale)

    def format_datetime(self, value: datetime) -> str:
        return _format_datetime(value, format="short", locale=self.locale)

    def format_number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)


@lru_cache(maxsize=16)
def translator(locale: str | None) -> Translator:
    language = negotiate(locale)
    translations = _gettext.translation(DOMAIN, LOCALES_DIR, languages=[language], fallback=True)
    return Translator(language, translations)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a message for extraction without translating it now (translated where it is shown)."""
    return message


def command_aliases(locale: str | None) -> dict[str, str]:
    """Command words in the user's language -> the English command name (see SPEC section 11)."""
    return dict(_COMMAND_ALIASES.get(negotiate(locale), {}))


_COMMAND_ALIASES: dict[str, dict[str, str]] = {
    "da": {"hjælp": "help", "søg": "find", "find": "find"},
    "nb": {"hjelp": "help", "søk": "find", "finn": "find"},
    "nl": {"hulp": "help", "zoek": "find", "vind": "find"},
    "sv": {"hjälp": "help", "sök": "find", "hitta": "find"},
}
