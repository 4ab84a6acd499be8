"""Every typed command, every card button, every search of the Teams app's message extension and every
typeahead dataset of a card the bot has: one entry each, naming its handler, who may use it and where
(bot/routing.py checks both before the handler runs).

The help card lists the commands this person may use where they are; the Teams app's command menus
(`make package`) offer these commands and no other; each language's command words (i18n) are these
commands' words. Adding a command is one entry here, its handler, its card and its strings (README,
"Adding a command"); tests/bot/test_routing_table.py fails when the table, the menus, the help card
and the command words disagree.
"""

from __future__ import annotations

from bot.candidates import find_candidates, find_from_card, show_candidate
from bot.exports import close_export, export_candidate, exportable_jobs, open_export, run_export
from bot.help import help_from_card, show_help
from bot.linkedin_match import check_linkedin, link_profile, pick_profile, search_linkedin, unlink_profile
from bot.message_extension import find_candidate_to_share
from bot.projects import close_projects, open_projects, save_to_project
from bot.routing import (
    ANYWHERE,
    CommandRoute,
    DatasetRoute,
    Place,
    RouteTable,
    SearchRoute,
    VerbRoute,
    Who,
)
from bot.setup import SetupButton, SetupCommands, setup_button, with_setup
from cards.base import Verb
from cards.exports import EXPORT_CLOSE, EXPORT_OPEN, EXPORT_RUN, JOBS_DATASET
from cards.projects import PROJECTS_CLOSE, PROJECTS_OPEN, PROJECTS_SAVE
from cards.settings import SETTINGS_CONNECT, SETTINGS_DISCONNECT
from cards.setup import setup_verb
from dialogs.export_candidate import NO_JOBS
from domain.linkedin import SetupAction
from i18n import N_, NC_
from services.setup_refusals import NotAnAdmin

# Admins set the integration up in a team channel, where everyone sees the setup card change, or
# in their 1:1 chat; not in a group chat.
SETUP_PLACES = frozenset({Place.CHANNEL, Place.PERSONAL})

COMMANDS = (
    CommandRoute(
        "help",
        show_help,
        Who.EVERYONE,
        ANYWHERE,
        summary=N_("Show what I can do for you."),
        menu=NC_("Teams app command menu", "What I can do for you, with buttons"),
    ),
    CommandRoute(
        "find",
        find_candidates,
        Who.ATS_USER,
        ANYWHERE,
        usage=N_("find <name, email or candidate id>"),
        # No angle brackets in values: Teams renders them as (and drops them like) HTML tags.
        summary=N_('Look a candidate up. To search one job, add "in" and the job title or job id.'),
        menu=NC_(
            "Teams app command menu", "find <name, email or candidate id> [in <job>]: look a candidate up"
        ),
    ),
    CommandRoute(
        "export",
        export_candidate,
        # Offered to recruiters and hiring managers; the dialog tells one whose jobs are all closed so.
        Who.RECRUITING,
        ANYWHERE,
        usage=N_("export <candidate name, candidate id or LinkedIn profile address>"),
        summary=N_("Export a candidate, or a LinkedIn member, to the Prospect stage of one of your jobs."),
        menu=NC_(
            "Teams app command menu",
            "export <candidate or LinkedIn profile address>: put them in one of your jobs",
        ),
        refusal=NO_JOBS,
    ),
    CommandRoute(
        "settings",
        with_setup(SetupCommands.show_settings),
        Who.EVERYONE,
        ANYWHERE,
        summary=N_("Connect your own LinkedIn account."),
        menu=NC_("Teams app command menu", "Connect your LinkedIn account"),
    ),
    CommandRoute(
        "setup",
        with_setup(SetupCommands.show_setup),
        Who.ADMIN,
        SETUP_PLACES,
        summary=N_("Set up the LinkedIn Recruiter integration (admins)."),
        menu=NC_("Teams app command menu", "Admins: set up the LinkedIn Recruiter integration"),
        refusal=NotAnAdmin.message,
    ),
)


def _setup_card_button(action: SetupAction, button: SetupButton) -> VerbRoute:
    return VerbRoute(
        setup_verb(action), setup_button(button), Who.ADMIN, SETUP_PLACES, refusal=NotAnAdmin.message
    )


