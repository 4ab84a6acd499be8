"""Why a LinkedIn setup action is refused. Each carries the message the admin sees (translated where
shown) and whether the up-to-date setup card goes back with it."""

from __future__ import annotations

from i18n import N_
from services.errors import UserFacingError


class SetupRefused(UserFacingError):
    """A setup action refused; `show_current_card` says whether the up-to-date card goes back."""

    show_current_card = False


class NotAnAdmin(SetupRefused):
    message = N_("Only ATS admins can change the LinkedIn setup.")


class OutOfDateCard(SetupRefused):
    show_current_card = True
    message = N_("That card was out of date, so nothing was changed. Here is the current setup.")


class OtherTenantsCard(OutOfDateCard):
    message = N_("That card belongs to another organization, so nothing was changed. Here is your setup.")


class NotAllowedNow(OutOfDateCard):
    message = N_(
        "That can't be done in the current state, so nothing was changed. Here is the current setup."
    )


class UnknownContract(OutOfDateCard):
    message = N_("That isn't one of your Recruiter contracts, so nothing was changed. Pick one below.")


class InvalidJobPosting(SetupRefused):
    message = N_("Please check the job posting details.")


class CompanyNameMissing(InvalidJobPosting):
    message = N_("Enter the company name as it appears on LinkedIn.")


class CompanyIdInvalid(InvalidJobPosting):
    message = N_("The LinkedIn company ID is a number, digits only (for example 1035).")


class GoLiveNotConfirmed(InvalidJobPosting):
    message = N_("Confirm that you understand that LinkedIn has no test environment: posted jobs go live.")


class PreviewFeaturesOff(OutOfDateCard):
    message = N_(
        "Apply with LinkedIn is a preview feature: turn preview features on first. Here is the current setup."
    )


class LinkedInDidNotAnswer(SetupRefused):
    message = N_("LinkedIn didn't answer, so nothing was changed. Please try again in a moment.")


class LinkedInRefused(SetupRefused):
    message = N_("LinkedIn refused the request ({detail}), so nothing was changed.")


class ContractWithoutCompany(SetupRefused):
    message = N_(
        "LinkedIn didn't say which company this Recruiter contract belongs to, so I can't request the "
        "integration. Sign in again with Connect, or ask LinkedIn support."
    )


class SignInNoLongerNeeded(SetupRefused):
    message = N_(
        "The LinkedIn integration is already past the sign-in step. Look at the setup card in Teams."
    )
