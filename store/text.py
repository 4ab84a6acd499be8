"""Text normalisation shared by storage and search."""

from __future__ import annotations

import unicodedata

# Letters that NFKD does not decompose into base + accent.
_SPECIAL = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Søren  Ågård' -> 'soren agard'."""
    lowered = text.casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
