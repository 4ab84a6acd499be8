"""The LinkedIn status poll: every LINKEDIN_STATUS_POLL_SECONDS, each tenant whose integration is
Requested, Partner ready or Enabled has its status read from LinkedIn (the same check as Refresh),
so the setup card follows LinkedIn even when an event is lost or never sent (LinkedIn sends no event
when it validates the callback URL).

Every replica may run it: the check is idempotent (a state changes, with its audit line, only when
LinkedIn reports something else than what is stored, under the tenant's row lock). A failure is
one log line and the round goes on with the next tenant; the loop itself never stops on an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.linkedin import IntegrationStateName
from services.linkedin_setup import LinkedInSetup
from store.global_lookups import tenants_with_integration_in

log = logging.getLogger(__name__)

POLLED_STATES = (
    IntegrationStateName.REQUESTED,
    IntegrationStateName.PARTNER_READY,
    IntegrationStateName.ENABLED,
)


@dataclass
class PollRound:
    """What one round did: the tenants checked, those whose state changed, those that failed."""

    checked: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class LinkedInStatusPoll:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], setup: LinkedInSetup, interval_seconds: float
    ) -> None:
        self.sessions = sessions
        self.setup = setup
        self.interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> PollRound:
        """One round over every tenant to check; never raises for one tenant's failure."""
        done = PollRound()
        async with self.sessions() as session:
            tenants = await tenants_with_integration_in(session, [s.value for s in POLLED_STATES])
        for tenant_id in tenants:
            done.checked.append(tenant_id)
            try:
                if await self.setup.sync_status(tenant_id):
                    done.changed.append(tenant_id)
            except Exception as error:
                done.failed.append(tenant_id)
                log.warning("LinkedIn status poll: tenant %s not checked: %s", tenant_id, _reason(error))
        return done

    def start(self) -> None:
        """Run rounds in the background, the first one interval seconds from now (0: never)."""
        if self.interval > 0 and self._task is None:
            self._task = asyncio.create_task(self._run(), name="linkedin-status-poll")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.run_once()
            except Exception as error:  # e.g. the database is unreachable: try again next round
                log.warning("LinkedIn status poll round failed: %s", _reason(error))


def _reason(error: BaseException) -> str:
    """One line: the error's type and, for a refusal that wraps LinkedIn's error, LinkedIn's."""
    cause = error.__cause__
    reason = type(error).__name__ + (f" ({type(cause).__name__}: {cause})" if cause else f": {error}")
    return " ".join(reason.split())[:300]
