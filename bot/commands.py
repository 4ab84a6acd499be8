"""Typed commands: the English word, or the user's language's word where a natural one exists."""

from __future__ import annotations

from dataclasses import dataclass

COMMANDS = ("help", "find", "setup", "settings")


@dataclass(frozen=True)
class Command:
    name: str  # one of COMMANDS, or "" when the text is not a command
    argument: str


def parse_command(text: str, aliases: dict[str, str] | None = None) -> Command:
    words = text.strip().split(maxsplit=1)
    if not words:
        return Command("", "")
    word = words[0].casefold().rstrip(":")
    argument = words[1].strip() if len(words) > 1 else ""
    name = word if word in COMMANDS else (aliases or {}).get(word, "")
    return Command(name, argument) if name in COMMANDS else Command("", text.strip())
