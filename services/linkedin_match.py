"""The In-ATS profile widget: a candidate's LinkedIn profile match, read from LinkedIn when the
candidate card is built, and the one way to link or unlink it (the card's buttons and the typed
dialog both end in `link_profile` / `unlink_profile`).

The three rules (domain/profile_match.py) are decided on LinkedIn's answers
(services/linkedin_match_answers.py, kept for a minute: a card says how fresh they are) and on the
candidate's link as the ATS stores it.

It needs Company-level access and the user's own LinkedIn connection (services/capabilities.py).
A button is never trusted: every change checks the tenant, the candidate, and that the candidate's
link is still the one the card was built on (its stamp); confirming twice links once. Nothing is
written when LinkedIn refuses or does not answer (services/linkedin_match_refusals.py); a link or
unlink is sent to LinkedIn (the manual match), then stored on the candidate with its audit entry.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.candidates import LinkState
from domain.profile_match import LinkedInProfile, MatchRule, ProfileMatch
from i18n import N_
from services.audit import LINKED_PROFILE, UNLINKED_PROFILE, AuditLog
from services.capabilities import Capabilities, Capability
from services.errors import CandidateNotFound
from services.identity import Requester
from services.linkedin_match_answers import (
    CACHE_SECONDS,
    CandidateNow,
    LinkedInAnswers,
    LinkedInRead,
    candidate_now,
)
from services.linkedin_match_refusals import (
    LinkedMeanwhile,
    NameNeeded,
    NotAPossibleMatch,
    OutOfDateCard,
    UnlinkedMeanwhile,
)
from services.linkedin_setup.child_app import ChildApps
from store.repositories import CandidateRepository

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 100  # a name typed to search LinkedIn by


# --- what a link or unlink did ------------------------------------------------------------------------

ALREADY_LINKED = N_("{candidate} is already linked to that LinkedIn profile, so nothing was changed.")
ALREADY_UNLINKED = N_("{candidate} isn't linked to a LinkedIn profile, so nothing was changed.")


@dataclass(frozen=True)
class MatchChange:
    """The outcome of a link or unlink: the LinkedIn section now, and what to tell the user (an N_
    message id with its parameters). `changed` is False when it was already so (a second press)."""

    match: ProfileMatch
    changed: bool
    message: str
    params: dict[str, str]


def split_name(name: str) -> tuple[str, str]:
    """A typed name as LinkedIn's member search takes it: the first word, and the rest as the last
    name ("Zoë van der Berg" -> "Zoë", "van der Berg"). Raises NameNeeded for one word or none."""
    words = "".join(ch if ch.isprintable() else " " for ch in name).split()
    if len(words) < 2 or len(" ".join(words)) > MAX_NAME_LENGTH:
        raise NameNeeded()
    return words[0], " ".join(words[1:])


class ProfileMatching:
    """The candidate card's LinkedIn section, and linking and unlinking the candidate's profile."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        child_apps: ChildApps,
        *,
        cache_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.capabilities = Capabilities(sessions)
        self.linkedin = LinkedInAnswers(sessions, child_apps, cache_seconds=cache_seconds, clock=clock)
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    # --- reading --------------------------------------------------------------------------------------

    async def section(self, requester: Requester, candidate_id: str, *, fresh: bool = False) -> ProfileMatch:
        """The candidate's LinkedIn section now (LinkedIn's answers of the last minute, unless
        `fresh`). Raises CapabilityRefused (what is missing), CandidateNotFound, LinkedInDidNotAnswer."""
        await self.allowed(requester)
        candidate = await self._candidate(requester.tenant_id, candidate_id)
        read = await self.linkedin.read(requester.tenant_id, candidate, fresh=fresh)
        return self._section(requester.tenant_id, candidate, read)

    async def allowed(self, requester: Requester) -> None:
        """Raise the CapabilityRefused that names what is missing (Company-level access, the user's
        own LinkedIn connection); return when the profile widget is the requester's to use."""
        await self.capabilities.check(requester.tenant_id, Capability.PROFILE_WIDGET, requester)

    async def search_by_name(
        self, requester: Requester, candidate_id: str, stamp: str, name: str
    ) -> ProfileMatch:
        """LinkedIn's possible matches for another name than the candidate's (when theirs found no
        one, or not the right one), listed to pick from as the candidate's own are."""
        await self.allowed(requester)
        candidate = await self._candidate(requester.tenant_id, candidate_id)
        self._check_unlinked(candidate, stamp)
        first, last = split_name(name)
        read = await self.linkedin.read(requester.tenant_id, candidate)
        search = await self.linkedin.search(requester.tenant_id, first, last)
        hits = tuple(_flag_email_match(hit, read.matched) for hit in search.hits)
        self.linkedin.remember_offered(requester.tenant_id, candidate.id, hits)
        section = self._section(requester.tenant_id, candidate, read)
        return replace(
            section,
            rule=MatchRule.POSSIBLE if hits else MatchRule.NO_MATCH,
            possible=hits,
            searched_name=f"{first} {last}",
            checked_seconds_ago=self.linkedin.age(min(read.at, search.at)),
        )

    async def pick(self, requester: Requester, candidate_id: str, member_id: str, stamp: str) -> ProfileMatch:
        """The section asking to confirm `member_id`, one of the possible matches offered for the
        candidate (by their name, or by another name the user searched). Changes nothing."""
        await self.allowed(requester)
        candidate = await self._candidate(requester.tenant_id, candidate_id)
        self._check_unlinked(candidate, stamp)
        read = await self.linkedin.read(requester.tenant_id, candidate)
        member = self._possible_member(requester.tenant_id, candidate.id, read, member_id)
        return replace(self._section(requester.tenant_id, candidate, read), picked=member)

    # --- changing --------------------------------------------------------------------------------------

    async def link_profile(
        self, requester: Requester, candidate_id: str, member_id: str, stamp: str
    ) -> MatchChange:
        """Link the candidate to `member_id` (one of their possible matches): sent to LinkedIn as
        the manual match, then stored on the candidate with its audit entry. A second press of the
        same confirmation finds it linked and changes nothing."""
        await self.allowed(requester)
        tenant_id = requester.tenant_id
        async with self._one_change_at_a_time(tenant_id, candidate_id):
            candidate = await self._candidate(tenant_id, candidate_id)
            if candidate.member_id == member_id:
                read = await self.linkedin.read(tenant_id, candidate)
                return MatchChange(
                    self._section(tenant_id, candidate, read),
                    False,
                    ALREADY_LINKED,
                    {"candidate": candidate.code},
                )
            self._check_unlinked(candidate, stamp)
            read = await self.linkedin.read(tenant_id, candidate)
            member = self._possible_member(tenant_id, candidate.id, read, member_id)
            await self.linkedin.write_manual_match(tenant_id, candidate, member.member_id)
            await self._store_link(
                requester,
                candidate,
                member,
                LINKED_PROFILE,
                was=(candidate.link_state, None),
                link_state=LinkState.MANUAL,
                member_id=member.member_id,
                profile_url=member.profile_url or None,
            )
            now = await self._candidate(tenant_id, candidate_id)
            read = replace(read, manual=member.member_id)
            self.linkedin.remember(tenant_id, now, read)
            log.info(
                "linked a candidate to a LinkedIn member (tenant %s, candidate %s)", tenant_id, candidate_id
            )
            return MatchChange(
                self._section(tenant_id, now, read),
                True,
                LINKED_PROFILE,
                {"candidate": candidate.code, "member": member.name},
            )

    async def unlink_profile(self, requester: Requester, candidate_id: str, stamp: str) -> MatchChange:
        """Unlink the candidate's LinkedIn profile ("Not the right person", or Unlink of LinkedIn's
        own match): the manual match is removed at LinkedIn and the stored link cleared, with its
        audit entry; the possible matches are offered again."""
        await self.allowed(requester)
        tenant_id = requester.tenant_id
        async with self._one_change_at_a_time(tenant_id, candidate_id):
            candidate = await self._candidate(tenant_id, candidate_id)
            if not candidate.linked:
                read = await self.linkedin.read(tenant_id, candidate)
                return MatchChange(
                    self._section(tenant_id, candidate, read),
                    False,
                    ALREADY_UNLINKED,
                    {"candidate": candidate.code},
                )
            if stamp != candidate.stamp:
                raise self._changed_meanwhile(candidate)
            read = await self.linkedin.read(tenant_id, candidate)
            member = _linked_profile(candidate, read)
            await self.linkedin.write_manual_match(tenant_id, candidate, None)
            await self._store_link(
                requester,
                candidate,
                member,
                UNLINKED_PROFILE,
                was=(candidate.link_state, candidate.member_id),
                link_state=LinkState.NONE,
                member_id=None,
                profile_url=None,
            )
            now = await self._candidate(tenant_id, candidate_id)
            read = replace(read, manual=None)
            self.linkedin.remember(tenant_id, now, read)
            log.info(
                "unlinked a candidate's LinkedIn member (tenant %s, candidate %s)", tenant_id, candidate_id
            )
            return MatchChange(
                self._section(tenant_id, now, read),
                True,
                UNLINKED_PROFILE,
                {"candidate": candidate.code, "member": member.name},
            )

    # --- the rules --------------------------------------------------------------------------------------

    def _section(self, tenant_id: str, candidate: CandidateNow, read: LinkedInRead) -> ProfileMatch:
        base = ProfileMatch(
            tenant_id=tenant_id,
            candidate_id=candidate.id,
            candidate_name=candidate.name,
            stamp=candidate.stamp,
            rule=MatchRule.NO_MATCH,
            linked=None,
            linked_by=None,
            linked_at=None,
            possible=(),
            searched_name=None,
            picked=None,
            checked_seconds_ago=self.linkedin.age(read.at),
        )
        if candidate.member_id is not None:
            profile = _linked_profile(candidate, read)
            if candidate.member_id in read.matched:  # rule 1: LinkedIn agrees on email and member id
                return replace(base, rule=MatchRule.EXACT, linked=profile)
            change = candidate.last_change
            by_whom = (
                change
                if change and change.linked and change.params.get("member_id") == profile.member_id
                else None
            )
            return replace(
                base,
                rule=MatchRule.LINKED,
                linked=profile,
                linked_by=by_whom.actor_name if by_whom else None,
                linked_at=by_whom.at if by_whom else None,
            )
        # Rule 2, or rule 3 when LinkedIn knows no one by the candidate's name. A member LinkedIn
        # matched on the candidate's email comes first.
        possible = sorted(
            (_flag_email_match(hit, read.matched) for hit in read.by_name),
            key=lambda hit: not hit.email_match,
        )
        if possible:
            return replace(base, rule=MatchRule.POSSIBLE, possible=tuple(possible))
        return base

    def _check_unlinked(self, candidate: CandidateNow, stamp: str) -> None:
        """A card that offers to link: refused when the candidate's link changed since it was built,
        or when they are linked (unlink first)."""
        if stamp != candidate.stamp or candidate.linked:
            raise self._changed_meanwhile(candidate)

    @staticmethod
    def _changed_meanwhile(candidate: CandidateNow) -> OutOfDateCard:
        change = candidate.last_change
        if change is None or not change.actor_name:
            return OutOfDateCard()
        if candidate.linked and change.linked:
            return LinkedMeanwhile(colleague=change.actor_name)
        if not candidate.linked and not change.linked:
            return UnlinkedMeanwhile(colleague=change.actor_name)
        return OutOfDateCard()

    async def _store_link(
        self,
        requester: Requester,
        candidate: CandidateNow,
        member: LinkedInProfile,
        action: str,
        *,
        was: tuple[str, str | None],
        link_state: LinkState,
        member_id: str | None,
        profile_url: str | None,
    ) -> None:
        """Store a link (or unlink) with its audit entry, only if the candidate's link is still `was`;
        otherwise nothing is written and the out-of-date card is raised."""
        tenant_id = requester.tenant_id
        async with self.sessions() as session, session.begin():
            stored = await CandidateRepository(session, tenant_id).set_linkedin_link(
                candidate.id,
                was=was,
                link_state=link_state.value,
                member_id=member_id,
                profile_url=profile_url,
            )
            if stored:
                AuditLog(session, tenant_id).record(
                    action,
                    user_id=requester.user_id,
                    actor_name=requester.display_name,
                    **_audit_params(candidate, member),
                )
        if not stored:
            raise await self._out_of_date(tenant_id, candidate.id)

    async def _out_of_date(self, tenant_id: str, candidate_id: str) -> OutOfDateCard:
        """Someone changed the candidate's link between our read and our write (another replica)."""
        log.warning("a candidate's LinkedIn link changed while it was being changed (tenant %s)", tenant_id)
        return self._changed_meanwhile(await self._candidate(tenant_id, candidate_id))

    def _possible_member(
        self, tenant_id: str, candidate_id: str, read: LinkedInRead, member_id: str
    ) -> LinkedInProfile:
        """The member among the possible matches offered for the candidate: by their name, or by
        another name searched in the last minutes. A button can name any member id; only a member
        the user was offered is linked."""
        for hit in (*read.by_name, *self.linkedin.offered(tenant_id, candidate_id)):
            if hit.member_id == member_id:
                return _flag_email_match(hit, read.matched)
        raise NotAPossibleMatch()

    # --- the ATS -----------------------------------------------------------------------------------------

    async def _candidate(self, tenant_id: str, candidate_id: str) -> CandidateNow:
        """The candidate of this tenant (CandidateNotFound for an id of another tenant, or gone)."""
        if not candidate_id:
            raise CandidateNotFound()
        async with self.sessions() as session:
            row = await CandidateRepository(session, tenant_id).by_id(candidate_id)
            if row is None:
                raise CandidateNotFound()
            last_change = await AuditLog(session, tenant_id).last_link_change(row.id)
            return candidate_now(row, last_change)

    @asynccontextmanager
    async def _one_change_at_a_time(self, tenant_id: str, candidate_id: str) -> AsyncIterator[None]:
        """A candidate's link changes one at a time in this process (LinkedIn is called in between
        reading and writing it); across processes the write checks that the link is still the one
        read (CandidateRepository.set_linkedin_link)."""
        key = (tenant_id, candidate_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            yield

    # --- LinkedIn ---------------------------------------------------------------------------------------


def _flag_email_match(profile: LinkedInProfile, matched: frozenset[str]) -> LinkedInProfile:
    return replace(profile, email_match=profile.member_id in matched)


def _linked_profile(candidate: CandidateNow, read: LinkedInRead) -> LinkedInProfile:
    """The linked member as LinkedIn lists them by the candidate's name; else as the user who linked
    them confirmed them (the audit entry); else only their member id and profile link."""
    assert candidate.member_id is not None
    for hit in read.by_name:
        if hit.member_id == candidate.member_id:
            return _flag_email_match(hit, read.matched)
    change = candidate.last_change
    if change is not None and change.linked and change.params.get("member_id") == candidate.member_id:
        return LinkedInProfile(
            member_id=candidate.member_id,
            name=change.params.get("member", ""),
            headline=change.params.get("headline", ""),
            location=change.params.get("location", ""),
            profile_url=change.params.get("profile_url") or candidate.profile_url,
            email_match=candidate.member_id in read.matched,
        )
    return LinkedInProfile(
        member_id=candidate.member_id,
        name="",
        headline="",
        location="",
        profile_url=candidate.profile_url,
        email_match=candidate.member_id in read.matched,
    )


def _audit_params(candidate: CandidateNow, member: LinkedInProfile) -> dict[str, str]:
    return {
        "candidate_id": candidate.id,
        "candidate": candidate.code,
        "member_id": member.member_id,
        "member": member.name or member.member_id,
        "headline": member.headline,
        "location": member.location,
        "profile_url": member.profile_url or "",
    }
