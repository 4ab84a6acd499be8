"""The typed commands the bot has: the names in its route table (bot/routes.py). The tests hold the
Teams app's menus, the help card and each language's command words to them (`disagreements`); the
card and catalog checks let these English words stand untranslated (the bot understands them in
every language)."""

from __future__ import annotations

from typing import Any

from bot.commands import parse_command
from bot.routes import ROUTES
from bot.routing import Place, RouteTable, Who
from cards.help import help_card
from i18n.catalogs import TRANSLATED_LOCALES
from manifest.package import render_localization, render_manifest
from services.identity import Requester

COMMAND_NAMES = ROUTES.command_names
JOB = "job-1"


def person(*, admin: bool = False, roles: tuple[tuple[str, str], ...] = ()) -> Requester:
    return Requester(
        tenant_id="tenant",
        user_id="user",
        display_name="0001",
        is_admin=admin,
        locale="en-US",
        linkedin_member_id=None,
        job_roles=frozenset(roles),
    )


# Everyone the help card can speak to: an admin who recruits, a recruiter, an interviewer, a user
# without a role.
AUDIENCES = {
    "admin": person(admin=True, roles=((JOB, "recruiter"),)),
    "recruiter": person(roles=((JOB, "recruiter"),)),
    "interviewer": person(roles=((JOB, "interviewer"),)),
    "user": person(),
}


def menus(routes: RouteTable, language: str | None = None) -> dict[str, list[str]]:
    """The command titles of the packaged Teams app, per scope, in English or `language`."""
    manifest = render_manifest(routes=routes)
    lists = manifest["bots"][0]["commandLists"]
    if language is None:
        return {scope: [c["title"] for c in cl["commands"]] for cl in lists for scope in cl["scopes"]}
    strings = render_localization(f"{language}.json", routes)
    return {
        scope: [strings[f"bots[0].commandLists[{i}].commands[{j}].title"] for j in range(len(cl["commands"]))]
        for i, cl in enumerate(lists)
        for scope in cl["scopes"]
    }


def help_titles(card: dict[str, Any]) -> list[str]:
    return [fact["title"] for block in card["body"] if block["type"] == "FactSet" for fact in block["facts"]]


def disagreements(routes: RouteTable) -> list[str]:
    """Where the Teams app's menus, the help card and the command words do not say what the table
    says; empty when they agree."""
    problems: list[str] = []
    names = routes.command_names

    # Each language has a word for each command of the table and for no other command; a word
    # means one command (a localized word is never another command's English name).
    for language in TRANSLATED_LOCALES:
        aliases = routes.aliases(language)
        named = set(aliases.values())
        if missing := [name for name in names if name not in named]:
            problems.append(f"{language}: no command word for {missing}")
        if extra := sorted(named - set(names)):
            problems.append(f"{language}: command words for commands the bot does not have: {extra}")
        problems += [
            f"{language}: {word!r} is the command {word}, not {name}"
            for word, name in aliases.items()
            if word in names and word != name
        ]

    # Each scope's menu offers the table's commands that work there, in the table's order; each
    # language's title is a word the bot reads as that command.
    english = menus(routes)
    for place in Place:
        expected = [route.name for route in routes.commands if place in route.where]
        if english.get(place.teams_scope, []) != expected:
            problems.append(f"menu of {place.teams_scope}: {english.get(place.teams_scope)} != {expected}")
    for language in TRANSLATED_LOCALES:
        for scope, titles in menus(routes, language).items():
            for title, name in zip(titles, english[scope], strict=True):
                if parse_command(title, routes.words(language)).name != name:
                    problems.append(f"{language} menu of {scope}: {title!r} is not understood as {name}")

    # The help card lists what this person may use here, and nothing else.
    for audience, requester in AUDIENCES.items():
        for place in Place:
            usable = [
                route
                for route in routes.commands
                if routes.refusal(route, requester, place, JOB if route.who is Who.HIRING_TEAM else None)
                is None
            ]
            expected = [route.usage or route.name for route in usable]
            listed = help_titles(help_card("en-US", routes.help_audience("en-US", requester, place)))
            if listed != expected:
                problems.append(f"help card of {audience} in {place.value}: {listed} != {expected}")
    return problems
