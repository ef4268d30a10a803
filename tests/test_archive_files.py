"""LinkedIn archive files as LinkedIn writes them: unquoted multi-line text, backslash escapes,
single files given alone, old and new message layouts, and the metrics derived from them
(replies, accepted invitations, the reply rate in align).

Every archive here is of our own making, written to reproduce a shape seen in real archives
(docs/formats.md §2.3).
"""

import zipfile

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import SSIDataError, align, load_outcomes

# A comment written over three lines without quotes: the 2nd and 3rd lines hold only text.
COMMENTS_UNQUOTED = (
    "Date,Link,Message\r\n"
    "2025-07-13 08:15:21,https://www.linkedin.com/feed/update/1,Great thread\r\n"
    "I'm jumping on this one tho\r\n"
    "ana@example.com\r\n"
    "2025-07-14 09:00:00,https://www.linkedin.com/feed/update/2,plain\r\n"
    '2025-07-15 10:00:00,https://www.linkedin.com/feed/update/3,"She said \\"great\\", I agree"\r\n'
    "well, I, think, so\r\n"
)


def counts(frame, metric):
    rows = frame[frame["metric"] == metric]
    return rows.groupby(rows["date"].dt.strftime("%Y-%m-%d"))["value"].sum().to_dict()


def accounted(frame):
    r = frame.attrs["load_report"]
    assert r.rows_read == r.rows_kept + r.rows_missing + r.rows_merged + r.rows_rejected
    return r


def check_comments(frame):
    assert counts(frame, "comments_written") == {
        "2025-07-13": 1.0,
        "2025-07-14": 1.0,
        "2025-07-15": 1.0,
    }
    report = accounted(frame)
    # 6 data lines: 3 records, 3 continuation lines merged into the line above
    assert (report.rows_read, report.rows_kept, report.rows_merged) == (6, 3, 3)
    assert report.problems.empty
    assert any("joined to it" in n and "3 lines" in n for n in report.notes)


@pytest.mark.parametrize("how", ["folder", "zip", "alone", "alone_renamed", "alone_kind"])
def test_unquoted_multiline_comments_load_everywhere(tmp_path, how):
    data = COMMENTS_UNQUOTED.encode()
    if how == "folder":
        (tmp_path / "export").mkdir()
        (tmp_path / "export" / "Comments.csv").write_bytes(data)
        frame = load_outcomes(tmp_path / "export")
    elif how == "zip":
        path = tmp_path / "Basic_LinkedInDataExport_07-20-2025.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("Comments.csv", data)
        frame = load_outcomes(path)
    else:
        name = "my comments (2025).csv" if how == "alone_renamed" else "Comments.csv"
        path = tmp_path / name
        path.write_bytes(data)
        frame = load_outcomes(path, kind="archive" if how == "alone_kind" else "auto")
    check_comments(frame)


def test_a_dated_line_with_too_many_fields_is_still_refused(tmp_path):
    path = tmp_path / "Comments.csv"
    path.write_text(
        "Date,Link,Message\n2025-07-13 08:15:21,l1,fine\n"
        "2025-07-14 09:00:00,l2,unquoted, comma, here\n"
        "and its second line\n"
    )
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    first = info.value.problems.iloc[0]
    assert int(first["line"]) == 3 and "fields but the header has 3" in first["problem"]
    frame = load_outcomes(path, errors="drop")
    report = accounted(frame)
    assert (report.rows_kept, report.rows_rejected, report.rows_merged) == (1, 1, 1)


def test_a_continuation_line_before_any_record_is_not_swallowed(tmp_path):
    path = tmp_path / "Comments.csv"
    path.write_text("Date,Link,Message\nstray text\n2025-07-14 09:00:00,l2,ok\n")
    with pytest.raises(SSIDataError, match="line 2"):
        load_outcomes(path)


SHARES_2018 = (
    "Date\tShareLink\tShareCommentary\tSharedURL\tMediaURL\tVisibility\n"
    "2017/06/08 08:15:44 UTC\tl1\tFirst post\t\t\tMEMBER_NETWORK\n"
    "2017/06/09 10:00:00 UTC\tl2\tSecond\t\t\tMEMBER_NETWORK\n"
)


