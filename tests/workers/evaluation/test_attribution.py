"""The attribution evaluator on a tiny brat folder written for this test."""

from pathlib import Path

from workers.attribution import Attribution, Span
from workers.attribution.corpus import read_folder
from workers.evaluation.attribution import evaluate, main, rule_attributions

TINY = Path(__file__).parent / "polnear_tiny"


def _span(text, phrase):
    start = text.index(phrase)
    return Span(phrase, start, start + len(phrase))


def test_the_first_annotation_file_by_name_is_read():
    articles = dict((name, gold) for name, _, gold in read_folder(TINY))
    assert len(articles["council"]) == 2 and len(articles["harbour"]) == 2


def test_a_perfect_extractor_scores_one_and_a_half_right_one_scores_in_between():
    articles = read_folder(TINY)
    texts = {name: text for name, text, _ in articles}

    def perfect(text):
        found = []
        for name, t, gold in articles:
            if t == text:
                for g in gold:
                    (a, b), = g.cue
                    content = (g.content[0][0], g.content[-1][1])
                    source = Span(t[g.source[0][0]:g.source[0][1]], *g.source[0]) if g.source else None
                    found.append(Attribution(source, Span(t[a:b], a, b), Span(t[slice(*content)], *content), None))
        return found

    scores = evaluate(articles, perfect)
    assert scores["f1"] == 1.0 and scores["source_overlap"] == 1.0 and scores["content_char_f1"] == 1.0

    def harbour_master_only(text):
        if text != texts["harbour"]:
            return []
        return [Attribution(_span(text, "The harbour master"), _span(text, "said"),
                            _span(text, "the pier would reopen"), None),
                Attribution(None, _span(text, "repaired"), _span(text, "the crane"), None)]

    scores = evaluate(articles, harbour_master_only)
    assert scores["precision"] == 0.5 and scores["recall"] == 0.25
    assert scores["source_overlap"] == 1.0
    assert 0.5 < scores["content_char_f1"] < 1.0  # "on Monday" missed


def test_the_report_prints_both_extractors(capsys):
    assert main([str(TINY)]) == 0
    out = capsys.readouterr().out
    assert "learned (CRF)" in out and "today's rules" in out


def test_todays_rules_list_attributions_as_spans():
    text = (TINY / "text" / "council.txt").read_text(encoding="utf-8")
    found = rule_attributions(text)
    assert any(a.cue.text == "told" and a.source and "Amir Haddad" in a.source.text for a in found)
    for a in found:
        assert text[a.cue.start:a.cue.end] == a.cue.text
