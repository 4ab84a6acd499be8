"""Why a change of a candidate's LinkedIn link was refused: nothing was changed. Each carries the
message the user sees (translated where shown) and whether the candidate's card as it is now goes
back with it."""

from __future__ import annotations

from i18n import N_
from services.errors import UserFacingError


class MatchRefused(UserFacingError):
    """Nothing was changed. With `show_current_card`, the candidate's card as it is now goes back
    with the message."""

    show_current_card = False


class LinkedInDidNotAnswer(MatchRefused):
    message = N_("LinkedIn didn't answer, so nothing was changed. Please try again in a moment.")


class LinkedInRefusedTheLink(MatchRefused):
    show_current_card = True
    message = N_("LinkedIn didn't accept that LinkedIn profile, so nothing was changed.")


class OtherOrganizationsCard(MatchRefused):
    message = N_("That card belongs to another organization, so nothing was changed.")


class OutOfDateCard(MatchRefused):
    show_current_card = True
    message = N_("This card was out of date, so nothing was changed. Here is the candidate as they are now.")


class LinkedMeanwhile(OutOfDateCard):
    message = N_(
        "{colleague} linked this candidate to a LinkedIn profile in the meantime, so nothing was changed."
    )


class UnlinkedMeanwhile(OutOfDateCard):
    message = N_(
        "{colleague} unlinked this candidate's LinkedIn profile in the meantime, so nothing was changed."
    )


class NotAPossibleMatch(OutOfDateCard):
    message = N_("That LinkedIn profile is no longer among the possible matches, so nothing was changed.")


class NameNeeded(MatchRefused):
    show_current_card = True
    message = N_("Type a first and a last name to search LinkedIn.")
