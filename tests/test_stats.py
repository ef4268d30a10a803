"""The statistics functions: shapes, conventions, edge cases."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ssi_analysis import (
    align,
    correlate,
    correlation_table,
    diagnose,
    granger,
    lag_scan,
    min_detectable_r,
    partial,
    team_effect,
)
from ssi_analysis.stats.correlation import RESULT_COLUMNS


@pytest.fixture
def weekly(rng):
    n = 80
    x = rng.normal(size=n)
    return pd.DataFrame(
        {
            "period": pd.date_range("2025-01-06", periods=n, freq="W-MON"),
            "x": x,
            "y": np.r_[np.nan, np.nan, x[:-2]] + rng.normal(0, 0.7, n),
            "z": rng.normal(size=n),
        }
    )


def test_result_columns_are_identifier_safe(weekly):
    row = correlate(weekly, x="x", y="z")
    assert list(row.columns) == RESULT_COLUMNS
    assert all(c.isidentifier() for c in row.columns)
    assert row["test"].iloc[0].startswith("prewhitened")
    assert row["unit"].iloc[0] == "week"


def test_r_and_p_naive_are_the_textbook_values(weekly):
    row = correlate(weekly, x="x", y="z").iloc[0]
    ref = stats.pearsonr(weekly["x"], weekly["z"])
    assert row["r_levels"] == pytest.approx(ref.statistic)
    assert row["p_naive"] == pytest.approx(ref.pvalue)
    assert row["ci_low"] < row["r"] < row["ci_high"]
    assert row["status"] == "ok" and row["df"] == row["n"] - 3 - row["ar_order"]


def test_lag_convention_x_leads_y(weekly):
    scan = lag_scan(weekly, x="x", y="y", lags=range(-3, 4)).set_index("lag")
    assert scan["r"].abs().idxmax() == 2  # y copies x two weeks later
    assert scan["r_levels"].abs().idxmax() == 2
    assert scan.loc[2, "p_adj"] < 0.001
    assert scan.loc[-2, "p_adj"] > 0.05
    assert (scan["band"] > 0).all() and "p_adj" in scan


def test_missing_periods_are_skipped_not_filled(weekly):
    holes = weekly.drop(index=[10, 11, 40])
    with_nan = weekly.copy()
    with_nan.loc[[10, 11, 40], ["x", "y", "z"]] = np.nan
    a = correlate(holes, x="x", y="z", lag=1).iloc[0]
    b = correlate(with_nan, x="x", y="z", lag=1).iloc[0]
    pd.testing.assert_series_equal(a, b)
    # pairs that touch a missing week are not made up: 79 pairs at lag 1, minus those with a hole
    assert a["n_levels"] == 79 - 5


def test_constant_series_gives_a_nan_row_with_a_note(weekly):
    data = weekly.assign(flat=3.0)
    row = correlate(data, x="flat", y="x").iloc[0]
    assert np.isnan(row["r"]) and np.isnan(row["p"]) and "constant" in row["note"]
    assert row["status"] == "constant"


def test_too_few_periods_says_how_many_are_needed(weekly):
    with pytest.raises(ValueError, match=r"7 with both values known .* at least 10 needed"):
        correlate(weekly.head(7), x="x", y="z")


def test_lag_longer_than_the_series(weekly):
    with pytest.raises(ValueError, match="too few periods: 0"):
        correlate(weekly, x="x", y="z", lag=200)
    scan = lag_scan(weekly.head(20), x="x", y="z", lags=[0, 15])
    assert np.isnan(scan.loc[1, "p"]) and scan.loc[1, "note"].startswith("too few")
    assert list(scan["status"]) == ["ok", "too_few"]


def test_several_people_need_choosing(weekly):
    two = pd.concat([weekly.assign(person="a"), weekly.assign(person="b")])
    with pytest.raises(ValueError, match="several people"):
        correlate(two, x="x", y="z")


def test_irregular_clock_is_refused(weekly):
    odd = weekly.assign(
        period=weekly["period"] + pd.to_timedelta(np.arange(len(weekly)) % 3, unit="D")
    )
    with pytest.raises(ValueError, match="regular"):
        correlate(odd, x="x", y="z")


def test_correlation_table_is_one_family(weekly):
    table = correlation_table(weekly, x=["x", "z"], y=["y"], lags=range(0, 3))
    assert len(table) == 6
    from statsmodels.stats.multitest import multipletests

    np.testing.assert_allclose(table["p_adj"], multipletests(table["p"], method="fdr_bh")[1])
    assert table.loc[(table.x == "x") & (table.lag == 2), "p_adj"].iloc[0] < 0.001


def test_methods_agree_on_white_noise(weekly):
    naive = correlate(weekly, x="x", y="z", method="naive").iloc[0]
    assert naive["r"] == naive["r_levels"] and naive["df"] == naive["n"] - 2
    assert naive["p"] == pytest.approx(naive["p_naive"], abs=0.01)  # Fisher z vs t
    diff = correlate(weekly, x="x", y="z", method="difference").iloc[0]
    assert diff["test"].startswith("first differences")
    with pytest.raises(ValueError, match="method must be one of"):
        correlate(weekly, x="x", y="z", method="magic")


def test_partial_removes_a_shared_driver(rng):
    n = 120
    season = np.sin(np.arange(n) / 4) * 3
    data = pd.DataFrame(
        {
            "period": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
            "season": season,
            "ssi": season + rng.normal(size=n),
            "pipeline": season + rng.normal(size=n),
        }
    )
    raw = correlate(data, x="ssi", y="pipeline").iloc[0]
    controlled = partial(data, x="ssi", y="pipeline", covar=["season"]).iloc[0]
    assert raw["r_levels"] > 0.6 and abs(controlled["r_levels"]) < 0.25
    assert controlled["p"] > 0.01
    assert controlled["covar"] == "season"


def test_diagnose_flags(rng):
    n = 104
    data = pd.DataFrame(
        {
            "period": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
            "walk": rng.normal(size=n).cumsum(),
            "noise": rng.normal(size=n),
        }
    )
    slow = np.zeros(n)
    for t in range(1, n):
        slow[t] = 0.6 * slow[t - 1] + rng.normal()
    data["slow"] = slow
    flags = diagnose(data).set_index("column")
    assert flags.loc["walk", "flag"] == "trending"
    assert flags.loc["noise", "flag"] == "ok"
    assert flags.loc["slow", "ar1"] == pytest.approx(0.6, abs=0.2)
    assert set(flags.columns) >= {"n", "missing", "ar1", "adf_p", "kpss_p", "trend", "flag"}


def test_granger_finds_prediction_and_runs_on_gaps(rng):
    n = 150
    x = rng.normal(size=n)
    y = np.r_[0, 0.7 * x[:-1]] + rng.normal(size=n)
    data = pd.DataFrame(
        {"period": pd.date_range("2023-01-02", periods=n, freq="W-MON"), "x": x, "y": y}
    )
    assert granger(data, x="x", y="y", maxlag=2)["p"].max() < 0.001
    assert granger(data, x="y", y="x", maxlag=2)["p"].min() > 0.01
    data.loc[20, "x"] = np.nan
    out = granger(data, x="x", y="y", maxlag=2)
    assert out["n"].iloc[0] == n - 21 and "longest run" in out["note"].iloc[0]
    with pytest.raises(ValueError, match="too few consecutive periods"):
        granger(data.head(15), x="x", y="y", maxlag=2)
    # statsmodels' result rides along, shared by derived tables (pandas would deep-copy it)
    result = out.attrs["result"]
    assert sorted(result) == [1, 2] and result[2][0]["ssr_ftest"][1] == out["p"].iloc[1]
    assert all(d.attrs["result"] is result for d in (out[out["lag"] == 2], out.sort_values("p")))


def test_min_detectable_r(rng):
    n = 52
    data = pd.DataFrame(
        {
            "period": pd.date_range("2025-01-06", periods=n, freq="W-MON"),
            "x": rng.normal(size=n),
            "y": rng.normal(size=n),
        }
    )
    row = min_detectable_r(data, x="x", y="y").iloc[0]
    # docs/methods.md: with 52 independent weeks only |r| >~ 0.38 is detectable at 80 % power
    assert row["r_detectable"] == pytest.approx(0.38, abs=0.04)
    # it is the detectable size of the tested (prewhitened) r: walks filter to white noise
    walks = data.assign(x=data["x"].cumsum(), y=data["y"].cumsum())
    on_walks = min_detectable_r(walks, x="x", y="y").iloc[0]
    assert on_walks["r_detectable"] == pytest.approx(0.39, abs=0.03)
    assert on_walks["r_detectable"] == pytest.approx(
        correlate(walks, x="x", y="y")["r_detectable"].iloc[0]
    )
    gappy = walks.assign(x=walks["x"].where(np.arange(n) % 2 == 0))  # every other week
    assert min_detectable_r(gappy, x="x", y="y")["r_detectable"].iloc[0] > 0.5


def test_team_effect_rows_and_lag(rng):
    people, weeks = 8, 30
    level = np.repeat(rng.normal(0, 2, people), weeks)
    x = rng.normal(size=people * weeks)
    panel = pd.DataFrame(
        {
            "person": np.repeat([f"p{i}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
            "ssi": level + x,
            "revenue": level + rng.normal(size=people * weeks),
        }
    )
    # revenue follows each person's own ssi one week later
    panel["revenue"] += panel.groupby("person")["ssi"].shift(1).fillna(0) - level
    out = team_effect(panel, x="ssi", y="revenue", lag=1).set_index("effect")
    assert list(out.index) == ["within", "between", "pooled"]
    assert out.loc["within", "p"] < 0.001 and out.loc["within", "slope"] == pytest.approx(
        1, abs=0.2
    )
    assert out.loc["within", "n_obs"] == people * (weeks - 1)
    assert out.loc["between", "n_obs"] == people


def test_team_effect_unbalanced_panel_matches_dummies(rng):
    import statsmodels.formula.api as smf

    people, weeks = 6, 20
    panel = pd.DataFrame(
        {
            "person": np.repeat([f"p{i}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
            "ssi": rng.normal(size=people * weeks),
            "revenue": rng.normal(size=people * weeks),
        }
    )
    panel = panel.drop(index=[3, 50, 51, 90]).reset_index(drop=True)
    out = team_effect(panel, x="ssi", y="revenue").set_index("effect")
    ref = smf.ols("revenue ~ ssi + C(person) + C(period)", data=panel).fit()
    assert out.loc["within", "slope"] == pytest.approx(ref.params["ssi"])


def test_works_on_an_aligned_panel(write):
    from ssi_analysis import load_ssi

    days = pd.date_range("2025-01-06", periods=7 * 30)
    rng = np.random.default_rng(0)
    text = "Date,SSI\n" + "".join(f"{d:%Y-%m-%d},{50 + rng.normal():.1f}\n" for d in days)
    panel = align(load_ssi(write("ssi.csv", text)))
    panel["replies"] = rng.poisson(3, len(panel)).astype(float)
    row = correlate(panel, x="ssi", y="replies").iloc[0]
    assert row["n_levels"] == 30 and row["unit"] == "week"
    assert row["n"] == 30 - row["ar_order"]  # the filter's first periods have no lag


def test_constant_series_are_named_not_crashed_on(rng):
    n = 60
    data = pd.DataFrame(
        {
            "period": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
            "ssi": 55.0,
            "y": rng.normal(size=n),
        }
    )
    assert diagnose(data).set_index("column").loc["ssi", "flag"] == "constant"
    with pytest.raises(ValueError, match="'ssi' is constant"):
        granger(data, x="ssi", y="y", difference=False)
    row = min_detectable_r(data, x="ssi", y="y").iloc[0]
    assert row["status"] == "constant" and np.isnan(row["r_detectable"])


def test_team_effect_lags_by_periods_and_leaves_out_single_period_people(rng):
    people, weeks = 12, 40
    periods = pd.date_range("2025-01-06", periods=weeks, freq="W-MON")
    x = rng.normal(size=(people, weeks))
    y = np.full((people, weeks), np.nan)
    y[:, 1:] = x[:, :-1] + rng.normal(0, 0.3, (people, weeks - 1))  # slope 1 at lag 1
    panel = pd.DataFrame(
        {
            "person": np.repeat([f"p{i}" for i in range(people)], weeks),
            "period": np.tile(periods, people),
            "ssi": x.ravel(),
            "revenue": y.ravel(),
        }
    )
    panel = panel.sample(frac=0.75, random_state=1)  # a quarter of the rows absent
    single = pd.DataFrame(  # two rows each, so one complete pair at lag 1
        {
            "person": ["solo1", "solo1", "solo2", "solo2"],
            "period": [*periods[:2], *periods[:2]],
            "ssi": [1.0, 2.0, 3.0, 1.0],
            "revenue": [0.0, 1.0, 2.0, 5.0],
        }
    )
    out = team_effect(pd.concat([panel, single]), x="ssi", y="revenue", lag=1)
    within = out.set_index("effect").loc["within"]
    assert within["slope"] == pytest.approx(1, abs=0.05)  # by rows it came out 0.785
    assert within["n_people"] == people
    assert "2 people with a single period left out" in within["note"]
    with pytest.raises(ValueError, match="team_effect: no column 'nope'"):
        team_effect(panel, x="nope", y="revenue")
    with pytest.raises(ValueError, match="team_effect: lag must be a whole number"):
        team_effect(panel, x="ssi", y="revenue", lag=0.5)


def test_partial_uses_common_periods_and_checks_covar(rng):
    n = 90
    data = pd.DataFrame(
        {
            "period": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
            "ssi": rng.normal(size=n),
            "replies": rng.normal(size=n),
            "posts": rng.normal(size=n),
        }
    )
    data.loc[5:20, "replies"] = np.nan  # y misses periods x has
    row = partial(data, x="ssi", y="replies", covar=["posts"]).iloc[0]
    both = data.dropna()
    rx = both["ssi"] - np.polyval(np.polyfit(both["posts"], both["ssi"], 1), both["posts"])
    ry = both["replies"] - np.polyval(np.polyfit(both["posts"], both["replies"], 1), both["posts"])
    assert row["r_levels"] == pytest.approx(np.corrcoef(rx, ry)[0, 1])
    assert row["n_levels"] == len(both) and row["status"] == "ok"
    assert row["ci_low"] < row["r"] < row["ci_high"]
    with pytest.raises(ValueError, match=r"partial: covar must be a non-empty list .* got \[\]"):
        partial(data, x="ssi", y="replies", covar=[])
