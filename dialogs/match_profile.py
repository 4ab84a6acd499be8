"""Is this the right LinkedIn profile? The typed path of the candidate card's LinkedIn buttons: after
`find` has shown a candidate whom LinkedIn lists possible matches for, the user types which one (a
number) and confirms it (yes or no). The confirmation ends in the same service call as the card's
Yes, link this profile button (ProfileMatching.link_profile), with the same checks; the candidate
card shown before is then updated in place.

The dialog does not import the bot: the bot hands it how to resolve the asker and how to update the
candidate card."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    PromptOptions,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.choices import Choice, ListStyle
from botbuilder.dialogs.prompts import ChoicePrompt

from dialogs.answers import answered_by_the_asker, asker_of, chosen_index, yes_no
from domain.profile_match import LinkedInProfile, MatchRule, ProfileMatch
from i18n import N_, translator
from services.errors import UserFacingError
from services.identity import Requester
from services.linkedin_match import ProfileMatching
from services.linkedin_match_refusals import MatchRefused

ResolveRequester = Callable[[TurnContext], Awaitable[Requester]]
# Updates the candidate card posted earlier (its activity id; None: post it anew) with a notice on
# top and the LinkedIn section (None: read it again).
UpdateCandidateCard = Callable[
    [TurnContext, Requester, str, str | None, str, ProfileMatch | None], Awaitable[None]
]

CANDIDATE = "candidateId"  # the dialog's options: the candidate, and the card that shows them
CARD = "cardActivityId"
MAX_OFFERED = 10  # the possible matches offered to pick from by number (the card lists the same)

PICK = "pick"
CONFIRM = "confirm"

LEFT_UNLINKED = N_("I left {name} unlinked. The candidate card lists LinkedIn's possible matches.")


def _label(member: LinkedInProfile) -> str:
    return ", ".join(part for part in (member.name, member.headline, member.location) if part)


class MatchProfileDialog(ComponentDialog):
    def __init__(
        self,
        matching: ProfileMatching,
        resolve_requester: ResolveRequester,
        update_card: UpdateCandidateCard,
    ) -> None:
        super().__init__(MatchProfileDialog.__name__)
        self.matching = matching
        self.resolve_requester = resolve_requester
        self.update_card = update_card
        self.add_dialog(ChoicePrompt(PICK, answered_by_the_asker))
        self.add_dialog(ChoicePrompt(CONFIRM, answered_by_the_asker))
        self.add_dialog(WaterfallDialog("match", [self._offer, self._ask_to_confirm, self._link]))
        self.initial_dialog_id = "match"

    async def _offer(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The possible matches to pick from, when LinkedIn lists any (else nothing to ask: the card
        says why, or shows the linked profile)."""
        requester = await self.resolve_requester(step.context)
        options: dict[str, Any] = dict(step.options or {})
        try:
            match = await self.matching.section(requester, str(options.get(CANDIDATE) or ""))
        except UserFacingError:  # not available to this user, LinkedIn down, the candidate gone
            return await step.end_dialog()
        if match.rule is not MatchRule.POSSIBLE or not match.possible:
            return await step.end_dialog()
        offered = match.possible[:MAX_OFFERED]
        step.values["stamp"] = match.stamp
        step.values["name"] = match.candidate_name
        step.values["members"] = [{"id": m.member_id, "label": _label(m)} for m in offered]
        if len(offered) == 1:
            return await step.next(0)
        _ = translator(requester.locale).gettext
        question = _(
            "Which of LinkedIn's possible matches is {name}? Type its number, or {none} to leave it unlinked."
        ).format(name=match.candidate_name, none=len(offered) + 1)
        choices = [Choice(_label(member)) for member in offered] + [Choice(_("None of these"))]
        return await step.prompt(
            PICK,
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(question),
                choices=choices,
                style=ListStyle.list_style,
                validations=asker_of(step.context),
            ),
        )

    async def _ask_to_confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        _ = translator(requester.locale).gettext
        members: list[dict[str, str]] = step.values["members"]
        index = step.result if isinstance(step.result, int) else chosen_index(step.result)
        if index is None or not 0 <= index < len(members):
            await step.context.send_activity(
                MessageFactory.text(_(LEFT_UNLINKED).format(name=step.values["name"]))
            )
            return await step.end_dialog()
        step.values["member"] = members[index]
        question = _("Is this the right LinkedIn profile for {name}? {profile}. Type yes or no.").format(
            name=step.values["name"], profile=members[index]["label"]
        )
        return await step.prompt(
            CONFIRM,
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(question),
                choices=yes_no(translator(requester.locale)),
                style=ListStyle.none,
                validations=asker_of(step.context),
            ),
        )

    async def _link(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        t = translator(requester.locale)
        options: dict[str, Any] = dict(step.options or {})
        candidate_id = str(options.get(CANDIDATE) or "")
        card = options.get(CARD)
        if chosen_index(step.result) != 0:  # No, or no answer
            if len(step.values["members"]) > 1 and step.result is not None:
                return await step.replace_dialog(self.initial_dialog_id, options)
            await step.context.send_activity(
                MessageFactory.text(t.gettext(LEFT_UNLINKED).format(name=step.values["name"]))
            )
            return await step.end_dialog()
        member_id = step.values["member"]["id"]
        try:
            change = await self.matching.link_profile(
                requester, candidate_id, member_id, step.values["stamp"]
            )
        except MatchRefused as refusal:
            notice = refusal.localized(t)
            if refusal.show_current_card:
                await self.update_card(step.context, requester, candidate_id, card, notice, None)
            await step.context.send_activity(MessageFactory.text(notice))
            return await step.end_dialog()
        except UserFacingError as refusal:
            await step.context.send_activity(MessageFactory.text(refusal.localized(t)))
            return await step.end_dialog()
        notice = t.gettext(change.message).format(**change.params)
        await self.update_card(step.context, requester, candidate_id, card, notice, change.match)
        await step.context.send_activity(MessageFactory.text(notice))
        return await step.end_dialog()
