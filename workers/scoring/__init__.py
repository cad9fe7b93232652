"""The scoring engine: pure functions from a statement and its evidence to a result."""

from workers.scoring.engine import score_statement

__all__ = ["score_statement"]
