"""load_ssi reads every shape people keep their SSI in (docs/formats.md §1.2)."""

import json

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import load_ssi
from ssi_analysis.names import SSI_COLUMNS

WIDE = (
    "Date,SSI,Brand,People,Insights,Relationships,Industry_Rank,Network_Rank\n"
    "2026-05-12,53,21.048,6.5,10.25,15,10,12\n"
    "2026-05-13,52,21.048,6.5,9.5,15,10,13\n"
)
EXPECTED = pd.DataFrame(
    {
        "date": pd.to_datetime(["2026-05-12", "2026-05-13"]),
        "ssi": [53.0, 52.0],
        "brand": [21.048, 21.048],
        "people": [6.5, 6.5],
        "insights": [10.25, 9.5],
        "relationships": [15.0, 15.0],
        "industry_rank": [10.0, 10.0],
        "network_rank": [12.0, 13.0],
    }
)


def check(frame, expected=EXPECTED):
    assert list(frame.columns[: len(SSI_COLUMNS)]) == list(SSI_COLUMNS)
    assert frame["date"].dtype == "datetime64[ns]"
    assert (frame["date"] == frame["date"].dt.normalize()).all()
    got = frame[expected.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_wide_comma(write):
    frame = load_ssi(write("log.csv", WIDE))
    check(frame)
    assert (frame["person"] == "me").all()
    report = frame.attrs["load_report"]
    assert (report.rows_read, report.rows_kept) == (2, 2)
    assert report.format.startswith("wide CSV")


def test_wide_semicolon_decimal_comma_dotted_dates_bom(write):
    text = (
        WIDE.replace(",", ";")
        .replace(".", ",")
        .replace("2026-05-12", "12.05.2026")
        .replace("2026-05-13", "13.05.2026")
    )
    check(load_ssi(write("log.csv", "\ufeff" + text)))


def test_wide_tab_utf16(write):
    path = write("log.tsv", WIDE.replace(",", "\t"), encoding="utf-16")
    frame = load_ssi(path)
    check(frame)
    assert "utf-16" in frame.attrs["load_report"].format


@pytest.mark.parametrize(
    ("first", "second", "dayfirst"),
    [
        ("5/12/2026", "5/13/2026", None),  # M/D/YYYY, decided by the 13
        ("12/05/2026", "13/05/2026", None),  # D/M/YYYY, decided by the 13
        ("05/12/2026", "05/13/2026", False),
        ("1778544000000", "1778630400000", None),  # Unix milliseconds
        ("2026-05-12T17:55:00Z", "2026-05-13T08:01:00+02:00", None),  # ISO timestamps
    ],
)
def test_wide_date_conventions(write, first, second, dayfirst):
    text = WIDE.replace("2026-05-12", first).replace("2026-05-13", second)
    check(load_ssi(write("log.csv", text), dayfirst=dayfirst))


def test_header_aliases_english(write):
    text = WIDE.replace(
        "Date,SSI,Brand,People,Insights,Relationships,Industry_Rank,Network_Rank",
        "captured_at,ssi_overall_score,professionalBrand,findRightPeople,engageWithInsights,"
        "buildRelationships,industry_rank,network_rank",
    )
    check(load_ssi(write("log.csv", text)))


def test_header_aliases_portuguese_and_text_values(write):
    text = (
        "Data;Social Selling Index;Estabelecer sua marca profissional;"
        "Localizar as pessoas certas;Interagir oferecendo insights;Criar relacionamentos;"
        "Classificação SSI do setor;Classificação SSI da rede\n"
        "12/05/2026;53 de 100;21,048;6,5;10,25;15;Primeiros 10%;Primeiros 12%\n"
        "13/05/2026;52 de 100;21,048;6,5;9,5;15;Primeiros 10%;Primeiros 13%\n"
    )
    check(load_ssi(write("log.csv", text)))


def test_english_text_values(write):
    text = (
        "Date,Total SSI,Establish your professional brand,Find the right people,"
        "Engage with insights,Build relationships,Industry rank,Network rank\n"
        "2026-05-12,53 of 100,21.048,6.5,10.25,15,Top 10%,Top 12%\n"
        "2026-05-13,52 of 100,21.048,6.5,9.5,15,Top 10%,Top 13%\n"
    )
    check(load_ssi(write("log.csv", text)))


def test_missing_total_is_sum_of_pillars(write):
    text = "Date,Brand,People,Insights,Relationships\n2026-05-12,21.048,6.5,10.25,15\n"
    frame = load_ssi(write("log.csv", text))
    assert frame.loc[0, "ssi"] == pytest.approx(52.798)


def test_pillars_only_partial_total_nan(write):
    text = "Date,SSI\n2026-05-12,53\n"
    frame = load_ssi(write("log.csv", text))
    assert frame.loc[0, "ssi"] == 53 and np.isnan(frame.loc[0, "brand"])


def test_xlsx(tmp_path):
    path = tmp_path / "log.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"notes": ["my scores"]}).to_excel(writer, sheet_name="about", index=False)
        frame = pd.read_csv(pd.io.common.StringIO(WIDE))
        frame["Date"] = pd.to_datetime(frame["Date"])
        frame.to_excel(writer, sheet_name="SSI", index=False, startrow=2)
    loaded = load_ssi(path)
    check(loaded)
    problems = loaded.attrs["load_report"].problems
    assert problems.empty


def test_long_english(write):
    text = (
        "date,section,field,value\n"
        "2026-05-12,Score,Social Selling Index,53\n"
        "2026-05-12,Your score,Establish your professional brand,21.048\n"
        "2026-05-12,Your score,Find the right people,6.5\n"
        "2026-05-12,Your score,Engage with insights,10.25\n"
        "2026-05-12,Your score,Build relationships,15\n"
        "2026-05-12,Ranking,Industry SSI rank,Top 10%\n"
        "2026-05-12,Ranking,Network SSI rank,Top 12%\n"
        "2026-05-12,People in your industry,Establish your professional brand,11.79\n"
        "2026-05-12,Note,Free text,nothing to see\n"
    )
    frame = load_ssi(write("ssi.csv", text))
    check(frame, EXPECTED.iloc[:1])
    assert frame.loc[0, "industry_brand"] == pytest.approx(11.79)
    report = frame.attrs["load_report"]
    assert report.rows_read == 1 and any("Free text" in c for c in report.ignored_columns)


def payload(overall=19.705751, order=(0, 1, 2, 3)):
    subs = [
        {"score": 13.118002, "pillar": "PROFESSIONAL_BRAND"},
        {"score": 3.68, "pillar": "FIND_RIGHT_PEOPLE"},
        {"score": 0.29999998, "pillar": "INSIGHT_ENGAGEMENT"},
        {"score": 2.6077502, "pillar": "STRONG_RELATIONSHIP"},
    ]
    return {
        "activeSeat": False,
        "memberScore": {"overall": overall, "subScores": [subs[i] for i in order]},
        "groupScore": [
            {"groupType": "INDUSTRY", "rank": 75, "score": {"overall": 30.99, "subScores": []}},
            {
                "groupType": "NETWORK",
                "rank": 81,
                "score": {
                    "overall": 32.72,
                    "subScores": [{"score": 9.5, "pillar": "PROFESSIONAL_BRAND"}],
                },
            },
            {
                "groupType": "TEAM",
                "rank": 3,
                "groupSize": 12,
                "score": {"overall": 40.0, "subScores": []},
            },
        ],
    }


def check_payload(row):
    assert row["ssi"] == pytest.approx(19.705751)
    assert row["brand"] == pytest.approx(13.118002)
    assert row["insights"] == pytest.approx(0.29999998)
    assert row["relationships"] == pytest.approx(2.6077502)
    assert (row["industry_rank"], row["network_rank"]) == (75, 81)
    assert (row["industry_ssi"], row["network_ssi"]) == (30.99, 32.72)
    assert row["network_brand"] == 9.5
    assert (row["team_rank"], row["team_ssi"]) == (3, 40.0)


def test_json_date_in_file_name(write):
    frame = load_ssi(write("ssi_2026-05-12.json", json.dumps(payload(order=(3, 1, 0, 2)))))
    assert frame.loc[0, "date"] == pd.Timestamp("2026-05-12")
    check_payload(frame.iloc[0])


@pytest.mark.parametrize(
    "wrap",
    [
        lambda p: {"object": "LinkedinRawData", "data": p, "date": "2026-05-12"},
        lambda p: {"body": p, "capturedAt": "2026-05-12T09:27:00Z"},
        lambda p: {"collectedAt": 1778544000000, **p},
    ],
)
def test_json_wrappers_with_sibling_dates(write, wrap):
    frame = load_ssi(write("capture.json", json.dumps(wrap(payload()))))
    assert frame.loc[0, "date"] == pd.Timestamp("2026-05-12")
    check_payload(frame.iloc[0])


def test_json_list_and_lines(write):
    items = [{"date": f"2026-05-{d:02d}", "data": payload()} for d in (12, 13)]
    listed = load_ssi(write("all.json", json.dumps(items)))
    lines = load_ssi(write("all.jsonl", "\n".join(json.dumps(i) for i in items) + "\n"))
    pd.testing.assert_frame_equal(listed, lines)
    assert listed["date"].tolist() == list(pd.to_datetime(["2026-05-12", "2026-05-13"]))
    assert lines.attrs["load_report"].format == "JSON lines"


def test_folder_of_daily_json_files(write, tmp_path):
    for day in (12, 13, 19):
        write(f"days/ssi_2026-05-{day}.json", json.dumps(payload()))
    write("days/README.md", "not data")
    frame = load_ssi(tmp_path / "days")
    assert frame["date"].dt.day.tolist() == [12, 13, 19]
    assert frame.attrs["load_report"].missing_days == 8 - 3 + 0


def test_team_file_with_person_column(write):
    text = "Seller,Date,SSI\nAna,2026-05-12,50\nBruno,2026-05-12,60\nAna,2026-05-13,51\n"
    frame = load_ssi(write("team.csv", text))
    assert frame["person"].tolist() == ["Ana", "Ana", "Bruno"]
    assert frame.attrs["load_report"].people == ("Ana", "Bruno")


def test_dict_of_people_and_list_of_files(write):
    ana = write("ana.csv", "Date,SSI\n2026-05-12,50\n")
    bruno = write("bruno.csv", "Date,SSI\n2026-05-12,60\n")
    frame = load_ssi({"Ana": ana, "Bruno": [bruno]})
    assert frame[["person", "ssi"]].values.tolist() == [["Ana", 50.0], ["Bruno", 60.0]]
    both = load_ssi([ana, bruno], person="Dana")
    assert both["person"].unique().tolist() == ["Dana"]
    assert both.attrs["load_report"].rows_merged == 1  # same person, same day


def test_person_argument_names_one_person(write):
    frame = load_ssi(write("log.csv", WIDE), person="Dana W.")
    assert (frame["person"] == "Dana W.").all()
