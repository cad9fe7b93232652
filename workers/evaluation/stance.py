"""Cross-validated evaluation of the stance classifiers (``workers.stance``).

    .venv/bin/python -m workers.evaluation.stance [--data /work/shared/data] [--folds 5] [--seed 0] [--json out.json]

Every fold trains fresh models with the training functions of
``workers.stance.train`` (the ones that produce the shipped models) and scores
them with the inference code of ``workers.stance.model``. A majority-class
baseline, fit on the same training folds, is reported beside each model.

* Emergent headline stance (claim, article headline -> for / against /
  observing): K-fold grouped by ``claimId``. Accuracy, per-class F1, macro F1.
* FNC-1 (headline, body -> agree / disagree / discuss / unrelated): K-fold
  grouped by *story*: headlines and bodies joined by a related pair form one
  group (a connected component, ~one Emergent claim), so no headline and no
  related body is shared by a training and a test fold. Training pairs whose
  body belongs to a test story are dropped as well, so no test body is ever
  seen in training. FNC-1 relative weighted score (0.25 for a correct
  related/unrelated call, +0.75 for a correct stance of a related pair, divided
  by the score of a perfect labelling), accuracy, per-class F1, and the
  accuracy of each stage.
* Veracity (optional, ``emergent/veracity-dev.csv``): every article headline's
  stance is inferred by the headline model of the fold that held its claim
  out; a claim's score is mean P(for) - mean P(against) over its articles. ROC
  AUC of True vs False claims, beside the same score computed from the
  journalists' article stances.

The fold split is deterministic given ``seed``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from workers.extraction import infer_quote_stance
from workers.scoring.documents import DECISIVE_CUE
from workers.stance import train as T

EMERGENT_CLASSES = ["for", "against", "observing"]
FNC_CLASSES = ["agree", "disagree", "discuss", "unrelated"]


# ----------------------------------------------------------------------------
# Metrics
# ----------------------------------------------------------------------------


def fnc_score(gold, pred) -> tuple[float, float]:
    """(score, max score) with the FNC-1 weighting."""
    score = 0.0
    best = 0.0
    for g, p in zip(gold, pred):
        related = g != "unrelated"
        best += 1.0 if related else 0.25
        if related == (p != "unrelated"):
            score += 0.25
        if related and g == p:
            score += 0.75
    return score, best


def per_class_prf(gold, pred, classes) -> dict[str, dict[str, float]]:
    """Per class: precision, recall and F1."""
    out = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        out[c] = {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        }
    return out


def per_class_f1(gold, pred, classes) -> dict[str, float]:
    out = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        out[c] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def accuracy(gold, pred) -> float:
    return float(np.mean([g == p for g, p in zip(gold, pred)])) if len(gold) else 0.0


def confusion(gold, pred, classes) -> list[list[int]]:
    idx = {c: i for i, c in enumerate(classes)}
    m = [[0] * len(classes) for _ in classes]
    for g, p in zip(gold, pred):
        m[idx[g]][idx[p]] += 1
    return m


def roc_auc(pos_scores, neg_scores) -> float | None:
    """Mann-Whitney AUC (ties count 1/2)."""
    pos = np.asarray(pos_scores, dtype=float)
    neg = np.asarray(neg_scores, dtype=float)
    if not len(pos) or not len(neg):
        return None
    gt = (pos[:, None] > neg[None, :]).sum()
    eq = (pos[:, None] == neg[None, :]).sum()
    return float((gt + 0.5 * eq) / (len(pos) * len(neg)))


def assign_folds(groups, folds: int, seed: int) -> dict:
    """Deterministic group -> fold map (shuffled groups dealt round-robin)."""
    uniq = sorted(set(groups))
    order = np.random.RandomState(seed).permutation(len(uniq))
    return {uniq[j]: i % folds for i, j in enumerate(order)}


def _classification_block(gold, pred, classes) -> dict:
    f1 = per_class_f1(gold, pred, classes)
    return {
        "accuracy": accuracy(gold, pred),
        "f1": f1,
        "prf": per_class_prf(gold, pred, classes),
        "macro_f1": float(np.mean(list(f1.values()))),
        "confusion": confusion(gold, pred, classes),
    }


# ----------------------------------------------------------------------------
# Emergent headline stance (+ veracity with inferred stances)
# ----------------------------------------------------------------------------


def evaluate_emergent(data_dir, folds: int = 5, seed: int = 0, veracity: bool = True) -> dict:
    t0 = time.time()
    rows = T.load_emergent(data_dir)
    claims = [r["claimHeadline"] for r in rows]
    heads = [r["articleHeadline"] for r in rows]
    gold = [r["articleHeadlineStance"] for r in rows]
    groups = [r["claimId"] for r in rows]
    fold_of = assign_folds(groups, folds, seed)
    fold = np.array([fold_of[g] for g in groups])
    feats = T.headline_pair_features(claims, heads)

    pred = [None] * len(rows)
    base = [None] * len(rows)
    rules = [None] * len(rows)
    combined = [None] * len(rows)
    fold_acc, fold_base = [], []
    models = []
    for k in range(folds):
        tr = np.flatnonzero(fold != k)
        te = np.flatnonzero(fold == k)
        model = T.train_headline_model(None, None, [gold[i] for i in tr], feats=[feats[i] for i in tr])
        models.append(model)
        majority = Counter(gold[i] for i in tr).most_common(1)[0][0]
        for i in te:
            p = model.proba_from_features(feats[i])
            pred[i] = model.classes[int(np.argmax(p))]
            base[i] = majority
            # What the worker does with a quote that has no stance: rules on a clear cue, else
            # this fold's model (workers.scoring.documents.infer_stance).
            ruled = infer_quote_stance(claims[i], heads[i])
            rules[i] = _EMERGENT_LABEL[ruled["stance"]]
            decisive = ruled.get("cue") and ruled["confidence"] >= DECISIVE_CUE
            combined[i] = rules[i] if decisive else pred[i]
        fold_acc.append(accuracy([gold[i] for i in te], [pred[i] for i in te]))
        fold_base.append(accuracy([gold[i] for i in te], [base[i] for i in te]))

    out = {
        "n_pairs": len(rows),
        "n_claims": len(fold_of),
        "classes": EMERGENT_CLASSES,
        "model": {**_classification_block(gold, pred, EMERGENT_CLASSES), "fold_accuracy": fold_acc},
        "baseline": {**_classification_block(gold, base, EMERGENT_CLASSES), "fold_accuracy": fold_base,
                     "label": Counter(gold).most_common(1)[0][0]},
        "quote_rules_accuracy": accuracy(gold, rules),
        "quote_inference_accuracy": accuracy(gold, combined),
        "seconds": time.time() - t0,
    }
    vpath = Path(data_dir) / "emergent" / "veracity-dev.csv"
    if veracity and vpath.exists():
        out["veracity"] = _veracity(data_dir, models, fold_of, folds, seed)
    return out


_ENGINE_STANCE = {"for": "confirms", "against": "denies", "observing": "neutral"}
_EMERGENT_LABEL = {engine: emergent for emergent, engine in _ENGINE_STANCE.items()}


def _veracity(data_dir, models, fold_of, folds, seed) -> dict:
    from workers.stance import features as F

    rows = T.load_veracity(data_dir)
    extra = assign_folds([r["claimId"] for r in rows if r["claimId"] not in fold_of], folds, seed + 1)
    by_claim: dict[str, dict] = {}
    stance_gold, stance_pred = [], []
    for r in rows:
        cid = r["claimId"]
        k = fold_of.get(cid, extra.get(cid, 0))
        model = models[k]
        p = model.proba(F.short_text(r["claimHeadline"]), F.short_text(r["articleHeadline"]))
        probs = dict(zip(model.classes, p))
        c = by_claim.setdefault(cid, {"truth": r["claimTruthiness"], "inferred": [], "gold": [], "labels": []})
        c["inferred"].append(probs["for"] - probs["against"])
        label = model.classes[int(np.argmax(p))]
        c["labels"].append({"for": 1.0, "against": -1.0}.get(label, 0.0))
        c.setdefault("evidence", []).append({"source": r["articleId"], "stance": _ENGINE_STANCE[label]})
        gs = r["articleStance"]
        if gs in ("for", "against", "observing"):
            c["gold"].append({"for": 1.0, "against": -1.0}.get(gs, 0.0))
            stance_gold.append(gs)
            stance_pred.append(label)

    def auc(key):
        pos = [np.mean(c[key]) for c in by_claim.values() if c["truth"] == "True" and c[key]]
        neg = [np.mean(c[key]) for c in by_claim.values() if c["truth"] == "False" and c[key]]
        return roc_auc(pos, neg)

    # The product's own score: each article one source, its stance the fold model's label.
    from workers.scoring import score_statement

    for c in by_claim.values():
        c["engine"] = [score_statement({"text": "claim", "evidence": c["evidence"]})["score"]]
    truths = Counter(c["truth"] for c in by_claim.values())
    return {
        "auc_engine_inferred": auc("engine"),
        "n_claims": len(by_claim),
        "truth_counts": dict(truths),
        "auc_inferred_proba": auc("inferred"),
        "auc_inferred_labels": auc("labels"),
        "auc_gold_stances": auc("gold"),
        "headline_vs_article_stance_accuracy": accuracy(stance_gold, stance_pred),
        "n_claims_outside_stance_train": sum(1 for cid in by_claim if cid not in fold_of),
    }


# ----------------------------------------------------------------------------
# FNC-1
# ----------------------------------------------------------------------------


def fnc_story_groups(pairs) -> tuple[list, list]:
    """Connected components of the related-pair graph: (group of each pair's headline, of its body)."""
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for h, b, s in pairs:
        rh, rb = find("H" + h), find("B" + b)
        if s != "unrelated" and rh != rb:
            parent[rh] = rb
    return [find("H" + h) for h, _, _ in pairs], [find("B" + b) for _, b, _ in pairs]


def evaluate_fnc(data_dir, folds: int = 5, seed: int = 0) -> dict:
    t0 = time.time()
    pairs, bodies = T.load_fnc(data_dir)
    gold = [s for _, _, s in pairs]
    hgroup, bgroup = fnc_story_groups(pairs)
    fold_of = assign_folds(hgroup, folds, seed)
    hfold = np.array([fold_of[g] for g in hgroup])
    bfold = np.array([fold_of[g] for g in bgroup])
    cache = T.TextCache()

    pred = [None] * len(pairs)
    base = [None] * len(pairs)
    fold_scores, fold_base_scores, dropped = [], [], 0
    for k in range(folds):
        tr = np.flatnonzero((hfold != k) & (bfold != k))
        te = np.flatnonzero(hfold == k)
        dropped += int(np.sum((hfold != k) & (bfold == k)))
        model = T.train_document_model([pairs[i] for i in tr], bodies, seed=seed, cache=cache)
        X = T.document_feature_matrix(model.idf, [pairs[i] for i in te], bodies, cache)
        labels, _ = model.predict_from_features(X)
        majority = Counter(gold[i] for i in tr).most_common(1)[0][0]
        for i, lab in zip(te, labels):
            pred[i] = lab
            base[i] = majority
        g = [gold[i] for i in te]
        s, m = fnc_score(g, labels)
        fold_scores.append(s / m)
        s, m = fnc_score(g, [majority] * len(te))
        fold_base_scores.append(s / m)
        print(f"  FNC-1 fold {k + 1}/{folds}: relative score {fold_scores[-1]:.4f} ({time.time() - t0:.0f}s)",
              file=sys.stderr, flush=True)

    def block(p, fold_rel):
        s, m = fnc_score(gold, p)
        rel_gold = [g != "unrelated" for g in gold]
        rel_pred = [x != "unrelated" for x in p]
        related_idx = [i for i, g in enumerate(gold) if g != "unrelated"]
        return {
            **_classification_block(gold, p, FNC_CLASSES),
            "score": s,
            "max_score": m,
            "relative_score": s / m,
            "fold_relative_score": fold_rel,
            "related_unrelated_accuracy": accuracy(rel_gold, rel_pred),
            "stance_accuracy_on_related": accuracy([gold[i] for i in related_idx], [p[i] for i in related_idx]),
        }

    return {
        "n_pairs": len(pairs),
        "n_headlines": len({h for h, _, _ in pairs}),
        "n_bodies": len(bodies),
        "n_groups": len(fold_of),
        "train_pairs_dropped_for_body_overlap": dropped,
        "classes": FNC_CLASSES,
        "model": block(pred, fold_scores),
        "baseline": {**block(base, fold_base_scores), "label": Counter(gold).most_common(1)[0][0]},
        "seconds": time.time() - t0,
    }


# ----------------------------------------------------------------------------
# Entry points
# ----------------------------------------------------------------------------


def evaluate_stance(data_dir: str, folds: int = 5, seed: int = 0) -> dict:
    """Cross-validate both stance models on ``data_dir``; see the module docstring."""
    t0 = time.time()
    report = {
        "config": {"data_dir": str(data_dir), "folds": folds, "seed": seed},
        "emergent": evaluate_emergent(data_dir, folds, seed),
        "fnc": evaluate_fnc(data_dir, folds, seed),
    }
    report["seconds"] = time.time() - t0
    return report


def _pct(x) -> str:
    return "   n/a" if x is None else f"{100 * x:6.2f}"


def _fold_range(xs) -> str:
    return f"[{100 * min(xs):.1f} .. {100 * max(xs):.1f}]"


def format_stance_report(report: dict) -> str:
    cfg = report["config"]
    lines = [
        "Stance classifiers — cross-validated on " + cfg["data_dir"],
        f"{cfg['folds']}-fold grouped CV, seed {cfg['seed']}; models retrained in every fold; "
        f"total {report.get('seconds', 0):.0f}s",
        "",
    ]
    em = report["emergent"]
    m, b = em["model"], em["baseline"]
    lines += [
        f"Emergent headline stance ({em['n_pairs']} pairs, {em['n_claims']} claims; folds grouped by claimId)",
        f"  {'':24s}{'model':>10s}{'majority (' + b['label'] + ')':>20s}",
        f"  {'accuracy %':24s}{_pct(m['accuracy']):>10s}{_pct(b['accuracy']):>20s}",
        f"  {'  per-fold range':24s}{_fold_range(m['fold_accuracy']):>10s}{_fold_range(b['fold_accuracy']):>20s}",
        f"  {'macro F1 %':24s}{_pct(m['macro_f1']):>10s}{_pct(b['macro_f1']):>20s}",
    ]
    for c in em["classes"]:
        lines.append(f"  {'F1 ' + c + ' %':24s}{_pct(m['f1'][c]):>10s}{_pct(b['f1'][c]):>20s}"
                     f"   (model P {_pct(m['prf'][c]['precision'])}, R {_pct(m['prf'][c]['recall'])})")
    lines.append("  confusion (rows gold, cols predicted): " + " ".join(em["classes"]))
    for c, row in zip(em["classes"], m["confusion"]):
        lines.append(f"    {c:10s}" + "".join(f"{v:7d}" for v in row))
    lines.append("  target >= 75% accuracy on held-out claims; reference: Ferreira & Vlachos 2016 LR 73.3%")
    lines.append(f"  quote stance as the worker infers it (rules on a clear cue, else the model): "
                 f"{_pct(em['quote_inference_accuracy'])}; rules alone {_pct(em['quote_rules_accuracy'])}")
    v = em.get("veracity")
    if v:
        lines += [
            "",
            f"Veracity from headline stances (veracity-dev.csv: {v['n_claims']} claims, "
            + ", ".join(f"{k} {n}" for k, n in sorted(v["truth_counts"].items()))
            + f"; {v['n_claims_outside_stance_train']} claims not in the stance training data)",
            "  claim score = mean over its articles of P(for) - P(against), stances inferred by the",
            "  fold model that held the claim out; ROC AUC True vs False:",
            f"  {'Corroborate score, inferred labels':34s}{_pct(v['auc_engine_inferred'])}"
            "   (the product's score: each article one source)",
            f"  {'inferred (probabilities)':34s}{_pct(v['auc_inferred_proba'])}",
            f"  {'inferred (hard labels)':34s}{_pct(v['auc_inferred_labels'])}",
            f"  {'journalists article stances':34s}{_pct(v['auc_gold_stances'])}",
            f"  {'headline pred. = article stance %':34s}{_pct(v['headline_vs_article_stance_accuracy'])}",
        ]
    fn = report["fnc"]
    m, b = fn["model"], fn["baseline"]
    lines += [
        "",
        f"FNC-1 document stance ({fn['n_pairs']} pairs, {fn['n_headlines']} headlines, {fn['n_bodies']} bodies, "
        f"{fn['n_groups']} story groups)",
        "  folds grouped by story (related headline-body components): no headline or body is in both a training",
        f"  and a test fold ({fn['train_pairs_dropped_for_body_overlap']} cross-fold unrelated training pairs dropped in total)",
        f"  {'':28s}{'model':>10s}{'majority (' + b['label'] + ')':>22s}",
        f"  {'relative weighted score %':28s}{_pct(m['relative_score']):>10s}{_pct(b['relative_score']):>22s}",
        f"  {'  per-fold range':28s}{_fold_range(m['fold_relative_score']):>10s}"
        f"{_fold_range(b['fold_relative_score']):>22s}",
        f"  {'accuracy %':28s}{_pct(m['accuracy']):>10s}{_pct(b['accuracy']):>22s}",
        f"  {'macro F1 %':28s}{_pct(m['macro_f1']):>10s}{_pct(b['macro_f1']):>22s}",
    ]
    for c in fn["classes"]:
        lines.append(f"  {'F1 ' + c + ' %':28s}{_pct(m['f1'][c]):>10s}{_pct(b['f1'][c]):>22s}"
                     f"   (model P {_pct(m['prf'][c]['precision'])}, R {_pct(m['prf'][c]['recall'])})")
    lines += [
        f"  {'related/unrelated acc %':28s}{_pct(m['related_unrelated_accuracy']):>10s}"
        f"{_pct(b['related_unrelated_accuracy']):>22s}",
        f"  {'stance acc on related %':28s}{_pct(m['stance_accuracy_on_related']):>10s}"
        f"{_pct(b['stance_accuracy_on_related']):>22s}",
        "  confusion (rows gold, cols predicted): " + " ".join(fn["classes"]),
    ]
    for c, row in zip(fn["classes"], m["confusion"]):
        lines.append(f"    {c:10s}" + "".join(f"{v:8d}" for v in row))
    lines.append("  target > 82% on the competition test; references: FNC-1 baseline 79.5% (CV on train), winner 82.0% (test)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Cross-validate the stance classifiers.")
    ap.add_argument("--data", default=str(T.DEFAULT_DATA_DIR))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="also write the full report as JSON to this path")
    args = ap.parse_args(argv)
    report = evaluate_stance(args.data, args.folds, args.seed)
    print(format_stance_report(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
