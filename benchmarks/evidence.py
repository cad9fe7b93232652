"""Synthetic evidence at scale, shared by the scaling benchmark and its test."""

from __future__ import annotations

import random


def synthetic_evidence(reports: int, seed: int = 0) -> list[dict]:
    """Reports from reports/4 outlets; some cite officials, some affiliated, some syndicated copy."""
    rng = random.Random(seed)
    vocabulary = [f"word{n}" for n in range(3000)]
    wires = [" ".join(rng.choices(vocabulary, k=30)) for _ in range(max(1, reports // 50))]
    outlets = max(2, reports // 4)
    evidence = []
    for n in range(reports):
        outlet = rng.randrange(outlets)
        item = {
            "source": {"id": f"outlet-{outlet}", "affiliations": [f"group-{outlet % 97}"]},
            "stance": rng.choice(["confirms", "confirms", "denies", "neutral"]),
        }
        roll = rng.random()
        if roll < 0.2:
            item["cites"] = [f"official-{rng.randrange(50)}"]
        elif roll < 0.5:
            item["quote"] = rng.choice(wires) + f" update {rng.randrange(3)}"
        else:
            item["quote"] = " ".join(rng.choices(vocabulary, k=25))
        evidence.append(item)
    return evidence
