"""The bad-input corpus (tests/corpus, written by make_corpus.py): each file's expected outcome.

A load is checked by its values and its accounting; an error by the line and column its first
problem names, and the words of the problem. No file may end in anything but a load or an
SSIDataError.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import SSIDataError, load_outcomes, load_ssi

CORPUS = Path(__file__).resolve().parent / "corpus"
D = pd.Timestamp

# file -> {column: expected values} (SSI), checked in date order
SSI_LOADS = {
    "excel_resaved_text_month.csv": {"date": [D("2022-09-09"), D("2022-09-10")], "ssi": [53, 54]},
    "mixed_date_formats.csv": {"date": [D("2026-05-12"), D("2026-05-13")]},
    "trailing_empty_columns.csv": {"ssi": [53, 54], "relationships": [15, 15]},
    "duplicated_headers.csv": {"ssi": [53]},  # the first SSI column; the second is ignored
    "merged_looking_blank_rows.csv": {"ssi": [53, 54]},
    "title_line_above_header.csv": {"ssi": [53]},
    "ids_in_scientific_notation.csv": {"person": ["Ana", "Bo"], "ssi": [53, 61]},
    "failed_captures_as_zeros.csv": {"ssi": [53, np.nan]},
    "failed_captures_as_blanks.csv": {"ssi": [53, np.nan]},
    "same_day_twice.csv": {"ssi": [53]},  # 17:00 beats 09:00
    "percent_ranks_with_spaces.csv": {"industry_rank": [5], "network_rank": [12]},
    "unix_milliseconds.csv": {"date": [D("2026-05-12")], "ssi": [53.2]},
    "iso_timestamps_with_offsets.csv": {"date": [D("2026-05-12"), D("2026-05-13")]},
    "dotted_day_first.csv": {"date": [D("2026-05-12"), D("2026-06-01")]},
    "crlf_line_endings.csv": {"brand": [21]},
    "old_mac_cr_line_endings.csv": {"brand": [21]},
    "quoted_multiline_notes.csv": {"ssi": [53, 54]},
    "out_of_100_text.csv": {"ssi": [53, 54]},
    "long_with_text_only_rows.csv": {"ssi": [53]},
    "long_conflicting_values.csv": {"industry_rank": [10]},  # the first kept, the clash noted
    "json_wrapped_in_body.json": {"ssi": [20], "brand": [5], "date": [D("2026-05-12")]},
    "windows_1252_bytes.csv": {"ssi": [53, 54]},
    "utf16_tab_separated.tsv": {"people": [6.5]},
    "bom_semicolon_decimal_comma.csv": {"brand": [21.048, 21.048], "insights": [10.25, 9.5]},
}

# file -> (line, column, words of the problem) of the first problem
SSI_ERRORS = {
    "ambiguous_day_month.csv": (2, "Date", "cannot be told apart"),
    "day_and_month_mixed_orders.csv": (2, "Date", "mixes day-first and month-first"),
    "stray_totals_row.csv": (3, "Date", "totals or average row"),
    "brand_is_the_total.csv": (3, "Brand", "range 0-25 of brand"),
    "total_disagrees_with_pillars.csv": (2, "SSI", "sum of the four pillars"),
    "text_in_a_number_column.csv": (2, "People", "not a number"),
    "negative_pillar.csv": (2, "People", "range 0-25"),
    "total_over_100.csv": (2, "SSI", "range 0-100"),
    "rank_of_zero.csv": (2, "Industry_Rank", "range 1-100"),
    "truncated_last_line.csv": (3, None, "4 fields but the header has 6"),
    "empty.csv": (None, None, "empty"),
    "header_only.csv": (2, None, "no data rows"),
    "prose_not_a_table.txt": (1, None, "does not look like an SSI log"),
    "team_blank_name.csv": (3, "Seller", "no person is named"),
    "json_without_member_score.json": (1, "memberScore", "no memberScore"),
    "json_without_any_date.json": (1, "date", "no date"),
    "jsonl_with_a_broken_line.jsonl": (2, None, "not valid JSON"),
    "error_after_multiline_cell.csv": (
        4,
        "SSI",
        "range 0-100",
    ),  # line numbers past a quoted newline
    "missing_date.csv": (2, "Date", "date is missing"),
    "binary_named_csv.csv": (None, None, "binary data"),
    "xlsx_renamed_csv.csv": (None, None, "zip or Excel"),
    "xlsx_without_an_ssi_sheet.xlsx": (None, None, "no sheet of this workbook"),
}

OUTCOME_LOADS = {
    "money_us_thousands.csv": ("revenue", [1234.5, 12000.0]),
    "money_eu_thousands.csv": ("receita", [1234.5, 12000.0]),
    "salesforce_footer_and_currency.csv": ("revenue_won", [1234567.0]),
    "hubspot_internal_stage_values.csv": ("deals_won", [1.0]),
    "creator_numbers_as_text.xlsx": ("impressions", [1200.0, 1300.0]),
    # LinkedIn archive files alone, old and new shapes
    "comments_unquoted_multiline.csv": ("comments_written", [1.0, 1.0]),
    "messages_2018_with_direction.csv": ("replies_received", [1.0]),
    "messages_newer_layout.csv": ("outreach_sent", [1.0, 1.0, 1.0]),
    "invitations_excel_resaved_na.csv": ("invitations_sent", [1.0, 1.0]),
    "Shares_2018_utf16_tab.csv": ("posts_published", [1.0, 1.0]),
}
OUTCOME_ERRORS = {
    "deals_without_amount.csv": (1, None, "no amount column"),
    "deals_unreadable_dates.csv": (2, "Create Date", "cannot be read as a date"),
    "unknown_table.csv": (1, None, "not an outcome export"),
    "zip_that_is_not_an_archive.zip": (None, None, "not a LinkedIn data archive"),
    "creator_unknown_layout.xlsx": (None, None, "no header row with 'Date'"),
    "archive_excel_resaved": (3, "Direction", "neither INCOMING nor OUTGOING"),
    "comments_dated_line_with_extra_fields.csv": (3, None, "4 fields but the header has 3"),
}


def test_the_corpus_is_complete():
    files = {p.name for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".py"}
    files |= {"archive_excel_resaved"}
    files -= {"Connections.csv", "Invitations.csv"}
    named = set(SSI_LOADS) | set(SSI_ERRORS) | set(OUTCOME_LOADS) | set(OUTCOME_ERRORS)
    assert files == named
    assert len(named) >= 40


def accounted(frame):
    r = frame.attrs["load_report"]
    assert r.rows_read == r.rows_kept + r.rows_missing + r.rows_merged + r.rows_rejected
    return r


@pytest.mark.parametrize("name", SSI_LOADS)
def test_ssi_loads(name):
    frame = load_ssi(CORPUS / "ssi" / name)
    for column, expected in SSI_LOADS[name].items():
        got = frame[column].tolist()
        if column in ("date", "person"):
            assert got == expected
        else:
            np.testing.assert_allclose(np.asarray(got, float), np.asarray(expected, float))
    report = accounted(frame)
    assert report.rows_rejected == 0 and report.problems.empty


def check_error(error: SSIDataError, name: str, expected):
    line, column, words = expected
    first = error.problems.iloc[0]
    assert first["file"].startswith(name) or name in first["file"]
    assert (None if pd.isna(first["line"]) else int(first["line"])) == line
    assert first["column"] == column
    assert words in first["problem"]
    message = str(error)
    assert name in message and "Traceback" not in message
    if line is not None:
        assert f"line {line}" in message


@pytest.mark.parametrize("name", SSI_ERRORS)
def test_ssi_errors(name):
    with pytest.raises(SSIDataError) as info:
        load_ssi(CORPUS / "ssi" / name)
    check_error(info.value, name, SSI_ERRORS[name])


@pytest.mark.parametrize("name", OUTCOME_LOADS)
def test_outcome_loads(name):
    frame = load_outcomes(CORPUS / "outcomes" / name)
    metric, values = OUTCOME_LOADS[name]
    got = frame.loc[frame["metric"] == metric].sort_values("date")["value"].tolist()
    np.testing.assert_allclose(got, values)
    accounted(frame)


@pytest.mark.parametrize("name", OUTCOME_ERRORS)
def test_outcome_errors(name):
    with pytest.raises(SSIDataError) as info:
        load_outcomes(CORPUS / "outcomes" / name)
    check_error(info.value, name if "." in name else "Invitations.csv", OUTCOME_ERRORS[name])


def test_drop_keeps_what_it_can_and_accounts_for_the_rest():
    frame = load_outcomes(CORPUS / "outcomes" / "archive_excel_resaved", errors="drop")
    report = accounted(frame)
    assert report.rows_rejected == 1 and report.rows_kept == 3
    assert sorted(frame["date"].dt.strftime("%Y-%m-%d")) == [
        "2022-08-26",
        "2022-09-09",
        "2022-09-12",
    ]


def test_generated_corpus_matches_the_committed_files():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.TEXT.items():
        assert (CORPUS / name).read_bytes() == text.encode("utf-8"), name
