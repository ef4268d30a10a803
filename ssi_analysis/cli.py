"""The ``ssi-analysis`` command.

Exit codes: 0 done, 1 the data has a problem (the message says which file, line and column),
2 the command was used wrongly (a wrong option, a path that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssi-analysis",
        description="Check whether your LinkedIn Social Selling Index moves with the outcomes "
        "that matter. SSI is an activity score, not a revenue metric.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = sub.add_parser(
        "load",
        help="load an SSI file or folder and print the load report and a summary",
        description="Load SSI scores (CSV, TSV, XLSX, JSON, JSONL; a file or a folder), print "
        "how every row was accounted for, and summarise each person's score.",
    )
    load.add_argument("path", nargs="+", help="file(s) or folder(s) with SSI captures")
    load.add_argument("--person", help="name for a one-person file (default: 'me')")
    order = load.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="read 03/04/2025 as 3 April",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="read 03/04/2025 as 4 March",
    )
    load.add_argument(
        "--drop",
        action="store_true",
        help="leave invalid rows out (listed in the report) instead of stopping",
    )
    report = sub.add_parser(
        "report",
        help="write the HTML correlation report (and its answers as CSV)",
        description="Load SSI and outcome exports, put them on one clock, test honestly how "
        "SSI and each pillar move with each outcome, and write one self-contained "
        "HTML file (code hidden, figures inline, opens offline) with the answer "
        "table as CSV beside it.",
    )
    source = report.add_mutually_exclusive_group(required=True)
    source.add_argument("--ssi", nargs="+", metavar="PATH", help="SSI file(s) or folder(s)")
    source.add_argument(
        "--sample", action="store_true", help="use the bundled sample data (data/sample)"
    )
    report.add_argument(
        "--outcomes",
        nargs="+",
        default=[],
        metavar="PATH",
        help="outcome exports: LinkedIn analytics, data archive, CRM deals",
    )
    report.add_argument(
        "--freq",
        choices=("W", "MS", "D"),
        default="W",
        help="W: Monday-Sunday weeks (default), MS: months, D: days",
    )
    report.add_argument("--out", default="report.html", help="the HTML file to write")
    report.add_argument(
        "--change",
        nargs=2,
        action="append",
        default=[],
        metavar=("DATE", "LABEL"),
        help='a change to check, e.g. --change 2026-03-02 "started posting 3x a week" '
        "(repeatable): adds a before/after section for SSI, each pillar and each outcome",
    )
    report.add_argument("--person", help="name for one person's files (default: 'me')")
    report.add_argument(
        "--anonymize",
        action="store_true",
        help="replace people's names with stable pseudonyms everywhere",
    )
    report.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="read 03/04/2025 as 3 April",
    )

    simulate = sub.add_parser(
        "simulate",
        help="write simulated data of known truth (the sample data by default)",
        description="Write the bundled sample data again (deterministic).",
    )
    simulate.add_argument("folder", nargs="?", default="data/sample")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    from ssi_analysis.errors import SSIDataError

    try:
        if args.command == "load":
            return _load(args)
        if args.command == "report":
            return _report(args)
        if args.command == "simulate":
            from ssi_analysis.simulate.sample import main as write_sample

            return write_sample([args.folder])
    except SSIDataError as exc:
        print(f"ssi-analysis: the data has a problem.\n{exc}", file=sys.stderr)
        return EXIT_DATA
    except FileNotFoundError as exc:
        print(f"ssi-analysis: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands first


def _load(args: argparse.Namespace) -> int:
    from ssi_analysis.schema.ssi import load_ssi
    from ssi_analysis.stats.describe import describe_scores

    source = args.path[0] if len(args.path) == 1 else args.path
    scores = load_ssi(
        source, person=args.person, dayfirst=args.dayfirst, errors="drop" if args.drop else "raise"
    )
    print(scores.attrs["load_report"])
    print()
    for row in describe_scores(scores).itertuples(index=False):
        print(_summary(row))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    import pandas as pd

    from ssi_analysis.present.report import build_report
    from ssi_analysis.schema.outcomes import load_outcomes
    from ssi_analysis.schema.ssi import load_ssi

    for when, _ in args.change:
        try:
            pd.Timestamp(when)
        except ValueError:
            print(
                f"ssi-analysis: --change {when!r} is not a date (use e.g. 2026-03-02)",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.sample:
        ssi_paths, outcome_paths = _sample_paths()
        args.person = args.person or "Dana W."  # the sample's seller, as her CRM names her
    else:
        ssi_paths, outcome_paths = args.ssi, args.outcomes
    # Read everything here first: a data problem ends with its message, not with a
    # traceback from inside the notebook.
    print("checking the data ...", file=sys.stderr)
    load_ssi(ssi_paths, person=args.person, dayfirst=args.dayfirst)
    if outcome_paths:
        load_outcomes(outcome_paths, person=args.person, dayfirst=args.dayfirst)
    print("running the analysis ...", file=sys.stderr)
    html, csv = build_report(
        ssi_paths,
        outcome_paths,
        out=args.out,
        freq=args.freq,
        anonymize=args.anonymize,
        person=args.person,
        dayfirst=args.dayfirst,
        changes=args.change,
    )
    print(f"wrote {html}\nwrote {csv}")
    return EXIT_OK


def _sample_paths() -> tuple[list[str], list[str]]:
    """Find the bundled sample (data/sample here), or write an identical copy elsewhere."""
    import tempfile
    from pathlib import Path

    folder = Path("data/sample")
    if not (folder / "ssi_log.csv").exists():
        from ssi_analysis.simulate.sample import write_sample

        folder = Path(tempfile.mkdtemp(prefix="ssi-sample-"))
        write_sample(folder)
    outcomes = [*sorted(folder.glob("Content_*.xlsx")), *sorted(folder.glob("hubspot-*.csv"))]
    return [str(folder / "ssi_log.csv")], [str(p) for p in outcomes]


def _summary(row) -> str:
    lines = [
        f"{row.person}: {row.first_date:%Y-%m-%d} to {row.last_date:%Y-%m-%d} — "
        f"{row.days_scored} of {row.days_span} days have a score; {row.missing_days} missing "
        f"in {row.gaps} gap{'s' if row.gaps != 1 else ''} (longest {row.longest_gap} days)",
    ]
    if row.ssi == row.ssi:  # not NaN
        lines.append(
            f"  latest ({row.latest_date:%Y-%m-%d}): SSI {row.ssi:.0f} — brand {row.brand:.1f}, "
            f"people {row.people:.1f}, insights {row.insights:.1f}, "
            f"relationships {row.relationships:.1f} (each out of 25)"
        )
        change = (
            "not enough history for a 4-week change"
            if row.change != row.change
            else f"{row.change:+.0f} points over 4 weeks"
        )
        lines.append(f"  {change}; the score is {row.band} (marks at 40 and 70)")
    else:
        lines.append("  no capture with a score")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
