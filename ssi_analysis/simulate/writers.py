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
    # group columns (simulate(groups=...)): the text columns besides person, after Name
    known = {"person", "date", "ssi", *PILLAR_NAMES}
    text = [
        c for c in scores.columns if c not in known and not pd.api.types.is_numeric_dtype(scores[c])
    ]
    if scores["person"].nunique() > 1:
        log.insert(0, "Name", scores["person"].to_numpy())
        for position, column in enumerate(text, 1):
            log.insert(position, column, scores[column].to_numpy())
    broken = rng.random(len(log)) < failed
    values = [c for c in log.columns if c not in ("Name", "Date", *text)]
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


_FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kofi")
_LAST = ("Silva", "Li", "Okafor", "Novak", "Berg", "Haddad", "Moreau", "Sato", "Rossi", "Kaur")
_COMPANIES = ("Acme", "Initech, Inc.", "Hooli", "Globex", "Umbrella", "Vandelay")
_OPENERS = (
    "Hi {first}, thanks for connecting. Would a short call next week be useful?",
    'Hello {first},\nI saw your post on "pipeline reviews", and had one question.',
    "{first}, a quick follow-up on the webinar: happy to share the slides.",
)


def _contact(i: int) -> tuple[str, str, str]:
    """Invent a contact: first name, last name, profile URL (unique per ``i``)."""
    first, last = _FIRST[i % len(_FIRST)], _LAST[(i // len(_FIRST)) % len(_LAST)]
    return first, f"{last}-{i}", f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}"


def _stamps(rng: np.random.Generator, days: pd.Series, first: int, last: int) -> pd.Series:
    """Draw a time of day between ``first`` and ``last`` o'clock on each day (whole seconds)."""
    seconds = rng.integers(first * 3600, last * 3600, len(days))
    return pd.Series(pd.to_datetime(days.to_numpy()) + pd.to_timedelta(seconds, unit="s"))


def _csv(header: list[str], rows) -> bytes:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


#: Chance that a person who answered writes once more; conversations others open a day.
FOLLOW_UP, INBOUND = 0.4, 0.3


def write_archive(sim, path: str | Path, *, person: str | None = None, seed: int = 0) -> Path:
    """Write a LinkedIn "Download your data" archive (zip) of one simulated person's activity.

    The files and their quirks as LinkedIn writes them (``docs/formats.md`` §2.3, CRLF lines):
    ``Profile.csv`` (whose name marks the owner's messages as sent), ``Connections.csv``
    (three note lines above the header, dates ``09 Sep 2022``), ``Invitations.csv`` (both
    directions, ``"8/26/22, 8:56 PM"``, profile URLs), ``messages.csv`` (one conversation
    per opened conversation, its first reply from the other person, some second messages,
    and unanswered conversations others opened: :data:`FOLLOW_UP`, :data:`INBOUND`),
    ``Shares.csv``,
    ``Comments.csv`` and ``Reactions.csv`` (``2022-09-08 04:10:18``). Every event of
    ``sim.activity`` is one row on its day, so the loaded activity metrics equal the
    activity that drove the pillars. The zip's time stamps are fixed: the same simulation
    gives the same bytes.

    Parameters
    ----------
    sim : Simulation
        From :func:`~ssi_analysis.simulate.model.simulate`.
    path : str or Path
        The zip to write (LinkedIn names it ``Basic_LinkedInDataExport_MM-DD-YYYY.zip``).
    person : str, optional
        Whose archive (default: the simulation's only person).
    seed : int
        Seed of the invented details (times of day, names, texts).
    """
    import zipfile

    rng = np.random.default_rng(seed)
    person = person or sim.scores["person"].iloc[0]
    owner_first, _, owner_last = person.partition(" ")
    activity = sim.activity[sim.activity["person"] == person]

    def each(kind: str) -> pd.Series:
        """One date per event of ``kind``."""
        return pd.Series(np.repeat(activity["date"].to_numpy(), activity[kind].to_numpy()))

    def iso(stamps: pd.Series) -> list[str]:
        return list(stamps.dt.strftime("%Y-%m-%d %H:%M:%S"))

    posts = _stamps(rng, each("posts"), 7, 18)
    shares = _csv(
        ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"],
        [
            [
                when,
                f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{7100000000 + i}",
                f"Week {i % 52 + 1} of notes from the field,\nwith one lesson on discovery calls",
                "",
                "",
                "MEMBER_NETWORK",
            ]
            for i, when in enumerate(iso(posts))
        ],
    )
    comments = _csv(
        ["Date", "Link", "Message"],
        [
            [when, f"https://www.linkedin.com/feed/update/urn:li:activity:{7200000000 + i}", text]
            for i, (when, text) in enumerate(
                zip(
                    iso(_stamps(rng, each("comments"), 7, 20)),
                    rng.choice(
                        ["Great point.", "Agreed, and it held for us too.", "Thanks!"],
                        int(activity["comments"].sum()),
                    ),
                    strict=True,
                )
            )
        ],
    )
    reactions = _csv(
        ["Date", "Type", "Link"],
        [
            [when, kind, f"https://www.linkedin.com/feed/update/urn:li:activity:{7300000000 + i}"]
            for i, (when, kind) in enumerate(
                zip(
                    iso(_stamps(rng, each("reactions"), 7, 21)),
                    rng.choice(
                        ["LIKE", "PRAISE", "INTEREST", "EMPATHY"],
                        int(activity["reactions"].sum()),
                        p=[0.7, 0.15, 0.1, 0.05],
                    ),
                    strict=True,
                )
            )
        ],
    )
    # invitations, both ways, and the connections the accepted ones became
    dates = pd.DatetimeIndex(sorted(sim.activity["date"].unique()))
    invitations = sim.events["invitations"]
    invitations = invitations[invitations["person"] == person].reset_index(drop=True)
    sent_at = _stamps(rng, pd.Series(dates[invitations["_day"].to_numpy()]), 8, 20)
    invitation_rows, connection_rows = [], []
    for i, row in invitations.iterrows():
        first, last, url = _contact(i)
        when = sent_at[i]
        stamp = f"{when.month}/{when.day}/{when:%y}, {when:%I:%M %p}".replace(", 0", ", ")
        me_url = "https://www.linkedin.com/in/dana-w"
        if row["outgoing"]:
            invitation_rows.append([person, f"{first} {last}", stamp, "", "OUTGOING", me_url, url])
        else:
            invitation_rows.append(
                [f"{first} {last}", person, stamp, "Hi, let's connect", "INCOMING", url, me_url]
            )
        if row["_accepted"] >= 0:
            day = dates[int(row["_accepted"])]
            company = _COMPANIES[i % len(_COMPANIES)]
            connection_rows.append(
                [first, last, url, "", company, "Head of Sales", f"{day:%d %b %Y}", day]
            )
    connection_rows.sort(key=lambda r: r[-1], reverse=True)  # newest first, as LinkedIn does
    notes = (
        b"Notes:\r\n"
        b'"When exporting your connection data, you may notice that some of the email '
        b"addresses are missing. You will only see email addresses for connections who have "
        b"allowed their connections to see or download their email address using this "
        b'setting, Who can see or download my email address?"\r\n\r\n'
    )
    connections = notes + _csv(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [r[:-1] for r in connection_rows],
    )
    invitations_csv = _csv(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"],
        invitation_rows,
    )
    # conversations opened, and the first reply where there was one
    conversations = sim.events["conversations"]
    conversations = conversations[conversations["person"] == person].reset_index(drop=True)
    opened = _stamps(rng, pd.Series(dates[conversations["_day"].to_numpy()]), 8, 14)
    replied_day = conversations["_replied"].to_numpy()
    reply_at = _stamps(rng, pd.Series(dates[np.clip(replied_day, 0, None)]), 14, 21)
    texts = rng.integers(0, len(_OPENERS), len(conversations))
    message_rows = []
    for i in range(len(conversations)):
        first, last, url = _contact(100000 + i)
        cid = f"2-{seed % 1000:03d}{i:06d}"
        message_rows.append(
            [
                cid,
                "",
                person,
                "https://www.linkedin.com/in/dana-w",
                f"{first} {last}",
                f"{opened[i]:%Y-%m-%d %H:%M:%S} UTC",
                "",
                _OPENERS[texts[i]].format(first=first),
                "INBOX",
            ]
        )
        if replied_day[i] >= 0:
            message_rows.append(
                [
                    cid,
                    "",
                    f"{first} {last}",
                    url,
                    person,
                    f"{reply_at[i]:%Y-%m-%d %H:%M:%S} UTC",
                    "",
                    "Thanks - yes, Tuesday works.",
                    "INBOX",
                ]
            )
    # Besides the first replies, what an inbox also holds (so that "messages received" is not
    # the replies again): a second message from the person in some answered conversations,
    # a day or more later, and conversations others opened (recruiters, vendors) that she
    # leaves unanswered. Her own messages stay the activity that drove her pillars. A
    # generator of its own, so that every row above keeps its bytes.
    more = np.random.default_rng([seed, 1])
    answered = np.flatnonzero(replied_day >= 0)
    again = answered[more.random(len(answered)) < FOLLOW_UP]
    later = reply_at[again] + pd.to_timedelta(more.integers(1, 6, len(again)), unit="D")
    for i, when in zip(again, later, strict=True):
        if when >= dates[-1] + pd.Timedelta(days=1):
            continue
        first, last, url = _contact(100000 + int(i))
        message_rows.append(
            [f"2-{seed % 1000:03d}{int(i):06d}", "", f"{first} {last}", url, person,
             f"{when:%Y-%m-%d %H:%M:%S} UTC", "", "Sending the deck ahead of Tuesday.", "INBOX"]
        )  # fmt: skip
    inbound = np.repeat(np.arange(len(dates)), more.poisson(INBOUND, len(dates)))
    inbound_at = _stamps(more, pd.Series(dates[inbound]), 8, 20)
    for j, when in enumerate(inbound_at):
        first, last, url = _contact(200000 + j)
        message_rows.append(
            [f"2-{seed % 1000:03d}9{j:05d}", "", f"{first} {last}", url, person,
             f"{when:%Y-%m-%d %H:%M:%S} UTC", "", "Quick question about your team's tooling.",
             "INBOX"]
        )  # fmt: skip
    message_rows.sort(key=lambda r: r[5], reverse=True)  # newest first
    messages = _csv(
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
        ],
        message_rows,
    )
    profile = _csv(
        ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline"],
        [[owner_first, owner_last, "", "", "", "Account Executive"]],
    )
    members = {
        "Profile.csv": profile,
        "Connections.csv": connections,
        "Invitations.csv": invitations_csv,
        "messages.csv": messages,
        "Shares.csv": shares,
        "Comments.csv": comments,
        "Reactions.csv": reactions,
    }
    path = Path(path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 23, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path
