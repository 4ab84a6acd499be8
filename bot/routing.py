"""Routing: every typed command, every card button, every search of the Teams app's message extension
and every typeahead dataset of a card has one entry in a table (bot/routes.py) that names its handler,
who may use it and where.
Who and where are checked here, once, before the handler runs; a refusal is one polite sentence in
the user's language and writes nothing. The handlers still check what they are given again (a card's
data is never trusted: tenant, state, ids).

The same table decides what the help card lists for this person here, what the Teams app's command
menus and message extension offer (manifest/package.py), and which words the bot understands (the
English name, and the words of i18n's command words for the commands in the table only).
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext
from botbuilder.schema import AdaptiveCardInvokeResponse
from botbuilder.schema.teams import MessagingExtensionResponse

from cards.base import Verb
from cards.help import HelpAudience, HelpCommand
from i18n import N_, ContextualMessage, command_aliases, translator
from services.candidates import CandidateDirectory
from services.conversations import ConversationDirectory
from services.errors import NotAnAtsUser
from services.exports import CandidateExports
from services.identity import IdentityService, Requester
from services.linkedin_match import ProfileMatching
from services.linkedin_profiles import LinkedInProfiles
from services.notifier import Notifier
from services.recruiter_projects import RecruiterProjects

if TYPE_CHECKING:  # bot/setup.py's handlers take the turns defined here
    from bot.setup import SetupCommands


@dataclass(frozen=True)
class BotServices:
    identity: IdentityService
    candidates: CandidateDirectory
    conversations: ConversationDirectory
    setup: SetupCommands  # `setup` / `settings` and their buttons (LinkedIn)
    matching: ProfileMatching  # the candidate card's LinkedIn section and its buttons
    notifier: Notifier  # every message sent outside the turn being handled
    projects: RecruiterProjects  # the candidate card's Save to project
    exports: CandidateExports  # 1-click export: the export command and the Export button
    profiles: LinkedInProfiles  # a LinkedIn member by profile address (export by profile URL)
    linkedin_turn_seconds: float = 10.0  # LINKEDIN_TURN_SECONDS: a person waits on these calls


class Who(enum.Enum):
    """Who may use a command or a button."""

    # Anyone the bot answers. The bot answers only Teams users who have an ATS user in their
    # organization (anyone else gets the polite refusal before a route is looked up), so EVERYONE
    # and ATS_USER let the same people in; the product names them apart (help and settings are
    # everyone's, find is for ATS users), and so does the table.
    EVERYONE = "everyone"
    ATS_USER = "ATS user"
    # A recruiter or hiring manager on the job that the button's data or the command's argument
    # names (the route's `job_of` reads its id). An interviewer, a recruiter of another job, or a
    # button or command that names no job is refused.
    HIRING_TEAM = "recruiter or hiring manager on the job"
    # A recruiter or hiring manager on any job: what works across one's jobs (export to one of them).
    RECRUITING = "recruiter or hiring manager"
    ADMIN = "admin"


HIRING_ROLES = frozenset({"recruiter", "hiring_manager"})


class Place(enum.Enum):
    """Where a command or button is used: Teams' conversation types."""

    PERSONAL = "personal"  # the user's 1:1 chat with the bot
    GROUP_CHAT = "groupChat"
    CHANNEL = "channel"  # a team channel

    @property
    def teams_scope(self) -> str:
        """The scope of the Teams app manifest's command list for this place."""
        return "team" if self is Place.CHANNEL else self.value


ANYWHERE = frozenset(Place)


def works_in(where: frozenset[Place], place: Place | None) -> bool:
    """Whether a route used `where` works in `place`; ANYWHERE also takes a conversation of a type
    Teams does not send (None)."""
    return where == ANYWHERE or place in where


def place_of(conversation_type: str) -> Place | None:
    """The place of a Teams conversation type; None for a type Teams does not send."""
    return next((place for place in Place if place.value == conversation_type), None)


