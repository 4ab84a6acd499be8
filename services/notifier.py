"""Every proactive message goes through one notifier.

A proactive message is anything the bot sends outside the turn it is handling: a sign-in link sent
to someone's 1:1 chat after they pressed a button in a channel, the setup card updated in place
when LinkedIn changes the integration, a user's settings card updated after they typed their
sign-in code. (A reply inside a turn, `turn_context.send_activity`, is not one: it goes back to the
conversation the turn came from.) Adding a notification is one call of `Notifier`:

    outcome = await notifier.tell_user(tenant_id, user_id, Notice(kind, key, card=card))

The three operations, with plain values only:
- `tell_user`: the user's 1:1 chat with the bot: the stored reference of that chat; when none is
  stored (or Teams says it is gone) and the caller knows the user's Teams account from the turn
  (`account`), a new 1:1 chat is opened and kept for next time. Without either, the user is
  unreachable: they have not installed the bot or talked to it.
- `tell_conversation`: a conversation whose reference is stored (a channel, a group chat, a 1:1).
- `update_card`: replace a message the bot posted earlier (its activity id) with a new card.

Each returns an `Outcome`: SENT (with the conversation and the new activity's id), UNREACHABLE
(nothing stored to reach, the bot uninstalled or blocked, the conversation or message gone: Teams
answers 403 or 404; it is logged, a stored conversation Teams refuses is forgotten, and sending
again would not help) or FAILED (Teams throttled it, 429, or failed, 5xx, or did not answer:
worth another try later). No outcome is an exception: a message that can't be delivered never
undoes what the caller already did.

Every call carries a `Notice`: what kind of notification it is, an idempotency key (the same key
means the same notification, e.g. `setup-card:{tenant}:{version}`) and the content. They are what
lets the outbox, digests and rate limits that come later sit behind this interface without
changing any caller: an outbox notifier implements `Notifier` by storing the notice first (unique
per tenant and key, so a notice is never sent twice) and then handing it to the Teams
implementation (bot/notifier.py) once inline, returning that outcome; a FAILED one stays in the
outbox and is retried with backoff (honouring Retry-After), an UNREACHABLE one is recorded as such
and never retried. Digests group waiting notices of one kind and one user before they are sent; a
rate limiter in front of the Teams implementation keeps within Teams' limits; an update of a card
supersedes an earlier update of the same card that has not gone out yet.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol


class NoticeKind(enum.StrEnum):
    """What a proactive message is about (digests, mutes and rate limits are chosen by kind)."""

    SIGNIN_LINK = "signin_link"  # a LinkedIn sign-in link, to the person who asked for it only
    SETUP_CARD = "setup_card"  # the admins' LinkedIn setup card, updated in place
    SETTINGS_CARD = "settings_card"  # a user's own settings card, updated in place
    CANDIDATE_CARD = "candidate_card"  # a candidate card, updated in place after a typed confirmation
    # What became of a 1-click export from LinkedIn Recruiter, to its exporter (key export:{tenant}:{request})
    LINKEDIN_EXPORT = "linkedin_export"


@dataclass(frozen=True)
class Notice:
    """One notification: its kind, its idempotency key and its content, a card (Adaptive Card
    JSON) or a text."""

    kind: NoticeKind
    key: str
    card: dict[str, Any] | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        if (self.card is None) == (self.text is None):
            raise ValueError("a notice carries either a card or a text")


class Delivery(enum.StrEnum):
    SENT = "sent"
    UNREACHABLE = "unreachable"  # final: sending again would not help
    FAILED = "failed"  # transient: worth another try later


@dataclass(frozen=True)
class Outcome:
    """What became of a notice. `reason` is for the log (a status code, "no stored 1:1 chat"),
    never message text."""

    delivery: Delivery
    conversation_id: str | None = None
    activity_id: str | None = None
    reason: str = ""

    @property
    def sent(self) -> bool:
        return self.delivery is Delivery.SENT

    @classmethod
    def sent_to(cls, conversation_id: str, activity_id: str | None) -> Outcome:
        return cls(Delivery.SENT, conversation_id, activity_id)

    @classmethod
    def unreachable(cls, reason: str, conversation_id: str | None = None) -> Outcome:
        return cls(Delivery.UNREACHABLE, conversation_id, reason=reason)

    @classmethod
    def failed(cls, reason: str, conversation_id: str | None = None) -> Outcome:
        return cls(Delivery.FAILED, conversation_id, reason=reason)


@dataclass(frozen=True)
class TeamsAccount:
    """How Teams names a user and the bot where the user just wrote to it: what opening a new 1:1
    chat with that user takes. Read from the turn's activity (bot/), never from a card."""

    user_id: str  # the user's id in the channel ("29:…")
    user_name: str | None
    aad_object_id: str | None
    bot_id: str
    bot_name: str | None
    channel_id: str
    service_url: str


class Notifier(Protocol):
    """The one way to send a message outside the turn being handled (see the module docstring)."""

    async def tell_user(
        self, tenant_id: str, user_id: str, notice: Notice, *, account: TeamsAccount | None = None
    ) -> Outcome:
        """Send `notice` to the user's 1:1 chat with the bot (opening one with `account` when none
        is stored or the stored one is gone)."""
        ...

    async def tell_conversation(self, tenant_id: str, conversation_id: str, notice: Notice) -> Outcome:
        """Send `notice` to a conversation whose reference is stored."""
        ...

    async def update_card(
        self, tenant_id: str, conversation_id: str, activity_id: str, notice: Notice
    ) -> Outcome:
        """Replace the message `activity_id` of a stored conversation with the notice's card."""
        ...
