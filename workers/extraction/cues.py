"""Word lists: the verbs that attribute a claim and the words that turn, weaken or void it.

Each reporting verb has a class and a base confidence:

* ``assert``   the source puts the content forward ("said", "confirmed", "accused", "noted");
* ``deny``     the source rejects the content ("denied", "ruled out", "rejected", "debunked");
* ``noncommit`` the source takes no side ("declined to comment", "neither confirmed nor denied").

A negated ``assert`` or ``deny`` ("did not confirm", "did not deny") is a non-commitment, never
the opposite stance: not denying something is not confirming it.
"""

from __future__ import annotations

ASSERT = "assert"
DENY = "deny"
NONCOMMIT = "noncommit"
REFUSE_ACTION = "refuse_action"

STRONG = 0.85
MEDIUM = 0.7
WEAK = 0.5
ANONYMOUS_CONFIDENCE = 0.35
NONCOMMIT_CONFIDENCE = 0.7
HEDGED_CONFIDENCE = 0.5
IRRELEVANT_CONFIDENCE = 0.1


def _forms(spec: str, cls: str, strength: float) -> dict[str, tuple[str, float]]:
    return {form: (cls, strength) for form in spec.split()}


VERBS: dict[str, tuple[str, float]] = {}
VERBS.update(_forms(
    """confirm confirmed confirms confirming verify verified verifies verifying acknowledge
    acknowledged acknowledges acknowledging admit admitted admits admitting announce announced
    announces announcing accuse accused accuses accusing declare declared declares declaring
    reveal revealed reveals revealing disclose disclosed discloses disclosing affirm affirmed
    affirms reaffirmed reaffirms testify testified testifies corroborated corroborates""",
    ASSERT, STRONG,
))
VERBS.update(_forms(
    """say said saying says stated stating tell told tells telling add added adding reported
    reporting claimed claiming assert asserted asserts asserting insist insisted insists
    insisting maintain maintained maintaining emphasize emphasized emphasizes emphasizing
    emphasise emphasised emphasises emphasising stress stressed stressing warn warned warns
    warning allege alleged alleges alleging referenced referencing cite cited cites citing
    showed shown shows showing conclude concluded concludes concluding argue argued argues
    arguing wrote writes writing explain explained explains explaining highlight highlighted
    highlights highlighting observed observes noted noting tweeted posted assessed assesses
    described describes describing called calls labelled labeled branded mentioned mentions
    recalled recounted""",
    ASSERT, MEDIUM,
))
VERBS.update(_forms(
    """indicate indicated indicates indicating suggest suggested suggests suggesting hint hinted
    hints hinting believe believed believes estimate estimated estimates speculated speculates
    implied implies signalled signaled signals predicted predicts""",
    ASSERT, WEAK,
))
VERBS.update(_forms(
    """deny denied denies denying refute refuted refutes refuting repudiated repudiates
    debunk debunked debunks debunking""",
    DENY, STRONG,
))
VERBS.update(_forms(
    "reject rejected rejects rejecting disavowed disavows",
    DENY, 0.8,
))
VERBS.update(_forms(
    "dismiss dismissed dismisses dismissing",
    DENY, 0.75,
))
VERBS.update(_forms(
    "dispute disputed disputes disputing contradicted contradicts contested",
    DENY, MEDIUM,
))
# Doubt is a weak denial: "scientists questioned whether ...".
VERBS.update(_forms(
    "questioned questions questioning doubted doubts doubting",
    DENY, WEAK,
))
VERBS.update(_forms(
    "comment commented comments commenting remarked respond responded responds", ASSERT, MEDIUM
))

# Forms that are more often plural nouns ("reports", "claims"): a verb only before "that".
VERB_ONLY_BEFORE_THAT: dict[str, tuple[str, float]] = {
    "reports": (ASSERT, MEDIUM), "claims": (ASSERT, MEDIUM), "states": (ASSERT, MEDIUM),
    "notes": (ASSERT, MEDIUM), "report": (ASSERT, MEDIUM), "claim": (ASSERT, MEDIUM),
    "found": (ASSERT, MEDIUM), "finds": (ASSERT, MEDIUM), "find": (ASSERT, MEDIUM),
    "charged": (ASSERT, MEDIUM), "charges": (ASSERT, MEDIUM), "note": (ASSERT, MEDIUM),
    "state": (ASSERT, MEDIUM), "feared": (ASSERT, WEAK), "fears": (ASSERT, WEAK),
}
# "found evidence", "noted evidence": a verb followed by "evidence" is a strong assertion.
EVIDENCE_VERBS = frozenset(
    """noted noting found finds find presented presenting cited citing showed shown shows
    provided gathered collected uncovered saw see sees seen has have had offered shared released
    published""".split()
)
EVIDENCE_NOUNS = frozenset("evidence proof signs indications".split())

