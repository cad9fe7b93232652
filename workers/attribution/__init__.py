"""Who said what in a news article: learned attribution (cue, source, content) with coreference.

Pure: no Flask, no Redis, no I/O beyond reading the shipped model files once. Shaped like BBC
R&D's Citron: one module per step (text, features, cues, sources, contents, linker, coreference),
CRFs trained by `python -m workers.attribution.train`; see models/MODEL_CARD.md.
"""

from workers.attribution.pipeline import Attribution, Span, find_attributions

__all__ = ["Attribution", "Span", "find_attributions"]
