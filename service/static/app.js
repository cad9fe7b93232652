// The only script: polls a job or a batch and updates the page. Everything works without it
// (the pages reload), so it only adds live progress.
"use strict";

const PHRASES = { queued: "waiting in the queue", running: "being scored", succeeded: "done",
                  failed: "failed after its retries", canceled: "canceled" };

function pollJob(panel) {
  const status = document.getElementById("job-status");
  const steps = panel.querySelectorAll("li[data-step]");
  const tick = async () => {
    let job;
    try {
      const response = await fetch(panel.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      job = await response.json();
      if (!response.ok) { status.textContent = job.detail || "The job cannot be read."; return; }
    } catch (error) {
      status.textContent = "Lost contact with the server; retrying…";
      setTimeout(tick, 2000);
      return;
    }
    let reached = true;
    steps.forEach((step) => {
      step.classList.toggle("passed", reached);
      if (step.dataset.step === job.status) { step.setAttribute("aria-current", "step"); reached = false; }
      else step.removeAttribute("aria-current");
    });
    status.textContent = "The job is " + (PHRASES[job.status] || job.status) + ".";
    if (job.status === "succeeded") window.location.assign(panel.dataset.resultUrl);
    else if (job.status === "queued" || job.status === "running") setTimeout(tick, 500);
  };
  tick();
}

function pollBatch(panel) {
  const bar = document.getElementById("batch-progress");
  const done = document.getElementById("batch-done");
  const status = document.getElementById("batch-status");
  const rows = new Map();
  document.querySelectorAll("#batch-rows tr").forEach((tr) => rows.set(tr.dataset.statementId, tr));
  const tick = async () => {
    let progress;
    try {
      const response = await fetch(panel.dataset.progressUrl, { credentials: "same-origin" });
      progress = await response.json();
    } catch (error) {
      setTimeout(tick, 2000);
      return;
    }
    bar.value = progress.done;
    bar.textContent = progress.done + " of " + progress.total;
    done.textContent = progress.done;
    progress.rows.forEach((row) => {
      const tr = rows.get(row.statement_id);
      if (!tr) return;
      tr.querySelector(".status").textContent = row.status;
      tr.querySelector(".verdict").textContent = row.verdict || "";
      tr.querySelector(".score").textContent = row.score == null ? "" : row.score.toFixed(2);
      const cell = tr.querySelector("td");
      if (row.status === "succeeded" && !cell.querySelector("a")) {
        const link = document.createElement("a");
        link.href = panel.dataset.resultBase + encodeURIComponent(row.statement_id);
        link.textContent = cell.textContent;   // text, never HTML
        cell.replaceChildren(link);
      }
    });
    if (progress.done < progress.total) setTimeout(tick, 700);
    else status.textContent = "All " + progress.total + " statements are scored.";
  };
  tick();
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (job) pollJob(job);
  const batch = document.getElementById("batch");
  if (batch) pollBatch(batch);
});

// /docs: send an operation's request with the key typed at the top, and show the response.
function tryOperation(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let path = form.dataset.path;
    const query = new URLSearchParams();
    form.querySelectorAll("input[data-in]").forEach((input) => {
      if (!input.value) return;
      if (input.dataset.in === "path") path = path.replace("{" + input.dataset.name + "}", encodeURIComponent(input.value));
      else if (input.dataset.in === "query") query.set(input.dataset.name, input.value);
    });
    const headers = { Accept: "application/json" };
    const key = document.getElementById("docs-key").value.trim();
    if (key) headers.Authorization = "Bearer " + key;
    const options = { method: form.dataset.method, headers, credentials: "same-origin" };
    const body = form.querySelector("[data-body]");
    if (body) { options.body = body.value; headers["Content-Type"] = "application/json"; }
    const status = form.querySelector("[data-status]");
    const output = form.querySelector("[data-response]");
    status.textContent = "Sending…";
    try {
      const response = await fetch(path + (query.toString() ? "?" + query : ""), options);
      const text = await response.text();
      status.textContent = response.status + " " + response.statusText;
      try { output.textContent = JSON.stringify(JSON.parse(text), null, 2); }
      catch (error) { output.textContent = text; }   // text, never HTML
    } catch (error) {
      status.textContent = "The request failed: " + error.message;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.try").forEach(tryOperation);
  const keyForm = document.getElementById("docs-key-form");
  if (keyForm) keyForm.addEventListener("submit", (event) => event.preventDefault());
});
