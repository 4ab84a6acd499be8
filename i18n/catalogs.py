"""Keep the gettext catalogs in step with the code.

    python -m i18n.catalogs extract   # source -> i18n/locales/messages.pot   (make i18n-extract)
    python -m i18n.catalogs update    # extract, then merge into every .po    (make i18n-update)
    python -m i18n.catalogs check     # exit 1 if a catalog is stale or has untranslated messages

Which files are read is in babel.cfg at the repository root. The .pot and .po files carry no source
line numbers, so moving code does not touch them and two people adding strings rarely conflict.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping
from babel.messages.pofile import read_po, write_po

from i18n import DEFAULT_LOCALE, DOMAIN, LOCALES_DIR, SUPPORTED_LOCALES

ROOT = LOCALES_DIR.parent.parent
MAPPING_FILE = ROOT / "babel.cfg"
TEMPLATE_PATH = LOCALES_DIR / f"{DOMAIN}.pot"
TRANSLATED_LOCALES = tuple(code for code in SUPPORTED_LOCALES if code != DEFAULT_LOCALE)
# _ gettext ngettext pgettext, N_ (a message marked at module level) and NC_ (the same, with its
# message context: NC_("context", "message"), argument 1 is the msgctxt as in pgettext).
KEYWORDS = {
    **{key: DEFAULT_KEYWORDS[key] for key in ("_", "gettext", "ngettext", "pgettext", "N_")},
    "NC_": DEFAULT_KEYWORDS["pgettext"],
}
COMMENT_TAGS = ("TRANSLATORS:",)
PROJECT = "Talent Bridge"
# Fixed header dates: regenerating the files changes them only when a message changes.
_EPOCH = datetime(2026, 1, 1)


def po_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract_template() -> Catalog:
    """The template catalog of every message in the source, as babel.cfg maps it."""
    with MAPPING_FILE.open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping(mapping, str(MAPPING_FILE))
    template = _new_catalog(None)
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, 0)], auto_comments=comments, context=context)
    return template


def _new_catalog(locale: str | None) -> Catalog:
    what = f"{locale} translations" if locale else "Template"
    return Catalog(
        locale=locale,
        project=PROJECT,
        version="1",
        copyright_holder="Talent Bridge",
        msgid_bugs_address="talentbridge@example.com",
        creation_date=_EPOCH,
        revision_date=_EPOCH,
        fuzzy=False,
        header_comment=(
            f"# {what} of the Talent Bridge bot's messages.\n"
            "# Update with `make i18n-update`; translate each msgstr as a recruiter would say it,\n"
            "# keeping every {placeholder} as it is. See README, Contributing: strings and translations."
        ),
    )


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, no_location=True, omit_header=False, sort_output=True)


def write_template() -> Catalog:
    template = extract_template()
    write_catalog(template, TEMPLATE_PATH)
    return template


def update_catalogs(locales: Iterable[str] = TRANSLATED_LOCALES) -> dict[str, list[str]]:
    """Extract, then merge the template into each locale's .po (new messages arrive untranslated;
    messages gone from the source are dropped). Returns each locale's messages still to translate."""
    template = write_template()
    todo: dict[str, list[str]] = {}
    for locale in locales:
        path = po_path(locale)
        if path.exists():
            catalog = read_catalog(path, locale)
        else:
            catalog = _new_catalog(locale)
        # No fuzzy guesses: a near-miss translation shown to a user is worse than English.
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.revision_date = _EPOCH
        catalog.fuzzy = False
        write_catalog(catalog, path)
        todo[locale] = untranslated(catalog)
    return todo


def message_ids(catalog: Catalog) -> set[str]:
    """The messages of a catalog, each by its msgid (a plural message by its singular), followed by
    its message context when it has one: 'Company-level [access level, shown alone as a card value]'."""
    return {_key(message) for message in catalog if message.id}


def untranslated(catalog: Catalog) -> list[str]:
    return sorted(
        _key(message)
        for message in catalog
        if message.id and (message.fuzzy or not _all_translated(message.string))
    )


def _key(message: Message) -> str:
    singular = _singular(message.id)
    return f"{singular} [{message.context}]" if message.context else singular


def _singular(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _all_translated(string: str | tuple[str, ...] | None) -> bool:
    if isinstance(string, tuple | list):
        return all(part.strip() for part in string)
    return bool(string and string.strip())


def check() -> list[str]:
    """What is wrong with the catalogs, in words (empty when they are complete and current)."""
    problems: list[str] = []
    source = message_ids(extract_template())
    written = message_ids(read_catalog(TEMPLATE_PATH)) if TEMPLATE_PATH.exists() else set()
    if source != written:
        problems.append(f"{TEMPLATE_PATH.relative_to(ROOT)} is stale: run `make i18n-update`")
    for locale in TRANSLATED_LOCALES:
        path = po_path(locale)
        if not path.exists():
            problems.append(f"{locale}: no catalog; run `make i18n-update`")
            continue
        catalog = read_catalog(path, locale)
        missing = source - message_ids(catalog)
        if missing:
            problems.append(f"{locale}: {len(missing)} message(s) missing; run `make i18n-update`")
        todo = untranslated(catalog)
        if todo:
            problems.append(f"{locale}: {len(todo)} message(s) to translate, e.g. {todo[0]!r}")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        template = write_template()
        print(f"{TEMPLATE_PATH.relative_to(ROOT)}: {len(template)} messages")
        return 0
    if command == "update":
        for locale, todo in update_catalogs().items():
            print(f"{po_path(locale).relative_to(ROOT)}: {len(todo)} to translate")
        return 0
    if command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
