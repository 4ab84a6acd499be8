"""The In-ATS profile widget: a candidate's LinkedIn profile match, read from LinkedIn when the
candidate card is built, and the one way to link or unlink it (the card's buttons and the typed
dialog both end in `link_profile` / `unlink_profile`).

The three rules (domain/profile_match.py) are decided on LinkedIn's answers, read with the tenant's
customer app: the candidate's matches (`matchedMembers`, LinkedIn's match on the email, and the
`manualMatchedMember`) and the possible matches by name (LinkedIn's member search). LinkedIn can
only match a candidate it has been sent, so a candidate LinkedIn does not know yet is sent first
(names, emails, current role). Answers are kept for a minute per tenant and candidate, in this
process: a card says how fresh they are, and a link or unlink replaces them.

It needs Company-level access and the user's own LinkedIn connection (services/capabilities.py).
A button is never trusted: every change checks the tenant, the candidate, and that the candidate's
link is still the one the card was built on (its stamp); confirming twice links once. Nothing is
written when LinkedIn refuses or does not answer; a link or unlink is written with its audit entry.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector import assumed_shapes
from connector.client import LinkedInClient
from connector.errors import LinkedInError, LinkedInRejected
from domain.candidates import LinkState
from domain.profile_match import LinkedInProfile, MatchRule, ProfileMatch
from i18n import N_
from services.audit import LINKED_PROFILE, UNLINKED_PROFILE, AuditLog, CandidateLinkEntry
from services.capabilities import Capabilities, Capability
from services.errors import CandidateNotFound, UserFacingError
from services.identity import Requester
from services.linkedin_setup.child_app import ChildApps
from services.setup_refusals import SetupRefused
from store.linkedin_integration import LinkedInIntegrationRepository
from store.models import Candidate
from store.repositories import CandidateRepository

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0  # how long LinkedIn's answers about a candidate are reused
# How long the members found by another name stay pickable for the candidate: the card's buttons
# carry ids only, so the member a user confirms is checked against what was offered.
OFFERED_SECONDS = 15 * 60.0
CACHE_ENTRIES = 2000
MAX_NAME_LENGTH = 100  # a name typed to search LinkedIn by


# --- why nothing was changed --------------------------------------------------------------------------


class MatchRefused(UserFacingError):
    """Nothing was changed. With `show_current_card`, the candidate's card as it is now goes back
    with the message."""

    show_current_card = False


class LinkedInDidNotAnswer(MatchRefused):
    message = N_("LinkedIn didn't answer, so nothing was changed. Please try again in a moment.")


class LinkedInRefusedTheLink(MatchRefused):
    show_current_card = True
    message = N_("LinkedIn didn't accept that LinkedIn profile, so nothing was changed.")


class OtherOrganizationsCard(MatchRefused):
    message = N_("That card belongs to another organization, so nothing was changed.")


class OutOfDateCard(MatchRefused):
    show_current_card = True
    message = N_("This card was out of date, so nothing was changed. Here is the candidate as they are now.")


class LinkedMeanwhile(OutOfDateCard):
    message = N_(
        "{colleague} linked this candidate to a LinkedIn profile in the meantime, so nothing was changed."
    )


class UnlinkedMeanwhile(OutOfDateCard):
    message = N_(
        "{colleague} unlinked this candidate's LinkedIn profile in the meantime, so nothing was changed."
    )


class NotAPossibleMatch(OutOfDateCard):
    message = N_("That LinkedIn profile is no longer among the possible matches, so nothing was changed.")


class NameNeeded(MatchRefused):
    show_current_card = True
    message = N_("Type a first and a last name to search LinkedIn.")


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


def stamp_of(link_state: str, member_id: str | None) -> str:
    """The candidate's link as a card carries it: changes whenever the link does."""
    return hashlib.sha256(f"{link_state}|{member_id or ''}".encode()).hexdigest()[:16]


