"""Every card the bot sends must be valid Adaptive Card 1.5 and fit in a Teams message."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).parent / "schemas" / "adaptive-card-1.5.json"
MAX_CARD_BYTES = 28 * 1024


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid_card(card: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(card), key=lambda e: list(e.path))
    assert not errors, "card is not valid Adaptive Card 1.5: " + "; ".join(
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]
    )
    assert card.get("version") == "1.5"
    size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
    assert size <= MAX_CARD_BYTES, f"card is {size} bytes, over the 28 KB limit"


def card_texts(node: Any) -> list[str]:
    """All user-visible strings of a card (text, titles, labels, placeholders, fact values)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "title", "label", "placeholder", "value", "fallbackText") and isinstance(
                value, str
            ):
                found.append(value)
            else:
                found.extend(card_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(card_texts(item))
    return found
