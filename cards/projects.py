"""The Recruiter project card: save a candidate to one of your own LinkedIn Recruiter projects.

It answers the candidate card's "Save to project" button in place of the candidate card, for the
person who pressed it only (Teams shows a button's answer to its presser), so one recruiter's
projects are never shown to a whole chat. Its buttons carry the candidate's id only; the project
comes from the card's choice and is checked against the presser's own projects on the server.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import ActionSet, Choice, ChoiceSetInput, ExecuteAction

from cards.base import candidate_action, card, heading, paragraph
from domain.recruiter_projects import ProjectChoice, SavedToProject, SaveOutcome
from i18n import translator

PROJECTS_OPEN = "candidate.projects"  # the candidate card's button
PROJECTS_SAVE = "candidate.projects.save"
PROJECTS_CLOSE = "candidate.projects.close"  # back to the candidate card
PROJECT_INPUT = "projectId"  # the chosen project, sent with Save
# A recruiter may have hundreds of projects; a card must stay under Teams' 28 KB, and a list longer
# than this is no help to pick from. LinkedIn's order is kept (the first ones shown).
MAX_PROJECTS_SHOWN = 50


def save_to_project_action(locale: str, candidate_id: str) -> ExecuteAction:
    """The candidate card's "Save to project" button."""
    return candidate_action(translator(locale).gettext("Save to project"), PROJECTS_OPEN, candidate_id)


def project_card(
    locale: str, choice: ProjectChoice, saved: SavedToProject | None = None, notice: str | None = None
) -> dict[str, Any]:
    """The user's projects to save the candidate to; after a save, what happened, above the same
    choice (to save to another project too). `notice` (translated) says why a card came back."""
    _ = translator(locale).gettext
    name = choice.candidate_name
    body: list[Any] = [heading(_("Save {name} to a Recruiter project").format(name=name))]
    if notice:
        body.append(paragraph(notice))
    if saved is not None and saved.outcome is SaveOutcome.SAVED:
        body.append(paragraph(_("Saved {name} to {project}.").format(name=name, project=saved.project.name)))
    elif saved is not None:
        body.append(
            paragraph(
                _("{name} is already in {project}, so nothing was changed.").format(
                    name=name, project=saved.project.name
                )
            )
        )
    data = {"candidateId": choice.candidate_id}
    back = ExecuteAction(
        title=_("Back to the candidate"),
        verb=PROJECTS_CLOSE,
        data={"verb": PROJECTS_CLOSE, **data},
        associated_inputs="none",
    )
    if not choice.projects:
        body.append(
            paragraph(
                _("You have no Recruiter projects yet. Create one in LinkedIn Recruiter, then try again.")
            )
        )
        body.append(ActionSet(actions=[back]))
        return card(body)
    shown = choice.projects[:MAX_PROJECTS_SHOWN]
    if len(choice.projects) > len(shown):
        t = translator(locale)
        body.append(
            paragraph(
                _("Showing the first {shown} of your {total} Recruiter projects.").format(
                    shown=t.format_number(len(shown)), total=t.format_number(len(choice.projects))
                ),
                subtle=True,
            )
        )
    chosen = saved.project.id if saved is not None else None
    if chosen is None and len(shown) == 1:
        chosen = shown[0].id
    body.append(
        ChoiceSetInput(
            id=PROJECT_INPUT,
            label=_("Recruiter project"),
            style="compact",
            is_required=True,
            error_message=_("Choose a project."),
            placeholder=_("Choose a project"),
            value=chosen,
            choices=[Choice(title=project.name, value=project.id) for project in shown],
        )
    )
    save = ExecuteAction(
        title=_("Save"),
        verb=PROJECTS_SAVE,
        data={"verb": PROJECTS_SAVE, **data},
        associated_inputs="auto",
        style="positive",
    )
    body.append(ActionSet(actions=[save, back]))
    return card(body)
