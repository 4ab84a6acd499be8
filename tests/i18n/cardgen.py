"""Every card builder in cards/, called with generated inputs that reach each of its branches.

A card builder is a public function in a `cards.*` module whose name ends in `_card`, takes the
locale first and returns the card JSON. Its other parameters are built from their type hints:
dataclasses field by field, enums, bools, optionals, tuples, frozensets, dates and numbers. Strings
are made of digits and punctuation only ("0007-2"), so anything with letters in a rendered card came
from the code, not from the data (URLs are the exception: see `URL_MARK`).

Inputs vary one thing at a time from a "full" baseline (every optional set, every collection with
two items, every flag on): each enum member, each bool off, each optional None, each collection
empty and very long. A builder that needs hand-made inputs gets them in tests/i18n/card_samples.py.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import itertools
import pkgutil
import types
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import cards

URL_MARK = "https://talentbridge.example.com/"
MANY = 30  # "very long" collections: the card must stay under the size limit by itself

CardBuilder = Callable[..., dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class CardCase:
    builder: str  # "cards.help.help_card"
    variant: str  # what differs from the baseline
    kwargs: dict[str, Any]
    urls: frozenset[str]  # URLs in the inputs (the only domain values with letters)

    @property
    def id(self) -> str:
        return f"{self.builder.removeprefix('cards.')}[{self.variant}]"


def card_builders() -> dict[str, CardBuilder]:
    found: dict[str, CardBuilder] = {}
    for module_info in pkgutil.iter_modules(cards.__path__, "cards."):
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and name.endswith("_card") and not name.startswith("_"):
                found[f"{module.__name__}.{name}"] = function
    return found


class _Values:
    """Makes distinct, letter-free values for one case."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self.urls: set[str] = set()

    def string(self, name: str) -> str:
        number = next(self._numbers)
        if "url" in name.lower():
            url = f"{URL_MARK}{number:04d}"
            self.urls.add(url)
            return url
        return f"{number:04d}-{len(name)}"

    def number(self) -> int:
        return next(self._numbers)


def _hints(target: Any) -> dict[str, Any]:
    return typing.get_type_hints(target)


def _optional_inner(hint: Any) -> Any | None:
    """X for `X | None`, else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
    return None


def build(hint: Any, name: str, values: _Values, overrides: dict[str, Any], path: str, size: int = 2) -> Any:
    """A value of type `hint`; `overrides` maps field paths ("view.feed.left_out") to values."""
    if path in overrides:
        return overrides[path]
    inner = _optional_inner(hint)
    if inner is not None:
        return build(inner, name, values, overrides, path, size)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return values.string(name)
    if hint is bool:
        return True
    if hint is int:
        return values.number()
    if hint is float:
        return values.number() + 0.5
    if hint is datetime:
        return datetime(2026, 3, 1 + values.number() % 27, 9, 30, tzinfo=UTC)
    if hint is date:
        return date(2026, 3, 1 + values.number() % 27)
    if hint is Any or hint is object:
        return values.string(name)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return next(iter(hint))
    if origin is tuple:
        item = args[0]
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(build(item, name, values, overrides, f"{path}[]") for _ in range(size))
        return tuple(build(a, name, values, overrides, f"{path}[{i}]") for i, a in enumerate(args))
    if origin in (list, set, frozenset):
        (item,) = args
        if isinstance(item, type) and issubclass(item, enum.Enum):
            return origin(item)  # every member: every button, every option
        return origin(build(item, name, values, overrides, f"{path}[]") for _ in range(size))
    if origin is dict:
        return {}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        return hint(
            **{
                f.name: build(hints[f.name], f.name, values, overrides, f"{path}.{f.name}")
                for f in dataclasses.fields(hint)
                if f.init
            }
        )
    raise TypeError(f"cannot build a {hint!r} for {path}: add a sample in tests/i18n/card_samples.py")


def _variations(hint: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(variant name, override value) for one field, and recursively for its fields."""
    inner = _optional_inner(hint)
    if inner is not None:
        yield f"{path}=None", None
        yield from _variations(inner, path)
        return
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is bool:
        yield f"{path}=False", False
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        for member in list(hint)[1:]:
            yield f"{path}={member.name}", member
    elif origin in (tuple, list, set, frozenset) and args:
        empty = origin() if origin is not tuple else ()
        yield f"{path}=empty", empty
        item = args[0]
        if not (isinstance(item, type) and issubclass(item, enum.Enum)):
            yield f"{path}=many", ("many", origin, item)
            yield from _variations(item, f"{path}[]")
        else:
            for member in item:
                yield f"{path}=only {member.name}", origin([member]) if origin is not tuple else (member,)
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        for f in dataclasses.fields(hint):
            if f.init:
                yield from _variations(hints[f.name], f"{path}.{f.name}")


