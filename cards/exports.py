"""1-click export from Teams: the job picker that answers the candidate card's Export button, and the
result card that answers its Export (and ends the typed `export`).

The answers replace the card for the person who pressed the button only. The buttons carry ids only:
the candidate's, and the action id made when the picker was built (the export's idempotency key, so a
double click exports once); the job comes from the picker's input. The server checks them all again.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import (
    ActionSet,
    Choice,
    ChoiceSetInput,
    ExecuteAction,
    Fact,
    FactSet,
    QueryData,
    TextBlock,
)

from cards.base import candidate_action, card, heading, paragraph
from domain.candidates import CandidateProfile
from domain.exports import ExportableJob, ExportableJobs, ExportOutcome, ExportResult
from domain.jobs import PROSPECT_STAGE
from i18n import translator

EXPORT_OPEN = "candidate.export"  # the candidate card's Export button: the job picker
EXPORT_RUN = "candidate.export.run"  # the picker's Export
EXPORT_CLOSE = "candidate.export.close"  # Cancel, and the result's "Open the candidate": the candidate card
JOB_INPUT = "jobId"  # the chosen job (its internal id), sent with Export
ACTION_ID = "actionId"  # made when the picker is built: the export's idempotency key
# Teams asks the bot for the jobs as the user types in the picker (an `application/search` invoke)
# when there are too many to list on the card.
JOBS_DATASET = "exportJobs"


def job_choice_title(job: ExportableJob) -> str:
    """How a job is named on the picker and in the typeahead's results."""
    return f"{job.title} ({job.job_code})"


def export_action(locale: str, candidate_id: str) -> ExecuteAction:
    """The candidate card's Export button."""
    return candidate_action(translator(locale).gettext("Export to a job"), EXPORT_OPEN, candidate_id)


def _back(locale: str, candidate_id: str, title: str) -> ExecuteAction:
    return candidate_action(title, EXPORT_CLOSE, candidate_id)


def job_picker_card(
    locale: str,
    candidate: CandidateProfile,
    jobs: ExportableJobs,
    action_id: str,
    *,
    many: bool = False,
    notice: str | None = None,
) -> dict[str, Any]:
    """Which of the user's jobs to export the candidate to. `jobs` are those to list on the card;
    with `many` (more than a card lists), the picker searches the user's jobs as they type instead.
    `notice` (translated) is one line on top."""
    t = translator(locale)
    _ = t.gettext
    name = candidate.name
    # The candidate id tells namesakes apart (the picker replaces the card that showed it).
    body: list[Any] = [heading(_("Export {name} to a job").format(name=f"{name} ({candidate.code})"))]
    if notice:
        body.append(TextBlock(text=notice, wrap=True, color="Accent"))
    body.append(
        paragraph(
            _(
                "Choose one of the jobs where you are the Hiring manager or a Recruiter. "
                "{name} goes into its Prospect stage."
            ).format(name=name),
            subtle=True,
        )
    )
    back = _back(locale, candidate.id, _("Cancel"))
    # A job the candidate is already in says at which stage: exporting there changes nothing.
    stages = {application.job_code: application.current_stage for application in candidate.applications}

    def choice(job: ExportableJob) -> Choice:
        title = job_choice_title(job)
        stage = stages.get(job.job_code)
        if stage is not None:
            shown = t.pgettext("stage name", "Prospect") if stage == PROSPECT_STAGE else stage
            # TRANSLATORS: after a job on the export's job picker; {stage} is the candidate's stage in it.
            title += " · " + _("already in {stage}").format(stage=shown)
        return Choice(title=title, value=job.job_id)

    if not jobs.jobs and not many:
        body.append(paragraph(_("You have no active job to export candidates to.")))
        body.append(ActionSet(actions=[back]))
        return card(body)
    if many:
        picker = ChoiceSetInput(
            id=JOB_INPUT,
            label=_("Job"),
            style="filtered",
            is_required=True,
            error_message=_("Choose a job."),
            placeholder=_("Type a job title or job id"),
            choices=[choice(job) for job in jobs.jobs],
            choices_data=QueryData(dataset=JOBS_DATASET),
        )
    else:
        picker = ChoiceSetInput(
            id=JOB_INPUT,
            label=_("Job"),
            style="compact",
            is_required=True,
            error_message=_("Choose a job."),
            placeholder=_("Choose a job"),
            value=jobs.jobs[0].job_id if len(jobs.jobs) == 1 else None,
            choices=[choice(job) for job in jobs.jobs],
        )
    body.append(picker)
    export = ExecuteAction(
        title=_("Export"),
        verb=EXPORT_RUN,
        data={"verb": EXPORT_RUN, "candidateId": candidate.id, ACTION_ID: action_id},
        associated_inputs="auto",
        style="positive",
    )
    body.append(ActionSet(actions=[export, back]))
    return card(body)


def export_result_body(locale: str, result: ExportResult, *, from_linkedin: bool = False) -> list[Any]:
    """What an export did, as the result card and the notice of an export from LinkedIn Recruiter
    both say it: the candidate in the job's Prospect stage, or already in the job (at the stage they
    are at), with the candidate id, the job and its id, and the stage. The notice (`from_linkedin`)
    says what became of the export the recruiter made in LinkedIn Recruiter."""
    t = translator(locale)
    _ = t.gettext
    candidate, job = result.candidate_name, f"{result.job_title} ({result.job_code})"
    # The Prospect stage is the product's (the glossary's word); other stages are the tenant's own names.
    stage = t.pgettext("stage name", "Prospect") if result.stage == PROSPECT_STAGE else result.stage
    if result.outcome is ExportOutcome.ALREADY_IN_JOB and result.stage == PROSPECT_STAGE:
        said = _("{candidate} is already a prospect in {job}, so nothing was changed.")
    elif result.outcome is ExportOutcome.ALREADY_IN_JOB:
        said = _("{candidate} is already in {stage} in {job}, so nothing was changed.")
    elif from_linkedin:
        said = _("{candidate} was exported to {job}, {stage}.")
    else:
        said = _("{candidate} is now a prospect in {job}.")
    body: list[Any] = [
        heading(said.format(candidate=candidate, job=job, stage=stage)),
        FactSet(
            facts=[
                Fact(title=_("Candidate id"), value=result.candidate_code),
                Fact(title=_("Job"), value=job),
                Fact(title=_("Stage"), value=stage),
            ]
        ),
    ]
    if result.candidate_created and result.outcome is not ExportOutcome.ALREADY_IN_JOB:
        body.append(paragraph(_("{candidate} is a new candidate in the ATS.").format(candidate=candidate)))
    return body


def export_result_card(locale: str, result: ExportResult) -> dict[str, Any]:
    """What an export did (export_result_body), with the button that opens the candidate."""
    _ = translator(locale).gettext
    body = export_result_body(locale, result)
    body.append(ActionSet(actions=[_back(locale, result.candidate_id, _("Open the candidate"))]))
    return card(body)
