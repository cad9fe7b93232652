"""Train the stance models and write them to ``workers/stance/models/``.

Usage (from the repository root)::

    .venv/bin/python -m workers.stance.train --data /work/shared/data

``--data`` defaults to ``../shared/data`` relative to the repository root; it
must contain ``emergent/headline-stance-train.csv`` and
``fnc-1/train_stances.csv`` + ``fnc-1/train_bodies.csv``. ``--out`` overrides
the output directory (default: the package's ``models/`` directory).

Two models are trained on the full data sets:

* headline model (Emergent): multinomial logistic regression over the sparse
  features of ``features.headline_features`` (headline words and bigrams, cue
  lexicons, claim/headline overlap), labels for / against / observing;
* document model (FNC-1): two scikit-learn ``HistGradientBoostingClassifier``
  ensembles over the dense features of ``features.document_features`` – first
  related vs unrelated on all pairs, then agree / disagree / discuss on the
  related pairs (the rare disagree class up-weighted, ``STANCE_CLASS_WEIGHT``) – dumped to flat numpy arrays that ``model.TreeEnsemble``
  evaluates without scikit-learn.

Training needs scikit-learn and scipy; inference (``workers.stance.model``)
needs only numpy. Training runs single-threaded and takes about a minute.
``workers.evaluation.stance`` cross-validates exactly these training functions.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from . import features as F
from .model import MODEL_DIR, DocumentModel, HeadlineModel, TreeEnsemble, save_models

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"

HEADLINE_C = 0.3
HEADLINE_MIN_DF = 2
RELATED_PARAMS = dict(
    max_iter=200, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=1.0
)
STANCE_PARAMS = dict(
    max_iter=300, learning_rate=0.03, max_leaf_nodes=15, min_samples_leaf=50, l2_regularization=1.0
)
#: sample weight of each stance-stage class (others 1). "disagree" is ~8% of related pairs and was
#: almost never predicted; the weight was chosen on a story grouping (seed 1) other than the one
#: the evaluation reports (seed 0): of weights 1 / 6 / 12 (disagree F1 0.109 / 0.258 / 0.281, relative
#: score 0.868 / 0.864 / 0.859 there) the highest disagree F1 within 1.5 points of the unweighted score.
#: Re-checked after the window/polarity features (``features.POLARITY_FEATURE_NAMES``) were added,
#: on story groupings seed 1 and seed 2 (not the reported seed 0), stance stage on related pairs:
#: weight 12 disagree F1 0.311 / 0.320, weight 18 0.314 / 0.330 but stance accuracy ~1 point lower,
#: so 12 was kept; a disagree probability threshold (0.2 .. 0.6) instead of argmax did not help
#: consistently on those groupings either, so the argmax rule was kept.
#: Re-checked end to end (both stages, all pairs, 5-fold story-grouped CV, seeds 1 and 2): scaling
#: P(disagree | related) by 0.4 .. 4 before the argmax gave disagree F1 at most 0.299 / 0.306 (seed 1
#: best at 1.0; seed 2 0.3060 at 1.25 vs 0.3056 at 1.0), weight 20 instead of 12 lowered it on seed 1
#: (0.311 vs 0.325 on the two folds measured), and moving the unrelated threshold (0.3 .. 0.8) changed
#: it by < 0.01: precision (~0.27), i.e. agree/discuss bodies read as disagree, is what limits it.
#: Feature subsampling in the stance stage (``max_features=0.5``) gave 0.313 / 0.304 vs 0.299 / 0.306:
#: not consistent across the two groupings, so it was not adopted.
STANCE_CLASS_WEIGHT = {"disagree": 12.0}

csv.field_size_limit(sys.maxsize if sys.maxsize < 2**31 else 2**31 - 1)


# ----------------------------------------------------------------------------
# Data loading
# ----------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_emergent(data_dir) -> list[dict]:
    """Rows of emergent/headline-stance-train.csv (claimHeadline, articleHeadline, articleHeadlineStance, claimId)."""
    return _read_csv(Path(data_dir) / "emergent" / "headline-stance-train.csv")


def load_veracity(data_dir) -> list[dict]:
    rows = _read_csv(Path(data_dir) / "emergent" / "veracity-dev.csv")
    for r in rows:
        c = r["claimHeadline"].strip()
        if c.lower().startswith("claim:"):
            c = c[6:].strip()
        r["claimHeadline"] = c
    return rows


def load_fnc(data_dir) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """FNC-1 train: ([(headline, body_id, stance), ...], {body_id: body_text})."""
    d = Path(data_dir) / "fnc-1"
    bodies = {r["Body ID"]: r["articleBody"] for r in _read_csv(d / "train_bodies.csv")}
    pairs = [(r["Headline"], r["Body ID"], r["Stance"]) for r in _read_csv(d / "train_stances.csv")]
    return pairs, bodies


# ----------------------------------------------------------------------------
# Headline model
# ----------------------------------------------------------------------------


def headline_pair_features(claims, headlines) -> list[dict[str, float]]:
    return [F.headline_features(F.short_text(c), F.short_text(h)) for c, h in zip(claims, headlines)]


def train_headline_model(claims, headlines, labels, C: float = HEADLINE_C, min_df: int = HEADLINE_MIN_DF, feats=None) -> HeadlineModel:
    """Fit the (claim, headline) -> for/against/observing logistic regression."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    if feats is None:
        feats = headline_pair_features(claims, headlines)
    df = Counter(k for f in feats for k in f)
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in df.items() if c >= min_df))}
    rows, cols, vals = [], [], []
    for i, f in enumerate(feats):
        for k, v in f.items():
            j = vocab.get(k)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(v)
    X = sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)))
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(X, np.asarray(labels))
    # drop features whose weights are all ~0 to keep the file small
    keep = np.abs(clf.coef_).max(axis=0) > 1e-6
    names = sorted(vocab, key=vocab.get)
    new_vocab = {}
    for j, name in enumerate(names):
        if keep[j]:
            new_vocab[name] = len(new_vocab)
    meta = {"C": C, "min_df": min_df, "n_train": len(feats), "class_counts": dict(Counter(labels))}
    return HeadlineModel(list(clf.classes_), new_vocab, clf.coef_[:, keep], clf.intercept_, meta)


