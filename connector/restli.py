"""Rest.li key encoding, in one place.

Composite keys travel in three forms:
- in a query string: ``ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=urn:li:…``
- as a batch body / response key and in a sub-resource path:
  ``atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123``
- simple keys: ``ids=N1&ids=N2``.

Fields are written in alphabetical order (as LinkedIn's examples do) and values are percent-encoded
except for ``:`` so URNs stay readable; parsing accepts any order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar
from urllib.parse import quote, unquote

MAX_BATCH = 100  # records per batch call
MAX_QUERY = 4096  # bytes of query string before LinkedIn answers 414
MAX_URL = 8192  # bytes of URL before LinkedIn answers 414

CompositeKey = Mapping[str, str]
T = TypeVar("T")


def _q(value: str) -> str:
    return quote(str(value), safe=":")


def encode_key(key: CompositeKey) -> str:
    """``{"b": "2", "a": "1"}`` -> ``a=1&b=2`` (body key / path segment form)."""
    return "&".join(f"{name}={_q(key[name])}" for name in sorted(key))


def decode_key(text: str) -> dict[str, str]:
    """Inverse of `encode_key`; raises ValueError on a malformed key."""
    out: dict[str, str] = {}
    for part in text.split("&"):
        name, sep, value = part.partition("=")
        if not sep or not name:
            raise ValueError(f"malformed Rest.li key: {text!r}")
        out[unquote(name)] = unquote(value)
    return out


def _key_query(index: int, key: CompositeKey) -> str:
    return "&".join(f"{quote(f'ids[{index}].{name}', safe='.')}={_q(key[name])}" for name in sorted(key))


def composite_ids_query(keys: Sequence[CompositeKey]) -> str:
    """``ids[0].a=1&ids[0].b=2&ids[1]…`` (already percent-encoded)."""
    return "&".join(_key_query(i, key) for i, key in enumerate(keys))


def simple_ids_query(ids: Iterable[str]) -> str:
    """``ids=N1&ids=N2`` (already percent-encoded)."""
    return "&".join(f"ids={_q(i)}" for i in ids)


def parse_composite_ids(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """Decoded query pairs (``ids[0].a``, value) -> list of keys, in index order.

    Raises ValueError on an index gap or a malformed parameter name.
    """
    by_index: dict[int, dict[str, str]] = {}
    for name, value in pairs:
        if not name.startswith("ids["):
            continue
        idx_text, _, field = name[4:].partition("].")
        if not idx_text.isdigit() or not field:
            raise ValueError(f"malformed ids parameter: {name!r}")
        by_index.setdefault(int(idx_text), {})[field] = value
    if sorted(by_index) != list(range(len(by_index))):
        raise ValueError("ids indexes must be 0..n-1")
    return [by_index[i] for i in range(len(by_index))]


def chunks(items: Sequence[T], size: int = MAX_BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def query_chunks(
    keys: Sequence[CompositeKey], *, extra_query: str = "", max_query: int = MAX_QUERY
) -> Iterator[list[CompositeKey]]:
    """Split keys into batches of at most 100 whose ids query (plus `extra_query`) stays under 4 KB."""
    batch: list[CompositeKey] = []
    length = len(extra_query)
    for key in keys:
        part = len(_key_query(len(batch), key)) + 1
        if batch and (len(batch) >= MAX_BATCH or length + part > max_query):
            yield batch
            batch, length = [], len(extra_query)
            part = len(_key_query(0, key)) + 1
        batch.append(key)
        length += part
    if batch:
        yield batch
