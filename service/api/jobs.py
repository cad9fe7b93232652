"""/v1/jobs: the status resource clients poll, and cancellation of queued jobs."""

from __future__ import annotations

from flask import Blueprint

from service.api import backend, caller, settings, workspace
from service.auth import requires
from service.errors import ApiProblem
from service.queue import JobView

bp = Blueprint("jobs", __name__, url_prefix="/v1/jobs")

# "The job is succeeded" reads badly: each state as a sentence says it.
_HAS = {"queued": "is queued", "running": "is running", "succeeded": "has already succeeded",
        "failed": "has failed", "canceled": "was already canceled"}
_NOT_FOUND = "No such job: the id is unknown, or the job's record has expired."


@bp.get("/<job_id>")
@requires("reader")
def get_job(job_id: str):
    view = backend().queue.view(workspace(), job_id)
    if view is None:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    return _job_document(view)


@bp.delete("/<job_id>")
@requires("analyst")
def cancel_job(job_id: str):
    """An analyst cancels the jobs its own key submitted; editors and admins any in the workspace."""
    view = backend().queue.view(workspace(), job_id)
    if view is None:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    if not caller().may("editor") and view.submitted_by != caller().key_id:
        raise ApiProblem(403, "Forbidden", "Another key submitted this job: only it, an editor or an "
                         "admin may cancel it.", "/problems/forbidden")
    view = backend().queue.cancel(workspace(), job_id)
    if view is None:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    if view.status != "canceled":
        raise ApiProblem(409, "Conflict", f"The job {_HAS[view.status]}; only a queued job can be canceled.")
    return _job_document(view)


def _job_document(view: JobView):
    subject = {"document_id": view.document_id} if view.document_id else {"statement_id": view.statement_id}
    document = {"job_id": view.job_id, **subject, "status": view.status}
    if view.result is not None:
        document["result"] = view.result
    if view.status == "failed":
        document["error"] = {
            "title": "Scoring failed" if view.statement_id else "Storing the document failed",
            "detail": "The job failed after its retries; submit the same input again to retry.",
        }
    headers = {"Retry-After": str(settings().retry_after)} if view.status in ("queued", "running") else {}
    return document, 200, headers
