"""Hand-made inputs for card builders that generated inputs cannot drive (see cardgen.py).

Map the builder's qualified name to a function returning {variant name: keyword arguments without
the locale}. Use letter-free strings for domain data (codes, names like "0001"), so the bypass test
can tell data from untranslated text; URLs are recognised as data.

    SAMPLES["cards.example.example_card"] = lambda: {"empty": {"items": ()}, "one": {"items": (...,)}}

When generated inputs are fine but a branch needs a particular value (a str holding a state, a count)
or several fields at once, add the overrides to VARIATIONS instead: {builder: [{"param.field": value,
...}, ...]}, one dict per extra case. test_the_cases_reach_every_message_of_every_card says when
a message in cards/ is not reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cards.projects import MAX_PROJECTS_SHOWN
from domain.candidates import ApplicationSummary, LinkState
from domain.exports import ExportableJob, ExportOutcome
from domain.jobs import PROSPECT_STAGE
from domain.linkedin import IntegrationStateName, SetupAction
from domain.profile_match import LinkedInProfile, MatchRule
from domain.recruiter_projects import RecruiterProject


class _Many(tuple):  # type: ignore[type-arg]
    """A long tuple that names itself by its length in a case's id."""

    def __str__(self) -> str:
        return f"{len(self)} items"


SAMPLES: dict[str, Callable[[], dict[str, dict[str, Any]]]] = {}

VARIATIONS: dict[str, list[dict[str, Any]]] = {
    # No job to export to (the card is not offered then, but says so if it is built), and a
    # candidate already in the job at its Prospect stage.
    # A candidate already in a job on the picker: at the tenant's own stage, and at Prospect.
    "cards.exports.job_picker_card": [
        {"jobs.jobs": (), "many": False},
        *(
            {
                "jobs.jobs": (ExportableJob("0001", "0001", "0001"),),
                "candidate.applications": (ApplicationSummary("0001", "0001", stage, ()),),
            }
            for stage in ("0002", PROSPECT_STAGE)
        ),
    ],
    "cards.exports.export_result_card": [
        {"result.outcome": ExportOutcome.ALREADY_IN_JOB, "result.stage": PROSPECT_STAGE}
    ],
    "cards.candidates.candidate_card": [
        # The link as the ATS stores it, shown when LinkedIn was not asked.
        *({"profile.link_state": state, "linkedin": None} for state in LinkState),
        # The LinkedIn section's rules once nothing is picked to confirm: linked (by whom, or not
        # known), possible matches (by the candidate's name or another, a few or too many to list),
        # no match; a member without a name; how long ago LinkedIn was asked.
        {"linkedin.match.picked": None, "linkedin.match.rule": MatchRule.LINKED},
        {
            "linkedin.match.picked": None,
            "linkedin.match.rule": MatchRule.LINKED,
            "linkedin.match.linked_by": None,
        },
        {"linkedin.match.picked": None, "linkedin.match.rule": MatchRule.POSSIBLE},
        {
            "linkedin.match.picked": None,
            "linkedin.match.rule": MatchRule.POSSIBLE,
            "linkedin.match.searched_name": None,
            "linkedin.match.possible": ("many", tuple, LinkedInProfile),
        },
        {"linkedin.match.picked": None, "linkedin.match.rule": MatchRule.NO_MATCH},
        {
            "linkedin.match.picked": None,
            "linkedin.match.rule": MatchRule.NO_MATCH,
            "linkedin.match.searched_name": None,
        },
        {"linkedin.match.picked.name": ""},
        {"linkedin.match.checked_seconds_ago": 0},
        {"linkedin.match.checked_seconds_ago": 150},
    ],
    # As many hits as shown: no "showing 10 of 40".
    # As many hits as shown: no "showing 10 of 40" (nor "of 100+").
    "cards.candidates.candidate_list_card": [{"search.total": 2, "search.more": False}],
    # More projects than the card shows: the first ones, and how many there are.
    "cards.projects.project_card": [
        {
            "choice.projects": _Many(
                RecruiterProject(f"{n:04d}-1", f"{n:04d}-{n % 7}") for n in range(MAX_PROJECTS_SHOWN * 3)
            )
        }
    ],
    "cards.setup.setup_card": [
        {"view.state": IntegrationStateName.CONNECTED, "view.contract": None},
        {"view.preview_features": False, "view.apply_with_linkedin": False},
        {"view.actions": frozenset({SetupAction.CHOOSE_CONTRACT}), "view.contract": None},
    ],
}
