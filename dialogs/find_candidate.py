"""`find` without a name: ask who, then search. The question survives a restart (bot state is in
the database), so the answer can come later; the asker is resolved again when it does.

The dialog does not import the bot: the bot hands it how to resolve the asker and how to show the
results, the same two steps a typed `find anna` takes."""

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

from domain.candidates import CandidateSearch
from i18n import translator
from services.candidates import CandidateDirectory
from services.errors import UserFacingError
from services.identity import Requester

ResolveRequester = Callable[[TurnContext], Awaitable[Requester]]
# Sends a search's results: the candidate card for one hit, a list to pick from, or "none found".
ShowSearchResults = Callable[[TurnContext, CandidateDirectory, Requester, CandidateSearch], Awaitable[None]]


class FindCandidateDialog(ComponentDialog):
    def __init__(
        self,
        directory: CandidateDirectory,
        resolve_requester: ResolveRequester,
        show_results: ShowSearchResults,
    ) -> None:
        super().__init__(FindCandidateDialog.__name__)
        self.directory = directory
        self.resolve_requester = resolve_requester
        self.show_results = show_results
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
            try:
                search = await self.directory.find(requester, query)
            except UserFacingError as refusal:  # too long, no such job, busy: said, and the dialog ends
                text = refusal.localized(translator(requester.locale))
                await step.context.send_activity(MessageFactory.text(text))
            else:
                await self.show_results(step.context, self.directory, requester, search)
        return await step.end_dialog()
