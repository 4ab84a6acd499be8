"""`export <candidate name, candidate id or LinkedIn profile address>`, asked step by step: which
candidate (asked when nothing was typed; a short list to pick from when several match; for a profile
address, the candidate linked to it, else the LinkedIn member there, who becomes a candidate), which of
the user's jobs, then Export or Cancel. It ends in the same service call as the candidate card's Export
button (CandidateExports.export), with the same checks, and the same result card.

"stop" or "cancel", typed by the person asked, leaves the dialog at any question; nothing is exported
until they confirm. The confirmation carries an idempotency key made when it was asked, so a turn
delivered twice exports once. The questions survive a restart (bot state is in the database); the asker
is resolved again at every step.

The dialog does not import the bot: the bot hands it how to resolve the asker and how to show the result."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogContext,
    DialogTurnResult,
    PromptOptions,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.choices import Choice, ListStyle
from botbuilder.dialogs.prompts import ChoicePrompt

from dialogs.answers import ASKER, answered_by_the_asker, asker_of, chosen_index, yes_no
from domain.candidates import CandidateSummary, echoed
from domain.exports import (
    ExistingCandidate,
    ExportableJob,
    ExportRequest,
    ExportResult,
    ExportSource,
    LinkedInProfile,
)
from domain.jobs import PROSPECT_STAGE
from i18n import N_, Translator, translator
from services.candidates import CandidateDirectory
from services.errors import UserFacingError
from services.exports import CandidateExports, ExportJobNotFound
from services.identity import Requester
from services.linkedin_profiles import LinkedInProfiles
from store.text import canonical_profile_url

ResolveRequester = Callable[[TurnContext], Awaitable[Requester]]
# Sends the result card of an export.
ShowExportResult = Callable[[TurnContext, Requester, ExportResult], Awaitable[None]]

ARGUMENT = "argument"  # the dialog's options: what was typed after the command word
WHO, WHICH, JOB, CONFIRM = "who", "which", "job", "confirm"
PICK_JOB = "pickJob"  # the job question, asked again with a narrower list until one job is chosen
JOB_TRIES = 3  # answers naming no job (or several) before the question is dropped

NO_JOBS = N_(
    "You can export candidates only to active jobs where you are the Hiring manager or a Recruiter, "
    "and you have none right now."
)
NOTHING_EXPORTED = N_("OK, nothing was exported.")
# After why a job typed by its id can't be exported to: the list of the user's jobs follows.
ONE_OF_THESE = N_("Type the number of one of these, or another job id or title.")
# What to do when no candidate matches: someone not in the ATS yet is exported by their profile address.
NO_CANDIDATE = N_(
    'I found no candidate matching "{query}". Check the spelling, or type export and their LinkedIn '
    "profile address to export someone who isn't a candidate yet."
)
# The job a card or an answer named is not one of the tenant's (deleted, another organization's, garbage).
JOB_NOT_FOUND = N_("That job doesn't exist or isn't visible to you, so nothing was exported.")
# TRANSLATORS: words the user types to leave a question (besides the English stop and cancel),
# separated by spaces.
STOP_WORDS = N_("stop cancel")


def _candidate_label(t: Translator, candidate: CandidateSummary) -> str:
    """A candidate on the list to pick from: namesakes told apart by their current role, as on the
    candidate list (no email: the list may be in a channel)."""
    label = f"{candidate.name} ({candidate.code})"
    title, company = candidate.current_title, candidate.current_company
    role = (
        t.gettext("{title} at {company}").format(title=title, company=company) if title and company else None
    )
    role = role or title or company
    return f"{label} · {role}" if role else label


def _job_line(job: dict[str, str]) -> str:
    return f"{job['title']} ({job['code']})"


def _job_choice(t: Translator, job: dict[str, str], stages: dict[str, str]) -> str:
    """A job on the list to pick from; one the candidate is already in says at which stage (as the
    candidate card's job picker does): exporting there changes nothing."""
    stage = stages.get(job["code"])
    if stage is None:
        return _job_line(job)
    shown = t.pgettext("stage name", "Prospect") if stage == PROSPECT_STAGE else stage
    return f"{_job_line(job)} · " + t.gettext("already in {stage}").format(stage=shown)


def _job(job: ExportableJob) -> dict[str, str]:
    return {"id": job.job_id, "code": job.job_code, "title": job.title}


def _export_or_cancel(t: Translator) -> list[Choice]:
    """The confirmation's answers: "Yes, export" (or yes) and Cancel (or no), in the user's language;
    the English words are understood too."""
    yes, no = yes_no(t)
    export, cancel = t.gettext("Yes, export"), t.gettext("Cancel")
    return [
        Choice(export, synonyms=sorted({*(yes.synonyms or ()), yes.value.casefold(), export.casefold()})),
        Choice(cancel, synonyms=sorted({*(no.synonyms or ()), no.value.casefold(), cancel.casefold()})),
    ]


def _stop_words(t: Translator) -> set[str]:
    return {"stop", "cancel", *t.gettext(STOP_WORDS).casefold().split()}


class ExportCandidateDialog(ComponentDialog):
    def __init__(
        self,
        directory: CandidateDirectory,
        exports: CandidateExports,
        profiles: LinkedInProfiles,
        resolve_requester: ResolveRequester,
        show_result: ShowExportResult,
    ) -> None:
        super().__init__(ExportCandidateDialog.__name__)
        self.directory = directory
        self.exports = exports
        self.profiles = profiles
        self.resolve_requester = resolve_requester
        self.show_result = show_result
        self.add_dialog(TextPrompt(WHO, answered_by_the_asker))
        self.add_dialog(ChoicePrompt(WHICH, answered_by_the_asker))
        self.add_dialog(TextPrompt(JOB, answered_by_the_asker))
        self.add_dialog(ChoicePrompt(CONFIRM, answered_by_the_asker))
        self.add_dialog(WaterfallDialog(PICK_JOB, [self._ask_job, self._job_answered]))
        self.add_dialog(
            WaterfallDialog(
                "export", [self._ask_who, self._find, self._picked, self._ask_to_confirm, self._export]
            )
        )
        self.initial_dialog_id = "export"

    # --- leaving ---------------------------------------------------------------------------------------

    async def begin_dialog(self, dialog_context: DialogContext, options: object = None) -> DialogTurnResult:
        dialog_context.active_dialog.state[ASKER] = asker_of(dialog_context.context)[ASKER]
        return await super().begin_dialog(dialog_context, options)

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        """ "stop" or "cancel" from the person asked leaves the dialog, whatever the question."""
        text = (dialog_context.context.activity.text or "").strip().casefold().rstrip(".!")
        asker = dialog_context.active_dialog.state.get(ASKER)
        if text and asker == asker_of(dialog_context.context)[ASKER]:
            requester = await self.resolve_requester(dialog_context.context)
            t = translator(requester.locale)
            if text in _stop_words(t):
                await self._say(dialog_context.context, t.gettext(NOTHING_EXPORTED))
                return await dialog_context.end_dialog()
        return await super().continue_dialog(dialog_context)

    @staticmethod
    async def _say(context: TurnContext, text: str) -> None:
        await context.send_activity(MessageFactory.text(text))

    # --- which candidate -------------------------------------------------------------------------------

    async def _ask_who(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        t = translator(requester.locale)
        if not (await self.exports.exportable_jobs(requester, limit=1)).total:
            await self._say(step.context, t.gettext(NO_JOBS))
            return await step.end_dialog()
        options: dict[str, Any] = dict(step.options or {})
        typed = str(options.get(ARGUMENT) or "").strip()
        if typed:
            return await step.next(typed)
        question = t.gettext(
            "Who do you want to export? Type a name, a candidate id or a LinkedIn profile address."
        )
        return await step.prompt(
            WHO, PromptOptions(prompt=MessageFactory.text(question), validations=asker_of(step.context))
        )

    async def _find(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        t = translator(requester.locale)
        typed = str(step.result or "").strip()
        if not typed:
            return await step.end_dialog()
        try:
            search = await self.directory.find(requester, typed)
            if not search.candidates and canonical_profile_url(typed) is not None:
                # No candidate is linked to that profile: the LinkedIn member there becomes one.
                member = await self.profiles.by_profile_url(requester, typed)
                return await step.next({"member": dataclasses.asdict(member)})
        except UserFacingError as refusal:  # too long, busy, LinkedIn not set up or not answering
            await self._say(step.context, refusal.localized(t))
            return await step.end_dialog()
        if not search.candidates:
            await self._say(step.context, t.gettext(NO_CANDIDATE).format(query=echoed(typed)))
            return await step.end_dialog()
        if search.total == 1:
            return await step.next({"candidate": dataclasses.asdict(search.candidates[0])})
        step.values["listed"] = [dataclasses.asdict(candidate) for candidate in search.candidates]
        question = t.gettext(
            'Several candidates match "{query}". Which one do you want to export? '
            "Type its number or candidate id."
        ).format(query=echoed(typed))
        return await step.prompt(
            WHICH,
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(question),
                choices=[
                    Choice(_candidate_label(t, candidate), synonyms=[candidate.code])
                    for candidate in search.candidates
                ],
                style=ListStyle.list_style,
                validations=asker_of(step.context),
            ),
        )

    async def _picked(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The candidate is known: which job?"""
        if isinstance(step.result, dict):
            chosen: dict[str, Any] = step.result
        else:
            index = chosen_index(step.result)
            listed: list[dict[str, Any]] = step.values.get("listed", [])
            if index is None or not 0 <= index < len(listed):
                return await self._nothing_exported(step)
            chosen = {"candidate": listed[index]}
        step.values["chosen"] = chosen
        stages: dict[str, str] = {}
        if "candidate" in chosen:  # the jobs they are already in, and at which stage
            requester = await self.resolve_requester(step.context)
            try:
                profile = await self.directory.profile(requester, chosen["candidate"]["id"])
            except UserFacingError:  # gone since it was found: the export says so
                pass
            else:
                stages = {
                    application.job_code: application.current_stage for application in profile.applications
                }
        return await step.begin_dialog(PICK_JOB, {"tries": 0, "stages": stages})

    # --- which job -------------------------------------------------------------------------------------

    async def _ask_job(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        t = translator(requester.locale)
        options: dict[str, Any] = dict(step.options or {})
        listed: list[dict[str, str]] | None = options.get("listed")
        if listed is None:
            jobs = await self.exports.exportable_jobs(requester)
            listed = [_job(job) for job in jobs.jobs]
            if jobs.total == 1 and len(listed) == 1:
                return await step.end_dialog(listed[0])
            if not listed:
                await self._say(step.context, t.gettext(NO_JOBS))
                return await step.end_dialog(None)
            intro = t.gettext("Which job? Type its number, its job id or a word of its title.")
            if jobs.total > len(listed):
                intro += " " + t.gettext(
                    "Showing {shown} of your {total} jobs: type a job id or a word of a title "
                    "to find another."
                ).format(shown=t.format_number(len(listed)), total=t.format_number(jobs.total))
        else:
            intro = str(options.get("intro") or "")
        step.values["listed"] = listed
        stages: dict[str, str] = dict(options.get("stages") or {})
        lines = "\n".join(
            f"{number}. {_job_choice(t, job, stages)}" for number, job in enumerate(listed, start=1)
        )
        return await step.prompt(
            JOB,
            PromptOptions(
                prompt=MessageFactory.text(f"{intro}\n\n{lines}"), validations=asker_of(step.context)
            ),
        )

    async def _job_answered(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        t = translator(requester.locale)
        options: dict[str, Any] = dict(step.options or {})
        listed: list[dict[str, str]] = step.values["listed"]
        typed = str(step.result or "").strip()
        if not typed:  # dropped after answers that couldn't be read
            return await step.end_dialog(None)
        # ASCII digits only, and few: "²" and a number of thousands of digits are digits to
        # str.isdigit but no number int() reads.
        if typed.isascii() and typed.isdigit() and len(typed) <= 4 and 1 <= int(typed) <= len(listed):
            return await step.end_dialog(listed[int(typed) - 1])
        found = await self.exports.exportable_jobs(requester, typed)
        exact = [job for job in found.jobs if job.job_code.casefold() == typed.casefold()]
        if exact or found.total == 1:
            return await step.end_dialog(_job((exact or list(found.jobs))[0]))
        tries = int(options.get("tries") or 0) + 1
        if tries >= JOB_TRIES:
            return await step.end_dialog(None)
        if found.jobs:
            intro = t.gettext(
                'Several of your jobs match "{text}". Type the number of the one you mean.'
            ).format(text=echoed(typed))
            listed = [_job(job) for job in found.jobs]
        elif refusal := await self.exports.refusal_for_job_code(requester, typed):
            # A job id of the organization's that isn't offered (a test job, a draft, another
            # recruiter's job …): why, rather than "none matches".
            intro = f"{refusal.localized(t)} {t.gettext(ONE_OF_THESE)}"
        else:
            intro = t.gettext(
                'None of your jobs matches "{text}". '
                "Type the number of one of these, or another job id or title."
            ).format(text=echoed(typed))
        return await step.replace_dialog(
            PICK_JOB,
            {"tries": tries, "listed": listed, "intro": intro, "stages": options.get("stages") or {}},
        )

    # --- confirm and export ----------------------------------------------------------------------------

    async def _ask_to_confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        job: dict[str, str] | None = step.result if isinstance(step.result, dict) else None
        if job is None:
            return await self._nothing_exported(step)
        requester = await self.resolve_requester(step.context)
        t = translator(requester.locale)
        step.values["job"] = job
        # Made once, when asked: the same confirmation delivered twice exports once.
        step.values["key"] = f"teams:{uuid.uuid4()}"
        chosen = step.values["chosen"]
        if "member" in chosen:
            member = chosen["member"]
            question = t.gettext(
                "Export {name} from LinkedIn ({profile}) to {job}? {name} becomes a new candidate unless "
                "the ATS already has them. Type yes to export or no to cancel."
            ).format(
                name=f"{member['first_name']} {member['last_name']}".strip(),
                profile=member.get("profile_url") or member["member_id"],
                job=_job_line(job),
            )
        else:
            candidate = chosen["candidate"]
            question = t.gettext("Export {candidate} to {job}? Type yes to export or no to cancel.").format(
                candidate=f"{candidate['name']} ({candidate['code']})", job=_job_line(job)
            )
        # In the 1:1 chat Teams shows the two answers as buttons under the question ("Yes, export" and
        # Cancel: a button that said just "export" would send the command word itself).
        personal = getattr(step.context.activity.conversation, "conversation_type", None) == "personal"
        return await step.prompt(
            CONFIRM,
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(question),
                choices=_export_or_cancel(t),
                style=ListStyle.suggested_action if personal else ListStyle.none,
                validations=asker_of(step.context),
            ),
        )

    async def _export(self, step: WaterfallStepContext) -> DialogTurnResult:
        if chosen_index(step.result) != 0:  # No, or no answer
            return await self._nothing_exported(step)
        requester = await self.resolve_requester(step.context)
        chosen = step.values["chosen"]
        candidate: LinkedInProfile | ExistingCandidate
        if "member" in chosen:
            member = dict(chosen["member"])
            member["emails"] = tuple(member.get("emails") or ())
            member["phones"] = tuple(member.get("phones") or ())
            candidate = LinkedInProfile(**member)
        else:
            candidate = ExistingCandidate(chosen["candidate"]["id"])
        request = ExportRequest(
            tenant_id=requester.tenant_id,
            exporter_user_id=requester.user_id,
            job_id=step.values["job"]["id"],
            candidate=candidate,
            idempotency_key=step.values["key"],
            source=ExportSource.TEAMS,
        )
        t = translator(requester.locale)
        try:
            result = await self.exports.export(request)
        except ExportJobNotFound:  # deleted since it was listed
            await self._say(step.context, t.gettext(JOB_NOT_FOUND))
            return await step.end_dialog()
        except UserFacingError as refusal:  # refused: nothing was written
            await self._say(step.context, refusal.localized(t))
            return await step.end_dialog()
        await self.show_result(step.context, requester, result)
        return await step.end_dialog()

    async def _nothing_exported(self, step: WaterfallStepContext) -> DialogTurnResult:
        requester = await self.resolve_requester(step.context)
        await self._say(step.context, translator(requester.locale).gettext(NOTHING_EXPORTED))
        return await step.end_dialog()
