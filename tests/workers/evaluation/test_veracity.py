"""The veracity evaluation: metrics on hand-made data, loading, the baselines, the CV, the report."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from config.settings import ScoringSettings, Settings, SettingsError
from workers.evaluation import veracity
from workers.evaluation.veracity import (
    Grid,
    beta_1_1,
    calibration_table,
    cross_validate,
    evaluate_veracity,
    format_veracity_report,
    load_claims,
    majority_vote,
    roc_auc,
    stratified_folds,
    three_way_accuracy,
    true_false_auc,
)

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "emergent" / "veracity-dev.csv"
COLUMNS = ["claimId", "claimHeadline", "articleId", "articleHeadline", "claimTruthiness", "articleStance"]
# A grid of two values per axis keeps the CV in the tests to a blink.
SMALL_GRID = Grid(deny_ratio=(1.0, 8.0), corroborated_min_score=(0.7, 0.9), refuted_max_score=(0.3,),
                  min_refuting_clusters=(1, 2))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def tiny_rows() -> list[list[str]]:
    """Six claims, two per label, with headlines full of commas and quotes."""
    rows = []
    specs = {
        ("t1", "True"): ["for", "for", "for", "observing"],
        ("t2", "True"): ["for", "for", "ignoring"],
        ("f1", "False"): ["against", "for", ""],
        ("f2", "False"): ["against", "against"],
        ("u1", "unknown"): ["observing", "for"],
        ("u2", "unknown"): [],
    }
    for (claim, label), stances in specs.items():
        headline = f'Claim: "Quoted", with, commas — {claim}'
        for n, stance in enumerate(stances or ["ignoring"]):
            rows.append([claim, headline, f"{claim}-a{n}", f'Article, "{n}", says so', label, stance])
    return rows


# ----------------------------------------------------------------------------- metrics


def test_auc_of_a_perfect_ranking_is_one_and_of_a_reversed_one_zero():
    assert roc_auc([0.1, 0.2, 0.8, 0.9], [False, False, True, True]) == 1.0
    assert roc_auc([0.9, 0.8, 0.2, 0.1], [False, False, True, True]) == 0.0


def test_auc_counts_ties_as_one_half_and_needs_both_classes():
    assert roc_auc([0.5, 0.5, 0.5], [True, False, False]) == 0.5
    assert math.isnan(roc_auc([0.1, 0.2], [True, True]))


def test_true_false_auc_leaves_unknown_claims_out():
    assert true_false_auc([0.9, 0.1, 0.99, 0.0], ["True", "False", "unknown", "unknown"]) == 1.0


def test_three_way_accuracy_maps_contested_and_unverified_to_unknown():
    verdicts = ["corroborated", "refuted", "contested", "unverified", "corroborated"]
    labels = ["True", "False", "unknown", "unknown", "False"]
    assert three_way_accuracy(verdicts, labels) == pytest.approx(4 / 5)


def test_calibration_bins_count_true_and_false_claims_only():
    scores = [0.05, 0.15, 0.5, 0.5, 0.95, 1.0, 0.7]
    labels = ["False", "False", "True", "False", "True", "True", "unknown"]

    table = calibration_table(scores, labels, bins=5)

    bins = table["bins"]
    assert [b["count"] for b in bins] == [2, 0, 2, 0, 2]  # 1.0 falls in the last bin; unknown is left out
    assert bins[0]["fraction_true"] == 0.0 and bins[0]["mean_score"] == pytest.approx(0.1)
    assert bins[1]["mean_score"] is None and bins[1]["fraction_true"] is None
    assert bins[2]["fraction_true"] == 0.5 and bins[2]["true"] == 1
    assert bins[4]["fraction_true"] == 1.0
    assert (bins[0]["low"], bins[4]["high"]) == (0.0, 1.0)
    # |0.1 - 0| * 2 + |0.5 - 0.5| * 2 + |0.975 - 1| * 2, over 6 claims
    assert table["error"] == pytest.approx((0.2 + 0.0 + 0.05) / 6)


# ----------------------------------------------------------------------------- baselines


@pytest.mark.parametrize(
    "confirming, denying, expected",
    [(3, 1, (0.75, "True")), (1, 3, (0.25, "False")), (2, 2, (0.5, "unknown")), (0, 0, (0.5, "unknown"))],
)
def test_majority_vote(confirming, denying, expected):
    score, label = majority_vote(confirming, denying)
    assert (score, label) == (pytest.approx(expected[0]), expected[1])


@pytest.mark.parametrize(
    "confirming, denying, expected",
    [
        (0, 0, (0.5, "unknown")),
        (1, 0, (2 / 3, "unknown")),  # one source is not enough for the old rule
        (2, 0, (0.75, "True")),
        (0, 2, (0.25, "False")),
        (3, 2, (4 / 7, "unknown")),
    ],
)
def test_beta_1_1_baseline(confirming, denying, expected):
    score, label = beta_1_1(confirming, denying)
    assert (score, label) == (pytest.approx(expected[0]), expected[1])


# ----------------------------------------------------------------------------- loading


def test_loading_a_csv_with_commas_and_quotes(tmp_path):
    statements, labels = load_claims(write_csv(tmp_path / "claims.csv", tiny_rows()))

    assert len(statements) == 6
    assert labels == ["True", "True", "False", "False", "unknown", "unknown"]
    assert statements[0]["text"] == '"Quoted", with, commas — t1'  # the "Claim: " prefix is gone
    assert [{k: e[k] for k in ("source", "stance")} for e in statements[0]["evidence"]] == [
        {"source": "t1-a0", "stance": "confirms"},
        {"source": "t1-a1", "stance": "confirms"},
        {"source": "t1-a2", "stance": "confirms"},
        {"source": "t1-a3", "stance": "neutral"},
    ]
    assert statements[0]["evidence"][0]["quote"] == 'Article, "0", says so'  # the headline
    # ignoring and empty stances are dropped; a claim with nothing left is kept, with no evidence
    assert [e["stance"] for e in statements[2]["evidence"]] == ["denies", "confirms"]
    assert statements[5]["evidence"] == []


def test_a_claim_with_two_labels_is_an_error(tmp_path):
    rows = [["c", "Claim: x", "a1", "h", "True", "for"], ["c", "Claim: x", "a2", "h", "False", "for"]]
    with pytest.raises(ValueError, match="labelled both"):
        load_claims(write_csv(tmp_path / "bad.csv", rows))


def test_an_unknown_stance_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="articleStance"):
        load_claims(write_csv(tmp_path / "bad.csv", [["c", "Claim: x", "a1", "h", "True", "agrees"]]))


# ----------------------------------------------------------------------------- cross-validation


def test_stratified_folds_partition_the_claims_and_spread_every_label():
    labels = ["True"] * 5 + ["False"] * 10 + ["unknown"] * 7
    fold_of = stratified_folds(labels, 5, np.random.default_rng(0))

    assert fold_of.shape == (22,) and set(fold_of.tolist()) <= set(range(5))
    for label in set(labels):
        per_fold = np.bincount(fold_of[np.array(labels) == label], minlength=5)
        assert per_fold.max() - per_fold.min() <= 1


def test_ties_go_to_the_middle_of_the_tied_region():
    axis = (1, 2, 3, 4, 5)
    flat = {1: 0.5, 2: 0.9, 3: 0.9, 4: 0.9, 5: 0.1}
    assert veracity._pick([(v,) for v in axis], (axis,), lambda o: flat[o[0]]) == (3,)


def test_cross_validation_reports_every_fold_choice(tmp_path):
    statements, labels = load_claims(write_csv(tmp_path / "claims.csv", tiny_rows()))

    cv = cross_validate(statements, labels, folds=2, repeats=3, seed=1, grid=SMALL_GRID)

    assert len(cv["chosen"]) == 6 and len(cv["auc_per_repeat"]) == 3
    for parameter, counts in cv["frequency"].items():
        assert sum(counts.values()) == 6
        assert cv["recommended"][parameter] in counts
    assert {"auc", "accuracy", "combinations", "grid"} <= cv.keys()
    assert cross_validate(statements, labels, folds=2, repeats=3, seed=1, grid=SMALL_GRID)["chosen"] == cv["chosen"]


def test_the_cv_names_verdicts_exactly_as_the_engine_does(tmp_path):
    """The CV re-applies the verdict rule to stored scores; it must agree with score_statement."""
    statements, _ = load_claims(write_csv(tmp_path / "claims.csv", tiny_rows()))
    for settings in (ScoringSettings(), ScoringSettings(deny_strength=2.0, min_refuting_clusters=2,
                                                        corroborated_min_score=0.7, refuted_max_score=0.3)):
        scored = veracity._score_all(statements, settings)
        assert veracity._verdicts(scored, np.arange(len(statements)), settings) == scored.verdict


# ----------------------------------------------------------------------------- the report


def test_the_reliability_diagram_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    table = calibration_table([0.1, 0.5, 0.9], ["False", "True", "True"])

    path = veracity.write_reliability_diagram({"model": table}, tmp_path / "nested" / "reliability.png")

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_and_main_on_a_tiny_file(tmp_path, capsys):
    path = write_csv(tmp_path / "claims.csv", tiny_rows())

    report = evaluate_veracity(path, png_path=None, folds=2, repeats=1, grid=SMALL_GRID)

    assert report["claims"] == 6 and report["png"] is None
    assert set(report["methods"]) == {"corroborate", "majority_vote", "beta_1_1"}
    assert report["methods"]["majority_vote"]["accuracy"] == pytest.approx(
        three_way_accuracy(["corroborated", "corroborated", "unverified", "refuted", "corroborated", "unverified"],
                           ["True", "True", "False", "False", "unknown", "unknown"])
    )
    assert "Cross-validated" in format_veracity_report(report)

    assert veracity.main([str(path), "--png", "", "--folds", "2", "--repeats", "1", "--per-fold"]) == 0
    printed = capsys.readouterr().out
    assert "In sample" in printed and " 0.1: " in printed  # repeat 0, fold 1


def test_the_refuting_minimum_is_a_validated_setting():
    assert Settings.from_env({"CORROBORATE_MIN_REFUTING_CLUSTERS": "3"}).scoring.min_refuting_clusters == 3
    with pytest.raises(SettingsError, match="CORROBORATE_MIN_REFUTING_CLUSTERS"):
        Settings.from_env({"CORROBORATE_MIN_REFUTING_CLUSTERS": "0"})


@pytest.mark.skipif(not DEV.exists(), reason=f"{DEV} is not here")
def test_the_real_dev_file(tmp_path):
    png = tmp_path / "reliability.png"

    report = evaluate_veracity(DEV, png_path=png, folds=5, repeats=2)

    assert report["claims"] == 145
    assert sum(report["labels"].values()) == 145
    assert {"path", "claims", "labels", "settings", "methods", "cv", "png", "seconds"} <= report.keys()
    for method in report["methods"].values():
        assert {"auc", "accuracy", "confusion", "calibration"} <= method.keys()
        assert sum(b["count"] for b in method["calibration"]["bins"]) == report["labels"]["True"] + report["labels"]["False"]
    assert len(report["cv"]["chosen"]) == 10
    if report["png"]:
        assert png.exists()
    assert "Calibration" in format_veracity_report(report)


def test_the_count_ceiling_is_what_a_lookup_of_count_pairs_could_reach():
    from workers.evaluation.veracity import count_ceiling

    counts = [(3, 0), (3, 0), (3, 0), (0, 2), (0, 2), (1, 1)]
    labels = ["True", "True", "unknown", "False", "False", "unknown"]

    ceiling = count_ceiling(counts, labels)

    assert ceiling["auc"] == 1.0
    assert ceiling["accuracy"] == 5 / 6  # one (3, 0) claim is unknown: no count-based rule gets it
