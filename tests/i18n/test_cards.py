"""Every card, in every language: nothing bypasses the catalogs, and each is valid and small enough."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from i18n import PSEUDO_CLOSE, PSEUDO_OPEN, SUPPORTED_LOCALES, pseudo_locale
from i18n.catalogs import KEYWORDS, ROOT
from tests.cardcheck import assert_valid_card
from tests.i18n.cardgen import CardCase, all_cases, card_builders, render
from tests.i18n.visible import untranslated_words, visible_strings

CARDS_DIR: Path = ROOT / "cards"
CASES = all_cases()
LOCALES = {"en": "en-US", "da": "da-DK", "nb": "nb-NO", "nl": "nl-NL", "sv": "sv-SE"}


def test_every_card_builder_is_covered() -> None:
    builders = set(card_builders())
    assert builders, "no card builders found in cards/"
    assert builders == {case.builder for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_visible_text_goes_through_the_catalogs(case: CardCase) -> None:
    with pseudo_locale() as locale:
        card = render(case, locale)
    texts = list(visible_strings(card))
    assert texts, "the card shows nothing"
    bypassed = {path: text for path, text in texts if untranslated_words(text, case.urls)}
    assert not bypassed, (
        "user-visible text that did not go through _() (wrap it, then `make i18n-update`): "
        + json.dumps(bypassed, ensure_ascii=False)
    )


@pytest.mark.parametrize("language", SUPPORTED_LOCALES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_card_is_valid_adaptive_card_under_the_size_limit(case: CardCase, language: str) -> None:
    assert_valid_card(render(case, LOCALES[language]))


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LOCALES if code != "en"])
def test_each_card_speaks_the_language(language: str) -> None:
    """Across the baseline cards, the text shown in `language` is not the English text."""
    for case in (c for c in CASES if c.variant == "full"):
        english = [text for _, text in visible_strings(render(case, "en-US"))]
        translated = [text for _, text in visible_strings(render(case, LOCALES[language]))]
        assert len(english) == len(translated)
        changed = sum(a != b for a, b in zip(english, translated, strict=True))
        assert changed, f"{case.id} in {language} is all English"


_FACT = re.compile(r"/facts/\d+/(title|value)$")
_WHOLE_MESSAGE = re.compile(
    re.escape(PSEUDO_OPEN) + r"([^" + re.escape(PSEUDO_OPEN + PSEUDO_CLOSE) + r"]+)" + re.escape(PSEUDO_CLOSE)
)


def lower_case_labels(marked: dict[str, str], shown: dict[str, str]) -> dict[str, str]:
    """The facts (title or value) that are one whole message starting with a capital in English
    (`marked`, rendered in the pseudo-locale) but start in lower case in a language (`shown`, the
    same card rendered in that language, by JSON path)."""
    found = {}
    for path, text in marked.items():
        whole = _WHOLE_MESSAGE.fullmatch(text)
        if _FACT.search(path) and whole and whole.group(1)[:1].isupper() and shown[path][:1].islower():
            found[path] = shown[path]
    return found


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LOCALES if code != "en"])
def test_a_card_value_shown_alone_starts_with_a_capital(language: str) -> None:
    """A fact shown alone ("Access level: Company-level", "State: Partner ready") is a label, and
    Danish, Norwegian, Dutch and Swedish capitalize a label as English does. (The same English word
    inside a sentence is another message, with its own message context, and stays in lower case.)"""
    problems: dict[str, str] = {}
    for case in CASES:
        with pseudo_locale() as pseudo:
            marked = dict(visible_strings(render(case, pseudo)))
        shown = dict(visible_strings(render(case, LOCALES[language])))
        problems |= {f"{case.id} {path}": text for path, text in lower_case_labels(marked, shown).items()}
    assert not problems, f"{language}: {json.dumps(problems, ensure_ascii=False)}"


def test_the_capital_check_finds_a_lower_case_label() -> None:
    marked = {
        "/body/0/facts/0/title": "⟦Access level⟧",
        "/body/0/facts/0/value": "⟦Company-level⟧",
        "/body/0/facts/1/value": "0001-4",  # data
        "/body/1/text": "⟦Company-level⟧",  # not a fact
        "/body/2/facts/0/value": "⟦find <name>⟧",  # a command, lower case in English too
    }
    shown = {
        "/body/0/facts/0/title": "Adgangsniveau",
        "/body/0/facts/0/value": "virksomhedsniveau",
        "/body/0/facts/1/value": "0001-4",
        "/body/1/text": "virksomhedsniveau",
        "/body/2/facts/0/value": "søg <navn>",
    }
    assert lower_case_labels(marked, shown) == {"/body/0/facts/0/value": "virksomhedsniveau"}
    assert lower_case_labels(marked, {**shown, "/body/0/facts/0/value": "Firmaniveau"}) == {}


def test_the_cases_reach_every_message_of_every_card() -> None:
    """Each message written in cards/ is shown by at least one case: no branch goes untested."""
    seen: set[str] = set()
    with pseudo_locale(seen) as locale:
        for case in CASES:
            render(case, locale)
    written = {
        message_id if isinstance(message_id, str) else message_id[0]
        for _file, _line, message_id, _comments, _context in extract_from_dir(
            str(CARDS_DIR), keywords=KEYWORDS
        )
    }
    unreached = sorted(written - seen)
    assert not unreached, (
        "messages in cards/ that no generated case shows: add VARIATIONS or SAMPLES in "
        f"tests/i18n/card_samples.py: {unreached}"
    )


def test_the_bypass_check_catches_a_bare_literal() -> None:
    card = {
        "type": "AdaptiveCard",
        "body": [
            {"type": "TextBlock", "text": "⟦Candidates⟧ 0001-4"},
            {"type": "TextBlock", "text": "Interview since ⟦{date}⟧"},
            {"type": "FactSet", "facts": [{"title": "Stage", "value": "0002-5"}]},
            {"type": "Input.Text", "id": "q", "placeholder": "⟦Name⟧", "value": "Prefilled"},
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "⟦Open⟧", "url": "https://x.example/a"}],
    }
    flagged = {path: text for path, text in visible_strings(card) if untranslated_words(text)}
    assert flagged == {"/body/1/text": "Interview since ⟦{date}⟧", "/body/2/facts/0/title": "Stage"}
    assert untranslated_words("help") == []  # command words are understood in every language
    assert (
        untranslated_words(
            "⟦See https://tb.example/x⟧ https://tb.example/x", frozenset({"https://tb.example/x"})
        )
        == []
    )
