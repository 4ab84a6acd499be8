"""What a recruiter who exported a candidate from LinkedIn Recruiter is told in their 1:1 chat: the
candidate is in the job (with the stage they are at) and a button that opens them, or why nothing
was exported."""

from __future__ import annotations

from typing import Any

from cards.base import Verb, candidate_action, card, heading, paragraph
from cards.exports import export_result_body
from domain.exports import ExportResult
from i18n import translator


def export_done_card(locale: str, result: ExportResult) -> dict[str, Any]:
    """The candidate was exported (or was already in the job): where they are, as the result card of
    an export from Teams says it (the job with its id, the stage), and Open the candidate."""
    _ = translator(locale).gettext
    body = export_result_body(locale, result, from_linkedin=True)
    body.append(paragraph(_("You exported this candidate from LinkedIn Recruiter."), subtle=True))
    open_candidate = candidate_action(_("Open the candidate"), Verb.SHOW_CANDIDATE, result.candidate_id)
    return card(body, [open_candidate])


def export_refused_card(
    locale: str, candidate_name: str, reason: str, *, another_job: bool = False
) -> dict[str, Any]:
    """Nothing was exported: `reason` (translated) says why, and what the recruiter can do: with
    `another_job` (the job was the problem), export again to one of their own active jobs."""
    _ = translator(locale).gettext
    if another_job:
        # The candidate is named in the heading already (a name can be long: it is said once).
        next_step = _(
            "Nothing was added to the ATS. In LinkedIn Recruiter, export the candidate again and choose an "
            "active job where you are the Hiring manager or a Recruiter."
        )
    else:
        next_step = _("Nothing was added to the ATS.")
    return card(
        [
            heading(
                _("{candidate} wasn't exported from LinkedIn Recruiter").format(candidate=candidate_name)
            ),
            paragraph(reason),
            paragraph(next_step, subtle=True),
        ]
    )
