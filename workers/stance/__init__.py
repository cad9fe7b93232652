"""Stance classification for Corroborate (pure inference, numpy only).

``predict_headline_stance(claim, headline)`` -> ("confirms" | "denies" | "neutral", confidence)
``predict_document_stance(statement, body)`` -> ("confirms" | "denies" | "neutral" | "unrelated", confidence)

Models live in ``workers/stance/models/`` (JSON + npz, no pickle) and are
loaded lazily once per process. Retrain with ``python -m workers.stance.train``.
"""

from .model import predict_document_stance, predict_headline_stance

__all__ = ["predict_document_stance", "predict_headline_stance"]