VERBS = (
    VerbRoute(Verb.HELP, help_from_card, Who.EVERYONE, ANYWHERE),
    VerbRoute(Verb.FIND, find_from_card, Who.ATS_USER, ANYWHERE),
    VerbRoute(Verb.SHOW_CANDIDATE, show_candidate, Who.ATS_USER, ANYWHERE),
    VerbRoute(Verb.LINKEDIN_PICK, pick_profile, Who.ATS_USER, ANYWHERE),
    VerbRoute(Verb.LINKEDIN_LINK, link_profile, Who.ATS_USER, ANYWHERE),
    VerbRoute(Verb.LINKEDIN_UNLINK, unlink_profile, Who.ATS_USER, ANYWHERE),
    VerbRoute(Verb.LINKEDIN_SEARCH, search_linkedin, Who.ATS_USER, ANYWHERE),
    VerbRoute(Verb.LINKEDIN_CHECK, check_linkedin, Who.ATS_USER, ANYWHERE),
    # Save to project: the answers are shown to the presser only, so it works in shared chats too.
    VerbRoute(PROJECTS_OPEN, open_projects, Who.ATS_USER, ANYWHERE),
    VerbRoute(PROJECTS_SAVE, save_to_project, Who.ATS_USER, ANYWHERE),
    VerbRoute(PROJECTS_CLOSE, close_projects, Who.ATS_USER, ANYWHERE),
    # Export: the answers are shown to the presser only; the service checks their role on the job.
    VerbRoute(EXPORT_OPEN, open_export, Who.RECRUITING, ANYWHERE, refusal=NO_JOBS),
    VerbRoute(EXPORT_RUN, run_export, Who.RECRUITING, ANYWHERE, refusal=NO_JOBS),
    VerbRoute(EXPORT_CLOSE, close_export, Who.RECRUITING, ANYWHERE, refusal=NO_JOBS),
    VerbRoute(SETTINGS_CONNECT, with_setup(SetupCommands.connect_own_account), Who.EVERYONE, ANYWHERE),
    VerbRoute(SETTINGS_DISCONNECT, with_setup(SetupCommands.disconnect_own_account), Who.EVERYONE, ANYWHERE),
    _setup_card_button(SetupAction.CONNECT, SetupCommands.connect),
    _setup_card_button(SetupAction.CHOOSE_CONTRACT, SetupCommands.choose_contract),
    _setup_card_button(SetupAction.REQUEST, SetupCommands.request),
    _setup_card_button(SetupAction.NOTIFY_PARTNER, SetupCommands.notify_partner),
    _setup_card_button(SetupAction.REFRESH, SetupCommands.refresh),
    _setup_card_button(SetupAction.DISCONNECT, SetupCommands.disconnect),
    _setup_card_button(SetupAction.CONFIRM_DISCONNECT, SetupCommands.confirm_disconnect),
    _setup_card_button(SetupAction.CANCEL_DISCONNECT, SetupCommands.cancel_disconnect),
    _setup_card_button(SetupAction.SAVE_JOB_POSTING, SetupCommands.save_job_posting),
    _setup_card_button(SetupAction.STOP_JOB_POSTING, SetupCommands.stop_job_posting),
    _setup_card_button(SetupAction.PREVIEW_ON, SetupCommands.preview_on),
    _setup_card_button(SetupAction.PREVIEW_OFF, SetupCommands.preview_off),
    _setup_card_button(SetupAction.CONNECT_APPLY, SetupCommands.connect_apply),
    _setup_card_button(SetupAction.DISCONNECT_APPLY, SetupCommands.disconnect_apply),
)

# The message extension: a search in the compose box of any chat or channel where the app is; what
# the user picks is posted into that conversation (without contact details).
SEARCHES = (
    SearchRoute(
        "findCandidate",
        find_candidate_to_share,
        Who.ATS_USER,
        ANYWHERE,
        title=NC_("Teams message extension", "Find candidate"),
        description=NC_(
            "Teams message extension", "Find a candidate by name, email or candidate id and share their card."
        ),
        parameter="query",
        parameter_title=NC_("Teams message extension", "Name, email or candidate id"),
        parameter_description=NC_(
            "Teams message extension", "Type a candidate's name, email or candidate id."
        ),
    ),
)

# The cards' typeaheads: Teams asks for choices as the user types (an `application/search` invoke).
DATASETS = (
    # The Export job picker, when the user has more jobs than a card lists: only their own jobs.
    DatasetRoute(JOBS_DATASET, exportable_jobs, Who.RECRUITING, ANYWHERE, refusal=NO_JOBS),
)

ROUTES = RouteTable(COMMANDS, VERBS, searches=SEARCHES, datasets=DATASETS)
