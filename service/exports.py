"""Results as files people take away: CSV rows, schema.org ClaimReview, and the posterior's curve.

Pure functions of a result (and settings): no Flask, no Redis, so the pages and tests share them.
"""

from __future__ import annotations

import csv
import io
import math

from scipy.special import betainc, betaincinv, betaln

CSV_COLUMNS = ("statement_id", "text", "verdict", "score", "interval_low", "interval_high",
               "independent", "confirming", "denying", "neutral", "reports", "explanation", "computed_at")


def csv_row(result: dict) -> dict:
    counts = result.get("counts") or {}
    low, high = result.get("interval") or (None, None)
    return {
        "statement_id": result.get("statement_id"), "text": result.get("text"),
        "verdict": result.get("verdict"), "score": result.get("score"),
        "interval_low": low, "interval_high": high,
        **{name: counts.get(name) for name in ("independent", "confirming", "denying", "neutral", "reports")},
        "explanation": result.get("explanation"), "computed_at": result.get("computed_at"),
    }


def results_csv(rows: list[dict]) -> str:
    """One line per row: a result's csv_row, or any dict with some of CSV_COLUMNS (a pending item)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue()


def _spreadsheet_safe(value):
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection); a
    # statement is user text, so such a cell is written with a leading apostrophe.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def claim_review(result: dict, statement: dict | None, permalink: str, author: str) -> dict:
    """schema.org ClaimReview JSON-LD of a result.

    `statement` is the statement as submitted (for the appearances' URLs); None when unknown.
    """
    statement = statement or {}
    appearances = sorted({url for item in [*statement.get("evidence", ()), *statement.get("documents", ())]
                          for url in [item.get("url")] if url})
    claim = {"@type": "Claim"}
    claimant = _claimant(statement)
    if claimant:
        claim["author"] = {"@type": "Organization", "name": claimant}
    if appearances:
        claim["appearance"] = [{"@type": "CreativeWork", "url": url} for url in appearances]
    counts = result.get("counts") or {}
    low, high = result["interval"]
    body = (f"{result['explanation']} Independent sources: {counts.get('independent', 0)} "
            f"({counts.get('confirming', 0)} confirming, {counts.get('denying', 0)} denying, "
            f"{counts.get('neutral', 0)} neutral) from {counts.get('reports', 0)} reports. "
            f"Score {result['score']:.2f}, 90% interval {low:.2f} to {high:.2f}.")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink,
        "claimReviewed": result["text"],
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": author},
        "datePublished": (result.get("computed_at") or "")[:10],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": result["score"],
            "worstRating": 0,
            "bestRating": 1,
            "alternateName": result["verdict"],
        },
        "reviewBody": body,
    }


def _claimant(statement: dict) -> str | None:
    """Who made the claim, when the submitter said so (a statement's optional `claimant`, kept
    by the pages beside the result); a result alone does not know it."""
    return statement.get("claimant") or None


# ---- the posterior, drawn -----------------------------------------------------------------------

def beta_parameters(mean: float, interval: tuple[float, float], mass: float = 0.9) -> tuple[float, float]:
    """The Beta(α, β) with this mean whose equal-tailed `mass` interval is `interval`.

    A result carries its mean and interval, not α and β; the interval's width fixes α + β
    (wider for fewer pseudo-observations), found by bisection on log(α + β).
    """
    mean = min(max(mean, 1e-6), 1 - 1e-6)
    target = interval[1] - interval[0]
    tail = (1 - mass) / 2

    def width(total: float) -> float:
        a, b = mean * total, (1 - mean) * total
        return float(betaincinv(a, b, 1 - tail) - betaincinv(a, b, tail))

    low, high = math.log(1e-3), math.log(1e6)
    for _ in range(60):
        middle = (low + high) / 2
        if width(math.exp(middle)) > target:
            low = middle
        else:
            high = middle
    total = math.exp((low + high) / 2)
    return mean * total, (1 - mean) * total


def posterior_chart(result: dict, width: int = 480, height: int = 140, steps: int = 120) -> dict:
    """SVG path data for the posterior density and its shaded 90% interval, in a width×height box."""
    a, b = beta_parameters(result["score"], tuple(result["interval"]))
    xs = [(i + 0.5) / steps for i in range(steps)]
    log_norm = betaln(a, b)
    density = [math.exp((a - 1) * math.log(x) + (b - 1) * math.log(1 - x) - log_norm) for x in xs]
    top = max(density) or 1.0
    plot_height = height - 20

    def point(x: float, y: float) -> str:
        return f"{x * width:.1f},{plot_height - y / top * (plot_height - 4):.1f}"

    curve = "M" + " L".join(point(x, y) for x, y in zip(xs, density))
    low, high = result["interval"]
    inside = [(x, y) for x, y in zip(xs, density) if low <= x <= high]
    band = ""
    if inside:
        band = (f"M{inside[0][0] * width:.1f},{plot_height} L" + " L".join(point(x, y) for x, y in inside)
                + f" L{inside[-1][0] * width:.1f},{plot_height} Z")
    return {
        "width": width, "height": height, "baseline": plot_height, "curve": curve, "band": band,
        "score_x": round(result["score"] * width, 1),
        "low_x": round(low * width, 1), "high_x": round(high * width, 1),
        "alpha": round(a, 2), "beta": round(b, 2),
        "mass_check": round(float(betainc(a, b, high) - betainc(a, b, low)), 3),
    }
