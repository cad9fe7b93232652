"""The web app through Flask's test client: the pages, their exports and their security."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from service import exports

VOCABULARY = json.loads((Path(__file__).parents[1] / "fixtures/schemaorg/claimreview-vocabulary.json").read_text())
STORY = json.loads((Path(__file__).parents[1] / "fixtures/stories/chlorine-release.json").read_text())
STATEMENT = STORY["statements"][0]["text"]
ARTICLES = STORY["articles"][:2]
HOSTILE = {"source": "harbour-daily", "url": "https://harbour.example/chlorine",
           "text": "Clean Air Watch said its sensors recorded chlorine from the Halvorsen works. "
                   "<script>alert('xss')</script><img src=x onerror=alert(1)>"}


def token(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def check(client, run_jobs, text=STATEMENT, articles=ARTICLES, **extra):
    form = {"csrf_token": token(client.get("/")), "text": text, **extra}
    for i, article in enumerate(articles):
        form.update({f"article-{i}-source": article["source"], f"article-{i}-url": article["url"],
                     f"article-{i}-text": article["text"]})
    submitted = client.post("/", data=form)
    assert submitted.status_code == 302 and submitted.headers["Location"].startswith("/jobs/")
    run_jobs()
    done = client.get(submitted.headers["Location"])
    assert done.status_code == 302 and done.headers["Location"].startswith("/statements/")
    return done.headers["Location"]


def test_check_two_articles_shows_the_verdict_chart_and_marked_quotes(client, run_jobs):
    permalink = check(client, run_jobs)
    page = client.get(permalink)
    html = page.get_data(as_text=True)
    statement_id = permalink.rsplit("/", 1)[1]
    api = client.get(f"/v1/statements/{statement_id}").get_json()

    assert page.status_code == 200
    assert f'class="verdict verdict-{api["verdict"]}"' in html
    assert api["explanation"].split(" ")[0] in html
    assert '<path class="curve" d="M' in html and '<path class="band" d="M' in html
    texts = "".join(re.findall(r'<p class="text">(.*?)</p>', html, re.S))
    assert '<mark class="mark-content stance-' in texts  # a quote read from an article, marked in it
    copies = sum(1 for item in api["evidence"] if item.get("duplicate_of") is not None)
    assert html.count(", counted once") == copies
    for export in (".csv", ".json", "/claimreview.jsonld"):
        assert f'href="{permalink}{export}"' in html


def test_article_html_is_shown_as_text(client, run_jobs):
    html = client.get(check(client, run_jobs, articles=[ARTICLES[0], HOSTILE])).get_data(as_text=True)

    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_spans_mark_source_cue_and_content():
    text = "Officials said the plant leaked."
    result = {"evidence": [{"stance": "confirms", "via": {"document": 0}, "duplicate_of": None,
                            "source_span": {"text": "Officials", "start": 0, "end": 9},
                            "cue_span": {"text": "said", "start": 10, "end": 14},
                            "content_span": {"text": "the plant leaked", "start": 15, "end": 31}}]}
    from service.pages import _articles

    (article,) = _articles(result, {"documents": [{"source": "x", "text": text}]})

    assert [(p["text"], p.get("kind")) for p in article["segments"]] == [
        ("Officials", "source"), (" ", None), ("said", "cue"), (" ", None), ("the plant leaked", "content"), (".", None)]


def test_a_span_outside_the_text_is_ignored():
    from service.pages import _articles

    result = {"evidence": [{"stance": "denies", "via": {"document": 0},
                            "cue_span": {"text": "x", "start": 5, "end": 500}}]}
    (article,) = _articles(result, {"documents": [{"source": "x", "text": "short"}]})

    assert article["segments"] == [{"text": "short"}]


def test_pages_send_a_strict_csp_and_carry_no_inline_code(client, run_jobs):
    permalink = check(client, run_jobs)
    for path in ("/", permalink, "/batch", "/documents", "/sources", "/sources/new", "/docs", "/sign-in"):
        page = client.get(path)
        html = page.get_data(as_text=True)
        policy = page.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"<style|<[^>]*\s(style|on\w+)=", html), path


def test_forms_need_their_csrf_token(client):
    client.get("/")
    assert client.post("/", data={"text": STATEMENT}).status_code == 400
    assert client.post("/", data={"text": STATEMENT, "csrf_token": "forged"}).status_code == 400
    assert client.post("/sources", data={"id": "x", "csrf_token": ""}).status_code == 400


def test_a_bad_form_names_the_field_and_keeps_the_input(client):
    page = client.post("/", data={"csrf_token": token(client.get("/")), "text": "   ",
                                  "evidence-0-source": "bbc", "evidence-0-stance": "confirms"})

    assert page.status_code == 422
    assert "<code>text</code>" in page.get_data(as_text=True)
    assert 'value="bbc"' in page.get_data(as_text=True)


def test_exports_of_one_result(client, run_jobs):
    permalink = check(client, run_jobs)
    api = client.get("/v1/statements/" + permalink.rsplit("/", 1)[1]).get_json()

    as_json = client.get(permalink + ".json")
    as_csv = client.get(permalink + ".csv").get_data(as_text=True).splitlines()

    assert as_json.get_json() == api
    assert as_csv[0].split(",")[:4] == ["statement_id", "text", "verdict", "score"]
    assert as_csv[1].startswith(api["statement_id"] + ",")


def test_csv_cells_that_spreadsheets_would_run_are_defused():
    row = exports.csv_row({"statement_id": "st", "text": "=HYPERLINK(\"http://evil\")", "score": 0.5,
                           "interval": [0.1, 0.9], "verdict": "unverified", "counts": {}})

    assert "'=HYPERLINK" in exports.results_csv([row])


def validate_schemaorg(node, expected=("Thing",), where="$"):
    """Errors of a JSON-LD node against the vocabulary subset: unknown types and properties, and
    values outside a property's range."""
    types = VOCABULARY["types"]
    errors = []
    kind = node.get("@type")
    if kind not in types:
        return [f"{where}: unknown type {kind!r}"]
    lineage, at = [], kind
    while at:
        lineage.append(at)
        at = types[at]["parent"]
    if not set(lineage) & set(expected):
        errors.append(f"{where}: a {kind} is not one of {expected}")
    allowed = {name: ranges for t in lineage for name, ranges in types[t]["properties"].items()}
    for name, value in node.items():
        if name.startswith("@"):
            continue
        if name not in allowed:
            errors.append(f"{where}.{name}: not a property of {kind}")
            continue
        for item in value if isinstance(value, list) else [value]:
            errors.extend(_check_range(item, allowed[name], f"{where}.{name}"))
    return errors


