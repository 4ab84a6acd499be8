"""Typed answers to the dialogs' questions: who may answer, and when a question is dropped.

A question belongs to the person who was asked (in a channel or group chat others write too): an
answer from anyone else is not taken. An answer that can't be read is asked again, twice; after
that the question is dropped and the dialog carries on without an answer (None), so a chat never
stays stuck on a question."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs.choices import Choice, FoundChoice
from botbuilder.dialogs.prompts import PromptValidatorContext

from i18n import Translator

ASKER = "asker"  # the PromptOptions.validations key: the Entra object id of the person asked
RETRIES = 2


def asker_of(context: TurnContext) -> dict[str, str]:
    """The prompt's validations naming the person this turn is from."""
    sender = context.activity.from_property
    return {ASKER: str(getattr(sender, "aad_object_id", None) or getattr(sender, "id", "") or "")}


async def answered_by_the_asker(prompt: PromptValidatorContext) -> bool:
    """A prompt's validator: the asker's answer is taken when it is read; after RETRIES answers that
    can't be read, the question is dropped (the next step gets None)."""
    validations: Any = prompt.options.validations if prompt.options is not None else None
    asker = validations.get(ASKER) if isinstance(validations, dict) else None
    if asker and asker_of(prompt.context)[ASKER] != asker:
        return False
    if prompt.recognized.succeeded:
        return True
    if prompt.options.number_of_attempts >= RETRIES:
        prompt.recognized.value = None
        return True
    return False


def yes_no(t: Translator) -> list[Choice]:
    """Yes and No in the user's language; the English words are understood too."""
    yes, no = t.gettext("Yes"), t.gettext("No")
    return [
        Choice(yes, synonyms=sorted({"yes", "y", yes.casefold()})),
        Choice(no, synonyms=sorted({"no", "n", no.casefold()})),
    ]


def chosen_index(result: object) -> int | None:
    """The index of the choice a ChoicePrompt ended with; None when it was dropped."""
    return result.index if isinstance(result, FoundChoice) else None
