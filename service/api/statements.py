"""/v1/statements: submit statements for scoring and read cached results."""

from __future__ import annotations

import functools

from flask import Blueprint, g, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from config.redis_keys import workspace_secret_key
from config.settings import SCORER_VERSION
from service.api import backend, caller, json_body, settings, workspace
from service.auth import Principal, read_ahead, reads_ahead, requires
from service.errors import ApiProblem, validation_problem
from service.fingerprint import normalise_text, statement_id
from service.schemas import BatchSchema, StatementSchema, plain_statement, reading_cost

bp = Blueprint("statements", __name__, url_prefix="/v1/statements")


def _keys_of_the_cached_answer(who: Principal) -> list[str] | None:
    """What `_look_up` will read for this request's statement, when its body is a plain one
    (schemas.plain_statement) and the workspace's secret is remembered: read in the access
    check's round trip, so a cached answer costs that one trip. Anything else: None, and the
    view meets any problem with the body in its usual place, after the access check."""
    secret = backend().workspaces.remembered(who.workspace)
    if secret is None or request.content_length is None:
        return None  # a body of unknown length may be cut (413) as it is read: in the view only
    try:
        raw = json_body()
    except (ApiProblem, HTTPException):
        return None
    statement = _plain_statement(raw)
    if statement is None:
        return None
    ids = [statement_id(statement, SCORER_VERSION, secret)]
    g.statement_read_ahead = (statement, secret, ids)
    return backend().cache(who.workspace).lookup_keys(ids, [workspace_secret_key(who.workspace)])


@bp.post("")
@requires("analyst")
@reads_ahead(_keys_of_the_cached_answer)
def submit_statement():
    ahead = g.pop("statement_read_ahead", None)
    if ahead is None:
        (item,) = submit([_load_statement(json_body())])
    else:
        statement, secret, ids = ahead
        (item,) = submit([statement], (secret, ids))
    if item["status"] == "succeeded":
        return item, 200
    headers = {"Location": f"/v1/jobs/{item['job_id']}", "Retry-After": str(settings().retry_after)}
    return item, 202, headers


@bp.post("/batch")
@requires("analyst")
def submit_batch():
    limits = settings()
    body = json_body()
    try:
        batch = BatchSchema(max_batch=limits.max_batch).load(body)
    except ValidationError as error:
        raise validation_problem(error.messages) from None
    statements, problems = [], {}
    for position, raw in enumerate(batch["statements"]):
        try:
            statements.append(_load_statement(raw))
        except ApiProblem as problem:
            problems[position] = problem.errors
    if not problems:
        _check_batch_cost(statements, limits)
    if problems:
        # Nothing is enqueued unless every statement in the batch is valid.
        errors = [
            {**error, "field": f"statements[{position}].{error['field']}"}
            for position, field_errors in problems.items()
            for error in field_errors
        ]
        names = ", ".join(dict.fromkeys(e["field"] for e in errors))
        raise ApiProblem(422, "Invalid request", f"Check these fields: {names}.",
                         "/problems/validation-error", errors)
    return submit_batch_in_chunks(statements, limits)


def submit_batch_in_chunks(statements: list[dict], limits) -> tuple:
    """202 with the batch's id and Location: cached statements are answered now, the rest are
    scored in chunks (service/queue.py submit_batch) and polled at /v1/batches/<batch_id>."""
    space = workspace()
    secret = backend().workspaces.ensure(space)
    ids = [statement_id(s, SCORER_VERSION, secret) for s in statements]
    entries = backend().cache(space).get_many(ids)
    pending = [(sid, s) for sid, s, entry in zip(ids, statements, entries) if not (entry and entry.fresh)]
    causes = {sid: entry.stale_because for sid, entry in zip(ids, entries) if entry and not entry.fresh}
    done = [sid for sid, entry in zip(ids, entries) if entry and entry.fresh]
    batch_id = backend().queue.submit_batch(space, caller().key_id, ids, pending, causes, done)
    items = [{"statement_id": sid, "status": "succeeded", "cached": True, "result": entry.result}
             if entry and entry.fresh else {"statement_id": sid, "status": "queued"}
             for sid, entry in zip(ids, entries)]
    body = {"batch_id": batch_id, "total": len(ids), "items": items}
    return body, 202, {"Location": f"/v1/batches/{batch_id}", "Retry-After": str(limits.retry_after)}


@bp.get("/<statement_id>")
@requires("reader")
def get_statement(statement_id: str):
    cache = backend().cache(workspace())
    entry = cache.get(statement_id)
    if entry is None:
        # Past the cache's TTL the system of record still has it, under the same freshness rule.
        saved = backend().store.latest_result(workspace(), statement_id)
        if saved is None:
            raise ApiProblem(404, "Not Found", "No result is saved for this statement (yet); "
                             "poll its job, or submit it again.")
        entry = cache.judge(saved["result"])
        if entry.fresh:
            cache.put(statement_id, saved["result"], settings().cache_ttl)
    if not entry.fresh:
        # What it was scored with has changed: never serve the old score, rescore it instead.
        job_id = backend().queue.submit(workspace(), caller().key_id, statement_id, entry.statement,
                                        entry.stale_because)
        raise ApiProblem(404, "Not Found", f"Since this statement was scored, {entry.stale_because}; "
                         "it is being rescored, poll the job at Location.",
                         headers={"Location": f"/v1/jobs/{job_id}",
                                  "Retry-After": str(settings().retry_after)})
    return entry.result


