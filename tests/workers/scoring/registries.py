"""Hypothesis strategies for varied registries and the statements scored against them.

The names mix outlets, people, states and their metonyms, spellings that fold to one key
("AP", "a.p.", "Ap"), names two records claim, records that stand for a state, and records
affiliated with a state or with each other, so a lookup that fetched too little would show.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Families of names and ids that name one thing, or fold to one key; a world draws a few families.
FAMILIES = [
    (["Reuters", "reuters", "Réuters", "Wire Service"], ["reuters", "Reuters", "wire"]),
    (["AP", "a.p.", "Associated Press", "The Wire"], ["ap", "AP", "Ap", "the-wire"]),
    (["Daily Planet", "Daily Planet Newsroom", "Evening Star"], ["daily-planet", "Daily-Planet", "evening-star"]),
    (["Jordan Peterson", "Jane Doe", "Harbour Authority", "Port Officials"], ["jordan-peterson", "harbour"]),
    (["Russia", "Moscow", "the Kremlin", "Russian Ministry of Defence", "Russia's defence ministry", "RT",
      "Sputnik"], ["russia", "Russia", "kremlin", "mod-ru", "rt", "sputnik"]),
    (["North Korea", "Pyongyang", "North Korea's foreign ministry", "KCNA"], ["north-korea", "kcna", "KCNA"]),
    (["Georgia", "Georgian Interior Ministry", "Tbilisi", "Ukraine", "Kyiv"], ["georgia", "ukraine", "Ukraine"]),
    (["China", "Beijing", "Xinhua"], ["china", "xinhua", "China"]),
]
KINDS = ["outlet", "government", "official", "person", "agency", "anonymous", "other"]
FILLER = ["troops", "were", "sent", "a", "dam", "burst", "near", "the", "border", "said", "denied", "ministry",
          "officials", "newsroom", "defence", "port", "shipment", "left"]


@st.composite
def worlds(draw) -> tuple[dict, list[dict], dict]:
    """(registry, statement): a few names and ids drawn first, so that records and evidence
    share them as often as real ones do."""
    chosen = draw(st.lists(st.integers(0, len(FAMILIES) - 1), min_size=1, max_size=3, unique=True))
    families = [FAMILIES[i] for i in chosen]
    names = st.sampled_from([name for family_names, _ in families for name in family_names])
    ids = st.sampled_from([id_ for _, family_ids in families for id_ in family_ids])
    either = st.one_of(names, ids)
    # Kinds a state's own record may have come up more often than the rest.
    kinds = st.sampled_from(["government", "other", "other", *KINDS])
    few = st.lists(either, max_size=2).map(lambda picked: picked[:draw(st.integers(0, 2))])

    def record() -> dict:
        record = {"id": draw(ids)}
        if draw(st.booleans()):
            record["name"] = draw(names)
        record["aliases"] = draw(st.lists(names, max_size=3))
        record["affiliations"] = draw(few) if draw(st.booleans()) else []
        record["kind"] = draw(kinds)
        record["reliability"] = draw(st.one_of(st.none(), st.sampled_from([0.1, 0.5, 0.9])))
        return record

    def source():
        choice = draw(st.integers(0, 2))
        if choice == 0:
            return draw(either)
        inline = {"id": draw(either)}
        if choice == 2 or draw(st.booleans()):
            inline["name"] = draw(names)
        if draw(st.booleans()):
            inline["affiliations"] = draw(few)
        if draw(st.integers(0, 4)) == 0:
            inline["kind"] = draw(st.sampled_from(KINDS))
        return inline

    def item() -> dict:
        item = {"source": source(), "stance": draw(st.sampled_from(["confirms", "denies", "neutral"]))}
        if draw(st.booleans()):
            cited = draw(names)
            item["quote"] = f"{draw(st.sampled_from(FILLER))} {cited} according to {cited} officials."
        if draw(st.integers(0, 3)) == 0:
            item["cites"] = draw(st.lists(either, min_size=1, max_size=2))
        return item

    registry = [record() for _ in range(draw(st.integers(0, 10)))]
    words = [draw(st.one_of(names, st.sampled_from(FILLER))) for _ in range(draw(st.integers(1, 12)))]
    statement = {"text": " ".join(words) + ".", "evidence": [item() for _ in range(draw(st.integers(0, 6)))]}
    return registry, statement
