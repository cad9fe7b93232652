"""`corroborate score`: offline scoring, no Redis."""

from __future__ import annotations

import json
import subprocess
import sys


def score(stdin: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corroborate", "score", *arguments], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_one_statement_in_one_result_out():
    statement = {"text": "It rained.", "evidence": [{"source": "met-office", "stance": "confirms"}]}

    finished = score(json.dumps(statement))

    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout)
    assert result["text"] == "It rained." and result["statement_id"].startswith("st_")
    assert result["counts"]["confirming"] == 1


def test_an_array_in_gives_an_array_out_in_order(tmp_path):
    statements = [{"text": f"Claim {n}.", "evidence": []} for n in range(3)]
    path = tmp_path / "statements.json"
    path.write_text(json.dumps(statements))

    finished = score("", str(path))

    assert finished.returncode == 0, finished.stderr
    assert [r["text"] for r in json.loads(finished.stdout)] == ["Claim 0.", "Claim 1.", "Claim 2."]


def test_offline_scores_match_the_api_but_not_its_keyed_id(client, run_jobs):
    statement = {"text": "It rained.", "evidence": [{"source": "met-office", "stance": "confirms"}]}

    offline = json.loads(score(json.dumps(statement)).stdout)
    submitted = client.post("/v1/statements", json=statement).get_json()
    run_jobs()
    online = client.get(f"/v1/statements/{submitted['statement_id']}").get_json()

    # The API's id is keyed with the workspace's secret: public inputs alone cannot give it.
    assert submitted["statement_id"] != offline["statement_id"]
    assert (online["score"], online["verdict"], online["counts"]) == (offline["score"], offline["verdict"], offline["counts"])


def test_bad_input_names_the_field_and_exits_2():
    finished = score(json.dumps([{"text": "ok", "evidence": [{"source": "a", "stance": "sure"}]}]))

    assert finished.returncode == 2
    assert json.loads(finished.stderr)["errors"][0]["field"] == "[0].evidence[0].stance"
    assert score("{oops").returncode == 2


def test_the_offline_scorer_reads_a_registry(tmp_path):
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps([{"id": "north-korea", "aliases": ["Pyongyang", "KCNA"]}]))
    statement = {"text": "Troops were sent.", "evidence": [
        {"source": "Pyongyang", "stance": "neutral"}, {"source": "kcna", "stance": "neutral"}]}

    without = json.loads(score(json.dumps(statement)).stdout)
    with_registry = json.loads(score(json.dumps(statement), "--registry", str(registry)).stdout)

    assert without["counts"]["independent"] == 2
    assert with_registry["counts"]["independent"] == 1
    assert with_registry["clusters"][0]["sources"] == ["north-korea"]
