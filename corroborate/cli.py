"""corroborate serve | worker | score | eval | keys | db — one console script for every role."""

from __future__ import annotations

import argparse
import json
import logging
import os
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
    worker.add_argument("--fork", dest="fork", action="store_true",
                        help="run each job in a forked work horse, isolated from the worker (a fork and "
                             "a model load per job: a fraction of the default's throughput)")
    worker.add_argument("--in-process", dest="fork", action="store_false",
                        help="run jobs in the worker process, heartbeated from a thread (the default)")
    worker.set_defaults(run=run_worker, fork=False)

    score = commands.add_parser("score", help="score offline: a statement or an array of them, as JSON")
    score.add_argument("file", nargs="?", default="-", help="JSON file, or - for standard input")
    score.add_argument("--registry", help="source registry file (default: CORROBORATE_REGISTRY_FILE)")
    score.set_defaults(run=run_score)

    keys = commands.add_parser("keys", help="create, list and revoke API keys (in CORROBORATE_DATABASE_URL)")
    key_commands = keys.add_subparsers(dest="key_command", required=True)
    create = key_commands.add_parser("create", help="a new key, printed once on the last line")
    create.add_argument("--workspace", required=True)
    create.add_argument("--role", required=True, choices=("reader", "analyst", "editor", "admin"))
    create.add_argument("--label", default="")
    create.set_defaults(run=run_keys_create)
    listing = key_commands.add_parser("list", help="every key (never its secret)")
    listing.add_argument("--workspace", help="only this workspace's keys")
    listing.set_defaults(run=run_keys_list)
    revoke = key_commands.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    revoke.set_defaults(run=run_keys_revoke)

    database = commands.add_parser("db", help="the system of record's schema (CORROBORATE_DATABASE_URL)")
    database_commands = database.add_subparsers(dest="db_command", required=True)
    upgrade = database_commands.add_parser("upgrade", help="apply the schema migrations")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(run=run_db_upgrade)
    prune = database_commands.add_parser(
        "prune", help="delete the documents retention no longer keeps (too old, or beyond the newest N), in batches")
    prune.add_argument("--days", type=int, help="retention in days (default: CORROBORATE_DOCUMENT_RETENTION_DAYS)")
    prune.add_argument("--max", type=int, dest="most",
                       help="documents kept per workspace, newest first (default: CORROBORATE_DOCUMENT_RETENTION_MAX)")
    prune.add_argument("--workspace", help="only this workspace's documents")
    prune.set_defaults(run=run_db_prune)

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
    retrieval = evaluations.add_parser("retrieval", help="full-text candidate retrieval against today's full scan on FNC-1")
    retrieval.add_argument("path", nargs="?", default="../shared/data/fnc-1")
    retrieval.add_argument("--headlines", type=int, default=0, help="a seeded sample of this many headlines (0: all)")
    retrieval.set_defaults(run=run_eval_retrieval)
    stories = evaluations.add_parser("stories", help="invented multi-outlet stories against a careful reader's counts")
    stories.add_argument("directory", nargs="?", default="tests/fixtures/stories")
    stories.set_defaults(run=run_eval_stories)

    attribution = evaluations.add_parser("attribution", help="attribution extraction on PolNeAR, learned vs rules")
    attribution.add_argument("path", nargs="?", default="../shared/data/polnear/dev")
    attribution.set_defaults(run=run_eval_attribution)

    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        return arguments.run(arguments, Settings.from_env()) or 0
    except BrokenPipeError:
        # The reader went away (`corroborate score f.json | head`): stop quietly, and point
        # stdout at /dev/null so the interpreter's final flush cannot raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except SettingsError as error:
        print(f"corroborate: {error}", file=sys.stderr)
        return 2
    except _redis_errors() as error:
        if arguments.command not in ("keys", "db"):
            raise
        print(f"corroborate {arguments.command}: cannot reach Redis at REDIS_URL ({error})", file=sys.stderr)
        return 1
    except _database_errors() as error:
        if arguments.command not in ("keys", "db"):
            raise
        print(f"corroborate {arguments.command}: cannot reach the database ({str(error).splitlines()[0]})",
              file=sys.stderr)
        return 1


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _database_errors():
    from sqlalchemy.exc import InterfaceError, OperationalError

    return (OperationalError, InterfaceError)


