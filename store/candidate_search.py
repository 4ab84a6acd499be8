"""Candidate search: by candidate id, email (whole or the start of it), LinkedIn profile address or name,
through indexes only, within one tenant, optionally within a job or a talent pool, under a time limit.

A name search ranks its hits in three tiers: the exact name (its words in any rotation, so "Jensen
Anna" and "Jensen, Anna" find Anna Jensen), names with a word starting with each word typed, then
names containing each word. Words shorter than three letters only ever match the start of a word
("li" finds Li Wu and Lisa Berg, not Emilia). Within a tier, the candidates added last come first:
that is the order the indexes read them in, so a page costs the same however many match. Each tier
reads at most `count_up_to` + 1 hits, so the total is exact up to `count_up_to` and "more" beyond it,
from the one statement that reads the page.

The trigram index is SQLite's FTS5 table candidate_name_trigrams or PostgreSQL's pg_trgm GIN index
over candidate_search.words (migration 0006). Both answer the same questions with the same rows.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, column, func, literal, select, table, text, union_all
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from domain.candidates import CandidateSummary
from store.models import Application, Candidate, CandidateEmail, CandidateSearchEntry, TalentPoolMember
from store.repositories import TenantScoped, escape_like
from store.text import WORD_MARK

# The shortest word the trigram index looks up anywhere in a name; shorter words match word starts.
TRIGRAM = 3
_SQLITE_INTERRUPT = 9  # SQLITE_INTERRUPT: sqlite3_interrupt() stopped the statement
_PG_QUERY_CANCELED = "57014"  # statement_timeout ran out

_entries = CandidateSearchEntry.__table__
# SQLite only: the FTS5 table over candidate_search.words (rowid = seq), which has no model.
_trigrams = table("candidate_name_trigrams", column("rowid"), column("candidate_name_trigrams"))


class SearchTimedOut(Exception):
    """The search ran past its time limit and was stopped."""


class SearchBusy(Exception):
    """No database connection was free for the search within the wait."""


@asynccontextmanager
async def search_session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session for one search; a pool with no connection free within its wait raises SearchBusy."""
    try:
        async with sessions() as session:
            yield session
    except PoolTimeout as error:
        raise SearchBusy() from error


@dataclass(frozen=True)
class SearchScope:
    """Only the candidates with an application in `job_id`, or members of the talent pool `pool_id`."""

    job_id: str | None = None
    pool_id: str | None = None

    def __bool__(self) -> bool:
        return bool(self.job_id or self.pool_id)


@dataclass(frozen=True)
class Hits:
    candidates: tuple[CandidateSummary, ...]  # the page, best first
    found: int  # how many match, counted up to count_up_to + 1


def _summaries() -> Any:
    """The page's columns: what the list to pick from shows (with the first email address), and how
    many match (counted over the hits before the page's LIMIT)."""
    first_email = (
        select(CandidateEmail.address)
        .where(CandidateEmail.candidate_id == Candidate.id)
        .order_by(CandidateEmail.position)
        .limit(1)
        .scalar_subquery()
    )
    return select(
        Candidate.id, Candidate.code, Candidate.first_name, Candidate.last_name, Candidate.current_title,
        Candidate.current_company, first_email, func.count().over(),
    )