def split_name(name: str) -> tuple[str, str]:
    """A typed name as LinkedIn's member search takes it: the first word, and the rest as the last
    name ("Zoë van der Berg" -> "Zoë", "van der Berg"). Raises NameNeeded for one word or none."""
    words = "".join(ch if ch.isprintable() else " " for ch in name).split()
    if len(words) < 2 or len(" ".join(words)) > MAX_NAME_LENGTH:
        raise NameNeeded()
    return words[0], " ".join(words[1:])


# --- what the services read ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CandidateNow:
    """The candidate as the ATS holds them, read in one unit of work."""

    id: str
    code: str
    first_name: str
    last_name: str
    emails: tuple[str, ...]
    current_title: str | None
    current_company: str | None
    member_id: str | None
    profile_url: str | None
    link_state: str
    created_at: datetime
    updated_at: datetime
    last_change: CandidateLinkEntry | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def stamp(self) -> str:
        return stamp_of(self.link_state, self.member_id)

    @property
    def linked(self) -> bool:
        return self.member_id is not None


@dataclass(frozen=True)
class _LinkedInRead:
    """LinkedIn's answers about one candidate."""

    matched: frozenset[str]  # member ids LinkedIn matched on the candidate's email
    manual: str | None  # the manual match LinkedIn holds
    by_name: tuple[LinkedInProfile, ...]  # the possible matches by the candidate's name
    at: float  # when LinkedIn was asked (the clock's seconds)


class _Kept(Protocol):
    @property
    def at(self) -> float:  # when LinkedIn was asked (the clock's seconds)
        ...


Kept = TypeVar("Kept", bound=_Kept)


class _Answers(Generic[Kept]):
    """LinkedIn's answers kept briefly, in this process: at most `size`, each for `seconds`."""

    def __init__(self, seconds: float, size: int, clock: Callable[[], float]) -> None:
        self.seconds, self.size, self.clock = seconds, size, clock
        self._kept: OrderedDict[tuple[str, ...], Kept] = OrderedDict()

    def get(self, key: tuple[str, ...]) -> Kept | None:
        kept = self._kept.get(key)
        if kept is None or self.clock() - kept.at >= self.seconds:
            self._kept.pop(key, None)
            return None
        self._kept.move_to_end(key)
        return kept

    def put(self, key: tuple[str, ...], value: Kept) -> None:
        self._kept[key] = value
        self._kept.move_to_end(key)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


