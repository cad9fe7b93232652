"""corroborate serve | worker | score | eval — one console script for every role."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from dataclasses import replace

from config.settings import Settings, SettingsError

log = logging.getLogger("corroborate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="corroborate", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP API (embedded mode when REDIS_URL is unset)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run_serve)

    worker = commands.add_parser("worker", help="run an RQ scoring worker on REDIS_URL")
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.add_argument("--fork", action="store_true",
                        help="run each job in a forked work horse (isolation at ~2.5x lower throughput)")
    worker.set_defaults(run=run_worker)

    score = commands.add_parser("score", help="score offline: a statement or an array of them, as JSON")
    score.add_argument("file", nargs="?", default="-", help="JSON file, or - for standard input")
    score.add_argument("--registry", help="source registry file (default: CORROBORATE_REGISTRY_FILE)")
    score.set_defaults(run=run_score)

    attributions = commands.add_parser("attributions", help="who said what: every attribution in articles, as JSON")
    attributions.add_argument("file", nargs="?", default="-", help="a {text} object or an array of them; - for stdin")
    attributions.set_defaults(run=run_attributions)

    evaluate = commands.add_parser("eval", help="measure the models on labelled data")
    evaluations = evaluate.add_subparsers(dest="evaluation", required=True)
    veracity = evaluations.add_parser("veracity", help="score and verdicts on Emergent claims")
    veracity.add_argument("path", nargs="?", default="../shared/data/emergent/veracity-dev.csv")
    veracity.add_argument("--png", default="reports/reliability.png", help="where to write the reliability diagram")
    veracity.set_defaults(run=run_eval_veracity)
    stance = evaluations.add_parser("stance", help="stance models on Emergent headlines and FNC-1")
    stance.add_argument("path", nargs="?", default="../shared/data", help="folder holding emergent/ and fnc-1/")
    stance.set_defaults(run=run_eval_stance)
    relevance = evaluations.add_parser("relevance", help="the evidence store's relevance threshold on FNC-1")
    relevance.add_argument("path", nargs="?", default="../shared/data/fnc-1")
    relevance.set_defaults(run=run_eval_relevance)

    attribution = evaluations.add_parser("attribution", help="attribution extraction on PolNeAR, learned vs rules")
    attribution.add_argument("path", nargs="?", default="../shared/data/polnear/dev")
    attribution.set_defaults(run=run_eval_attribution)

    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        return arguments.run(arguments, Settings.from_env()) or 0
    except SettingsError as error:
        print(f"corroborate: {error}", file=sys.stderr)
        return 2


def run_serve(arguments, settings: Settings) -> int:
    from werkzeug.serving import make_server

    from service import create_app
    from service.connections import connect

    if not settings.embedded:
        app = create_app(settings)
        log.info("serving the API on http://%s:%s against %s", arguments.host, arguments.port,
                 _redacted(settings.redis_url))
        make_server(arguments.host, arguments.port, app, threaded=True).serve_forever()
        return 0

    import fakeredis

    from workers.runner import build_worker

    # RQ's scheduler runs in a forked process, which cannot see an in-process fakeredis server,
    # so embedded retries go straight back on the queue instead of waiting for the scheduler.
    settings = replace(settings, retry_intervals=(0,))
    clients = connect(settings, fake_server=fakeredis.FakeServer())
    app = create_app(settings, clients)
    http = make_server(arguments.host, arguments.port, app, threaded=True)
    threading.Thread(target=http.serve_forever, name="http", daemon=True).start()
    log.info("embedded mode: API on http://%s:%s, in-process Redis and worker", arguments.host, http.port)
    # The worker loop owns the main thread: RQ installs signal handlers, which only the main
    # thread may do, and Ctrl-C then stops the worker cleanly before the HTTP server.
    try:
        build_worker(settings, clients.raw, forking=False).work(with_scheduler=False)
    finally:
        http.shutdown()
    return 0


def run_worker(arguments, settings: Settings) -> int:
    from service.connections import connect
    from workers.runner import build_worker

    if settings.embedded:
        raise SettingsError("REDIS_URL is not set: a worker needs the Redis the API enqueues to.")
    clients = connect(settings)
    # A worker blocks on Redis for new jobs; the API's short socket timeout would cut that wait.
    connection = clients.raw.__class__.from_url(settings.redis_url, socket_connect_timeout=settings.redis_timeout)
    worker = build_worker(settings, connection, forking=arguments.fork)
    worker.work(burst=arguments.burst, with_scheduler=True)
    return 0


def run_score(arguments, settings: Settings) -> int:
    from config.settings import SCORER_VERSION
    from service import load_registry_file
    from service.errors import field_errors
    from service.fingerprint import normalise_text, statement_id
    from service.schemas import StatementSchema
    from workers.scoring import score_statement

    registry = load_registry_file(arguments.registry or settings.registry_file)
    stream = sys.stdin if arguments.file == "-" else open(arguments.file, encoding="utf-8")
    with stream:
        try:
            document = json.load(stream)
        except json.JSONDecodeError as error:
            print(f"corroborate score: the input is not valid JSON ({error})", file=sys.stderr)
            return 2
    statements = document if isinstance(document, list) else [document]
    schema = StatementSchema(
        max_text_chars=settings.max_text_chars, max_evidence=settings.max_evidence,
        max_documents=settings.max_documents, max_document_chars=settings.max_document_chars,
    )
    results, problems = [], []
    for position, raw in enumerate(statements):
        prefix = f"[{position}]" if isinstance(document, list) else ""
        if not isinstance(raw, dict):
            problems.append({"field": prefix or "body", "message": "Must be a statement object."})
            continue
        errors = schema.validate(raw)
        if errors:
            problems.extend(field_errors(errors, prefix))
            continue
        statement = schema.dump(schema.load(raw))
        statement["text"] = normalise_text(statement["text"])
        results.append(score_statement(statement, settings.scoring, registry=registry,
                                       statement_id=statement_id(statement, SCORER_VERSION)))
    if problems:
        json.dump({"title": "Invalid input", "errors": problems}, sys.stderr, indent=2)
        print(file=sys.stderr)
        return 2
    json.dump(results if isinstance(document, list) else results[0], sys.stdout, indent=2)
    print()
    return 0


def run_attributions(arguments, settings: Settings) -> int:
    from service.errors import field_errors
    from service.schemas import ArticleSchema
    from workers.attribution import find_attributions

    stream = sys.stdin if arguments.file == "-" else open(arguments.file, encoding="utf-8")
    with stream:
        try:
            document = json.load(stream)
        except json.JSONDecodeError as error:
            print(f"corroborate attributions: the input is not valid JSON ({error})", file=sys.stderr)
            return 2
    articles = document if isinstance(document, list) else [document]
    schema = ArticleSchema(max_document_chars=settings.max_document_chars)
    results, problems = [], []
    for position, raw in enumerate(articles):
        prefix = f"[{position}]" if isinstance(document, list) else ""
        if not isinstance(raw, dict):
            problems.append({"field": prefix or "body", "message": "Must be an object with text."})
            continue
        errors = schema.validate(raw)
        if errors:
            problems.extend(field_errors(errors, prefix))
            continue
        results.append([a.as_dict() for a in find_attributions(raw["text"])])
    if problems:
        json.dump({"title": "Invalid input", "errors": problems}, sys.stderr, indent=2)
        print(file=sys.stderr)
        return 2
    json.dump(results if isinstance(document, list) else results[0], sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


def run_eval_attribution(arguments, settings: Settings) -> int:
    from workers.evaluation import attribution

    return attribution.main([arguments.path])


def run_eval_veracity(arguments, settings: Settings) -> int:
    from workers.evaluation import veracity

    return veracity.main([arguments.path, "--png", arguments.png])


def run_eval_stance(arguments, settings: Settings) -> int:
    from workers.evaluation.stance import evaluate_stance, format_stance_report

    print(format_stance_report(evaluate_stance(arguments.path)))
    return 0


def run_eval_relevance(arguments, settings: Settings) -> int:
    from workers.evaluation import relevance

    return relevance.main([arguments.path])


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return url.replace(parts.password, "***") if parts.password else url
