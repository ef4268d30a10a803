"""The ``ssi-analysis`` command.

Exit codes: 0 done, 1 the data has a problem (the message says which file, line and column),
2 the command was used wrongly (a wrong option, a path that does not exist).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ssi_analysis.exceptions import GroupByError, OutputError, ReportError, SSIDataError
from ssi_analysis.names import which_figure

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
#: Stopped by Ctrl-C (128 + SIGINT), as shells report it; SIGTERM gives 128 + 15.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so that the outputs' cleanup runs as for Ctrl-C."""


def _on_sigterm(signum, frame):  # pragma: no cover - exercised in a subprocess
    raise Stopped()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssi-analysis",
        description="Check whether your LinkedIn Social Selling Index moves with the outcomes "
        "that matter. SSI is an activity score, not a revenue metric.",
    )
    from ssi_analysis import __version__

    parser.add_argument("--version", action="version", version=f"ssi-analysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    load = sub.add_parser(
        "load",
        help="load an SSI file or folder and print the load report and a summary",
        description="Load SSI scores (CSV, TSV, XLSX, JSON, JSONL; a file or a folder), print "
        "how every row was accounted for, and summarise each person's score.",
    )
    load.add_argument("path", nargs="+", help="file(s) or folder(s) with SSI captures")
    load.add_argument("--person", help="name for a one-person file (default: 'me')")
    _reading_options(load)
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
        "--sample",
        action="store_true",
        help="use the sample data that ships with the kit (one seller, Dana W.; "
        "'ssi-analysis simulate FOLDER' writes its files into a folder you can open)",
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
    report.add_argument(
        "--out",
        default="report.html",
        help="the HTML file to write (default: report.html in the current folder; the "
        "answers go beside it as <name>_answers.csv)",
    )
    report.add_argument(
        "--person",
        help="name for one person's files (default: 'me'); with a CRM export of several "
        "owners, the owner's name as the CRM writes it",
    )
    report.add_argument(
        "--change",
        nargs=2,
        action="append",
        default=[],
        metavar=("DATE", "LABEL"),
        help='a change to check, e.g. --change 2026-03-02 "started posting 3x a week" '
        "(repeatable): adds a before/after section for SSI, each pillar and each outcome",
    )
    report.add_argument(
        "--until",
        action=_Until,
        type=_day,
        metavar="DATE",
        help="the last day of the --change before it, for an event that ended (a holiday "
        'week, a month of going quiet): --change 2026-08-10 --until 2026-08-16 "holiday"; '
        "without it, the change lasts to the end of the data",
    )
    report.add_argument(
        "--experiment",
        metavar="SCHEDULE",
        help="the schedule.csv of your own experiment (ssi-analysis plan): the report then "
        "leads with what changed between your weeks of each arm",
    )
    report.add_argument(
        "--washout",
        type=int,
        default=0,
        metavar="WEEKS",
        help="with --experiment: weeks left out after each switch of arm (default 0)",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="replace files in the way that the kit did not write (by default the kit only "
        "replaces its own earlier outputs, as its manifest recorded them)",
    )
    report.add_argument(
        "--anonymize",
        action="store_true",
        help="replace people's names (in the files and as typed in --person, --people, "
        "--exclude) and file names with pseudonyms in every output; the manifest keeps file "
        "names without folders. The pseudonyms are random for each run unless a key is given",
    )
    report.add_argument(
        "--anonymize-key",
        dest="anonymize_key",
        metavar="SECRET",
        help="a secret of yours that keys the pseudonyms, to get the same ones next time "
        "(default: the environment variable SSI_ANONYMIZE_KEY; never written to any output)",
    )
    _reading_options(report)
    _analysis_options(report)

    simulate = sub.add_parser(
        "simulate",
        help="write simulated data of known truth (the sample data by default)",
        description="Write the bundled sample data again (deterministic): one seller's SSI "
        "log, LinkedIn analytics and CRM deals, made with SSI driving reach but not pipeline.",
    )
    simulate.add_argument(
        "folder",
        nargs="?",
        default="data/sample",
        help="the folder to write the sample files into (created if needed; default: data/sample)",
    )
    _workshop_parser(sub)
    notebooks = sub.add_parser(
        "notebooks",
        help="copy the marketer notebooks and the sample data they open into a folder",
        description="Copy the notebooks that run the kit on your own files (shipped with the "
        "kit) into FOLDER/notebooks, with the sample data they open in FOLDER/data/sample; "
        "then run jupyter lab in FOLDER and point each notebook's first cell at your files.",
    )
    notebooks.add_argument("--out", required=True, help="folder to write (created if needed)")
    _plan_parser(sub)
    return parser


