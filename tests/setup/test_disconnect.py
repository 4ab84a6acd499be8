"""Disconnect turns the whole organization's LinkedIn integration off, so the admin confirms it on
the card first: the first press only asks (and changes nothing), Cancel changes nothing, and the
confirm button is checked on the server like every setup button (admin, tenant, card version)."""

from __future__ import annotations

import json
from typing import Any

from tests.bot.channel import ALEX, MEGAN, OTHER_TENANT
from tests.cardcheck import assert_valid_card
from tests.setup.cards import actions, button, state_of, text_of, verbs
from tests.setup.conftest import App
from tests.setup.signin import link_sent_to, sign_in, type_code
from tests.setup.test_walk import in_channel, latest_setup_card

ASKED = "Turn LinkedIn off for everyone in Contoso?"
CONFIRM = "setup.disconnect.confirm"
CANCEL = "setup.disconnect.cancel"
OUT_OF_DATE = "That card was out of date, so nothing was changed. Here is the current setup."


async def connected(app: App) -> dict[str, Any]:
    """`setup` in the channel, Alex connects: the setup card at Connected."""
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()
    await app.press("setup.connect", button(card, "setup.connect"), user=ALEX, **in_channel())
    page = await sign_in(app, await link_sent_to(app, ALEX), "Alex Wilber")
    await type_code(app, ALEX, page.code)
    return await latest_setup_card(app, "Connected")


async def snapshot(app: App) -> tuple[dict[str, Any], list[tuple[Any, ...]], int]:
    """What a press that changes nothing leaves as it was: the integration, the audit, the card."""
    audit = await app.sql("SELECT action FROM audit_entries ORDER BY created_at")
    return await app.integration(), audit, len(app.channel.updates())


async def ask(app: App, card: dict[str, Any], **turn: Any) -> dict[str, Any]:
    """Press Disconnect on `card`; the card that answers it."""
    pressed = await app.press("setup.disconnect", button(card, "setup.disconnect"), **turn)
    return dict(pressed["value"])


async def test_the_first_press_asks_to_confirm_and_changes_nothing(app: App) -> None:
    card = await connected(app)
    before = await snapshot(app)

    asking = await ask(app, card, user=ALEX, **in_channel())

    assert_valid_card(asking)
    text = text_of(asking)
    assert ASKED in text
    assert "the LinkedIn features stop working for every user until an admin connects it again" in text
    confirm = next(a for a in actions(asking) if a.get("verb") == CONFIRM)
    assert confirm["title"] == "Yes, disconnect LinkedIn for Contoso"
    assert confirm["style"] == "destructive"
    assert CANCEL in verbs(asking) and "setup.disconnect" not in verbs(asking)
    assert state_of(asking) == "Connected"
    # Only the admin who pressed sees the question (the invoke's answer): the channel's card stays.
    assert await snapshot(app) == before


async def test_cancel_changes_nothing_and_shows_the_card_as_it_was(app: App) -> None:
    card = await connected(app)
    asking = await ask(app, card, user=ALEX, **in_channel())
    before = await snapshot(app)

    cancelled = await app.press(CANCEL, button(asking, CANCEL), user=ALEX, **in_channel())

    assert await snapshot(app) == before
    assert state_of(cancelled["value"]) == "Connected"
    assert ASKED not in text_of(cancelled["value"])
    assert "setup.disconnect" in verbs(cancelled["value"])
    assert OUT_OF_DATE not in text_of(cancelled["value"])


async def test_confirm_disconnects_the_organization_and_updates_the_card_in_place(app: App) -> None:
    card = await connected(app)
    asking = await ask(app, card, user=ALEX, **in_channel())

    done = await app.press(CONFIRM, button(asking, CONFIRM), user=ALEX, **in_channel())

    assert state_of(done["value"]) == "Not connected"
    assert "Alex Wilber: Disconnected the LinkedIn integration" in text_of(done["value"])
    assert (await app.integration())["state"] == "not_connected"
    assert state_of(await latest_setup_card(app, "Not connected")) == "Not connected"

    # A second click on the same confirm button: that card is out of date now, nothing happens twice.
    again = await app.press(CONFIRM, button(asking, CONFIRM), user=ALEX, **in_channel())
    assert OUT_OF_DATE in text_of(again["value"])
    assert await app.sql("SELECT count(*) FROM audit_entries WHERE action LIKE 'Disconnected%'") == [(1,)]


async def test_a_confirm_from_an_out_of_date_card_is_refused_with_the_current_card(app: App) -> None:
    card = await connected(app)
    asking = await ask(app, card, user=ALEX, **in_channel())
    # Meanwhile the card moved on (Alex turns preview features on from the channel's card).
    await app.press("setup.preview.on", button(card, "setup.preview.on"), user=ALEX, **in_channel())
    before = await snapshot(app)

    stale = await app.press(CONFIRM, button(asking, CONFIRM), user=ALEX, **in_channel())

    assert OUT_OF_DATE in text_of(stale["value"])
    assert state_of(stale["value"]) == "Connected"
    assert "setup.disconnect" in verbs(stale["value"])  # the current card, asking nothing
    assert await snapshot(app) == before


async def test_a_non_admins_confirm_is_refused_and_changes_nothing(app: App) -> None:
    card = await connected(app)
    asking = await ask(app, card, user=ALEX, **in_channel())
    before = await snapshot(app)

    # Megan (a recruiter, not an admin) presses Disconnect, or the confirm of Alex's question.
    first = await app.press("setup.disconnect", button(card, "setup.disconnect"), user=MEGAN, **in_channel())
    assert first["value"] == "Only ATS admins can change the LinkedIn setup."
    megan = await app.press(CONFIRM, button(asking, CONFIRM), user=MEGAN, **in_channel())
    assert megan["value"] == "Only ATS admins can change the LinkedIn setup."
    assert await snapshot(app) == before


async def test_a_confirm_naming_another_organization_is_refused(app: App) -> None:
    card = await connected(app)
    asking = await ask(app, card, user=ALEX, **in_channel())
    before = await snapshot(app)

    forged = {**button(asking, CONFIRM), "tenantId": OTHER_TENANT}
    refused = await app.press(CONFIRM, forged, user=ALEX, **in_channel())

    assert "belongs to another organization" in text_of(refused["value"])
    assert await snapshot(app) == before


async def test_disconnect_when_there_is_nothing_to_disconnect_asks_nothing(app: App) -> None:
    await app.say("setup", user=ALEX, **in_channel())
    [card] = app.channel.cards()
    stamp = {**button(card, "setup.connect"), "verb": "setup.disconnect"}
    refused = await app.press("setup.disconnect", stamp, user=ALEX, **in_channel())
    assert "can't be done in the current state" in text_of(refused["value"])
    assert ASKED not in text_of(refused["value"])
    confirmed = await app.press(CONFIRM, {**stamp, "verb": CONFIRM}, user=ALEX, **in_channel())
    assert "can't be done in the current state" in text_of(confirmed["value"])
    assert await app.sql("SELECT count(*) FROM audit_entries") == [(0,)]


async def test_the_question_speaks_the_admins_language(app: App) -> None:
    card = await connected(app)
    asking = await ask(app, card, user=ALEX, locale="da-DK", **in_channel())
    assert_valid_card(asking)
    text = json.dumps(asking, ensure_ascii=False)
    assert "Vil du slå LinkedIn fra for alle i Contoso?" in text
    assert "Ja, afbryd forbindelsen til LinkedIn for Contoso" in text
    assert ASKED not in text
