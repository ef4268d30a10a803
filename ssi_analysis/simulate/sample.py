"""The bundled sample data: ``python -m ssi_analysis.simulate [FOLDER]`` writes it again.

- one person ("Dana W.") over two years, scenario ``ssi_not_revenue``: an SSI log (wide CSV
  with failed captures and missed days), the last 90 days as SSI page JSON lines, two
  overlapping creator analytics exports, and a HubSpot deals export. From 24 August 2026
  she posts three times as often (:data:`SAMPLE_CHANGE`): her brand pillar and reach rise,
  her pipeline does not (``notebooks/05_did_my_change_work.ipynb``);
- a team of 12 over one year, scenario ``team``: a team SSI log and a Salesforce report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ssi_analysis.simulate.model import Change, simulate
from ssi_analysis.simulate.writers import (
    write_creator_xlsx,
    write_hubspot_csv,
    write_salesforce_csv,
    write_ssi_jsonl,
    write_ssi_log,
)

SAMPLE_SEED = 20260427
START, DAYS = "2024-11-25", 728  # two years of whole weeks, ending Sunday 2026-11-22
#: Dana's documented change: the last 13 weeks, three times as many posts.
SAMPLE_CHANGE = Change("2026-08-24", "started posting three times as often", posts=3.0)

#: File name -> (what it is, scenario): data/sample/README.md is written from this.
FILES = {
    "ssi_log.csv": (
        "Dana W.'s daily SSI log, as a logger writes it: 2 % failed captures "
        "(rows of zeros) and 5 % missed days",
        "ssi_not_revenue",
    ),
    "ssi_page_captures.jsonl": (
        "the last 90 days as the SSI page's JSON, one capture per line with its capture time",
        "ssi_not_revenue",
    ),
    "Content_2024-11-25_2025-12-21_Dana.xlsx": (
        "LinkedIn creator analytics, first export (about 13 months)",
        "ssi_not_revenue",
    ),
    "Content_2025-11-24_2026-11-22_Dana.xlsx": (
        "LinkedIn creator analytics, second export, overlapping the first by four weeks",
        "ssi_not_revenue",
    ),
    "hubspot-crm-exports-all-deals-2026-11-23.csv": (
        "Dana W.'s deals from HubSpot (labels, every field quoted)",
        "ssi_not_revenue",
    ),
    "team/team_ssi_log.csv": (
        "a team of 12 sellers' daily SSI log with a Name column, one year",
        "team",
    ),
    "team/report1763856000000.csv": (
        "the team's Salesforce opportunity report (formatted amounts, footer lines)",
        "team",
    ),
}


def write_sample(folder: str | Path) -> list[Path]:
    """Write every sample file into ``folder`` (deterministic); return the paths."""
    folder = Path(folder)
    (folder / "team").mkdir(parents=True, exist_ok=True)
    one = simulate(
        "ssi_not_revenue", seed=SAMPLE_SEED, days=DAYS, start=START, change=SAMPLE_CHANGE
    )
    names = list(FILES)
    paths = [
        write_ssi_log(one.scores, folder / names[0], seed=SAMPLE_SEED),
        write_ssi_jsonl(one.scores.tail(90), folder / names[1]),
        write_creator_xlsx(one.outcomes, folder / names[2], start="2024-11-25", end="2025-12-21"),
        write_creator_xlsx(one.outcomes, folder / names[3], start="2025-11-24", end="2026-11-22"),
        write_hubspot_csv(one.deals, folder / names[4], seed=SAMPLE_SEED),
    ]
    team = simulate("team", seed=SAMPLE_SEED, days=364, start="2025-11-24", deal_rate=0.3)
    paths += [
        write_ssi_log(team.scores, folder / names[5], seed=SAMPLE_SEED + 1),
        write_salesforce_csv(team.deals, folder / names[6], seed=SAMPLE_SEED),
    ]
    (folder / "README.md").write_text(_readme(), encoding="utf-8")
    return paths


def _readme() -> str:
    lines = [
        "# Sample data (generated, no personal data)",
        "",
        "Written by `python -m ssi_analysis.simulate data/sample` from the simulator in",
        "`ssi_analysis/simulate/` (seed " + str(SAMPLE_SEED) + "); a test checks these files "
        "equal a fresh generation.",
        "The people are invented. The scenario says what truth the data was built with:",
        "`ssi_not_revenue` — SSI moves with reach and replies, pipeline and revenue do not;",
        "`team` — seniority raises both SSI and deal flow, with no within-person link.",
        "",
        f"A documented change: from {SAMPLE_CHANGE.start} (the last 13 weeks) Dana W. "
        f"{SAMPLE_CHANGE.label}.",
        "Her brand pillar (so SSI) and her reach (impressions, engagements, new followers) rise;",
        "the other pillars, replies, pipeline and revenue do not move "
        "(`notebooks/05_did_my_change_work.ipynb` measures it).",
        "",
        "Dana W.'s HubSpot export names her as the deal owner: load her other files with",
        '`person="Dana W."` (or `--person "Dana W."`) so that they meet '
        "(`ssi-analysis report --sample` does).",
        "",
        "| file | what it is | scenario |",
        "|---|---|---|",
    ]
    lines += [f"| `{name}` | {what} | `{scenario}` |" for name, (what, scenario) in FILES.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the sample data (``python -m ssi_analysis.simulate [FOLDER]``)."""
    parser = argparse.ArgumentParser(description="Write the bundled sample data.")
    parser.add_argument("folder", nargs="?", default="data/sample")
    args = parser.parse_args(argv)
    for path in write_sample(args.folder):
        print(f"wrote {path}")
    return 0
