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
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.activity import installed_conversation
from bot.notifier import teams_account_of
from bot.replies import card_activity, send_text
from cards.base import CARD_CONTENT_TYPE
from cards.settings import SETTINGS_CONNECT, SETTINGS_DISCONNECT, settings_card
from cards.setup import SETUP_VERB_PREFIX, setup_card, signin_card
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

    @staticmethod
    def handles(verb: str) -> bool:
        return verb.startswith(SETUP_VERB_PREFIX) or verb in (SETTINGS_CONNECT, SETTINGS_DISCONNECT)

    # --- typed commands -------------------------------------------------------------------------

    async def run_command(self, turn_context: TurnContext, requester: Requester, name: str) -> None:
        if name == "setup":
            await self._post_setup_card(turn_context, requester)
        elif name == "settings":
            await self._post_settings_card(turn_context, requester)

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

    async def _post_setup_card(self, turn_context: TurnContext, requester: Requester) -> None:
        locale = requester.locale or "en"
        if not requester.is_admin:
            await send_text(turn_context, NotAnAdmin().localized(translator(locale)))
            return
        activity = turn_context.activity
        # The card is updated later from outside this turn: keep the way back to this conversation.
        await self.conversations.remember(
            installed_conversation(activity, requester.tenant_id, requester.user_id)
        )
        view = await self.setup.view(requester.tenant_id)
        response = await turn_context.send_activity(card_activity(setup_card(locale, view)))
        if response is not None and response.id:
            await self.setup.remember_card(requester.tenant_id, activity.conversation.id, response.id, locale)

    # --- card buttons ------------------------------------------------------------------------------

    async def run_verb(
        self, turn_context: TurnContext, requester: Requester, verb: str, data: dict[str, Any]
    ) -> AdaptiveCardInvokeResponse:
        if verb in (SETTINGS_CONNECT, SETTINGS_DISCONNECT):
            return await self._settings_verb(turn_context, requester, verb, data)
        locale = requester.locale or "en"
        t = translator(locale)
        try:
            action = SetupAction(verb[len(SETUP_VERB_PREFIX) :])
        except ValueError:
            return _message(t.gettext("I don't know that button. Here is what I can do: type help."))
        stamp = CardStamp(tenant_id=_text(data, "tenantId"), version=_int(data.get("version")))
        try:
            done = await self._run_setup_action(turn_context, requester, action, stamp, data)
        except SetupRefused as refusal:
            if refusal.show_current_card:
                view = await self.setup.view(requester.tenant_id)
                return _card(setup_card(locale, view, notice=refusal.localized(t)))
            return _message(refusal.localized(t))
        if done is not None:
            return done
        return _card(setup_card(locale, await self.setup.view(requester.tenant_id)))

    async def _run_setup_action(
        self,
        turn_context: TurnContext,
        requester: Requester,
        action: SetupAction,
        stamp: CardStamp,
        data: dict[str, Any],
    ) -> AdaptiveCardInvokeResponse | None:
        """Do the action; None means "answer with the up-to-date card"."""
        setup = self.setup
        if action is SetupAction.CONNECT:
            url = await setup.start_connect(requester, stamp)
            return await self._send_signin_link(turn_context, requester, url, for_setup=True)
        if action is SetupAction.CHOOSE_CONTRACT:
            await setup.choose_contract(requester, stamp, _text(data, "contract"))
        elif action is SetupAction.REQUEST:
            await setup.request(requester, stamp)
        elif action is SetupAction.NOTIFY_PARTNER:
            await setup.notify_partner(requester, stamp)
        elif action is SetupAction.REFRESH:
            await setup.refresh(requester, stamp)
        elif action is SetupAction.DISCONNECT:
            return await self.ask_to_confirm_disconnect(requester, stamp)
        elif action is SetupAction.CONFIRM_DISCONNECT:
            await self.confirm_disconnect(requester, stamp)
        elif action is SetupAction.CANCEL_DISCONNECT:
            await self.cancel_disconnect(requester, stamp)
        elif action is SetupAction.SAVE_JOB_POSTING:
            await setup.save_job_posting(
                requester,
                stamp,
                company_name=_text(data, "companyName"),
                company_id=_text(data, "companyId"),
                go_live_confirmed=_text(data, "confirmGoLive").lower() == "true",
            )
        elif action is SetupAction.STOP_JOB_POSTING:
            await setup.stop_job_posting(requester, stamp)
        elif action in (SetupAction.PREVIEW_ON, SetupAction.PREVIEW_OFF):
            await setup.set_preview_features(requester, stamp, action is SetupAction.PREVIEW_ON)
        elif action in (SetupAction.CONNECT_APPLY, SetupAction.DISCONNECT_APPLY):
            await setup.set_apply_with_linkedin(requester, stamp, action is SetupAction.CONNECT_APPLY)
        return None

    # --- Disconnect: the whole organization's integration, so the admin confirms it first ----------

    async def ask_to_confirm_disconnect(
        self, requester: Requester, stamp: CardStamp
    ) -> AdaptiveCardInvokeResponse:
        """The first press of Disconnect changes nothing: the card that answers it (shown to the admin
        who pressed it) asks to confirm. Refused like Disconnect itself would be."""
        await self.setup.check(requester, stamp, SetupAction.DISCONNECT)
        view = await self.setup.view(requester.tenant_id)
        return _card(setup_card(requester.locale or "en", view, confirming_disconnect=True))

    async def confirm_disconnect(self, requester: Requester, stamp: CardStamp) -> None:
        """Yes, disconnect: checked again (admin, tenant, card version, state), then done."""
        await self.setup.disconnect(requester, stamp)

    async def cancel_disconnect(self, requester: Requester, stamp: CardStamp) -> None:
        """Cancel changes nothing; the answer is the current card (or why that card is out of date)."""
        await self.setup.check(requester, stamp, SetupAction.DISCONNECT)

    async def _settings_verb(
        self, turn_context: TurnContext, requester: Requester, verb: str, data: dict[str, Any]
    ) -> AdaptiveCardInvokeResponse:
        locale = requester.locale or "en"
        t = translator(locale)
        if _text(data, "tenantId") != requester.tenant_id:
            account = await self.accounts.account_of(requester.tenant_id, requester.user_id)
            notice, zone = t.gettext(OTHER_TENANT), requester.timezone
            return _card(settings_card(locale, requester.tenant_id, account, notice=notice, timezone=zone))
        if verb == SETTINGS_CONNECT:
            state = await self.states.issue(requester.tenant_id, requester.user_id, "user", requester.locale)
            return await self._send_signin_link(
                turn_context, requester, self.setup.connect_url(state), for_setup=False
            )
        await self.accounts.disconnect(requester.tenant_id, requester.user_id)
        await self.update_settings_card(requester.tenant_id, requester.user_id)
        return _card(settings_card(locale, requester.tenant_id, None, timezone=requester.timezone))

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
    if isinstance(value, str) and value.strip().isdigit():
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
