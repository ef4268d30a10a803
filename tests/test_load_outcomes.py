"""load_outcomes: LinkedIn analytics, the data archive, CRM deals, hand-kept tables."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import SSIDataError, load_outcomes


def values(frame, metric):
    rows = frame[frame["metric"] == metric]
    return dict(zip(rows["date"].dt.strftime("%Y-%m-%d"), rows["value"], strict=True))


def accounted(frame):
    r = frame.attrs["load_report"]
    assert r.rows_read == r.rows_kept + r.rows_missing + r.rows_merged + r.rows_rejected
    return r


# ----------------------------------------------------------------------------- real files
@pytest.mark.real
def test_real_creator_analytics(real):
    frame = load_outcomes(real / "outcomes" / "creator_analytics_obfuscated.xlsx")
    impressions = frame[frame["metric"] == "impressions"]
    assert len(impressions) == 365
    assert impressions["date"].iloc[0] == pd.Timestamp("2022-04-24")
    assert impressions["value"].iloc[0] == 90830
    assert values(frame, "new_followers")["2022-04-24"] == 191
    assert values(frame, "followers") == {"2023-04-23": 54448}  # "Total followers on" in A1
    assert set(frame["kind"][frame["metric"] == "impressions"]) == {"daily"}
    report = accounted(frame)
    assert report.rows_rejected == 0 and report.problems.empty
    assert any("DEMOGRAPHICS" in c for c in report.ignored_columns)


@pytest.mark.real
def test_real_company_page(real):
    frame = load_outcomes(real / "outcomes" / "company_page_content.xlsx")
    impressions = frame[frame["metric"] == "impressions"]
    assert len(impressions) == 240
    assert impressions["date"].min() == pd.Timestamp("2024-12-01")
    assert impressions["date"].max() == pd.Timestamp("2025-07-28")
    # organic and sponsored kept apart from the total
    assert {"impressions_organic", "impressions_sponsored", "unique_impressions"} <= set(
        frame["metric"]
    )
    first = frame[frame["date"] == "2024-12-01"].set_index("metric")["value"]
    assert (first["impressions"], first["impressions_organic"], first["clicks"]) == (93, 93, 5)
    posts = frame[frame["metric"] == "posts"]
    assert len(posts) == 98  # one row per post of 'All posts' (note row and header excluded)
    assert (posts["value"] == 1).all() and set(posts["kind"]) == {"event"}
    report = accounted(frame)
    assert report.rows_read == 240 + 98
    assert any("Engagement rate" in c for c in report.ignored_columns)


@pytest.mark.real
def test_real_wide_ssi_log_outcome_columns(real):
    frame = load_outcomes(real / "ssi" / "wide_daily_with_failed_scrapes.csv")
    followers = values(frame, "followers")
    assert "2025-11-30" not in followers  # blank early on: no row, never zero
    assert followers["2025-12-04"] == 1510 and followers["2025-12-24"] == 1668
    report = accounted(frame)
    assert "Speed_Factor" in " ".join(report.ignored_columns)  # a bot setting, not an outcome


# ----------------------------------------------------------------------------- creator 2026
def test_creator_2026_numbers_as_text_and_overlap(tmp_path):
    def export(name, rows, total):
        path = tmp_path / name
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame({"Overall Performance": ["Impressions"], "x": ["1,000"]}).to_excel(
                writer, sheet_name="DISCOVERY", index=False
            )
            pd.DataFrame(rows, columns=["Date", "Impressions", "Engagements"]).to_excel(
                writer, sheet_name="ENGAGEMENT", index=False
            )
            grid = [
                [f"Total followers on {rows[-1][0]}:", total],
                [None, None],
                ["Date", "New followers"],
            ] + [[r[0], "3"] for r in rows]
            pd.DataFrame(grid).to_excel(writer, sheet_name="FOLLOWERS", index=False, header=False)
            pd.DataFrame(
                [
                    ["Top 50 posts", None, None, None, None, None, None],
                    [None] * 7,
                    [
                        "Post URL",
                        "Post Publish Date",
                        "Engagements",
                        None,
                        "Post URL",
                        "Post Publish Date",
                        "Impressions",
                    ],
                    ["u1", "1/2/2026", "5", None, "u2", "1/3/2026", "900"],
                    ["u2", "1/3/2026", "4", None, "u1", "1/2/2026", "800"],
                ]
            ).to_excel(writer, sheet_name="TOP POSTS", index=False, header=False)
        return path

    old = export(
        "AggregateAnalytics_Me_2026-01-01_2026-01-03.xlsx",
        [["1/1/2026", "1,200", "10"], ["1/2/2026", "1,300", "11"], ["1/3/2026", "100", "1"]],
        "5000",
    )
    new = export(
        "AggregateAnalytics_Me_2026-01-03_2026-01-04.xlsx",
        [["1/3/2026", "1,400", "12"], ["1/4/2026", "1,500", "13"]],
        "5010",
    )
    frame = load_outcomes([new, old])  # order given does not matter: the later export wins
    assert values(frame, "impressions") == {
        "2026-01-01": 1200,
        "2026-01-02": 1300,
        "2026-01-03": 1400,
        "2026-01-04": 1500,
    }
    assert values(frame, "top_posts") == {"2026-01-02": 1, "2026-01-03": 1}  # each post once
    report = accounted(frame)
    assert report.rows_merged >= 1
    assert any("top posts" in n for n in report.notes)


# ----------------------------------------------------------------------------- archive
CONNECTIONS = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting, Who can see or "
    'download my email address?"\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Ana,Silva,https://www.linkedin.com/in/ana,,Acme,CEO,09 Sep 2022\r\n"
    'Bo,Li,https://www.linkedin.com/in/bo,,"Initech, Inc.",CTO,09 Sep 2022\r\n'
    "Cy,Ng,https://www.linkedin.com/in/cy,,Hooli,VP,12 Sep 2022\r\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction\r\n"
    'Dana W.,Ana Silva,"8/26/22, 8:56 PM",,OUTGOING\r\n'
    'Ed Po,Dana W.,"9/13/22, 10:01 AM","Hi Dana,\r\nlet\'s connect",INCOMING\r\n'
)
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
    "CONTENT,FOLDER\r\n"
    'c1,,Dana W.,u,Ana Silva,2022-09-08 18:08:14 UTC,,"Hello,\r\nsecond line",INBOX\r\n'
    "c1,,Ana Silva,u,Dana W.,2022-09-09 08:00:00 UTC,,Thanks,INBOX\r\n"
    "c2,,Dana W.,u,Bo Li,2022-09-09 09:00:00 UTC,,Hi,INBOX\r\n"
)
SHARES = (
    "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r\n"
    '2022-09-08 04:10:18,l1,"Line one\r\nline two, with comma",,,MEMBER_NETWORK\r\n'
)
COMMENTS = (
    "Date,Link,Message\r\n"
    '2025-07-13 08:15:21,l2,"She said \\"great\\", I agree"\r\n'
    "2025-07-14 09:00:00,l3,plain\r\n"
)
REACTIONS = "Date,Type,Link\r\n2022-09-11 02:49:29,LIKE,l4\r\n2022-09-11 03:00:00,PRAISE,l5\r\n"


def make_archive(folder, *, profile=True):
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "Connections.csv": CONNECTIONS,
        "Invitations.csv": INVITATIONS,
        "messages.csv": MESSAGES,
        "Shares_181682616.csv": SHARES,
        "Comments.csv": COMMENTS,
        "Reactions.csv": REACTIONS,
        "Ad_Targeting.csv": "a,b\r\n1,2\r\n",
    }
    if profile:
        files["Profile.csv"] = "First Name,Last Name,Headline\r\nDana,W.,Seller\r\n"
    for name, text in files.items():
        (folder / name).write_bytes(text.encode())
    return folder


def check_archive(frame):
    counts = frame.groupby(["metric", frame["date"].dt.strftime("%Y-%m-%d")])["value"].sum()
    assert counts["connections_added"].to_dict() == {"2022-09-09": 2, "2022-09-12": 1}
    assert counts["invitations_sent"].to_dict() == {"2022-08-26": 1}
    assert counts["invitations_received"].to_dict() == {"2022-09-13": 1}
    assert counts["messages_sent"].to_dict() == {"2022-09-08": 1, "2022-09-09": 1}
    assert counts["messages_received"].to_dict() == {"2022-09-09": 1}
    assert counts["posts_published"].to_dict() == {"2022-09-08": 1}
    assert counts["comments_written"].to_dict() == {"2025-07-13": 1, "2025-07-14": 1}
    assert counts["reactions_given"].to_dict() == {"2022-09-11": 2}
    assert set(frame["kind"]) == {"event"}
    report = accounted(frame)
    assert report.rows_read == 3 + 2 + 3 + 1 + 2 + 2
    assert report.problems.empty


def test_archive_folder(tmp_path):
    frame = load_outcomes(make_archive(tmp_path / "Basic_LinkedInDataExport"))
    check_archive(frame)
    assert any("Profile.csv" in n for n in frame.attrs["load_report"].notes)


def test_archive_zip_without_profile_uses_most_frequent_sender(tmp_path):
    folder = make_archive(tmp_path / "unpacked", profile=False)
    path = tmp_path / "Complete_LinkedInDataExport_09-15-2022.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in folder.iterdir():
            archive.write(file, file.name)
    frame = load_outcomes(path)
    check_archive(frame)
    assert any(
        "most frequent sender" in n and "Dana W." in n for n in frame.attrs["load_report"].notes
    )


def test_excel_resaved_connections_without_note_lines(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "Connections.csv").write_text(
        "First Name,Last Name,Company,Position,Connected On\n"
        "Ana,Silva,Acme,CEO,9-Sep-22\nBo,Li,Initech,CTO,12-Sep-22\n"
    )
    frame = load_outcomes(folder)
    assert values(frame, "connections_added") == {"2022-09-09": 1.0, "2022-09-12": 1.0}


def test_zip_that_is_not_an_archive(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.csv", "a,b\n1,2\n")
    with pytest.raises(SSIDataError, match="not a LinkedIn data archive"):
        load_outcomes(path)


# ----------------------------------------------------------------------------- CRM
HUBSPOT = (
    '"Record ID","Deal Name","Deal Stage","Amount","Close Date","Create Date","Deal owner",'
    '"Pipeline"\n'
    '"101","Acme","Closed Won","12000","2026-03-20 10:00","2026-03-02 09:00","Dana W.",'
    '"Sales Pipeline"\n'
    '"102","Initech","Appointment Scheduled","5000","2026-04-30","2026-03-03","Dana W.",'
    '"Sales Pipeline"\n'
    '"103","Hooli","Closed Lost","7000","2026-03-25","2026-03-10","Eli K.","Sales Pipeline"\n'
    '"104","Umbrella","Closed Won","","2026-03-26","2026-03-11","Eli K.","Sales Pipeline"\n'
)


@pytest.mark.parametrize("won_value", ["Closed Won", "closedwon"])
def test_hubspot_deals(write, won_value):
    frame = load_outcomes(
        write(
            "hubspot-crm-exports-all-deals-2026-04-01.csv", HUBSPOT.replace("Closed Won", won_value)
        )
    )
    dana = frame[frame["person"] == "Dana W."]
    assert values(dana, "deals_created") == {"2026-03-02": 1, "2026-03-03": 1}
    assert values(dana, "pipeline_created") == {"2026-03-02": 12000, "2026-03-03": 5000}
    assert values(dana, "deals_won") == {"2026-03-20": 1}
    assert values(dana, "revenue_won") == {"2026-03-20": 12000}  # close date, not create date
    eli = frame[frame["person"] == "Eli K."]
    assert values(eli, "deals_won") == {"2026-03-26": 1}
    assert values(eli, "revenue_won") == {}  # a blank amount is not revenue of 0
    report = accounted(frame)
    assert report.format == "HubSpot deals"
    assert any("blank revenue_won" in n for n in report.notes)


def test_hubspot_xlsx(tmp_path):
    path = tmp_path / "deals.xlsx"
    pd.read_csv(pd.io.common.StringIO(HUBSPOT), dtype=str).to_excel(path, index=False)
    frame = load_outcomes(path)
    assert values(frame[frame["person"] == "Dana W."], "revenue_won") == {"2026-03-20": 12000}


SALESFORCE = (
    '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount Currency","Amount",'
    '"Close Date","Created Date"\n'
    '"Dana W.","Acme","Acme renewal","Closed Won","USD","$1,234,567","3/20/2026","3/2/2026"\n'
    '"Dana W.","Globex","Globex new","Prospecting","USD","$2,500.50","4/30/2026","3/13/2026"\n'
    '"Eli K.","Hooli","Hooli EU","Closed Won","EUR","€9,000","3/25/2026","3/10/2026"\n'
    '"Eli K.","Wayne","Wayne","Closed Won","USD","$100","3/26/2026","3/11/2026"\n'
    "\n"
    '"Grand Totals (4 records)"\n'
    "\n"
    '"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
)


def test_salesforce_report(write):
    path = write("report1774000000000.csv", SALESFORCE)
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    assert info.value.problems[["line", "column"]].values.tolist() == [[4, "Amount Currency"]]
    assert "EUR" in str(info.value)
    frame = load_outcomes(path, errors="drop")
    dana = frame[frame["person"] == "Dana W."]
    assert values(dana, "pipeline_created") == {"2026-03-02": 1234567, "2026-03-13": 2500.5}
    assert values(dana, "revenue_won") == {"2026-03-20": 1234567}
    report = accounted(frame)
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (4, 3, 1)
    assert report.format == "Salesforce opportunities"
    assert any("footer" in n for n in report.notes)


def test_configurable_won_stage(write):
    text = "Owner,Status,Value,Created,Closed\nAna,Signed,100,2026-01-05,2026-02-02\n"
    assert "deals_won" not in set(load_outcomes(write("deals.csv", text))["metric"])
    frame = load_outcomes(write("deals.csv", text), won=["Signed"])
    assert values(frame, "revenue_won") == {"2026-02-02": 100}


def test_overlapping_crm_exports_count_each_deal_once(write):
    first = write(
        "a/hubspot-2026-03-15.csv",
        HUBSPOT.split("\n", 3)[0] + "\n" + "\n".join(HUBSPOT.split("\n")[1:3]) + "\n",
    )
    second = write("b/hubspot-2026-04-01.csv", HUBSPOT)
    frame = load_outcomes([first, second])
    assert values(frame[frame["person"] == "Dana W."], "deals_created") == {
        "2026-03-02": 1,
        "2026-03-03": 1,
    }
    assert accounted(frame).rows_merged == 2


# ----------------------------------------------------------------------------- generic
def test_generic_tidy_and_wide(write):
    tidy = load_outcomes(
        write(
            "log.csv",
            "date,metric,value\n2026-01-05,Replies,3\n"
            "2026-01-06,Replies,0\n2026-01-06,Meetings,1\n",
        )
    )
    assert values(tidy, "replies") == {"2026-01-05": 3, "2026-01-06": 0}
    assert set(tidy["kind"]) == {"daily"}
    wide = load_outcomes(
        write(
            "log.csv",
            "Date;Replies;Meetings booked;Notes\n05.01.2026;3;1;good week\n06.01.2026;;0;\n",
        )
    )
    assert values(wide, "replies") == {"2026-01-05": 3}  # blank stays missing
    assert values(wide, "meetings_booked") == {"2026-01-05": 1, "2026-01-06": 0}
    assert any("Notes (text)" in c for c in wide.attrs["load_report"].ignored_columns)


# ----------------------------------------------------------------------------- bad input
def test_unknown_sheet_layout(tmp_path):
    path = tmp_path / "weird.xlsx"
    pd.DataFrame({"foo": [1], "bar": [2]}).to_excel(path, sheet_name="Data", index=False)
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    message = str(info.value)
    assert "weird.xlsx" in message and "expected LinkedIn creator" in message


def test_deals_without_amount_column(write):
    path = write(
        "deals.csv",
        "Deal owner,Deal Stage,Create Date,Close Date\nAna,Closed Won,2026-01-05,2026-02-02\n",
    )
    with pytest.raises(SSIDataError, match="no amount column") as info:
        load_outcomes(path)
    assert "deals.csv" in str(info.value) and "Amount" in str(info.value)


def test_unreadable_date_column(write):
    path = write(
        "deals.csv",
        "Deal owner,Deal Stage,Amount,Create Date\nAna,Open,10,someday\nAna,Open,20,whenever\n",
    )
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    table = info.value.problems
    assert table["column"].tolist() == ["Create Date", "Create Date"]
    assert table["line"].tolist() == [2, 3]
    assert "deals.csv" in str(info.value) and "date" in str(info.value)


def test_creator_export_without_header_row(tmp_path):
    path = tmp_path / "Content_x.xlsx"
    pd.DataFrame({"a": ["nothing"]}).to_excel(path, sheet_name="ENGAGEMENT", index=False)
    with pytest.raises(SSIDataError, match="no header row with 'Date' and 'Impressions'"):
        load_outcomes(path)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="kind must be one of"):
        load_outcomes("x.csv", kind="facebook")


def test_nan_is_never_zero_in_values(write):
    frame = load_outcomes(write("log.csv", "Date,Replies\n2026-01-05,\n2026-01-06,2\n"))
    assert not np.any(frame["value"].isna())
    r = accounted(frame)
    assert (r.rows_kept, r.rows_missing) == (1, 1)


@pytest.mark.parametrize("seed", range(5))
def test_the_tidy_order_is_a_stable_sort_by_person_metric_and_date(seed):
    from ssi_analysis.schema.outcomes import _tidy_order

    rng = np.random.default_rng(seed)
    n = 300
    rows = pd.DataFrame(
        {
            "person": rng.choice(["Ana", "ana", "Émile", "Zoë", "Bo", "B"], n),
            "metric": rng.choice(["deals_won", "revenue_won", "Webinars", "é"], n),
            "date": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 9, n), "D"),
            "value": np.arange(n),  # tells rows of equal keys apart: their order must stay
        },
        index=rng.permutation(n) + 7,
    )
    if seed == 4:
        rows.loc[rows.index[:5], "date"] = pd.NaT  # pandas' own sort then (NaT last)
    expected = rows.sort_values(["person", "metric", "date"], kind="stable")
    pd.testing.assert_frame_equal(rows.take(_tidy_order(rows)), expected)


def test_an_export_with_no_data_rows_names_the_file_and_says_why(tmp_path):
    """A Salesforce report with its header and footer but no deals (or a header alone) said
    "no outcome could be loaded (the files hold no values):" over an empty list, and the
    command line advised --drop, which cannot help."""
    from ssi_analysis.cli import data_message

    team = Path(__file__).resolve().parents[1] / "data" / "sample" / "team"
    lines = (team / "report1763856000000.csv").read_text(encoding="utf-8").splitlines()
    for name, kept in (("footer_only.csv", [lines[0], *lines[-5:]]), ("header.csv", lines[:1])):
        path = tmp_path / name
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        with pytest.raises(SSIDataError) as caught:
            load_outcomes(str(path))
        found = caught.value.problems
        assert found[["file", "line"]].values.tolist() == [[name, 1]], found
        assert "no data rows" in found.loc[0, "problem"] and found.loc[0, "fix"]
        said = data_message(caught.value)
        assert name in said and "--drop" not in said, said