class CandidateSearchRepository(TenantScoped):
    """Searches one tenant's candidates. Each method runs one statement for the page (each candidate
    with its first email address) and the count, stopped after `time_limit_seconds`."""

    def __init__(
        self,
        session: AsyncSession,
        tenant_id: str,
        *,
        page_size: int = 10,
        count_up_to: int = 100,
        time_limit_seconds: float = 2.0,
    ) -> None:
        super().__init__(session, tenant_id)
        self.page_size = page_size
        self.limit = count_up_to + 1
        self.time_limit_seconds = time_limit_seconds

    # --- the four kinds of search ----------------------------------------------------------------

    async def by_code(self, code: str, scope: SearchScope | None = None) -> Hits:
        return await self._candidates_where(Candidate.code == code.upper(), scope)

    async def by_profile_url(self, url: str, scope: SearchScope | None = None) -> Hits:
        """`url` in the form store.text.canonical_profile_url gives, as the candidates hold it."""
        return await self._candidates_where(Candidate.linkedin_profile_url == url, scope)

    async def by_email(self, address: str, *, prefix: bool, scope: SearchScope | None = None) -> Hits:
        """The whole (lower-case) address, or with `prefix` every address that starts with it, read
        in address order from the (tenant_id, address) index."""
        where = [CandidateEmail.tenant_id == self.tenant_id]
        if prefix:
            where += [CandidateEmail.address >= address, CandidateEmail.address < _after_prefix(address)]
        else:
            where.append(CandidateEmail.address == address)
        where += self._scope_filter(CandidateEmail.candidate_id, scope)
        first = (
            select(CandidateEmail.candidate_id, CandidateEmail.address)
            .where(*where)
            .order_by(CandidateEmail.address)
            .limit(self.limit)
            .subquery("first_addresses")
        )
        ranked = (
            select(first.c.candidate_id, func.min(first.c.address).label("address"))
            .group_by(first.c.candidate_id)
            .subquery("ranked")
        )
        statement = (
            _summaries()
            .join(ranked, ranked.c.candidate_id == Candidate.id)
            .where(Candidate.tenant_id == self.tenant_id)
            .order_by(ranked.c.address, Candidate.id)
        )
        return await self._page(statement)

    async def by_name(
        self, words: Sequence[str], exact: Sequence[str], scope: SearchScope | None = None
    ) -> Hits:
        """`words`: the folded words typed (store.text.name_words); every one must match. `exact`:
        the marked word strings (store.text.marked_words) that count as the exact name.

        One statement: three tiers (exact name, a word starting with each word, each word anywhere),
        each reading at most `limit` entries in index order; a tier is skipped when the tiers before
        it found `limit` already, since its hits could then neither be shown nor change the count."""
        if not words:
            return Hits((), 0)
        starts = [_word_start(word) for word in words]
        contains = [word if len(word) >= TRIGRAM else _word_start(word) for word in words]
        # Without an exact name (too many words), the exact tier looks for words no name has.
        tiers = [self._exact_tier(exact or ["\n"], scope).cte("exact_name")]
        tiers.append(self._trigram_tier(starts, 1, scope, self._unfilled(tiers)).cte("word_starts"))
        if contains != starts:
            tiers.append(self._trigram_tier(contains, 2, scope, self._unfilled(tiers)).cte("anywhere"))
        hits = union_all(*(select(tier.c.seq, tier.c.tier) for tier in tiers)).subquery("hits")
        ranked = (
            select(hits.c.seq, func.min(hits.c.tier).label("tier")).group_by(hits.c.seq).subquery("ranked")
        )
        statement = (
            _summaries()
            .join_from(ranked, _entries, _entries.c.seq == ranked.c.seq)
            .join(Candidate, Candidate.id == _entries.c.candidate_id)
            .where(Candidate.tenant_id == self.tenant_id)
            .order_by(ranked.c.tier, ranked.c.seq.desc())
        )
        return await self._page(statement)

    # --- statements ------------------------------------------------------------------------------

    def _exact_tier(self, exact: Sequence[str], scope: SearchScope | None) -> Any:
        return (
            select(_entries.c.seq, literal(0).label("tier"))
            .where(
                _entries.c.tenant_id == self.tenant_id,
                _entries.c.words.in_(list(exact)),
                *self._scope_filter(_entries.c.candidate_id, scope),
            )
            .order_by(_entries.c.seq.desc())
            .limit(self.limit)
        )

    def _unfilled(self, tiers: Sequence[Any]) -> Any:
        """The next tier's LIMIT: `limit` while each tier before has found fewer than `limit`, else 0
        (each tier holds the ones before it: a name that starts with each word contains each word).
        A LIMIT is computed once, before the tier reads anything; a WHERE condition would be tested
        on every row the index gives."""
        unfilled = [select(func.count()).select_from(tier).scalar_subquery() < self.limit for tier in tiers]
        return case((and_(*unfilled), self.limit), else_=0)

    def _trigram_tier(self, parts: Sequence[str], tier: int, scope: SearchScope | None, limit: Any) -> Any:
        """The first `limit` entries (newest first) whose words contain every one of `parts`. PostgreSQL
        answers the LIKEs from its pg_trgm index; a scope's members are few, and each is checked. SQLite
        (without a scope) reads its FTS5 index newest first, narrowed by a short piece of each part
        (_narrowing), and checks each entry it reads with the same LIKEs, until it has `limit`."""
        likes = [_entries.c.words.like(f"%{escape_like(part)}%", escape="\\") for part in parts]
        if self._dialect == "sqlite" and not scope:
            match = " AND ".join('"' + _narrowing(part).replace('"', '""') + '"' for part in parts)
            return (
                select(_entries.c.seq, literal(tier).label("tier"))
                .select_from(_trigrams.join(_entries, _entries.c.seq == _trigrams.c.rowid))
                .where(
                    _trigrams.c.candidate_name_trigrams.op("MATCH")(match),
                    _entries.c.tenant_id == self.tenant_id,
                    *likes,
                )
                .order_by(_trigrams.c.rowid.desc())
                .limit(limit)
            )
        return (
            select(_entries.c.seq, literal(tier).label("tier"))
            .where(
                _entries.c.tenant_id == self.tenant_id,
                *likes,
                *self._scope_filter(_entries.c.candidate_id, scope),
            )
            .order_by(_entries.c.seq.desc())
            .limit(limit)
        )

    async def _candidates_where(self, condition: ColumnElement[bool], scope: SearchScope | None) -> Hits:
        """Candidates found by an equality on an index of candidates (a handful at most)."""
        matching = (
            select(Candidate.id)
            .where(Candidate.tenant_id == self.tenant_id, condition, *self._scope_filter(Candidate.id, scope))
            .limit(self.limit)
            .subquery("matching")
        )
        statement = (
            _summaries()
            .join(matching, matching.c.id == Candidate.id)
            .join(_entries, _entries.c.candidate_id == Candidate.id)
            .order_by(_entries.c.seq.desc())
        )
        return await self._page(statement)

    def _scope_filter(self, candidate_id: Any, scope: SearchScope | None) -> list[ColumnElement[bool]]:
        if not scope:
            return []
        conditions: list[ColumnElement[bool]] = []
        if scope.job_id:
            conditions.append(
                candidate_id.in_(
                    select(Application.candidate_id).where(
                        Application.tenant_id == self.tenant_id, Application.job_id == scope.job_id
                    )
                )
            )
        if scope.pool_id:
            conditions.append(
                candidate_id.in_(
                    select(TalentPoolMember.candidate_id).where(
                        TalentPoolMember.tenant_id == self.tenant_id,
                        TalentPoolMember.pool_id == scope.pool_id,
                    )
                )
            )
        return conditions

    async def _page(self, statement: Any) -> Hits:
        async with self._time_limit():
            rows = (await self.session.execute(statement.limit(self.page_size))).all()
        page = tuple(
            CandidateSummary(
                id=id_, code=code, name=f"{first} {last}".strip(), current_title=title,
                current_company=company, email=email,
            )
            for id_, code, first, last, title, company, email, _found in rows
        )
        return Hits(page, int(rows[0][-1]) if rows else 0)

    # --- the time limit --------------------------------------------------------------------------

    @property
    def _dialect(self) -> str:
        return str(self.session.get_bind().dialect.name)

    @asynccontextmanager
    async def _time_limit(self) -> AsyncIterator[None]:
        """Stop the statements inside after `time_limit_seconds`: SQLite is interrupted, PostgreSQL
        gets a statement_timeout for this transaction. A pool with no connection free within its wait
        raises SearchBusy; a statement stopped by the limit raises SearchTimedOut."""
        try:
            connection = await self.session.connection()
        except PoolTimeout as error:
            raise SearchBusy() from error
        milliseconds = max(1, int(self.time_limit_seconds * 1000))
        try:
            if connection.dialect.name == "postgresql":
                # A plan made for this query's own words: whether a word is rare (read its trigram
                # index) or common (read the tenant's newest names until enough match) is in the
                # words, which a plan cached for any words would not know.
                await connection.execute(
                    text(
                        "SELECT set_config('statement_timeout', :limit, true),"
                        " set_config('plan_cache_mode', 'force_custom_plan', true)"
                    ),
                    {"limit": f"{milliseconds}ms"},
                )
                yield
            else:
                async with _interrupt_after(connection, self.time_limit_seconds):
                    yield
        except DBAPIError as error:
            if _stopped_by_time_limit(error):
                raise SearchTimedOut() from error
            raise


