"""The route table is the one list of what the bot does: the Teams app's menus, the help card and the
command words of every language follow it, and a command added to it is offered everywhere at once."""

from __future__ import annotations

from typing import Any

import pytest

from bot.commands import parse_command
from bot.routes import COMMANDS, DATASETS, ROUTES, VERBS
from bot.routing import (
    ANYWHERE,
    CommandRoute,
    CommandTurn,
    DatasetRoute,
    Place,
    RouteTable,
    VerbRoute,
    Who,
    echo,
)
from cards.help import help_card
from cards.setup import setup_verb
from domain.linkedin import SetupAction
from i18n import NC_, command_aliases
from i18n.catalogs import TRANSLATED_LOCALES
from tests.commands import AUDIENCES, disagreements, help_titles, menus
from tests.i18n.cardgen import all_cases, render


def test_the_table_the_menus_the_help_card_and_the_command_words_agree() -> None:
    assert disagreements(ROUTES) == []


def test_the_commands_the_bot_has_today() -> None:
    assert ROUTES.command_names == ("help", "find", "export", "settings", "setup")
    assert ROUTES.command("setup") is not None and ROUTES.command("setup").where == {  # type: ignore[union-attr]
        Place.CHANNEL,
        Place.PERSONAL,
    }


def test_commands_not_built_yet_are_nowhere() -> None:
    """status, history, pool and sync are the product's, not yet the bot's: no entry, no menu, no
    word, no suggestion."""
    for name in ("status", "history", "pool", "sync"):
        assert ROUTES.command(name) is None
        for language in TRANSLATED_LOCALES:
            assert name not in command_aliases(language).values()
            assert parse_command(f"{name} anna", ROUTES.words(language)).name == ""
        assert all(name not in titles for titles in menus(ROUTES).values())


async def _status(turn: CommandTurn) -> None:
    """A handler for the extra command (never run here: the table is only read)."""


STATUS = CommandRoute(
    "status",
    _status,
    Who.ATS_USER,
    frozenset({Place.PERSONAL, Place.GROUP_CHAT}),
    usage="status <candidate>",
    summary="See where a candidate is in your hiring process.",
    menu=NC_("Teams app command menu", "status <candidate>: where the candidate is in your hiring process"),
)
STATUS_WORDS = {"da": ("status",), "nb": ("status",), "nl": ("status",), "sv": ("status",)}


def _aliases_with_status(locale: str | None) -> dict[str, str]:
    words = dict(command_aliases(locale))
    language = (locale or "en").split("-")[0]
    words.update({word: "status" for word in STATUS_WORDS.get(language, ())})
    return words


def test_a_command_added_to_the_table_is_offered_everywhere_it_works() -> None:
    """Adding a command: its entry (and handler, card and strings). The help card and the Teams
    app's menus follow at once; its words in each language are the one thing more, and the check
    says so until they are there."""
    without_words = RouteTable((*COMMANDS, STATUS), VERBS)
    assert disagreements(without_words) == [
        f"{language}: no command word for ['status']" for language in TRANSLATED_LOCALES
    ]

    extended = RouteTable((*COMMANDS, STATUS), VERBS, aliases=_aliases_with_status)
    assert disagreements(extended) == []
    # The menus: in the 1:1 chat and group chats, where it works; not in channels.
    english = menus(extended)
    assert english["personal"][-1] == "status" and english["groupChat"][-1] == "status"
    assert "status" not in english["team"]
    assert menus(extended, "da")["personal"] == [
        "hjælp",
        "søg",
        "eksporter",
        "indstillinger",
        "opsætning",
        "status",
    ]
    # The help card, for anyone who may use it here.
    recruiter = AUDIENCES["recruiter"]
    card = help_card("en-US", extended.help_audience("en-US", recruiter, Place.PERSONAL))
    assert help_titles(card)[-1] == "status <candidate>"
    in_channel = help_card("en-US", extended.help_audience("en-US", recruiter, Place.CHANNEL))
    assert "status <candidate>" not in help_titles(in_channel)
    # The words: understood in English and in each language, and suggested for a typo.
    assert parse_command("status C1001", extended.words("da-DK")).name == "status"
    assert parse_command("status C1001", ROUTES.words("da-DK")).name == ""
    assert (
        extended.closest_command("statsu", "sv-SE", extended.offered(recruiter, Place.PERSONAL)) == "status"
    )


def test_a_word_for_a_command_the_table_does_not_have_is_a_disagreement() -> None:
    def aliases(locale: str | None) -> dict[str, str]:
        return {**command_aliases(locale), "historik": "history"}

    problems = disagreements(RouteTable(COMMANDS, VERBS, aliases=aliases))
    assert problems == [
        f"{language}: command words for commands the bot does not have: ['history']"
        for language in TRANSLATED_LOCALES
    ]


