"""Every proactive message goes through one notifier (bot/notifier.py).

The rule, checked on the syntax tree of every module of bot/, dialogs/ and app.py but bot/notifier.py:

1. Nothing names a way into a conversation other than the turn being handled: the adapter's
   `continue_conversation`, `continue_conversation_with_claims`, `create_conversation` and
   `process_proactive`, the Bot Connector client (`ConnectorClient`, `create_connector_client`,
   `create_connector_factory`), or `send_message_to_teams_channel` (which opens a conversation). Not
   as a call, an attribute, an imported name or a string (`getattr(adapter, "…")`).
2. `send_activity`, `send_activities`, `update_activity` and `delete_activity` are called only on
   the turn's own context: a parameter of the enclosing function annotated `TurnContext`, or the
   `.context` of a parameter annotated as a dialog's step or dialog context, or as the turn a route
   hands its handler (`CommandTurn`, `VerbTurn`). Those reply to the
   conversation the turn came from (the SDK applies the turn's conversation to what it sends), so
   they are fine. The adapter's `update_activity(context, activity)`, or a context kept from an
   earlier turn (`self.context.send_activity(…)`), is not.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTIFIER = Path("bot/notifier.py")
OUTSIDE_THE_TURN = frozenset(
    {
        "continue_conversation",
        "continue_conversation_with_claims",
        "create_conversation",
        "process_proactive",
        "ConnectorClient",
        "create_connector_client",
        "create_connector_factory",
        "send_message_to_teams_channel",
    }
)
SENDS = frozenset({"send_activity", "send_activities", "update_activity", "delete_activity"})
TURN_CONTEXT = "TurnContext"
DIALOG_CONTEXTS = ("WaterfallStepContext", "DialogContext", "CommandTurn", "VerbTurn")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def modules() -> list[Path]:
    """bot/, dialogs/ and app.py, relative to the repository, but the notifier itself."""
    found = [Path("app.py")]
    for folder in ("bot", "dialogs"):
        found.extend(path.relative_to(ROOT) for path in sorted((ROOT / folder).rglob("*.py")))
    return [path for path in found if path != NOTIFIER]


def violations(source: str, path: str) -> list[Violation]:
    """Where this module breaks the rule (the module docstring)."""
    found: list[Violation] = []
    tree = ast.parse(source, filename=path)

    def flag(node: ast.AST, what: str) -> None:
        found.append(Violation(path, getattr(node, "lineno", 0), what))

    def annotation(argument: ast.arg) -> str:
        return ast.unparse(argument.annotation) if argument.annotation is not None else ""

    def visit(node: ast.AST, parameters: dict[str, str]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            parameters = {argument.arg: annotation(argument) for argument in every}
        if isinstance(node, ast.Attribute) and node.attr in OUTSIDE_THE_TURN:
            flag(node, f"reaches a conversation outside the turn ({node.attr}): use the notifier")
        elif isinstance(node, ast.Name) and node.id in OUTSIDE_THE_TURN:
            flag(node, f"reaches a conversation outside the turn ({node.id}): use the notifier")
        elif isinstance(node, ast.alias) and node.name.rsplit(".", 1)[-1] in OUTSIDE_THE_TURN:
            flag(node, f"imports {node.name}: use the notifier")
        elif isinstance(node, ast.Constant) and node.value in OUTSIDE_THE_TURN:
            flag(node, f"names {node.value!r}: use the notifier")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SENDS
            and not _is_the_turns_context(node.func.value, parameters)
        ):
            receiver = ast.unparse(node.func.value)
            flag(node, f"{receiver}.{node.func.attr}(…) is not the turn's own context: use the notifier")
        for child in ast.iter_child_nodes(node):
            visit(child, parameters)

    visit(tree, {})
    return found


def _is_the_turns_context(receiver: ast.expr, parameters: dict[str, str]) -> bool:
    if isinstance(receiver, ast.Name):
        return TURN_CONTEXT in parameters.get(receiver.id, "") and receiver.id != "self"
    if (
        isinstance(receiver, ast.Attribute)
        and receiver.attr == "context"
        and isinstance(receiver.value, ast.Name)
    ):
        return any(kind in parameters.get(receiver.value.id, "") for kind in DIALOG_CONTEXTS)
    return False


def test_only_the_notifier_reaches_a_conversation_outside_the_turn() -> None:
    checked = modules()
    assert Path("bot/setup.py") in checked and Path("bot/handler.py") in checked
    assert Path("dialogs/find_candidate.py") in checked and NOTIFIER not in checked
    broken = [str(v) for path in checked for v in violations((ROOT / path).read_text(), str(path))]
    assert broken == []


def test_the_notifier_itself_is_what_the_rule_would_catch_elsewhere() -> None:
    """The rule is not vacuous: the notifier does exactly what it forbids everywhere else."""
    found = violations((ROOT / NOTIFIER).read_text(), str(NOTIFIER))
    named = {v.what.split("(")[1].split(")")[0] for v in found if "outside the turn (" in v.what}
    assert {"continue_conversation", "create_conversation"} <= named


PLANTED = {
    "the setup card updated from a stored reference": """
async def update_setup_card(self, tenant_id: str) -> None:
    async def replace_card(turn_context: TurnContext) -> None:
        await turn_context.update_activity(activity)
    await self.adapter.continue_conversation(reference, replace_card, self.app_id)
""",
    "a 1:1 chat opened by hand": """
async def open_chat(self, turn_context: TurnContext) -> None:
    await turn_context.adapter.create_conversation(self.app_id, send, parameters, "msteams", url)
""",
    "the proactive entry point fetched by name": """
async def sneak(adapter) -> None:
    await getattr(adapter, "continue_conversation")(reference, send)
""",
    "the adapter's own update_activity": """
async def update(self, turn_context: TurnContext) -> None:
    await self.adapter.update_activity(turn_context, activity)
""",
    "a context kept from an earlier turn": """
class Later:
    async def tell(self) -> None:
        await self.context.send_activity("hello")
""",
    "a context that is not annotated as the turn's": """
async def send_later(context) -> None:
    await context.send_activity("hello")
""",
    "a connector client of its own": """
from botframework.connector import ConnectorClient

async def post(credentials, url: str) -> None:
    await ConnectorClient(credentials, base_url=url).conversations.send_to_conversation("a", activity)
""",
}


def test_each_planted_way_around_the_notifier_is_caught() -> None:
    for name, source in PLANTED.items():
        assert violations(source, name), f"not caught: {name}"


def test_replies_inside_a_turn_are_fine() -> None:
    source = """
async def on_message(turn_context: TurnContext) -> None:
    response = await turn_context.send_activity(card)
    await turn_context.update_activity(card)

async def step(step: WaterfallStepContext) -> None:
    await step.context.send_activity("next")

class Handler:
    async def on_turn(self, turn_context: TurnContext) -> None:
        await turn_context.send_activities([card])
"""
    assert violations(source, "replies.py") == []
