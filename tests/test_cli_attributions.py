"""`corroborate attributions`: every attribution in articles given as JSON, offline."""

from __future__ import annotations

import json
import subprocess
import sys

TEXT = "Dr. Ahmed Khan, chief surgeon at City General, confirmed that three patients had died."


def attributions(stdin: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corroborate", "attributions", *arguments], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_one_article_in_one_list_out():
    finished = attributions(json.dumps({"text": TEXT}))

    assert finished.returncode == 0, finished.stderr
    (found,) = json.loads(finished.stdout)
    assert found["cue"]["text"] == "confirmed"
    assert "Ahmed Khan" in found["source"]["text"] and "Ahmed Khan" in found["speaker"]
    assert TEXT[found["content"]["start"]:found["content"]["end"]] == found["content"]["text"]
    assert "three patients had died" in found["content"]["text"]


def test_an_array_in_gives_one_list_per_article(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"text": TEXT}, {"text": "The river rose two metres overnight and the bridge stayed shut."}]))

    finished = attributions("", str(path))

    assert finished.returncode == 0, finished.stderr
    first, second = json.loads(finished.stdout)
    assert len(first) == 1 and second == []


def test_bad_input_names_the_field_and_exits_2():
    finished = attributions(json.dumps([{"text": TEXT}, {"txt": "x"}]))

    assert finished.returncode == 2
    fields = [e["field"] for e in json.loads(finished.stderr)["errors"]]
    assert "[1].text" in fields
