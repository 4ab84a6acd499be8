"""Every SQL statement lives in store/: no module outside store/ (and tests/) builds or sends one.

The rule, checked on the syntax tree of every project module outside store/ and tests/:

1. No import from SQLAlchemy except what a unit of work needs: the session, its factory and the engine
   (`sqlalchemy.ext.asyncio`: AsyncSession, async_sessionmaker, AsyncEngine), the errors a commit
   raises (`sqlalchemy.exc`, e.g. IntegrityError on a unique constraint), and database URLs
   (`sqlalchemy.engine`: make_url, URL). So select, insert, update, delete, text, func, and_/or_,
   `sqlalchemy.orm` (selectinload, ...), dialects and `import sqlalchemy` itself are refused.
2. No call of a database session's query or persist methods (execute, scalars, scalar, get, get_one,
   add, add_all, delete, merge, flush, refresh, stream, stream_scalars). In a function, a database
   session is: a variable or attribute named `session` (the project's name for one), unless that
   function binds `session` to an HTTP client (aiohttp.ClientSession); a name annotated AsyncSession;
   the target of `async with ….sessions() as name` or `….session_factory() as name`. Opening the
   session and its transaction (`async with sessions() as session, session.begin()`) is the unit of
   work, which services own; they hand the session to a repository.
3. No construction of a mapped class of store.models (a row to add), imported by name or called
   through the module: repositories build rows.

Changing an attribute of a loaded row (which the ORM turns into an UPDATE) cannot be told from any
other attribute assignment by the syntax tree; repositories take those writes as methods too (e.g.
LinkedInConnectionRepository.save, UserRepository.set_linkedin_member).

Each check is shown to fail on a planted violation in a copy of a module.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import pytest

import store.models

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {"store", "tests", "build", "dist", "node_modules"}


ALLOWED_IMPORTS: dict[str, set[str]] = {
    "sqlalchemy.ext.asyncio": {"AsyncSession", "async_sessionmaker", "AsyncEngine"},
    "sqlalchemy.exc": {"*"},
    "sqlalchemy.engine": {"make_url", "URL"},
}
SESSION_METHODS = {
    "execute",
    "scalars",
    "scalar",
    "get",
    "get_one",
    "add",
    "add_all",
    "delete",
    "merge",
    "flush",
    "refresh",
    "stream",
    "stream_scalars",
}
MAPPED_CLASSES = {
    name
    for name, value in vars(store.models).items()
    if isinstance(value, type) and issubclass(value, store.models.Base) and value is not store.models.Base
}


def project_modules(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in SKIPPED_DIRS or any(part.startswith(".") for part in relative.parts):
            continue
        yield path


def _terminal_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _annotated(annotation: ast.expr | None, type_name: str) -> bool:
    return annotation is not None and type_name in ast.unparse(annotation)


def _bound_names(scope: ast.AST, type_name: str, opener: str) -> set[str]:
    """Names bound in `scope` to a `type_name`: annotated with it, or the target of
    `async with <…>.<opener>(…) as name`."""
    names: set[str] = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.arg) and _annotated(node.annotation, type_name):
            names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and _annotated(node.annotation, type_name):
            names.add(_terminal_name(node.target) or "")
        elif isinstance(node, ast.AsyncWith | ast.With):
            for item in node.items:
                call, target = item.context_expr, item.optional_vars
                if isinstance(call, ast.Call) and _terminal_name(call.func) == opener and target is not None:
                    names.add(_terminal_name(target) or "")  # type: ignore[arg-type]
    return names - {""}


def _database_sessions(scope: ast.AST) -> set[str]:
    """The names that hold a database session in this function (or module): see the module's docstring.
    `session` counts unless the function binds it to an HTTP client session (aiohttp.ClientSession)."""
    http = _bound_names(scope, "ClientSession", "ClientSession")
    return (
        ({"session"} - http)
        | _bound_names(scope, "AsyncSession", "sessions")
        | _bound_names(scope, "AsyncSession", "session_factory")
    )


def sql_outside_store(path: Path, root: Path) -> list[str]:
    """`file:line what` for each way this module builds or sends SQL itself."""
    where = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=where)
    models: set[str] = set()  # local names of store.models' mapped classes
    model_modules: set[str] = set()  # local names of store.models itself
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy":
                    found.append(f"{where}:{node.lineno} imports {alias.name}")
                elif alias.name == "store.models":
                    model_modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "sqlalchemy":
                allowed = ALLOWED_IMPORTS.get(node.module, set())
                for alias in node.names:
                    if "*" not in allowed and alias.name not in allowed:
                        found.append(f"{where}:{node.lineno} imports {node.module}.{alias.name}")
            elif node.module == "store.models":
                models |= {alias.asname or alias.name for alias in node.names if alias.name in MAPPED_CLASSES}
            elif node.module == "store":
                model_modules |= {
                    alias.asname or alias.name for alias in node.names if alias.name == "models"
                }

    scopes: dict[ast.AST, set[str]] = {}

    def visit(scope: ast.AST, node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            scope = node
        if isinstance(node, ast.Call):
            check(scope, node)
        for child in ast.iter_child_nodes(node):
            visit(scope, child)

    def check(scope: ast.AST, call: ast.Call) -> None:
        function = call.func
        if isinstance(function, ast.Attribute) and function.attr in SESSION_METHODS:
            if scope not in scopes:
                scopes[scope] = _database_sessions(scope)
            if _terminal_name(function.value) in scopes[scope]:
                found.append(f"{where}:{call.lineno} calls {ast.unparse(function)}()")
        if isinstance(function, ast.Name) and function.id in models:
            found.append(f"{where}:{call.lineno} builds a {function.id} row")
        elif (
            isinstance(function, ast.Attribute)
            and function.attr in MAPPED_CLASSES
            and ast.unparse(function.value) in model_modules
        ):
            found.append(f"{where}:{call.lineno} builds a {function.attr} row")

    visit(tree, tree)
    return found


def violations(root: Path) -> list[str]:
    return [
        violation
        for path in project_modules(root)
        for violation in sql_outside_store(path, root)
    ]


def test_no_module_outside_store_builds_or_sends_sql() -> None:
    assert violations(ROOT) == []


def test_the_scan_reads_the_modules_that_talk_to_the_database() -> None:
    scanned = {path.relative_to(ROOT).as_posix() for path in project_modules(ROOT)}
    assert {"app.py", "services/signin_codes.py", "bot/storage.py", "web/linkedin.py"} <= scanned
    assert not any(name.startswith(("store/", "tests/")) for name in scanned)
    assert {"LinkedInConnection", "PendingSignIn", "AuditEntry"} <= MAPPED_CLASSES


PLANTED = [
    ("services/job_feed.py", "from sqlalchemy import select", "imports sqlalchemy.select"),
    ("web/pages.py", "import sqlalchemy as sa", "imports sqlalchemy"),
    ("bot/storage.py", "from sqlalchemy.orm import selectinload", "imports sqlalchemy.orm.selectinload"),
    ("services/identity.py", "from sqlalchemy.ext.asyncio import AsyncConnection", "AsyncConnection"),
    (
        "services/conversations.py",
        """
        async def _planted(session):
            await session.execute("DELETE FROM users")
        """,
        "calls session.execute()",
    ),
    (
        "services/capabilities.py",
        """
        async def _planted(db: AsyncSession):
            return await db.get(object, "id")
        """,
        "calls db.get()",
    ),
    (
        "services/candidates.py",
        """
        async def _planted(self):
            async with self.sessions() as unit:
                unit.add(object())
        """,
        "calls unit.add()",
    ),
    (
        "services/audit.py",
        """
        class _Planted:
            async def f(self):
                await self.session.flush()
        """,
        "calls self.session.flush()",
    ),
    (
        "services/identity.py",
        """
        async def _planted(session_factory):
            async with session_factory() as db:
                await db.merge(1)
        """,
        "calls db.merge()",
    ),
    (
        "services/job_feed.py",
        """
        import store.models as rows

        def _planted():
            return rows.AuditEntry(action="x")
        """,
        "builds a AuditEntry row",
    ),
    (
        "services/signin_codes.py",
        """
        from store.models import PendingSignIn as Held

        def _planted():
            return Held(id="x")
        """,
        "builds a Held row",
    ),
]


@pytest.mark.parametrize(("file", "planted", "named"), PLANTED)
def test_a_planted_statement_outside_store_is_caught(
    tmp_path: Path, file: str, planted: str, named: str
) -> None:
    copy = tmp_path / file
    copy.parent.mkdir(parents=True)
    shutil.copy(ROOT / file, copy)
    assert sql_outside_store(copy, tmp_path) == []  # the baseline: the module itself is clean
    copy.write_text(copy.read_text(encoding="utf-8") + "\n\n" + dedent(planted), encoding="utf-8")
    found = sql_outside_store(copy, tmp_path)
    assert len(found) == 1 and named in found[0], found


def test_an_http_session_or_a_dict_is_not_a_database_session(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(
        dedent(
            """
            import aiohttp

            async def f(http, cache: dict):
                await http.get("/x")
                cache.get("k")

            async def g(url):
                async with aiohttp.ClientSession() as session:
                    await session.get(url)

            async def h(session: aiohttp.ClientSession):
                await session.delete("/x")
            """
        )
    )
    assert sql_outside_store(tmp_path / "client.py", tmp_path) == []
