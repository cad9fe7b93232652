"""Train the cue, source and content CRFs on PolNeAR train; measure on dev; write models/.

    python -m workers.attribution.train --data ../shared/data/polnear

The source and content taggers learn from the annotators' cues (at run time they read the cue
tagger's); dev decides the regularisation. Writes cue.crfsuite, source.crfsuite,
content.crfsuite, cue_source.crfsuite (the per-cue source tagger) and cue_lexicon.json into workers/attribution/models/.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from workers.attribution import crf
from workers.attribution.corpus import bio_labels, read_folder
from workers.attribution.features import argument_features, cue_source_features, cue_window, token_features
from workers.attribution.text import paragraphs

MIN_CUE_COUNT = 2


def cue_lexicon(articles) -> dict[str, float]:
    """Share of each word's occurrences that fall inside a cue, for words in a cue at least twice."""
    seen, in_cue = Counter(), Counter()
    for _, text, gold in articles:
        cue_chars = set()
        for attribution in gold:
            for a, b in attribution.cue:
                cue_chars.update(range(a, b))
        for tokens in paragraphs(text):
            for token in tokens:
                seen[token.lower] += 1
                if token.start in cue_chars:
                    in_cue[token.lower] += 1
    return {w: round(in_cue[w] / seen[w], 3) for w in in_cue if in_cue[w] >= MIN_CUE_COUNT}


def labelled_paragraphs(articles, lexicon):
    """(tokens, base features, cue tags, source tags, content tags) per paragraph with tokens."""
    for _, text, gold in articles:
        cues = [g.cue for g in gold]
        sources = [g.source for g in gold if g.source]
        contents = [g.content for g in gold]
        for tokens in paragraphs(text):
            lo, hi = tokens[0].start, tokens[-1].end
            near = lambda spans: [s for s in spans if s[0][0] < hi and s[-1][1] > lo]  # noqa: E731
            yield (tokens, token_features(tokens, lexicon), bio_labels(tokens, near(cues)),
                   bio_labels(tokens, near(sources)), bio_labels(tokens, near(contents)))


def cue_source_rows(articles, lexicon):
    """(features, source tags) per gold attribution: the cue's window read against that one cue,
    labelled with that attribution's source (all O when it has none)."""
    for _, text, gold in articles:
        for tokens in paragraphs(text):
            lo, hi = tokens[0].start, tokens[-1].end
            here = [g for g in gold if g.cue[0][0] < hi and g.cue[-1][1] > lo]
            if not here:
                continue
            base = token_features(tokens, lexicon)
            cue_tags = bio_labels(tokens, [g.cue for g in here])
            for g in here:
                inside = [i for i, t in enumerate(tokens) if any(t.start < b and t.end > a for a, b in g.cue)]
                if not inside:
                    continue
                cue = (inside[0], inside[-1])
                window = cue_window(tokens, cue)
                labels = bio_labels(tokens[window[0]:window[1]], [g.source] if g.source else [])
                yield cue_source_features(tokens, base, cue_tags, cue, window), labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/polnear", help="folder holding train/ and dev/")
    parser.add_argument("--out", default=str(crf.MODELS))
    parser.add_argument("--c1", type=float, nargs="+", default=[0.05], help="L1 weights to try on dev")
    parser.add_argument("--iterations", type=int, default=250)
    arguments = parser.parse_args(argv)
    data, out = Path(arguments.data), Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    train = read_folder(data / "train")
    lexicon = cue_lexicon(train)
    (out / "cue_lexicon.json").write_text(json.dumps(lexicon, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    crf.use_models(out)
    rows = list(labelled_paragraphs(train, lexicon))
    print(f"{len(train)} articles, {len(rows)} paragraphs, {sum(len(r[0]) for r in rows)} tokens")
    from workers.evaluation.attribution import evaluate, format_scores

    from workers.attribution import find_attributions

    dev = read_folder(data / "dev")
    best = None
    for c1 in arguments.c1:
        crf.train("cue", ((r[1], r[2]) for r in rows), out, c1=c1, iterations=arguments.iterations)
        arguments_of = [argument_features(r[0], r[1], r[2]) for r in rows]
        crf.train("source", zip(arguments_of, (r[3] for r in rows)), out, c1=c1, iterations=arguments.iterations)
        crf.train("content", zip(arguments_of, (r[4] for r in rows)), out, c1=c1, iterations=arguments.iterations)
        del arguments_of
        crf.train("cue_source", cue_source_rows(train, lexicon), out, c1=c1, iterations=arguments.iterations)
        scores = evaluate(dev, find_attributions)
        print(f"c1={c1}: {format_scores(scores)}  ({time.perf_counter() - started:.0f} s)")
        if best is None or scores["f1"] > best[1]["f1"]:
            best = (c1, scores)
    if len(arguments.c1) > 1 and best[0] != arguments.c1[-1]:
        print(f"retraining with the best c1={best[0]}")
        return main(["--data", str(data), "--out", str(out), "--c1", str(best[0]),
                     "--iterations", str(arguments.iterations)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
