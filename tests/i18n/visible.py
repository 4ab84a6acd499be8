"""Which strings of an Adaptive Card a user sees, and whether each one went through the catalogs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from i18n import PSEUDO_CLOSE, PSEUDO_OPEN
from tests.commands import COMMAND_NAMES

# Keys whose string value is shown (or read aloud) to the user, anywhere in a card.
VISIBLE_KEYS = frozenset(
    {"text", "title", "placeholder", "label", "fallbackText", "altText", "errorMessage", "tooltip", "speak"}
)
# Never shown: ids, verbs, payloads, URLs, styling.
HIDDEN_KEYS = frozenset({"data", "verb", "id", "url", "$schema", "type", "msteams", "iconUrl", "regex"})
_MARKED = re.compile(
    re.escape(PSEUDO_OPEN) + r"[^" + re.escape(PSEUDO_OPEN + PSEUDO_CLOSE) + r"]*" + re.escape(PSEUDO_CLOSE)
)
_WORD = re.compile(r"[^\W\d_]+")


def visible_strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, text) of every user-visible string: the keys above, and a Fact's value."""
    if isinstance(node, dict):
        is_fact = "type" not in node and set(node) == {"title", "value"}
        for key, value in node.items():
            where = f"{path}/{key}"
            if key in HIDDEN_KEYS:
                continue
            if isinstance(value, str):
                if key in VISIBLE_KEYS or (is_fact and key == "value"):
                    yield where, value
            else:
                yield from visible_strings(value, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from visible_strings(item, f"{path}/{index}")


def untranslated_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """Words in `text` that are neither inside a pseudo-locale marker nor domain data.

    Generated domain data has no letters, except URLs (passed in `data`); a command word ("help")
    may stay English, as the bot understands it in every language.
    """
    rest = text
    while True:  # innermost markers first: a translated template may hold translated values
        stripped = _MARKED.sub(" ", rest)
        if stripped == rest:
            break
        rest = stripped
    for value in sorted(data, key=len, reverse=True):
        rest = rest.replace(value, " ")
    words = [w for w in _WORD.findall(rest) if any(unicodedata.category(c).startswith("L") for c in w)]
    return [w for w in words if w not in COMMAND_NAMES]
