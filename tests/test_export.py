"""write_csv: spreadsheet formulas in text are neutralised, numbers are left alone."""

import csv

import pandas as pd
import pytest

from ssi_analysis import write_csv


def test_formula_like_text_is_escaped_and_numbers_are_not(tmp_path):
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "plain", "a=b"],
            "number": [-0.41, 1.0, -3.0, 2.5, 0.0, -1e-9, 7.0, 8.0],
        }
    )
    path = write_csv(frame, tmp_path / "t.csv")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["text", "number"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "'\tx",
        "'\rx",
        "plain",
        "a=b",
    ]
    assert [float(r[1]) for r in rows[1:]] == frame["number"].tolist()


def test_headers_from_inputs_are_escaped_too(tmp_path):
    path = write_csv(pd.DataFrame({"=evil()": ["ok"]}), tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "'=evil()"


@pytest.mark.parametrize(
    "value",
    ["\uff1dHYPERLINK(1)", "\uff0b1", "\u00a0=1+1", "\n=1+1", " @SUM(A1)", "\t1"],
)
def test_formula_behind_full_width_or_white_space_is_defused(tmp_path, value):
    path = write_csv(pd.DataFrame({"name": [value, "Ana"]}), tmp_path / "t.csv")
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)["name"].tolist()
    assert cells == ["'" + value, "Ana"]


def test_csv_has_a_byte_order_mark_for_excel(tmp_path):
    import codecs

    path = write_csv(
        pd.DataFrame({"sentence": ["Linked — r = 0.4, 95 % interval"]}), tmp_path / "t.csv"
    )
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and data.count(codecs.BOM_UTF8) == 1
    assert pd.read_csv(path, encoding="utf-8-sig")["sentence"].iloc[0].startswith("Linked —")


def test_xlsx_keeps_full_precision_and_documents_every_column(tmp_path):
    import openpyxl

    from ssi_analysis.present.export import COLUMN_DOCS, write_xlsx

    frame = pd.DataFrame(
        {"outcome": ["revenue_won", "@x"], "r": [0.123456789, float("nan")], "lag": [1, 2]}
    )
    path = write_xlsx(frame, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    answers, docs = book["answers"], book["columns"]
    assert [c.value for c in answers[1]] == ["outcome", "r", "lag"]
    assert answers["B2"].value == 0.123456789 and answers["B2"].number_format == "0.000"
    assert answers["B3"].value is None  # missing stays empty, never 0 or "nan"
    assert answers["A3"].value == "'@x"
    documented = {row[0].value: row[1].value for row in docs.iter_rows(min_row=2)}
    assert set(documented) == {"outcome", "r", "lag"}
    assert all(documented.values())
    assert documented["r"] == COLUMN_DOCS["r"][0]


def test_every_answers_column_is_documented():
    from ssi_analysis.present.export import COLUMN_DOCS
    from ssi_analysis.stats.answers import TABLE_COLUMNS, TEAM_COLUMNS

    assert set(TABLE_COLUMNS) | set(TEAM_COLUMNS) <= set(COLUMN_DOCS)


def test_counts_stay_whole_numbers_when_a_value_is_missing():
    from ssi_analysis.present.export import csv_text, xlsx_bytes

    frame = pd.DataFrame({"lag": [2.0, float("nan")], "n": [52.0, 49.0], "r": [0.5, 0.25]})
    lines = csv_text(frame).splitlines()
    assert lines[1:] == ["2,52,0.5", ",49,0.25"]  # never "2.0"; missing stays empty
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame)))["answers"]
    assert sheet["A2"].value == 2 and isinstance(sheet["A2"].value, int)
    assert sheet["A2"].number_format == "General" and sheet["A3"].value is None
    assert sheet["C2"].number_format == "0.000"


def test_every_sheet_has_a_filter_and_a_frozen_header():
    import io

    import openpyxl

    from ssi_analysis.present.export import xlsx_bytes

    frame = pd.DataFrame({"person": ["Ana", "Bo"], "r": [0.1, 0.2]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, sheets={"sellers": frame})))
    for name in ("answers", "sellers"):
        assert book[name].auto_filter.ref == "A1:B3" and book[name].freeze_panes == "A2"
