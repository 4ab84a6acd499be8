"""The ids a Teams turn's log lines carry: tenant, conversation and activity (never its text)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import Any

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity

from bot.activity import tenant_id_of
from logs import LogContext, log_context

log = logging.getLogger(__name__)


def turn_log_context(activity: Activity) -> AbstractContextManager[LogContext]:
    """Lines logged inside carry the activity's tenant, conversation and activity ids."""
    return log_context(
        tenant=tenant_id_of(activity) or None,
        conversation=activity.conversation.id if activity.conversation else None,
        activity=activity.id or None,
    )


class TurnLogContext(Middleware):
    """Bot Framework middleware: every turn (incoming or proactive) runs inside its log context,
    set when the turn starts and reset when it ends, and ends with one line saying how long it
    took. A turn that fails is logged by the adapter's on_turn_error instead."""

    async def on_turn(  # type: ignore[override]
        self, context: TurnContext, logic: Callable[[], Awaitable[Any]]
    ) -> None:
        activity = context.activity
        with turn_log_context(activity):
            started = time.perf_counter()
            await logic()
            log.info("%s turn took %.0f ms", _kind(activity), (time.perf_counter() - started) * 1000)


_NAME = re.compile(r"[A-Za-z][\w./-]{0,63}")


def _kind(activity: Activity) -> str:
    """`message`, `invoke adaptiveCard/action`…: the type, and the name when it looks like one (the
    sender chooses it, so anything else is left out)."""
    kind = str(getattr(activity.type, "value", activity.type) or "unknown")
    name = str(getattr(activity.name, "value", activity.name) or "")
    return f"{kind} {name}" if _NAME.fullmatch(name) else kind