def run_serve(arguments, settings: Settings) -> int:
    from werkzeug.serving import make_server

    from service import create_app
    from service.connections import connect

    if not settings.embedded:
        app = create_app(settings)
        if not settings.auth_required and arguments.host not in _LOOPBACK:
            log.warning("CORROBORATE_AUTH=off on %s: anyone who can reach it is an admin", arguments.host)
        log.info("serving the API on http://%s:%s against %s", arguments.host, arguments.port,
                 _redacted(settings.redis_url))
        make_server(arguments.host, arguments.port, app, threaded=True).serve_forever()
        return 0

    import fakeredis

    from workers.runner import build_worker, start_sweeper

    # RQ's scheduler runs in a forked process, which cannot see an in-process fakeredis server,
    # so embedded retries go straight back on the queue instead of waiting for the scheduler.
    settings = replace(settings, retry_intervals=(0,))
    if settings.auth == "" and arguments.host not in _LOOPBACK:
        # Open only on loopback: beyond it, embedded mode needs keys like any other.
        settings = replace(settings, auth="required")
    clients = connect(settings, fake_server=fakeredis.FakeServer())
    app = create_app(settings, clients)
    if settings.auth_required:
        print_bootstrap_key(app.extensions["corroborate"])
    http = make_server(arguments.host, arguments.port, app, threaded=True)
    # Werkzeug listens with a backlog of 128: a burst of 500 connections had ~80 refused.
    http.socket.listen(1024)
    threading.Thread(target=http.serve_forever, name="http", daemon=True).start()
    start_sweeper(settings, clients.raw)
    log.info("embedded mode: API on http://%s:%s, in-process Redis and worker", arguments.host, http.port)
    # The worker loop owns the main thread: RQ installs signal handlers, which only the main
    # thread may do, and Ctrl-C then stops the worker cleanly before the HTTP server.
    try:
        build_worker(settings, clients.raw, forking=False).work(with_scheduler=False)
    finally:
        http.shutdown()
    return 0


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def print_bootstrap_key(backend) -> None:
    """With auth required, serve makes the first admin key of workspace `default` itself, so that
    embedded mode needs no other command before its first request."""
    from service.keys import DEFAULT_WORKSPACE

    if backend.keys.has_live_admin(DEFAULT_WORKSPACE):
        # Keys last in the database: the first start's key still works. Lost it? Make another
        # with `corroborate keys create` from the same directory.
        log.info("embedded mode: workspace %r has an admin key already (`corroborate keys list`)", DEFAULT_WORKSPACE)
        return
    key, secret = backend.keys.create(DEFAULT_WORKSPACE, "admin", "bootstrap (corroborate serve)")
    log.info("embedded mode with CORROBORATE_AUTH=required: bootstrap admin key %s of workspace %r "
             "printed on standard output, once", key.id, DEFAULT_WORKSPACE)
    print(secret, flush=True)


def run_worker(arguments, settings: Settings) -> int:
    from service.connections import connect
    from workers.runner import build_worker, start_reaper, start_sweeper

    if settings.embedded:
        raise SettingsError("REDIS_URL is not set: a worker needs the Redis the API enqueues to.")
    clients = connect(settings)
    # A worker blocks on Redis for new jobs; the API's short socket timeout would cut that wait.
    connection = clients.raw.__class__.from_url(settings.redis_url, socket_connect_timeout=settings.redis_timeout)
    worker = build_worker(settings, connection, forking=arguments.fork)
    # The reaper has its own client: RQ raises the worker connection's socket timeout to cover
    # its blocking dequeue, and a hung Redis must not hang the reaper for that long.
    start_reaper(settings, clients.raw)
    start_sweeper(settings, clients.raw)
    worker.work(burst=arguments.burst, with_scheduler=True)
    return 0


