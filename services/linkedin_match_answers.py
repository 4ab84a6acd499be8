"""LinkedIn's answers about a candidate's profile match, read with the tenant's customer app: the
candidate's matches (`matchedMembers`, LinkedIn's match on the email, and the `manualMatchedMember`)
and the possible matches by name (LinkedIn's member search); and the manual match written back.

LinkedIn can only match a candidate it has been sent, so a candidate LinkedIn does not know yet is
sent first (names, emails, current role). Answers are kept for a minute per tenant and candidate,
in this process (services/linkedin_match.py replaces them after a link or unlink); the members
offered for another name are kept longer, as the only ones a confirmation may link.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from connector import assumed_shapes
from connector.client import LinkedInClient
from connector.errors import LinkedInError, LinkedInRejected
from domain.profile_match import LinkedInProfile
from services.audit import CandidateLinkEntry
from services.linkedin_match_refusals import LinkedInDidNotAnswer, LinkedInRefusedTheLink
from services.linkedin_setup.child_app import ChildApps
from services.setup_refusals import SetupRefused
from store.linkedin_integration import LinkedInIntegrationRepository
from store.models import Candidate

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0  # how long LinkedIn's answers about a candidate are reused
# How long the members found by another name stay pickable for the candidate: the card's buttons
# carry ids only, so the member a user confirms is checked against what was offered.
OFFERED_SECONDS = 15 * 60.0
CACHE_ENTRIES = 2000


def stamp_of(link_state: str, member_id: str | None) -> str:
    """The candidate's link as a card carries it: changes whenever the link does."""
    return hashlib.sha256(f"{link_state}|{member_id or ''}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CandidateNow:
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
class LinkedInRead:
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
class NameSearch:
    """LinkedIn's members by one name."""

    hits: tuple[LinkedInProfile, ...]
    at: float


class LinkedInAnswers:
    """What LinkedIn says about candidates' matches, for the tenant's customer app. Raises
    LinkedInDidNotAnswer (or LinkedInRefusedTheLink) when LinkedIn fails; nothing is changed then."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        child_apps: ChildApps,
        *,
        cache_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.child_apps = child_apps
        self.clock = clock
        self._reads: _Answers[LinkedInRead] = _Answers(cache_seconds, CACHE_ENTRIES, clock)
        self._searches: _Answers[NameSearch] = _Answers(cache_seconds, CACHE_ENTRIES, clock)
        self._offered: _Answers[NameSearch] = _Answers(OFFERED_SECONDS, CACHE_ENTRIES, clock)

    def remember(self, tenant_id: str, candidate: CandidateNow, read: LinkedInRead) -> None:
        """What LinkedIn holds now (after a manual match was written)."""
        self._reads.put(_read_key(tenant_id, candidate), read)

    def offered(self, tenant_id: str, candidate_id: str) -> tuple[LinkedInProfile, ...]:
        """The members offered for the candidate under another name in the last minutes."""
        kept = self._offered.get((tenant_id, candidate_id))
        return kept.hits if kept is not None else ()

    def remember_offered(self, tenant_id: str, candidate_id: str, hits: tuple[LinkedInProfile, ...]) -> None:
        key = (tenant_id, candidate_id)
        before = self._offered.get(key)
        kept = {hit.member_id: hit for hit in (*(before.hits if before else ()), *hits)}
        self._offered.put(key, NameSearch(tuple(kept.values()), self.clock()))

    def age(self, at: float) -> int:
        """Seconds since LinkedIn was asked."""
        return max(0, int(self.clock() - at))

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

    async def read(self, tenant_id: str, candidate: CandidateNow, *, fresh: bool = False) -> LinkedInRead:
        """LinkedIn's matches and possible matches for the candidate (kept for a minute unless
        `fresh`)."""
        key = _read_key(tenant_id, candidate)
        if not fresh:
            kept = self._reads.get(key)
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
        read = LinkedInRead(
            matched=frozenset(assumed_shapes.urn_id(m) for m in match.matched_members),
            manual=assumed_shapes.urn_id(match.manual_matched_member)
            if match.manual_matched_member
            else None,
            by_name=tuple(profile_of(hit) for hit in hits),
            at=self.clock(),
        )
        self._reads.put(key, read)
        return read

    async def search(self, tenant_id: str, first: str, last: str) -> NameSearch:
        """LinkedIn's members by this name (kept for a minute)."""
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
        search = NameSearch(tuple(profile_of(hit) for hit in hits), self.clock())
        self._searches.put(key, search)
        return search

    async def _send(self, client: LinkedInClient, candidate: CandidateNow) -> None:
        """Send the candidate to LinkedIn, which matches only candidates it has been sent."""
        result = await client.upsert_candidates({candidate.id: _candidate_record(candidate)})
        result.raise_for_errors()

    async def write_manual_match(
        self, tenant_id: str, candidate: CandidateNow, member_id: str | None
    ) -> None:
        """The manual match at LinkedIn (None removes it); raises why nothing was changed."""
        client = await self._client(tenant_id)
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


def _read_key(tenant_id: str, candidate: CandidateNow) -> tuple[str, ...]:
    # LinkedIn's answers depend on what it was sent and asked: the names and emails.
    return (tenant_id, candidate.id, candidate.first_name, candidate.last_name, *candidate.emails)


def _not_known(error: Any) -> bool:
    return error is not None and error.status == 404


def profile_of(hit: assumed_shapes.MemberSearchHit) -> LinkedInProfile:
    return LinkedInProfile(
        member_id=assumed_shapes.urn_id(hit.member),
        name=f"{hit.first_name} {hit.last_name}".strip(),
        headline=hit.headline,
        location=hit.location,
        profile_url=hit.profile_url or None,
    )


def candidate_now(row: Candidate, last_change: CandidateLinkEntry | None) -> CandidateNow:
    return CandidateNow(
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


def _candidate_record(candidate: CandidateNow) -> dict[str, Any]:
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
