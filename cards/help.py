"""The help card (what this user can do) and the welcome card sent on install."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microsoft_teams.cards import ActionSet, ExecuteAction, Fact, FactSet, TextInput

from cards.base import Verb, card, heading, paragraph
from i18n import translator


@dataclass(frozen=True)
class HelpCommand:
    """A command the card lists: the word to type in the user's language, and what it does."""

    word: str  # "søg"
    summary: str  # message id, translated on the card
    usage: str | None = None  # message id: how to type it ("find <name, email or candidate id>")


@dataclass(frozen=True)
class HelpAudience:
    """What the person may do where they are: the commands listed, and whether the card has the
    search box (the find button)."""

    commands: tuple[HelpCommand, ...]
    find_box: bool = False
    display_name: str | None = None


def _command_facts(locale: str, audience: HelpAudience) -> list[Any]:
    t = translator(locale)
    facts = [
        Fact(
            title=t.gettext(command.usage) if command.usage else command.word,
            value=t.gettext(command.summary),
        )
        for command in audience.commands
    ]
    return [FactSet(facts=facts)] if facts else []


def _find_box(locale: str) -> list[Any]:
    _ = translator(locale).gettext
    return [
        TextInput(id="query", placeholder=_("Name, email or candidate id"), label=_("Find a candidate")),
        ActionSet(actions=[ExecuteAction(title=_("Find"), verb=Verb.FIND, data={"verb": Verb.FIND})]),
    ]


def help_card(locale: str, audience: HelpAudience) -> dict[str, Any]:
    _ = translator(locale).gettext
    body: list[Any] = [
        heading(_("Talent Bridge")),
        paragraph(_("Here is what you can ask me. In a channel, @mention me first.")),
        *_command_facts(locale, audience),
    ]
    if audience.find_box:
        body.extend(_find_box(locale))
    return card(body)


def welcome_card(locale: str, audience: HelpAudience) -> dict[str, Any]:
    _ = translator(locale).gettext
    greeting = (
        _("Welcome, {name}!").format(name=audience.display_name) if audience.display_name else _("Welcome!")
    )
    body: list[Any] = [
        heading(greeting),
        paragraph(
            _(
                "I'm Talent Bridge, your applicant tracking system in Teams: look candidates up, "
                "see where they are in your hiring process and work with LinkedIn Recruiter."
            )
        ),
        # Posted in a channel too, where the bot hears only messages that @mention it.
        paragraph(_("Here is what you can ask me. In a channel, @mention me first.")),
        *_command_facts(locale, audience),
    ]
    if audience.find_box:
        body.extend(_find_box(locale))
    return card(body)
