"""Simulated frames written as the real exports (``docs/formats.md``), for the readers to read.

Each writer reproduces the quirks the readers must handle: a logger's failed captures as rows of
zeros and days it missed, the SSI page's JSON with its date beside it, LinkedIn's text dates
and note rows, HubSpot's quoting, Salesforce's formatted amounts and footer.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.names import PILLAR_NAMES, PILLARS

_OPEN_STAGES = (
    "Appointment Scheduled",
    "Qualified To Buy",
    "Presentation Scheduled",
    "Decision Maker Bought-In",
    "Contract Sent",
)


def write_ssi_log(
    scores: pd.DataFrame,
    path: str | Path,
    *,
    seed: int = 0,
    failed: float = 0.02,
    skip: float = 0.05,
) -> Path:
    """Write a logger's wide CSV: one row per captured day (``Name`` first for a team).

    ``skip`` of the days have no row (the logger did not run) and ``failed`` of the rows are a
    failed capture written as zeros, as real scraper logs have them. The total is shown as the
    page shows it, rounded to an integer.
    """
    rng = np.random.default_rng(seed)
    log = pd.DataFrame(
        {
            "Date": scores["date"].dt.strftime("%Y-%m-%d"),
            "SSI": scores["ssi"].round().astype(int),
            **{p.capitalize(): scores[p].round(3) for p in PILLAR_NAMES},
            "Industry_Rank": scores["industry_rank"].astype(int),
            "Network_Rank": scores["network_rank"].astype(int),
            "Industry_SSI": scores["industry_ssi"].round().astype(int),
            "Network_SSI": scores["network_ssi"].round().astype(int),
        }
    )
    if scores["person"].nunique() > 1:
        log.insert(0, "Name", scores["person"].to_numpy())
    broken = rng.random(len(log)) < failed
    values = [c for c in log.columns if c not in ("Name", "Date")]
    log[values] = log[values].astype(float)
    log.loc[broken, values] = 0.0
    log = log[rng.random(len(log)) >= skip]
    path = Path(path)
    log.to_csv(path, index=False, lineterminator="\n")
    return path


def write_ssi_jsonl(scores: pd.DataFrame, path: str | Path) -> Path:
    """Write the SSI page's JSON (``salesApiSsi``), one capture per line with its time."""
    enum = {p: labels[0] for p, labels in PILLARS.items()}
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in scores.itertuples(index=False):
            payload = {
                "activeSeat": False,
                "memberScore": {
                    "overall": round(float(row.ssi), 6),
                    "subScores": [
                        {"score": float(getattr(row, p)), "pillar": enum[p]}
                        for p in reversed(PILLAR_NAMES)
                    ],
                },  # the order is not guaranteed
                "groupScore": [
                    {
                        "groupType": "INDUSTRY",
                        "rank": int(row.industry_rank),
                        "score": {"overall": float(row.industry_ssi), "subScores": []},
                    },
                    {
                        "groupType": "NETWORK",
                        "rank": int(row.network_rank),
                        "score": {"overall": float(row.network_ssi), "subScores": []},
                    },
                ],
            }
            line = {
                "capturedAt": f"{row.date:%Y-%m-%d}T08:30:00Z",
                "object": "LinkedinRawData",
                "data": payload,
            }
            handle.write(json.dumps(line) + "\n")
    return path


def _us_date(dates: pd.Series) -> list[str]:
    """Format dates as LinkedIn does: M/D/YYYY without zero padding."""
    return [f"{d.month}/{d.day}/{d.year}" for d in dates]


