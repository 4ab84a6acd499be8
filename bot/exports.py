"""1-click export from Teams: the `export` command (a dialog, dialogs/export_candidate.py), the
candidate card's Export button with its job picker (and the picker's typeahead), and the result card.
Every path ends in CandidateExports.export, which checks the tenant, the user, their role on the job
and the job itself again: a card's ids are never trusted. A refusal answers with its message and
leaves the card as it was; nothing is written."""

from __future__ import annotations

import re
import uuid
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.candidate_cards import offers_export
from bot.replies import bad_request, card_activity, card_response, is_shared
from bot.routing import CommandTurn, DatasetChoice, DatasetTurn, VerbTurn
from bot.setup import message_response
from cards.candidates import candidate_card
from cards.exports import ACTION_ID, JOB_INPUT, export_result_card, job_choice_title, job_picker_card
from dialogs.export_candidate import ARGUMENT, JOB_NOT_FOUND, NO_JOBS, ExportCandidateDialog
from domain.exports import ExistingCandidate, ExportRequest, ExportResult, ExportSource
from i18n import translator
from services.exports import JOBS_ON_PICKER, ExportJobNotFound
from services.identity import Requester

# An action id as the picker makes it (uuid4); anything else on a card was not made by this bot.
_ACTION_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_ID_CHARS = 100  # an internal id on a card is far shorter; a longer one is garbage


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) and len(value) <= MAX_ID_CHARS else ""


async def export_candidate(turn: CommandTurn) -> None:
    """`export anna`, `export C1001`, `export https://www.linkedin.com/in/…`; `export` alone asks who."""
    await turn.dialogs.begin_dialog(ExportCandidateDialog.__name__, {ARGUMENT: turn.argument})


async def send_export_result(context: TurnContext, requester: Requester, result: ExportResult) -> None:
    """The result card of an export typed in the chat."""
    await context.send_activity(card_activity(export_result_card(requester.locale or "en", result)))


async def open_export(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """The candidate card's Export: the job picker, for the presser's own jobs."""
    locale = turn.requester.locale or "en"
    _ = translator(locale).gettext
    candidate_id = _text(turn.data, "candidateId")
    if not candidate_id:
        return bad_request(_("That button is missing the candidate."))
    profile = await turn.services.candidates.profile(turn.requester, candidate_id)
    jobs = await turn.services.exports.exportable_jobs(turn.requester)
    if not jobs.total:
        return message_response(_(NO_JOBS))
    many = jobs.total > JOBS_ON_PICKER
    return card_response(job_picker_card(locale, profile, jobs, str(uuid.uuid4()), many=many))


async def run_export(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """The picker's Export: the chosen job, once per picker and presser (the picker's action id and the
    presser make the idempotency key).
    A refusal is a message and the picker stays as it was."""
    locale = turn.requester.locale or "en"
    _ = translator(locale).gettext
    candidate_id = _text(turn.data, "candidateId")
    action_id = _text(turn.data, ACTION_ID)
    if not candidate_id or not _ACTION_ID.match(action_id):
        return bad_request(_("That button is missing the candidate."))
    job_id = _text(turn.data, JOB_INPUT)
    if not job_id:
        return message_response(_("Choose a job first."))
    request = ExportRequest(
        tenant_id=turn.requester.tenant_id,
        exporter_user_id=turn.requester.user_id,
        job_id=job_id,
        candidate=ExistingCandidate(candidate_id),
        # The presser's own: in a channel a colleague may press the same picker, which is their export.
        idempotency_key=f"teams:{turn.requester.user_id}:{action_id}",
        source=ExportSource.TEAMS,
    )
    try:
        result = await turn.services.exports.export(request)  # a refusal: answered by the bot, card kept
    except ExportJobNotFound:  # another organization's job, one deleted since, or garbage
        return message_response(_(JOB_NOT_FOUND))
    return card_response(export_result_card(locale, result))


async def close_export(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
    """Cancel on the picker, and "Open the candidate" on the result: the candidate card (checked
    against the tenant, as every candidate card)."""
    locale = turn.requester.locale or "en"
    candidate_id = _text(turn.data, "candidateId")
    if not candidate_id:
        return bad_request(translator(locale).gettext("That button is missing the candidate."))
    profile = await turn.services.candidates.profile(turn.requester, candidate_id)
    card = candidate_card(
        locale,
        profile,
        shared=is_shared(turn.context),
        timezone=turn.requester.timezone,
        can_export=await offers_export(turn.services, turn.requester),
    )
    return card_response(card)


async def exportable_jobs(turn: DatasetTurn) -> tuple[DatasetChoice, ...]:
    """The picker's typeahead: the presser's own jobs that match what they typed."""
    found = await turn.services.exports.exportable_jobs(
        turn.requester, turn.query, limit=turn.skip + turn.top
    )
    return tuple(DatasetChoice(job.job_id, job_choice_title(job)) for job in found.jobs[turn.skip :])
