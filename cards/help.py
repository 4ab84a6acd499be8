"""The help card (what this user can do) and the welcome card sent on install."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microsoft_teams.cards import ActionSet, ExecuteAction, Fact, FactSet, TextInput

from cards.base import Verb, card, heading, paragraph
from i18n import command_word, translator


@dataclass(frozen=True)
class HelpAudience:
    """What the person may do, which decides the commands listed."""

    is_ats_user: bool
    is_admin: bool = False
    display_name: str | None = None


def _command_facts(locale: str, audience: HelpAudience) -> FactSet:
    _ = translator(locale).gettext
    facts = [Fact(title=command_word(locale, "help"), value=_("Show what I can do for you."))]
    if audience.is_ats_user:
        facts.append(
            Fact(
                title=_("find <name, email or candidate id>"),
                # No angle brackets in values: Teams renders them as (and drops them like) HTML tags.
                value=_('Look a candidate up. To search one job, add "in" and the job title or job id.'),
            )
        )
        facts.append(
            Fact(title=command_word(locale, "settings"), value=_("Connect your own LinkedIn account."))
        )
    if audience.is_admin:
        facts.append(
            Fact(
                title=command_word(locale, "setup"),
                value=_("Set up the LinkedIn Recruiter integration (admins)."),
            )
        )
    return FactSet(facts=facts)


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
        _command_facts(locale, audience),
    ]
    if audience.is_ats_user:
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
        _command_facts(locale, audience),
    ]
    if audience.is_ats_user:
        body.extend(_find_box(locale))
    return card(body)
