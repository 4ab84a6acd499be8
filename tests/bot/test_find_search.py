"""`find` over HTTP as a recruiter uses it: ranking, short words, "Last, First", partial emails, LinkedIn
profile addresses, scopes that name nothing, overlong queries, a capped total and a busy search."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from typing import Any

from app import BOT
from store.demo_data import DEMO_TENANT_ID
from store.text import fold
from tests.bot.channel import MEGAN
from tests.bot.conftest import BotUnderTest
from tests.cardcheck import assert_valid_card, card_texts

SHOWN = "Showing 10 of 100+. Add more of the name, an email or a job to narrow it down."


def _listed_names(card: dict[str, Any]) -> list[str]:
    """The candidates' names on a list card, top to bottom."""
    return [
        row["items"][0]["columns"][0]["items"][0]["text"]
        for row in card["body"]
        if row.get("type") == "Container"
    ]


async def _find(bot: BotUnderTest, text: str, **kwargs: Any) -> tuple[list[dict[str, Any]], list[str]]:
    bot.channel.clear()
    await bot.say(text, user=MEGAN, **kwargs)
    cards = bot.channel.cards()
    for card in cards:
        assert_valid_card(card)
    return cards, bot.channel.texts()


async def _candidate_card_code(bot: BotUnderTest, text: str) -> str:
    cards, texts = await _find(bot, text)
    assert texts == [] and len(cards) == 1, (texts, cards)
    return next(t for t in card_texts(cards[0]) if t.startswith("C") and t[1:].isdigit())


async def test_find_ann_lists_anna_jensen_before_names_that_only_contain_ann(bot: BotUnderTest) -> None:
    [card], _ = await _find(bot, "find ann")
    names = _listed_names(card)
    assert names[:2] == ["Anna Jensen", "Anna Jensen"]
    assert {"Katrin Hartmann", "Matthias Hoffmann", "Joanna Mazur"} <= set(names[2:])


async def test_short_words_match_the_start_of_a_word_only(bot: BotUnderTest) -> None:
    [card], _ = await _find(bot, "find Li")
    names = _listed_names(card)
    assert {"Li Wu", "Li Chen", "Åsa Lindqvist", "Xin Liu"} <= set(names)
    assert all(any(word.startswith("li") for word in fold(name).split()) for name in names), names
    assert await _candidate_card_code(bot, "find li wu") == "C1060"
    # One letter is a word start too: "Li W" is Li Wu, not every name with a "w" in it.
    assert await _candidate_card_code(bot, "find Li W") == "C1060"


async def test_last_name_first_with_or_without_a_comma(bot: BotUnderTest) -> None:
    assert await _candidate_card_code(bot, "find Wu, Li") == "C1060"
    assert await _candidate_card_code(bot, "find wu li") == "C1060"
    [card], _ = await _find(bot, "find Jensen, Anna")
    assert _listed_names(card) == ["Anna Jensen", "Anna Jensen"]


async def test_the_start_of_an_email_address_finds_its_candidate(bot: BotUnderTest) -> None:
    assert await _candidate_card_code(bot, "find anna.jensen") == "C1001"  # anna.jensen@example.net
    assert await _candidate_card_code(bot, "find ajensen") == "C1002"  # ajensen@example.com
    assert await _candidate_card_code(bot, "find AnnaJ@Example") == "C1002"  # annaj@example.com
    assert await _candidate_card_code(bot, "find annaj@example.com") == "C1002"
    _, texts = await _find(bot, "find annaj@example.co.uk")  # a whole address is matched whole
    assert texts == ['I found no candidate matching "annaj@example.co.uk".']


async def test_a_linkedin_profile_address_finds_the_candidate_linked_to_it(bot: BotUnderTest) -> None:
    for address in (
        "https://www.linkedin.com/in/mbr-5158",
        "https://www.linkedin.com/in/mbr-5158/",
        "https://dk.linkedin.com/in/MBR-5158?trk=public_profile",
        "linkedin.com/in/mbr-5158/#about",
    ):
        assert await _candidate_card_code(bot, f"find {address}") == "C1001", address
    _, texts = await _find(bot, "find https://www.linkedin.com/in/someone-else/")
    assert texts == ['I found no candidate matching "https://www.linkedin.com/in/someone-else/".']


async def test_a_scope_that_names_no_job_or_pool_says_so(bot: BotUnderTest) -> None:
    cards, texts = await _find(bot, "find anna in J-9999")
    assert cards == [] and texts == ["There is no job or talent pool called “J-9999”."]
    _, texts = await _find(bot, "søg anna i J-9999", locale="da-DK")
    assert texts == ["Der findes hverken et job eller en talentpulje, der hedder “J-9999”."]
    # A name with the scope word in it is still a name.
    _add_candidates(bot.database_url, [("Jan", "in 't Veld")])
    assert await _candidate_card_code(bot, "find Jan in 't Veld") == "C5000"


