"""Text normalisation shared by storage and search."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# Letters that NFKD does not decompose into base + accent.
_SPECIAL = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"})

# What separates the words of a folded name besides spaces: "anne-marie o'brien" has four words. Migration
# 0005 writes the same characters into the SQL that fills candidate_search.words; the two must agree
# (tests/store/test_candidate_search.py checks that they do).
NAME_WORD_SEPARATORS = "-'’.,"
_WORD_SPLIT = re.compile(r"[\s" + re.escape(NAME_WORD_SEPARATORS) + r"]+")
# Each word of candidate_search.words is preceded by two spaces, so that a word's first letter or two
# form a trigram with them: "  l" and " li" find the words that start with "l" and "li" in a trigram
# index (SQLite FTS5, PostgreSQL pg_trgm), which only looks up strings of three characters or more.
WORD_MARK = "  "

_PROFILE_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.)?linkedin\.com$")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Søren  Ågård' -> 'soren agard'."""
    lowered = text.casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def name_words(text: str) -> list[str]:
    """The folded words of a name or of a name query: 'Jensen, Anna-Sofie' -> ['jensen', 'anna', 'sofie']."""
    return [word for word in _WORD_SPLIT.split(fold(text)) if word]


def marked_words(words: list[str]) -> str:
    """Words as candidate_search.words holds them: ['anna', 'jensen'] -> '  anna  jensen'."""
    return "".join(WORD_MARK + word for word in words)


def canonical_profile_url(text: str) -> str | None:
    """A LinkedIn profile's address in one form, 'https://www.linkedin.com/in/<slug>', from the forms a
    browser shows or a person pastes (http or https, www. or a country's subdomain or none, a trailing
    slash, a query or fragment, a page below the profile); None when `text` is no LinkedIn profile's
    address."""
    candidate = text.strip()
    if "://" not in candidate:
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _PROFILE_HOST.match(parts.hostname or ""):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) < 2 or segments[0].lower() != "in":
        return None
    slug = unquote(segments[1]).strip().lower()
    # A slug is at most 100 characters on LinkedIn; one with control characters (a %00) is no address.
    if (
        not slug
        or len(slug) > 200
        or not slug.isprintable()
        or any(ch.isspace() or ch in "/?#" for ch in slug)
    ):
        return None
    return f"https://www.linkedin.com/in/{slug}"
