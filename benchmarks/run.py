"""Benchmarks: timings and ratios measured side by side in one run (not pass/fail tests).

Run ``python benchmarks/run.py`` from the repository (a few minutes on 2 cores);
``--quick`` skips the team-scale run (``--only-team`` runs it alone, ``--team-repeat N``
alternated with its baseline), ``--calibration 2000`` adds the false-positive table
(complete and gappy scores, kit vs naive) and the power rows; ``--only-calibration`` runs
that table alone; ``--only-report`` times the sample report against an empty notebook;
``--only-files`` prints only the many-small-files and hostile-input rows; ``--only-ratios``
prints the sample report, the sample report with ``--change``, ``ssi-analysis load`` and the
team of 500 each beside its baseline (an empty papermill notebook, the report without the
change, a fresh pandas read, a plain-pandas team analysis).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def best_of(fn, repeat: int = 3) -> float:
    """Fastest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def team_csv(path: Path, people: int = 500, days: int = 2000) -> Path:
    """A wide team SSI log of people × days rows (1 M by default)."""
    rng = np.random.default_rng(0)
    n = people * days
    pillars = np.clip(rng.normal(12, 4, (n, 4)), 0, 25).round(3)
    dates = pd.date_range("2021-01-01", periods=days).strftime("%Y-%m-%d")
    pd.DataFrame(
        {
            "Name": np.repeat([f"Seller {i:03d}" for i in range(people)], days),
            "Date": np.tile(dates, people),
            "SSI": pillars.sum(axis=1).round(),
            "Brand": pillars[:, 0],
            "People": pillars[:, 1],
            "Insights": pillars[:, 2],
            "Relationships": pillars[:, 3],
            "Industry_Rank": rng.integers(1, 100, n),
            "Network_Rank": rng.integers(1, 100, n),
        }
    ).to_csv(path, index=False)
    return path


def load_vs_pandas(folder: Path) -> None:
    """load_ssi on a 1 M-row team CSV beside pandas' own reads of the same file."""
    from ssi_analysis import load_ssi
    from ssi_analysis.cli import person_summaries
    from ssi_analysis.schema.summary import describe_scores

    path = team_csv(folder / "team_1m.csv")
    scores = load_ssi(path)  # warm the imports and the page cache for all
    runs = {"pyarrow": [], "C engine": [], "load_ssi": []}
    for _ in range(5):  # interleaved, so that a busy moment of the machine hits all three
        runs["pyarrow"].append(best_of(lambda: pd.read_csv(path, engine="pyarrow"), 1))
        runs["C engine"].append(best_of(lambda: pd.read_csv(path, parse_dates=["Date"]), 1))
        runs["load_ssi"].append(best_of(lambda: load_ssi(path), 1))
    arrow, c_engine, ours = (min(v) for v in runs.values())
    print(
        f"load_ssi, 1 M-row team CSV: {ours:.2f} s; pandas.read_csv pyarrow {arrow:.2f} s, "
        f"C engine with the date parsed {c_engine:.2f} s; ratio to the faster "
        f"{ours / min(arrow, c_engine):.2f}x (goal <= 1.5x)"
    )
    vectorised = best_of(lambda: person_summaries(scores), 3)
    looped = best_of(lambda: describe_scores(scores), 1)
    print(
        f"ssi-analysis load's per-person summary, 500 people x 2000 days: {vectorised:.2f} s "
        f"(describe_scores' loop over people: {looped:.2f} s)"
    )
    for name, source in (("team CSV, 1 M rows", path), ("SSI-page JSON lines", None)):
        if source is None:
            source = ssi_json_lines(folder / "ssi.jsonl", 200_000)
        print(f"load_ssi peak memory, {name}: {peak_memory(source)} (goal <= 5x the file)")


