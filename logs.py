"""The process's logging: one setup, the ids every line carries, and an access log without queries.

- `configure_logging(level, log_format)` is called once by each entry point (app.py, the store and
  sandbox CLIs). `json` writes one JSON object per line (production: a log collector parses it);
  `text` writes readable lines (development). Modules only do `logging.getLogger(__name__)`.
- `log_context(tenant=…, conversation=…, activity=…)` stamps those ids on every line logged inside
  it (a Teams turn: bot/turn_logging.py); `bind_tenant` adds the tenant once a request has learned
  it (a LinkedIn webhook, a sign-in callback). Ids only: never message text, emails, names or tokens.
- `AccessLogger` writes method, path, status, size and duration of each request. It never writes
  the query string (the sign-in's code and state, a webhook's challenge), the Referer (the LinkedIn
  page a browser comes back from carries the state) or the client's address.

The JSON formatter is the standard library's `logging.Formatter` with a fixed list of fields rather
than python-json-logger: the fields are few and fixed, and a fixed list means no `extra=` value can
slip a personal detail into a line. Both formatters blank known secret URL parameters (code, state,
challengeCode, tokens) and bearer tokens in whatever they write, as a last line of defence.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")

# Their DEBUG (and some INFO) lines carry SQL parameters, request bodies or URLs with personal data:
# they stay at WARNING whatever LOG_LEVEL says.
QUIET_LOGGERS = ("aiosqlite", "sqlalchemy", "asyncpg", "msrest", "msal", "urllib3")
# The SDK's deserializer warns on every Teams field its schema does not know (teamsChannelId,
# teamsTeamId, …): a line per channel turn that says nothing about this bot.
SILENT_LOGGERS = ("msrest.serialization",)

CONTEXT_FIELDS = ("tenant_id", "conversation_id", "activity_id")
ACCESS_FIELDS = ("http_method", "path", "status", "response_bytes", "duration_ms")

_SECRET_PARAMETER = re.compile(
    r"(?i)([?&;](?:code|state|challengeCode|access_token|refresh_token|id_token|token|client_secret)=)"
    r"[^&;#\s\"'<>]*"
)
_BEARER = re.compile(r"(?i)(bearer\s+)[\w.~+/=-]+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """`text` with the values of secret URL parameters and bearer tokens blanked."""
    return _BEARER.sub(r"\1" + REDACTED, _SECRET_PARAMETER.sub(r"\1" + REDACTED, text))


# --- The ids every line carries -------------------------------------------------------------------


@dataclass(frozen=True)
class LogContext:
    tenant_id: str | None = None
    conversation_id: str | None = None
    activity_id: str | None = None

    def fields(self) -> dict[str, str]:
        """The ids that are set, by record attribute name."""
        return {name: value for name, value in asdict(self).items() if value}


_NO_CONTEXT = LogContext()
_CONTEXT: ContextVar[LogContext] = ContextVar("talentbridge_log_context")


def current_log_context() -> LogContext:
    return _CONTEXT.get(_NO_CONTEXT)


@contextmanager
def log_context(
    *, tenant: str | None = None, conversation: str | None = None, activity: str | None = None
) -> Iterator[LogContext]:
    """Every line logged inside carries these ids (an id left None keeps the current one); the
    previous ids are back when the block ends, however it ends."""
    current = current_log_context()
    context = LogContext(
        tenant_id=tenant or current.tenant_id,
        conversation_id=conversation or current.conversation_id,
        activity_id=activity or current.activity_id,
    )
    token = _CONTEXT.set(context)
    try:
        yield context
    finally:
        _CONTEXT.reset(token)


def bind_tenant(tenant_id: str) -> None:
    """Lines logged from here to the end of the current request (or turn) carry this tenant.

    aiohttp serves each request in its own task with its own copy of the context, so the binding
    ends with the request; inside `log_context` it ends with the block."""
    _CONTEXT.set(replace(current_log_context(), tenant_id=tenant_id))


class _ContextFilter(logging.Filter):
    """Stamps the current ids on each record the handler writes (an id given as `extra` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in current_log_context().fields().items():
            if getattr(record, name, None) is None:
                setattr(record, name, value)
        return True


# --- Formatters ---------------------------------------------------------------------------------


class TextFormatter(logging.Formatter):
    """`2026-09-01 12:00:00,123 INFO bot.handler: message [tenant=… conversation=… activity=…]`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        ids = [f"{name.removesuffix('_id')}={getattr(record, name)}" for name in CONTEXT_FIELDS
               if getattr(record, name, None)]
        return f"{line} [{' '.join(ids)}]" if ids else line

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the ids of the turn
    or request, the access fields of an access line, and the exception's traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in (*CONTEXT_FIELDS, *ACCESS_FIELDS):
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value if isinstance(value, int | float) else redact(str(value))
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = redact(record.exc_text)
        if record.stack_info:
            line["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False)


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """The one handler configure_logging installs on the root logger (found again by its type)."""


def configure_logging(
    level: str | int = "INFO", log_format: str = "text", stream: TextIO | None = None
) -> logging.Handler:
    """Send every logger's lines to `stream` (stderr) as `log_format` from `level` up.

    Calling it again replaces the earlier setup; handlers that others added (pytest's) stay.
    """
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    numeric = _level(level)
    handler = _Handler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(_ContextFilter())
    root = logging.getLogger()
    for previous in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    for name in SILENT_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.ERROR))
    logging.captureWarnings(True)  # warnings become log lines (one JSON object each)
    return handler


def _level(level: str | int) -> int:
    if isinstance(level, int):
        return level
    numeric = logging.getLevelName(level.strip().upper())
    if not isinstance(numeric, int):
        raise ValueError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {level!r}")
    return numeric


# --- Access log --------------------------------------------------------------------------------


class AccessLogger(AbstractAccessLogger):
    """`GET /linkedin/callback 200 1520B 12.3ms`: serve with web.run_app / web.AppRunner
    (access_log_class=AccessLogger). The query string is never written: on the sign-in and webhook
    routes it holds the code, the state and the challenge."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        duration_ms = round(time * 1000, 1)
        path = _printable_path(request.path)
        self.logger.info(
            "%s %s %s %sB %.1fms",
            request.method,
            path,
            response.status,
            response.body_length,
            duration_ms,
            extra={
                "http_method": request.method,
                "path": path,
                "status": response.status,
                "response_bytes": response.body_length,
                "duration_ms": duration_ms,
            },
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _printable_path(path: str) -> str:
    """The decoded path, one line (an escaped %0A cannot start a forged line) and without a
    query smuggled in as %3F (which decodes into the path)."""
    return redact(_CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", path))
