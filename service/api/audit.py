"""/v1/audit: the workspace's audit log, newest first, for admins."""

from __future__ import annotations

import re

from flask import Blueprint, request, url_for

from service.api import backend, workspace
from service.api.sources import MAX_PAGE, _query_int
from service.auth import requires
from service.errors import ApiProblem

bp = Blueprint("audit", __name__, url_prefix="/v1/audit")

_ENTRY_ID = re.compile(r"\d{1,18}")


@bp.get("")
@requires("admin")
def list_audit_entries():
    limit = _query_int("limit", 50, 1, MAX_PAGE)
    before = request.args.get("before")
    if before is not None and not _ENTRY_ID.fullmatch(before):
        raise ApiProblem(400, "Bad Request", "before must be an entry id from this log, like 1234.",
                         "/problems/validation-error", [{"field": "before", "message": "Not an entry id."}])
    items, following = backend().audit(workspace()).page(limit, before)
    return {"items": items,
            "next": url_for(".list_audit_entries", before=following, limit=limit) if following else None}
