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