def test_a_command_missing_a_word_in_one_language_is_a_disagreement() -> None:
    def aliases(locale: str | None) -> dict[str, str]:
        words = command_aliases(locale)
        return {w: n for w, n in words.items() if not (n == "setup" and locale == "nb")}

    assert disagreements(RouteTable(COMMANDS, VERBS, aliases=aliases)) == [
        "nb: no command word for ['setup']"
    ]


def test_a_localized_word_that_is_another_commands_name_is_a_disagreement() -> None:
    def aliases(locale: str | None) -> dict[str, str]:
        return {**command_aliases(locale), "help": "find"} if locale == "sv" else command_aliases(locale)

    assert disagreements(RouteTable(COMMANDS, VERBS, aliases=aliases)) == [
        "sv: 'help' is the command help, not find"
    ]


def _verbs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["verb"]} if node.get("type") == "Action.Execute" and "verb" in node else set()
        return found.union(*(_verbs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_verbs(item) for item in node))
    return set()


def test_every_typeahead_a_card_can_show_has_a_route() -> None:
    def datasets(node: Any) -> set[str]:
        if isinstance(node, dict):
            query = node.get("choices.data")
            found = {query["dataset"]} if isinstance(query, dict) else set()
            return found.union(*(datasets(value) for value in node.values()))
        if isinstance(node, list):
            return set().union(*(datasets(item) for item in node))
        return set()

    shown = set().union(*(datasets(render(case, "en-US")) for case in all_cases()))
    routed = {route.dataset for route in ROUTES.datasets}
    assert shown and shown == routed


def test_every_button_a_card_can_show_has_a_route() -> None:
    shown = set().union(*(_verbs(render(case, "en-US")) for case in all_cases()))
    routed = {route.verb for route in ROUTES.verbs}
    assert shown and not shown - routed, f"buttons without a route: {sorted(shown - routed)}"
    assert {setup_verb(action) for action in SetupAction} <= routed


def test_the_setup_cards_buttons_are_for_admins_in_a_channel_or_the_1to1_chat() -> None:
    for action in SetupAction:
        route = ROUTES.verb(setup_verb(action))
        assert route is not None and route.who is Who.ADMIN
        assert route.where == {Place.CHANNEL, Place.PERSONAL}


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(lambda: RouteTable((*COMMANDS, COMMANDS[0]), VERBS), id="a command twice"),
        pytest.param(lambda: RouteTable(COMMANDS, (*VERBS, VERBS[0])), id="a verb twice"),
        pytest.param(
            lambda: RouteTable(
                (CommandRoute("Find it", _status, Who.EVERYONE, ANYWHERE, "", NC_("", "")),), ()
            ),
            id="a command name of two words",
        ),
        pytest.param(
            lambda: RouteTable(
                (CommandRoute("lost", _status, Who.EVERYONE, frozenset(), "", NC_("", "")),), ()
            ),
            id="a command usable nowhere",
        ),
        pytest.param(
            lambda: RouteTable(
                (CommandRoute("shortlist", _status, Who.HIRING_TEAM, ANYWHERE, "", NC_("", "")),), ()
            ),
            id="a hiring team's command that names no job",
        ),
        pytest.param(
            lambda: RouteTable(COMMANDS, VERBS, datasets=(*DATASETS, DATASETS[0])), id="a dataset twice"
        ),
        pytest.param(
            lambda: RouteTable(
                COMMANDS,
                VERBS,
                datasets=(DatasetRoute("jobs", DATASETS[0].handler, Who.HIRING_TEAM, ANYWHERE),),
            ),
            id="a typeahead for a job's hiring team (it names no job)",
        ),
        pytest.param(
            lambda: RouteTable(
                COMMANDS,
                VERBS,
                datasets=(DatasetRoute("jobs", DATASETS[0].handler, Who.ATS_USER, frozenset()),),
            ),
            id="a typeahead usable nowhere",
        ),
    ],
)
def test_a_table_that_cannot_work_is_refused_at_once(table: Any) -> None:
    with pytest.raises(ValueError):
        table()


def test_a_verb_route_reads_the_job_from_the_card_data_only_when_it_is_text() -> None:
    route = VerbRoute("job.touch", VERBS[0].handler, Who.HIRING_TEAM, ANYWHERE)
    assert route.job_of({"jobId": " job-1 "}) == "job-1"
    assert route.job_of({"jobId": 7}) is None
    assert route.job_of({"jobId": ""}) is None
    assert route.job_of({}) is None


def test_what_was_typed_is_said_back_short_and_on_one_line() -> None:
    assert echo("fnd  anna\n") == "fnd anna"
    long = echo("x" * 2000)
    assert len(long) == 60 and long.endswith("…")
    assert echo("a" * 60) == "a" * 60
