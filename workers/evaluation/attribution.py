"""Attribution on PolNeAR: the learned extractor side by side with today's rules.

    corroborate eval attribution [DIR]      (default ../shared/data/polnear/dev)

A prediction matches a gold attribution when their cues overlap (one to one, largest overlap
first). Printed: precision, recall and F1 of attributions; the share of matched pairs whose
sources agree (both overlap, or both are absent); and the character-level F1 of content over
matched pairs (summed over all pairs, gold content being the union of its fragments).

Today's rules (workers.extraction.claims.find_claims) only ever answer for one statement; to list
every attribution they can see, each sentence is read the way extract_attributions reads it (the
three sentences before as context, the running list of named people) and every claim it returns
is kept, relevant or not: its cue words, its source phrase and its content words become spans.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from workers.attribution import Attribution, Span, find_attributions
from workers.attribution.corpus import GoldAttribution, read_folder


def _chars(fragments) -> set[int]:
    chars: set[int] = set()
    for a, b in fragments:
        chars.update(range(a, b))
    return chars


def _overlaps(fragments, span: Span | None) -> bool:
    return span is not None and any(a < span.end and span.start < b for a, b in fragments)


def evaluate(articles, extractor: Callable[[str], list[Attribution]]) -> dict:
    predicted = gold_total = matched = sources_agree = 0
    content_tp = content_predicted = content_gold = 0
    seconds = 0.0
    words = 0
    for _, text, gold in articles:
        started = time.perf_counter()
        found = extractor(text)
        seconds += time.perf_counter() - started
        words += len(text.split())
        predicted += len(found)
        gold_total += len(gold)
        pairs = []
        for g_index, g in enumerate(gold):
            cue = _chars(g.cue)
            for p_index, p in enumerate(found):
                overlap = len(cue & set(range(p.cue.start, p.cue.end)))
                if overlap:
                    pairs.append((-overlap, g_index, p_index))
        used_gold, used_predicted = set(), set()
        for _, g_index, p_index in sorted(pairs):
            if g_index in used_gold or p_index in used_predicted:
                continue
            used_gold.add(g_index)
            used_predicted.add(p_index)
            g, p = gold[g_index], found[p_index]
            matched += 1
            if (g.source is None and p.source is None) or (g.source is not None and _overlaps(g.source, p.source)):
                sources_agree += 1
            gold_chars = _chars(g.content)
            predicted_chars = set(range(p.content.start, p.content.end))
            content_tp += len(gold_chars & predicted_chars)
            content_gold += len(gold_chars)
            content_predicted += len(predicted_chars)
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    c_p = content_tp / content_predicted if content_predicted else 0.0
    c_r = content_tp / content_gold if content_gold else 0.0
    return {
        "articles": len(articles), "gold": gold_total, "predicted": predicted, "matched": matched,
        "precision": precision, "recall": recall, "f1": f1,
        "source_overlap": sources_agree / matched if matched else 0.0,
        "content_char_f1": 2 * c_p * c_r / (c_p + c_r) if c_p + c_r else 0.0,
        "ms_per_1000_words": 1000 * seconds / words * 1000 if words else 0.0,
    }


def rule_attributions(text: str) -> list[Attribution]:
    """Every claim today's rules find in `text`, as spans (see the module's docstring)."""
    from workers.extraction.claims import find_claims
    from workers.extraction.sentences import split_sentences
    from workers.extraction.source_names import NAMED, titled_people

    sentences = split_sentences(text)
    vocabulary = {t.bare for s in sentences for t in s.tokens if t.is_word and not t.is_cap}
    recent_named: list = []
    found = []

    def span(tokens, first, last) -> Span:
        start, end = tokens[first].start, tokens[last].end
        return Span(text[start:end], start, end)

    for number, sentence in enumerate(sentences):
        tokens = sentence.tokens
        claims = find_claims(sentence, sentences[max(0, number - 3):number], vocabulary, recent_named)
        for claim in claims:
            source = span(tokens, *claim.np_range) if claim.np_range else None
            a, b = claim.content
            content = span(tokens, a, b - 1) if b > a else Span("", tokens[claim.verb_last].end, tokens[claim.verb_last].end)
            found.append(Attribution(source, span(tokens, claim.verb_first, claim.verb_last), content, None))
        recent_named.extend(titled_people(sentence))
        for claim in claims:
            recent_named.extend(s for s in claim.sources if s.kind == NAMED)
        del recent_named[:-5]
    return found


def format_scores(scores: dict) -> str:
    return (f"P {scores['precision']:.3f}  R {scores['recall']:.3f}  F1 {scores['f1']:.3f}  "
            f"source overlap {scores['source_overlap']:.3f}  content char F1 {scores['content_char_f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    folder = (argv or sys.argv[1:] or ["../shared/data/polnear/dev"])[0]
    articles = read_folder(folder)
    if not articles:
        print(f"corroborate eval attribution: no PolNeAR articles (text/*.txt with attributions/*.ann) under {folder}",
              file=sys.stderr)
        return 2
    gold = sum(len(g) for _, _, g in articles)
    print(f"{folder}: {len(articles)} articles, {gold} gold attributions (match: cues overlap)")
    print(f"{'':16}{'precision':>10}{'recall':>8}{'F1':>7}{'source':>8}{'content':>9}{'ms/1000 words':>15}")
    for name, extractor in (("learned (CRF)", find_attributions), ("today's rules", rule_attributions)):
        s = evaluate(articles, extractor)
        print(f"{name:16}{s['precision']:10.3f}{s['recall']:8.3f}{s['f1']:7.3f}{s['source_overlap']:8.3f}"
              f"{s['content_char_f1']:9.3f}{s['ms_per_1000_words']:15.1f}")
    print("source: share of matched attributions whose sources overlap (or both have none); "
          "content: character F1 over matched attributions")
    return 0


__all__ = ["GoldAttribution", "evaluate", "format_scores", "main", "rule_attributions"]