# Two-word verbs: first word -> particle.
PARTICLE_VERBS: dict[str, tuple[str, str, float]] = {
    "ruled": ("out", DENY, STRONG), "rules": ("out", DENY, STRONG), "rule": ("out", DENY, STRONG),
    "ruling": ("out", DENY, STRONG), "pointed": ("out", ASSERT, MEDIUM),
    "points": ("out", ASSERT, MEDIUM), "pointing": ("out", ASSERT, MEDIUM),
    "brushed": ("aside", DENY, WEAK), "shot": ("down", DENY, MEDIUM),
}
# "called for", "called on": not a description of anything.
CALL_VERBS = frozenset("called calls described describes describing labelled labeled branded".split())
NOT_AFTER_CALL = frozenset("for on off up in upon back out".split())

# "expressed concern about X", "raised concerns over X": a weak assertion.
CONCERN_VERBS = frozenset(
    "expressed expressing expresses raised raising raises voiced voicing voices".split()
)
CONCERN_NOUNS = frozenset(
    "concern concerns alarm fears fear worry worries suspicion suspicions".split()
)

# "declined to X", "refused to X": no side if X is speaking; a refusal of X otherwise.
REFUSAL_VERBS = frozenset("declined declines declining refused refuses refusing".split())
SPEECH_ACTS = frozenset(
    """comment comments commenting confirm deny say discuss answer elaborate specify respond
    address speculate disclose reveal identify explain clarify acknowledge verify""".split()
)

# Adverbs that make a clause an unattributed report.
UNATTRIBUTED_ADVERBS = frozenset(
    "reportedly allegedly purportedly supposedly reputedly rumoredly".split()
)
# Passive reporting verbs whose agent is nobody in particular: "it was reported that ...".
PASSIVE_UNATTRIBUTED = frozenset(
    """reported said believed thought alleged rumored rumoured understood claimed estimated
    suspected expected""".split()
)

AUXILIARIES = frozenset(
    """has have had is are was were be been being did does do will would could can should may
    might must shall 's""".split()
)
BE_FORMS = frozenset("is are was were be been being".split())
NEGATORS = frozenset(
    """not never no none nothing neither nor cannot didn't doesn't don't hasn't haven't hadn't
    won't wouldn't couldn't can't isn't aren't wasn't weren't shouldn't""".split()
)
# Adverbs that may sit between a source and its verb without changing whose claim it is.
GAP_ADVERBS = frozenset(
    """also still repeatedly previously publicly privately firmly strongly flatly categorically
    again earlier later recently already further officially formally explicitly vehemently
    swiftly quickly immediately subsequently initially first then separately likewise similarly
    openly directly indirectly however too just only even ever both all once reportedly
    purportedly apparently angrily consistently emphatically long since falsely wrongly
    baselessly incorrectly correctly rightly accurately inaccurately misleadingly mistakenly
    initially originally""".split()
)

# A hedge before the matter turns an assertion into no side at all.
HYPOTHETICAL = frozenset(
    """if whether potential potentially possible possibility possibilities possibly hypothetical
    hypothetically any unconfirmed rumor rumors rumour rumours speculation prospect""".split()
)
# A weak modal keeps the side but lowers the confidence.
WEAK_MODALS = frozenset("could might may likely probably perhaps maybe presumably".split())

# Words that call the content untrue: "is false", "a hoax", "debunked".
DENIAL_WORDS = frozenset(
    """false untrue hoax hoaxes fake fabricated fabrication fabrications baseless groundless
    unfounded debunked myth lie lies falsehood falsehoods disinformation misinformation
    nonsense bogus absurd""".split()
)
# "no doubt", "not only": a negator that does not negate.
NEGATION_EXCEPTIONS = frozenset("doubt only just question".split())

CLAUSE_CONNECTORS = frozenset(
    """and but while whereas although though as with which who when after before since because
    yet so ; , : — – -""".split()
)