async def test_a_title_several_jobs_share_asks_for_the_job_id(bot: BotUnderTest) -> None:
    cards, texts = await _find(bot, "find anna in Engineer")
    assert cards == []
    assert texts == ["More than one job matches “Engineer”: J-1003, J-1001. Type the job id instead."]


async def test_a_pool_or_a_job_narrows_the_search(bot: BotUnderTest) -> None:
    cards, texts = await _find(bot, "find an in Nordic engineering talent")
    found = [name for card in cards for name in _listed_names(card)] or texts
    assert found and not any("There is no job" in text for text in texts)
    cards, texts = await _find(bot, "find zzyzx in J-1001")
    assert texts == ['I found no candidate matching "zzyzx" in Senior Backend Engineer (Python) (J-1001).']


async def test_an_overlong_query_is_refused_politely_and_not_quoted(bot: BotUnderTest) -> None:
    refusal = (
        "That's too long to search for. Type a name, an email or a candidate id of at most 300 characters."
    )
    long_text = "anna " * 400  # 2,000 characters
    cards, texts = await _find(bot, "find " + long_text)
    assert cards == [] and texts == [refusal]
    bot.channel.clear()
    response = await bot.press("find", {"query": long_text}, user=MEGAN)
    assert response["value"] == refusal and bot.channel.sent() == []
    # Asked for in two steps (`find`, then the name), the answer is the same.
    await _find(bot, "find")
    cards, texts = await _find(bot, long_text)
    assert cards == [] and texts == [refusal]


async def test_a_long_query_is_cut_where_it_is_quoted_back(bot: BotUnderTest) -> None:
    query = "Quixote " * 10  # 80 characters, nobody by that name
    _, [text] = await _find(bot, "find " + query)
    quoted = text.split('"')[1]
    assert quoted.endswith("…") and len(quoted) == 60 and query.strip() not in text
    [card], _ = await _find(bot, "find " + "anna " * 20)  # finds the Annas; the title is cut
    title = card_texts(card)[0]
    assert "…" in title and len(title) < 100
    response = await bot.press("find", {"query": "anna " * 20}, user=MEGAN)
    assert response["value"].endswith('…".') and len(response["value"]) < 100


def _add_candidates(database_url: str, names: list[tuple[str, str]]) -> None:
    """Candidates (first, last) written straight into the database (an import, another replica): the
    triggers index them as they are written. Their ids are C5000, C5001, …"""
    path = database_url.split("///", 1)[1]
    at = datetime(2026, 11, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany(
            "INSERT INTO candidates (id, tenant_id, code, first_name, last_name, search_name, phones,"
            " link_state, do_not_contact, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '[]', 'none',"
            " 0, ?, ?)",
            [
                (
                    f"extra-{number}",
                    DEMO_TENANT_ID,
                    f"C{5000 + number}",
                    first,
                    last,
                    fold(f"{first} {last}"),
                    at,
                    at,
                )
                for number, (first, last) in enumerate(names)
            ],
        )


async def test_the_total_stops_counting_at_a_hundred(bot: BotUnderTest) -> None:
    _add_candidates(bot.database_url, [(f"Test{number}", "Capped") for number in range(150)])
    [card], _ = await _find(bot, "find capped")
    assert SHOWN in card_texts(card)
    assert _listed_names(card)[:2] == ["Test149 Capped", "Test148 Capped"]  # the newest first
    # Test14 and Test140…Test149: eleven, counted exactly; the exact name first, though older.
    [card], _ = await _find(bot, "find test14 capped")
    assert "Showing 10 of 11. Add more of the name, an email or a job to narrow it down." in card_texts(card)
    assert _listed_names(card)[:2] == ["Test14 Capped", "Test149 Capped"]


async def test_a_busy_search_asks_to_try_again(bot: BotUnderTest) -> None:
    assert bot.app is not None
    directory = bot.app[BOT].services.candidates
    directory.wait_seconds = 0.05
    held = 0
    while not directory.searches.locked():  # everyone else is searching
        await directory.searches.acquire()
        held += 1
    try:
        cards, texts = await _find(bot, "find anna")
        assert cards == [] and texts == ["Searching is busy, try again in a moment."]
        _, texts = await _find(bot, "søg anna", locale="da-DK")
        assert texts == ["Der er travlt med søgninger lige nu. Prøv igen om et øjeblik."]
    finally:
        for _ in range(held):
            directory.searches.release()
    cards, texts = await _find(bot, "find anna")
    assert len(cards) == 1 and texts == []


async def test_control_characters_in_a_query_are_ignored(bot: BotUnderTest) -> None:
    cards, texts = await _find(bot, "find Li\u0000 Wu")
    assert texts == [] and len(cards) == 1 and "C1060" in card_texts(cards[0])
    cards, texts = await _find(bot, "find \u0000\u0007")
    assert cards == [] and texts and "something went wrong" not in texts[0]
