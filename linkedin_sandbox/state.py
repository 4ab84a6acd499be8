"""The sandbox's state: its own SQLite database (":memory:" for tests) and its own clock."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS apps (
    client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL, kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
    unique_foreign_id TEXT UNIQUE, callback_urls TEXT NOT NULL DEFAULT '[]',
    js_domains TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL,
    webhook_url TEXT, validated_at REAL, challenge_failures INTEGER NOT NULL DEFAULT 0,
    blocked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, member_id TEXT, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL,
    member_id TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS members (
    id TEXT PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT,
    headline TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '', is_user INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS contracts (id TEXT PRIMARY KEY, name TEXT NOT NULL, organization TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seats (
    id TEXT PRIMARY KEY, contract_id TEXT NOT NULL, member_id TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, seat_id TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS project_members (
    project_id TEXT NOT NULL, member TEXT NOT NULL, added_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, member));
CREATE TABLE IF NOT EXISTS contexts (context TEXT PRIMARY KEY, client_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS integrations (
    context TEXT NOT NULL, type TEXT NOT NULL, client_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'PENDING', modified_at INTEGER NOT NULL, callback_url TEXT,
    PRIMARY KEY (context, type));
CREATE TABLE IF NOT EXISTS requests (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, client_id TEXT NOT NULL, body TEXT NOT NULL,
    created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, context TEXT NOT NULL, parent TEXT NOT NULL DEFAULT '', id TEXT NOT NULL,
    body TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (kind, context, parent, id));
CREATE TABLE IF NOT EXISTS manual_matches (
    context TEXT NOT NULL, candidate_id TEXT NOT NULL, member TEXT NOT NULL,
    PRIMARY KEY (context, candidate_id));
CREATE TABLE IF NOT EXISTS job_tasks (
    id TEXT PRIMARY KEY, context TEXT NOT NULL, job_id TEXT NOT NULL, created_at REAL NOT NULL,
    outcome TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exports (
    seat_id TEXT NOT NULL, request_id TEXT NOT NULL, exported_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS conversation_events (
    id TEXT PRIMARY KEY, seat_id TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mail_stubs (
    id TEXT PRIMARY KEY, contract_id TEXT NOT NULL, seat_id TEXT NOT NULL, body TEXT NOT NULL,
    created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS prospect_notes (
    id TEXT PRIMARY KEY, contract_id TEXT NOT NULL, seat_id TEXT NOT NULL, body TEXT NOT NULL,
    last_modified_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, notification_id TEXT NOT NULL,
    body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', last_error TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS counters (
    client_id TEXT NOT NULL, bucket TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (client_id, bucket, window));
"""


class SandboxClock:
    """Wall-clock time plus an offset the control API can advance (token expiry, limits, re-validation)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Stats:
    token_requests: dict[str, int] = field(default_factory=dict)
    api_requests: int = 0
    challenges: int = 0
    challenge_failures: int = 0
    deliveries: int = 0
    delivery_failures: int = 0


class SandboxDb:
    """A thin wrapper over one sqlite3 connection. Queries are tiny; they run on the event loop."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def run(self, sql: str, *params: Any) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def one(self, sql: str, *params: Any) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params).fetchall())

    def is_empty(self) -> bool:
        return self.one("SELECT 1 FROM members LIMIT 1") is None


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text)
