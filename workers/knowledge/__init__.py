"""World knowledge the reader needs offline: which state a name speaks for, and which states a
text names. Pure data and functions; no Flask, no Redis, no network."""

from workers.knowledge.actors import Actor, actor_for, actor_with_id, country_mentions

__all__ = ["Actor", "actor_for", "actor_with_id", "country_mentions"]