def _plan_parser(sub) -> None:
    plan = sub.add_parser(
        "plan",
        help="plan your own experiment: a random schedule of weeks to try something new",
        description="Draw a randomised switchback plan (blocks of weeks that alternate between "
        "your usual activity and the change you want to test, in a random order) and write it "
        "as schedule.csv, a calendar (schedule.ics: import it into Google Calendar or Outlook) "
        "and a printable page (plan.html) that says what this length can detect. Afterwards "
        "ssi-analysis report ... --experiment DIR/schedule.csv gives the answer.",
    )
    plan.add_argument("--weeks", type=int, required=True, help="length in weeks (e.g. 24)")
    plan.add_argument(
        "--arms",
        nargs=2,
        default=["usual", "more"],
        metavar=("USUAL", "CHANGE"),
        help='your usual weeks and the change, in words (e.g. usual "3 posts a week")',
    )
    plan.add_argument(
        "--block", type=int, default=2, help="weeks per block (default 2: reach settles)"
    )
    plan.add_argument(
        "--measure",
        default="impressions",
        help="the measure the change is meant to move, chosen now (default impressions; e.g. "
        "replies_received, deals_created): tested on its own at the end, the others as a "
        "family that allows for their number",
    )
    plan.add_argument(
        "--start",
        help="the first Monday, YYYY-MM-DD (default: the next Monday from today, or the "
        "first after the holidays, 18 December to 8 January, when the next one falls in them)",
    )
    plan.add_argument(
        "--seed",
        type=int,
        help="the randomiser's seed (default: a new random one, printed and stored in the "
        "schedule); choose it before you look at the schedule",
    )
    plan.add_argument("--out", required=True, help="folder to write (created if needed)")
    plan.add_argument("--force", action="store_true", help="replace a plan already in the folder")


def _reading_options(parser: argparse.ArgumentParser) -> None:
    order = parser.add_mutually_exclusive_group()
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
    parser.add_argument(
        "--drop",
        action="store_true",
        help="leave invalid rows out (listed in the report) instead of stopping",
    )


def _lags(text: str) -> tuple[int, ...]:
    """``0-8`` or ``0,1,4`` -> the lags (whole periods, 0 or more)."""
    try:
        if "-" in text.strip("-"):
            low, high = (int(v) for v in text.split("-", 1))
            lags = tuple(range(low, high + 1))
        else:
            lags = tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        lags = ()
    if not lags or min(lags) < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a lag range: write 0-8 (every lag from 0 to 8) or 0,1,4"
        )
    return lags


def _scores(text: str) -> tuple[str, ...]:
    from ssi_analysis.stats.answers import SCORES

    chosen = tuple(v.strip().lower() for v in text.split(",") if v.strip())
    wrong = [v for v in chosen if v not in SCORES]
    if not chosen or wrong:
        raise argparse.ArgumentTypeError(
            f"{', '.join(map(repr, wrong)) or repr(text)}: the scores are {', '.join(SCORES)} "
            "(comma-separated, e.g. ssi,people)"
        )
    return chosen