def ssi_json_lines(path: Path, lines: int) -> Path:
    """One SSI-page payload per line, as a logger writes them (with a date and a person)."""
    import json

    rng = np.random.default_rng(0)
    days = pd.date_range("2021-01-01", periods=lines // 100 + 1).strftime("%Y-%m-%d")
    enums = ("PROFESSIONAL_BRAND", "FIND_RIGHT_PEOPLE", "INSIGHT_ENGAGEMENT", "STRONG_RELATIONSHIP")
    with path.open("w") as handle:
        for i in range(lines):
            pillars = rng.uniform(0, 25, 4).round(6)
            payload = {
                "memberScore": {
                    "overall": float(pillars.sum()),
                    "subScores": [
                        {"score": float(v), "pillar": e}
                        for v, e in zip(pillars, enums, strict=True)
                    ],
                },
                "groupScore": [
                    {"groupType": "INDUSTRY", "rank": 75, "score": {"overall": 30.99}},
                    {"groupType": "NETWORK", "rank": 81, "score": {"overall": 32.72}},
                ],
            }
            record = {"date": days[i // 100], "person": f"Seller {i % 100:03d}", "data": payload}
            handle.write(json.dumps(record) + "\n")
    return path


def peak_memory(path: Path) -> str:
    """Peak memory of load_ssi in a fresh process, beyond what its imports take (Linux).

    ``ru_maxrss`` would carry the parent's peak over the fork; the kernel's high-water mark
    is reset instead once the imports are done.
    """
    code = (
        "import sys\n"
        "from ssi_analysis import load_ssi\n"
        "import pyarrow.csv, pyarrow.compute, ssi_analysis.schema.ssi\n"
        "def kb(key):\n"
        "    line = next(x for x in open('/proc/self/status') if x.startswith(key))\n"
        "    return int(line.split()[1])\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "base = kb('VmRSS')\n"
        "load_ssi(sys.argv[1])\n"
        "print(base, kb('VmHWM'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    base, peak = (int(v) / 1024 for v in done.stdout.split())
    size = path.stat().st_size / 2**20
    return f"{peak - base:,.0f} MB for a {size:,.0f} MB file: {(peak - base) / size:.1f}x"


def import_ratio() -> None:
    def fresh(module: str) -> float:
        run = [
            sys.executable,
            "-c",
            f"import time; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)",
        ]
        return min(
            float(subprocess.run(run, capture_output=True, text=True, check=True).stdout)
            for _ in range(5)
        )

    pandas_s, ours_s = fresh("pandas"), fresh("ssi_analysis")
    # The kit imports its libraries on first use; reaching the loader is the fair comparison.
    loader_s = fresh("ssi_analysis; ssi_analysis.load_ssi")
    print(
        f"import ssi_analysis: {ours_s:.3f} s, and with load_ssi reached: {loader_s:.3f} s; "
        f"import pandas: {pandas_s:.3f} s; ratios {ours_s / pandas_s:.2f}x and "
        f"{loader_s / pandas_s:.2f}x (goal <= 1.5x)"
    )


def correlation_table_one_person() -> None:
    from ssi_analysis import correlation_table

    rng = np.random.default_rng(0)
    n = 104
    data = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=n, freq="W-MON")})
    scores = ["ssi", "brand", "people", "insights", "relationships"]
    outcomes = [f"outcome_{i}" for i in range(8)]
    for column in scores + outcomes:
        data[column] = rng.normal(size=n).cumsum()
    seconds = best_of(lambda: correlation_table(data, x=scores, y=outcomes, lags=range(-6, 7)))
    print(
        f"correlation_table, 5 scores x 8 outcomes x 13 lags, {n} weeks: {seconds:.2f} s "
        "(goal <= 2 s)"
    )


def one_day_files(folder: Path, n: int) -> Path:
    """A folder of ``n`` one-day SSI CSVs (header + one line each), as a daily scraper writes."""
    folder.mkdir()
    rng = np.random.default_rng(0)
    for day in pd.date_range("2023-01-01", periods=n):
        p = np.clip(rng.normal(12, 4, 4), 0, 25).round(2)
        (folder / f"ssi_{day:%Y-%m-%d}.csv").write_text(
            "Date,SSI,Brand,People,Insights,Relationships\n"
            f"{day:%Y-%m-%d},{p.sum():.2f},{p[0]},{p[1]},{p[2]},{p[3]}\n"
        )
    return folder


def fresh_run(call: str, path: Path, setup: str = "") -> tuple[float, float, str]:
    """Run ``call`` on ``path`` in a fresh process: (seconds, peak MB beyond imports, outcome).

    The imports are done and the kernel's high-water mark reset before the clock starts, so
    the figures are the call's own; an ``SSIDataError`` is an outcome (its first problem).
    """
    code = (
        "import sys, time\n"
        "import pyarrow.csv, pyarrow.compute, openpyxl\n"
        "from ssi_analysis import SSIDataError, load_outcomes, load_ssi\n"
        "import ssi_analysis.schema.ssi\n"
        f"{setup}\n"
        "def kb(key):\n"
        "    line = next(x for x in open('/proc/self/status') if x.startswith(key))\n"
        "    return int(line.split()[1])\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "base = kb('VmRSS')\n"
        "t = time.perf_counter()\n"
        "try:\n"
        f"    out = {call}(sys.argv[1])\n"
        "    said = f'{len(out)} rows'\n"
        "except SSIDataError as error:\n"
        "    said = 'refused: ' + error.problems.iloc[0]['problem']\n"
        "seconds = time.perf_counter() - t\n"
        "print(seconds, base, kb('VmHWM'))\n"
        "print(said)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    first, said = done.stdout.strip().split("\n", 1)
    seconds, base, peak = (float(v) for v in first.split())
    return seconds, (peak - base) / 1024, said


def many_small_files(folder: Path) -> None:
    """load_ssi on folders of one-day files: batched, and each file on its own (issue 16)."""
    one = one_day_files(folder / "days_1000", 1000)
    alone = "ssi_analysis.schema.ssi.BATCH_SMALL_FILES = False"
    batched_s, batched_mb, _ = min(fresh_run("load_ssi", one) for _ in range(3))
    alone_s, _, _ = fresh_run("load_ssi", one, setup=alone)
    many = one_day_files(folder / "days_10000", 10_000)
    many_s, many_mb, said = fresh_run("load_ssi", many)
    print(
        f"load_ssi, a folder of 1,000 one-day CSVs: {batched_s:.2f} s, peak {batched_mb:.0f} MB "
        f"(each file on its own: {alone_s:.1f} s); 10,000 files: {many_s:.2f} s, peak "
        f"{many_mb:.0f} MB ({said}) (goal: a few seconds)"
    )


def archive_of_small_members(path: Path, n: int) -> Path:
    """A data-archive zip of ``n`` small members, one to three events each, of all six kinds.

    Shares, Comments, Reactions, Invitations, Connections (with its note lines) and messages
    in turn, under their real headers, with quoted commas, doubled quotes and multi-line
    texts as LinkedIn writes them; a Profile.csv names the owner.
    """
    import zipfile

    rng = np.random.default_rng(0)
    people = ["Ana Lima", "Bo Chen", "Dana Wu", "Eli Park"]
    texts = ["plain words", '"first, then second"', '"she said ""yes"""', '"line one\nline two"']
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Profile.csv", "First Name,Last Name,Headline\nMe,Myself,CEO\n")
        for i in range(n):
            day = pd.Timestamp("2021-01-01") + pd.Timedelta(hours=7 * i)
            stamp = f"{day:%Y-%m-%d %H:%M:%S}"
            other = people[i % 4]
            rows = []
            for _ in range(1 + int(rng.integers(3))):
                text = texts[int(rng.integers(4))]
                rows.append(
                    [
                        f"{stamp},https://lnkd.in/s{i},{text},,,MEMBER_NETWORK",
                        f"{stamp},https://lnkd.in/c{i},{text}",
                        f"{stamp},LIKE,https://lnkd.in/r{i}",
                        f'Me Myself,{other},"{day.month}/{day.day}/{day:%y}, 8:56 PM",,OUTGOING',
                        f"{other.split()[0]},{other.split()[1]},,,Acme,CEO,{day:%d %b %Y}",
                        f"c{i},,{rng.choice(['Me Myself', other])},,x,{stamp} UTC,,{text}",
                    ][i % 6]
                )
            kind, header = [
                ("Shares", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"),
                ("Comments", "Date,Link,Message"),
                ("Reactions", "Date,Type,Link"),
                ("Invitations", "From,To,Sent At,Message,Direction"),
                (
                    "Connections",
                    'Notes:\n"When exporting your connection data..."\n\n'
                    "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
                ),
                (
                    "messages",
                    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,"
                    "SUBJECT,CONTENT",
                ),
            ][i % 6]
            archive.writestr(f"{kind}_{i}.csv", "\r\n".join([header, *rows]) + "\r\n")
    return path


def outcome_tables(folder: Path, n: int) -> Path:
    """A folder of ``n`` small hand-kept outcome tables (a header and one day each)."""
    folder.mkdir()
    rng = np.random.default_rng(0)
    for day in pd.date_range("2023-01-01", periods=n):
        (folder / f"analytics_{day:%Y-%m-%d}.csv").write_text(
            "Date,Impressions,Reactions,Meetings\n"
            f"{day:%Y-%m-%d},{rng.integers(100, 900)},{rng.integers(0, 40)},{rng.integers(0, 3)}\n"
        )
    return folder


def many_small_members(folder: Path) -> None:
    """load_outcomes on archives of many small members, and on a folder of small tables."""
    alone = "import ssi_analysis.readers.archive as a; a.BATCH_MEMBERS = False"
    one = archive_of_small_members(folder / "members_1000.zip", 1000)
    batched_s, batched_mb, said = min(fresh_run("load_outcomes", one) for _ in range(3))
    alone_s, alone_mb, _ = fresh_run("load_outcomes", one, setup=alone)
    many = archive_of_small_members(folder / "members_10000.zip", 10_000)
    many_s, many_mb, many_said = fresh_run("load_outcomes", many)
    print(
        f"load_outcomes, a zip of 1,000 small members (six kinds): {batched_s:.2f} s, peak "
        f"{batched_mb:.0f} MB ({said}; each member on its own: {alone_s:.1f} s, "
        f"{alone_mb:.0f} MB); 10,000 members: {many_s:.2f} s, peak {many_mb:.0f} MB "
        f"({many_said}) (goal: a few seconds; well under a minute)"
    )
    tables = outcome_tables(folder / "tables_1000", 1000)
    apart = "import ssi_analysis.schema.outcomes as o; o.BATCH_SMALL_FILES = False"
    tables_s, tables_mb, said = min(fresh_run("load_outcomes", tables) for _ in range(3))
    apart_s, _, _ = fresh_run("load_outcomes", tables, setup=apart)
    print(
        f"load_outcomes, a folder of 1,000 small outcome tables: {tables_s:.2f} s, peak "
        f"{tables_mb:.0f} MB ({said}; each file on its own: {apart_s:.1f} s, "
        f"{apart_s:.1f} ms a file)"
    )


def hostile_inputs(folder: Path) -> None:
    """Issue 16's bombs, each refused or read within bounds, timed in a fresh process."""
    import zipfile

    import openpyxl

    # A zip whose member declares 2 GiB unpacked (sizes forged in both headers: the kit must
    # refuse it on the declared size, before unpacking anything).
    path = folder / "declares_2gib.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("Shares.csv", "Date,ShareLink,ShareCommentary\n" + "0" * 4096)
    raw = bytearray(path.read_bytes())
    declared = (2 * 1024**3).to_bytes(4, "little")
    raw[22:26] = declared
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = declared
    path.write_bytes(bytes(raw))
    seconds, mb, said = fresh_run("load_outcomes", path)
    print(
        f"zip of {path.stat().st_size:,} bytes declaring a 2 GiB member: {seconds:.3f} s, "
        f"peak {mb:.0f} MB beyond imports ({said[:70]})"
    )
    # A bzip2 bomb for real: 256 MiB of zeros in a few hundred bytes (refused by its ratio).
    path = folder / "bzip2_bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2) as archive:
        with archive.open("Shares.csv", "w", force_zip64=True) as member:
            member.write(b"Date,ShareLink,ShareCommentary\n")
            for _ in range(64):
                member.write(bytes(4 * 1024**2))
    seconds, mb, said = fresh_run("load_outcomes", path)
    print(
        f"zip of {path.stat().st_size:,} bytes holding 256 MiB (bzip2): {seconds:.3f} s, "
        f"peak {mb:.0f} MB beyond imports ({said[:70]})"
    )
    # A workbook with one stray cell at XFD1048576 (pandas built a 2.6 GB dense grid).
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "SSI"])
    sheet.append(["2026-05-12", 50])
    sheet["XFD1048576"] = 1
    path = folder / "stray_cell.xlsx"
    book.save(path)
    seconds, mb, said = fresh_run("(lambda p: load_ssi(p, errors='drop'))", path)
    print(
        f"xlsx of {path.stat().st_size:,} bytes with a cell at XFD1048576: {seconds:.3f} s, "
        f"peak {mb:.0f} MB beyond imports ({said[:70]})"
    )


def pandas_team_baseline(ssi_path: Path, deals_path: Path, lags=range(5)) -> int:
    """What the team report does, in plain pandas: the baseline its cost is compared with.

    Read the team's SSI log and the Salesforce report, count by Monday-Sunday week per seller
    (mean SSI and pillars; deals created, pipeline created, deals won and revenue won summed),
    and correlate every score with every outcome, per seller, at each lag. No checks, no
    gap policy, no prewhitening, no words: the least any tool doing this job must spend.
    Returns the number of correlations computed.
    """
    scores = pd.read_csv(ssi_path, parse_dates=["Date"])
    deals = pd.read_csv(deals_path, skipfooter=5, engine="python")
    amount = pd.to_numeric(deals["Amount"].str.replace(r"[$,]", "", regex=True))
    created = pd.to_datetime(deals["Created Date"], format="%m/%d/%Y")
    closed = pd.to_datetime(deals["Close Date"], format="%m/%d/%Y")
    won = deals["Stage"].eq("Closed Won").to_numpy()
    names = ["SSI", "Brand", "People", "Insights", "Relationships"]
    week = pd.Grouper(key="Date", freq="W-SUN")
    weekly = scores.groupby(["Name", week])[names].mean()
    owner = deals["Opportunity Owner"]
    made = pd.DataFrame({"Name": owner, "Date": created, "deals": 1, "pipeline": amount})
    sold = pd.DataFrame({"Name": owner, "Date": closed, "won": 1, "revenue": amount})[won]
    panel = weekly.join(made.groupby(["Name", week])[["deals", "pipeline"]].sum(), how="left")
    panel = panel.join(sold.groupby(["Name", week])[["won", "revenue"]].sum(), how="left")
    outcomes = ["deals", "pipeline", "won", "revenue"]
    panel[outcomes] = panel[outcomes].fillna(0)
    count = 0
    for lag in lags:
        shifted = panel.copy()
        shifted[outcomes] = panel.groupby(level="Name")[outcomes].shift(-lag)
        table = shifted.groupby(level="Name").corr()
        count += int(table.loc[(slice(None), names), outcomes].notna().sum().sum())
    return count


def team_scale(folder: Path, repeat: int = 1) -> dict:
    """500 people x 3 years of daily scores plus their deals: load, align, team_effect, the
    team scan (every score x outcome x lag, the family of the team's answer), report.

    Each step's wall-clock time and this process's CPU time (user + system): on a machine
    shared with other work the CPU seconds move far less than the wall clock. The report's
    whole run from the files (``build_report``: load, align, answers, page) is then set
    against :func:`pandas_team_baseline`, alternated ``repeat`` times (medians of CPU).
    """
    from ssi_analysis import align, load_outcomes, load_ssi, team_effect
    from ssi_analysis.present.report import build_report
    from ssi_analysis.simulate import simulate
    from ssi_analysis.simulate.writers import write_salesforce_csv, write_ssi_log
    from ssi_analysis.stats.answers import team_scan

    sim = simulate("team", seed=1, people=500, days=1092, start="2023-11-27", deal_rate=0.3)
    ssi_path = write_ssi_log(sim.scores, folder / "team_ssi.csv", seed=1)
    deals_path = write_salesforce_csv(sim.deals, folder / "report1700000000000.csv", seed=1)
    rows = sum(1 for _ in ssi_path.open()) - 1
    steps = {}
    clock = (time.perf_counter(), time.process_time())

    def done(step: str) -> None:
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        steps[step] = (now[0] - clock[0], now[1] - clock[1])
        clock = now

    scores = load_ssi(ssi_path)
    done("load_ssi")
    outcomes = load_outcomes(deals_path)
    done("load_outcomes")
    panel = align(scores, outcomes)
    done("align")
    team_effect(panel, x="ssi", y="pipeline_created")
    done("team_effect")
    team_scan(panel)
    done("team_scan")
    build_report(ssi_path, [deals_path], out=folder / "team_report.html", progress=False)
    done("report")
    wall, cpu = (sum(v[i] for v in steps.values()) for i in (0, 1))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    detail = ", ".join(f"{k} {w:.1f} s ({c:.1f})" for k, (w, c) in steps.items())
    load = os.getloadavg()[0]
    reference = sum(steps[k][1] for k in ("load_ssi", "load_outcomes", "align"))
    print(
        f"team of 500 x 3 years ({rows:,} daily SSI rows, {len(sim.deals):,} deals): "
        f"{wall:.1f} s end to end, {cpu:.1f} s of CPU (goal <= 60 s): {detail} [wall (CPU)]; "
        f"report / (loads + align): {steps['report'][1] / reference:.2f}x in CPU; "
        f"peak memory {own:,.0f} MB in this process; load average {load:.1f} on "
        f"{os.cpu_count()} cores"
    )
    kit, plain = [steps["report"][1]], []
    for i in range(repeat):  # alternated, so that a busy moment of the machine hits both
        start = time.process_time()
        pandas_team_baseline(ssi_path, deals_path)
        plain.append(time.process_time() - start)
        if i + 1 < repeat:
            start = time.process_time()
            build_report(ssi_path, [deals_path], out=folder / "team_report.html", progress=False)
            kit.append(time.process_time() - start)
    print(
        f"team report CPU {np.median(kit):.1f} s vs plain-pandas baseline "
        f"{np.median(plain):.1f} s (medians of {repeat}, alternated): "
        f"{np.median(kit) / np.median(plain):.2f}x (goal <= 2x); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return {
        "what": f"team report, 500 sellers x 3 years (CPU, medians of {repeat})",
        "kit": float(np.median(kit)),
        "baseline": float(np.median(plain)),
        "baseline_is": "plain pandas: read, weekly grouping, per-seller correlations",
    }


def alternated(commands: dict[str, list[str]], repeat: int) -> dict[str, list[tuple[float, float]]]:
    """Run the commands in turn (A B A B ...), ``repeat`` rounds after one round not counted.

    Returns each command's (wall, CPU) seconds per run; CPU is the user + system time of the
    process and of everything it waited for (a notebook's kernel included). In turn, so that
    a busy moment of the shared machine hits both; the unmeasured round warms the caches.
    """

    def children_cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    for command in commands.values():
        subprocess.run(command, check=True, capture_output=True)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            start, start_cpu = time.perf_counter(), children_cpu()
            subprocess.run(command, check=True, capture_output=True)
            runs[name].append((time.perf_counter() - start, children_cpu() - start_cpu))
    return runs


def paired(runs: dict[str, list[tuple[float, float]]], a: str, b: str) -> dict[str, float]:
    """Medians of ``a`` and ``b`` and of their ratio run by run (wall and CPU)."""
    out = {}
    for i, kind in enumerate(("wall", "cpu")):
        x, y = (np.array([run[i] for run in runs[k]]) for k in (a, b))
        out[kind], out[f"{kind}_base"] = float(np.median(x)), float(np.median(y))
        out[f"{kind}_ratio"] = float(np.median(x / y))
    return out


def report_vs_empty_notebook(folder: Path, repeat: int = 5) -> dict:
    """The sample report, end to end on the command line, against papermill running an empty
    notebook (what any notebook-based report costs at least): alternated, ``repeat`` pairs;
    the ratios are the medians of each pair's ratio."""
    import nbformat

    empty = folder / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), empty)
    commands = {
        "sample report": [
            sys.executable, "-m", "ssi_analysis.cli", "report", "--sample",
            "--out", str(folder / "sample.html"),
        ],
        "empty notebook": [
            sys.executable, "-c",
            "import papermill as pm, sys; pm.execute_notebook(sys.argv[1], sys.argv[2], "
            "kernel_name='python3', progress_bar=False)",
            str(empty), str(folder / "empty_out.ipynb"),
        ],
    }  # fmt: skip
    runs = alternated(commands, repeat)
    m = paired(runs, "sample report", "empty notebook")
    print(
        f"sample report {m['wall']:.1f} s vs papermill on an empty notebook "
        f"{m['wall_base']:.1f} s wall: {m['wall_ratio']:.2f}x; CPU {m['cpu']:.1f} s vs "
        f"{m['cpu_base']:.1f} s: {m['cpu_ratio']:.2f}x (goal <= 2x; medians of {repeat} "
        f"alternated pairs); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return {
        "what": f"ssi-analysis report --sample (wall, medians of {repeat} alternated)",
        "kit": m["wall"],
        "baseline": m["wall_base"],
        "ratio": m["wall_ratio"],
        "baseline_is": "papermill running an empty notebook",
        "cpu": (m["cpu"], m["cpu_base"], m["cpu_ratio"]),
    }