def write_creator_xlsx(outcomes: pd.DataFrame, path: str | Path, *, start: str, end: str) -> Path:
    """Write a creator analytics export (``Content_<start>_<end>_<Name>.xlsx``).

    Sheets DISCOVERY, ENGAGEMENT (text dates), TOP POSTS (note row, two tables side by side),
    FOLLOWERS (the total in A1, the header on row 3) and DEMOGRAPHICS, as LinkedIn writes them.
    """
    from openpyxl import Workbook

    days = outcomes[(outcomes["date"] >= start) & (outcomes["date"] <= end)]
    wide = days.pivot_table(index="date", columns="metric", values="value", aggfunc="sum")
    dates = pd.Series(wide.index)
    book = Workbook()
    sheet = book.active
    sheet.title = "DISCOVERY"
    first, last = _us_date(dates.iloc[[0, -1]])
    sheet.append(["Overall Performance", f"{first} - {last}"])
    sheet.append(["Impressions", int(wide["impressions"].sum())])
    sheet.append(["Members reached", int(wide["impressions"].sum() * 0.4)])
    sheet = book.create_sheet("ENGAGEMENT")
    sheet.append(["Date", "Impressions", "Engagements"])
    for day, imp, eng in zip(
        _us_date(dates), wide["impressions"], wide["engagements"], strict=True
    ):
        sheet.append([day, int(imp), int(eng)])
    sheet = book.create_sheet("TOP POSTS")
    sheet.append(["Maximum of 50 posts available to include in this list"])
    sheet.append([])
    sheet.append(
        [
            "Post URL",
            "Post Publish Date",
            "Engagements",
            None,
            "Post URL",
            "Post Publish Date",
            "Impressions",
        ]
    )
    posts = wide[wide.get("posts_published", pd.Series(0, index=wide.index)) > 0]
    top = posts.nlargest(min(50, len(posts)), "engagements")
    by_reach = posts.nlargest(min(50, len(posts)), "impressions")
    for (d1, r1), (d2, r2) in zip(top.iterrows(), by_reach.iterrows(), strict=True):
        sheet.append(
            [
                f"https://www.linkedin.com/feed/update/urn:li:activity:{d1:%Y%m%d}01",
                _us_date([d1])[0],
                int(r1["engagements"]),
                None,
                f"https://www.linkedin.com/feed/update/urn:li:activity:{d2:%Y%m%d}01",
                _us_date([d2])[0],
                int(r2["impressions"]),
            ]
        )
    sheet = book.create_sheet("FOLLOWERS")
    total = 1500 + int(outcomes.loc[outcomes["metric"] == "new_followers", "value"].sum())
    sheet.append([f"Total followers on {last}:", total])
    sheet.append([])
    sheet.append(["Date", "New followers"])
    for day, new in zip(_us_date(dates), wide["new_followers"], strict=True):
        sheet.append([day, int(new)])
    sheet = book.create_sheet("DEMOGRAPHICS")
    sheet.append(["Top Demographics", "Value", "Percentage"])
    for title, share in (
        ("Account Executive", 0.081),
        ("Founder", 0.052),
        ("Sales Manager", 0.034),
        ("Marketing Manager", "< 1%"),
    ):
        sheet.append(["Job titles", title, share])
    path = Path(path)
    book.save(path)
    return path


def _stages(deals: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    open_stage = rng.choice(_OPEN_STAGES, len(deals))
    return np.where(
        deals["won"], "Closed Won", np.where(deals["closed"].notna(), "Closed Lost", open_stage)
    )


def write_hubspot_csv(deals: pd.DataFrame, path: str | Path, *, seed: int = 0) -> Path:
    """Write HubSpot's "all deals" export: every field quoted, ``Deal owner`` lower-case o."""
    rng = np.random.default_rng(seed)
    expected = deals["created"] + pd.Timedelta(days=60)
    frame = pd.DataFrame(
        {
            "Record ID": deals["deal_id"].astype(str),
            "Deal Name": [f"Deal {i}" for i in deals["deal_id"]],
            "Deal Stage": _stages(deals, rng),
            "Amount": deals["amount"].map(lambda a: f"{a:.0f}"),
            "Close Date": deals["closed"].fillna(expected).dt.strftime("%Y-%m-%d %H:%M"),
            "Create Date": deals["created"].dt.strftime("%Y-%m-%d %H:%M"),
            "Deal owner": deals["person"],
            "Pipeline": "Sales Pipeline",
        }
    )
    path = Path(path)
    frame.to_csv(path, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    return path


def write_salesforce_csv(deals: pd.DataFrame, path: str | Path, *, seed: int = 0) -> Path:
    """Write a Salesforce opportunity report: formatted amounts, US dates, footer lines."""
    rng = np.random.default_rng(seed)
    expected = deals["created"] + pd.Timedelta(days=60)
    frame = pd.DataFrame(
        {
            "Opportunity Owner": deals["person"],
            "Account Name": [f"Account {i % 397}" for i in deals["deal_id"]],
            "Opportunity Name": [f"Opportunity {i}" for i in deals["deal_id"]],
            "Stage": np.where(
                _stages(deals, rng) == "Closed Won",
                "Closed Won",
                np.where(deals["closed"].notna(), "Closed Lost", "Negotiation"),
            ),
            "Amount Currency": "USD",
            "Amount": deals["amount"].map(lambda a: f"${a:,.2f}"),
            "Close Date": _us_date(deals["closed"].fillna(expected)),
            "Created Date": _us_date(deals["created"]),
        }
    )
    path = Path(path)
    text = frame.to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    footer = (
        f'\n"Grand Totals ({len(frame)} records)"\n\n'
        '"Confidential Information - Do Not Distribute"\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
    )
    path.write_text(text + footer, encoding="utf-8")
    return path
