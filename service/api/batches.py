"""/v1/batches: progress, item results and cancellation of a batch of statements."""

from __future__ import annotations

import json
import re

from flask import Blueprint, request
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.serializers import JSONSerializer

from config.redis_keys import batch_items_key, batch_key
from service.api import backend, settings, workspace
from service.auth import requires
from service.errors import ApiProblem

bp = Blueprint("batches", __name__, url_prefix="/v1/batches")

_BATCH_ID = re.compile(r"bat_[A-Za-z0-9_-]{1,64}")
_NOT_FOUND = "No such batch (or it has expired)."


@bp.get("/<batch_id>")
@requires("reader")
def get_batch(batch_id: str):
    """{total, succeeded, failed, pending, canceled} and one page of item results, in input order."""
    record, ids = _batch(batch_id)
    statuses = _statuses(record)
    counts = {"succeeded": 0, "failed": 0, "pending": 0, "canceled": 0}
    for sid in ids:
        word = statuses[sid]["status"]
        counts["pending" if word == "queued" else word] += 1
    page, per_page = _page_argument("page", 1, None), _page_argument("per_page", 100, 1000)
    window = ids[(page - 1) * per_page:page * per_page]
    entries = dict(zip(window, backend().cache(workspace()).get_many(window)))
    items = []
    for sid in window:
        item = {"statement_id": sid, **statuses[sid]}
        entry = entries[sid]
        if item["status"] == "succeeded" and entry is not None and entry.fresh:
            item["result"] = entry.result
        items.append(item)
    return {"batch_id": batch_id, "total": len(ids), **counts, "page": page, "per_page": per_page, "items": items}


def item_statuses(batch_id: str) -> dict[str, dict]:
    """statement_id → {status, ...} of every item of a batch in the caller's workspace."""
    record, _ = _batch(batch_id)
    return _statuses(record)


@bp.delete("/<batch_id>")
@requires("analyst")
def cancel_batch(batch_id: str):
    """Cancel the chunks that have not started; those running or done are left as they are."""
    record, _ = _batch(batch_id)
    canceled = {}
    for job_id, members in _chunks(record).items():
        try:
            job = Job.fetch(job_id, connection=backend().clients.raw, serializer=JSONSerializer)
        except NoSuchJobError:
            continue
        if job.get_status(refresh=False) in ("queued", "deferred", "scheduled"):
            job.cancel()
            canceled.update({sid: json.dumps({"status": "canceled"}) for sid in members})
    if canceled:
        backend().clients.text.hset(batch_key(workspace(), batch_id), mapping=canceled)
    return get_batch(batch_id)


def _batch(batch_id: str) -> tuple[dict, list[str]]:
    if not _BATCH_ID.fullmatch(batch_id):
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    text = backend().clients.text
    with text.pipeline(transaction=False) as pipe:
        pipe.hgetall(batch_key(workspace(), batch_id))
        pipe.lrange(batch_items_key(workspace(), batch_id), 0, -1)
        record, ids = pipe.execute()
    if not record:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    return record, ids


def _chunks(record: dict) -> dict[str, list[str]]:
    return {field.removeprefix("chunk:"): json.loads(value) for field, value in record.items()
            if field.startswith("chunk:")}


def _statuses(record: dict) -> dict[str, dict]:
    """Each statement's status; a chunk whose job failed as a whole (a crash, a timeout) fails
    the statements it had not finished."""
    statuses = {field: json.loads(value) for field, value in record.items()
                if not field.startswith("chunk:") and field not in ("total", "submitted_by")}
    for job_id, members in _chunks(record).items():
        if not any(statuses[sid]["status"] == "queued" for sid in members):
            continue
        view = backend().queue.view(workspace(), job_id)
        if view is None or view.status in ("failed", "canceled"):
            word = "canceled" if view is not None and view.status == "canceled" else "failed"
            for sid in members:
                if statuses[sid]["status"] == "queued":
                    statuses[sid] = {"status": word, **({"error": "its chunk's job failed"} if word == "failed" else {})}
    return statuses


def _page_argument(name: str, default: int, most: int | None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1 or (most is not None and int(raw) > most):
        raise ApiProblem(422, "Invalid request", f"{name} must be a whole number from 1"
                         f"{f' to {most}' if most else ''}.", "/problems/validation-error",
                         [{"field": name, "message": "Out of range."}])
    return int(raw)
