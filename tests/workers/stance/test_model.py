"""Fast tests of the shipped stance models (no data files needed).

The one test that trains on the real data is skipped when the data directory
(``../shared/data`` or $CORROBORATE_DATA_DIR) is absent.
"""

from __future__ import annotations

import builtins
import json
import os
import pickle
import time
from pathlib import Path

import numpy as np
import pytest

from workers.stance import features as F
from workers.stance import model as M
from workers.stance import predict_document_stance, predict_headline_stance

HEADLINE_LABELS = {"confirms", "denies", "neutral"}
DOCUMENT_LABELS = {"confirms", "denies", "neutral", "unrelated"}

CLAIM = "A shark was photographed swimming on a flooded highway in Houston"
OFF_TOPIC_BODY = (
    "The city council approved a new budget for road maintenance on Monday. The plan allocates "
    "funds to repair potholes and resurface streets in the downtown area over the next two years. "
    "Council members said the work would begin in the spring, and residents can comment online."
)
CONFIRMING_BODY = (
    "A shark was photographed swimming on a flooded highway in Houston on Sunday. Officials "
    "confirmed that the shark was found in the water near the highway after the flood. Wildlife "
    "officers later captured the shark and returned it to the bay."
)
GERMAN = (
    "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Förderung von Solaranlagen "
    "auf Dächern deutlich erhöhen soll. Die Opposition kritisierte, dass die Mittel nicht ausreichen "
    "und die Bürokratie für Hausbesitzer zu groß sei."
)
CHINESE = "北京时间周四，研究人员宣布在南极冰层下发现了一个新的湖泊，这一发现可能改变科学家对气候变化的理解。"
RUSSIAN = "В четверг учёные объявили об открытии нового озера подо льдом Антарктиды, сообщает агентство."


def _check_headline(result):
    label, conf = result
    assert label in HEADLINE_LABELS
    assert isinstance(conf, float) and 0.0 <= conf <= 1.0
    return label, conf


def _check_document(result):
    label, conf = result
    assert label in DOCUMENT_LABELS
    assert isinstance(conf, float) and 0.0 <= conf <= 1.0
    return label, conf


# ---------------------------------------------------------------------------
# Labels and obvious cases
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        CLAIM,
        "Shark reportedly spotted on flooded Houston highway, according to social media posts",
        "Was a shark really photographed on a flooded Houston highway?",
        "Viral photo of shark on flooded Houston highway is fake",
        "Local elections: turnout rises in three counties",
    ],
)
def test_headline_label_set_and_confidence(headline):
    _check_headline(predict_headline_stance(CLAIM, headline))


def test_hoax_headline_denies():
    label, conf = _check_headline(
        predict_headline_stance(CLAIM, "Photo of shark swimming on flooded Houston highway is a hoax, officials said")
    )
    assert label == "denies"
    assert conf > 0.5
    label, _ = _check_headline(
        predict_headline_stance(
            "Paris Hilton donated her kidney to a stranger", "Paris Hilton kidney donation story is a hoax"
        )
    )
    assert label == "denies"


def test_exact_restatement_confirms():
    assert _check_headline(predict_headline_stance(CLAIM, CLAIM))[0] == "confirms"
    assert _check_document(predict_document_stance(CLAIM, CONFIRMING_BODY))[0] == "confirms"


def test_hedged_headline_is_neutral():
    label, _ = _check_headline(
        predict_headline_stance(CLAIM, "Shark reportedly spotted on flooded Houston highway, according to social media posts")
    )
    assert label == "neutral"


def test_off_topic_body_is_unrelated():
    label, conf = _check_document(predict_document_stance(CLAIM, OFF_TOPIC_BODY))
    assert label == "unrelated"
    assert conf > 0.5


@pytest.mark.parametrize("body", [OFF_TOPIC_BODY, CONFIRMING_BODY, CLAIM + " " + OFF_TOPIC_BODY])
def test_document_label_set_and_confidence(body):
    _check_document(predict_document_stance(CLAIM, body))


# ---------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------

BAD_INPUTS = [
    "",
    "   \n\t ",
    "\x00\x01\x02\xff\xfe" * 200,
    "".join(chr(c) for c in range(0, 3000, 7)),
    "?!?!... --- ,,,",
    "\ud800 lone surrogate",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50,
    None,
    12345,
]


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_headline_bad_input(bad):
    for args in ((bad, CLAIM), (CLAIM, bad), (bad, bad)):
        label, conf = _check_headline(predict_headline_stance(*args))
        if args[0] in ("", None) or args[1] in ("", None):
            assert (label, conf) == ("neutral", M.LOW_CONFIDENCE)


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_document_bad_input(bad):
    for args in ((bad, OFF_TOPIC_BODY), (CLAIM, bad), (bad, bad)):
        label, conf = _check_document(predict_document_stance(*args))
        if args[0] in ("", None) or args[1] in ("", None):
            assert (label, conf) == ("unrelated", M.LOW_CONFIDENCE)