@pytest.mark.parametrize("kind", ["auto", "archive"])
def test_a_single_shares_file_is_read_as_in_the_archive(tmp_path, kind):
    path = tmp_path / "Shares.csv"
    path.write_bytes(SHARES_2018.encode("utf-16"))
    frame = load_outcomes(path, kind=kind)
    assert counts(frame, "posts_published") == {"2017-06-08": 1.0, "2017-06-09": 1.0}
    assert set(frame["source"]) == {"linkedin_archive"}
    assert accounted(frame).rows_kept == 2


def test_a_table_that_is_no_archive_file_is_refused_under_kind_archive(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(SSIDataError, match="neither a LinkedIn data archive"):
        load_outcomes(path, kind="archive")


# ----------------------------------------------------------------------------- replies
# The newer layout: conversation ids, no direction; the owner comes from Profile.csv.
MESSAGES_NEW = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    # c1: Dana opens on 09-08, Ana answers on 09-10 (first answer), again on 09-11
    "c1,,Dana W.,u,Ana Silva,2022-09-08 18:08:14 UTC,,Hello,INBOX\n"
    "c1,,Ana Silva,u,Dana W.,2022-09-10 08:00:00 UTC,,Thanks,INBOX\n"
    "c1,,Ana Silva,u,Dana W.,2022-09-11 08:00:00 UTC,,More,INBOX\n"
    # c2: Dana opens on 09-09, no answer
    "c2,,Dana W.,u,Bo Li,2022-09-09 09:00:00 UTC,,Hi,INBOX\n"
    "c2,,Dana W.,u,Bo Li,2022-09-12 09:00:00 UTC,,Ping,INBOX\n"
    # c3: Cy opens; Dana's answer is not outreach
    "c3,,Cy Ng,u,Dana W.,2022-09-09 10:00:00 UTC,,Offer,INBOX\n"
    "c3,,Dana W.,u,Cy Ng,2022-09-09 11:00:00 UTC,,No thanks,INBOX\n"
    # c4: blank sender first: no identifiable opener
    "c4,,,u,Dana W.,2022-09-13 10:00:00 UTC,,?,INBOX\n"
    "c4,,Dana W.,u,,2022-09-13 11:00:00 UTC,,?,INBOX\n"
    # c5: opened on 09-19 (the next week), answered
    "c5,,Dana W.,u,Ed Po,2022-09-19 09:00:00 UTC,,Hi Ed,INBOX\n"
    "c5,,Ed Po,u,Dana W.,2022-09-20 09:00:00 UTC,,Hi,INBOX\n"
)
# The 2018 layout: Messages.csv with a Direction column and no conversation id.
MESSAGES_OLD = (
    "From,To,Date,Subject,Content,Direction,Folder\n"
    "Dana W.,Ana Silva,2017/06/08 08:15:44 UTC,,Hello,OUTGOING,INBOX\n"
    "Ana Silva,Dana W.,2017/06/10 08:15:44 UTC,,Thanks,INCOMING,INBOX\n"
    "Dana W.,Bo Li,2017/06/09 08:15:44 UTC,,Hi,OUTGOING,INBOX\n"
    "Cy Ng,Dana W.,2017/06/09 09:00:00 UTC,,Offer,INCOMING,INBOX\n"
    "Dana W.,Cy Ng,2017/06/09 10:00:00 UTC,,No,OUTGOING,INBOX\n"
)


def test_replies_from_the_newer_message_layout(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "messages.csv").write_text(MESSAGES_NEW)
    (folder / "Profile.csv").write_text("First Name,Last Name\nDana,W.\n")
    frame = load_outcomes(folder)
    assert counts(frame, "outreach_sent") == {
        "2022-09-08": 1.0,
        "2022-09-09": 1.0,
        "2022-09-19": 1.0,
    }
    assert counts(frame, "outreach_replied") == {"2022-09-08": 1.0, "2022-09-19": 1.0}
    assert counts(frame, "replies_received") == {"2022-09-10": 1.0, "2022-09-20": 1.0}
    report = accounted(frame)
    assert report.rows_read == 11 and report.rows_kept == 11
    note = next(n for n in report.notes if "conversation" in n)
    assert "5 conversations, 3 opened by you, 2 of them answered; 1 without" in note

    # align: the rate of each week's opened conversations, beside its denominator
    scores = pd.DataFrame(
        {
            "person": "me",
            "date": pd.to_datetime(["2022-09-05", "2022-09-12", "2022-09-19"]),
            "ssi": [50.0, 51.0, 52.0],
        }
    )
    panel = align(scores, frame, min_coverage=0.25)  # the last week is covered 2 days of 7
    columns = list(panel.columns)
    assert columns.index("reply_rate") == columns.index("outreach_sent") + 2
    by_week = panel.set_index(panel["period"].dt.strftime("%Y-%m-%d"))
    assert by_week["outreach_sent"].to_dict() == {
        "2022-09-05": 2.0,
        "2022-09-12": 0.0,
        "2022-09-19": 1.0,
    }
    rate = by_week["reply_rate"]
    assert rate["2022-09-05"] == 0.5 and rate["2022-09-19"] == 1.0
    assert np.isnan(rate["2022-09-12"])  # no outreach: no rate, never 0


