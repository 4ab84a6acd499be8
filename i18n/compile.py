"""Compile the .po catalogs to .mo (run by `make run` and `make test`)."""

from __future__ import annotations

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from i18n import DOMAIN, LOCALES_DIR


def compile_catalogs() -> int:
    count = 0
    for po_path in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)
        count += 1
    return count


if __name__ == "__main__":
    compile_catalogs()