@pytest.mark.parametrize("text", [GERMAN, CHINESE, RUSSIAN])
def test_non_english_is_low_confidence(text):
    assert predict_headline_stance(CLAIM, text) == ("neutral", M.LOW_CONFIDENCE)
    assert predict_headline_stance(text, text) == ("neutral", M.LOW_CONFIDENCE)
    assert predict_document_stance(CLAIM, text * 5) == ("unrelated", M.LOW_CONFIDENCE)
    assert predict_document_stance(text, text * 5) == ("unrelated", M.LOW_CONFIDENCE)


@pytest.mark.parametrize(
    "text",
    [
        "Los Angeles: La Brea tar pits swallow car, police say",
        "Die Hard star to die in La La Land sequel",
        "El Chapo escapes from prison again, officials say",
    ],
)
def test_english_with_foreign_names_is_not_flagged(text):
    assert not F.short_text(text).non_english
    assert predict_headline_stance(text, text)[1] > M.LOW_CONFIDENCE


def test_huge_input_is_truncated_and_fast():
    huge = (CONFIRMING_BODY + " ") * (10_000_000 // len(CONFIRMING_BODY))
    assert len(huge) > 9_000_000
    predict_document_stance(CLAIM, CONFIRMING_BODY)  # load models outside the timing
    t = time.perf_counter()
    label, _ = _check_document(predict_document_stance(CLAIM, huge))
    _check_headline(predict_headline_stance(huge, huge))
    _check_document(predict_document_stance(huge, huge))
    assert time.perf_counter() - t < 3.0
    assert label == "confirms"
    body = F.body_text(huge)
    assert len(body.tokens) <= F.MAX_BODY_WORDS


def test_single_long_token_and_no_sentences():
    _check_document(predict_document_stance(CLAIM, "x" * 5_000_000))
    _check_document(predict_document_stance(CLAIM, "shark " * 100_000))


# ---------------------------------------------------------------------------
# Model files and loading
# ---------------------------------------------------------------------------


def test_model_files_are_small_json_and_npz():
    files = sorted(M.MODEL_DIR.iterdir())
    names = {p.name for p in files}
    assert {M.HEADLINE_FILE, M.DOCUMENT_META_FILE, M.DOCUMENT_TREES_FILE} <= names
    for p in files:
        assert p.suffix in (".json", ".npz")
        assert p.stat().st_size < 5 * 1024 * 1024
    json.loads((M.MODEL_DIR / M.HEADLINE_FILE).read_text(encoding="utf-8"))


def test_loading_uses_no_pickle(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("pickle used while loading the stance models")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    real_import = builtins.__import__

    def guarded_import(name, *args, **kwargs):
        if name.split(".")[0] in ("joblib", "sklearn", "cloudpickle", "dill"):
            raise AssertionError(f"inference imported {name}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded_import)
    real_np_load = np.load

    def checked_np_load(*args, **kwargs):
        assert kwargs.get("allow_pickle") is False
        return real_np_load(*args, **kwargs)

    monkeypatch.setattr(np, "load", checked_np_load)
    M.clear_cache()
    try:
        _check_headline(predict_headline_stance(CLAIM, CLAIM))
        _check_document(predict_document_stance(CLAIM, CONFIRMING_BODY))
    finally:
        M.clear_cache()


def test_models_are_cached_once():
    M.clear_cache()
    a = M.get_document_model()
    assert M.get_document_model() is a
    assert M.get_headline_model() is M.get_headline_model()


def test_tree_ensemble_evaluator_by_hand():
    # two trees, binary: tree 0 splits on x0 <= 1.0; tree 1 is a single leaf
    ens = M.TreeEnsemble(
        feature=[0, 0, 0, 0],
        threshold=[1.0, 0, 0, 0],
        left=[1, 0, 0, 0],
        right=[2, 0, 0, 0],
        value=[0.0, -2.0, 3.0, 0.5],
        is_leaf=[False, True, True, True],
        missing_left=[True, False, False, False],
        roots=[0, 3],
        tree_class=[0, 0],
        baseline=[0.1],
        depth=1,
    )
    raw = ens.raw(np.array([[0.5], [1.0], [1.5], [np.nan]]))[:, 0]
    np.testing.assert_allclose(raw, [0.1 - 2 + 0.5, 0.1 - 2 + 0.5, 0.1 + 3 + 0.5, 0.1 - 2 + 0.5])
    p = ens.proba(np.array([[1.5]]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_train_save_load_roundtrip_on_synthetic_data(tmp_path):
    pytest.importorskip("sklearn")
    from workers.stance import train as T

    rng = np.random.RandomState(0)
    topics = [
        ("shark", "highway", "flood", "houston"),
        ("kidney", "donation", "hospital", "stranger"),
        ("volcano", "eruption", "island", "ash"),
        ("robot", "factory", "workers", "strike"),
    ]
    bodies, pairs, em = {}, [], []
    for t, words in enumerate(topics):
        for j, kind in enumerate(("agree", "disagree", "discuss")):
            bid = f"{t}-{j}"
            core = " ".join(words)
            cue = {"agree": "officials confirmed", "disagree": "is a fake hoax, officials denied", "discuss": "reportedly, sources claim"}[kind]
            bodies[bid] = f"The {core} story {cue}. " * 3 + "Other news followed. " * 5
        for i in range(6):
            head = " ".join(rng.permutation(words)) + " news"
            for j, kind in enumerate(("agree", "disagree", "discuss")):
                pairs.append((head, f"{t}-{j}", kind))
            other = (t + 1) % len(topics)
            pairs.append((head, f"{other}-{i % 3}", "unrelated"))
            pairs.append((head, f"{(t + 2) % len(topics)}-{i % 3}", "unrelated"))
        em += [
            (" ".join(words), " ".join(words) + " confirmed", "for"),
            (" ".join(words), " ".join(words) + " is a hoax", "against"),
            (" ".join(words), "reportedly " + " ".join(words), "observing"),
        ] * 3
    doc = T.train_document_model(pairs, bodies)
    head = T.train_headline_model([c for c, _, _ in em], [h for _, h, _ in em], [s for _, _, s in em], min_df=1)
    M.save_models(head, doc, tmp_path)
    doc2 = M.load_document_model(tmp_path)
    head2 = M.load_headline_model(tmp_path)
    for h, bid, _ in pairs[:20]:
        a = M.document_stance(doc, h, bodies[bid])
        b = M.document_stance(doc2, h, bodies[bid])
        assert a[0] == b[0] and abs(a[1] - b[1]) < 1e-9
    for c, h, _ in em[:6]:
        a = M.headline_stance(head, c, h)
        b = M.headline_stance(head2, c, h)
        assert a[0] == b[0] and abs(a[1] - b[1]) < 1e-4  # coefficients are stored rounded


def _data_dir() -> Path:
    env = os.environ.get("CORROBORATE_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


@pytest.mark.skipif(
    not (_data_dir() / "emergent" / "headline-stance-train.csv").exists(), reason="stance data not present"
)
def test_headline_model_generalises_to_held_out_claims():
    """Train on 3/4 of the Emergent claims, check accuracy on the rest (skipped without data)."""
    from workers.evaluation.stance import assign_folds
    from workers.stance import train as T

    rows = T.load_emergent(_data_dir())
    folds = assign_folds([r["claimId"] for r in rows], 4, 0)
    train = [r for r in rows if folds[r["claimId"]] != 0]
    test = [r for r in rows if folds[r["claimId"]] == 0]
    model = T.train_headline_model(
        [r["claimHeadline"] for r in train], [r["articleHeadline"] for r in train], [r["articleHeadlineStance"] for r in train]
    )
    inv = {v: k for k, v in M.HEADLINE_LABELS.items()}
    correct = sum(
        inv[M.headline_stance(model, r["claimHeadline"], r["articleHeadline"])[0]] == r["articleHeadlineStance"]
        for r in test
    )
    assert correct / len(test) > 0.65


def test_stance_class_weight_shifts_the_stance_stage_towards_that_class():
    """An up-weighted class gets more probability on ambiguous rows (the weight must reach the fit)."""
    pytest.importorskip("sklearn")
    from workers.stance import train as T

    rng = np.random.RandomState(1)
    X = rng.normal(size=(600, 3))
    # the classes overlap heavily: only the weight can move the boundary
    y = np.where(X[:, 0] + rng.normal(scale=2.0, size=600) > 1.5, "disagree", "discuss")
    params = dict(max_iter=30, learning_rate=0.1, max_leaf_nodes=7, min_samples_leaf=20, l2_regularization=1.0)
    _, plain = T._fit_hgb(X, y, params, 0)
    _, weighted = T._fit_hgb(X, y, params, 0, {"disagree": 8.0})
    grid = np.column_stack([np.linspace(-2, 2, 50), np.zeros(50), np.zeros(50)])
    # classes sorted: ["disagree", "discuss"]; column 1 of a binary ensemble is the second class
    p_dis_plain = plain.proba(grid)[:, 0].mean()
    p_dis_weighted = weighted.proba(grid)[:, 0].mean()
    assert p_dis_weighted > p_dis_plain + 0.1
