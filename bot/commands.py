"""Reading a typed command: its first word, in English or the user's language, and the rest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str  # the English name of a command in the route table, or "" when the text is not one
    argument: str  # the rest of the text; the whole text when it is not a command


def parse_command(text: str, words: Mapping[str, str]) -> Command:
    """`words` maps each word understood (casefolded) to its command's English name
    (RouteTable.words)."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return Command("", "")
    name = words.get(parts[0].casefold().rstrip(":"), "")
    if not name:
        return Command("", text.strip())
    return Command(name, parts[1].strip() if len(parts) > 1 else "")