#: The sample seller's own change (24 August 2026: she started posting three times as often).
CHANGE = ("2026-08-24", "started posting three times as often")


def change_vs_plain(folder: Path, repeat: int = 3) -> dict:
    """``report --sample --change`` against the same report without the change (issue 24:
    <= 2x its CPU): alternated, ``repeat`` pairs; CPU is the figure compared.

    The change section tests every series the sample seller has (SSI, the pillars, every
    outcome: one family per date, ``draws_for(n)`` draws per series and a 12-start placebo
    check each) and draws one picture per family.
    """
    report = [sys.executable, "-m", "ssi_analysis.cli", "report", "--sample", "--out"]
    runs = alternated(
        {
            "with": [*report, str(folder / "change.html"), "--change", *CHANGE],
            "without": [*report, str(folder / "plain.html")],
        },
        repeat,
    )
    m = paired(runs, "with", "without")
    print(
        f'report --sample --change {CHANGE[0]} "{CHANGE[1]}": {m["cpu"]:.1f} s CPU '
        f"({m['wall']:.1f} s wall); without: {m['cpu_base']:.1f} s CPU ({m['wall_base']:.1f} s "
        f"wall); the change section costs {m['cpu'] - m['cpu_base']:.1f} s CPU; "
        f"{m['cpu_ratio']:.2f}x in CPU (goal <= 2x; medians of {repeat} alternated pairs); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return {
        "what": f"report --sample --change (CPU, medians of {repeat} alternated)",
        "kit": m["cpu"],
        "baseline": m["cpu_base"],
        "ratio": m["cpu_ratio"],
        "baseline_is": "the same report without --change",
    }


