"""The benchmark at a small scale (`python -m bench --quick`), so that it keeps running as the app changes:
every figure is measured and written beside its goal, and the app answers every `find` under load."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main


def test_the_quick_benchmark_measures_every_goal(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    main(["--quick", "--postgres", "off", "--data", str(tmp_path), "--json", str(results)])
    written = json.loads(results.read_text())
    measures = [goal["measure"] for goal in written["goals"]]
    assert any(m.startswith("search p99 at 10,000") for m in measures)
    assert any(m.startswith("find turn p99 ÷ echo") for m in measures)
    assert any(m.startswith("app peak RSS") for m in measures)
    assert all(isinstance(goal["value"], int | float) and goal["goal"] for goal in written["goals"])
    turns = written["turns"]
    assert turns["failures"] == 0 and turns["concurrent"]["errors"] == 0
    assert turns["find"]["n"] == 26 and turns["concurrent"]["turns"] == 20
    assert written["search_sqlite"]["10000"]["by_kind"]["short word"]["n"] == 10
    # 1-click export from LinkedIn: every signed webhook answered 200 at once, exported, the exporter told.
    assert any(m.startswith("export webhook → application in Prospect") for m in measures)
    assert any(m.startswith("webhook challenge GET p99") for m in measures)
    exports = written["exports"]
    assert exports["exports"] == 5 and exports["failures"] == 0 and exports["processed_events"] == 5
    assert exports["exported"] + exports["already_in_job"] == 5 and exports["challenge"]["n"] == 20
    # The export service at each size, every kind of export measured (and no export refused or wrong).
    service = written["search_sqlite"]["10000"]["export_service"]
    assert {kind: service[kind]["n"] for kind in service} == {
        "first export": 1,
        "new": 5,
        "by email": 5,
        "by member": 5,
        "repeated": 5,
    }
    assert any(m.startswith("export service p99, worst kind, at 10,000") for m in measures)