def run_score(arguments, settings: Settings) -> int:
    from config.settings import SCORER_VERSION
    from service import load_registry_file
    from service.fingerprint import normalise_text, statement_id
    from service.schemas import StatementSchema
    from workers.scoring import score_statement

    registry = load_registry_file(arguments.registry or settings.registry_file)
    schema = StatementSchema(
        max_text_chars=settings.max_text_chars, max_evidence=settings.max_evidence,
        max_documents=settings.max_documents, max_document_chars=settings.max_document_chars,
    )
    read = _read_json_input(arguments.file, "score", schema, "Must be a statement object.")
    if isinstance(read, int):
        return read
    many, items = read
    results = []
    for raw in items:
        statement = schema.dump(schema.load(raw))
        statement["text"] = normalise_text(statement["text"])
        results.append(score_statement(statement, settings.scoring, registry=registry,
                                       statement_id=statement_id(statement, SCORER_VERSION)))
    json.dump(results if many else results[0], sys.stdout, indent=2)
    print()
    return 0


def _read_json_input(path: str, command: str, schema, not_an_object: str) -> tuple[bool, list[dict]] | int:
    """(whether the input was an array, its valid items) from FILE or - (stdin), or the exit
    code 2 after printing why: not JSON, or a problem document naming every invalid field."""
    from service.errors import field_errors

    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        try:
            document = json.load(stream)
        except json.JSONDecodeError as error:
            print(f"corroborate {command}: the input is not valid JSON ({error})", file=sys.stderr)
            return 2
    many = isinstance(document, list)
    items, problems = [], []
    for position, raw in enumerate(document if many else [document]):
        prefix = f"[{position}]" if many else ""
        if not isinstance(raw, dict):
            problems.append({"field": prefix or "body", "message": not_an_object})
            continue
        errors = schema.validate(raw)
        if errors:
            problems.extend(field_errors(errors, prefix))
            continue
        items.append(raw)
    if problems:
        json.dump({"title": "Invalid input", "errors": problems}, sys.stderr, indent=2)
        print(file=sys.stderr)
        return 2
    return many, items


def _key_backend(settings: Settings):
    """The key store on the configured database, with the server's Redis (for its key cache and
    workspace secrets) when REDIS_URL is set; (Redis text client or None, key store, store)."""
    from service.connections import connect
    from service.keys import KeyStore
    from workers.store import open_store

    store = open_store()
    if settings.embedded:
        # An embedded server's Redis is inside its process: its cache cannot be reached from
        # here, so a revocation takes effect there within CORROBORATE_KEY_CACHE_TTL.
        return None, KeyStore(None, store, settings.key_cache_ttl), store
    clients = connect(settings)
    return clients.text, KeyStore(clients.text, store, settings.key_cache_ttl), store


def _operator(workspace: str):
    from service.auth import Principal

    # The audit log names no key for what was done from the command line.
    return Principal(key_id=None, workspace=workspace, role="operator")


def run_keys_create(arguments, settings: Settings) -> int:
    from service.audit import AuditLog
    from service.keys import InvalidKeyRequest

    connection, keys, store = _key_backend(settings)
    try:
        key, secret = keys.create(arguments.workspace, arguments.role, arguments.label)
    except InvalidKeyRequest as error:
        print(f"corroborate keys create: {error}", file=sys.stderr)
        return 2
    if settings.registry_file and connection is not None:
        from service import load_registry_file
        from service.registry import SourceRegistry

        SourceRegistry(connection, key.workspace).seed(load_registry_file(settings.registry_file))
    AuditLog(connection, key.workspace, settings.audit_max_entries, store).record(
        _operator(key.workspace), "key.create", f"keys/{key.id}", None, key.public())
    print(f"created {key.id}: role {key.role} in workspace {key.workspace}. The key is shown only now:")
    print(secret)
    return 0


def run_keys_list(arguments, settings: Settings) -> int:
    _, keys, _ = _key_backend(settings)
    print("id\tworkspace\trole\tcreated_at\trevoked_at\tlabel")
    for key in keys.list(arguments.workspace):
        print("\t".join([key.id, key.workspace, key.role, key.created_at, key.revoked_at or "-", key.label]))
    return 0


