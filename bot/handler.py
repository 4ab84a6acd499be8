"""The Teams activity handler: reads the turn into plain values, asks the services, sends cards."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import ConversationState, InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import (
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    ChannelAccount,
)
from botbuilder.schema.teams import (
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    TeamInfo,
    TeamsChannelAccount,
)

from bot.activity import (
    conversation_type_of,
    identity_of,
    installed_conversation,
    locale_of,
    teams_identity,
    text_without_bot_mention,
)
from bot.candidate_cards import send_candidate_to_update, send_search_results, update_candidate
from bot.commands import parse_command
from bot.exports import send_export_result
from bot.help import answer_not_understood
from bot.message_extension import search_message
from bot.replies import bad_request, card_activity, send_text
from bot.routes import ROUTES
from bot.routing import BotServices, CommandTurn, DatasetTurn, RouteTable, SearchTurn, VerbTurn, place_of
from bot.setup import message_response
from bot.storage import TurnStateNotSaved
from bot.turns import DATABASE_UNAVAILABLE, STATE_NOT_SAVED, ConversationTurns, answer_try_again
from bot.typeahead import TYPEAHEAD_INVOKE, BadTypeahead, read_typeahead, typeahead_error, typeahead_results
from cards.help import welcome_card
from connector import answer_within
from dialogs.export_candidate import ExportCandidateDialog
from dialogs.find_candidate import FindCandidateDialog
from dialogs.match_profile import MatchProfileDialog
from domain.candidates import CandidateSearch
from domain.profile_match import ProfileMatch
from i18n import translator
from services.conversations import Remembered
from services.errors import NotAnAtsUser, UserFacingError
from services.identity import Requester
from store.db import database_trouble

log = logging.getLogger(__name__)

__all__ = ["BotServices", "TalentBridgeBot"]  # app.py builds the bot from these


class TalentBridgeBot(TeamsActivityHandler):
    def __init__(
        self, services: BotServices, conversation_state: ConversationState, routes: RouteTable = ROUTES
    ) -> None:
        self.services = services
        self.routes = routes  # every command and button: bot/routes.py
        self.conversation_state = conversation_state
        self.turns = ConversationTurns()
        self.dialogs = DialogSet(conversation_state.create_property("DialogState"))
        self.dialogs.add(self._find_candidate_dialog())
        self.dialogs.add(
            ExportCandidateDialog(
                services.candidates, services.exports, services.profiles, self.requester, send_export_result
            )
        )

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

    def _find_candidate_dialog(self) -> FindCandidateDialog:
        """`find` asked step by step, ending in the LinkedIn match question (the dialogs get the
        services and how to show cards from here: they never import the bot)."""
        services = self.services

        async def show_results(context: TurnContext, requester: Requester, search: CandidateSearch) -> None:
            await send_search_results(context, services, requester, search)

        async def show_candidate(context: TurnContext, requester: Requester, candidate_id: str) -> str | None:
            return await send_candidate_to_update(context, services, requester, candidate_id)

        async def update_card(
            context: TurnContext,
            requester: Requester,
            candidate_id: str,
            activity_id: str | None,
            notice: str,
            match: ProfileMatch | None,
        ) -> None:
            await update_candidate(context, services, requester, candidate_id, activity_id, notice, match)

        match_profile = MatchProfileDialog(services.matching, self.requester, update_card)
        return FindCandidateDialog(
            services.candidates, self.requester, show_results, show_candidate, match_profile
        )

    async def requester(self, turn_context: TurnContext) -> Requester:
        """The ATS user behind this turn; raises NotAnAtsUser."""
        return await self.services.identity.resolve(teams_identity(turn_context))

    # Messages ------------------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        locale = locale_of(activity)
        text = text_without_bot_mention(activity)
        try:
            requester = await self.requester(turn_context)
        except NotAnAtsUser as stranger:
            await send_text(turn_context, stranger.localized(translator(locale)))
            return
        # The one-time code from the LinkedIn sign-in page: only its own user can finish that sign-in.
        if await self.services.setup.confirm_typed_code(turn_context, requester, text):
            return

        place = place_of(conversation_type_of(activity))
        command = parse_command(text, self.routes.words(requester.locale))
        route = self.routes.command(command.name)
        if route is not None:
            job_id = route.job_of(command.argument) if route.job_of is not None else None
            refusal = self.routes.refusal(route, requester, place, job_id)
            if refusal is not None:  # before anything is read or written: an open question stays open
                await send_text(turn_context, translator(requester.locale).gettext(refusal))
                return
        dialog_context = await self.dialogs.create_context(turn_context)
        if route is None:
            if dialog_context.active_dialog is not None:
                result = await dialog_context.continue_dialog()
                if result.status != DialogTurnStatus.Empty:
                    return
            await answer_not_understood(turn_context, self.routes, requester, place, text)
            return
        if dialog_context.active_dialog is not None:
            await dialog_context.cancel_all_dialogs()
        turn = CommandTurn(
            turn_context, requester, command.argument, place, self.services, self.routes, dialog_context
        )
        try:
            await route.handler(turn)
        except UserFacingError as error:
            await send_text(turn_context, error.localized(translator(requester.locale)))

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
            return await self._press(turn_context, requester, verb, data)
        except UserFacingError as error:
            return message_response(error.localized(translator(locale)))

    async def _press(
        self, turn_context: TurnContext, requester: Requester, verb: str, data: dict[str, Any]
    ) -> AdaptiveCardInvokeResponse:
        t = translator(requester.locale)
        route = self.routes.verb(verb)
        if route is None:
            return bad_request(t.gettext("I don't know that button. Here is what I can do: type help."))
        place = place_of(conversation_type_of(turn_context.activity))
        refusal = self.routes.refusal(route, requester, place, route.job_of(data))
        if refusal is not None:
            return message_response(t.gettext(refusal))
        return await route.handler(
            VerbTurn(turn_context, requester, verb, data, place, self.services, self.routes)
        )

    # The cards' typeaheads (application/search) ----------------------------------------------

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if turn_context.activity.name == TYPEAHEAD_INVOKE:
            return await self._typeahead(turn_context)
        return await super().on_invoke_activity(turn_context)

    async def _typeahead(self, turn_context: TurnContext) -> InvokeResponse:
        """Choices for a card's Input.ChoiceSet as the user types: its dataset's route (bot/routes.py,
        DATASETS) after the check of who and where; a refusal is an error Teams shows instead."""
        locale = locale_of(turn_context.activity)
        try:
            requester = await self.requester(turn_context)
        except NotAnAtsUser as stranger:
            return typeahead_error(403, stranger.localized(translator(locale)))
        t = translator(requester.locale)
        try:
            asked = read_typeahead(turn_context.activity.value)
        except BadTypeahead:
            return typeahead_error(400, t.gettext("I can't read that search."))
        route = self.routes.dataset(asked.dataset)
        if route is None:
            return typeahead_error(400, t.gettext("I can't read that search."))
        place = place_of(conversation_type_of(turn_context.activity))
        refusal = self.routes.refusal(route, requester, place, None)
        if refusal is not None:
            return typeahead_error(403, t.gettext(refusal))
        turn = DatasetTurn(
            turn_context, requester, route.dataset, asked.query, asked.skip, asked.top, place, self.services
        )
        try:
            return typeahead_results(await route.handler(turn))
        except UserFacingError as error:
            return typeahead_error(403, error.localized(t))

    # The message extension's searches (composeExtension/query) -------------------------------

    async def on_teams_messaging_extension_query(  # type: ignore[override]
        self, turn_context: TurnContext, query: MessagingExtensionQuery
    ) -> MessagingExtensionResponse:
        """A search typed in the compose box: its route (bot/routes.py, SEARCHES) after the check of
        who and where; a refusal is a message in the compose box, in the user's language."""
        locale = locale_of(turn_context.activity)
        try:
            requester = await self.requester(turn_context)
        except NotAnAtsUser as stranger:
            return search_message(stranger.localized(translator(locale)))
        t = translator(requester.locale)
        route = self.routes.search(query.command_id or "")
        if route is None:
            return search_message(t.gettext("I don't know that search. Here is what I can do: type help."))
        place = place_of(conversation_type_of(turn_context.activity))
        refusal = self.routes.refusal(route, requester, place, None)
        if refusal is not None:
            return search_message(t.gettext(refusal))
        typed = next((p.value for p in query.parameters or () if p.name == route.parameter), None)
        typed = typed if isinstance(typed, str) else ""  # the search box's text; anything else: nothing
        skip = query.query_options.skip if query.query_options is not None else None
        turn = SearchTurn(
            turn_context, requester, route.command_id, typed.strip(), max(skip or 0, 0), place, self.services
        )
        try:
            return await route.handler(turn)
        except UserFacingError as error:
            return search_message(error.localized(t))

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
        place = place_of(conversation_type_of(activity))
        # A channel or group chat: the card speaks to its members, not to whoever installed it.
        audience = self.routes.help_audience(locale, requester if personal else None, place)
        await turn_context.send_activity(card_activity(welcome_card(locale, audience)))