def _day(text: str):
    import pandas as pd

    from ssi_analysis.schema.coerce import date_window

    try:
        day = pd.Timestamp(text).normalize()
    except (TypeError, ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None
    first, last = date_window()
    if not first <= day <= last:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside {first:%Y-%m-%d} to {last:%Y-%m-%d} (LinkedIn began in "
            f"{first:%Y}): check the year"
        )
    return day


class _Until(argparse.Action):
    """``--until DATE``: the end of the ``--change`` given just before it."""

    def __call__(self, parser, namespace, value, option_string=None):
        import pandas as pd

        if not namespace.change:
            parser.error("--until: give it after the --change DATE LABEL whose end it is")
        index = len(namespace.change) - 1
        until = dict(getattr(namespace, "until", None) or {})
        if index in until:
            parser.error("--until: one per --change (give each change its own --until)")
        when = namespace.change[index][0]
        try:
            before = value < pd.Timestamp(when).normalize()
        except ValueError:
            before = False  # the --change date itself is refused with its own message later
        if before:
            parser.error(f"--until {value:%Y-%m-%d} is before its --change date {when}")
        until[index] = value
        setattr(namespace, self.dest, until)


def _changes(args: argparse.Namespace) -> list[tuple[str, str]]:
    """Return the report's changes: ``(date, label)``, or ``("start/end", label)`` (--until).

    ``start/end`` is ISO 8601's notation of a time interval.
    """
    until = args.until or {}
    return [
        (f"{when}/{until[i]:%Y-%m-%d}" if i in until else when, label)
        for i, (when, label) in enumerate(args.change)
    ]


def _names(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def _analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lags",
        type=_lags,
        default=(0, 1, 2, 3, 4),
        metavar="RANGE",
        help="lags scanned, in periods with SSI leading: 0-8 or 0,1,4 (default: 0-4)",
    )
    parser.add_argument(
        "--scores",
        type=_scores,
        default=None,
        metavar="LIST",
        help="scores tested, e.g. ssi,people (default: SSI and the four pillars: ssi, brand, "
        "people, insights, relationships)",
    )
    parser.add_argument(
        "--from", dest="start", type=_day, metavar="DATE", help="first day analysed"
    )
    parser.add_argument("--to", dest="end", type=_day, metavar="DATE", help="last day analysed")
    parser.add_argument(
        "--people",
        type=_names,
        metavar="NAMES",
        help="only these people, comma-separated as the files write them",
    )
    parser.add_argument(
        "--exclude", type=_names, metavar="NAMES", help="leave these people out, comma-separated"
    )
    parser.add_argument(
        "--group-by",
        dest="group_by",
        metavar="COLUMN",
        help="a column of the team's SSI file with one value per seller (e.g. Region): the "
        "team report answers per group as well as overall",
    )


def _workshop_parser(sub) -> None:
    workshop = sub.add_parser(
        "workshop",
        help="write the workshop pack: notebooks, pre-rendered pages, handout, data",
        description="Write the 90-minute workshop pack: the teacher notebooks, participant "
        "copies without the answers, every teacher notebook run and rendered as HTML (for "
        "participants without Python), the printable handout, the take-home page with a CSV "
        "template, and the simulated data each notebook shows.",
    )
    workshop.add_argument("--out", required=True, help="folder to write (created if needed)")
    workshop.add_argument(
        "--force",
        action="store_true",
        help="replace files in the folder that the kit did not write (or that were edited "
        "since); by default only a new or empty folder, or one the kit wrote, is used",
    )
    workshop.add_argument(
        "--quick", action="store_true", help="small simulation counts (a slow laptop)"
    )
    workshop.add_argument(
        "--no-run",
        dest="execute",
        action="store_false",
        help="render the notebooks without running them (no outputs in the HTML)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Ctrl-C ends with one line and exit code 130, SIGTERM with 143; the outputs being written
    are removed first (:func:`~ssi_analysis.present.outputs.write_set`).
    """
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (a notebook's worker): leave signals alone
        previous = None
    from ssi_analysis.present.outputs import COMMITTED

    COMMITTED.clear()
    try:
        return _run(argv)
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Stopped)
        how = "terminated" if terminated else "Ctrl-C"
        if COMMITTED:  # the stop came while the set was being put in place: it was finished
            said = f"after the new outputs were complete ({len(COMMITTED)} files written)."
        else:
            said = "no new output was kept (earlier outputs, if any, are as they were)."
        print(f"ssi-analysis: stopped ({how}); {said}", file=sys.stderr)
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    args.command_line = ["ssi-analysis", *(sys.argv[1:] if argv is None else argv)]
    try:
        if args.command == "load":
            return _load(args)
        if args.command == "report":
            return _report(args)
        if args.command == "simulate":
            from ssi_analysis.simulate.sample import main as write_sample

            return write_sample([args.folder])
        if args.command == "workshop":
            return _workshop(args)
        if args.command == "notebooks":
            return _notebooks(args)
        if args.command == "plan":
            return _plan(args)
    except BrokenPipeError:
        # the reader of our output went away (``ssi-analysis load x | head``): nothing to say
        # to it; stop quietly, and keep Python from complaining at exit
        _quiet_stdout()
        return EXIT_OK
    except EXPECTED as exc:
        code, message = exit_for(exc, args)
        print(f"ssi-analysis: {message}", file=sys.stderr)
        return code
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands first


def _data_words(exc: BaseException, args: argparse.Namespace) -> str:
    return data_message(exc, dropped=bool(getattr(args, "drop", False)))


def _memory_words(exc: BaseException, args: argparse.Namespace) -> str:
    return (
        "the computer ran out of memory reading the data; nothing was written. Check that "
        "the files are the exports you meant (no export is this large), or give fewer of "
        "them at once."
    )


def _write_words(exc: BaseException, args: argparse.Namespace) -> str:
    from ssi_analysis.present.outputs import describe_write_error

    where = Path(exc.filename) if exc.filename else Path(getattr(args, "out", "?"))
    return describe_write_error(where, exc)


def _as_said(exc: BaseException, args: argparse.Namespace) -> str:
    return str(exc)


#: The one table from an exception to the command's exit code and its message (the first row
#: whose class matches wins, so a subclass comes before its base). Every class here comes from
#: :mod:`ssi_analysis.exceptions` or the standard library: catching them loads no statistics.
EXIT_CODES: tuple[tuple[type[BaseException], int, Callable[..., str]], ...] = (
    (SSIDataError, EXIT_DATA, _data_words),
    (FileNotFoundError, EXIT_USAGE, _as_said),
    (OutputError, EXIT_USAGE, _as_said),
    (GroupByError, EXIT_USAGE, _as_said),  # a column the file does not have: a usage mistake
    (ReportError, EXIT_DATA, _as_said),
    (MemoryError, EXIT_DATA, _memory_words),
    (OSError, EXIT_DATA, _write_words),  # a full disk, a file that cannot be read or written
)
EXPECTED = tuple(kind for kind, _, _ in EXIT_CODES)


def exit_for(exc: BaseException, args: argparse.Namespace) -> tuple[int, str]:
    """Return the exit code and the message (without the ``ssi-analysis:`` prefix) for ``exc``.

    Examples
    --------
    >>> from ssi_analysis.exceptions import GroupByError
    >>> exit_for(GroupByError("no column 'Region'"), argparse.Namespace())
    (2, "no column 'Region'")
    """
    for kind, code, words in EXIT_CODES:
        if isinstance(exc, kind):
            return code, words(exc, args)
    raise exc  # pragma: no cover - only the table's classes are caught


def _quiet_stdout() -> None:
    """Point stdout at /dev/null after a closed pipe, so the final flush does not fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass


DROP_ADVICE = "load with errors='drop' to skip the bad rows"


def data_message(exc, *, dropped: bool = False) -> str:
    """Word a data error for the command line: its flags, not the Python arguments.

    A problem with a whole file (no line, the header, no data rows) cannot be skipped row by
    row: no ``--drop`` advice then, nor when ``--drop`` was given (``dropped``). The Python
    ``.problems`` table is not named: the command line has none.
    """
    message = str(exc)
    lines = message.splitlines()
    found = exc.problems
    # A row-level problem has a data line; the header (line 1), a file without data rows or
    # a file that cannot be opened cannot be helped by skipping rows.
    row_level = (
        found["line"].notna()
        & (found["line"].fillna(0) > 1)
        & ~found["problem"].astype(str).str.contains("no data rows")
    )
    whole_file = len(found) > 0 and not row_level.any()
    lines = [line.replace(" (all are in the error's .problems table)", "") for line in lines]
    advice = [line for line in lines if DROP_ADVICE in line]
    if (whole_file or dropped) and advice:
        lines = [line for line in lines if line not in advice]
        lines.append("Fix the file, or give the right one, and run again.")
    else:
        lines = [
            line.replace(DROP_ADVICE, "run again with --drop to leave the bad rows out")
            for line in lines
        ]
    return "\n".join(lines)


def _load(args: argparse.Namespace) -> int:
    from ssi_analysis.schema.ssi import load_ssi

    source = args.path[0] if len(args.path) == 1 else args.path
    scores = load_ssi(
        source, person=args.person, dayfirst=args.dayfirst, errors="drop" if args.drop else "raise"
    )
    print(scores.attrs["load_report"])
    print()
    from ssi_analysis.schema.summary import coverage_in_log_unit

    coverage = coverage_in_log_unit(scores).set_index("person")
    for row in person_summaries(scores).itertuples(index=False):
        print(_summary(row, coverage.loc[row.person]))
    return EXIT_OK


def person_summaries(scores, *, weeks: int = 4):
    """:func:`ssi_analysis.schema.summary.person_summaries` (imported when first used)."""
    from ssi_analysis.schema.summary import person_summaries as summaries

    return summaries(scores, weeks=weeks)


def _report(args: argparse.Namespace) -> int:
    for when, _ in args.change:
        try:
            _day(when)
        except argparse.ArgumentTypeError as exc:
            print(f"ssi-analysis: --change {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.experiment is not None and args.freq != "W":
        print(
            f"ssi-analysis: --experiment compares weeks; leave out --freq {args.freq} "
            "(weeks are the default).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.washout < 0 or (args.washout and args.experiment is None):
        print(
            "ssi-analysis: --washout is a number of weeks, 0 or more, left out after each "
            f"switch of an --experiment's arm; got {args.washout}"
            + (" without --experiment." if args.washout >= 0 else "."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.start is not None and args.end is not None and args.end < args.start:
        print(
            f"ssi-analysis: --to {args.end:%Y-%m-%d} is before --from {args.start:%Y-%m-%d}.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.sample:
        import tempfile

        # outside the repository the sample is written to a folder removed after the run
        with tempfile.TemporaryDirectory(prefix="ssi-sample-") as spare:
            ssi_paths, outcome_paths = _sample_paths(Path(spare))
            args.person = args.person or "Dana W."  # the sample's seller, as her CRM names her
            return _report_on(args, ssi_paths, outcome_paths)
    return _report_on(args, args.ssi, args.outcomes)


def _report_on(args: argparse.Namespace, ssi_paths, outcome_paths) -> int:
    from ssi_analysis.present.outputs import input_snapshot, plan_outputs
    from ssi_analysis.present.report import build_report

    # Before any work: the report and its CSV must not land on an input or in its folder.
    outputs = plan_outputs(args.out, [*ssi_paths, *outcome_paths], force=args.force)
    # every output that replaces a file says so (not only the page)
    existed = {path.resolve() for path in [outputs.html, *outputs.files.values()] if path.exists()}
    snapshot = input_snapshot([*ssi_paths, *outcome_paths])
    # The data is read once, in this process: a data problem ends with its message.
    print("reading the data and running the analysis ...", file=sys.stderr)
    from ssi_analysis.present.progress import Steps

    # each step named, with the time so far (on a terminal only)
    with Steps(4 + len(args.change) + bool(args.experiment)) as step:
        html, csv = build_report(
            ssi_paths,
            outcome_paths,
            out=args.out,
            freq=args.freq,
            anonymize=args.anonymize,
            person=args.person,
            dayfirst=args.dayfirst,
            errors="drop" if args.drop else "raise",
            snapshot=snapshot,
            changes=_changes(args),
            lags=args.lags,
            command=args.command_line,
            score_columns=args.scores,
            start=args.start,
            end=args.end,
            people=args.people,
            exclude=args.exclude,
            group_by=args.group_by,
            experiment=args.experiment,
            washout=args.washout,
            force=args.force,
            anonymize_key=args.anonymize_key,
            progress=step,
        )

    def said(path) -> str:
        return f"{'replaced' if Path(path).resolve() in existed else 'wrote'} {path}"

    print(f"{said(html)}\n{said(csv)}")
    for role, path in outputs.files.items():
        if role not in ("page", "answers_csv"):
            print(said(path))
    return EXIT_OK


def _workshop(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ssi_analysis.present.workshop import check_pack_folder, pack_names, write_pack
    from ssi_analysis.simulate.lessons import example_csvs, example_makers

    out = Path(args.out)
    # before any work (the examples' data takes seconds to simulate): only a new or empty
    # folder, or one the kit wrote
    names = [f"data/{name}" for name in example_makers()]
    check_pack_folder(out, [*pack_names(), *names], force=args.force)
    # the weekly data each notebook shows, named by notebook (never by simulated world)
    extra = {f"data/{name}": text for name, text in example_csvs().items()}
    print(
        "writing the workshop pack (running the notebooks takes a few minutes; each is named "
        "as it starts) ..."
    )
    written = write_pack(
        out, execute=args.execute, quick=args.quick, extra=extra, force=args.force, progress=True
    )
    print(f"wrote {len(written)} files to {out}")
    return EXIT_OK


def _notebooks(args: argparse.Namespace) -> int:
    """Copy the marketer notebooks beside the sample data, laid out as in the repository."""
    import shutil
    import tempfile

    from ssi_analysis.present.workshop import notebook_folder

    out = Path(args.out)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    copied = [
        Path(shutil.copy2(path, out / "notebooks" / path.name))
        for path in sorted(notebook_folder("marketer").glob("*.ipynb"))
    ]
    # The notebooks open ../data/sample/...: the bundled sample, laid out as in the repository.
    with tempfile.TemporaryDirectory(prefix="ssi-sample-") as spare:
        shutil.copytree(sample_folder(Path(spare)), out / "data" / "sample", dirs_exist_ok=True)
    print(
        f"wrote {len(copied)} notebooks to {out / 'notebooks'} and the sample data to "
        f"{out / 'data' / 'sample'}; run: jupyter lab {out}"
    )
    return EXIT_OK


def sample_folder(spare: Path) -> Path:
    """Find the bundled sample: shipped in the installed kit, or data/sample in a checkout.

    Written afresh (the same files: the simulator is deterministic) into ``spare`` (a folder
    the caller removes) when neither is there.
    """
    from importlib.resources import files

    shipped = files("ssi_analysis").joinpath("sample")
    checkout = Path(__file__).resolve().parents[1] / "data" / "sample"
    for folder in (Path(str(shipped)), checkout):
        if (folder / "ssi_log.csv").is_file():
            return folder
    from ssi_analysis.simulate.sample import write_sample

    write_sample(spare)
    return spare


def _sample_paths(spare: Path) -> tuple[list[str], list[str]]:
    """Return the sample seller's SSI log and outcome exports (see :func:`sample_folder`)."""
    folder = sample_folder(spare)
    outcomes = [
        *sorted(folder.glob("Content_*.xlsx")),
        *sorted(folder.glob("hubspot-*.csv")),
        *sorted(folder.glob("Basic_LinkedInDataExport_*.zip")),  # her activity
    ]
    return [str(folder / "ssi_log.csv")], [str(p) for p in outcomes]


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def _summary(row, coverage=None) -> str:
    """One person's coverage (in the log's own unit: a weekly log counts weeks) and latest."""
    if coverage is None:  # in days, as describe_scores counts them
        coverage = {"unit": "day", "span": row.days_span, "scored": row.days_scored,
                    "missing": row.missing_days, "gaps": row.gaps,
                    "longest_gap": row.longest_gap}  # fmt: skip
    unit, gaps = coverage["unit"], int(coverage["gaps"])
    lines = [
        f"{row.person}: {row.first_date:%Y-%m-%d} to {row.last_date:%Y-%m-%d} — "
        f"{coverage['scored']} of {_count(int(coverage['span']), unit)} "
        f"{'has' if coverage['scored'] == 1 else 'have'} a score"
        + (
            f"; {coverage['missing']} missing in {_count(gaps, 'gap')} "
            f"(longest {_count(int(coverage['longest_gap']), unit)})"
            if gaps
            else "; none missing"
        ),
    ]
    if row.ssi == row.ssi:  # not NaN
        lines.append(
            f"  {which_figure('latest', row.latest_date)}: SSI {row.ssi:.0f} — "
            f"brand {row.brand:.1f}, "
            f"people {row.people:.1f}, insights {row.insights:.1f}, "
            f"relationships {row.relationships:.1f} (each out of 25)"
        )
        change = (
            "not enough history for a 4-week change"
            if row.change != row.change
            else "no change over 4 weeks"
            if round(row.change) == 0
            else f"{row.change:+.0f} point{'s' if abs(round(row.change)) != 1 else ''} over 4 weeks"
        )
        lines.append(f"  {change}; the score is {row.band} (marks at 40 and 70)")
    else:
        lines.append("  no capture with a score")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def _plan(args: argparse.Namespace) -> int:
    """Draw and write an experiment plan; never replace a plan already drawn without --force.

    A plan's value is its randomisation: silently drawing a new one over the schedule someone
    is following would change which weeks are which.
    """
    import datetime as dt
    import secrets

    from ssi_analysis.present.experiment import default_start, plan_experiment

    out = Path(args.out)
    there = [n for n in ("schedule.csv", "schedule.ics", "plan.html") if (out / n).exists()]
    if there and not args.force:
        print(
            f"ssi-analysis: {out} already holds a plan ({', '.join(there)}); a new draw would "
            "change which weeks are which. Give another --out, or --force to replace it.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    why = ""
    if args.start is None:
        first, why = default_start(dt.date.today(), args.block)
        start = f"{first:%Y-%m-%d}"
    else:
        start = args.start
    seed = args.seed if args.seed is not None else secrets.randbelow(10**6)
    usual, change = args.arms
    try:
        plan = plan_experiment(
            start=start,
            weeks=args.weeks,
            block=args.block,
            arms=(usual, change),
            describe={change: change},
            seed=seed,
            outcomes=tuple(dict.fromkeys((args.measure, "impressions", "pipeline_created"))),
            out=out,
        )
    except ValueError as exc:
        print(f"ssi-analysis: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Plan drawn with seed {seed}, starting {start}: {len(plan.schedule)} blocks.")
    if why:
        print(why)
    for sentence in plan.sentences:
        print(sentence)
    for path in plan.files.values():
        print(f"wrote {path}")
    return EXIT_OK
