"""Write the bad-input corpus (``python tests/corpus/make_corpus.py``).

Every file here was written by hand below, to reproduce one quirk of real exports
(``docs/formats.md`` §3 and more). ``tests/test_corpus.py`` says what each must give: a correct load
with its values checked, or an ``SSIDataError`` naming the file, line and column.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
H = "Date,SSI,Brand,People,Insights,Relationships\n"
ROW = "2026-05-12,53,21,6.5,10.5,15\n"

TEXT: dict[str, str] = {
    # --- SSI: loads
    "ssi/excel_resaved_text_month.csv": H
    + "9-Sep-22,53,21,6.5,10.5,15\n10-Sep-22,54,21,7,10.5,15\n",
    "ssi/mixed_date_formats.csv": H + "2026-05-12,53,21,6.5,10.5,15\n5/13/2026,54,21,7,10.5,15\n",
    "ssi/trailing_empty_columns.csv": "Date,SSI,Brand,People,Insights,Relationships,,,\n"
    "2026-05-12,53,21,6.5,10.5,15,,,\n2026-05-13,54,21,7,10.5,15,,,\n",
    "ssi/duplicated_headers.csv": "Date,SSI,Brand,People,Insights,Relationships,SSI\n"
    "2026-05-12,53,21,6.5,10.5,15,99\n",
    "ssi/merged_looking_blank_rows.csv": H
    + ROW
    + ",,,,,\n,,,,,\n"
    + "2026-05-13,54,21,7,10.5,15\n",
    "ssi/title_line_above_header.csv": "My SSI log (exported 13 May)\n\n" + H + ROW,
    "ssi/ids_in_scientific_notation.csv": "Rep ID,Name,Date,SSI\n1.23457E+11,Ana,2026-05-12,53\n"
    "1.23458E+11,Bo,2026-05-12,61\n",
    "ssi/failed_captures_as_zeros.csv": H + ROW + "2026-05-13,0.0,0.0,0.0,0.0,0.0\n",
    "ssi/failed_captures_as_blanks.csv": H + ROW + "2026-05-13,,,,,\n",
    "ssi/same_day_twice.csv": "Date,Time,SSI\n2026-05-12,17:00,53\n2026-05-12,09:00,50\n",
    "ssi/percent_ranks_with_spaces.csv": "Date,SSI,Industry rank,Network rank\n"
    "2026-05-12,53,Top 5 %,top 12%\n",
    "ssi/unix_milliseconds.csv": "collectedAt,ssi_overall_score\n1778544000000,53.2\n",
    "ssi/iso_timestamps_with_offsets.csv": "capturedAt,SSI\n2026-05-12T23:30:00-03:00,53\n"
    "2026-05-13T07:00:00+09:00,54\n",
    "ssi/dotted_day_first.csv": "Datum;SSI\n12.05.2026;53\n01.06.2026;55\n",
    "ssi/crlf_line_endings.csv": (H + ROW).replace("\n", "\r\n"),
    "ssi/old_mac_cr_line_endings.csv": (H + ROW).replace("\n", "\r"),
    "ssi/quoted_multiline_notes.csv": 'Date,SSI,Notes\n2026-05-12,53,"posted twice,\n'
    'commented a lot"\n2026-05-13,54,quiet\n',
    "ssi/out_of_100_text.csv": "Date,Social Selling Index\n2026-05-12,53 de 100\n"
    "2026-05-13,54 of 100\n",
    "ssi/long_with_text_only_rows.csv": "date,section,field,value\n"
    "2026-05-12,Score,Social Selling Index,53\n2026-05-12,Note,Sales Navigator ad,\n"
    "2026-05-12,Benchmark,Industry,Management consulting\n",
    "ssi/long_conflicting_values.csv": "date,section,field,value\n"
    "2026-05-12,Score,Social Selling Index,53\n2026-05-12,Ranking,Industry SSI rank,10\n"
    "2026-05-12,Benchmark,Industry rank,11\n",
    "ssi/json_wrapped_in_body.json": '{"body": {"memberScore": {"overall": 20, "subScores": ['
    '{"score": 5, "pillar": "STRONG_RELATIONSHIP"}, {"score": 5, "pillar": "PROFESSIONAL_BRAND"},'
    ' {"score": 5, "pillar": "INSIGHT_ENGAGEMENT"}, {"score": 5, "pillar": "FIND_RIGHT_PEOPLE"}'
    ']}, "groupScore": []}, "capturedAt": "2026-05-12T08:00:00Z"}\n',
    # --- SSI: errors
    "ssi/ambiguous_day_month.csv": "Date,SSI\n03/04/2025,50\n05/06/2025,51\n",
    "ssi/day_and_month_mixed_orders.csv": "Date,SSI\n13/01/2025,50\n01/14/2025,51\n",
    "ssi/stray_totals_row.csv": H + ROW + "Total,53,21,6.5,10.5,15\n",
    "ssi/brand_is_the_total.csv": H + ROW + "2026-05-13,53,51,6.5,10.5,15\n",
    "ssi/total_disagrees_with_pillars.csv": H + "2026-05-12,60,21,6.5,10.5,15\n",
    "ssi/text_in_a_number_column.csv": H + "2026-05-12,53,21,six,10.5,15\n",
    "ssi/negative_pillar.csv": H + "2026-05-12,43,21,-3.5,10.5,15\n",
    "ssi/total_over_100.csv": "Date,SSI\n2026-05-12,153\n",
    "ssi/rank_of_zero.csv": "Date,SSI,Industry_Rank\n2026-05-12,53,0\n",
    "ssi/truncated_last_line.csv": H + ROW + "2026-05-13,54,21,7",
    "ssi/empty.csv": "",
    "ssi/header_only.csv": H,
    "ssi/prose_not_a_table.txt": "Dear team,\nplease find my SSI screenshot attached.\nBest,\nAna\n",
    "ssi/team_blank_name.csv": "Seller,Date,SSI\nAna,2026-05-12,53\n,2026-05-12,61\n",
    "ssi/json_without_member_score.json": '{"data": {"activeSeat": false}, "date": "2026-05-12"}\n',
    "ssi/json_without_any_date.json": '{"memberScore": {"overall": 20, "subScores": []}}\n',
    "ssi/jsonl_with_a_broken_line.jsonl": '{"date": "2026-05-12", "memberScore": {"overall": 20}}\n'
    '{"date": "2026-05-13", "memberScore": {"overall": \n',
    "ssi/error_after_multiline_cell.csv": 'Date,SSI,Notes\n2026-05-12,53,"a note\nover two lines"\n'
    "2026-05-13,153,\n",
    "ssi/missing_date.csv": "Date,SSI\n,53\n2026-05-13,54\n",
    # --- outcomes: loads
    "outcomes/money_us_thousands.csv": 'Date,Revenue\n2026-05-12,"$1,234.50"\n2026-05-13,"$12,000"\n',
    "outcomes/money_eu_thousands.csv": "Data;Receita\n12/05/2026;1.234,50 €\n13/05/2026;12.000,00 €\n",
    "outcomes/salesforce_footer_and_currency.csv": '"Opportunity Owner","Stage","Amount Currency",'
    '"Amount","Close Date","Created Date"\n"Ana","Closed Won","USD","$1,234,567","3/20/2026",'
    '"3/2/2026"\n\n"Grand Totals (1 records)"\n\n"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n',
    "outcomes/hubspot_internal_stage_values.csv": '"Record ID","Deal Stage","Amount","Close Date",'
    '"Create Date","Deal owner"\n"1","closedwon","500","2026-03-20","2026-03-02","Ana"\n'
    '"2","appointmentscheduled","700","2026-04-20","2026-03-03","Ana"\n',
    # LinkedIn archive files given alone, old and new shapes (docs/formats.md §2.3)
    "outcomes/comments_unquoted_multiline.csv": "Date,Link,Message\r\n"
    "2025-07-13 08:15:21,l1,Great thread\r\nI'm jumping on this one tho\r\nana@example.com\r\n"
    '2025-07-14 09:00:00,l2,"She said \\"yes\\", fine"\r\n',
    "outcomes/messages_2018_with_direction.csv": "From,To,Date,Subject,Content,Direction,Folder\n"
    "Me,Ana,2017/06/08 08:15:44 UTC,,Hello,OUTGOING,INBOX\n"
    "Ana,Me,2017/06/10 08:15:44 UTC,,Thanks,INCOMING,INBOX\n"
    "Me,Bo,2017/06/09 08:15:44 UTC,,Hi,OUTGOING,INBOX\n",
    "outcomes/messages_newer_layout.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,"
    "SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
    'c1,,Me,u,Ana,v,2022-09-08 18:08:14 UTC,,"Hello,\nsecond line",INBOX,No\n'
    "c1,,Ana,v,Me,u,2022-09-09 08:00:00 UTC,,Thanks,INBOX,No\n"
    "c2,,Me,u,Bo,w,2022-09-09 09:00:00 UTC,,Hi,INBOX,No\n"
    "c3,,Me,u,Cy,x,2022-09-10 09:00:00 UTC,,Hi,INBOX,No\n"
    "c3,,Cy,x,Me,u,2022-09-12 09:00:00 UTC,,Hey,INBOX,No\n",
    "outcomes/invitations_excel_resaved_na.csv": "From,To,Sent At,Message,Direction\n"
    "Me,Ana,18-Jun-24,NA,OUTGOING\nCy,Me,19-Jun-24,NA,INCOMING\nMe,Bo,19-Jun-24,NA,OUTGOING\n",
    # --- outcomes: errors
    "outcomes/comments_dated_line_with_extra_fields.csv": "Date,Link,Message\n"
    "2025-07-13 08:15:21,l1,fine\n2025-07-14 09:00:00,l2,one, two\n",
    "outcomes/deals_without_amount.csv": "Deal owner,Deal Stage,Create Date,Close Date\n"
    "Ana,Closed Won,2026-01-05,2026-02-02\n",
    "outcomes/deals_unreadable_dates.csv": "Deal owner,Deal Stage,Amount,Create Date\n"
    "Ana,Open,10,someday\nAna,Open,20,whenever\n",
    "outcomes/unknown_table.csv": "foo,bar\n1,2\n",
}


def write_binary(path: Path) -> None:
    path.write_bytes(b"\x00\x01\x02\x03\xff\xfe binary \x00" * 40)


def main() -> None:
    for name, text in TEXT.items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (HERE / "ssi/windows_1252_bytes.csv").write_bytes(
        "Data;SSI;Observação\n12/05/2026;53;relações\n13/05/2026;54;ótimo\n".encode("cp1252")
    )
    (HERE / "ssi/utf16_tab_separated.tsv").write_bytes(
        (H + ROW).replace(",", "\t").encode("utf-16")
    )
    (HERE / "ssi/bom_semicolon_decimal_comma.csv").write_bytes(
        "\ufeffData;SSI;Brand;People;Insights;Relationships\n12/05/2026;53;21,048;6,5;10,25;15\n"
        "13/05/2026;52;21,048;6,5;9,5;15\n".encode()
    )
    write_binary(HERE / "ssi/binary_named_csv.csv")
    (HERE / "outcomes/Shares_2018_utf16_tab.csv").write_bytes(
        "Date\tShareLink\tShareCommentary\tSharedURL\tMediaURL\tVisibility\n"
        "2017/06/08 08:15:44 UTC\tl1\tFirst post\t\t\tMEMBER_NETWORK\n"
        '2017/06/09 10:00:00 UTC\tl2\t"Two\nlines"\t\t\tMEMBER_NETWORK\n'.encode("utf-16")
    )
    with zipfile.ZipFile(HERE / "ssi/xlsx_renamed_csv.csv", "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with zipfile.ZipFile(HERE / "outcomes/zip_that_is_not_an_archive.zip", "w") as archive:
        archive.writestr("holiday/photo_list.csv", "file,size\na.jpg,10\n")
    _workbooks()
    archive = HERE / "outcomes/archive_excel_resaved"
    archive.mkdir(parents=True, exist_ok=True)
    (archive / "Connections.csv").write_text(
        "First Name,Last Name,Company,Position,Connected On\nAna,Silva,Acme,CEO,9-Sep-22\n"
        "Bo,Li,Initech,CTO,12-Sep-22\n",
        encoding="utf-8",
    )
    (archive / "Invitations.csv").write_text(
        'From,To,Sent At,Message,Direction\nMe,Ana,"8/26/22, 8:56 PM",,OUTGOING\n'
        'Cy,Me,"9/13/22, 10:01 AM",,SIDEWAYS\n',
        encoding="utf-8",
    )


def _workbooks() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing", "to", "see"])
    book.create_sheet("Data").append([1, 2, 3])
    book.save(HERE / "ssi/xlsx_without_an_ssi_sheet.xlsx")
    book = Workbook()
    book.active.title = "ENGAGEMENT"
    book.active.append(["Date", "Impressions", "Engagements"])
    for day, impressions, engagements in (("1/1/2026", "1,200", "10"), ("1/2/2026", "1,300", "11")):
        book.active.append([day, impressions, engagements])
    book.save(HERE / "outcomes/creator_numbers_as_text.xlsx")
    book = Workbook()
    book.active.title = "ENGAGEMENT"
    book.active.append(["Day", "Views"])
    book.save(HERE / "outcomes/creator_unknown_layout.xlsx")


if __name__ == "__main__":
    main()
