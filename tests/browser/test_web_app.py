"""The web app in a real browser: check, batch, registry roles and hostile article text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY

STORY = json.loads((REPOSITORY / "tests/fixtures/stories/chlorine-release.json").read_text())
REPORTS = REPOSITORY / "reports"


def fill_article(page, index: int, article: dict) -> None:
    page.get_by_label("Publisher").nth(index).fill(article["source"] if isinstance(article["source"], str)
                                                   else article["source"]["id"])
    page.fill(f"#article-{index}-url", article["url"])
    page.fill(f"#article-{index}-text", article["text"])


def test_check_a_statement_with_two_articles(embedded_server, page, tmp_path):
    page.goto(embedded_server + "/")
    page.get_by_label("Statement").fill(STORY["statements"][0]["text"])
    for index, article in enumerate(STORY["articles"][:2]):
        fill_article(page, index, article)
    page.get_by_role("button", name="Check").click()

    page.wait_for_url("**/statements/*", timeout=30_000)
    verdict = page.locator("h1.verdict")
    assert verdict.inner_text().strip().lower() in ("corroborated", "contested", "refuted", "unverified")
    assert page.locator(".explanation").inner_text().strip()
    assert page.locator("svg.posterior path.curve").count() == 1
    assert page.locator(".article .text mark").count() >= 1  # what was read is highlighted in the text
    assert "claimreview" in page.get_by_role("link", name="ClaimReview (JSON-LD)").get_attribute("href")
    shot = tmp_path / "result.png"
    page.screenshot(path=str(shot), full_page=True)
    REPORTS.mkdir(exist_ok=True)
    shutil.copy(shot, REPORTS / "browser-result.png")
    assert shot.stat().st_size > 10_000


def test_progress_is_shown_while_the_job_runs(embedded_server, page):
    page.goto(embedded_server + "/")
    page.get_by_label("Statement").fill("The harbour bridge reopened on Monday")
    page.get_by_label("Source 1").fill("harbour-daily")
    page.get_by_label("Stance 1").select_option("confirms")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Check").press("Enter")  # the keyboard alone does it

    page.wait_for_url("**/statements/*", timeout=30_000)
    assert page.locator("h1.verdict").is_visible()


def test_a_batch_of_fifty_with_progress(embedded_server, page, tmp_path):
    rows = ["text,source,stance"]
    rows += [f"Batch statement {i} about the chlorine leak,outlet-{i % 7},{'confirms' if i % 3 else 'denies'}"
             for i in range(50)]
    upload = tmp_path / "statements.csv"
    upload.write_text("\n".join(rows) + "\n")

    page.goto(embedded_server + "/batch")
    page.get_by_label("CSV or JSON file of statements").set_input_files(str(upload))
    page.get_by_role("button", name="Submit the batch").click()
    page.wait_for_url("**/batches/*")
    assert page.locator("#batch-rows tr").count() == 50, page.content()[-1500:]

    from playwright.sync_api import expect

    seen = set()
    for _ in range(600):  # the bar moves as results arrive (polled 10x a second, up to 60 s)
        seen.add(int(page.locator("#batch-progress").get_attribute("value") or 0))
        if 50 in seen:
            break
        page.wait_for_timeout(100)
    expect(page.locator("#batch-status")).to_have_text("All 50 statements are scored.")
    assert max(seen) == 50 and page.locator("#batch-done").inner_text() == "50"
    verdicts = page.locator("#batch-rows td.verdict").all_text_contents()
    assert len(verdicts) == 50 and all(v in ("corroborated", "contested", "refuted", "unverified") for v in verdicts)
    assert page.locator("#batch-rows td a").count() == 50
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert len(lines) == 51 and lines[0].startswith("statement_id,text,verdict,score")


def test_article_html_shows_as_text(embedded_server, page):
    attack = "Officials said the dam held. <img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"
    page.goto(embedded_server + "/")
    page.get_by_label("Statement").fill("The dam held during the storm")
    fill_article(page, 0, {"source": "river-post", "url": "https://river.example/dam", "text": attack})
    page.get_by_role("button", name="Check").click()

    page.wait_for_url("**/statements/*", timeout=30_000)
    assert page.title() != "pwned"
    assert "<script>document.title='pwned'</script>" in page.locator(".article .text").inner_text()
    assert page.locator(".article img").count() == 0


def test_registry_edit_as_editor_refused_as_reader(secure_server, page, browser):
    url, make_key = secure_server
    editor, reader = make_key("editor"), make_key("reader")

    page.goto(url + "/sources/new")
    page.wait_for_url("**/sign-in**")
    page.get_by_label("API key").fill(editor)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sources/new")
    page.get_by_label("Id", exact=True).fill("pellaria-times")
    page.get_by_label("Kind").select_option("outlet")
    page.get_by_label("Reliability (0 to 1; empty for the default)").fill("0.7")
    page.get_by_label("Aliases (one a line)").fill("The Pellaria Times\nPT")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/sources/pellaria-times?saved=1")
    assert page.get_by_role("status").inner_text() == "Saved."

    other = browser.new_context().new_page()
    other.goto(url + "/sources/pellaria-times")
    other.get_by_label("API key").fill(reader)
    other.get_by_role("button", name="Sign in").click()
    other.wait_for_url("**/sources/pellaria-times")
    assert other.get_by_label("Aliases (one a line)").input_value() == "The Pellaria Times\nPT"
    assert other.get_by_label("Aliases (one a line)").is_disabled()
    assert other.get_by_role("button", name="Save").count() == 0
    # A reader who forges the form anyway is refused by the server.
    token = other.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = other.request.post(url + "/sources", form={"csrf_token": token, "id": "pellaria-times",
                                                          "kind": "other", "aliases": ""})
    assert refused.status == 403
    assert "PT" in other.request.get(url + "/v1/sources/pellaria-times").text()
    other.context.close()


def test_the_docs_page_calls_the_api(embedded_server, page):
    page.goto(embedded_server + "/docs")
    operation = page.locator("details#submitStatement")
    operation.locator("summary").click()
    operation.get_by_role("button", name="Send POST").click()

    from playwright.sync_api import expect

    expect(operation.get_by_role("status")).to_have_text("202 ACCEPTED", timeout=10_000)
    assert '"statement_id"' in operation.locator("pre.response").inner_text()
