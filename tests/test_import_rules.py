"""The import rules between the folders bite. They are import-linter contracts ([tool.importlinter] in
pyproject.toml) that `make test` runs with `lint-imports`; here each contract is run on a copy of the
source with one forbidden import planted inside a function, and must break on it, naming the import.
The top-level modules, which import-linter cannot analyse, are checked here directly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.test_sides_of_the_wire import imports

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = PYPROJECT["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}
# The modules that may import botbuilder besides bot/ and dialogs/.
SDK_MODULES = {"app"}


def lint_imports(root: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("lint-imports")
    command = [str(executable if executable.exists() else "lint-imports"), "--no-cache", "--no-logo"]
    for contract in contracts:
        command += ["--contract", contract]
    return subprocess.run(
        command,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_source(target: Path) -> Path:
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def plant(root: Path, file: str, module: str) -> None:
    """A forbidden import inside a function: those count as much as the ones at the top."""
    path = root / file
    path.write_text(
        path.read_text(encoding="utf-8") + f"\n\ndef _planted() -> None:\n    import {module}  # noqa\n",
        encoding="utf-8",
    )


def test_every_top_level_package_is_under_the_rules() -> None:
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name != "tests" and not path.parent.name.startswith(".")
    }
    assert packages == set(CONFIG["root_packages"])


def test_the_contracts_hold_on_a_copy_of_the_source(tmp_path: Path) -> None:
    """The baseline the planted violations are measured against (make test also runs lint-imports)."""
    result = lint_imports(copy_of_the_source(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("contract", "file", "module"),
    [
        ("sdk", "services/errors.py", "botbuilder.core"),
        ("sdk", "web/pages.py", "botbuilder.schema"),
        ("sdk", "store/text.py", "botbuilder.dialogs"),
        ("dialogs", "dialogs/find_candidate.py", "bot.replies"),
        ("cards", "cards/help.py", "store.models"),
        ("cards", "cards/base.py", "services.candidates"),
        ("cards", "cards/settings.py", "connector.client"),
        ("cards", "cards/setup.py", "linkedin_sandbox"),
        ("cards", "cards/candidates.py", "sqlalchemy"),
        ("services", "services/audit.py", "bot.replies"),
        ("services", "services/job_feed.py", "web.pages"),
        ("services", "services/setup_view.py", "cards.setup"),
        ("domain", "domain/jobs.py", "store.models"),
        ("domain", "domain/linkedin.py", "services.errors"),
        ("domain", "domain/candidates.py", "aiohttp"),
        ("store", "store/repositories.py", "services.identity"),
        ("store", "store/seed.py", "cards.help"),
    ],
)
def test_a_planted_import_breaks_its_contract(tmp_path: Path, contract: str, file: str, module: str) -> None:
    root = copy_of_the_source(tmp_path)
    plant(root, file, module)
    result = lint_imports(root, contract)
    importer = file.removesuffix(".py").replace("/", ".")
    top = module.split(".")[0]
    imported = module if top in CONFIG["root_packages"] else top  # outside packages are named by their top
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 broken" in result.stdout
    assert f"{importer} -> {imported} (l." in result.stdout, result.stdout


def sdk_imports_of_top_level_modules(root: Path) -> list[str]:
    """`module.py:line imports …` for every botbuilder import of a top-level module outside SDK_MODULES."""
    return [
        f"{path.name}:{line} imports {module}"
        for path in sorted(root.glob("*.py"))
        if path.stem not in SDK_MODULES
        for line, module in imports(path.read_text(encoding="utf-8"))
        if module.split(".")[0] == "botbuilder"
    ]


def test_only_app_py_of_the_top_level_modules_imports_the_sdk() -> None:
    assert {"app", "settings", "sandbox_demo"} <= {path.stem for path in ROOT.glob("*.py")}
    assert sdk_imports_of_top_level_modules(ROOT) == []


def test_a_top_level_module_importing_the_sdk_is_caught(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text("def f() -> None:\n    from botbuilder.core import TurnContext\n")
    (tmp_path / "app.py").write_text("import botbuilder.core\n")
    assert sdk_imports_of_top_level_modules(tmp_path) == ["settings.py:2 imports botbuilder.core.TurnContext"]