# ----------------------------------------------------------------------------
# Document model
# ----------------------------------------------------------------------------


class TextCache:
    """Tokenised statements and bodies, shared across CV folds to save time."""

    def __init__(self):
        self.heads: dict[str, F.ShortText] = {}
        self.bodies: dict[str, F.Body] = {}

    def head(self, text: str) -> F.ShortText:
        h = self.heads.get(text)
        if h is None:
            h = self.heads[text] = F.short_text(text)
        return h

    def body(self, body_id: str, text: str) -> F.Body:
        b = self.bodies.get(body_id)
        if b is None:
            b = self.bodies[body_id] = F.body_text(text)
        return b


def hgb_to_ensemble(hgb) -> TreeEnsemble:
    """Flatten a fitted HistGradientBoostingClassifier into a ``TreeEnsemble``."""
    feature, threshold, left, right, value, is_leaf, missing_left = [], [], [], [], [], [], []
    roots, tree_class = [], []
    offset = 0
    depth = 0
    for iteration in hgb._predictors:
        for k, pred in enumerate(iteration):
            nodes = pred.nodes
            if np.any(nodes["is_categorical"]):
                raise ValueError("categorical splits are not supported")
            n = len(nodes)
            roots.append(offset)
            tree_class.append(k)
            feature.append(nodes["feature_idx"].astype(np.int32))
            threshold.append(nodes["num_threshold"].astype(np.float64))
            left.append(nodes["left"].astype(np.int64) + offset)
            right.append(nodes["right"].astype(np.int64) + offset)
            value.append(nodes["value"].astype(np.float64))
            is_leaf.append(nodes["is_leaf"].astype(bool))
            missing_left.append(nodes["missing_go_to_left"].astype(bool))
            depth = max(depth, int(nodes["depth"].max()))
            offset += n
    cat = np.concatenate
    return TreeEnsemble(
        cat(feature), cat(threshold), cat(left), cat(right), cat(value), cat(is_leaf), cat(missing_left),
        roots, tree_class, np.asarray(hgb._baseline_prediction).ravel(), depth,
    )


