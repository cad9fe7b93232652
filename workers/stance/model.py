"""Stance models: safe loading and numpy-only inference.

Shipped model files (``workers/stance/models/``), written by
``python -m workers.stance.train``:

* ``headline.json`` – multinomial logistic regression over sparse named
  features of a (claim, article headline) pair: feature vocabulary, coefficient
  matrix, intercepts, class names.
* ``document.json`` – metadata, feature names and the IDF table of the
  document model; ``document.npz`` – two gradient-boosted tree ensembles
  (related/unrelated, then agree/disagree/discuss) as flat node arrays.

Only JSON and ``numpy.load(..., allow_pickle=False)`` are used, so loading
cannot execute code and does not depend on the scikit-learn version that
trained the models. Models are loaded lazily, once per process.
"""

from __future__ import annotations

import json
import math
import os
from functools import cache
from pathlib import Path

import numpy as np

from . import features as F

MODEL_DIR = Path(__file__).resolve().parent / "models"
HEADLINE_FILE = "headline.json"
DOCUMENT_META_FILE = "document.json"
DOCUMENT_TREES_FILE = "document.npz"

#: confidence returned when the input cannot be judged (empty, junk, not English)
LOW_CONFIDENCE = 0.1

HEADLINE_LABELS = {"for": "confirms", "against": "denies", "observing": "neutral"}
DOCUMENT_LABELS = {
    "agree": "confirms",
    "disagree": "denies",
    "discuss": "neutral",
    "unrelated": "unrelated",
}


# ----------------------------------------------------------------------------
# Tree ensembles
# ----------------------------------------------------------------------------


