"""The SDK side of admin setup and user settings: the `setup` and `settings` commands, their card
verbs, the LinkedIn sign-in link and its typed one-time code, and the in-place update of the setup
card (also when a change comes from LinkedIn) and of a user's settings card. What is sent outside
the turn being handled (the link to a 1:1 chat, the cards updated in place) goes through the
notifier (services/notifier.py).

A sign-in link is a credential: it goes only to the person who asked, in their 1:1 chat with the bot
(or, when that chat can't be reached, as the card that answers their button press, which Teams shows
to them only); never to a channel or group chat.

Only translation happens here: every decision is the services' (services/linkedin_setup.py,
services/linkedin_signin.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from botbuilder.core import TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.activity import installed_conversation
from bot.notifier import teams_account_of
from bot.replies import card_activity, send_text
from bot.routing import CommandTurn, VerbHandler, VerbTurn
from cards.base import CARD_CONTENT_TYPE
from cards.settings import settings_card
from cards.setup import setup_card, signin_card
from domain.linkedin import SetupAction
from i18n import N_, translator
from services.conversations import ConversationDirectory
from services.errors import UserFacingError
from services.identity import Requester
from services.linkedin_accounts import LinkedInAccounts
from services.linkedin_setup import LinkedInSetup
from services.linkedin_signin import LinkedInSignIn
from services.notifier import Notice, NoticeKind, Notifier
from services.settings_cards import SettingsCardLocation, SettingsCards
from services.setup_refusals import NotAnAdmin, SetupRefused
from services.setup_view import CardStamp
from services.signin_codes import typed_code
from services.signin_states import SignInStates

MESSAGE_CONTENT_TYPE = "application/vnd.microsoft.activity.message"
SIGNIN_SENT = N_("I sent you a sign-in link in our 1:1 chat.")
OTHER_TENANT = N_("That card belongs to another organization.")
CONNECTED_ADMIN = N_("You're connected to LinkedIn as {member}. The setup card shows the next step.")
CONNECTED_USER = N_("Your LinkedIn account {member} is connected to Talent Bridge.")


@dataclass(frozen=True)
class SetupPress:
    """A setup card button pressed: by whom, the card's stamp (tenant and version) and its data."""

    turn_context: TurnContext
    requester: Requester
    stamp: CardStamp
    data: dict[str, Any]


# A setup card button's handler, a method of SetupCommands: None means "answer with the up-to-date card".
SetupButton = Callable[["SetupCommands", SetupPress], Awaitable[AdaptiveCardInvokeResponse | None]]
Turn = TypeVar("Turn", CommandTurn, VerbTurn)
Answer = TypeVar("Answer")


def with_setup(
    method: Callable[[SetupCommands, Turn], Awaitable[Answer]],
) -> Callable[[Turn], Awaitable[Answer]]:
    """A route's handler that is a method of SetupCommands (the bot's one instance runs it)."""

    async def handler(turn: Turn) -> Answer:
        return await method(turn.services.setup, turn)

    return handler


def setup_button(button: SetupButton) -> VerbHandler:
    """A route's handler for a setup card button: `button` runs inside the card's checks."""

    async def handler(turn: VerbTurn) -> AdaptiveCardInvokeResponse:
        return await turn.services.setup.press_setup_button(turn, button)

    return handler


