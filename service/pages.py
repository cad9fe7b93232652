"""The web app: server-rendered pages over the API's own views (no second code path).

Each page declares its role like an API route. A form's body goes to the API view it stands for
through `g.page_body` (read by service.api.json_body), so validation, limits, the audit log and
errors are the API's. Forms carry a CSRF token checked before any view runs.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import secrets

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request, session,
                   url_for)

from service import exports
from service.api import backend, batches, caller, documents, jobs, settings, sources, statements, workspace
from service.auth import SESSION_KEY, public, requires
from service.errors import ApiProblem
from service.schemas import SOURCE_KINDS, STANCES

bp = Blueprint("pages", __name__)

EVIDENCE_ROWS = 3
ARTICLE_ROWS = 2
_BATCH_KEY = "corroborate:{workspace}:webbatch:{batch_id}"


# ---- sessions and CSRF --------------------------------------------------------------------------

def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


@bp.app_context_processor
def page_globals():
    principal = g.get("principal")
    return {"csrf_token": csrf_token, "principal": principal,
            "auth_required": settings().auth_required}


@bp.before_request
def check_csrf():
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        sent = request.form.get("csrf_token", "")
        if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
            raise ApiProblem(400, "Bad Request", "The form's security token is missing or stale: "
                             "reload the page and submit it again.")


@bp.errorhandler(ApiProblem)
def problem_page(problem: ApiProblem):
    return render_template("problem.html", problem=problem), problem.status


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    error = None
    target = request.values.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for(".check")  # never an open redirect
    if request.method == "POST":
        key = backend().keys.authenticate(request.form.get("api_key", "").strip())
        if key is None:
            error = "This API key is unknown or revoked."
        else:
            session.clear()  # a new session id for the new identity
            session[SESSION_KEY] = request.form["api_key"].strip()
            return redirect(target)
    return render_template("sign_in.html", error=error, next=target), 401 if error else 200


@bp.post("/sign-out")
@public
def sign_out():
    session.clear()
    return redirect(url_for(".sign_in"))


# ---- check a statement --------------------------------------------------------------------------

@bp.get("/")
@requires("reader")
def check():
    return render_template("check.html", evidence_rows=EVIDENCE_ROWS, article_rows=ARTICLE_ROWS,
                           stances=STANCES, stored=_stored_documents(), form={}, errors=[])


@bp.post("/")
@requires("analyst")
def submit_check():
    form = request.form
    statement = {"text": form.get("text", "")}
    evidence = []
    for i in range(EVIDENCE_ROWS):
        source = form.get(f"evidence-{i}-source", "").strip()
        if not source:
            continue
        item = {"source": source}
        for field in ("stance", "quote", "url"):
            value = form.get(f"evidence-{i}-{field}", "").strip()
            if value:
                item[field] = value
        evidence.append(item)
    articles = []
    for i in range(ARTICLE_ROWS):
        text = form.get(f"article-{i}-text", "")
        if not text.strip():
            continue
        article = {"source": form.get(f"article-{i}-source", "").strip(), "text": text}
        for field in ("url", "published_at"):
            value = form.get(f"article-{i}-{field}", "").strip()
            if value:
                article[field] = value
        articles.append(article)
    for document_id in form.getlist("stored"):
        stored = _stored_document(document_id, with_text=True)
        if stored:
            articles.append({k: stored[k] for k in ("source", "url", "published_at", "text") if k in stored})
    if evidence:
        statement["evidence"] = evidence
    if articles:
        statement["documents"] = articles
    g.page_body = statement
    try:
        item, *_ = statements.submit_statement()
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        return render_template("check.html", evidence_rows=EVIDENCE_ROWS, article_rows=ARTICLE_ROWS,
                               stances=STANCES, stored=_stored_documents(), form=form,
                               errors=problem.errors or [{"field": "body", "message": problem.detail}]), 422
    if item["status"] == "succeeded":
        return redirect(url_for(".result", statement_id=item["statement_id"]))
    return redirect(url_for(".job", job_id=item["job_id"]))


@bp.get("/jobs/<job_id>")
@requires("reader")
def job(job_id: str):
    document, *_ = jobs.get_job(job_id)
    if document["status"] == "succeeded" and "statement_id" in document:
        return redirect(url_for(".result", statement_id=document["statement_id"]))
    return render_template("job.html", job=document)


# ---- a result and its exports -------------------------------------------------------------------

@bp.get("/statements/<statement_id>")
@requires("reader")
def result(statement_id: str):
    result, statement = _result_and_statement(statement_id)
    return render_template(
        "result.html", result=result, chart=exports.posterior_chart(result),
        articles=_articles(result, statement), evidence_by_cluster=_evidence_by_cluster(result),
        duplicates=[item for item in result.get("evidence") or () if item.get("duplicate_of") is not None],
    )


@bp.get("/statements/<statement_id>.json")
@requires("reader")
def result_json(statement_id: str):
    result, _ = _result_and_statement(statement_id)
    return _download(json.dumps(result, ensure_ascii=False, indent=2), "application/json",
                     f"{statement_id}.json")


@bp.get("/statements/<statement_id>.csv")
@requires("reader")
def result_csv(statement_id: str):
    result, _ = _result_and_statement(statement_id)
    return _download(exports.results_csv([exports.csv_row(result)]), "text/csv", f"{statement_id}.csv")


@bp.get("/statements/<statement_id>/claimreview.jsonld")
@requires("reader")
def result_claimreview(statement_id: str):
    result, statement = _result_and_statement(statement_id)
    review = exports.claim_review(result, statement, _permalink(statement_id), settings().review_author)
    return _download(json.dumps(review, ensure_ascii=False, indent=2), "application/ld+json",
                     f"{statement_id}.claimreview.jsonld")


def _result_and_statement(statement_id: str) -> tuple[dict, dict | None]:
    try:
        result = statements.get_statement(statement_id)
    except ApiProblem as problem:
        location = (problem.headers or {}).get("Location", "")
        if location.startswith("/v1/jobs/"):  # being rescored: show its progress
            abort(redirect(url_for(".job", job_id=location.rsplit("/", 1)[1])))
        raise
    entry = backend().cache(workspace()).get(statement_id)
    return result, entry.statement if entry else None


def _permalink(statement_id: str) -> str:
    base = settings().public_url.rstrip("/") or request.host_url.rstrip("/")
    return base + url_for(".result", statement_id=statement_id)


def _download(body: str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _evidence_by_cluster(result: dict) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for item in result.get("evidence") or ():
        grouped.setdefault(item.get("cluster"), []).append(item)
    return grouped


def _articles(result: dict, statement: dict | None) -> list[dict]:
    """Each submitted article with its text cut into plain and highlighted segments.

    Evidence read from an article names it in `via.document`; its `source_span`, `cue_span` and
    `content_span` ({text, start, end}) mark the words read. Without spans, the quote is found
    in the text and marked as content; without either, the article is shown unmarked.
    """
    texts = (statement or {}).get("documents") or []
    summaries = {d.get("index"): d for d in result.get("documents") or ()}
    articles = []
    for index, document in enumerate(texts):
        text = document.get("text", "")
        marks = []
        for item in result.get("evidence") or ():
            via = item.get("via") or {}
            if via.get("document") != index or item.get("duplicate_of") is not None:
                continue
            found = False
            for kind in ("source", "cue", "content"):
                span = item.get(f"{kind}_span")
                if isinstance(span, dict) and _valid_span(span, text):
                    marks.append((span["start"], span["end"], kind, item["stance"]))
                    found = True
            if not found and item.get("quote"):
                start = text.find(item["quote"])
                if start >= 0:
                    marks.append((start, start + len(item["quote"]), "content", item["stance"]))
        articles.append({"index": index, "document": document, "summary": summaries.get(index, {}),
                         "segments": _segments(text, marks)})
    return articles


def _valid_span(span: dict, text: str) -> bool:
    start, end = span.get("start"), span.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def _segments(text: str, marks: list[tuple[int, int, str, str]]) -> list[dict]:
    """Plain and marked pieces of text in order; an overlapping mark is dropped (first wins)."""
    pieces, at = [], 0
    for start, end, kind, stance in sorted(marks):
        if start < at:
            continue
        if start > at:
            pieces.append({"text": text[at:start]})
        pieces.append({"text": text[start:end], "kind": kind, "stance": stance})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:]})
    return pieces


# ---- batches -------------------------------------------------------------------------------------

@bp.get("/batch")
@requires("reader")
def batch_form():
    return render_template("batch.html", errors=[])


@bp.post("/batch")
@requires("analyst")
def submit_batch():
    upload = request.files.get("file")
    try:
        raw = _read_batch_file(upload.read().decode("utf-8-sig") if upload else "",
                               (upload.filename or "") if upload else "")
    except (ValueError, UnicodeDecodeError) as error:
        return render_template("batch.html", errors=[{"field": "file", "message": str(error)}]), 422
    g.page_body = {"statements": raw}
    try:
        body, *_ = statements.submit_batch()
    except ApiProblem as problem:
        if problem.status not in (413, 422):
            raise
        return render_template("batch.html", errors=problem.errors or [{"field": "file", "message": problem.detail}]), problem.status
    batch_id = secrets.token_urlsafe(12)
    items = [{"statement_id": item["statement_id"], "text": statement.get("text", "")}
             for item, statement in zip(body["items"], raw)]
    record = {"api_batch_id": body.get("batch_id"), "items": items}
    backend().clients.text.set(_batch_key(batch_id), json.dumps(record), ex=settings().cache_ttl)
    return redirect(url_for(".batch", batch_id=batch_id))


@bp.get("/batches/<batch_id>")
@requires("reader")
def batch(batch_id: str):
    rows = _batch_rows(batch_id)
    return render_template("batch_progress.html", batch_id=batch_id, rows=rows,
                           done=sum(1 for r in rows if r["status"] in ("succeeded", "failed", "canceled")))


@bp.get("/batches/<batch_id>/progress")
@requires("reader")
def batch_progress(batch_id: str):
    rows = _batch_rows(batch_id)
    return {"rows": rows, "done": sum(1 for r in rows if r["status"] in ("succeeded", "failed", "canceled")),
            "total": len(rows)}


@bp.get("/batches/<batch_id>.csv")
@requires("reader")
def batch_csv(batch_id: str):
    return _download(exports.results_csv(_batch_rows(batch_id)), "text/csv", f"batch-{batch_id}.csv")


@bp.get("/batches/<batch_id>.json")
@requires("reader")
def batch_json(batch_id: str):
    return _download(json.dumps(_batch_rows(batch_id, full=True), ensure_ascii=False, indent=2),
                     "application/json", f"batch-{batch_id}.json")


def _batch_key(batch_id: str) -> str:
    return _BATCH_KEY.format(workspace=workspace(), batch_id=batch_id)


def _batch_rows(batch_id: str, full: bool = False) -> list[dict]:
    raw = backend().clients.text.get(_batch_key(batch_id))
    if raw is None:
        raise ApiProblem(404, "Not Found", "No such batch in this workspace, or it has expired.")
    record = json.loads(raw)
    items = record["items"]
    cached = backend().cache(workspace()).get_many([item["statement_id"] for item in items])
    statuses = {}
    if record.get("api_batch_id") and not all(cached):
        # The same batch resource the API serves: per-item status of the chunks still running.
        try:
            statuses = batches.item_statuses(record["api_batch_id"])
        except ApiProblem:
            statuses = {}
    rows = []
    for item, entry in zip(items, cached):
        result, status = (entry.result, "succeeded") if entry else (None, "queued")
        if result is None:
            status = statuses.get(item["statement_id"], {}).get("status", "queued")
        row = exports.csv_row(result) if result else {"statement_id": item["statement_id"], "text": item["text"]}
        row["status"] = status
        if full:
            row["result"] = result
        rows.append(row)
    return rows


def _read_batch_file(content: str, filename: str) -> list:
    """Statements from JSON (an array, or {statements: [...]}) or CSV (a `text` column; rows that
    repeat a text add evidence to it from `source`, `stance`, `quote` and `url`)."""
    if not content.strip():
        raise ValueError("Choose a CSV or JSON file of statements.")
    if filename.lower().endswith(".json") or content.lstrip()[:1] in "[{":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as error:
            raise ValueError(f"The file is not valid JSON ({error.msg}, line {error.lineno}).") from None
        data = data.get("statements") if isinstance(data, dict) else data
        if not isinstance(data, list):
            raise ValueError("A JSON file holds an array of statements, or {\"statements\": [...]}.")
        return data
    reader = csv.DictReader(io.StringIO(content))
    if "text" not in (reader.fieldnames or ()):
        raise ValueError("A CSV file needs a header row with a `text` column.")
    statements_by_text: dict[str, dict] = {}
    for row in reader:
        text = (row.get("text") or "").strip()
        if not text:
            continue
        statement = statements_by_text.setdefault(text, {"text": text, "evidence": []})
        if (row.get("source") or "").strip():
            item = {"source": row["source"].strip()}
            item.update({k: row[k].strip() for k in ("stance", "quote", "url") if (row.get(k) or "").strip()})
            statement["evidence"].append(item)
    return list(statements_by_text.values())


# ---- evidence store ------------------------------------------------------------------------------

@bp.get("/documents")
@requires("reader")
def document_list():
    query = request.args.get("q", "").strip().casefold()
    stored = [d for d in _stored_documents()
              if not query or query in json.dumps(d, ensure_ascii=False).casefold()]
    return render_template("documents.html", documents=stored, query=request.args.get("q", ""), errors=[],
                           total=_document_count())


@bp.post("/documents")
@requires("analyst")
def add_document():
    body = {"source": request.form.get("source", "").strip(), "text": request.form.get("text", "")}
    for field in ("url", "published_at"):
        if request.form.get(field, "").strip():
            body[field] = request.form[field].strip()
    g.page_body = body
    try:
        submission, *_ = documents.submit_document()
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        return render_template("documents.html", documents=_stored_documents(), query="", total=_document_count(),
                               errors=problem.errors or [{"field": "body", "message": problem.detail}]), problem.status
    return redirect(url_for(".job", job_id=submission["job_id"]))


@bp.post("/documents/<document_id>/delete")
@requires("editor")
def delete_document(document_id: str):
    documents.delete_document(document_id)
    return redirect(url_for(".document_list"))


MAX_LISTED_DOCUMENTS = 200


def _stored_documents() -> list[dict]:
    """Up to MAX_LISTED_DOCUMENTS stored documents without their text, newest first (one page of
    the system of record, never the whole store)."""
    found, _ = backend().store.list_documents(workspace(), 1, MAX_LISTED_DOCUMENTS)
    return [{k: v for k, v in record.items() if k != "text"} for record in found]


def _document_count() -> int:
    return backend().store.count_documents(workspace())


def _stored_document(document_id: str, with_text: bool = False) -> dict | None:
    record = backend().store.get_document(workspace(), document_id)
    if record is None:
        return None
    if not with_text:
        record = {k: v for k, v in record.items() if k != "text"}
    return record


# ---- source registry -----------------------------------------------------------------------------

@bp.get("/sources")
@requires("reader")
def source_list():
    query = request.args.get("q", "").strip().casefold()
    items, total = backend().registry(workspace()).page(0, sources.MAX_PAGE)
    if query:
        items = [s for s in items if query in " ".join([s["id"], s.get("name") or "", *s.get("aliases", ())]).casefold()]
    return render_template("sources.html", sources=items, total=total, query=request.args.get("q", ""))


@bp.get("/sources/<path:source_id>")
@requires("reader")
def source_form(source_id: str):
    record = sources.get_source(source_id) if source_id != "new" else {"id": ""}
    return render_template("source.html", source=record, kinds=SOURCE_KINDS, errors=[], new=source_id == "new")


@bp.post("/sources")
@requires("editor")
def save_source():
    form = request.form
    source_id = form.get("id", "").strip()
    body = {"id": source_id, "kind": form.get("kind", "other"),
            "aliases": _lines(form.get("aliases", "")), "affiliations": _lines(form.get("affiliations", ""))}
    if form.get("name", "").strip():
        body["name"] = form["name"].strip()
    reliability = form.get("reliability", "").strip()
    try:
        body["reliability"] = float(reliability) if reliability else None
    except ValueError:
        body["reliability"] = reliability  # the API's schema says what is wrong with it
    g.page_body = body
    try:
        if not source_id:
            raise ApiProblem(422, "Invalid request", "Give the source an id.",
                             errors=[{"field": "id", "message": "Must not be empty."}])
        sources.put_source(source_id)
    except ApiProblem as problem:
        if problem.status not in (409, 422):
            raise
        return render_template("source.html", source=body, kinds=SOURCE_KINDS, new=form.get("new") == "1",
                               errors=problem.errors or [{"field": "body", "message": problem.detail}]), problem.status
    return redirect(url_for(".source_form", source_id=source_id, saved=1))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


# ---- API docs ------------------------------------------------------------------------------------

@bp.get("/docs")
@public
def api_docs():
    from service.api.openapi import build_spec, route_roles

    return render_template("docs.html", spec=build_spec(route_roles(current_app)))


def init_pages(app) -> None:
    """Register the pages with the session secret and the Content-Security-Policy they need."""
    app.secret_key = app.config["CORROBORATE"].session_secret or secrets.token_hex(32)
    # Secure (HTTPS-only) whenever the site says it is served over HTTPS.
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_NAME="corroborate_session",
                      SESSION_COOKIE_SECURE=app.config["CORROBORATE"].public_url.startswith("https://"))
    app.register_blueprint(bp)
    app.view_functions["static"] = public(app.view_functions["static"])  # the pages' CSS and JS

    @app.after_request
    def security_headers(response: Response) -> Response:
        # Scripts and styles come only from /static: no inline code can run, injected or not.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
