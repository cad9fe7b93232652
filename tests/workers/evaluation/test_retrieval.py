import csv

from workers.evaluation.retrieval import main, ranking_metrics


def test_ranking_metrics_by_hand():
    rankings = {"h1": ["a", "b", "c"], "h2": ["x", "y"], "h3": ["p"]}
    relevant = {"h1": {"b", "z"}, "h2": {"x"}, "h3": {"q"}}
    metrics = ranking_metrics(rankings, relevant)
    # recall: h1 finds 1 of 2, h2 1 of 1, h3 0 of 1; first hits at ranks 2, 1 and never.
    assert metrics["recall@10"] == (0.5 + 1 + 0) / 3
    assert metrics["MRR"] == (0.5 + 1 + 0) / 3


def test_the_evaluation_runs_on_a_small_fnc_folder(tmp_path, capsys):
    bodies = {"1": "Firefighters fought a blaze at the harbour warehouse overnight.",
              "2": "The central bank raised interest rates by half a point.",
              "3": "A warehouse fire at the harbour forced the port to close."}
    with open(tmp_path / "train_bodies.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows(bodies.items())
    stances = [("Fire destroys harbour warehouse", "1", "discuss"), ("Fire destroys harbour warehouse", "2", "unrelated"),
               ("Fire destroys harbour warehouse", "3", "agree"), ("Bank raises interest rates", "2", "agree"),
               ("Bank raises interest rates", "1", "unrelated")]
    with open(tmp_path / "train_stances.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(stances)
    assert main([str(tmp_path)]) == 0
    report = capsys.readouterr().out
    assert "3 bodies, 2 headlines" in report
    fts_row = next(line for line in report.splitlines() if line.startswith("FTS5"))
    assert fts_row.split()[3:6] == ["1.000", "1.000", "1.000"]
    assert "FTS top 50 only 1.000" in report
