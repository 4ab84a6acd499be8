"""Hand-made inputs for card builders that generated inputs cannot drive (see cardgen.py).

Map the builder's qualified name to a function returning {variant name: keyword arguments without
the locale}. Use letter-free strings for domain data (codes, names like "0001"), so the bypass test
can tell data from untranslated text; URLs are recognised as data.

    SAMPLES["cards.example.example_card"] = lambda: {"empty": {"items": ()}, "one": {"items": (...,)}}

When generated inputs are fine but a branch needs a particular value (a str holding a state, a count)
or several fields at once, add the overrides to VARIATIONS instead: {builder: [{"param.field": value,
...}, ...]}, one dict per extra case. test_the_cases_reach_every_message_of_every_card says when
a message in cards/ is not reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.candidates import LinkState
from domain.linkedin import IntegrationStateName, SetupAction

SAMPLES: dict[str, Callable[[], dict[str, dict[str, Any]]]] = {}

VARIATIONS: dict[str, list[dict[str, Any]]] = {
    "cards.candidates.candidate_card": [{"profile.link_state": state} for state in LinkState],
    # As many hits as shown: no "showing 10 of 40" (nor "of 100+").
    "cards.candidates.candidate_list_card": [{"search.total": 2, "search.more": False}],
    "cards.setup.setup_card": [
        {"view.state": IntegrationStateName.CONNECTED, "view.contract": None},
        {"view.preview_features": False, "view.apply_with_linkedin": False},
        {"view.actions": frozenset({SetupAction.CHOOSE_CONTRACT}), "view.contract": None},
    ],
}
