"""Benchmarks: `make bench` (or `python -m bench`) prints a table and writes bench/results.json, each
figure beside its goal.

- Candidate search in-process (the service call a `find` turn makes) at 100,000 and 1,000,000
  candidates, on SQLite and, when one answers, on PostgreSQL: p50/p99 per kind of query.
- At 1,000,000 candidates (SQLite, the embedded default): the `find` turn over HTTP against an echo
  bot on the same CloudAdapter + aiohttp stack, in the same run; 50 conversations × 20 finds at once
  (throughput, p99, errors); the app's resident memory and its time from start to ready.
- 1-click export from LinkedIn Recruiter (bench/exports.py), on the demo data: 1,000 signed export
  webhooks, one at a time, each timed from the POST to its own answer (200, before processing) and to
  the exporter's notice in Teams (after the application is in Prospect), against an echo bot turn;
  and the callback URL's challenge (GET).

`--quick` runs the same at a small scale in seconds (tests/bench runs it, so it never rots).
Generated databases are kept in --data (default: a temporary folder) and reused when present.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bench.data import Population, build, population_of
from bench.export_service import KINDS as EXPORT_KINDS
from bench.export_service import time_exports
from bench.exports import ExportResults
from bench.exports import measure as measure_exports
from bench.queries import queries
from bench.search import time_searches
from bench.turns import concurrent, sequential, start_bot

RESULTS = Path(__file__).resolve().parent / "results.json"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Scale:
    sizes: tuple[int, ...]
    searches: int
    turns: int
    conversations: int
    per_conversation: int
    exports: int = 1000
    challenges: int = 200
    service_exports: int = 200  # of each kind, in process, at each size


FULL = Scale(sizes=(100_000, 1_000_000), searches=1300, turns=300, conversations=50, per_conversation=20)
QUICK = Scale(
    sizes=(1_000, 10_000),
    searches=130,
    turns=26,
    conversations=5,
    per_conversation=4,
    exports=5,
    challenges=20,
    service_exports=5,
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 2),
        "p99_ms": round(percentile(values, 0.99), 2),
        "max_ms": round(max(values), 2),
    }


@dataclass
class Report:
    results: dict[str, Any] = field(default_factory=dict)
    goals: list[dict[str, Any]] = field(default_factory=list)

    def goal(self, name: str, value: float, goal: str, met: bool, unit: str = "") -> None:
        self.goals.append({"measure": name, "value": round(value, 2), "unit": unit, "goal": goal, "met": met})


# --- databases ----------------------------------------------------------------------------------


async def _postgres_answers(url: str) -> bool:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = await asyncpg.connect(dsn, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


async def _postgres_database(server: str, name: str, *, fresh: bool) -> tuple[str, bool]:
    """The URL of database `name` on `server`; (url, whether it already held a benchmark's data)."""
    dsn = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists and fresh:
            await connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or fresh:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    return url, bool(exists) and not fresh


def database(backend: str, size: int, folder: Path, postgres: str, *, fresh: bool) -> tuple[str, bool]:
    """(url, reused): a database for `size` generated candidates, reused when a run left one."""
    if backend == "sqlite":
        path = folder / f"bench-{size}.db"
        done = folder / f"bench-{size}.done"
        if fresh or not done.exists():
            for stale in folder.glob(f"bench-{size}.db*"):
                stale.unlink()
            done.unlink(missing_ok=True)
            return f"sqlite+aiosqlite:///{path}", False
        return f"sqlite+aiosqlite:///{path}", True
    return asyncio.run(_postgres_database(postgres, f"talentbridge_bench_{size}", fresh=fresh))


def prepared(
    backend: str, size: int, folder: Path, postgres: str, fresh: bool
) -> tuple[str, Population, float | None]:
    url, reused = database(backend, size, folder, postgres, fresh=fresh)
    if reused:
        return url, population_of(size), None
    population, seconds = build(url, size)
    if backend == "sqlite":
        (folder / f"bench-{size}.done").touch()
    return url, population, seconds


# --- the run ------------------------------------------------------------------------------------


def run(scale: Scale, folder: Path, postgres: str | None, fresh: bool) -> Report:
    report = Report()
    report.results["machine"] = {
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    backends = ["sqlite"] + (["postgresql"] if postgres else [])
    largest = max(scale.sizes)
    for backend in backends:
        by_size: dict[str, Any] = {}
        for size in scale.sizes:
            url, population, fill_seconds = prepared(backend, size, folder, postgres or "", fresh)
            asked = queries(population, scale.searches)
            timings, cpu = asyncio.run(time_searches(url, asked))
            exported = asyncio.run(time_exports(url, population, scale.service_exports))
            by_size[str(size)] = {
                "generated_seconds": None if fill_seconds is None else round(fill_seconds, 1),
                "all": summary(timings.pop("all")),
                "cpu_per_search": summary(cpu),
                "by_kind": {kind: summary(values) for kind, values in sorted(timings.items())},
                "export_service": {kind: summary(values) for kind, values in exported.items()},
            }
            print(
                f"{backend} {size:>9,}: search p50 {by_size[str(size)]['all']['p50_ms']} ms,"
                f" p99 {by_size[str(size)]['all']['p99_ms']} ms",
                flush=True,
            )
            if backend == "sqlite" and size == largest:
                report.results["turns"] = asyncio.run(_turns(url, [q for _kind, q in asked], scale))
        report.results[f"search_{backend}"] = by_size
        small, large = (by_size[str(s)]["all"] for s in (min(scale.sizes), largest))
        label = "SQLite" if backend == "sqlite" else "PostgreSQL"
        cpu = by_size[str(largest)]["cpu_per_search"]["p99_ms"]
        report.goal(
            f"search p99 at {largest:,} candidates ({label}; this process's CPU p99 {cpu} ms)",
            large["p99_ms"],
            "≤ 20",
            large["p99_ms"] <= 20,
            "ms",
        )
        ratio = large["p99_ms"] / small["p99_ms"]
        report.goal(
            f"search p99, {largest // min(scale.sizes)}× the candidates ({label})",
            ratio,
            "≤ 2",
            ratio <= 2,
            "×",
        )
        service = by_size[str(largest)]["export_service"]
        worst = max(service[kind]["p99_ms"] for kind in EXPORT_KINDS)
        report.goal(
            f"export service p99, worst kind, at {largest:,} candidates ({label})",
            worst,
            "≤ 100",
            worst <= 100,
            "ms",
        )
        first = service["first export"]["max_ms"]
        report.goal(
            f"a tenant's first export (numbers candidates from the highest id) at {largest:,} ({label})",
            first,
            "≤ 3000",
            first <= 3000,
            "ms",
        )
        generated = by_size[str(largest)]["generated_seconds"]
        if generated is not None:
            report.goal(
                f"generate {largest:,} candidates ({label})", generated, "< 120", generated < 120, "s"
            )
    turns = report.results["turns"]
    ratio = turns["find"]["p99_ms"] / turns["echo"]["p99_ms"]
    report.goal("find turn p99 ÷ echo bot turn p99", ratio, "≤ 2", ratio <= 2, "×")
    load = turns["concurrent"]
    report.goal(
        f"errors, {scale.conversations} conversations × {scale.per_conversation} finds at once",
        load["errors"],
        "0",
        load["errors"] == 0,
    )
    rss = turns["memory_mib"]["VmHWM"]
    report.goal(f"app peak RSS with {largest:,} candidates", rss, "≤ 250", rss <= 250, "MiB")
    _export_goals(report, measure_exports(folder, scale.exports, scale.challenges))
    return report


def _export_goals(report: Report, measured: ExportResults) -> None:
    n = len(measured.done_ms)
    exports = report.results["exports"] = {
        "exports": n,
        "done": summary(measured.done_ms),
        "answer": summary(measured.answer_ms),
        "echo": summary(measured.echo_ms),
        "challenge": summary(measured.challenge_ms),
        "failures": measured.failures,
        "exported": measured.exported,
        "already_in_job": measured.already_in_job,
        "processed_events": measured.processed_events,
    }
    done = exports["done"]["p99_ms"]
    report.goal(
        f"export webhook → application in Prospect and notice sent, p99 over {n:,} exports",
        done,
        "≤ 1000",
        done <= 1000,
        "ms",
    )
    ratio = exports["answer"]["p99_ms"] / exports["echo"]["p99_ms"]
    report.goal(
        "export webhook POST answer p99 (200, before processing) ÷ echo bot turn p99",
        ratio,
        "≤ 2",
        ratio <= 2,
        "×",
    )
    challenge = exports["challenge"]["p99_ms"]
    report.goal("webhook challenge GET p99", challenge, "≤ 50", challenge <= 50, "ms")
    wrong = measured.failures + (n - measured.processed_events)
    report.goal(f"export errors over {n:,} exports", wrong, "0", wrong == 0)


async def _turns(url: str, texts: list[str], scale: Scale) -> dict[str, Any]:
    environment = {
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "SANDBOX_PORT": "0",
        "SANDBOX_DATABASE": ":memory:",
        "LINKEDIN_STATUS_POLL_SECONDS": "0",
    }
    app = await start_bot("app", environment)
    echo = await start_bot("echo", environment)
    try:
        await sequential(app, echo, texts[:20])  # warm-up
        measured = await sequential(app, echo, texts[: scale.turns])
        load = await concurrent(app, texts, scale.conversations, scale.per_conversation)
        memory = app.memory_mib()
    finally:
        await app.stop()
        await echo.stop()
    return {
        "cold_start_seconds": round(app.ready_seconds, 2),
        "echo_start_seconds": round(echo.ready_seconds, 2),
        "find": summary(measured.find_ms),
        "echo": summary(measured.echo_ms),
        "failures": measured.failures,
        "concurrent": {
            "turns": load.turns,
            "seconds": round(load.seconds, 2),
            "turns_per_second": round(load.turns / load.seconds, 1),
            **summary(load.latencies_ms),
            "errors": load.errors,
        },
        "memory_mib": {name: round(value, 1) for name, value in memory.items()},
    }


def table(report: Report) -> str:
    lines = ["| measure | value | goal | met |", "|---|---|---|---|"]
    for goal in report.goals:
        value = f"{goal['value']:,}" + (f" {goal['unit']}" if goal["unit"] else "")
        met = "yes" if goal["met"] else "NO"
        lines.append(f"| {goal['measure']} | {value} | {goal['goal']} {goal['unit']} | {met} |")
    lines += [
        "",
        "| search | candidates | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, by_size in report.results.items():
        if key.startswith("search_"):
            for size, measured in by_size.items():
                overall, cpu = measured["all"], measured["cpu_per_search"]
                lines.append(
                    f"| {key[7:]} | {int(size):,} | {overall['p50_ms']} | {overall['p99_ms']}"
                    f" | {overall['max_ms']} | {cpu['p50_ms']} | {cpu['p99_ms']} |"
                )
    lines += [
        "",
        "| export service (in process) | candidates | "
        + " | ".join(f"{k} p50 / p99 ms" for k in EXPORT_KINDS)
        + " |",
        "|---|---|" + "---|" * len(EXPORT_KINDS),
    ]
    for key, by_size in report.results.items():
        if key.startswith("search_"):
            for size, measured in by_size.items():
                cells = " | ".join(
                    f"{measured['export_service'][k]['p50_ms']} / {measured['export_service'][k]['p99_ms']}"
                    for k in EXPORT_KINDS
                )
                lines.append(f"| {key[7:]} | {int(size):,} | {cells} |")
    turns = report.results["turns"]
    load = turns["concurrent"]
    lines += [
        "",
        "| turn over HTTP (largest size, SQLite) | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|",
        f"| find | {turns['find']['p50_ms']} | {turns['find']['p99_ms']} | {turns['find']['max_ms']} |",
        f"| echo bot | {turns['echo']['p50_ms']} | {turns['echo']['p99_ms']} | {turns['echo']['max_ms']} |",
        f"| {load['turns']} finds, {load['turns_per_second']} turns/s, {load['errors']} errors"
        f" | {load['p50_ms']} | {load['p99_ms']} | {load['max_ms']} |",
        "",
        f"cold start {turns['cold_start_seconds']} s; app RSS {turns['memory_mib']}",
    ]
    exports = report.results.get("exports")
    if exports:
        lines += [
            "",
            "| 1-click export from LinkedIn (SQLite, demo data) | p50 ms | p99 ms | max ms |",
            "|---|---|---|---|",
        ]
        for key, label in (
            ("done", "signed webhook POST → application in Prospect, notice sent"),
            ("answer", "the webhook POST's own answer (200, before processing)"),
            ("echo", "echo bot turn"),
            ("challenge", "webhook challenge GET"),
        ):
            row = exports[key]
            lines.append(f"| {label} | {row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} |")
        lines += [
            "",
            f"{exports['exports']} exports: {exports['exported']} new applications,"
            f" {exports['already_in_job']} already in the job, {exports['failures']} failures",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small scale, in seconds")
    parser.add_argument("--data", type=Path, help="where the generated SQLite databases are kept and reused")
    parser.add_argument("--fresh", action="store_true", help="generate the databases again")
    parser.add_argument(
        "--postgres",
        default="auto",
        help="a PostgreSQL server URL, 'auto' (127.0.0.1:5432 when it answers; off with --quick) or 'off'",
    )
    parser.add_argument(
        "--json", type=Path, help=f"where to write the results (default {RESULTS}; none with --quick)"
    )
    arguments = parser.parse_args(argv)
    scale = QUICK if arguments.quick else FULL
    postgres: str | None = None
    if arguments.postgres not in ("off", "auto") or (arguments.postgres == "auto" and not arguments.quick):
        candidate = DEFAULT_POSTGRES if arguments.postgres == "auto" else arguments.postgres
        postgres = candidate if asyncio.run(_postgres_answers(candidate)) else None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        folder = arguments.data or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        report = run(scale, folder, postgres, arguments.fresh)
    report.results["bench_seconds"] = round(time.perf_counter() - started, 1)
    report.results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(table(report))
    target = arguments.json or (None if arguments.quick else RESULTS)
    if target is not None:
        target.write_text(
            json.dumps({"goals": report.goals, **report.results}, indent=2, ensure_ascii=False) + "\n"
        )
        print(f"\nwritten to {target}")
    return report


if __name__ == "__main__":
    main()
