"""The bundled sample data: ``python -m ssi_analysis.simulate [FOLDER]`` writes it again.

- one person ("Dana W.") over two years, scenario ``ssi_not_revenue``: an SSI log (wide CSV
  with failed captures and missed days), the last 90 days as SSI page JSON lines, two
  overlapping creator analytics exports, a HubSpot deals export, and her LinkedIn data
  archive (the activity that drove her pillars). From 24 August 2026
  she posts three times as often (:data:`SAMPLE_CHANGE`): her brand pillar and reach rise,
  her pipeline does not (``notebooks/05_did_my_change_work.ipynb``);
- a team of 12 over one year, scenario ``team``: a team SSI log (with Region and Manager
  columns, :data:`TEAM_GROUPS`) and a Salesforce report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ssi_analysis.simulate.model import Change, simulate
from ssi_analysis.simulate.texture import daily_texture
from ssi_analysis.simulate.writers import (
    write_archive,
    write_creator_xlsx,
    write_hubspot_csv,
    write_salesforce_csv,
    write_ssi_jsonl,
    write_ssi_log,
)

#: Dana's seed, picked by a fixed rule (:data:`SEED_RULE`): the first seed from
#: :data:`SEED_START` whose report shows no false link and still teaches its lessons.
SAMPLE_SEED = 20260437
SEED_START = 20260427
#: How :data:`SAMPLE_SEED` was picked (written into data/sample/README.md). Each seed's files are
#: written and read back as ``ssi-analysis report --sample`` reads them; the seed is kept when
#: (1) no cell of the pipeline and revenue questions (where the world has no link at all) is
#: "linked", (2) none of those cells' effect intervals excludes 0, (3) notebook 05's lesson
#: shows (her brand pillar and reach change after 24 August 2026, her find-people pillar does
#: not) and (4) the planted links of SSI to reach and replies are found.
SEED_RULE = (
    "the first seed from {start} whose report, read from its own files, has (1) no "
    '"linked" cell in the pipeline and revenue questions (deals there ignore every score), '
    "(2) no effect interval of those cells that excludes 0, (3) notebook 05's change found "
    "(brand pillar and reach moved after the change date, the find-people pillar did not) "
    "and (4) the planted links of SSI to reach and to replies found"
)
#: The team's seed (its files did not change when Dana's seed did).
TEAM_SEED = 20260432
START, DAYS = "2024-11-25", 728  # two years of whole weeks, ending Sunday 2026-11-22
#: Dana's documented change: the last 13 weeks, three times as many posts.
SAMPLE_CHANGE = Change("2026-08-24", "started posting three times as often", posts=3.0)
ARCHIVE = "Basic_LinkedInDataExport_11-23-2026.zip"
#: The team file's group columns (``--group-by Region``): three regions of four sellers, two
#: managers of six; unrelated to the simulated truth, so no group differs but by chance.
TEAM_GROUPS = {"Region": ["North", "South", "West"], "Manager": ["Ana K.", "Ben T."]}
#: The day-to-day texture of the real logs in ``../shared/real/ssi`` (measured with
#: :func:`~ssi_analysis.simulate.texture.daily_texture`; a test measures them again).
REAL_TEXTURE = {
    "wide_daily_with_failed_scrapes.csv": {
        "days_compared": 5,
        "median_abs_change": 0.0,
        "unchanged": 0.8,
        "within_1": 0.8,
        "jump_5": 0.2,
        "largest_pillar_step": 5.9,
    },
    "daily_long_ptbr": {
        "days_compared": 1,
        "median_abs_change": 1.0,
        "unchanged": 0.0,
        "within_1": 1.0,
        "jump_5": 0.0,
        "largest_pillar_step": 0.75,
    },
}

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
    ARCHIVE: (
        "Dana W.'s LinkedIn data archive: posts, comments, reactions, invitations (both ways), "
        "connections and messages, one row per event; the activity that drove her pillars",
        "ssi_not_revenue",
    ),
    "team/team_ssi_log.csv": (
        "a team of 12 sellers' daily SSI log with Name, Region and Manager columns (three "
        "regions of four sellers, two managers of six: try --group-by Region), one year",
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
        write_archive(one, folder / ARCHIVE, seed=SAMPLE_SEED),
    ]
    team = simulate(
        "team", seed=TEAM_SEED, days=364, start="2025-11-24", deal_rate=0.3, groups=TEAM_GROUPS
    )
    paths += [
        write_ssi_log(team.scores, folder / names[6], seed=TEAM_SEED + 1),
        write_salesforce_csv(team.deals, folder / names[7], seed=TEAM_SEED),
    ]
    from ssi_analysis.schema.ssi import load_ssi

    texture = daily_texture(load_ssi(folder / names[0], person="Dana W.")).iloc[0]
    (folder / "README.md").write_text(_readme(texture), encoding="utf-8")
    return paths


def _share(value: float) -> str:
    return f"{100 * value:.0f} %"


def _readme(texture) -> str:
    from ssi_analysis.simulate import model

    lines = [
        "# Sample data (generated, no personal data)",
        "",
        "Written by `python -m ssi_analysis.simulate data/sample` from the simulator in",
        "`ssi_analysis/simulate/` (Dana W.: seed "
        + str(SAMPLE_SEED)
        + "; the team: seed "
        + str(TEAM_SEED)
        + "); a test checks these files equal a fresh generation.",
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
        "Dana W.'s seed was picked by a fixed rule (`SEED_RULE` in",
        "`ssi_analysis/simulate/sample.py`): " + SEED_RULE.format(start=SEED_START) + ".",
        f"Seeds {SEED_START} to {SAMPLE_SEED - 1} each failed it; {SAMPLE_SEED} is the first",
        "that passes. The earlier sample (seed 20260432) showed her engage-with-insights pillar",
        '"linked" to deals won and revenue won by chance. Chance links are not rare: over 100',
        "seeds of her world, `tests/test_sample_data.py` measures how often a pipeline or",
        'revenue cell reads "linked" (held at 5 % + 3 s.e.). Tests check the truths the',
        "simulator planted, not this choice.",
        "",
        "Dana W.'s HubSpot export names her as the deal owner: load her other files with",
        '`person="Dana W."` (or `--person "Dana W."`) so that they meet '
        "(`ssi-analysis report --sample` does).",
        "",
        "| file | what it is | scenario |",
        "|---|---|---|",
    ]
    lines += [f"| `{name}` | {what} | `{scenario}` |" for name, (what, scenario) in FILES.items()]
    drivers = "; ".join(
        f"{pillar} ← {' and '.join(kinds)}" for pillar, kinds in model.DRIVERS.items()
    )
    lines += [
        "",
        "## The model",
        "",
        "Day by day: the seller's activity (posts, comments, reactions, searches, invitations,",
        "messages) is Poisson around a rate that follows her effort (busy and quiet stretches,",
        "quieter weekends). Invitations become connections when accepted (a few days later);",
        "some conversations she opens get a reply within a week. Each pillar counts its own",
        f"activity over the last weeks ({drivers}; a day's activity counts half after "
        + ", ".join(f"{days} days for {pillar}" for pillar, days in model.HALF_LIFE.items())
        + "), with diminishing returns up to 25 points. LinkedIn does not",
        f"recompute every pillar every day: each is refreshed on a day with chance "
        f"{model.REFRESH:g} and holds its value in between. Reach follows her posts; deals",
        "come from a market process that ignores her SSI (`ssi_analysis/simulate/model.py`).",
        "",
        "## Day-to-day texture, simulated and real",
        "",
        "Measured by `ssi_analysis.simulate.texture.daily_texture` on consecutive days that",
        "both have a score, on the total as the log has it (rounded, as the SSI page shows it).",
        "The real logs are the two in `../shared/real/ssi` (not shipped; a test measures them",
        "again): they are short, so their shares rest on a handful of days.",
        "",
        "| log | days compared | median daily change | unchanged | ±1 or less | 5+ points "
        "| largest pillar step |",
        "|---|---|---|---|---|---|---|",
        f"| `ssi_log.csv` (simulated) | {texture['days_compared']} | "
        f"{texture['median_abs_change']:g} | {_share(texture['unchanged'])} | "
        f"{_share(texture['within_1'])} | {_share(texture['jump_5'])} | "
        f"{texture['largest_pillar_step']:.2f} |",
    ]
    lines += [
        f"| real: `{name}` | {t['days_compared']} | {t['median_abs_change']:g} | "
        f"{_share(t['unchanged'])} | {_share(t['within_1'])} | {_share(t['jump_5'])} | "
        f"{t['largest_pillar_step']:.2f} |"
        for name, t in REAL_TEXTURE.items()
    ]
    lines += [
        "",
        "## The archive",
        "",
        f"`{ARCHIVE}` is the zip LinkedIn's *Download your data* sends, in its layout",
        "(`Profile.csv`, `Connections.csv` with its note lines, `Invitations.csv`,",
        "`messages.csv`, `Shares.csv`, `Comments.csv`, `Reactions.csv`). Every event the",
        "simulator drew is one row on its day, so `load_outcomes` gives back the activity",
        "that drove her pillars: `posts_published`, `comments_written`, `reactions_given`,",
        "`invitations_sent`, `connections_added` and `messages_sent` (a test compares them",
        "week by week), plus what the kit derives (`replies_received`, `invitations_accepted`,",
        "`outreach_sent`). Searches (profile views) drive the find-people pillar but are not",
        "in the archive, as LinkedIn does not export them. Her inbox also holds what is not",
        "a reply to her outreach: a second message in some answered conversations and",
        "conversations others opened that she left unanswered, so `messages_received` (every",
        "message to her) is not `replies_received` (first answers to conversations she opened).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the sample data (``python -m ssi_analysis.simulate [FOLDER]``)."""
    parser = argparse.ArgumentParser(description="Write the bundled sample data.")
    parser.add_argument("folder", nargs="?", default="data/sample")
    args = parser.parse_args(argv)
    for path in write_sample(args.folder):
        print(f"wrote {path}")
    return 0
