"""The wire of a card's typeahead: an Input.ChoiceSet with `choices.data` {"type": "Data.Query",
"dataset": …} makes Teams send an `application/search` invoke as the user types ({queryText, dataset,
queryOptions: {skip, top}}), answered with the choices ({"type":
"application/vnd.microsoft.search.searchResponse", "value": {"results": [{value, title}]}}), or with an
error Teams shows instead. The value is read here, never trusted: anything else is a BadTypeahead."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from botbuilder.core import InvokeResponse

from bot.routing import DatasetChoice
from services.candidate_query import MAX_QUERY_CHARS

TYPEAHEAD_INVOKE = "application/search"
SEARCH_RESPONSE = "application/vnd.microsoft.search.searchResponse"
ERROR_RESPONSE = "application/vnd.microsoft.error"
DEFAULT_TOP = 15  # what Teams asks for
MAX_TOP = 50
MAX_SKIP = 1000


class BadTypeahead(ValueError):
    """The invoke's value is not a typeahead's search."""


@dataclass(frozen=True)
class TypeaheadQuery:
    dataset: str
    query: str
    skip: int
    top: int


def _count(value: Any, default: int, highest: int) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= highest:
        raise BadTypeahead("skip and top must be small whole numbers")
    return value


def read_typeahead(value: Any) -> TypeaheadQuery:
    if not isinstance(value, dict):
        raise BadTypeahead("no value")
    dataset, text = value.get("dataset"), value.get("queryText", "")
    if not isinstance(dataset, str) or not dataset:
        raise BadTypeahead("no dataset")
    if text is None:
        text = ""
    if not isinstance(text, str) or len(text) > MAX_QUERY_CHARS:
        raise BadTypeahead("queryText must be a short string")
    options = value.get("queryOptions") or {}
    if not isinstance(options, dict):
        raise BadTypeahead("queryOptions must be an object")
    top = _count(options.get("top"), DEFAULT_TOP, MAX_TOP) or DEFAULT_TOP
    return TypeaheadQuery(dataset, " ".join(text.split()), _count(options.get("skip"), 0, MAX_SKIP), top)


def typeahead_results(choices: Iterable[DatasetChoice]) -> InvokeResponse:
    results = [{"value": choice.value, "title": choice.title} for choice in choices]
    return InvokeResponse(
        status=200, body={"status": 200, "type": SEARCH_RESPONSE, "value": {"results": results}}
    )


def typeahead_error(status: int, message: str) -> InvokeResponse:
    code = "BadRequest" if status == 400 else "Forbidden"
    return InvokeResponse(
        status=status,
        body={"status": status, "type": ERROR_RESPONSE, "value": {"code": code, "message": message}},
    )
