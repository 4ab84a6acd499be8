"""Reading setup cards in tests: buttons by verb, visible text."""

from __future__ import annotations

from typing import Any

from tests.cardcheck import card_texts

CHANNEL = "19:linkedin-setup@thread.tacv2"


def actions(node: Any) -> list[dict[str, Any]]:
    """Every Action.Execute / Action.OpenUrl in a card, in order."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") in ("Action.Execute", "Action.OpenUrl"):
            found.append(node)
        for value in node.values():
            found.extend(actions(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(actions(item))
    return found


def verbs(card: dict[str, Any]) -> set[str]:
    return {a["verb"] for a in actions(card) if a.get("type") == "Action.Execute"}


def button(card: dict[str, Any], verb: str) -> dict[str, Any]:
    """The data of the button with this verb (what Teams sends back when it is pressed)."""
    for action in actions(card):
        if action.get("verb") == verb:
            return dict(action["data"])
    raise AssertionError(f"no {verb!r} button on the card; it has {sorted(verbs(card))}")


def text_of(card: dict[str, Any]) -> str:
    return "\n".join(card_texts(card))


def state_of(card: dict[str, Any]) -> str:
    """The State fact of a setup card."""
    for node in _walk(card):
        if node.get("type") == "FactSet":
            for fact in node["facts"]:
                if fact["title"] == "State":
                    return str(fact["value"])
    raise AssertionError("no State fact on the card")


def _walk(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            out.extend(_walk(value))
    elif isinstance(node, list):
        for item in node:
            out.extend(_walk(item))
    return out
