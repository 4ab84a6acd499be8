"""What a recruiter who exported a candidate from LinkedIn Recruiter is told in their 1:1 chat: the
candidate is in the job (with the stage they are at) and a button that opens them, or why nothing
was exported."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import ExecuteAction

from cards.base import Verb, card, heading, paragraph
from domain.exports import ExportOutcome, ExportResult
from i18n import translator


def export_done_card(locale: str, result: ExportResult) -> dict[str, Any]:
    """The candidate was exported (or was already in the job): where they are, and Open."""
    _ = translator(locale).gettext
    if result.outcome is ExportOutcome.ALREADY_IN_JOB:
        # TRANSLATORS: a 1-click export from LinkedIn Recruiter; {stage} is the job's stage, e.g. Prospect.
        line = _("{candidate} is already in {job}, {stage}")
    else:
        # TRANSLATORS: a 1-click export from LinkedIn Recruiter; {stage} is the job's stage, e.g. Prospect.
        line = _("{candidate} was exported to {job}, {stage}")
    text = line.format(candidate=result.candidate_name, job=result.job_title, stage=result.stage)
    details = _("From LinkedIn Recruiter · {candidate_id} · {job_id}").format(
        candidate_id=result.candidate_code, job_id=result.job_code
    )
    open_candidate = ExecuteAction(
        title=_("Open"),
        verb=Verb.SHOW_CANDIDATE,
        data={"verb": Verb.SHOW_CANDIDATE, "candidateId": result.candidate_id},
        associated_inputs="none",
    )
    return card([heading(text), paragraph(details, subtle=True)], [open_candidate])


def export_refused_card(locale: str, candidate_name: str, reason: str) -> dict[str, Any]:
    """Nothing was exported: `reason` (translated) says why."""
    _ = translator(locale).gettext
    return card(
        [
            heading(
                _("{candidate} wasn't exported from LinkedIn Recruiter").format(candidate=candidate_name)
            ),
            paragraph(reason),
        ]
    )
