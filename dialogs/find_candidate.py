"""`find` without a name: ask who, then search. The question survives a restart (bot state is in
the database), so the answer can come later; the asker is resolved again when it does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    PromptOptions,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)

from bot.replies import send_search_results
from i18n import translator
from services.candidates import CandidateDirectory
from services.identity import Requester

ResolveRequester = Callable[[TurnContext], Awaitable[Requester]]


class FindCandidateDialog(ComponentDialog):
    def __init__(self, directory: CandidateDirectory, resolve_requester: ResolveRequester) -> None:
        super().__init__(FindCandidateDialog.__name__)
        self.directory = directory
        self.resolve_requester = resolve_requester
        self.add_dialog(TextPrompt("query"))
        self.add_dialog(WaterfallDialog("find", [self._ask, self._search]))
        self.initial_dialog_id = "find"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        _ = translator(requester.locale).gettext
        prompt = MessageFactory.text(_("Who are you looking for? A name, an email or a candidate id."))
        return await step.prompt("query", PromptOptions(prompt=prompt))

    async def _search(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        query = str(step.result or "").strip()
        if query:
            search = await self.directory.find(requester, query)
            await send_search_results(step.context, self.directory, requester, search)
        return await step.end_dialog()
