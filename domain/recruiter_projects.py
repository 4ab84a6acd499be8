"""A user's LinkedIn Recruiter projects, as the services hand them out and the project card shows them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class RecruiterProject:
    """One of the user's own projects in LinkedIn Recruiter (on their seat of the tenant's contract)."""

    id: str
    name: str


@dataclass(frozen=True)
class ProjectChoice:
    """What the project card offers: the candidate to save and the user's projects to save them to."""

    candidate_id: str
    candidate_name: str
    projects: tuple[RecruiterProject, ...]


class SaveOutcome(enum.StrEnum):
    SAVED = "saved"  # LinkedIn added the candidate's member to the project
    ALREADY_IN = "already_in"  # the member was in the project already: nothing changed


@dataclass(frozen=True)
class SavedToProject:
    outcome: SaveOutcome
    project: RecruiterProject