def _fit_hgb(X, y, params, seed, class_weight=None):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    clf = HistGradientBoostingClassifier(early_stopping=False, random_state=seed, **params)
    weights = None
    if class_weight:
        weights = np.asarray([class_weight.get(str(c), 1.0) for c in y], dtype=np.float64)
    with threadpool_limits(limits=1):
        clf.fit(X, y, sample_weight=weights)
    ens = hgb_to_ensemble(clf)
    # the numpy evaluator must reproduce scikit-learn exactly
    sample = X[:: max(1, len(X) // 2000)]
    ours = ens.proba(sample)
    with threadpool_limits(limits=1):
        theirs = clf.predict_proba(sample)
    if not np.allclose(ours, theirs, atol=1e-6):
        raise RuntimeError("tree dump does not reproduce predict_proba")
    return clf, ens


def document_feature_matrix(idf: F.Idf, pairs, bodies, cache: TextCache | None = None) -> np.ndarray:
    cache = cache or TextCache()
    X = np.empty((len(pairs), F.N_DOC_FEATURES))
    for i, (h, bid, *_rest) in enumerate(pairs):
        X[i] = F.document_features(cache.head(h), cache.body(bid, bodies[bid]), idf)
    return X


def train_document_model(pairs, bodies, seed: int = 0, cache: TextCache | None = None, return_features: bool = False):
    """Fit the two-stage (statement, body) model on FNC-1 style pairs.

    ``pairs``: [(headline, body_id, stance)], stance in agree/disagree/discuss/unrelated;
    ``bodies``: {body_id: text}. The IDF table is fit on the training texts only.
    """
    cache = cache or TextCache()
    used_bodies = sorted({bid for _, bid, _ in pairs})
    used_heads = sorted({h for h, _, _ in pairs})
    idf = F.Idf.fit(
        [cache.body(b, bodies[b]).stems for b in used_bodies] + [cache.head(h).stems for h in used_heads]
    )
    X = document_feature_matrix(idf, pairs, bodies, cache)
    y = np.asarray([s for _, _, s in pairs])
    related = y != "unrelated"
    _, rel_ens = _fit_hgb(X, related.astype(np.int64), RELATED_PARAMS, seed)
    st_clf, st_ens = _fit_hgb(X[related], y[related], STANCE_PARAMS, seed, STANCE_CLASS_WEIGHT)
    meta = {
        "n_train": int(len(y)),
        "class_counts": {k: int(v) for k, v in Counter(y.tolist()).items()},
        "related_params": RELATED_PARAMS,
        "stance_params": STANCE_PARAMS,
        "stance_class_weight": STANCE_CLASS_WEIGHT,
    }
    model = DocumentModel(idf, rel_ens, st_ens, [str(c) for c in st_clf.classes_], F.DOC_FEATURE_NAMES, meta)
    if return_features:
        return model, X
    return model


# ----------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="data directory (default: %(default)s)")
    ap.add_argument("--out", default=str(MODEL_DIR), help="output directory (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    t0 = time.time()
    em = load_emergent(args.data)
    headline = train_headline_model(
        [r["claimHeadline"] for r in em], [r["articleHeadline"] for r in em], [r["articleHeadlineStance"] for r in em]
    )
    print(f"headline model: {len(em)} pairs, {len(headline.vocabulary)} features ({time.time() - t0:.1f}s)")

    t1 = time.time()
    pairs, bodies = load_fnc(args.data)
    document = train_document_model(pairs, bodies, seed=args.seed)
    print(
        f"document model: {len(pairs)} pairs, {len(document.related.roots)} + {len(document.stance.roots)} trees "
        f"({time.time() - t1:.1f}s)"
    )
    for p in save_models(headline, document, args.out):
        print(f"wrote {p} ({p.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