# One refusal per case, for commands and buttons alike.
WHO_REFUSALS: dict[Who, str] = {
    Who.ATS_USER: NotAnAtsUser.message,
    Who.HIRING_TEAM: N_("Only the recruiters and hiring managers of that job can do that."),
    Who.ADMIN: N_("Only ATS admins can do that."),
    Who.RECRUITING: N_("Only recruiters and hiring managers can do that."),
}
WHERE_REFUSALS: dict[frozenset[Place], str] = {
    frozenset({Place.PERSONAL}): N_("I can do that only in our 1:1 chat."),
    frozenset({Place.GROUP_CHAT}): N_("I can do that only in a group chat."),
    frozenset({Place.CHANNEL}): N_("I can do that only in a team channel."),
    frozenset({Place.PERSONAL, Place.GROUP_CHAT}): N_(
        "I can do that only in our 1:1 chat or in a group chat."
    ),
    frozenset({Place.PERSONAL, Place.CHANNEL}): N_(
        "I can do that only in a team channel or in our 1:1 chat."
    ),
    frozenset({Place.GROUP_CHAT, Place.CHANNEL}): N_(
        "I can do that only in a group chat or in a team channel."
    ),
}

# TRANSLATORS: {text} is what the user typed (cut short); quote it the way your language quotes.
NOT_UNDERSTOOD = N_("I didn't understand “{text}”.")
# TRANSLATORS: {text} is what the user typed (cut short); {command} is a command word ("søg").
NOT_UNDERSTOOD_DID_YOU_MEAN = N_("I didn't understand “{text}”. Did you mean {command}?")
ECHO_LIMIT = 60  # characters of the user's text said back: enough to recognize it, never a whole essay
# How close a typed word must be to a command word to be offered (difflib's ratio): "fnd" and
# "søgg" are, "anna" and "what" are not.
SUGGESTION_CUTOFF = 0.6


@dataclass(frozen=True)
class CommandTurn:
    """A typed command that passed the check of who and where, as its handler gets it."""

    context: TurnContext
    requester: Requester
    argument: str  # the text after the command word
    place: Place | None
    services: BotServices
    routes: RouteTable
    dialogs: DialogContext


@dataclass(frozen=True)
class VerbTurn:
    """A card button (Action.Execute) that passed the check of who and where. `data` is the card's
    data as sent: ids only, and never trusted."""

    context: TurnContext
    requester: Requester
    verb: str
    data: dict[str, Any]
    place: Place | None
    services: BotServices
    routes: RouteTable


@dataclass(frozen=True)
class SearchTurn:
    """A search of the Teams app's message extension (composeExtension/query: the user typed in the
    compose box's app flyout) that passed the check of who and where. Its answer is the list of
    results Teams shows; the user picks one to post into the conversation."""

    context: TurnContext
    requester: Requester
    command_id: str
    query: str  # what the user typed, stripped; empty when they typed nothing yet
    skip: int  # how many results Teams has shown already (it asks for more as the user scrolls)
    place: Place | None
    services: BotServices


@dataclass(frozen=True)
class DatasetTurn:
    """A card's typeahead (an Input.ChoiceSet whose choices come from a Data.Query dataset: Teams
    sends an `application/search` invoke as the user types) that passed the check of who and where.
    Its answer is the choices Teams offers."""

    context: TurnContext
    requester: Requester
    dataset: str
    query: str  # what the user typed, stripped; empty when they typed nothing yet
    skip: int  # how many choices Teams has shown already
    top: int  # how many it asks for
    place: Place | None
    services: BotServices


@dataclass(frozen=True)
class DatasetChoice:
    """One choice of a typeahead: its value (what the card's input sends) and what the user reads."""

    value: str
    title: str


CommandHandler = Callable[[CommandTurn], Awaitable[None]]
VerbHandler = Callable[[VerbTurn], Awaitable[AdaptiveCardInvokeResponse]]
SearchHandler = Callable[[SearchTurn], Awaitable[MessagingExtensionResponse]]
DatasetHandler = Callable[[DatasetTurn], Awaitable[tuple[DatasetChoice, ...]]]


def job_in_card_data(data: Mapping[str, Any]) -> str | None:
    """The job a button acts on: its card data's `jobId` (checked against the presser's roles)."""
    job_id = data.get("jobId")
    return (job_id.strip() or None) if isinstance(job_id, str) else None


@dataclass(frozen=True)
class CommandRoute:
    """A typed command: its English name (always understood; each language's words are i18n's
    command words), its handler, who may use it and where, and the texts that offer it."""

    name: str
    handler: CommandHandler
    who: Who
    where: frozenset[Place]
    summary: str  # N_: what it does, on the help card
    menu: ContextualMessage  # NC_: its description in the Teams app's command menu (at most 128 characters)
    usage: str | None = None  # N_: how to type it, on the help card; without one, the command word
    job_of: Callable[[str], str | None] | None = None  # HIRING_TEAM: the job id its argument names
    refusal: str | None = None  # N_: a more precise sentence than the one for its `who`