def load_command_vs_pandas(repeat: int = 5) -> dict:
    """``ssi-analysis load`` on the sample log against a fresh pandas reading the same file.

    Both are fresh processes (the start-up cost is what a user waits for): the kit checks
    every row and prints the load report and the summary; the baseline imports pandas and
    reads the CSV. Alternated, medians of ``repeat``.
    """
    path = Path(__file__).resolve().parents[1] / "data" / "sample" / "ssi_log.csv"
    runs = {
        "kit": [sys.executable, "-m", "ssi_analysis.cli", "load", str(path)],
        "pandas": [sys.executable, "-c", f"import pandas as pd; pd.read_csv({str(path)!r})"],
    }
    times = {k: [] for k in runs}
    for _ in range(repeat):
        for name, command in runs.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    kit, plain = (float(np.median(v)) for v in times.values())
    print(
        f"ssi-analysis load on the sample log {kit:.2f} s vs python importing pandas and "
        f"reading it {plain:.2f} s (medians of {repeat}, fresh processes): {kit / plain:.2f}x"
    )
    return {
        "what": f"ssi-analysis load, sample log (wall, medians of {repeat})",
        "kit": kit,
        "baseline": plain,
        "baseline_is": "a fresh python: import pandas, read_csv",
    }


def side_by_side(rows: list[dict]) -> None:
    """The ratios the kit is held to, each beside its baseline (issue 24: each <= 2x).

    A row's ratio is the median of its pairs' ratios when its runs were alternated in pairs
    (``ratio``), else the ratio of its medians.
    """
    print("\nratios to their baselines (goal: each <= 2x)")
    width = max(len(r["what"]) for r in rows)
    for r in rows:
        ratio = r.get("ratio", r["kit"] / r["baseline"])  # of pairs, when they were paired
        print(
            f"  {r['what']:<{width}}  {r['kit']:7.2f} s vs {r['baseline']:7.2f} s  "
            f"{ratio:5.2f}x   baseline: {r['baseline_is']}"
        )
        if "cpu" in r:  # the same runs in CPU seconds (the kernel's process included)
            kit, base, ratio = r["cpu"]
            label = "  the same runs, CPU"
            print(f"  {label:<{width}}  {kit:7.2f} s vs {base:7.2f} s  {ratio:5.2f}x")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _series(rng, reps: int, n: int, phi: float) -> np.ndarray:
    from scipy.signal import lfilter

    shocks = rng.normal(size=(reps, n))
    if phi >= 1:
        return shocks.cumsum(axis=1)
    shocks[:, 0] /= math.sqrt(1 - phi * phi)
    return lfilter([1], [1, -phi], shocks, axis=1)


