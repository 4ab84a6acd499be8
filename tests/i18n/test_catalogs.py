"""The catalogs: complete, current with the source, placeholders intact, and loaded at run time."""

from __future__ import annotations

import io
import string

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract

from i18n import DEFAULT_LOCALE, command_aliases, translator
from i18n.catalogs import (
    KEYWORDS,
    TEMPLATE_PATH,
    TRANSLATED_LOCALES,
    extract_template,
    message_ids,
    po_path,
    read_catalog,
    untranslated,
)
from tests.commands import COMMAND_NAMES

TEAMS_LOCALES = {"da": "da-DK", "nb": "nb-NO", "nl": "nl-NL", "sv": "sv-SE"}


def _some(messages: list[str] | set[str]) -> str:
    listed = sorted(messages)
    return "; ".join(listed[:8]) + (f" … and {len(listed) - 8} more" if len(listed) > 8 else "")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return read_catalog(TEMPLATE_PATH)


def _catalog(locale: str) -> Catalog:
    return read_catalog(po_path(locale), locale)


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) for each form of a message, plural forms included."""
    if isinstance(message.id, str):
        return [(message.id, str(message.string))]
    singular, plural = message.id[0], message.id[1]
    forms = list(message.string)
    return [(singular if index == 0 else plural, form) for index, form in enumerate(forms)]


def test_the_template_is_current_with_the_source(template: Catalog) -> None:
    """Fails when a string is added to (or removed from) the code without `make i18n-update`."""
    in_source, in_template = message_ids(extract_template()), message_ids(template)
    assert not in_source - in_template, (
        f"new messages not in the catalogs; run `make i18n-update`: {_some(in_source - in_template)}"
    )
    assert not in_template - in_source, (
        f"messages no longer in the code; run `make i18n-update`: {_some(in_template - in_source)}"
    )


def test_extraction_reads_the_message_context_of_pgettext_and_nc() -> None:
    """One English string in two roles is two messages, each with its msgctxt."""
    code = b'''
label = NC_("access level, shown alone as a card value", "Company-level")
text = t.pgettext("access level, inside a sentence", "Company-level")
plain = _("Company")
'''
    extracted = extract("python", io.BytesIO(code), KEYWORDS)
    found = {(message, context) for _line, message, _comments, context in extracted}
    assert found == {
        ("Company-level", "access level, shown alone as a card value"),
        ("Company-level", "access level, inside a sentence"),
        ("Company", None),
    }
    template = extract_template()
    for context in ("access level, shown alone as a card value", "access level, inside a sentence"):
        assert template.get("Company-level", context=context) is not None
    assert template.get("Company-level") is None


def test_there_are_messages(template: Catalog) -> None:
    assert len(message_ids(template)) > 20


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_catalog_has_every_message_of_the_template(locale: str, template: Catalog) -> None:
    missing = message_ids(template) - message_ids(_catalog(locale))
    assert not missing, f"run `make i18n-update`: {_some(missing)}"


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    todo = untranslated(_catalog(locale))
    assert not todo, f"{locale}: {len(todo)} message(s) without a (non-fuzzy) translation: {_some(todo)}"


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_translations_keep_the_placeholders(locale: str) -> None:
    wrong = {}
    for message in _catalog(locale):
        if not message.id or not message.string:
            continue
        for source, translation in _pairs(message):
            if not translation:
                continue
            try:
                same = _fields(translation) == _fields(source)
                translation.format(**{name: "x" for name in _fields(source)})
            except (ValueError, KeyError, IndexError):
                same = False
            if not same:
                wrong[source] = translation
    assert not wrong, f"{locale}: placeholders differ from the source: {wrong}"


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_catalog_declares_its_language_and_plural_rule(locale: str) -> None:
    catalog = _catalog(locale)
    assert str(catalog.locale) == locale
    assert catalog.plural_forms.startswith("nplurals=2;")


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_the_bot_reads_the_translations(locale: str) -> None:
    """The running translator returns the catalog's text (from the .mo, or the .po when stale)."""
    catalog = _catalog(locale)
    translated = [m for m in catalog if m.id and isinstance(m.id, str) and m.string and m.id != m.string]
    assert translated
    t = translator(TEAMS_LOCALES[locale])
    assert t.locale == locale
    for message in translated:
        if message.context:
            assert t.pgettext(message.context, message.id) == message.string
        else:
            assert t.gettext(message.id) == message.string


def test_english_is_the_source_language() -> None:
    t = translator(DEFAULT_LOCALE)
    assert t.gettext("Welcome!") == "Welcome!"


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_command_syntax_uses_a_word_the_bot_understands(locale: str) -> None:
    """A translated "find <name…>" must start with a word that the bot reads as `find`."""
    aliases = command_aliases(locale)
    wrong = {}
    for message in _catalog(locale):
        if not isinstance(message.id, str) or not message.string:
            continue
        command, _, rest = message.id.partition(" ")
        if command in COMMAND_NAMES and rest.startswith("<"):
            word = str(message.string).split(" ", 1)[0]
            if word != command and aliases.get(word.casefold()) != command:
                wrong[message.id] = message.string
    assert not wrong, f"{locale}: {wrong}"
