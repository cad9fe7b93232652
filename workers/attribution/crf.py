"""Loading, running and training the linear-chain CRFs (python-crfsuite) the taggers share."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pycrfsuite

MODELS = Path(__file__).parent / "models"
_directory = MODELS


def use_models(directory: Path) -> None:
    """Read the models from `directory` from now on (training writes and measures elsewhere)."""
    global _directory
    _directory = Path(directory)
    tagger.cache_clear()
    cue_lexicon.cache_clear()


@lru_cache(maxsize=None)
def tagger(name: str) -> pycrfsuite.Tagger:
    model = pycrfsuite.Tagger()
    model.open(str(_directory / f"{name}.crfsuite"))
    return model


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, float]:
    """How often each word is (part of) a cue in the training data, for words seen as one."""
    return json.loads((_directory / "cue_lexicon.json").read_text(encoding="utf-8"))


def items(features: list[list[str]]) -> pycrfsuite.ItemSequence:
    """Features as crfsuite reads them; build once when several taggers read the same features."""
    return pycrfsuite.ItemSequence(features)


def tag(name: str, features, recall_threshold: float | None = None, added: set[int] | None = None) -> list[str]:
    """The most likely labels; with `recall_threshold`, an O token whose marginal probability of
    being inside a span exceeds it is labelled inside too (trading precision for recall), and its
    index put in `added` when given. `features`: a list of feature lists per token, or the
    ItemSequence `items` made of one."""
    if len(features) == 0:
        return []
    model = tagger(name)
    tags = model.tag(features if isinstance(features, pycrfsuite.ItemSequence) else pycrfsuite.ItemSequence(features))
    if recall_threshold is None:
        return tags
    marginal = model.marginal
    for i, label in enumerate(tags):
        # One look-up per token: the chance of a span (B or I) is all but that of O.
        if label == "O" and 1.0 - marginal("O", i) > recall_threshold:
            tags[i] = "I" if i > 0 and tags[i - 1] != "O" and marginal("I", i) >= marginal("B", i) else "B"
            if added is not None:
                added.add(i)
    return tags


def train(name: str, sequences, directory: Path = MODELS, c1: float = 0.05, c2: float = 0.01,
          iterations: int = 120) -> Path:
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(pycrfsuite.ItemSequence(features), labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    path = directory / f"{name}.crfsuite"
    trainer.train(str(path))
    tagger.cache_clear()
    return path