def test_replies_from_the_old_message_layout(tmp_path):
    path = tmp_path / "Messages.csv"
    path.write_text(MESSAGES_OLD)
    frame = load_outcomes(path)  # alone, recognised by its name
    assert counts(frame, "messages_sent") == {"2017-06-08": 1.0, "2017-06-09": 2.0}
    assert counts(frame, "outreach_sent") == {"2017-06-08": 1.0, "2017-06-09": 1.0}
    assert counts(frame, "replies_received") == {"2017-06-10": 1.0}
    assert counts(frame, "outreach_replied") == {"2017-06-08": 1.0}
    note = next(n for n in accounted(frame).notes if "conversation" in n)
    assert "3 conversations, 2 opened by you, 1 of them answered; 0 without" in note


def test_a_message_with_an_unknown_direction_is_named(tmp_path):
    path = tmp_path / "Messages.csv"
    path.write_text(MESSAGES_OLD.replace("INCOMING,INBOX\nDana", "SIDEWAYS,INBOX\nDana", 1))
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    first = info.value.problems.iloc[0]
    assert (int(first["line"]), first["column"]) == (3, "Direction")


CONNECTIONS = (
    'Notes:\n"When exporting your connection data, you may notice..."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Silva,https://www.linkedin.com/in/ana-s/,,Acme,CEO,27 Aug 2022\n"
    "Bo,Li,,,Initech,CTO,09 Sep 2022\n"
    "Cy,Ng,https://www.linkedin.com/in/cy,,Hooli,VP,12 Sep 2022\n"
    "Ed,Po,https://www.linkedin.com/in/ed-po,,Hooli,VP,01 Aug 2022\n"
    "Fay,Wu,https://www.linkedin.com/in/fay-1,,X,Y,15 Sep 2022\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    # by URL (trailing slash and host differ)
    'Dana W.,Ana S.,"8/26/22, 8:56 PM",,OUTGOING,u,linkedin.com/in/ana-s\n'
    # by name (the connection has no URL)
    'Dana W.,Bo Li,"9/1/22, 8:56 PM",,OUTGOING,u,https://www.linkedin.com/in/bo\n'
    # incoming: not ours to count
    'Cy Ng,Dana W.,"9/2/22, 8:56 PM",,INCOMING,https://www.linkedin.com/in/cy,u\n'
    # connected before the invitation: not an acceptance
    'Dana W.,Ed Po,"9/3/22, 8:56 PM",,OUTGOING,u,https://www.linkedin.com/in/ed-po\n'
    # same name, another profile: both have URLs, so no match
    'Dana W.,Fay Wu,"9/3/22, 8:56 PM",,OUTGOING,u,https://www.linkedin.com/in/fay-2\n'
)


def test_invitations_accepted(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(CONNECTIONS)
    (folder / "Invitations.csv").write_text(INVITATIONS)
    frame = load_outcomes(folder)
    assert counts(frame, "invitations_accepted") == {"2022-08-27": 1.0, "2022-09-09": 1.0}
    report = accounted(frame)
    assert report.rows_read == 10 and report.problems.empty
    assert any("2 of 4 invitations you sent were accepted" in n for n in report.notes)


def test_unquoted_multiline_text_with_commas_in_a_middle_column(tmp_path):
    """Shares.csv: the commentary is not the last column; its commas stay in it."""
    path = tmp_path / "Shares.csv"
    path.write_text(
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        "2022-09-08 04:10:18,l1,Line one\n"
        "line two, and, more,,,MEMBER_NETWORK\n"
        "2022-09-09 04:10:18,l2,ok,,,MEMBER_NETWORK\n"
    )
    frame = load_outcomes(path)
    assert counts(frame, "posts_published") == {"2022-09-08": 1.0, "2022-09-09": 1.0}
    report = accounted(frame)
    assert (report.rows_read, report.rows_kept, report.rows_merged) == (3, 2, 1)
