"""The Teams activity handler: reads the turn into plain values, asks the services, sends cards."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import (
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    ChannelAccount,
)
from botbuilder.schema.teams import TeamInfo, TeamsChannelAccount

from bot.activity import (
    conversation_type_of,
    identity_of,
    installed_conversation,
    locale_of,
    teams_identity,
    text_without_bot_mention,
)
from bot.commands import Command, parse_command
from bot.replies import card_activity, is_shared, send_search_results, send_text
from bot.setup import SetupCommands, message_response
from bot.storage import TurnStateNotSaved
from bot.turns import DATABASE_UNAVAILABLE, STATE_NOT_SAVED, ConversationTurns, answer_try_again
from cards.base import CARD_CONTENT_TYPE, Verb
from cards.candidates import candidate_card
from cards.help import HelpAudience, help_card, welcome_card
from connector import answer_within
from dialogs.find_candidate import FindCandidateDialog
from domain.candidates import echoed
from i18n import command_aliases, translator
from services.candidates import CandidateDirectory
from services.conversations import ConversationDirectory, Remembered
from services.errors import NotAnAtsUser, UserFacingError
from services.identity import IdentityService, Requester
from store.db import database_trouble

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BotServices:
    identity: IdentityService
    candidates: CandidateDirectory
    conversations: ConversationDirectory
    setup: SetupCommands | None = None  # `setup` / `settings` and their buttons (LinkedIn)
    linkedin_turn_seconds: float = 10.0  # LINKEDIN_TURN_SECONDS: a person waits on these calls


class TalentBridgeBot(TeamsActivityHandler):
    def __init__(self, services: BotServices, conversation_state: ConversationState) -> None:
        self.services = services
        self.conversation_state = conversation_state
        self.turns = ConversationTurns()
        self.dialogs = DialogSet(conversation_state.create_property("DialogState"))
        self.dialogs.add(FindCandidateDialog(services.candidates, self.requester, send_search_results))

    async def on_turn(self, turn_context: TurnContext) -> None:
        """One turn at a time per conversation; the dialog state is saved at the end. When the
        database cannot take the turn (locked, gone, unreachable), the user is asked to try again;
        a turn whose state could not be saved leaves the stored state as it was."""
        async with self.turns.one_at_a_time(turn_context):
            try:
                with answer_within(self.services.linkedin_turn_seconds):
                    await super().on_turn(turn_context)
            except Exception as error:
                if (reason := database_trouble(error)) is None:
                    raise
                log.warning("turn not handled: the database is %s (%s)", reason, type(error).__name__)
                await answer_try_again(turn_context, DATABASE_UNAVAILABLE)
                return
            try:
                await self.conversation_state.save_changes(turn_context)
            except Exception as error:
                if not isinstance(error, TurnStateNotSaved) and database_trouble(error) is None:
                    raise
                log.warning("turn state not saved (%s)", type(error).__name__)
                await answer_try_again(turn_context, STATE_NOT_SAVED)

    async def requester(self, turn_context: TurnContext) -> Requester:
        """The ATS user behind this turn; raises NotAnAtsUser."""
        return await self.services.identity.resolve(teams_identity(turn_context))

    # Messages -------------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        locale = locale_of(turn_context.activity)
        text = text_without_bot_mention(turn_context.activity)
        command = parse_command(text, command_aliases(locale))
        try:
            requester = await self.requester(turn_context)
        except NotAnAtsUser as refusal:
            await send_text(turn_context, refusal.localized(translator(locale)))
            return
        # The one-time code from the LinkedIn sign-in page: only its own user can finish that sign-in.
        if self.services.setup is not None and await self.services.setup.confirm_typed_code(
            turn_context, requester, text
        ):
            return

        dialog_context = await self.dialogs.create_context(turn_context)
        if dialog_context.active_dialog is not None:
            if command.name:
                await dialog_context.cancel_all_dialogs()
            else:
                result = await dialog_context.continue_dialog()
                if result.status != DialogTurnStatus.Empty:
                    return

        try:
            await self._run_command(turn_context, requester, command, dialog_context)
        except UserFacingError as error:
            await send_text(turn_context, error.localized(translator(requester.locale)))

    async def _run_command(
        self, turn_context: TurnContext, requester: Requester, command: Command, dialog_context: Any
    ) -> None:
        locale = requester.locale or "en"
        if command.name == "find":
            if not command.argument:
                await dialog_context.begin_dialog(FindCandidateDialog.__name__)
                return
            search = await self.services.candidates.find(requester, command.argument)
            await send_search_results(turn_context, self.services.candidates, requester, search)
            return
        if command.name in ("setup", "settings") and self.services.setup is not None:
            await self.services.setup.run_command(turn_context, requester, command.name)
            return
        # "help", an empty message and anything unknown get the help card.
        await turn_context.send_activity(card_activity(help_card(locale, self._audience(requester))))

    @staticmethod
    def _audience(requester: Requester | None, display_name: str | None = None) -> HelpAudience:
        if requester is None:
            return HelpAudience(is_ats_user=False, display_name=display_name)
        return HelpAudience(
            is_ats_user=True, is_admin=requester.is_admin, display_name=requester.display_name
        )

    # Card buttons (Action.Execute) ----------------------------------------------------------

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        locale = locale_of(turn_context.activity)
        action = invoke_value.action if isinstance(invoke_value.action, dict) else {}
        verb = str(action.get("verb") or "")
        raw_data = action.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        try:
            requester = await self.requester(turn_context)
            return await self._run_verb(turn_context, requester, verb, data)
        except UserFacingError as error:
            return _message_response(error.localized(translator(locale)))

    async def _run_verb(
        self, turn_context: TurnContext, requester: Requester, verb: str, data: dict[str, Any]
    ) -> AdaptiveCardInvokeResponse:
        locale = requester.locale or "en"
        _ = translator(locale).gettext
        if verb == Verb.SHOW_CANDIDATE:
            candidate_id = data.get("candidateId")
            if not isinstance(candidate_id, str) or not candidate_id:
                return _bad_request(_("That button is missing the candidate."))
            profile = await self.services.candidates.profile(requester, candidate_id)
            card = candidate_card(
                locale, profile, shared=is_shared(turn_context), timezone=requester.timezone
            )
            await turn_context.send_activity(card_activity(card))
            return _message_response(_("Opened {name}.").format(name=profile.name))
        if verb == Verb.FIND:
            query = data.get("query")
            if not isinstance(query, str) or not query.strip():
                return _message_response(_("Type a name, an email or a candidate id first."))
            search = await self.services.candidates.find(requester, query)
            await send_search_results(turn_context, self.services.candidates, requester, search)
            return _message_response(_('Searching for "{query}".').format(query=echoed(query)))
        if verb == Verb.HELP:
            return _card_response(help_card(locale, self._audience(requester)))
        if self.services.setup is not None and self.services.setup.handles(verb):
            return await self.services.setup.run_verb(turn_context, requester, verb, data)
        return _bad_request(_("I don't know that button. Here is what I can do: type help."))

    # Install and uninstall ------------------------------------------------------------------

    async def on_teams_members_added(  # type: ignore[override]
        self,
        teams_members_added: list[TeamsChannelAccount],
        team_info: TeamInfo,
        turn_context: TurnContext,
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in teams_members_added):
            await self._installed(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        # Teams sends this and conversationUpdate (bot added) together; whichever stores the
        # conversation first welcomes. An unknown tenant is answered on conversationUpdate only.
        await self._installed(turn_context, answer_unknown_tenant=False)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        identity = identity_of(activity)
        if identity.tenant_id and activity.conversation is not None:
            await self.services.conversations.forget(identity.tenant_id, activity.conversation.id)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        # Non-Teams channels (the Emulator, Web Chat) have no Teams roster to consult.
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self._installed(turn_context)

    async def _installed(self, turn_context: TurnContext, *, answer_unknown_tenant: bool = True) -> None:
        """Keep the conversation reference for proactive messages; welcome once per conversation."""
        activity = turn_context.activity
        identity = identity_of(activity)
        refusal = NotAnAtsUser()
        try:
            requester: Requester | None = await self.requester(turn_context)
        except NotAnAtsUser as error:
            requester, refusal = None, error
        personal = conversation_type_of(activity) == "personal"
        remembered = await self.services.conversations.remember(
            installed_conversation(activity, identity.tenant_id, requester.user_id if requester else None)
        )
        if remembered is Remembered.KNOWN:
            return
        if remembered is Remembered.NOT_STORED and not answer_unknown_tenant:
            return
        locale = identity.locale or "en"
        if remembered is Remembered.NOT_STORED or (requester is None and personal):
            await send_text(turn_context, refusal.localized(translator(locale)))
            return
        if personal and requester is not None:
            audience = self._audience(requester)
        else:
            # A channel or group chat: the card speaks to its members, not to whoever installed it.
            audience = HelpAudience(is_ats_user=True)
        await turn_context.send_activity(card_activity(welcome_card(locale, audience)))


def _card_response(card: dict[str, Any]) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=card)


def _message_response(text: str) -> AdaptiveCardInvokeResponse:
    return message_response(text)  # the SDK's own type can't serialize a string value


def _bad_request(text: str) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(
        status_code=400,
        type="application/vnd.microsoft.error",
        value={"code": "BadRequest", "message": text},
    )