@dataclass(frozen=True)
class VerbRoute:
    """A card button's verb, its handler, who may press it and where."""

    verb: str
    handler: VerbHandler
    who: Who
    where: frozenset[Place]
    job_of: Callable[[Mapping[str, Any]], str | None] = job_in_card_data  # HIRING_TEAM: the job
    refusal: str | None = None  # N_: a more precise sentence than the one for its `who`


@dataclass(frozen=True)
class SearchRoute:
    """A search command of the Teams app's message extension (the compose box of chats and channels):
    the command id Teams sends, its handler, who may use it and where, and the texts the Teams app
    shows (manifest/package.py writes them from here, in every language)."""

    command_id: str
    handler: SearchHandler
    who: Who
    where: frozenset[Place]
    title: ContextualMessage  # NC_: the command's title in the compose box (at most 32 characters)
    description: ContextualMessage  # NC_: what it does (at most 128 characters)
    parameter: str  # the name of the parameter Teams sends the typed text in
    parameter_title: ContextualMessage  # NC_: the search box's placeholder (at most 32 characters)
    parameter_description: ContextualMessage  # NC_: at most 128 characters
    refusal: str | None = None  # N_: a more precise sentence than the one for its `who`


@dataclass(frozen=True)
class DatasetRoute:
    """A typeahead's dataset (the `dataset` of a card's Data.Query), its handler, who may ask it and
    where. A refusal is an error answer Teams shows in place of the choices."""

    dataset: str
    handler: DatasetHandler
    who: Who
    where: frozenset[Place]
    refusal: str | None = None  # N_: a more precise sentence than the one for its `who`


Route = CommandRoute | VerbRoute | SearchRoute | DatasetRoute


