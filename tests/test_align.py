"""align: one row per person and period, with the documented gap policy."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import align, load_outcomes, load_ssi


def scores_frame(person="me", days=(), values=()):
    return pd.DataFrame({"person": person, "date": pd.to_datetime(list(days)), "ssi": list(values)})


def outcome_rows(rows, kind, source="src", person="me"):
    return pd.DataFrame(
        [
            {
                "person": person,
                "date": pd.Timestamp(d),
                "metric": m,
                "value": v,
                "kind": kind,
                "source": source,
            }
            for d, m, v in rows
        ]
    )


def by_period(panel, column):
    return dict(zip(panel["period"].dt.strftime("%Y-%m-%d"), panel[column], strict=True))


def test_weeks_run_monday_to_sunday_labelled_by_monday():
    # 2026-03-01 is a Sunday, 03-02 a Monday, 03-08 the next Sunday
    scores = scores_frame(
        days=["2026-03-01", "2026-03-02", "2026-03-08", "2026-03-09"],
        values=[10.0, 20.0, 30.0, 40.0],
    )
    panel = align(scores)
    assert by_period(panel, "ssi") == {"2026-02-23": 10.0, "2026-03-02": 25.0, "2026-03-09": 40.0}
    assert by_period(panel, "ssi_days") == {"2026-02-23": 1, "2026-03-02": 2, "2026-03-09": 1}
    assert (panel["period"].dt.day_of_week == 0).all()
    last = align(scores, ssi_agg="last")
    assert by_period(last, "ssi")["2026-03-02"] == 30.0


def test_a_week_without_a_capture_is_a_nan_row():
    scores = scores_frame(days=["2026-03-02", "2026-03-16"], values=[50.0, 52.0])
    panel = align(scores)
    assert len(panel) == 3
    assert np.isnan(by_period(panel, "ssi")["2026-03-09"])
    assert by_period(panel, "ssi_days")["2026-03-09"] == 0


def test_event_source_zero_inside_coverage_nan_outside():
    scores = scores_frame(days=["2026-02-23", "2026-03-30"], values=[50.0, 50.0])
    events = outcome_rows(
        [
            ("2026-03-02", "deals_created", 1),
            ("2026-03-04", "deals_created", 1),
            ("2026-03-21", "deals_created", 1),
            ("2026-03-23", "deals_created", 1),
        ],
        "event",
    )
    panel = align(scores, events)
    got = by_period(panel, "deals_created")
    # coverage is Mon 03-02 .. Mon 03-23: weeks 03-02, 03-09, 03-16 fully inside
    assert (got["2026-03-02"], got["2026-03-09"], got["2026-03-16"]) == (2, 0, 1)
    assert np.isnan(got["2026-02-23"]) and np.isnan(got["2026-03-30"])  # outside: unknown
    assert np.isnan(got["2026-03-23"])  # only 1 of its 7 days covered: a partial count
    partial = align(scores, events, min_coverage=1 / 7)
    assert by_period(partial, "deals_created")["2026-03-23"] == 1
    assert np.isnan(by_period(partial, "deals_created")["2026-03-30"])


def test_daily_source_sums_only_fully_covered_periods():
    days = pd.date_range("2026-03-02", "2026-03-12")  # Mon 03-02 .. Thu 03-12
    rows = [(d, "impressions", 10.0) for d in days if d != pd.Timestamp("2026-03-05")]
    panel = align(scores_frame(days=["2026-03-02"], values=[50.0]), outcome_rows(rows, "daily"))
    got = by_period(panel, "impressions")
    assert np.isnan(got["2026-03-02"])  # a day is missing: no partial sum
    assert np.isnan(got["2026-03-09"])  # only 4 of 7 days exported
    looser = align(
        scores_frame(days=["2026-03-02"], values=[50.0]),
        outcome_rows(rows, "daily"),
        min_coverage=0.5,
    )
    assert by_period(looser, "impressions") == {"2026-03-02": 60.0, "2026-03-09": 40.0}


def test_level_takes_the_last_value_of_the_period():
    rows = [
        ("2026-03-02", "followers", 100.0),
        ("2026-03-06", "followers", 110.0),
        ("2026-03-12", "followers", 120.0),
    ]
    panel = align(scores_frame(days=["2026-03-02"], values=[50.0]), outcome_rows(rows, "level"))
    assert by_period(panel, "followers") == {"2026-03-02": 110.0, "2026-03-09": 120.0}


def test_months_and_days():
    scores = scores_frame(
        days=["2026-01-31", "2026-02-01", "2026-02-28"], values=[10.0, 20.0, 40.0]
    )
    months = align(scores, freq="MS")
    assert by_period(months, "ssi") == {"2026-01-01": 10.0, "2026-02-01": 30.0}
    days = align(scores, freq="D")
    assert len(days) == 29 and days["ssi"].notna().sum() == 3


# The export's first and last dates (Mon 03-02, Sun 03-29) make four whole weeks covered.
DEALS = (
    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner\n"
    "1,A,Closed Won,1000,2026-03-18,2026-03-02,Dana W.\n"  # created wk 03-02, won wk 03-16
    "2,B,Open,500,,2026-03-10,Dana W.\n"
    "3,C,Closed Won,300,2026-03-24,2026-03-24,Dana W.\n"
    "4,D,Open,200,,2026-03-29,Dana W.\n"
)


def test_deal_created_one_week_won_another(write):
    scores = load_ssi(
        write("ssi.csv", "Date,SSI\n2026-03-02,50\n2026-03-29,55\n"), person="Dana W."
    )
    panel = align(scores, load_outcomes(write("deals.csv", DEALS)))
    assert by_period(panel, "pipeline_created") == {
        "2026-03-02": 1000,
        "2026-03-09": 500,
        "2026-03-16": 0,
        "2026-03-23": 500,
    }
    assert by_period(panel, "revenue_won") == {
        "2026-03-02": 0,
        "2026-03-09": 0,
        "2026-03-16": 1000,
        "2026-03-23": 300,
    }
    # revenue never lands on the create date's week
    assert by_period(panel, "revenue_won")["2026-03-02"] == 0
    assert by_period(panel, "deals_won") == {
        "2026-03-02": 0,
        "2026-03-09": 0,
        "2026-03-16": 1,
        "2026-03-23": 1,
    }


def test_people_on_one_side_are_reported_not_dropped(write):
    scores = load_ssi(
        write("ssi.csv", "Name,Date,SSI\nDana W.,2026-03-02,50\nAnn Lee,2026-03-02,60\n")
    )
    outcomes = load_outcomes(
        write(
            "deals.csv",
            DEALS.replace(
                "3,C,Closed Won,300,2026-03-24,2026-03-24,Dana W.", "3,C,Open,300,,2026-03-24,Bo"
            ),
        )
    )
    panel = align(scores, outcomes)
    report = panel.attrs["align_report"]
    assert report.only_in_scores == ("Ann Lee",)
    assert report.only_in_outcomes == ("Bo",)
    assert set(panel["person"]) == {"Dana W.", "Ann Lee", "Bo"}
    ann = panel[panel["person"] == "Ann Lee"]
    assert ann["deals_created"].isna().all()  # not in the CRM: unknown, not zero
    assert "people with scores but no outcomes: Ann Lee" in str(report)


def test_names_match_across_case_and_spacing(write):
    scores = load_ssi(write("ssi.csv", "Date,SSI\n2026-03-02,50\n"), person="dana  w.")
    panel = align(scores, load_outcomes(write("deals.csv", DEALS)))
    assert panel["person"].unique().tolist() == ["dana  w."]
    assert panel.attrs["align_report"].only_in_outcomes == ()


def test_coverage_is_reported(write):
    scores = load_ssi(write("ssi.csv", "Date,SSI\n2026-03-02,50\n"), person="Dana W.")
    report = align(scores, load_outcomes(write("deals.csv", DEALS))).attrs["align_report"]
    row = report.coverage.set_index("metric").loc["deals_created"]
    assert (row["kind"], row["source"], row["periods_with_value"]) == ("event", "crm_deals", 4)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="freq must be one of"):
        align(scores_frame(days=["2026-03-02"], values=[1.0]), freq="M")


@pytest.mark.real
def test_three_calls_from_real_world_exports(real, write):
    """An SSI log, a creator analytics xlsx and a HubSpot export to one weekly panel."""
    scores = load_ssi(real / "ssi" / "wide_daily_with_failed_scrapes.csv")
    outcomes = load_outcomes(
        [
            real / "outcomes" / "creator_analytics_obfuscated.xlsx",
            write("hubspot.csv", DEALS.replace("Dana W.", "")),
        ],
        person="me",
    )
    panel = align(scores, outcomes)
    assert {"ssi", "ssi_days", "impressions", "new_followers", "pipeline_created"} <= set(
        panel.columns
    )
    assert panel["period"].dt.day_of_week.eq(0).all()
    first_week = panel[panel["period"] == "2022-04-25"].iloc[0]
    # 2022-04-25 (Mon) .. 05-01 (Sun) lies inside the creator export: a full week's sum
    creator = outcomes[
        (outcomes["metric"] == "impressions") & outcomes["date"].between("2022-04-25", "2022-05-01")
    ]
    assert first_week["impressions"] == creator["value"].sum()
    assert np.isnan(first_week["ssi"])
    r = outcomes.attrs["load_report"]
    assert r.rows_read == r.rows_kept + r.rows_missing + r.rows_merged + r.rows_rejected
