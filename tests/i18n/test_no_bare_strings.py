"""A static check, complementing the rendered-card test: no bare string literal in a position the
user sees, in cards/, bot/ and dialogs/ (messages, card texts, titles, labels, placeholders)."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from i18n.catalogs import ROOT
from tests.commands import COMMAND_NAMES

CHECKED_DIRS = ("cards", "bot", "dialogs")
# Keyword arguments that end up in front of the user (card element fields, activity text).
VISIBLE_KEYWORDS = frozenset(
    {
        "text",
        "title",
        "placeholder",
        "label",
        "fallback_text",
        "alt_text",
        "error_message",
        "tooltip",
        "speak",
    }
)
# Calls whose positional argument N is shown: MessageFactory.text(text), send_text(context, text), ...
VISIBLE_POSITIONAL = {
    "text": 0,  # MessageFactory.text
    "heading": 0,
    "paragraph": 0,
    "send_text": 1,
    "_message_response": 0,
    "_bad_request": 0,
}
_LETTER = re.compile(r"[^\W\d_]")


def _source_files() -> list[Path]:
    return sorted(path for folder in CHECKED_DIRS for path in (ROOT / folder).rglob("*.py"))


def _has_words(literal: str) -> bool:
    """Letters outside {placeholders}, and not just a command word (understood in every language)."""
    try:
        text = "".join(part for part, *_ in string.Formatter().parse(literal))
    except ValueError:
        text = literal
    return bool(_LETTER.search(text)) and text.strip() not in COMMAND_NAMES


def _bare_text(node: ast.expr) -> str | None:
    """The literal text when `node` is user text that skipped _(): a string, an f-string, or
    "...".format(...)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return ast.unparse(node) if _has_words(parts) else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value if _has_words(node.func.value.value) else None
    if isinstance(node, ast.IfExp):
        return _bare_text(node.body) or _bare_text(node.orelse)
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def bare_strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in ("_", "gettext", "ngettext", "N_", "pgettext", "NC_"):
            # _(f"...") cannot be extracted, so it is never translated (pgettext/NC_: the context too).
            if any(isinstance(arg, ast.JoinedStr) for arg in node.args[:2]):
                yield node.lineno, ast.unparse(node)
            continue
        candidates = [kw.value for kw in node.keywords if kw.arg in VISIBLE_KEYWORDS]
        if name == "Fact":
            candidates += [kw.value for kw in node.keywords if kw.arg == "value"]
        position = VISIBLE_POSITIONAL.get(name)
        if position is not None and len(node.args) > position:
            candidates.append(node.args[position])
        for candidate in candidates:
            text = _bare_text(candidate)
            if text is not None:
                yield candidate.lineno, text


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_user_visible_string_bypasses_the_catalogs(path: Path) -> None:
    found = list(bare_strings(ast.parse(path.read_text(encoding="utf-8"), str(path))))
    assert not found, "wrap in _() and run `make i18n-update`: " + "; ".join(
        f"{path.relative_to(ROOT)}:{line}: {text!r}" for line, text in found
    )


def test_the_check_finds_what_it_should() -> None:
    source = """
TextBlock(text="Candidates")
TextBlock(text=_("Candidates"))
Fact(title=_("Stage"), value=f"since {when}")
Fact(title="help", value=_("Show what I can do."))
send_text(turn_context, "No candidate found.")
MessageFactory.text(_("Who?"))
paragraph("{name} is in".format(name=name))
heading(_(f"Hello {name}"))
ExecuteAction(title=f"{job.title} ({job.code})")
Fact(title=_("Level"), value=t.pgettext("card value", f"{level}-level"))
"""
    lines = [line for line, _ in bare_strings(ast.parse(source))]
    assert sorted(lines) == [2, 4, 6, 8, 9, 11]