def generated_cases(
    qualified: str, builder: CardBuilder, extra_variations: list[dict[str, Any]] | None = None
) -> list[CardCase]:
    """The baseline case, one case per variation, and one per `extra_variations` item (overrides by
    field path, for branches that need a particular value or several fields at once)."""
    extra_variations = extra_variations or []
    signature = inspect.signature(builder)
    hints = _hints(builder)
    parameters = [p for p in signature.parameters.values() if p.name != "locale"]

    def make(variant: str, overrides: dict[str, Any]) -> CardCase:
        values = _Values()
        resolved: dict[str, Any] = {}
        for path, override in overrides.items():
            if isinstance(override, tuple) and override[:1] == ("many",):
                _, origin, item = override
                built = [build(item, path, values, {}, path) for _ in range(MANY)]
                resolved[path] = tuple(built) if origin is tuple else origin(built)
            else:
                resolved[path] = override
        kwargs = {p.name: build(hints[p.name], p.name, values, resolved, p.name) for p in parameters}
        return CardCase(qualified, variant, kwargs, frozenset(values.urls))

    cases = [make("full", {})]
    for parameter in parameters:
        for variant, override in _variations(hints[parameter.name], parameter.name):
            cases.append(make(variant, {variant.split("=")[0]: override}))
        # States often only mean something together (state x access level): every combination.
        enums = list(_enum_fields(hints[parameter.name], parameter.name))
        if len(enums) > 1:
            for combination in itertools.product(*(list(kind) for _, kind in enums)):
                overrides = {path: member for (path, _), member in zip(enums, combination, strict=True)}
                name = ",".join(f"{path}={member.name}" for path, member in overrides.items())
                cases.append(make(name, overrides))
    for overrides in extra_variations:
        cases.append(make(",".join(f"{path}={value}" for path, value in overrides.items()), overrides))
    return cases


def _enum_fields(hint: Any, path: str) -> Iterator[tuple[str, type[enum.Enum]]]:
    """The enum-typed fields of a dataclass parameter (not inside collections)."""
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        yield path, hint
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        for f in dataclasses.fields(hint):
            if f.init:
                yield from _enum_fields(hints[f.name], f"{path}.{f.name}")


def all_cases() -> list[CardCase]:
    from tests.i18n.card_samples import SAMPLES, VARIATIONS

    cases: list[CardCase] = []
    for qualified, builder in sorted(card_builders().items()):
        if qualified in SAMPLES:
            cases.extend(
                CardCase(qualified, variant, kwargs, frozenset(_urls_in(kwargs)))
                for variant, kwargs in SAMPLES[qualified]().items()
            )
        else:
            cases.extend(generated_cases(qualified, builder, VARIATIONS.get(qualified)))
    return cases


def _urls_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.startswith(("http://", "https://")):
            yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _urls_in(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _urls_in(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _urls_in(item)


def render(case: CardCase, locale: str) -> dict[str, Any]:
    return card_builders()[case.builder](locale, **case.kwargs)
