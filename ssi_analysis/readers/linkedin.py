"""Readers for LinkedIn's analytics workbooks: creator analytics and company page content.

``docs/formats.md`` §2.1-2.2. Both are .xlsx files whose sheets carry a note above the header
and store dates (and, since 2026, numbers) as text; the header row is found, not assumed.
"""

from __future__ import annotations

import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import squash
from ssi_analysis.readers._excel import sheet_table
from ssi_analysis.readers.records import Records, long_records
from ssi_analysis.readers.registry import OutcomeReader, register_outcome_reader

CREATOR_SHEETS = {
    "ENGAGEMENT",
    "FOLLOWERS",
    "TOP POSTS",
    "DISCOVERY",
    "DEMOGRAPHICS",
    "AUDIENCE DEMOGRAPHICS",
    "CONTENT DEMOGRAPHICS",
}
COMPANY_SHEETS = {"Metrics", "All posts"}


def is_creator(sheets: dict) -> bool:
    """Tell a creator analytics export by its ENGAGEMENT or FOLLOWERS sheet."""
    return bool({str(s).upper() for s in sheets} & {"ENGAGEMENT", "FOLLOWERS"})


def is_company(sheets: dict) -> bool:
    """Tell a company page content export by its Metrics or All posts sheet."""
    return bool({squash(s) for s in sheets} & {"metrics", "allposts"})


def _header_row(grid: pd.DataFrame, *needles: str, limit: int = 10) -> int | None:
    """First row (0-based) whose cells include every needle (compared squashed)."""
    wanted = {squash(n) for n in needles}
    for row in range(min(limit, len(grid))):
        cells = {squash(v) for v in grid.iloc[row].tolist() if isinstance(v, str)}
        if wanted <= cells:
            return row
    return None


def _sheet(grid: pd.DataFrame, file: str, sheet, problems: Problems, *needles: str):
    """Return the sheet's table under the row holding every needle; None (a problem) if none.

    The sheets carry a note above their header, so the header row is found, not assumed.
    """
    row = _header_row(grid, *needles)
    if row is None:
        problems.add(
            f"{file} [sheet {sheet!r}]",
            None,
            None,
            None,
            f"no header row with {' and '.join(repr(n) for n in needles)} in the first 10 rows",
            "export the analytics again from LinkedIn without editing the sheet",
        )
        return None
    return sheet_table(grid, file, str(sheet), row)


def read_creator(grids: dict[str, pd.DataFrame], file: str, problems: Problems) -> list[Records]:
    """Creator analytics (``Content_*.xlsx``, ``AggregateAnalytics_*.xlsx``)."""
    out, ignored = [], []
    for sheet, grid in grids.items():
        name = str(sheet).upper()
        if name == "ENGAGEMENT":
            table = _sheet(grid, file, sheet, problems, "Date", "Impressions")
            if table is None:
                continue
            metrics = {
                m: c
                for c in table.frame.columns
                if (
                    m := {"impressions": "impressions", "engagements": "engagements"}.get(squash(c))
                )
            }
            out.append(_records(table, "Date", metrics))
        elif name == "FOLLOWERS":
            table = _sheet(grid, file, sheet, problems, "Date", "New followers")
            if table is None:
                continue
            records = _records(table, "Date", {"new_followers": "New followers"})
            total = _total_followers(grid)
            if total is not None:
                records.frame = pd.concat([records.frame, total], ignore_index=True)
            out.append(records)
        elif name == "TOP POSTS":
            found = _top_posts(grid, file, str(sheet))
            if found is not None:
                out.append(found)
        else:
            ignored.append(f"sheet {sheet!r}")
    return _finish(out, ignored, "LinkedIn creator analytics XLSX", "linkedin_creator")


def _records(table, date_column: str, metrics: dict[str, str]) -> Records:
    frame = long_records(table, _column(table, date_column), metrics)
    return Records(
        table.file,
        "",
        frame,
        ignored=[
            str(c)
            for c in table.frame.columns
            if c not in metrics.values() and c != _column(table, date_column)
        ],
    )


def _column(table, name: str) -> str:
    return next(c for c in table.frame.columns if squash(c) == squash(name))


def _total_followers(grid: pd.DataFrame) -> pd.DataFrame | None:
    """A1 'Total followers on 4/23/2023:' with the total in B1: one ``followers`` level."""
    label = grid.iloc[0, 0] if grid.shape[1] > 1 and len(grid) else None
    if not isinstance(label, str) or not squash(label).startswith("totalfollowerson"):
        return None
    date = label.split(" on ", 1)[1].rstrip(": ").strip()
    return pd.DataFrame(
        {
            "date": [date],
            "metric": ["followers"],
            "value": [grid.iloc[0, 1]],
            "_line": [1],
            "_date_column": ["A1"],
            "_value_column": ["B1"],
        }
    )


