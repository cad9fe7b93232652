"""`make bench`'s report: which way each target points, the table, the JSON and the chart.

No timing here (timings are the benchmarks' job, side by side in one run); these are checks on
synthetic numbers, so a wrong comparison or a missing file fails whatever the machine's load.
"""

from __future__ import annotations

import json

from benchmarks import report
from benchmarks.report import Check


def test_each_target_is_met_in_its_own_direction():
    assert Check("batch", 21.0, 20, "at least").met is True
    assert Check("batch", 19.0, 20, "at least").met is False
    assert Check("store", 2.9, 3.0, "at most").met is True
    assert Check("store", 3.1, 3.0, "at most").met is False
    assert Check("recall", 0.9, 0, "report").met is None


def test_the_report_writes_a_table_json_and_chart(tmp_path, monkeypatch, capsys):
    fake = {"good": lambda quick: ([Check("batch vs single", 22.0, 20, "at least", detail="d")], {"quick": quick}),
            "bad": lambda quick: ([Check("store ratio", 4.0, 3.0, "at most"),
                                   Check("recall@50", 0.97, 0, "report", "")], {})}
    monkeypatch.setattr(report, "CHECKS", fake)
    status = report.main(["--out", str(tmp_path), "--quick"])
    printed = capsys.readouterr().out
    assert status == 1  # one target not met
    assert "batch vs single" in printed and "NOT MET" in printed and "met" in printed
    document = json.loads((tmp_path / "bench.json").read_text())
    assert [c["met"] for c in document["checks"]] == [True, False, None]
    assert document["details"]["good"] == {"quick": True}
    assert document["machine_at_start"]["cores"] >= 1
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unknown_check_is_refused(capsys):
    try:
        report.main(["--only", "nonsense"])
    except SystemExit as stop:
        assert stop.code == 2
    else:
        raise AssertionError("an unknown check ran")


def test_the_cached_and_registry_checks_read_their_benchmarks_numbers(monkeypatch):
    """The harness's side of the two checks, on made-up numbers (the benchmarks are not run)."""
    import benchmarks.cached_path
    import benchmarks.registry_scale

    calls = {}

    def cached_measure(rounds, seconds):
        calls["cached"] = (rounds, seconds)
        return {"ratio": 0.75, "cached_requests_per_s": 750.0, "bare_requests_per_s": 1000.0, "gunicorn": "2 sync"}

    def registry_measure(small, large, runs, whole_list):
        calls["registry"] = (small, large, runs, whole_list)
        return {"sources": {"small": small, "large": large}, "ratio": {"short": 1.2, "long": 1.6},
                "seconds_per_job": {"small": {"short": 0.01, "long": 0.02}, "large": {"short": 0.012, "long": 0.032}}}

    monkeypatch.setattr(benchmarks.cached_path, "measure", cached_measure)
    monkeypatch.setattr(benchmarks.registry_scale, "measure", registry_measure)

    (cached,), _ = report.CHECKS["cached"](False)
    assert cached.measured == 0.75 and cached.target == 0.8 and cached.met is False
    short, long = report.CHECKS["registry"](False)[0]
    assert calls["registry"] == (10, 50_000, 15, False)
    assert "50,000 vs 10" in short.name and short.met is True and long.met is False
    report.CHECKS["cached"](True)
    report.CHECKS["registry"](True)
    assert calls["cached"][0] < 5 and calls["registry"][1] < 50_000  # --quick shrinks both