@asynccontextmanager
async def _interrupt_after(connection: AsyncConnection, seconds: float) -> AsyncIterator[None]:
    """Interrupt the SQLite connection's running statement once `seconds` have passed. aiosqlite runs
    statements in its own thread; sqlite3_interrupt() may be called from any thread, and does
    nothing when no statement runs."""
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    if driver is None or not hasattr(driver, "interrupt"):
        yield
        return
    loop = asyncio.get_running_loop()
    timer = loop.call_later(seconds, lambda: loop.create_task(driver.interrupt()))
    try:
        yield
    finally:
        timer.cancel()


# How common each letter is in names (most common first), to pick the trigram of a word that fewest
# names contain. A character not listed (a digit, a letter of another script) counts as rare.
_LETTERS_BY_FREQUENCY = " aeniorlstdhkmugcbjvyfpwzxq"


def _commonness(trigram: str) -> int:
    ranks = (_LETTERS_BY_FREQUENCY.find(ch) for ch in trigram)
    return sum(len(_LETTERS_BY_FREQUENCY) - rank for rank in ranks if rank >= 0)


def _narrowing(part: str) -> str:
    """What FTS5 looks up for `part` (three characters or more): a phrase of one or two trigrams that
    few names contain, each name found then checked against the whole part. A long phrase would be
    exact, but FTS5 reads every one of its trigrams' lists, and "sen" is in a tenth of all names.
    - The start of a word (" jensen"): its first two trigrams (" je", "jen"), which few words share.
    - Anywhere ("jensen"): its least common trigram, by how common its letters are in names."""
    if part.startswith(" "):
        return part[: TRIGRAM + 1]
    trigrams = [part[i : i + TRIGRAM] for i in range(len(part) - TRIGRAM + 1)]
    return min(trigrams, key=_commonness)


def _word_start(word: str) -> str:
    """What a name's words contain where one of them starts with `word`. The words are marked with
    two spaces and hold no space themselves, so one space before `word` is enough, and leaves out the
    most common trigram ("  a"); a single letter needs both ("  l" is the only trigram it has)."""
    return (" " if len(word) > 1 else WORD_MARK) + word


def _stopped_by_time_limit(error: DBAPIError) -> bool:
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return ((getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF) == _SQLITE_INTERRUPT
    return getattr(original, "sqlstate", None) == _PG_QUERY_CANCELED


def _after_prefix(prefix: str) -> str:
    """The least string greater than every string that starts with `prefix` (code point order, which
    is SQLite's BINARY and PostgreSQL's "C" collation)."""
    last = min(ord(prefix[-1]) + 1, 0x10FFFF)
    return prefix[:-1] + chr(last)
