"""The bot speaks the words of i18n/GLOSSARY.md: each row of its table as written, wherever the bot
speaks of that concept, in the catalogs, the command words and the Teams app's texts; one word per
concept; and the words the glossary replaced cannot come back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from babel.messages.catalog import Catalog

from domain.linkedin import AccessLevel
from i18n import command_word, translator
from i18n.catalogs import ROOT, TRANSLATED_LOCALES, po_path, read_catalog
from manifest.package import render_localization
from services.capabilities import LEVEL_NAMES, AccessLevelTooLow, Capability
from tests.commands import COMMAND_NAMES

GLOSSARY = ROOT / "i18n" / "GLOSSARY.md"
TEAMS_LOCALES = {"da": "da-DK", "nb": "nb-NO", "nl": "nl-NL", "sv": "sv-SE"}
IN_A_SENTENCE = "access level, inside a sentence"
ALONE_ON_A_CARD = "access level, shown alone as a card value"

# Where each row of the glossary must appear as written: the messages whose English (placeholders
# left out) matches the pattern, case-insensitively. A row with two terms ("job / job-id") has a
# pattern per term. Words are compared case-insensitively, so "notatlogg" inside a sentence counts.
USES: dict[str, tuple[str, ...]] = {
    # The button, and the sentences that name it (the verb "connect" is checked in ONE_WORD below).
    "Connect (LinkedIn sign-in button)": (r"^Connect$|\bwith Connect\b|^Connect signs",),
    "Request (integration)": (r"^Request\b",),
    "Notify partner": (r"\bNotify partner\b",),
    "Partner ready": (r"\bPartner ready\b",),
    "Company-level access": (r"\bCompany-level access\b",),
    "Contract-level access": (r"\bContract-level access\b",),
    "1-click export": (r"\b1-click export\b",),
    "In-ATS indicator": (r"\bIn-ATS indicator\b",),
    "InMail history": (r"\bInMail history\b|\bInMail and notes history\b",),
    "Notes history": (r"\bnotes history\b",),
    "InMail stub profiles": (r"\bInMail stub profiles?\b",),
    "Talent pool": (r"\btalent pools?\b",),
    "Prospect (stage name)": (r"\bprospect\b",),
    "Job / Job ID": (r"\bjobs?\b", r"\bjob id\b"),
    "Apply with LinkedIn": (r"\bApply with LinkedIn\b",),
    "Recruiter System Connect": (r"\bRecruiter System Connect\b",),
    "Preview features": (r"\bpreview features\b",),
    "Integration": (r"\bintegrations?\b",),
    "Sign in": (r"^Sign in\b",),
}

# One word per concept, also where the English inflects it ("connected", "sign-in link"): each
# message whose English matches has the language's word (a stem, as a regex, case-insensitive).
ONE_WORD: dict[str, tuple[str, dict[str, str]]] = {
    "connect": (
        r"(?<!System )\bconnect(s|ed|ing)?\b",
        {"da": r"forbindelse", "nb": r"\bkobl(e|et|er)\b.*\btil|\btilkoblet", "nl": r"\bverb(i|o)nd",
         "sv": r"\banslu(t|ta|ten|tet)\b|\banslöt\b"},
    ),
    "disconnect": (
        r"\bdisconnect(s|ed)?\b",
        {"da": r"\bafbr(yd|ød)\b.*\bforbindelsen\b", "nb": r"\bkobl(e|et)\b.*\bfra\b",
         "nl": r"\bverbinding\b.*\bverbr(eken|oken)\b", "sv": r"\bkoppla(de)? från\b"},
    ),
    "link a candidate to a LinkedIn profile": (
        r"\b(un)?linked\b|\bunlink\b",
        {"da": r"\bkobl", "nb": r"\bknytt", "nl": r"koppel", "sv": r"\blänka"},
    ),
    "sign in": (
        r"\bsign(s|ed)?[- ]in\b",
        {"da": r"\blog(ge|get|ger)? på\b|\blogin", "nb": r"\blogg(e|et|er)? på\b|pålogg",
         "nl": r"aanmeld|aangemeld|\bmeld je\b.*\baan\b", "sv": r"\blogga(de)? in\b|inlogg"},
    ),
    "company": (
        r"\bcompany\b",
        {"da": r"firma", "nb": r"firma", "nl": r"bedrijf", "sv": r"företag"},
    ),
}

# Words the glossary replaced, in any message, command word or Teams app text (case-insensitive).
REPLACED: dict[str, tuple[str, ...]] = {
    "da": (
        r"foreløbige profiler",
        r"virksomhed",
        r"\bforbind(e|er|es)?\b",
        r"\bforbundet\b",
        r"\blog(ge|get|ger)?( \w+)? ind\b",
        r"giv partner besked",
        r"\bpartner klar\b",
        r"notehistorik",
        r"(?<!ind)stilling",
        r"ét klik",
        r"\bafbryd apply with",
    ),
    "nb": (
        r"foreløpige profiler",
        r"virksomhet",
        r"forhåndsfunksjon",
        r"notathistorikk",
        r"inmail-historikk",
        r"integrasjon",
        r"(?<!inn)stilling",
        r"apply with linkedin",
        r"\btalentpool\b",
    ),
    "nl": (
        r"voorlopige profielen",
        r"koppeling",
        r"partner informeren",
        r"geschiedenis",
        r"\bjullie\b",
        r"vacature",
        r"met één klik",
        r"\btalentpool\b",
    ),
    "sv": (
        r"preliminära profiler",
        r"kontraktsnivå",
        r"tjänst",
        r"förhandsfunktion",
        r"\bpartner klar\b",
        r"export med ett klick",
        r"in-ats-indikator",
    ),
}


def _glossary() -> dict[str, dict[str, str]]:
    """The table of i18n/GLOSSARY.md: concept -> {language: term}."""
    rows: dict[str, dict[str, str]] = {}
    header: list[str] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if header:
                break  # the first table ends
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not header:
            header = cells
        elif not set(cells[0]) <= {"-", ":"}:
            rows[cells[0]] = {lang: cells[header.index(lang)] for lang in TRANSLATED_LOCALES}
    return rows


ROWS = _glossary()


def _catalog(locale: str) -> Catalog:
    return read_catalog(po_path(locale), locale)


def _pairs(catalog: Catalog) -> Iterator[tuple[str, str | None, str]]:
    """(English, message context, translation) for each message and each plural form."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            yield message.id, message.context, str(message.string)
        else:
            for index, form in enumerate(message.string):
                yield message.id[min(index, 1)], message.context, str(form)


