"""The benchmark's queries: what recruiters type after `find`, drawn from the generated candidates."""

from __future__ import annotations

import random

from bench.data import Population

# (kind, query) pairs; a kind is a row of the per-kind table.
Query = tuple[str, str]

SHORT_WORDS = ("li", "he", "an", "jo", "wu", "ma", "el", "de", "yu", "bo")


def queries(population: Population, count: int, *, seed: int = 11) -> list[Query]:
    """`count` queries in a fixed mix: names in the forms people type them (whole, "Last, First", one
    word, the start or middle of a word, short words), emails whole and partial, candidate ids, LinkedIn
    profile addresses, and names nobody has."""
    rng = random.Random(seed)
    makers = (
        ("full name", lambda: "{} {}".format(*rng.choice(population.names))),
        ("Last, First", lambda: "{1}, {0}".format(*rng.choice(population.names))),
        ("last name", lambda: rng.choice(population.names)[1]),
        ("first name", lambda: rng.choice(population.names)[0].split()[0]),
        ("start of a word", lambda: rng.choice(population.names)[1][:4]),
        ("middle of a word", lambda: _middle(rng, rng.choice(population.names)[1])),
        ("short word", lambda: rng.choice(SHORT_WORDS)),
        ("short + long word", lambda: f"{rng.choice(SHORT_WORDS)} {rng.choice(population.names)[1]}"),
        ("email", lambda: rng.choice(population.emails)),
        ("start of an email", lambda: rng.choice(population.emails).split("@")[0][:-2]),
        ("candidate id", lambda: rng.choice(population.codes)),
        ("profile URL", lambda: rng.choice(population.profiles) + "/"),
        ("nobody", lambda: rng.choice(("Zzyzx Qwerty", "Quixote Vexler", "Xylo"))),
    )
    result: list[Query] = []
    while len(result) < count:
        for kind, make in makers:
            if kind == "profile URL" and not population.profiles:
                continue
            result.append((kind, make()))
    return result[:count]


def _middle(rng: random.Random, word: str) -> str:
    if len(word) <= 4:
        return word
    start = rng.randrange(1, len(word) - 3)
    return word[start : start + 3]
