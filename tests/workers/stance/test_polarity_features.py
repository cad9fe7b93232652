"""The window / polarity features of workers.stance.features (no data needed)."""

import numpy as np

from workers.stance import features as F

STATEMENT = "A shark was photographed swimming on a flooded highway in Houston"
DENYING = (
    "The city council met on Monday. A photo of a shark swimming on a flooded Houston highway is fake, "
    "officials said. It was not a real shark and it did not happen. Experts called it a hoax."
)
CONFIRMING = (
    "The city council met on Monday. A shark was photographed swimming on a flooded Houston highway. "
    "Wildlife officers confirmed the shark was found near the highway after the flood."
)


def _polarity(statement, body):
    idf = F.Idf({}, 5.0)
    v = F.document_features(F.short_text(statement), F.body_text(body), idf)
    assert v.shape == (F.N_DOC_FEATURES,) and np.all(np.isfinite(v))
    return dict(zip(F.POLARITY_FEATURE_NAMES, v[-len(F.POLARITY_FEATURE_NAMES):]))


def test_names_are_appended_once():
    assert F.DOC_FEATURE_NAMES[-len(F.POLARITY_FEATURE_NAMES):] == F.POLARITY_FEATURE_NAMES
    assert len(set(F.DOC_FEATURE_NAMES)) == len(F.DOC_FEATURE_NAMES)


def test_denying_body_has_more_denial_cues_in_the_window():
    deny, confirm = _polarity(STATEMENT, DENYING), _polarity(STATEMENT, CONFIRMING)
    for name in ("win_debunk", "win_denial_bg", "win_neg_near_head", "simw_debunk", "top1_debunk"):
        assert deny[name] > confirm[name], name
    assert confirm["win_confirm"] > 0


def test_negation_parity_mismatch():
    body = "A shark was photographed swimming on a flooded highway in Houston on Sunday."
    negated = "No shark was photographed swimming on a flooded highway in Houston"
    assert _polarity(STATEMENT, body)["neg_parity_mismatch"] == 0.0
    assert _polarity(negated, body)["neg_parity_mismatch"] == 1.0
    assert _polarity(negated, body)["h_neg"] == 1.0


def test_empty_body_gives_zeros_not_errors():
    p = _polarity(STATEMENT, "")
    assert p["win_debunk"] == 0.0 and p["first_debunk_pos"] == 1.0