def _english(text: str) -> str:
    """The English of a message without its {placeholders} ("{title} at {company}" has no company)."""
    return re.sub(r"\{[^{}]*\}", " ", text)


def _manifest_texts(locale: str) -> dict[str, str]:
    """The Teams app's texts in `locale` as packaged: manifest/{locale}.json and the command menus
    written from the route table."""
    data: dict[str, str] = render_localization(f"{locale}.json")
    return {key: value for key, value in data.items() if not key.startswith("$")}


def _terms(row: str, locale: str) -> tuple[str, ...]:
    return tuple(term.strip() for term in ROWS[row][locale].split(" / "))


def test_the_glossary_table_is_read_and_every_row_is_checked() -> None:
    assert len(ROWS) >= 19 and all(all(terms.values()) for terms in ROWS.values())
    assert set(ROWS) == set(USES), "each row of i18n/GLOSSARY.md needs its patterns in USES"
    for row, patterns in USES.items():
        for locale in TRANSLATED_LOCALES:
            assert len(_terms(row, locale)) == len(patterns), (row, locale)


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_every_glossary_term_is_used_as_written(locale: str) -> None:
    wrong: dict[str, str] = {}
    for row, patterns in USES.items():
        for pattern, term in zip(patterns, _terms(row, locale), strict=True):
            for english, _context, translation in _pairs(_catalog(locale)):
                if re.search(pattern, _english(english), re.IGNORECASE) and (
                    term.casefold() not in translation.casefold()
                ):
                    wrong[f"{row} ({term}) in {english!r}"] = translation
    assert not wrong, f"{locale}: the glossary's word is missing: {json.dumps(wrong, ensure_ascii=False)}"


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_each_concept_has_one_word(locale: str) -> None:
    wrong: dict[str, str] = {}
    for concept, (english_pattern, words) in ONE_WORD.items():
        for english, _context, translation in _pairs(_catalog(locale)):
            if re.search(english_pattern, _english(english), re.IGNORECASE) and not re.search(
                words[locale], translation, re.IGNORECASE
            ):
                wrong[f"{concept} in {english!r}"] = translation
    assert not wrong, f"{locale}: another word for the concept: {json.dumps(wrong, ensure_ascii=False)}"


