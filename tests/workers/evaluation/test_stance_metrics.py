"""Metrics of workers.evaluation.stance on hand-counted labellings (no data needed)."""

from workers.evaluation.stance import fnc_score, per_class_f1, per_class_prf


def test_per_class_precision_recall_f1_by_hand():
    gold = ["agree", "disagree", "disagree", "discuss", "discuss", "unrelated"]
    pred = ["agree", "disagree", "discuss", "disagree", "discuss", "unrelated"]
    prf = per_class_prf(gold, pred, ["agree", "disagree", "discuss", "unrelated"])
    # disagree: tp 1, fp 1 (a discuss), fn 1 (a discuss prediction)
    assert prf["disagree"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert prf["agree"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    f1 = per_class_f1(gold, pred, ["agree", "disagree", "discuss", "unrelated"])
    assert all(abs(f1[c] - prf[c]["f1"]) < 1e-12 for c in f1)


def test_class_never_predicted_has_zero_precision_not_an_error():
    prf = per_class_prf(["disagree", "agree"], ["agree", "agree"], ["agree", "disagree"])
    assert prf["disagree"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf["agree"]["precision"] == 0.5 and prf["agree"]["recall"] == 1.0


def test_fnc_score_weights():
    gold = ["agree", "unrelated", "discuss"]
    pred = ["agree", "unrelated", "disagree"]
    score, best = fnc_score(gold, pred)
    assert best == 1.0 + 0.25 + 1.0
    assert score == 1.0 + 0.25 + 0.25
