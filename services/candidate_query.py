"""What a recruiter typed after `find`, read as one kind of search: a candidate id, a LinkedIn profile
address, an email address (whole, or the start of one), or a name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from store.text import canonical_profile_url, marked_words, name_words

CANDIDATE_CODE = re.compile(r"^[Cc]\d{3,9}$")
# Longer than any name, address or job title anyone types: a longer text is refused, not searched.
MAX_QUERY_CHARS = 300
# A name is matched on at most this many of its words (the longest); the exact name on all of them.
MAX_NAME_WORDS = 8
# Without an "@", a single word with one of these is the start of an email address ("anna.jensen").
_ADDRESS_LIKE = re.compile(r"[._+0-9]")


class QueryKind(StrEnum):
    CODE = "code"
    PROFILE = "profile"
    EMAIL = "email"
    NAME = "name"


@dataclass(frozen=True)
class CandidateQuery:
    kind: QueryKind
    value: str = ""  # CODE: the id; PROFILE: the canonical address; EMAIL: the lower-case address
    prefix: bool = False  # EMAIL: `value` is the start of an address, not a whole one
    words: tuple[str, ...] = ()  # NAME: the folded words every hit must match
    exact: tuple[str, ...] = ()  # NAME: the marked word strings that are the exact name
    # The search to run when this one finds nobody: "ajensen" may be the start of an address, and
    # "anna.jensen" may be a name.
    otherwise: CandidateQuery | None = None


def read_query(text: str) -> CandidateQuery | None:
    """The search `text` asks for; None when it holds nothing to search for (only punctuation)."""
    text = " ".join(text.split())
    if CANDIDATE_CODE.match(text):
        return CandidateQuery(QueryKind.CODE, value=text.upper())
    if " " not in text:
        profile = canonical_profile_url(text)
        if profile is not None:
            return CandidateQuery(QueryKind.PROFILE, value=profile)
        address = text.lower()
        if "@" in address:
            domain = address.rpartition("@")[2]
            whole = "." in domain.strip(".") and not domain.endswith(".")
            return CandidateQuery(QueryKind.EMAIL, value=address, prefix=not whole)
        if _ADDRESS_LIKE.search(address):
            return CandidateQuery(QueryKind.EMAIL, value=address, prefix=True, otherwise=_name_query(text))
    query = _name_query(text)
    if query is not None and " " not in text and len(text) >= 3:
        return CandidateQuery(
            QueryKind.NAME,
            words=query.words,
            exact=query.exact,
            otherwise=CandidateQuery(QueryKind.EMAIL, value=text.lower(), prefix=True),
        )
    return query


def _name_query(text: str) -> CandidateQuery | None:
    words = name_words(text)
    if not words:
        return None
    exact: dict[str, None] = {}  # ordered, without repeats
    if len(words) <= MAX_NAME_WORDS:
        last, comma, first = text.partition(",")
        if comma and name_words(first) and name_words(last):  # "Jensen, Anna"
            exact[marked_words(name_words(first) + name_words(last))] = None
        for turn in range(len(words)):  # "anna jensen", "jensen anna"
            exact[marked_words(words[turn:] + words[:turn])] = None
    distinct = list(dict.fromkeys(words))
    longest = sorted(distinct, key=len, reverse=True)[:MAX_NAME_WORDS]
    matched = tuple(word for word in distinct if word in longest)
    return CandidateQuery(QueryKind.NAME, words=matched, exact=tuple(exact))