class TreeEnsemble:
    """Gradient-boosted trees stored as flat arrays, evaluated with numpy.

    ``roots[t]`` is the node index of tree ``t``'s root, ``tree_class[t]`` the
    output column the tree adds to. Internal node ``i`` sends a sample left when
    ``x[feature[i]] <= threshold[i]`` (NaN follows ``missing_left[i]``).
    """

    ARRAYS = ("feature", "threshold", "left", "right", "value", "is_leaf", "missing_left", "roots", "tree_class")

    def __init__(self, feature, threshold, left, right, value, is_leaf, missing_left, roots, tree_class, baseline, depth):
        self.feature = np.asarray(feature, dtype=np.int32)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.int32)
        self.right = np.asarray(right, dtype=np.int32)
        self.value = np.asarray(value, dtype=np.float64)
        self.is_leaf = np.asarray(is_leaf, dtype=bool)
        self.missing_left = np.asarray(missing_left, dtype=bool)
        self.roots = np.asarray(roots, dtype=np.int32)
        self.tree_class = np.asarray(tree_class, dtype=np.int32)
        self.baseline = np.asarray(baseline, dtype=np.float64).reshape(-1)
        self.depth = int(depth)
        n = len(self.feature)
        for name in ("threshold", "left", "right", "value", "is_leaf", "missing_left"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"tree array {name!r} has the wrong length")
        if len(self.roots) != len(self.tree_class):
            raise ValueError("roots / tree_class length mismatch")
        if n and (self.left.max() >= n or self.right.max() >= n or self.roots.max() >= n):
            raise ValueError("tree array index out of range")
        if self.feature.min(initial=0) < 0:
            raise ValueError("negative feature index")

    @property
    def n_outputs(self) -> int:
        return len(self.baseline)

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Raw scores, shape (n_samples, n_outputs)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        n = X.shape[0]
        idx = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth + 1):
            leaf = self.is_leaf[idx]
            if leaf.all():
                break
            fv = X[rows, self.feature[idx]]
            go_left = np.where(np.isnan(fv), self.missing_left[idx], fv <= self.threshold[idx])
            nxt = np.where(go_left, self.left[idx], self.right[idx])
            idx = np.where(leaf, idx, nxt)
        vals = self.value[idx]  # (n, n_trees)
        out = np.tile(self.baseline, (n, 1))
        for k in range(self.n_outputs):
            cols = self.tree_class == k
            if cols.any():
                out[:, k] += vals[:, cols].sum(axis=1)
        return out

    def proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities: (n, 2) for a binary ensemble, (n, K) otherwise."""
        raw = self.raw(X)
        if self.n_outputs == 1:
            p1 = 1.0 / (1.0 + np.exp(-np.clip(raw[:, 0], -50, 50)))
            return np.column_stack([1.0 - p1, p1])
        z = raw - raw.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        d = {f"{prefix}{name}": getattr(self, name) for name in self.ARRAYS}
        d[f"{prefix}baseline"] = self.baseline
        d[f"{prefix}depth"] = np.asarray([self.depth], dtype=np.int32)
        return d

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> "TreeEnsemble":
        kw = {name: arrays[f"{prefix}{name}"] for name in cls.ARRAYS}
        return cls(baseline=arrays[f"{prefix}baseline"], depth=int(arrays[f"{prefix}depth"][0]), **kw)


# ----------------------------------------------------------------------------
# Headline model: (claim, article headline) -> for / against / observing
# ----------------------------------------------------------------------------


class HeadlineModel:
    def __init__(self, classes, vocabulary: dict[str, int], coef, intercept, meta: dict | None = None):
        self.classes = list(classes)
        self.vocabulary = dict(vocabulary)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64).reshape(-1)
        self.meta = dict(meta or {})
        k = len(self.classes)
        if self.coef.shape != (k, len(self.vocabulary)) or self.intercept.shape != (k,):
            raise ValueError("headline model arrays have inconsistent shapes")

    def scores(self, feats: dict[str, float]) -> np.ndarray:
        z = self.intercept.copy()
        for name, v in feats.items():
            j = self.vocabulary.get(name)
            if j is not None:
                z += v * self.coef[:, j]
        return z

    def proba_from_features(self, feats: dict[str, float]) -> np.ndarray:
        z = self.scores(feats)
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def proba(self, claim: F.ShortText, head: F.ShortText) -> np.ndarray:
        return self.proba_from_features(F.headline_features(claim, head))

    def to_json(self) -> dict:
        return {
            "kind": "headline-logreg",
            "classes": self.classes,
            "vocabulary": self.vocabulary,
            "coef": [[round(float(c), 6) for c in row] for row in self.coef],
            "intercept": [float(c) for c in self.intercept],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, d: dict) -> "HeadlineModel":
        if d.get("kind") != "headline-logreg":
            raise ValueError("not a headline model file")
        return cls(d["classes"], d["vocabulary"], d["coef"], d["intercept"], d.get("meta"))


# ----------------------------------------------------------------------------
# Document model: (statement, body) -> agree / disagree / discuss / unrelated
# ----------------------------------------------------------------------------


class DocumentModel:
    def __init__(self, idf: F.Idf, related: TreeEnsemble, stance: TreeEnsemble, stance_classes, feature_names, meta=None):
        self.idf = idf
        self.related = related
        self.stance = stance
        self.stance_classes = list(stance_classes)
        self.feature_names = list(feature_names)
        self.meta = dict(meta or {})
        if self.feature_names != F.DOC_FEATURE_NAMES:
            raise ValueError("document model was trained with different features; retrain it")
        if stance.n_outputs != len(self.stance_classes) or related.n_outputs != 1:
            raise ValueError("document model ensembles have unexpected output sizes")

    def features(self, head: F.ShortText, body: F.Body) -> np.ndarray:
        return F.document_features(head, body, self.idf)

    def proba_from_features(self, X: np.ndarray) -> np.ndarray:
        """Joint probabilities, columns ``stance_classes + ['unrelated']``."""
        p_rel = self.related.proba(X)[:, 1]
        p_st = self.stance.proba(X)
        return np.column_stack([p_st * p_rel[:, None], 1.0 - p_rel])

    @property
    def classes(self) -> list[str]:
        return self.stance_classes + ["unrelated"]

    def predict_from_features(self, X: np.ndarray):
        """(labels, confidences) in the FNC-1 label space, for a batch.

        "unrelated" when P(unrelated) >= 0.5, otherwise the most probable
        stance. (Choosing the label that maximises the expected FNC-1 score
        instead scored lower in grouped CV: the probabilities are overconfident
        on unseen stories.) The confidence is the probability of the chosen
        label: P(unrelated), or P(related) * P(stance | related).
        """
        P = self.proba_from_features(X)
        p_unrel = P[:, -1]
        st = P[:, :-1].argmax(axis=1)
        p_best = P[np.arange(len(P)), st]
        unrelated = p_unrel >= 0.5
        labels = ["unrelated" if u else self.stance_classes[s] for u, s in zip(unrelated, st)]
        conf = np.where(unrelated, p_unrel, p_best)
        return labels, conf

    def to_files(self) -> tuple[dict, dict[str, np.ndarray]]:
        meta = {
            "kind": "document-gbt2",
            "stance_classes": self.stance_classes,
            "feature_names": self.feature_names,
            "idf": self.idf.to_json(),
            "meta": self.meta,
        }
        arrays = {}
        arrays.update(self.related.to_arrays("related_"))
        arrays.update(self.stance.to_arrays("stance_"))
        return meta, arrays

    @classmethod
    def from_files(cls, meta: dict, arrays) -> "DocumentModel":
        if meta.get("kind") != "document-gbt2":
            raise ValueError("not a document model file")
        return cls(
            F.Idf.from_json(meta["idf"]),
            TreeEnsemble.from_arrays(arrays, "related_"),
            TreeEnsemble.from_arrays(arrays, "stance_"),
            meta["stance_classes"],
            meta["feature_names"],
            meta.get("meta"),
        )


# ----------------------------------------------------------------------------
# Saving / loading
# ----------------------------------------------------------------------------


def save_models(headline: HeadlineModel, document: DocumentModel, model_dir: str | os.PathLike = MODEL_DIR) -> list[Path]:
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    out = []
    p = model_dir / HEADLINE_FILE
    p.write_text(json.dumps(headline.to_json(), separators=(",", ":"), sort_keys=True), encoding="utf-8")
    out.append(p)
    meta, arrays = document.to_files()
    p = model_dir / DOCUMENT_META_FILE
    p.write_text(json.dumps(meta, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    out.append(p)
    p = model_dir / DOCUMENT_TREES_FILE
    np.savez_compressed(p, **arrays)
    out.append(p)
    return out


def load_headline_model(model_dir: str | os.PathLike = MODEL_DIR) -> HeadlineModel:
    with open(Path(model_dir) / HEADLINE_FILE, encoding="utf-8") as fh:
        return HeadlineModel.from_json(json.load(fh))


def load_document_model(model_dir: str | os.PathLike = MODEL_DIR) -> DocumentModel:
    model_dir = Path(model_dir)
    with open(model_dir / DOCUMENT_META_FILE, encoding="utf-8") as fh:
        meta = json.load(fh)
    with np.load(model_dir / DOCUMENT_TREES_FILE, allow_pickle=False) as arrays:
        return DocumentModel.from_files(meta, {k: arrays[k] for k in arrays.files})


@cache
def get_headline_model() -> HeadlineModel:
    return load_headline_model()


@cache
def get_document_model() -> DocumentModel:
    return load_document_model()


def clear_cache() -> None:
    """Forget loaded models (tests, or after retraining in-process)."""
    get_headline_model.cache_clear()
    get_document_model.cache_clear()


# ----------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------


def _finite(x: float) -> float:
    x = float(x)
    if not math.isfinite(x):
        return 0.0
    return min(1.0, max(0.0, x))


def headline_stance(model: HeadlineModel, claim, headline) -> tuple[str, float]:
    c = F.short_text(claim)
    h = F.short_text(headline)
    if not c.content or not h.content or c.non_english or h.non_english:
        return "neutral", LOW_CONFIDENCE
    p = model.proba(c, h)
    k = int(np.argmax(p))
    return HEADLINE_LABELS[model.classes[k]], _finite(p[k])


def document_stance(model: DocumentModel, statement, body) -> tuple[str, float]:
    h = F.short_text(statement)
    b = F.body_text(body)
    if not h.content or b.empty or h.non_english or b.non_english:
        return "unrelated", LOW_CONFIDENCE
    x = model.features(h, b)[None, :]
    labels, conf = model.predict_from_features(x)
    return DOCUMENT_LABELS[labels[0]], _finite(conf[0])


def predict_headline_stance(claim: str, headline: str) -> tuple[str, float]:
    """Stance of an article headline towards a claim.

    Returns ``(label, confidence)`` with label in {"confirms", "denies",
    "neutral"} and confidence in [0, 1]. Unjudgeable input (empty, junk,
    not English) gives ``("neutral", LOW_CONFIDENCE)``.
    """
    return headline_stance(get_headline_model(), claim, headline)


def predict_document_stance(statement: str, body: str) -> tuple[str, float]:
    """Stance of an article body towards a statement (e.g. a claim or headline).

    Returns ``(label, confidence)`` with label in {"confirms", "denies",
    "neutral", "unrelated"} and confidence in [0, 1]. The body is truncated to
    its first ``features.MAX_BODY_WORDS`` words. Unjudgeable input gives
    ``("unrelated", LOW_CONFIDENCE)``.
    """
    return document_stance(get_document_model(), statement, body)