@dataclass(frozen=True)
class RouteTable:
    """The typed commands and the card verbs, in the order the help card and the menus list them.
    `aliases` gives each language's command words (word -> English name); only the table's
    commands are understood."""

    commands: tuple[CommandRoute, ...]
    verbs: tuple[VerbRoute, ...]
    aliases: Callable[[str | None], Mapping[str, str]] = command_aliases
    searches: tuple[SearchRoute, ...] = ()  # the message extension's search commands
    datasets: tuple[DatasetRoute, ...] = ()  # the cards' typeaheads (Data.Query datasets)

    def __post_init__(self) -> None:
        names = [route.name for route in self.commands]
        verbs = [route.verb for route in self.verbs]
        searches = [route.command_id for route in self.searches]
        datasets = [route.dataset for route in self.datasets]
        for kind, keys in (("command", names), ("verb", verbs), ("search", searches), ("dataset", datasets)):
            doubles = sorted({key for key in keys if keys.count(key) > 1})
            if doubles:
                raise ValueError(f"a {kind} has one entry: {doubles}")
        nowhere = [route.name for route in self.commands if not route.where]
        nowhere += [route.verb for route in self.verbs if not route.where]
        nowhere += [route.command_id for route in self.searches if not route.where]
        nowhere += [route.dataset for route in self.datasets if not route.where]
        if nowhere:
            raise ValueError(f"used nowhere: {nowhere}")
        for command in self.commands:
            if (
                not command.name
                or command.name != command.name.casefold()
                or command.name.split() != [command.name]
            ):
                raise ValueError(f"a command name is one lower-case word: {command.name!r}")
            if command.who is Who.HIRING_TEAM and command.job_of is None:
                raise ValueError(
                    f"{command.name}: a command for a job's hiring team says how it names the job"
                )
        for search in self.searches:
            if search.who is Who.HIRING_TEAM:  # a search names no job
                raise ValueError(f"{search.command_id}: a search is for everyone, ATS users or admins")
        for dataset in self.datasets:
            if dataset.who is Who.HIRING_TEAM:  # a typeahead names no job
                raise ValueError(f"{dataset.dataset}: a dataset is for everyone, ATS users or admins")

    @property
    def command_names(self) -> tuple[str, ...]:
        return tuple(route.name for route in self.commands)

    def command(self, name: str) -> CommandRoute | None:
        return next((route for route in self.commands if route.name == name), None)

    def verb(self, verb: str) -> VerbRoute | None:
        return next((route for route in self.verbs if route.verb == verb), None)

    def search(self, command_id: str) -> SearchRoute | None:
        return next((route for route in self.searches if route.command_id == command_id), None)

    def dataset(self, name: str) -> DatasetRoute | None:
        return next((route for route in self.datasets if route.dataset == name), None)

    # --- the words -----------------------------------------------------------------------------------

    def words(self, locale: str | None) -> dict[str, str]:
        """Every word understood in `locale` -> the command's English name: the English names, then
        the language's words for the commands in the table."""
        names = self.command_names
        understood = {name: name for name in names}
        for word, name in self.aliases(locale).items():
            if name in names:
                understood.setdefault(word, name)
        return understood

    def word(self, locale: str | None, name: str) -> str:
        """The word shown for command `name` in `locale`: the language's first word, else English."""
        return next((word for word, named in self.aliases(locale).items() if named == name), name)

    # --- who and where ---------------------------------------------------------------------------------

    def refusal(
        self, route: Route, requester: Requester, place: Place | None, job_id: str | None
    ) -> str | None:
        """Why `requester` may not use `route` here (a message id), or None when they may."""
        if not may_use(route.who, requester, job_id):
            return route.refusal or WHO_REFUSALS[route.who]
        if not works_in(route.where, place):
            return WHERE_REFUSALS[route.where]
        return None

    def offered(self, requester: Requester | None, place: Place | None) -> tuple[CommandRoute, ...]:
        """The commands to offer `requester` here. No requester: what any member of the
        conversation may use (a channel's welcome card speaks to everyone in it). A job's hiring
        team's commands are offered to anyone who recruits for a job (the job is checked on use)."""
        return tuple(
            route
            for route in self.commands
            if works_in(route.where, place) and _listed_for(route.who, requester)
        )

    def help_audience(
        self, locale: str | None, requester: Requester | None, place: Place | None
    ) -> HelpAudience:
        """What the help (or welcome) card lists for `requester` here."""
        commands = tuple(
            HelpCommand(word=self.word(locale, route.name), summary=route.summary, usage=route.usage)
            for route in self.offered(requester, place)
        )
        # The card's search box presses the find button: shown when that button may be pressed here.
        find = self.verb(Verb.FIND)
        return HelpAudience(
            commands=commands,
            find_box=find is not None and works_in(find.where, place) and _listed_for(find.who, requester),
            display_name=requester.display_name if requester is not None else None,
        )

    # --- what was not understood ------------------------------------------------------------------

    def not_understood(self, text: str, requester: Requester, place: Place | None) -> str:
        """ "I didn't understand “…”.", with the closest command this person may use here when one
        is close, in their language."""
        t = translator(requester.locale)
        first_word = text.split(maxsplit=1)[0] if text.split() else ""
        suggestion = self.closest_command(first_word, requester.locale, self.offered(requester, place))
        if suggestion is None:
            return t.gettext(NOT_UNDERSTOOD).format(text=echo(text))
        return t.gettext(NOT_UNDERSTOOD_DID_YOU_MEAN).format(text=echo(text), command=suggestion)

    def closest_command(self, typed: str, locale: str | None, among: tuple[CommandRoute, ...]) -> str | None:
        """The word (in `locale`) of the command in `among` whose English name or localized word is
        closest to `typed`; None when none is close."""
        names = {route.name for route in among}
        candidates = {word: name for word, name in self.words(locale).items() if name in names}
        typed = typed.casefold().rstrip(":")
        matches = difflib.get_close_matches(typed, list(candidates), n=1, cutoff=SUGGESTION_CUTOFF)
        return self.word(locale, candidates[matches[0]]) if matches else None


def may_use(who: Who, requester: Requester, job_id: str | None) -> bool:
    if who in (Who.EVERYONE, Who.ATS_USER):
        return True
    if who is Who.ADMIN:
        return requester.is_admin
    if who is Who.RECRUITING:
        return requester.is_recruiting
    return job_id is not None and any(
        job == job_id and role in HIRING_ROLES for job, role in requester.job_roles
    )


def _listed_for(who: Who, requester: Requester | None) -> bool:
    if who in (Who.EVERYONE, Who.ATS_USER):
        return True
    if requester is None:
        return False
    return requester.is_admin if who is Who.ADMIN else requester.is_recruiting


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """The user's text to say back: on one line, at most `limit` characters (cut with …)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
