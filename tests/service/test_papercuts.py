"""What a newcomer tripped over (issue 10): each fixed, each kept fixed."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPOSITORY


def test_a_missing_text_is_one_error(client):
    errors = client.post("/v1/statements", json={"evidence": []}).get_json()["errors"]

    assert errors == [{"field": "text", "message": "Missing data for required field."}]


def test_put_source_does_not_require_the_id_in_the_body(client):
    spec = client.get("/openapi.json").get_json()
    body = spec["paths"]["/v1/sources/{source_id}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    schema = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]

    assert "id" not in schema.get("required", [])
    assert client.put("/v1/sources/pellaria-times", json={"kind": "outlet"}).status_code == 201


def test_every_operation_has_an_id_and_a_tag(client):
    spec = client.get("/openapi.json").get_json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    ids = [op.get("operationId") for op in operations]

    assert all(ids) and len(set(ids)) == len(ids)
    assert all(op.get("tags") for op in operations)
    assert {tag["name"] for tag in spec["tags"]} >= {t for op in operations for t in op["tags"]}


def test_canceling_a_finished_job_reads_as_english(client, run_jobs):
    job_id = client.post("/v1/statements", json={"text": "The bridge reopened",
                                                 "evidence": [{"source": "a", "stance": "confirms"}]}).get_json()["job_id"]
    run_jobs()

    detail = client.delete(f"/v1/jobs/{job_id}").get_json()["detail"]

    assert detail.startswith("The job has already succeeded;") and "is succeeded" not in detail


def test_score_into_a_closed_pipe_ends_quietly(tmp_path):
    statements = [{"text": f"Statement {i}", "evidence": [{"source": f"s{j}", "stance": "confirms"} for j in range(20)]}
                  for i in range(30)]
    (tmp_path / "many.json").write_text(json.dumps(statements))
    process = subprocess.Popen([sys.executable, "-m", "corroborate", "score", str(tmp_path / "many.json")],
                               cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(100)
    process.stdout.close()  # what `| head` does once it has its lines
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)

    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
