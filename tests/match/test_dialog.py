"""The typed path: `find`, the candidate, "Which of LinkedIn's possible matches…?" (a number) and
"Is this the right LinkedIn profile…?" (yes or no). It ends in the same service call as the card's
buttons, so it leaves the ATS, LinkedIn and the audit log exactly as the buttons do; the candidate
card shown before is updated in place."""

from __future__ import annotations

import re
from typing import Any

from tests.bot.channel import ALEX, MEGAN, TeamsUser
from tests.cardcheck import assert_valid_card
from tests.match.conftest import OpenApp, linkedin_holds
from tests.match.helpers import (
    LINK,
    PICK,
    candidate_id,
    card_for,
    data_of,
    link_audit,
    press,
    stored_link,
    texts,
)
from tests.setup.conftest import App

GROUP: dict[str, Any] = {"conversation_type": "groupChat", "conversation_id": "19:hiring-team@thread.v2"}


async def say(app: App, text: str, user: TeamsUser = MEGAN, **conversation: Any) -> list[dict[str, Any]]:
    """Type `text`; what the bot sent back."""
    before = len(app.channel.sent())
    await app.say(text, user=user, **conversation)
    return app.channel.sent()[before:]


def number_of(question: str, headline: str) -> str:
    """The number the question lists the possible match with this headline under."""
    found = re.search(r"(\d+)\. Anna Jensen, " + re.escape(headline), question)
    assert found, question
    return found.group(1)


async def what_links_c1002(app: App) -> tuple[Any, ...]:
    cid = await candidate_id(app, "C1002")
    audit = [
        (who, action, {k: v for k, v in params.items()}) for who, action, params in await link_audit(app)
    ]
    return await stored_link(app, "C1002"), await linkedin_holds(app, cid), audit


async def test_typed_yes_links_as_the_buttons_do_and_updates_the_card_in_place(enabled_app: OpenApp) -> None:
    async with enabled_app() as typed:
        [question] = await say(typed, "find")
        assert "Who are you looking for" in question["text"]
        card, which = await say(typed, "C1002")
        assert_valid_card(card["attachments"][0]["content"])
        assert "Which of LinkedIn's possible matches is Anna Jensen? Type its number" in which["text"]
        [confirm] = await say(typed, number_of(which["text"], "Student at Aarhus University"))
        assert confirm["text"] == (
            "Is this the right LinkedIn profile for Anna Jensen? "
            "Anna Jensen, Student at Aarhus University, Remote. Type yes or no."
        )
        assert await stored_link(typed, "C1002") == ("none", None, None)  # nothing yet
        [done] = await say(typed, "yes")
        assert done["text"] == "Linked C1002 to the LinkedIn profile of Anna Jensen."
        # The card shown before now shows the link (updated in place: Teams' message id).
        [(path, body)] = typed.channel.updates()
        assert path.endswith("/activities/activity-" + path.rsplit("-", 1)[1])
        updated = body["attachments"][0]["content"]
        assert_valid_card(updated)
        assert "Linked C1002 to the LinkedIn profile of Anna Jensen." in texts(updated)
        assert "Not the right person" in texts(updated) and "Student at Aarhus University" in texts(updated)
        by_typing = await what_links_c1002(typed)

    async with enabled_app() as pressed:
        card = await card_for(pressed, "C1002")
        confirmed = await press(pressed, PICK, data_of(card, PICK, "mbr-10008"))
        await press(pressed, LINK, data_of(confirmed, LINK))
        by_buttons = await what_links_c1002(pressed)

    assert by_typing == by_buttons
    assert by_typing[0] == ("manual", "mbr-10008", "https://www.linkedin.com/in/mbr-10008")


async def test_typed_no_offers_the_others_and_none_of_these_leaves_it_unlinked(app: App) -> None:
    await say(app, "find")
    _card, which = await say(app, "anna jensen")  # two candidates: which one?
    assert "Which one? Type their candidate id" in which["text"]
    _card, which = await say(app, "C1002")
    [confirm] = await say(app, number_of(which["text"], "Logistics Coordinator"))
    [again] = await say(app, "no")
    assert "Which of LinkedIn's possible matches is Anna Jensen?" in again["text"]
    [left] = await say(app, "5")  # None of these
    assert (
        left["text"] == "I left Anna Jensen unlinked. The candidate card lists LinkedIn's possible matches."
    )
    assert confirm["text"].startswith("Is this the right LinkedIn profile for Anna Jensen?")
    assert await stored_link(app, "C1002") == ("none", None, None)
    assert await link_audit(app) == []
    # The chat is free again: an answer now is just a message.
    [not_an_answer] = await say(app, "3")
    assert not_an_answer["text"].startswith("I didn't understand")


async def test_in_a_group_chat_only_the_asker_answers_and_a_question_is_dropped_after_three_answers_not_taken(
    app: App,
) -> None:
    await say(app, "find", **GROUP)
    _card, which = await say(app, "C1002", **GROUP)
    number = number_of(which["text"], "Software Engineer")
    [retry] = await say(app, number, user=ALEX, **GROUP)  # Alex's answer is not taken
    assert "Which of LinkedIn's possible matches" in retry["text"]
    [confirm] = await say(app, number, **GROUP)
    assert "Software Engineer" in confirm["text"]
    await say(app, "yes", user=ALEX, **GROUP)
    assert await stored_link(app, "C1002") == ("none", None, None)
    await say(app, "perhaps", **GROUP)
    [dropped] = await say(app, "maybe", **GROUP)  # Alex's, "perhaps", "maybe": dropped
    assert "I left Anna Jensen unlinked." in dropped["text"]
    assert await stored_link(app, "C1002") == ("none", None, None)


async def test_a_typed_yes_after_a_colleague_linked_meanwhile_changes_nothing(app: App) -> None:
    await say(app, "find")
    _card, which = await say(app, "C1002")
    [_confirm] = await say(app, number_of(which["text"], "Software Engineer"))
    alexs = await card_for(app, "C1002", user=ALEX, conversation_id="a:personal-alex")
    await press(
        app,
        LINK,
        data_of(await press(app, PICK, data_of(alexs, PICK, "mbr-10009"), user=ALEX), LINK),
        user=ALEX,
    )
    [done] = await say(app, "yes")
    assert done["text"] == (
        "Alex Wilber linked this candidate to a LinkedIn profile in the meantime, so nothing was changed."
    )
    assert await stored_link(app, "C1002") == ("manual", "mbr-10009", "https://www.linkedin.com/in/mbr-10009")
    assert len(await link_audit(app)) == 1