def _replaced_words(locale: str, texts: dict[str, str]) -> dict[str, str]:
    return {
        f"{where} ({pattern})": text
        for where, text in texts.items()
        for pattern in REPLACED[locale]
        if re.search(pattern, text, re.IGNORECASE)
    }


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_words_the_glossary_replaced_do_not_come_back(locale: str) -> None:
    texts = {f"message {english!r}": text for english, _context, text in _pairs(_catalog(locale))}
    texts |= {f"manifest {key}": text for key, text in _manifest_texts(locale).items()}
    # The word the bot shows for each command (a synonym it also understands may stay).
    texts |= {f"command word for {name}": command_word(locale, name) for name in COMMAND_NAMES}
    found = _replaced_words(locale, texts)
    assert not found, f"{locale}: replaced by the glossary: {json.dumps(found, ensure_ascii=False)}"


def test_the_check_for_replaced_words_finds_them() -> None:
    old = {
        "da": "Giv partner besked sender anmodningen igen; log ind med Forbind på virksomhedsniveau.",
        "nb": "Foreløpige profiler fra InMail krever tilgang på virksomhetsnivå; talentpool.",
        "nl": "Met Partner informeren stuur je jullie aanvraag voor de koppeling opnieuw.",
        "sv": "Tjänster: kontraktsnivå och förhandsfunktioner.",
    }
    expected = {"da": 4, "nb": 3, "nl": 3, "sv": 3}
    for locale, text in old.items():
        assert len(_replaced_words(locale, {"text": text})) == expected[locale], locale
    # The word for settings holds the old word for job, and is fine.
    assert not _replaced_words("da", {"text": "indstillinger"})
    assert not _replaced_words("nb", {"text": "Innstillinger"})


def test_dutch_says_je_and_never_jullie() -> None:
    """Dutch speaks to the user as "je" throughout; "jullie" anywhere would mix the two."""
    texts = [text for _english_text, _context, text in _pairs(_catalog("nl"))]
    texts += list(_manifest_texts("nl").values())
    assert not [text for text in texts if re.search(r"\bjullie\b", text, re.IGNORECASE)]
    assert sum(bool(re.search(r"\bje\b", text)) for text in texts) > 20


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_the_teams_app_texts_use_the_glossarys_words(locale: str) -> None:
    texts = _manifest_texts(locale)
    job, _job_id = _terms("Job / Job ID", locale)
    find_word = command_word(locale, "find")
    finds = [text for text in texts.values() if text.startswith(f"{find_word} <")]
    assert finds and all(f"<{job}>" in text for text in finds), finds
    for row in ("InMail history", "Notes history", "Integration"):
        (term,) = _terms(row, locale)
        assert term.casefold() in texts["description.full"].casefold(), (row, term)


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_access_levels_are_labels_alone_and_lower_case_inside_a_sentence(locale: str) -> None:
    """'Adgangsniveau: Firmaniveau' on the card, '… kræver adgang på kontraktniveau' in a sentence."""
    t = translator(TEAMS_LOCALES[locale])
    for english in ("Company-level", "Contract-level"):
        row = f"{english} access"
        (term,) = _terms(row, locale)
        level = term.split()[-1].casefold()  # "Adgang på firmaniveau" -> "firmaniveau"
        assert t.pgettext(IN_A_SENTENCE, english) == level
        assert t.pgettext(ALONE_ON_A_CARD, english) == level[0].upper() + level[1:]


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_a_refusal_names_the_capability_and_the_access_level_in_the_glossarys_words(locale: str) -> None:
    refusal = AccessLevelTooLow(
        Capability.INMAIL_STUB_PROFILES,
        needed=LEVEL_NAMES[AccessLevel.CONTRACT],
        current=LEVEL_NAMES[AccessLevel.COMPANY],
    )
    text = refusal.localized(translator(TEAMS_LOCALES[locale]))
    (stub_profiles,) = _terms("InMail stub profiles", locale)
    (contract_level,) = _terms("Contract-level access", locale)
    (company_level,) = _terms("Company-level access", locale)
    assert text.startswith(f"{stub_profiles} ")
    assert contract_level.casefold() in text.casefold()
    assert company_level.split()[-1] in text  # lower case inside the sentence
    assert str(refusal).startswith("InMail stub profiles needs Contract-level access.")


def test_the_glossary_stands_on_its_own() -> None:
    """It travels with the code: no links or paths to documents outside the repository."""
    text = GLOSSARY.read_text(encoding="utf-8")
    assert not re.search(r"https?://|/work/|shared/", text)
    for path in re.findall(r"`([\w./{},*-]+\.(?:py|po|json|md))`", text):
        if "*" not in path and "{" not in path:
            assert (ROOT / path).exists(), path
    assert "i18n/GLOSSARY.md" in (ROOT / "README.md").read_text(encoding="utf-8")