def _top_posts(grid: pd.DataFrame, file: str, sheet: str) -> Records | None:
    """TOP POSTS: two tables side by side; each distinct post counts once on its date."""
    row = _header_row(grid, "Post URL", "Post Publish Date")
    if row is None:
        return None
    table = sheet_table(grid, file, sheet, row)
    frame = table.frame
    urls = [c for c in frame.columns if squash(c).startswith("posturl")]
    dates = [c for c in frame.columns if squash(c).startswith("postpublishdate")]
    pieces = [
        pd.DataFrame(
            {
                "date": frame[date].to_numpy(dtype=object),
                "metric": "top_posts",
                "value": 1,
                "_line": table.lines,
                "_date_column": date,
                "_value_column": url,
                "_key": frame[url].to_numpy(dtype=object),
            }
        )
        for url, date in zip(urls, dates, strict=False)
    ]
    long = pd.concat(pieces, ignore_index=True)
    # A post in both rankings is one post: the schema keeps one row per URL (_key).
    long = long[long["_key"].astype(str).str.strip() != ""]
    found = Records(table.file, "", long)
    found.notes.append(
        "TOP POSTS lists only the export's top posts: 'top_posts' counts those, "
        "not every post published"
    )
    return found


_COMPANY_METRICS = {
    "impressionsorganic": "impressions_organic",
    "impressionssponsored": "impressions_sponsored",
    "impressionstotal": "impressions",
    "uniqueimpressionsorganic": "unique_impressions",
    "clicksorganic": "clicks_organic",
    "clickssponsored": "clicks_sponsored",
    "clickstotal": "clicks",
    "reactionsorganic": "reactions_organic",
    "reactionssponsored": "reactions_sponsored",
    "reactionstotal": "reactions",
    "commentsorganic": "comments_organic",
    "commentssponsored": "comments_sponsored",
    "commentstotal": "comments",
    "repostsorganic": "reposts_organic",
    "repostssponsored": "reposts_sponsored",
    "repoststotal": "reposts",
}
_POST_METRICS = {
    "impressions": "post_impressions",
    "clicks": "post_clicks",
    "likes": "post_reactions",
    "reactions": "post_reactions",
    "comments": "post_comments",
    "reposts": "post_reposts",
}


def read_company(grids: dict[str, pd.DataFrame], file: str, problems: Problems) -> list[Records]:
    """Company page content export (``<page>_content_<epoch-ms>.xlsx``)."""
    out, ignored = [], []
    for sheet, grid in grids.items():
        key = squash(sheet)
        if key == "metrics":
            table = _sheet(grid, file, sheet, problems, "Date", "Impressions (total)")
            if table is None:
                continue
            metrics = {
                _COMPANY_METRICS[squash(c)]: c
                for c in table.frame.columns
                if squash(c) in _COMPANY_METRICS
            }
            records = _records(table, "Date", metrics)
            records.notes.append(
                "engagement rates are not summed over periods; "
                "they can be recomputed from the counts"
            )
            out.append(records)
        elif key == "allposts":
            table = _sheet(grid, file, sheet, problems, "Created date", "Impressions")
            if table is None:
                continue
            frame = table.frame
            created = _column(table, "Created date")
            table.frame = frame.assign(_one=1)
            metrics = {"posts": "_one"}
            metrics.update(
                {_POST_METRICS[squash(c)]: c for c in frame.columns if squash(c) in _POST_METRICS}
            )
            records = _records(table, created, metrics)
            records.ignored = [c for c in records.ignored if c != "_one"]
            out.append(records)
        else:
            ignored.append(f"sheet {sheet!r}")
    return _finish(out, ignored, "LinkedIn company page XLSX", "linkedin_company")


def _finish(out: list[Records], ignored: list[str], shape: str, source: str) -> list[Records]:
    """Label a workbook's records; the sheets not read are reported once."""
    for records in out:
        records.format = shape
        records.source = source
        records.dayfirst = False  # LinkedIn writes M/D/YYYY (company pages: MM/DD/YYYY)
    if out:
        out[0].ignored += ignored
    return out


def _read_creator(grids, file: str, problems: Problems, options) -> list[Records]:
    return read_creator(grids, file, problems)


def _read_company(grids, file: str, problems: Problems, options) -> list[Records]:
    return read_company(grids, file, problems)


register_outcome_reader(
    OutcomeReader(
        "creator",
        "linkedin_creator",
        "workbook",
        is_creator,
        _read_creator,
        describes="LinkedIn analytics",
    )
)
register_outcome_reader(
    OutcomeReader(
        "company",
        "linkedin_company",
        "workbook",
        is_company,
        _read_company,
        describes="LinkedIn analytics",
    )
)