def _check_range(value, ranges, where):
    if isinstance(value, dict):
        return validate_schemaorg(value, tuple(r for r in ranges if r in VOCABULARY["types"]), where)
    ok = (("Text" in ranges and isinstance(value, str))
          or ("URL" in ranges and isinstance(value, str) and re.match(r"https?://", value))
          or ("Number" in ranges and isinstance(value, int | float) and not isinstance(value, bool))
          or ("Date" in ranges and isinstance(value, str) and _parses(date.fromisoformat, value))
          or ("DateTime" in ranges and isinstance(value, str) and _parses(datetime.fromisoformat, value)))
    return [] if ok else [f"{where}: {value!r} is not a {' or '.join(ranges)}"]


def _parses(parse, value) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def test_the_claimreview_is_valid_schemaorg(client, run_jobs):
    permalink = check(client, run_jobs)
    response = client.get(permalink + "/claimreview.jsonld")
    review = response.get_json(force=True)
    api = client.get("/v1/statements/" + permalink.rsplit("/", 1)[1]).get_json()

    assert "claimreview" in response.request.path
    assert response.mimetype == "application/ld+json"
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert validate_schemaorg(review, ("ClaimReview",)) == []
    assert review["claimReviewed"] == STATEMENT
    assert review["url"] == "http://localhost" + permalink
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": api["score"], "worstRating": 0,
                                      "bestRating": 1, "alternateName": api["verdict"]}
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == sorted(a["url"] for a in ARTICLES)
    assert f"Independent sources: {api['counts']['independent']}" in review["reviewBody"]
    assert f"{api['interval'][0]:.2f} to {api['interval'][1]:.2f}" in review["reviewBody"]


@pytest.mark.parametrize("broken, complaint", [
    ({"reviewRating": {"@type": "Rating", "ratingvalue": 0.5}}, "not a property of Rating"),
    ({"reviewRating": {"@type": "Rating", "ratingValue": [0.5]}}, None),
    ({"reviewRating": {"@type": "Rating", "ratingValue": True}}, "is not a Number or Text"),
    ({"datePublished": "yesterday"}, "is not a Date or DateTime"),
    ({"itemReviewed": {"@type": "Claim", "appearance": [{"@type": "Rating"}]}}, "is not one of"),
    ({"claimReviewd": "x"}, "not a property of ClaimReview"),
])
def test_the_vocabulary_check_catches_mistakes(broken, complaint):
    review = {"@type": "ClaimReview", "claimReviewed": "x", "datePublished": "2026-12-01", **broken}
    errors = validate_schemaorg(review, ("ClaimReview",))

    assert (complaint is None and errors == []) or any(complaint in e for e in errors), errors