def run_keys_revoke(arguments, settings: Settings) -> int:
    from service.audit import AuditLog

    connection, keys, store = _key_backend(settings)
    revoked = keys.revoke(arguments.key_id)
    if revoked is None:
        print(f"corroborate keys revoke: no key {arguments.key_id!r}", file=sys.stderr)
        return 1
    before, after = revoked
    if before.revoked_at is None:
        AuditLog(connection, after.workspace, settings.audit_max_entries, store).record(
            _operator(after.workspace), "key.revoke", f"keys/{after.id}", before.public(), after.public())
    print(f"revoked {after.id} (workspace {after.workspace}) at {after.revoked_at}")
    if connection is None:
        print(f"an embedded server may accept it for up to {settings.key_cache_ttl} s more "
              "(CORROBORATE_KEY_CACHE_TTL)", file=sys.stderr)
    return 0


def run_attributions(arguments, settings: Settings) -> int:
    from service.schemas import ArticleSchema
    from workers.attribution import find_attributions

    schema = ArticleSchema(max_document_chars=settings.max_document_chars)
    read = _read_json_input(arguments.file, "attributions", schema, "Must be an object with text.")
    if isinstance(read, int):
        return read
    many, articles = read
    results = [[a.as_dict() for a in find_attributions(raw["text"])] for raw in articles]
    json.dump(results if many else results[0], sys.stdout, indent=2, ensure_ascii=False)
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


def run_db_upgrade(arguments, settings: Settings) -> int:
    from config.settings import DatabaseSettings
    from workers.store import open_store
    from workers.store.migrate import upgrade

    database = DatabaseSettings.from_env()
    store = open_store(database, migrate_to_head=False)
    try:
        upgrade(store.engine, arguments.revision)
        if not settings.embedded and arguments.revision == "head":
            from service.connections import connect
            from service.keys import import_redis_keys

            copied = import_redis_keys(connect(settings).text, store)
            if copied:
                print(f"copied {copied} API key(s) from Redis into the database")
    finally:
        store.close()
    print(f"database {_redacted(database.engine_url)} is at {arguments.revision}")
    return 0


def run_db_prune(arguments, settings: Settings) -> int:
    from config.settings import DatabaseSettings
    from workers.store import open_store

    database = DatabaseSettings.from_env()
    days = database.document_retention_days if arguments.days is None else arguments.days
    most = database.document_retention_max if arguments.most is None else arguments.most
    if days <= 0 and most <= 0:
        print("corroborate db prune: no retention: set CORROBORATE_DOCUMENT_RETENTION_DAYS or "
              "CORROBORATE_DOCUMENT_RETENTION_MAX, or pass --days or --max", file=sys.stderr)
        return 2
    connection = None
    if not settings.embedded:
        from service.connections import connect

        connection = connect(settings).text
    from workers.runner import evidence_marker

    store = open_store(database)
    batch = {"workspace": arguments.workspace, "batch_size": database.retention_batch_size,
             "touched": evidence_marker(connection)}
    try:
        if days > 0:
            deleted = store.delete_documents_older_than(days, **batch)
            print(f"deleted {deleted} document(s) stored more than {days} days ago")
        if most > 0:
            beyond = store.delete_documents_beyond(most, **batch)
            print(f"deleted {beyond} document(s) beyond the newest {most} of their workspace")
    finally:
        store.close()
    if connection is None:
        print("REDIS_URL is not set: results an embedded server cached from deleted documents are not marked "
              "stale (its own sweeper marks what it deletes)", file=sys.stderr)
    return 0


def run_eval_retrieval(arguments, settings: Settings) -> int:
    from workers.evaluation import retrieval

    return retrieval.main([arguments.path, "--headlines", str(arguments.headlines)])


def run_eval_stories(arguments, settings: Settings) -> int:
    from workers.evaluation import stories

    return stories.main([arguments.directory])


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return url.replace(parts.password, "***") if parts.password else url
