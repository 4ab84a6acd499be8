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


# Teams' typeahead on top of Adaptive Card 1.5 (documented by Teams, not in the 1.5 schema): an
# Input.ChoiceSet may have style "filtered" and "choices.data", a Data.Query naming a dataset the bot
# answers `application/search` invokes for. Those two are checked here, then validated as the 1.5
# schema knows the input (style "compact", no "choices.data").
_DATA_QUERY_KEYS = {"type", "dataset", "associatedInputs", "count", "skip"}


def _without_teams_typeahead(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_teams_typeahead(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _without_teams_typeahead(value) for key, value in node.items()}
    if copy.get("type") == "Input.ChoiceSet":
        query = copy.pop("choices.data", None)
        if query is not None:
            assert isinstance(query, dict) and query.get("type") == "Data.Query", query
            assert isinstance(query.get("dataset"), str) and query["dataset"], query
            assert set(query) <= _DATA_QUERY_KEYS, query
        if copy.get("style") == "filtered":
            copy["style"] = "compact"
    return copy


def assert_valid_card(card: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(_without_teams_typeahead(card)), key=lambda e: list(e.path))
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