def test_the_chart_is_the_posterior_of_the_result():
    from scipy.special import betaincinv

    interval = [float(betaincinv(8, 2, 0.05)), float(betaincinv(8, 2, 0.95))]
    chart = exports.posterior_chart({"score": 0.8, "interval": interval})

    assert (chart["alpha"], chart["beta"]) == (pytest.approx(8, rel=0.01), pytest.approx(2, rel=0.01))
    assert chart["mass_check"] == pytest.approx(0.9, abs=0.01)


def test_a_batch_file_is_scored_and_exported(client, run_jobs):
    rows = "text,source,stance\n" + "".join(f"Statement number {i} is true,outlet-{i},confirms\n" for i in range(5))
    rows += "Statement number 0 is true,second-outlet,confirms\n"
    from io import BytesIO

    submitted = client.post("/batch", data={"csrf_token": token(client.get("/batch")),
                                            "file": (BytesIO(rows.encode()), "statements.csv")},
                            content_type="multipart/form-data")
    assert submitted.status_code == 302
    batch = submitted.headers["Location"]
    assert client.get(batch + "/progress").get_json()["done"] == 0
    assert client.get(batch).status_code == 200  # before any result, and after
    run_jobs()

    progress = client.get(batch + "/progress").get_json()
    table = client.get(batch + ".csv").get_data(as_text=True).splitlines()

    assert progress["done"] == progress["total"] == 5
    assert all(row["verdict"] for row in progress["rows"])
    assert len(table) == 6
    assert client.get(batch).get_data(as_text=True).count('<td class="verdict">') == 5
    first = next(row for row in progress["rows"] if row["text"] == "Statement number 0 is true")
    assert first["reports"] == 2


def test_registry_pages_edit_through_the_api(client):
    form = {"csrf_token": token(client.get("/sources/new")), "id": "pellaria-times", "name": "Pellaria Times",
            "kind": "outlet", "reliability": "0.8", "aliases": "The Times of Pellaria\nPT", "affiliations": "", "new": "1"}

    saved = client.post("/sources", data=form)
    record = client.get("/v1/sources/pellaria-times").get_json()
    bad = client.post("/sources", data={**form, "reliability": "2"})

    assert saved.status_code == 302
    assert record["aliases"] == ["The Times of Pellaria", "PT"] and record["reliability"] == 0.8
    assert bad.status_code == 422 and "<code>reliability</code>" in bad.get_data(as_text=True)
    assert "pellaria-times" in client.get("/sources?q=times").get_data(as_text=True)


def test_evidence_store_pages_add_list_and_delete(client, run_jobs):
    page = client.get("/documents")
    added = client.post("/documents", data={"csrf_token": token(page), "source": "harbour-daily",
                                            "text": HOSTILE["text"], "url": HOSTILE["url"]})
    run_jobs()
    listing = client.get("/documents").get_data(as_text=True)
    (document_id,) = re.findall(r'/documents/(doc_[^/"]+)/delete', listing)

    deleted = client.post(f"/documents/{document_id}/delete", data={"csrf_token": token(page)})

    assert added.status_code == 302
    assert "&lt;script&gt;" not in listing and "<script>alert" not in listing
    assert deleted.status_code == 302
    assert client.get(f"/v1/documents/{document_id}").status_code == 404


def test_docs_page_lists_every_operation_from_local_assets(client):
    html = client.get("/docs").get_data(as_text=True)
    spec = client.get("/openapi.json").get_json()

    for path in spec["paths"]:
        assert f"<code>{path}</code>" in html
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html)).replace("http://", "")


# ---- signed in with a key ----------------------------------------------------------------------

def sign_in(client, secret):
    return client.post("/sign-in", data={"csrf_token": token(client.get("/sign-in")), "api_key": secret,
                                         "next": "/sources"})


def test_sign_in_keeps_the_key_in_an_http_only_samesite_cookie(secure_app, secure_client):
    _, secret = secure_app.extensions["corroborate"].keys.create("newsroom", "editor")

    assert secure_client.get("/sources").headers["Location"].startswith("/sign-in")
    signed_in = sign_in(secure_client, secret)
    cookie = signed_in.headers["Set-Cookie"]

    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/sources"
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert secure_client.get("/sources").status_code == 200
    assert secure_client.get("/v1/sources").status_code == 200  # the pages' scripts read the API


def test_the_cookie_never_writes_through_the_api(secure_app, secure_client):
    _, secret = secure_app.extensions["corroborate"].keys.create("newsroom", "admin")
    sign_in(secure_client, secret)

    assert secure_client.put("/v1/sources/x", json={"kind": "outlet"}).status_code == 401
    assert secure_client.post("/v1/statements", json={"text": "x", "evidence": []}).status_code == 401


