"""Errors a user sees. Each carries an English message id (translated where it is shown) and its
format parameters, so the domain never needs a locale."""

from __future__ import annotations

from typing import Any

from i18n import N_, Translator


class UserFacingError(Exception):
    message: str = N_("Something went wrong.")

    def __init__(self, message: str | None = None, **params: Any) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.message.format(**params) if params else self.message)

    def localized(self, t: Translator) -> str:
        text = t.gettext(self.message)
        return text.format(**self.params) if self.params else text


class NotAnAtsUser(UserFacingError):
    message = N_(
        "Sorry, I can't help you yet: you don't have a user in this organization's applicant "
        "tracking system. Ask your ATS admin to add you."
    )


class CandidateNotFound(UserFacingError):
    message = N_("That candidate doesn't exist or isn't visible to you.")


class UnknownSearchScope(UserFacingError):
    """`find <name> in <target>` where the target is no job id, job title or talent pool."""

    message = N_("There is no job or talent pool called “{name}”.")


class AmbiguousSearchScope(UserFacingError):
    message = N_("More than one job matches “{name}”: {jobs}. Type the job id instead.")


class QueryTooLong(UserFacingError):
    message = N_(
        "That's too long to search for. Type a name, an email or a candidate id of at most {limit} "
        "characters."
    )


class SearchBusy(UserFacingError):
    message = N_("Searching is busy, try again in a moment.")


class SearchTimedOut(UserFacingError):
    message = N_(
        "That search took too long. Type more of the name, or search by email or candidate id."
    )
