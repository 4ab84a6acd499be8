"""`find` without a name: ask who, then search; when several candidates match, ask which one (a
candidate id or the number in the list, typed). The candidate's card is shown and, when LinkedIn
lists possible matches for them, the match dialog asks which profile is theirs (match_profile.py).
The questions survive a restart (bot state is in the database), so the answer can come later; the
asker is resolved again when it does.

The dialog does not import the bot: the bot hands it how to resolve the asker and how to show the
results and the candidate card, the same steps a typed `find anna` takes."""

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
from botbuilder.dialogs.choices import Choice, ListStyle
from botbuilder.dialogs.prompts import ChoicePrompt

from dialogs.answers import answered_by_the_asker, asker_of, chosen_index
from dialogs.match_profile import CANDIDATE, CARD, MatchProfileDialog
from domain.candidates import CandidateSearch
from i18n import translator
from services.candidates import CandidateDirectory
from services.errors import UserFacingError
from services.identity import Requester

ResolveRequester = Callable[[TurnContext], Awaitable[Requester]]
# Sends a search's results: the candidate card for one hit, a list to pick from, or "none found".
ShowSearchResults = Callable[[TurnContext, Requester, CandidateSearch], Awaitable[None]]
# Sends one candidate's card; returns the id of the message that shows it (None when unknown).
ShowCandidate = Callable[[TurnContext, Requester, str], Awaitable[str | None]]


class FindCandidateDialog(ComponentDialog):
    def __init__(
        self,
        directory: CandidateDirectory,
        resolve_requester: ResolveRequester,
        show_results: ShowSearchResults,
        show_candidate: ShowCandidate,
        match_profile: MatchProfileDialog,
    ) -> None:
        super().__init__(FindCandidateDialog.__name__)
        self.directory = directory
        self.resolve_requester = resolve_requester
        self.show_results = show_results
        self.show_candidate = show_candidate
        self.add_dialog(TextPrompt("query"))
        self.add_dialog(ChoicePrompt("which", answered_by_the_asker))
        self.add_dialog(match_profile)
        self.add_dialog(WaterfallDialog("find", [self._ask, self._search, self._open]))
        self.initial_dialog_id = "find"

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        _ = translator(requester.locale).gettext
        prompt = MessageFactory.text(_("Who are you looking for? A name, an email or a candidate id."))
        return await step.prompt("query", PromptOptions(prompt=prompt))

    async def _search(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        query = str(step.result or "").strip()
        if not query:
            return await step.end_dialog()
        try:
            search = await self.directory.find(requester, query)
        except UserFacingError as refusal:  # too long, no such job, busy: said, and the dialog ends
            text = refusal.localized(translator(requester.locale))
            await step.context.send_activity(MessageFactory.text(text))
            return await step.end_dialog()
        if search.total == 1 and search.candidates:
            return await step.next(search.candidates[0].id)
        await self.show_results(step.context, requester, search)
        if not search.candidates:
            return await step.end_dialog()
        step.values["listed"] = [candidate.id for candidate in search.candidates]
        _ = translator(requester.locale).gettext
        question = _("Which one? Type their candidate id, for example {code}.").format(
            code=search.candidates[0].code
        )
        return await step.prompt(
            "which",
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(question),
                choices=[Choice(candidate.code) for candidate in search.candidates],
                style=ListStyle.none,
                validations=asker_of(step.context),
            ),
        )

    async def _open(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The candidate's card; then, when LinkedIn offers possible matches, which one is theirs."""
        if isinstance(step.result, str):
            candidate_id = step.result
        else:
            index = chosen_index(step.result)
            listed: list[str] = step.values.get("listed", [])
            if index is None or not 0 <= index < len(listed):
                return await step.end_dialog()
            candidate_id = listed[index]
        requester = await self.resolve_requester(step.context)
        card = await self.show_candidate(step.context, requester, candidate_id)
        return await step.begin_dialog(MatchProfileDialog.__name__, {CANDIDATE: candidate_id, CARD: card})