@bp.get("/<statement_id>/history")
@requires("reader")
def get_statement_history(statement_id: str):
    """Every saved scoring of the statement, newest first: when, by which scorer, and why."""
    history = backend().store.result_history(workspace(), statement_id)
    if not history:
        raise ApiProblem(404, "Not Found", "No result is saved for this statement (yet).")
    return {"statement_id": statement_id, "items": [
        {"computed_at": saved["computed_at"], "scorer_version": saved["scorer_version"], "cause": saved["cause"],
         "result": saved["result"]["result"]} for saved in history]}


def submit(statements: list[dict], known_ids: tuple[str, list[str]] | None = None) -> list[dict]:
    """Cache-or-enqueue, for many statements at once: one submission entry per statement.
    `known_ids`: (secret, the statements' ids made with it), when made already."""
    space = workspace()
    ids, entries = _look_up(space, statements, known_ids)
    cached = [entry if entry and entry.fresh else None for entry in entries]
    pending = [(sid, s) for sid, s, hit in zip(ids, statements, cached) if hit is None]
    causes = {sid: entry.stale_because for sid, entry in zip(ids, entries) if entry and not entry.fresh}
    job_ids = iter(backend().queue.submit_many(space, caller().key_id, pending, causes))
    items = []
    for sid, hit in zip(ids, cached):
        if hit is not None:
            items.append({"statement_id": sid, "job_id": None, "status": "succeeded",
                          "cached": True, "result": hit.result})
        else:
            items.append({"statement_id": sid, "job_id": next(job_ids), "status": "queued"})
    return items


def _look_up(space: str, statements: list[dict],
             known_ids: tuple[str, list[str]] | None = None) -> tuple[list[str], list]:
    """Statement ids and their cache entries, in one round trip once the workspace's secret is
    known: the ids are made with the secret this process remembers, and the same MGET reads the
    secret back, so a secret Redis lost (and remade) is never used past that one read. That MGET
    may have been made already, in the access check's round trip (`read_ahead`)."""
    workspaces, cache = backend().workspaces, backend().cache(space)
    secret = workspaces.remembered(space)
    if secret is not None:
        if known_ids is not None and known_ids[0] == secret:
            ids = known_ids[1]
        else:
            ids = [statement_id(s, SCORER_VERSION, secret) for s in statements]
        others = [workspace_secret_key(space)]
        values = read_ahead(cache.lookup_keys(ids, others))
        entries, (current,) = cache.get_many_with(ids, others, values)
        if current == secret:
            return ids, entries
        workspaces.forget(space)
    secret = workspaces.ensure(space)
    ids = [statement_id(s, SCORER_VERSION, secret) for s in statements]
    return ids, cache.get_many(ids)


def _check_batch_cost(statements: list[dict], limits) -> None:
    """A batch may not cost more to read than one statement may: one job timeout of CPU."""
    characters = quotes = 0
    for statement in statements:
        statement_characters, statement_quotes = reading_cost(statement)
        characters += statement_characters
        quotes += statement_quotes
    message = None
    if characters > limits.max_batch_chars:
        message = (f"The statements hold {characters} characters of text, quotes and documents; "
                   f"at most {limits.max_batch_chars} may be read per batch.")
    elif quotes > limits.max_quotes:
        message = (f"The statements hold {quotes} quotes without a stance; at most {limits.max_quotes} "
                   "may be inferred per batch.")
    if message:
        raise ApiProblem(413, "Content Too Large", message, "/problems/validation-error",
                         [{"field": "statements", "message": message}])


def _load_statement(raw) -> dict:
    """The validated statement, in the canonical form that is fingerprinted and enqueued."""
    if not isinstance(raw, dict):
        raise ApiProblem(422, "Invalid request", "A statement must be a JSON object.",
                         "/problems/validation-error",
                         [{"field": "body", "message": "Must be an object with text and evidence."}])
    statement = _plain_statement(raw)
    if statement is None:
        schema = _statement_schema(settings())
        try:
            statement = schema.dump(schema.load(raw))
        except ValidationError as error:
            raise validation_problem(error.messages) from None
        statement["text"] = normalise_text(statement["text"])
    return statement


def _plain_statement(raw) -> dict | None:
    """The canonical form of a plain statement, validated without marshmallow; else None."""
    statement = plain_statement(raw, _statement_schema(settings()))
    if statement is not None:
        statement["text"] = normalise_text(statement["text"])
    return statement


@functools.lru_cache(maxsize=16)
def _statement_schema(limits) -> StatementSchema:
    """One schema per settings, made once: building a marshmallow schema (its fields deep-copied)
    cost as much as validating the statement with it. Loading keeps no state on the schema."""
    return StatementSchema(
        max_text_chars=limits.max_text_chars, max_evidence=limits.max_evidence,
        max_documents=limits.max_documents, max_document_chars=limits.max_document_chars,
        max_statement_chars=limits.max_statement_chars, max_quotes=limits.max_quotes,
    )
