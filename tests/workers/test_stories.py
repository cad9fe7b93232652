"""The invented stories end to end, through `corroborate score` as a user runs it.

Every statement of tests/fixtures/stories/ goes to one `python -m corroborate score` process (an
array of statements, an empty registry) and is checked against the careful reader's counts and
verdict. A statement the product reads wrongly today is an xfail with its reason; strict, so the
day it starts passing the test fails until the xfail is removed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPOSITORY
from workers.evaluation.stories import load_cases, observed

CASES = load_cases()

# Why each statement is read wrongly today. "Extractor" reasons are for the learned attribution
# extractor (being built on another branch): datelines taken as sources ("MARROW BAY"), "said X, a
# spokeswoman for Y" / "Dr. X, chief of Y, confirmed" / "she said" not found, whole articles that
# merely discuss the event counted as a neutral source. "Actors" reasons need
# workers.knowledge.actor_for (Moscow = the Kremlin = Russia; the board = the hospital).
EXTRACTOR = "extractor: misses 'said X, a spokesman for Y' and appositive sources, takes the dateline as a source, counts discussing publishers as neutral"
WRONG_TODAY = {
    "bank-data-breach#1": EXTRACTOR + "; Ota and Lumera Bank not one actor",
    "bank-data-breach#2": "Lumera's denial is not seen as an interested party's (Ota is not known to be Lumera), so one denial refutes; " + EXTRACTOR,
    "bank-data-breach#4": "the union quote is found but breach articles are counted as neutral publishers",
    "chlorine-release#1": EXTRACTOR,
    "chlorine-release#2": "minister and Clean Air Watch not found as sources; " + EXTRACTOR,
    "chlorine-release#3": "minister and Clean Air Watch not found as sources; " + EXTRACTOR,
    "chlorine-release#4": "Dr. Moreau's 'nobody had died' is not found; the dateline confirms; " + EXTRACTOR,
    "chlorine-release#5": "the tram article's own report is not counted and the chlorine articles are neutral publishers",
    "election-fraud-claim#1": "Ferrant ('said X, a spokeswoman for') and Vell's campaign not all found; " + EXTRACTOR,
    "hospital-outbreak#2": "the board's and Salo's denials not found; the hospital is not known as the interested party; " + EXTRACTOR,
    "hospital-outbreak#3": "the spokesman's 'declined to comment' not found as a no-side source; " + EXTRACTOR,
    "hospital-outbreak#4": "the minister's 'contained' is not read as denying its negation; " + EXTRACTOR,
    "missile-launchers#1": "actors: Moscow, the Kremlin, Minsk and Minister Hrabouski not resolved to Russia and Belarus, so their denials are not interested and one refutes; " + EXTRACTOR,
    "missile-launchers#2": "actors: as the statement before, mirrored; " + EXTRACTOR,
    "missile-launchers#3": "actors: Moscow is not known to be the Kremlin, so Russia's denial is not the subject's word; " + EXTRACTOR,
    "missile-launchers#4": "discussing publishers counted as neutral; " + EXTRACTOR,
    "wildfire-evacuation#1": "the police and Mayor Wren's 'could not be reached' not found; " + EXTRACTOR,
    "wildfire-evacuation#2": "Superintendent Ruiz's 'not by anyone' is not read as a denial; " + EXTRACTOR,
    "wildfire-evacuation#3": "Governor Kell's 'no injuries' and the fire service on RTA not both found; " + EXTRACTOR,
    "freight-derailment#2": "Veldrail's 'none of its wagons had leaked' is not found as a denial",
    "freight-derailment#3": "Veldrail's 'none of its wagons had leaked' is not found as a denial",
    "freight-derailment#5": "'the organisers said' is read as an unnamed source",
    "school-food-poisoning#1": "Greenplate's 'declined to comment' on how many fell ill is not found",
    "school-food-poisoning#2": "Channel 6's own report of the illness is counted for the cause (the document model)",
    "school-food-poisoning#3": "Channel 6's own report of the illness is counted for the cause (the document model)",
}


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    environment = {**os.environ, "CORROBORATE_REGISTRY_FILE": ""}
    environment.pop("REDIS_URL", None)
    completed = subprocess.run(
        [sys.executable, "-m", "corroborate", "score", "-"], cwd=REPOSITORY, env=environment,
        input=json.dumps([case.request() for case in CASES]), capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return {case.id: result for case, result in zip(CASES, json.loads(completed.stdout))}


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 25
    assert len({case.story for case in CASES}) >= 6
    assert all(len({a["source"] for a in case.articles}) >= 4 for case in CASES)


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=WRONG_TODAY[case.id])]
                 if case.id in WRONG_TODAY else [])
    for case in CASES
])
def test_a_careful_reader_count(case, results):
    result = results[case.id]
    assert observed(result) == case.expected(), result["explanation"]