class SetupCommands:
    """`setup` (admins), `settings` (ATS users) and their buttons."""

    def __init__(
        self,
        setup: LinkedInSetup,
        accounts: LinkedInAccounts,
        states: SignInStates,
        signin: LinkedInSignIn,
        conversations: ConversationDirectory,
        notifier: Notifier,
        settings_cards: SettingsCards,
    ) -> None:
        self.setup = setup
        self.accounts = accounts
        self.states = states
        self.signin = signin
        self.conversations = conversations
        self.notifier = notifier
        self.settings_cards = settings_cards
        setup.subscribe(self.update_setup_card)

    # --- typed commands (bot/routes.py routes them here) -----------------------------------------

    async def _post_settings_card(
        self, turn_context: TurnContext, requester: Requester, notice: str | None = None
    ) -> None:
        """The user's settings card, kept (with its conversation) so that a change of their LinkedIn
        connection updates it in place."""
        account = await self.accounts.account_of(requester.tenant_id, requester.user_id)
        locale = requester.locale or "en"
        card = settings_card(locale, requester.tenant_id, account, notice=notice, timezone=requester.timezone)
        activity = turn_context.activity
        await self.conversations.remember(
            installed_conversation(activity, requester.tenant_id, requester.user_id)
        )
        response = await turn_context.send_activity(card_activity(card))
        if response is not None and response.id:
            location = SettingsCardLocation(activity.conversation.id, response.id, locale, requester.timezone)
            await self.settings_cards.remember(requester.tenant_id, requester.user_id, location)

    async def show_setup(self, turn: CommandTurn) -> None:
        """`setup`: the setup card, posted where it was asked for and kept up to date there."""
        requester, turn_context = turn.requester, turn.context
        locale = requester.locale or "en"
        if not requester.is_admin:  # the route lets admins only; checked again where it matters
            await send_text(turn_context, NotAnAdmin().localized(translator(locale)))
            return
        activity = turn_context.activity
        # The card is updated later from outside this turn: keep the way back to this conversation.
        await self.conversations.remember(
            installed_conversation(activity, requester.tenant_id, requester.user_id)
        )
        view = await self.setup.view(requester.tenant_id)
        response = await turn.context.send_activity(card_activity(setup_card(locale, view)))
        if response is not None and response.id:
            await self.setup.remember_card(requester.tenant_id, activity.conversation.id, response.id, locale)

    async def show_settings(self, turn: CommandTurn) -> None:
        """`settings`: the user's own LinkedIn connection, on a card kept up to date in place."""
        await self._post_settings_card(turn.context, turn.requester)

    # --- the setup card's buttons (bot/routes.py routes each verb to one of these) ----------------

    async def press_setup_button(self, turn: VerbTurn, button: SetupButton) -> AdaptiveCardInvokeResponse:
        """Run `button` with the card's stamp (its tenant and version, which the service checks
        against the current setup); answer with the up-to-date card, or with why nothing changed."""
        requester = turn.requester
        locale = requester.locale or "en"
        t = translator(locale)
        stamp = CardStamp(tenant_id=_text(turn.data, "tenantId"), version=_int(turn.data.get("version")))
        try:
            done = await button(self, SetupPress(turn.context, requester, stamp, turn.data))
        except SetupRefused as refusal:
            if refusal.show_current_card:
                view = await self.setup.view(requester.tenant_id)
                return _card(setup_card(locale, view, notice=refusal.localized(t)))
            return _message(refusal.localized(t))
        if done is not None:
            return done
        return _card(setup_card(locale, await self.setup.view(requester.tenant_id)))

    # Each button: None means "answer with the up-to-date card".

    async def connect(self, press: SetupPress) -> AdaptiveCardInvokeResponse:
        url = await self.setup.start_connect(press.requester, press.stamp)
        return await self._send_signin_link(press.turn_context, press.requester, url, for_setup=True)

    async def choose_contract(self, press: SetupPress) -> None:
        await self.setup.choose_contract(press.requester, press.stamp, _text(press.data, "contract"))

    async def request(self, press: SetupPress) -> None:
        await self.setup.request(press.requester, press.stamp)

    async def notify_partner(self, press: SetupPress) -> None:
        await self.setup.notify_partner(press.requester, press.stamp)

    async def refresh(self, press: SetupPress) -> None:
        await self.setup.refresh(press.requester, press.stamp)

    # Disconnect turns the whole organization's integration off, so the admin confirms it first.

    async def disconnect(self, press: SetupPress) -> AdaptiveCardInvokeResponse:
        """The first press of Disconnect changes nothing: the card that answers it (shown to the admin
        who pressed it) asks to confirm. Refused like Disconnect itself would be."""
        await self.setup.check(press.requester, press.stamp, SetupAction.DISCONNECT)
        view = await self.setup.view(press.requester.tenant_id)
        return _card(setup_card(press.requester.locale or "en", view, confirming_disconnect=True))

    async def confirm_disconnect(self, press: SetupPress) -> None:
        """Yes, disconnect: checked again (admin, tenant, card version, state), then done."""
        await self.setup.disconnect(press.requester, press.stamp)

    async def cancel_disconnect(self, press: SetupPress) -> None:
        """Cancel changes nothing; the answer is the current card (or why that card is out of date)."""
        await self.setup.check(press.requester, press.stamp, SetupAction.DISCONNECT)

    async def save_job_posting(self, press: SetupPress) -> None:
        await self.setup.save_job_posting(
            press.requester,
            press.stamp,
            company_name=_text(press.data, "companyName"),
            company_id=_text(press.data, "companyId"),
            go_live_confirmed=_text(press.data, "confirmGoLive").lower() == "true",
        )

    async def stop_job_posting(self, press: SetupPress) -> None:
        await self.setup.stop_job_posting(press.requester, press.stamp)

    async def preview_on(self, press: SetupPress) -> None:
        await self.setup.set_preview_features(press.requester, press.stamp, True)

    async def preview_off(self, press: SetupPress) -> None:
        await self.setup.set_preview_features(press.requester, press.stamp, False)

    async def connect_apply(self, press: SetupPress) -> None:
        await self.setup.set_apply_with_linkedin(press.requester, press.stamp, True)

    async def disconnect_apply(self, press: SetupPress) -> None:
        await self.setup.set_apply_with_linkedin(press.requester, press.stamp, False)

    # --- the settings card's buttons ---------------------------------------------------------------

    async def connect_own_account(self, turn: VerbTurn) -> AdaptiveCardInvokeResponse:
        """Connect: a sign-in link for the person who pressed, in their 1:1 chat."""
        requester = turn.requester
        if (other_tenants := await self._other_tenants_settings(turn)) is not None:
            return other_tenants
        state = await self.states.issue(requester.tenant_id, requester.user_id, "user", requester.locale)
        return await self._send_signin_link(
            turn.context, requester, self.setup.connect_url(state), for_setup=False
        )

    async def disconnect_own_account(self, turn: VerbTurn) -> AdaptiveCardInvokeResponse:
        requester = turn.requester
        if (other_tenants := await self._other_tenants_settings(turn)) is not None:
            return other_tenants
        await self.accounts.disconnect(requester.tenant_id, requester.user_id)
        await self.update_settings_card(requester.tenant_id, requester.user_id)
        locale = requester.locale or "en"
        return _card(settings_card(locale, requester.tenant_id, None, timezone=requester.timezone))

    async def _other_tenants_settings(self, turn: VerbTurn) -> AdaptiveCardInvokeResponse | None:
        """A settings card of another organization changes nothing: the presser's own card comes back."""
        requester = turn.requester
        if _text(turn.data, "tenantId") == requester.tenant_id:
            return None
        locale = requester.locale or "en"
        account = await self.accounts.account_of(requester.tenant_id, requester.user_id)
        notice, zone = translator(locale).gettext(OTHER_TENANT), requester.timezone
        return _card(settings_card(locale, requester.tenant_id, account, notice=notice, timezone=zone))

    # --- the sign-in link, to its person only ------------------------------------------------------

    async def _send_signin_link(
        self, turn_context: TurnContext, requester: Requester, url: str, *, for_setup: bool
    ) -> AdaptiveCardInvokeResponse:
        """Send the link to the person who pressed the button, in their 1:1 chat with the bot; when
        that chat can't be reached, answer the button with the link card (shown to them only)."""
        locale = requester.locale or "en"
        card = signin_card(locale, url, requester.display_name, for_setup=for_setup)
        activity = turn_context.activity
        # Only a chat Teams marks as personal is private; a missing type is not trusted to be.
        if activity.conversation is not None and activity.conversation.conversation_type == "personal":
            await turn_context.send_activity(card_activity(card))
            return _message(translator(locale).gettext(SIGNIN_SENT))
        # The key names the link without holding it (the link's state is a credential).
        key = "signin-link:" + hashlib.sha256(url.encode()).hexdigest()[:32]
        outcome = await self.notifier.tell_user(
            requester.tenant_id,
            requester.user_id,
            Notice(NoticeKind.SIGNIN_LINK, key, card=card),
            account=teams_account_of(activity),
        )
        if outcome.sent:
            return _message(translator(locale).gettext(SIGNIN_SENT))
        return _card(card)

    # --- the one-time code typed after signing in ---------------------------------------------------

    async def confirm_typed_code(self, turn_context: TurnContext, requester: Requester, text: str) -> bool:
        """When the message is a sign-in code, finish that sign-in for this user (or say why not) and
        return True; any other message is left alone (False)."""
        code = typed_code(text)
        if code is None:
            return False
        locale = requester.locale or "en"
        t = translator(locale, requester.timezone)
        try:
            connected = await self.signin.confirm(requester.tenant_id, requester.user_id, code)
        except UserFacingError as refusal:
            await send_text(turn_context, refusal.localized(t))
            return True
        if connected.purpose == "admin":
            await self.update_settings_card(requester.tenant_id, requester.user_id)
            await send_text(turn_context, t.gettext(CONNECTED_ADMIN).format(member=connected.member_name))
            return True
        message = t.gettext(CONNECTED_USER).format(member=connected.member_name)
        if await self.update_settings_card(
            requester.tenant_id, requester.user_id, connected_member=connected.member_name
        ):
            await send_text(turn_context, message)
        else:  # no settings card to update: a new one shows the account
            await self._post_settings_card(turn_context, requester, notice=message)
        return True

    # --- cards updated in place, through the notifier ---------------------------------------------

    async def update_setup_card(self, tenant_id: str) -> None:
        """Replace the stored setup card with the current state, from any context: a button, a
        webhook, the status poll or a confirmed sign-in (the setup service's listener)."""
        location = await self.setup.card_location(tenant_id)
        if location is None:
            return
        view = await self.setup.view(tenant_id)
        card = setup_card(location.locale or "en", view)
        notice = Notice(NoticeKind.SETUP_CARD, f"setup-card:{tenant_id}:{view.version}", card=card)
        await self.notifier.update_card(tenant_id, location.conversation_id, location.activity_id, notice)

    async def update_settings_card(
        self, tenant_id: str, user_id: str, *, connected_member: str | None = None
    ) -> bool:
        """Replace the user's last settings card with their LinkedIn connection as it is now, in the
        card's own language (saying so when `connected_member` was just connected); True when it
        was updated."""
        location = await self.settings_cards.location_of(tenant_id, user_id)
        if location is None:
            return False
        account = await self.accounts.account_of(tenant_id, user_id)
        locale = location.locale or "en"
        notice = None
        if connected_member is not None:
            notice = translator(locale).gettext(CONNECTED_USER).format(member=connected_member)
        card = settings_card(locale, tenant_id, account, notice=notice, timezone=location.timezone)
        content = hashlib.sha256(json.dumps(card, sort_keys=True).encode()).hexdigest()[:32]
        key = f"settings-card:{tenant_id}:{user_id}:{content}"
        outcome = await self.notifier.update_card(
            tenant_id,
            location.conversation_id,
            location.activity_id,
            Notice(NoticeKind.SETTINGS_CARD, key, card=card),
        )
        return outcome.sent


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return -1
    if isinstance(value, int):
        return value
    # ASCII digits only, and few: "²" and a number of thousands of digits are digits to str.isdigit
    # but no number to int().
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        return int(value)
    return -1


def _card(card: dict[str, Any]) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=card)


class MessageInvokeResponse(AdaptiveCardInvokeResponse):
    """An invoke answer whose value is a plain message. The SDK types `value` as a dict and its
    serializer fails on a string, so this one declares it as any JSON value."""

    _attribute_map = {
        **AdaptiveCardInvokeResponse._attribute_map,
        "value": {"key": "value", "type": "object"},
    }


def message_response(text: str) -> AdaptiveCardInvokeResponse:
    """Teams shows `text` to the person who pressed the button; the card stays as it was."""
    return MessageInvokeResponse(status_code=200, type=MESSAGE_CONTENT_TYPE, value=text)  # type: ignore[arg-type]


_message = message_response