@dataclass(frozen=True)
class _NameSearch:
    hits: tuple[LinkedInProfile, ...]
    at: float


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
        self.child_apps = child_apps
        self.clock = clock
        self._answers: _Answers[_LinkedInRead] = _Answers(cache_seconds, CACHE_ENTRIES, clock)
        self._searches: _Answers[_NameSearch] = _Answers(cache_seconds, CACHE_ENTRIES, clock)
        self._offered: _Answers[_NameSearch] = _Answers(OFFERED_SECONDS, CACHE_ENTRIES, clock)
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    # --- reading --------------------------------------------------------------------------------------

    async def section(self, requester: Requester, candidate_id: str, *, fresh: bool = False) -> ProfileMatch:
        """The candidate's LinkedIn section now (LinkedIn's answers of the last minute, unless
        `fresh`). Raises CapabilityRefused (what is missing), CandidateNotFound, LinkedInDidNotAnswer."""
        await self.allowed(requester)
        candidate = await self._candidate(requester.tenant_id, candidate_id)
        read = await self._read(requester.tenant_id, candidate, fresh=fresh)
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
        read = await self._read(requester.tenant_id, candidate)
        search = await self._search(requester.tenant_id, first, last)
        hits = tuple(_flag_email_match(hit, read.matched) for hit in search.hits)
        self._remember_offered(requester.tenant_id, candidate.id, hits)
        section = self._section(requester.tenant_id, candidate, read)
        return replace(
            section,
            rule=MatchRule.POSSIBLE if hits else MatchRule.NO_MATCH,
            possible=hits,
            searched_name=f"{first} {last}",
            checked_seconds_ago=self._age(min(read.at, search.at)),
        )

    async def pick(self, requester: Requester, candidate_id: str, member_id: str, stamp: str) -> ProfileMatch:
        """The section asking to confirm `member_id`, one of the possible matches offered for the
        candidate (by their name, or by another name the user searched). Changes nothing."""
        await self.allowed(requester)
        candidate = await self._candidate(requester.tenant_id, candidate_id)
        self._check_unlinked(candidate, stamp)
        read = await self._read(requester.tenant_id, candidate)
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
                read = await self._read(tenant_id, candidate)
                return MatchChange(
                    self._section(tenant_id, candidate, read),
                    False,
                    ALREADY_LINKED,
                    {"candidate": candidate.code},
                )
            self._check_unlinked(candidate, stamp)
            read = await self._read(tenant_id, candidate)
            member = self._possible_member(tenant_id, candidate.id, read, member_id)
            client = await self._client(tenant_id)
            await self._write_to_linkedin(client, candidate, member.member_id)
            async with self.sessions() as session, session.begin():
                stored = await CandidateRepository(session, tenant_id).set_linkedin_link(
                    candidate.id,
                    was=(candidate.link_state, None),
                    link_state=LinkState.MANUAL.value,
                    member_id=member.member_id,
                    profile_url=member.profile_url or None,
                )
                if stored:
                    AuditLog(session, tenant_id).record(
                        LINKED_PROFILE,
                        user_id=requester.user_id,
                        actor_name=requester.display_name,
                        **_audit_params(candidate, member),
                    )
            if not stored:
                raise await self._out_of_date(tenant_id, candidate_id)
            now = await self._candidate(tenant_id, candidate_id)
            read = replace(read, manual=member.member_id)
            self._answers.put(_read_key(tenant_id, now), read)
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
                read = await self._read(tenant_id, candidate)
                return MatchChange(
                    self._section(tenant_id, candidate, read),
                    False,
                    ALREADY_UNLINKED,
                    {"candidate": candidate.code},
                )
            if stamp != candidate.stamp:
                raise self._changed_meanwhile(candidate)
            read = await self._read(tenant_id, candidate)
            member = _linked_profile(candidate, read)
            client = await self._client(tenant_id)
            await self._write_to_linkedin(client, candidate, None)
            async with self.sessions() as session, session.begin():
                stored = await CandidateRepository(session, tenant_id).set_linkedin_link(
                    candidate.id,
                    was=(candidate.link_state, candidate.member_id),
                    link_state=LinkState.NONE.value,
                    member_id=None,
                    profile_url=None,
                )
                if stored:
                    AuditLog(session, tenant_id).record(
                        UNLINKED_PROFILE,
                        user_id=requester.user_id,
                        actor_name=requester.display_name,
                        **_audit_params(candidate, member),
                    )
            if not stored:
                raise await self._out_of_date(tenant_id, candidate_id)
            now = await self._candidate(tenant_id, candidate_id)
            read = replace(read, manual=None)
            self._answers.put(_read_key(tenant_id, now), read)
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

    def _section(self, tenant_id: str, candidate: _CandidateNow, read: _LinkedInRead) -> ProfileMatch:
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
            checked_seconds_ago=self._age(read.at),
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

    def _check_unlinked(self, candidate: _CandidateNow, stamp: str) -> None:
        """A card that offers to link: refused when the candidate's link changed since it was built,
        or when they are linked (unlink first)."""
        if stamp != candidate.stamp or candidate.linked:
            raise self._changed_meanwhile(candidate)

    @staticmethod
    def _changed_meanwhile(candidate: _CandidateNow) -> OutOfDateCard:
        change = candidate.last_change
        if change is None or not change.actor_name:
            return OutOfDateCard()
        if candidate.linked and change.linked:
            return LinkedMeanwhile(colleague=change.actor_name)
        if not candidate.linked and not change.linked:
            return UnlinkedMeanwhile(colleague=change.actor_name)
        return OutOfDateCard()

    async def _out_of_date(self, tenant_id: str, candidate_id: str) -> OutOfDateCard:
        """Someone changed the candidate's link between our read and our write (another replica)."""
        log.warning("a candidate's LinkedIn link changed while it was being changed (tenant %s)", tenant_id)
        return self._changed_meanwhile(await self._candidate(tenant_id, candidate_id))

    def _possible_member(
        self, tenant_id: str, candidate_id: str, read: _LinkedInRead, member_id: str
    ) -> LinkedInProfile:
        """The member among the possible matches offered for the candidate: by their name, or by
        another name searched in the last minutes. A button can name any member id; only a member
        the user was offered is linked."""
        offered = self._offered.get((tenant_id, candidate_id))
        for hit in (*read.by_name, *(offered.hits if offered else ())):
            if hit.member_id == member_id:
                return _flag_email_match(hit, read.matched)
        raise NotAPossibleMatch()

    def _remember_offered(self, tenant_id: str, candidate_id: str, hits: tuple[LinkedInProfile, ...]) -> None:
        key = (tenant_id, candidate_id)
        before = self._offered.get(key)
        kept = {hit.member_id: hit for hit in (*(before.hits if before else ()), *hits)}
        self._offered.put(key, _NameSearch(tuple(kept.values()), self.clock()))

    # --- the ATS -----------------------------------------------------------------------------------------

    async def _candidate(self, tenant_id: str, candidate_id: str) -> _CandidateNow:
        """The candidate of this tenant (CandidateNotFound for an id of another tenant, or gone)."""
        if not candidate_id:
            raise CandidateNotFound()
        async with self.sessions() as session:
            row = await CandidateRepository(session, tenant_id).by_id(candidate_id)
            if row is None:
                raise CandidateNotFound()
            last_change = await AuditLog(session, tenant_id).last_link_change(row.id)
            return _candidate_now(row, last_change)

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

    async def _client(self, tenant_id: str) -> LinkedInClient:
        async with self.sessions() as session:
            row = await LinkedInIntegrationRepository(session, tenant_id).find()
        if row is None or not row.organization:
            raise LinkedInDidNotAnswer()
        try:
            return await self.child_apps.client(row)
        except (LinkedInError, SetupRefused) as error:
            log.warning(
                "LinkedIn's customer app could not be read (tenant %s): %s", tenant_id, type(error).__name__
            )
            raise LinkedInDidNotAnswer() from error

    async def _read(self, tenant_id: str, candidate: _CandidateNow, *, fresh: bool = False) -> _LinkedInRead:
        """LinkedIn's matches and possible matches for the candidate (kept for a minute)."""
        key = _read_key(tenant_id, candidate)
        if not fresh:
            kept = self._answers.get(key)
            if kept is not None:
                return kept
        client = await self._client(tenant_id)
        try:
            matches = await client.candidate_matches([candidate.id])
            if _not_known(matches.errors.get(candidate.id)):
                await self._send(client, candidate)
                matches = await client.candidate_matches([candidate.id])
            matches.raise_for_errors()
            match = matches.succeeded.get(candidate.id)
            if match is None:
                raise LinkedInRejected("LinkedIn answered without the candidate's matches")
            hits = await client.member_search(candidate.first_name, candidate.last_name)
        except LinkedInError as error:
            log.warning(
                "LinkedIn's matches could not be read (tenant %s): %s", tenant_id, type(error).__name__
            )
            raise LinkedInDidNotAnswer() from error
        read = _LinkedInRead(
            matched=frozenset(assumed_shapes.urn_id(m) for m in match.matched_members),
            manual=assumed_shapes.urn_id(match.manual_matched_member)
            if match.manual_matched_member
            else None,
            by_name=tuple(_profile(hit) for hit in hits),
            at=self.clock(),
        )
        self._answers.put(key, read)
        return read

    async def _search(self, tenant_id: str, first: str, last: str) -> _NameSearch:
        key = (tenant_id, first.casefold(), last.casefold())
        kept = self._searches.get(key)
        if kept is not None:
            return kept
        client = await self._client(tenant_id)
        try:
            hits = await client.member_search(first, last)
        except LinkedInError as error:
            log.warning("LinkedIn's member search failed (tenant %s): %s", tenant_id, type(error).__name__)
            raise LinkedInDidNotAnswer() from error
        search = _NameSearch(tuple(_profile(hit) for hit in hits), self.clock())
        self._searches.put(key, search)
        return search

    async def _send(self, client: LinkedInClient, candidate: _CandidateNow) -> None:
        """Send the candidate to LinkedIn, which matches only candidates it has been sent."""
        result = await client.upsert_candidates({candidate.id: _candidate_record(candidate)})
        result.raise_for_errors()

    async def _write_to_linkedin(
        self, client: LinkedInClient, candidate: _CandidateNow, member_id: str | None
    ) -> None:
        """The manual match at LinkedIn (None removes it); raises why nothing was changed."""
        try:
            result = await client.set_manual_matches({candidate.id: member_id})
            if _not_known(result.errors.get(candidate.id)):
                await self._send(client, candidate)
                result = await client.set_manual_matches({candidate.id: member_id})
            result.raise_for_errors()
        except LinkedInRejected as error:
            log.warning("LinkedIn refused a manual match (candidate %s): %s", candidate.id, error.status)
            raise LinkedInRefusedTheLink() from error
        except LinkedInError as error:
            log.warning(
                "LinkedIn did not take a manual match (candidate %s): %s", candidate.id, type(error).__name__
            )
            raise LinkedInDidNotAnswer() from error

    def _age(self, at: float) -> int:
        return max(0, int(self.clock() - at))


