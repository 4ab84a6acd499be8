"""Which side of the wire a module is on: linkedin_sandbox/ plays LinkedIn's servers, connector/ is our
client of them. The sandbox imports nothing of the ATS or the app (its people arrive as plain
LinkedInData) and, of connector/, only the wire's own definitions: the [ours] shapes
(assumed_shapes.py) and the Rest.li key encoding (restli.py). connector/ never imports the sandbox."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SANDBOX = ROOT / "linkedin_sandbox"
CONNECTOR = ROOT / "connector"

# The ATS and the app: what LinkedIn's stand-in must not know.
ATS_AND_APP = {"store", "services", "bot", "dialogs", "cards", "web", "app", "settings", "sandbox_demo"}
# What the sandbox shares with the client: the definitions of the wire itself.
SHARED_WIRE = {"connector.assumed_shapes", "connector.restli"}


def imports(source: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every absolute import, at any depth (also inside functions);
    `from package import name` gives package.name."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def sandbox_may_import(module: str) -> bool:
    top = module.split(".")[0]
    if top == "connector":
        return any(module == shared or module.startswith(shared + ".") for shared in SHARED_WIRE)
    return top not in ATS_AND_APP


def connector_may_import(module: str) -> bool:
    return module.split(".")[0] not in {"linkedin_sandbox", "sandbox_demo"}


def offences(folder: Path, allowed: Callable[[str], bool]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for line, module in imports(path.read_text(encoding="utf-8")):
            if not allowed(module):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


def test_the_sandbox_imports_neither_the_ats_nor_the_client() -> None:
    assert list(SANDBOX.rglob("*.py")), "the sandbox package is where this test looks for it"
    assert offences(SANDBOX, sandbox_may_import) == []


def test_the_client_does_not_import_the_sandbox() -> None:
    assert list(CONNECTOR.rglob("*.py"))
    assert offences(CONNECTOR, connector_may_import) == []


@pytest.mark.parametrize(
    ("source", "allowed"),
    [
        ("from connector import assumed_shapes, restli", True),
        ("from connector.assumed_shapes import Seat", True),
        ("import connector.restli", True),
        ("import aiohttp\nfrom linkedin_sandbox.state import SandboxDb", True),
        ("from connector import assumed_shapes, LinkedInClient", False),
        ("from connector.client import LinkedInClient", False),
        ("import connector", False),
        ("import connector.transport", False),
        ("def seed():\n    from store.demo_data import demo_dataset", False),
        ("from services import linkedin_setup", False),
        ("import bot.handler", False),
        ("from sandbox_demo import linkedin_data", False),
    ],
)
def test_the_sandbox_rule_tells_the_wire_from_the_client_and_the_ats(source: str, allowed: bool) -> None:
    assert all(sandbox_may_import(m) for _, m in imports(source)) is allowed


@pytest.mark.parametrize(
    ("source", "allowed"),
    [
        ("from connector import assumed_shapes", True),
        ("from linkedin_sandbox import start_sandbox", False),
        ("def f():\n    import linkedin_sandbox.server", False),
    ],
)
def test_the_connector_rule_catches_the_sandbox(source: str, allowed: bool) -> None:
    assert all(connector_may_import(m) for _, m in imports(source)) is allowed


def test_running_the_sandbox_loads_nothing_of_the_ats() -> None:
    """At run time too, transitively: the sandbox and its CLI, imported in a fresh interpreter."""
    probe = (
        "import sys, linkedin_sandbox, linkedin_sandbox.__main__\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(ATS_AND_APP)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