def test_a_reader_sees_the_registry_but_cannot_edit_it(secure_app, secure_client):
    keys = secure_app.extensions["corroborate"].keys
    _, reader = keys.create("newsroom", "reader")
    sign_in(secure_client, reader)

    page = secure_client.get("/sources/new")
    refused = secure_client.post("/sources", data={"csrf_token": token(page), "id": "x", "kind": "outlet"})

    assert page.status_code == 200 and "<fieldset disabled>" in page.get_data(as_text=True)
    assert refused.status_code == 403
    assert secure_client.get("/v1/sources/x").status_code == 404


def test_a_revoked_key_signs_the_session_out(secure_app, secure_client):
    keys = secure_app.extensions["corroborate"].keys
    key, secret = keys.create("newsroom", "reader")
    sign_in(secure_client, secret)
    keys.revoke(key.id)

    assert secure_client.get("/sources").headers["Location"].startswith("/sign-in")


def test_a_wrong_key_and_an_open_redirect_are_refused(secure_client):
    page = secure_client.get("/sign-in")
    wrong = secure_client.post("/sign-in", data={"csrf_token": token(page), "api_key": "cbk_nope"})
    assert wrong.status_code == 401 and "unknown or revoked" in wrong.get_data(as_text=True)
    page = secure_client.get("/sign-in?next=//evil.example/")
    assert 'value="//evil.example/"' not in page.get_data(as_text=True)


def test_every_control_has_a_label(client, run_jobs):
    from html.parser import HTMLParser

    class Controls(HTMLParser):
        def __init__(self):
            super().__init__()
            self.controls, self.labels = [], set()

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "label" and attrs.get("for"):
                self.labels.add(attrs["for"])
            elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
                self.controls.append(attrs)
            elif tag == "button" and not attrs.get("aria-label"):
                self.controls.append({"button": True})  # named by its text, checked below

    permalink = check(client, run_jobs)
    client.post("/documents", data={"csrf_token": token(client.get("/documents")), "source": "x", "text": "Some text."})
    run_jobs()
    for path in ("/", permalink, "/batch", "/documents", "/sources", "/sources/new", "/sign-in", "/docs"):
        html = client.get(path).get_data(as_text=True)
        parser = Controls()
        parser.feed(html)
        for control in parser.controls:
            if control.get("button"):
                continue
            assert control.get("id") in parser.labels or control.get("aria-label"), (path, control)
        assert not re.search(r"<button[^>]*>\s*</button>", html), path


def test_a_json_batch_file_is_read_like_the_api_body(client, run_jobs):
    from io import BytesIO

    statements = [{"text": f"Claim {i}", "evidence": [{"source": "a", "stance": "confirms"}]} for i in range(3)]
    bad = client.post("/batch", data={"csrf_token": token(client.get("/batch")),
                                      "file": (BytesIO(b'[{"evidence": []}]'), "bad.json")},
                      content_type="multipart/form-data")
    good = client.post("/batch", data={"csrf_token": token(client.get("/batch")),
                                       "file": (BytesIO(json.dumps({"statements": statements}).encode()), "s.json")},
                       content_type="multipart/form-data")
    run_jobs()

    assert bad.status_code == 422 and "statements[0].text" in bad.get_data(as_text=True)
    assert client.get(good.headers["Location"] + "/progress").get_json()["done"] == 3


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("text, background", [
    ("#1a1a1a", "#ffffff"), ("#4a4a4a", "#ffffff"), ("#4a4a4a", "#f3f5f8"), ("#0b4f9c", "#ffffff"),
    ("#0b4f9c", "#f3f5f8"), ("#ffffff", "#0b4f9c"), ("#1d6b2f", "#ffffff"), ("#a4001d", "#ffffff"),
    ("#7a4a00", "#ffffff"), ("#5c0010", "#fff0f2"), ("#1a1a1a", "#e3d7ff"), ("#1a1a1a", "#ffe3a3"),
    ("#1a1a1a", "#cdeccf"), ("#1a1a1a", "#ffd2d6"), ("#1a1a1a", "#e4e4e4"), ("#1a1a1a", "#c9dcf2"),
    ("#1a1a1a", "#f6f8fa"), ("#1a1a1a", "#f0f0f0"),
])
def test_the_stylesheets_colour_pairs_pass_wcag_aa(text, background):
    css = (Path(__file__).parents[2] / "service/static/app.css").read_text().lower()
    lighter, darker = sorted((_luminance(text), _luminance(background)), reverse=True)

    assert text in css and background in css
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5