def _read_key(tenant_id: str, candidate: _CandidateNow) -> tuple[str, ...]:
    # LinkedIn's answers depend on what it was sent and asked: the names and emails.
    return (tenant_id, candidate.id, candidate.first_name, candidate.last_name, *candidate.emails)


def _not_known(error: Any) -> bool:
    return error is not None and error.status == 404


def _profile(hit: assumed_shapes.MemberSearchHit) -> LinkedInProfile:
    return LinkedInProfile(
        member_id=assumed_shapes.urn_id(hit.member),
        name=f"{hit.first_name} {hit.last_name}".strip(),
        headline=hit.headline,
        location=hit.location,
        profile_url=hit.profile_url or None,
    )


def _flag_email_match(profile: LinkedInProfile, matched: frozenset[str]) -> LinkedInProfile:
    return replace(profile, email_match=profile.member_id in matched)


def _linked_profile(candidate: _CandidateNow, read: _LinkedInRead) -> LinkedInProfile:
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


def _audit_params(candidate: _CandidateNow, member: LinkedInProfile) -> dict[str, str]:
    return {
        "candidate_id": candidate.id,
        "candidate": candidate.code,
        "member_id": member.member_id,
        "member": member.name or member.member_id,
        "headline": member.headline,
        "location": member.location,
        "profile_url": member.profile_url or "",
    }


def _candidate_now(row: Candidate, last_change: CandidateLinkEntry | None) -> _CandidateNow:
    return _CandidateNow(
        id=row.id,
        code=row.code,
        first_name=row.first_name,
        last_name=row.last_name,
        emails=tuple(email.address for email in row.emails),
        current_title=row.current_title,
        current_company=row.current_company,
        member_id=row.linkedin_member_id or None,
        profile_url=row.linkedin_profile_url,
        link_state=row.link_state,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_change=last_change,
    )


def _epoch_ms(value: datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return max(1, int(value.timestamp() * 1000))


def _candidate_record(candidate: _CandidateNow) -> dict[str, Any]:
    """What LinkedIn needs to match the candidate: names, emails, current role."""
    created = _epoch_ms(candidate.created_at)
    record: dict[str, Any] = {
        "atsCreatedAt": created,
        "atsLastModifiedAt": max(created, _epoch_ms(candidate.updated_at)),
        "firstName": candidate.first_name,
        "lastName": candidate.last_name,
        "emailAddresses": list(candidate.emails),
    }
    if candidate.current_company:
        record["currentCompanyName"] = candidate.current_company
    if candidate.current_title:
        record["currentJobTitle"] = candidate.current_title
    return record