def _holes(rng, reps: int, n: int, shape: str) -> np.ndarray:
    out = np.zeros((reps, n), dtype=bool)
    if shape == "every other week":
        out[:, 1::2] = True
    elif shape.endswith("% at random"):
        out = rng.random((reps, n)) < int(shape.split()[0].rstrip("%")) / 100
    elif shape == "13-week block":
        for row, start in zip(out, rng.integers(1, n - 14, reps), strict=True):
            row[start : start + 13] = True
    return out


def _rates(x, y, lags):
    from ssi_analysis.stats import fit_filter, pair_test

    kit, naive = np.zeros(len(lags)), np.zeros(len(lags))
    for xs, ys in zip(x, y, strict=True):
        filt = fit_filter(xs)  # once per score, as lag_scan and correlation_table do
        for i, lag in enumerate(lags):
            res = pair_test(xs, ys, lag=lag, filt=filt)
            kit[i] += res.p < 0.05
            naive[i] += res.p_naive < 0.05
    return kit / len(x), naive / len(x)


def calibration(reps: int) -> None:
    """Print false-positive rates (complete and gappy scores) and power of correlate's test."""
    from ssi_analysis import power
    from ssi_analysis.stats import pair_test

    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(2, 104)).cumsum(axis=1)
    x[rng.random(104) < 0.35] = np.nan
    per_call = best_of(lambda: [pair_test(x, y) for _ in range(200)]) / 200
    print(
        f"pair_test on 104 weeks with 35 % of the score missing: {per_call * 1e3:.2f} ms per call"
    )
    print(
        f"false-positive rate at alpha 0.05, {reps} replications per cell "
        f"(MC s.e. {math.sqrt(0.05 * 0.95 / reps):.3f}); kit p / naive p_naive"
    )
    print("series        n    complete score")
    for phi in (0.0, 0.5, 0.9, 1.0):
        for n in (26, 52, 104):
            kit, naive = _rates(_series(rng, reps, n, phi), _series(rng, reps, n, phi), [0])
            name = "random walk" if phi == 1 else f"AR(1) {phi}"
            print(f"{name:12s} {n:4d}   {kit[0]:.3f} / {naive[0]:.3f}")
    print("series       score gaps          n    lag 0           lag 2")
    for phi, shape in [
        (1.0, "every other week"),
        (0.9, "every other week"),
        (1.0, "30% at random"),
        (1.0, "40% at random"),
        (1.0, "50% at random"),
        (1.0, "13-week block"),
    ]:
        for n in (52, 104):
            x, y = _series(rng, reps, n, phi), _series(rng, reps, n, phi)
            x[_holes(rng, reps, n, shape)] = np.nan
            kit, naive = _rates(x, y, [0, 2])
            name = "random walk" if phi == 1 else f"AR(1) {phi}"
            print(
                f"{name:12s} {shape:17s} {n:4d}   {kit[0]:.3f} / {naive[0]:.3f}   "
                f"{kit[1]:.3f} / {naive[1]:.3f}"
            )
    print("series                        score gaps         n    lag 0")
    for slope in (0.02, 0.05, 0.1):
        for shape in ("none", "40% at random"):
            for n in (52, 104):
                line = slope * np.arange(n)
                x, y = line + rng.normal(size=(2, reps, n))
                x[_holes(rng, reps, n, shape)] = np.nan
                kit, naive = _rates(x, y, [0])
                name = f"line {slope}/week + noise"
                print(f"{name:29s} {shape:17s} {n:4d}   {kit[0]:.3f} / {naive[0]:.3f}")
    print("power: innovation correlation 0.35, both AR(1) phi 0.7, 156 weeks (simulated / power())")
    from scipy.signal import lfilter

    for missing in (0.0, 0.35):
        e, v = rng.normal(size=(2, reps, 156))
        u = 0.35 * e + math.sqrt(1 - 0.35**2) * v
        xs, ys = lfilter([1], [1, -0.7], e, axis=1), lfilter([1], [1, -0.7], u, axis=1)
        xs[rng.random(xs.shape) < missing] = np.nan
        found = np.mean([pair_test(a, b).p < 0.05 for a, b in zip(xs, ys, strict=True)])
        expected = power(156, r=0.35, phi_x=0.7, phi_y=0.7, missing=missing)
        print(f"  {missing:.0%} of score weeks missing: {found:.3f} / {expected:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the team-scale run")
    parser.add_argument(
        "--only-files",
        action="store_true",
        help="run only the many-small-files and hostile-input figures",
    )
    parser.add_argument(
        "--calibration",
        type=int,
        default=0,
        metavar="REPS",
        help="also print the false-positive table with REPS replications",
    )
    parser.add_argument(
        "--only-calibration", action="store_true", help="run the calibration table alone"
    )
    parser.add_argument("--only-report", action="store_true", help="time the sample report alone")
    parser.add_argument(
        "--only-ratios",
        action="store_true",
        help="only the report, --change, load and team-of-500 ratios, beside their baselines",
    )
    parser.add_argument(
        "--only-team",
        action="store_true",
        help="only the team of 500's report beside its pandas baseline (see --team-repeat)",
    )
    parser.add_argument(
        "--report-repeat",
        type=int,
        default=5,
        metavar="N",
        help="alternated pairs of the sample report and the empty notebook (medians)",
    )
    parser.add_argument(
        "--team-repeat",
        type=int,
        default=1,
        metavar="N",
        help="alternated runs of the team report and its pandas baseline (medians)",
    )
    args = parser.parse_args()
    if args.only_report:
        with tempfile.TemporaryDirectory() as work:
            report_vs_empty_notebook(Path(work), repeat=args.report_repeat)
        return
    if args.only_team:
        with tempfile.TemporaryDirectory() as work:
            side_by_side([team_scale(Path(work), repeat=args.team_repeat)])
        return
    if args.only_ratios:
        with tempfile.TemporaryDirectory() as work:
            rows = [
                report_vs_empty_notebook(Path(work), repeat=args.report_repeat),
                change_vs_plain(Path(work)),
                load_command_vs_pandas(),
            ]
            if not args.quick:
                rows.append(team_scale(Path(work), repeat=args.team_repeat))
        side_by_side(rows)
        return
    if args.only_calibration:
        calibration(args.calibration or 2000)
        return
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        if args.only_files:
            many_small_files(folder)
            many_small_members(folder)
            hostile_inputs(folder)
            return
        import_ratio()
        correlation_table_one_person()
        load_vs_pandas(folder)
        rows = [
            report_vs_empty_notebook(folder, repeat=args.report_repeat),
            change_vs_plain(folder),
            load_command_vs_pandas(),
        ]
        many_small_files(folder)
        many_small_members(folder)
        hostile_inputs(folder)
        if not args.quick:
            rows.append(team_scale(folder, repeat=args.team_repeat))
        side_by_side(rows)
    if args.calibration:
        calibration(args.calibration)


if __name__ == "__main__":
    main()
