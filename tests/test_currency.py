"""The export's currency reaches every money number, and is never invented (issues #12, #17)."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import ssi_analysis as ssi
from ssi_analysis.errors import SSIDataError

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_currency")

HUBSPOT = "Deal owner,Deal Stage,Amount,Create Date,Close Date{extra_head}\n"


def deals(path, amounts, *, currency_column=None, codes=None, owner="Dana"):
    """A HubSpot-like export: one deal a week, every other one won."""
    head = HUBSPOT.format(extra_head=f",{currency_column}" if currency_column else "")
    lines = [head.rstrip("\n")]
    start = pd.Timestamp("2026-01-05")
    for i, amount in enumerate(amounts):
        created = start + pd.Timedelta(weeks=i)
        stage, closed = ("Closed Won", created + pd.Timedelta(days=3)) if i % 2 else ("Open", None)
        cells = [owner, stage, f'"{amount}"', f"{created:%Y-%m-%d}"]
        cells.append(f"{closed:%Y-%m-%d}" if closed is not None else "")
        if currency_column:
            cells.append(codes[i])
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def money_currency(frame):
    return set(frame.loc[frame["metric"].isin(["pipeline_created", "revenue_won"]), "currency"])


def test_salesforce_currency_column_is_the_currency(tmp_path):
    path = tmp_path / "report1700000000000.csv"
    path.write_text(
        '"Opportunity Owner","Stage","Amount Currency","Amount","Close Date","Created Date"\n'
        '"Ana","Closed Won","GBP","£1,200.00","3/20/2026","3/2/2026"\n'
        '"Ana","Prospecting","GBP","£800.00","4/20/2026","3/9/2026"\n'
        '\n"Grand Totals (2 records)"\n',
        encoding="utf-8",
    )
    out = ssi.load_outcomes(path)
    report = out.attrs["load_report"]
    assert report.currency == "GBP" and money_currency(out) == {"GBP"}
    # counts carry no currency; the currency column is used, so not listed as ignored
    assert set(out.loc[out["metric"] == "deals_created", "currency"]) == {""}
    assert not any("Currency" in c for c in report.ignored_columns)
    assert any("amounts in GBP (from the Amount Currency column)" in n for n in report.notes)


def test_hubspot_currency_code_column(tmp_path):
    codes = ["EUR"] * 6
    path = deals(tmp_path / "d.csv", [1000] * 6, currency_column="Deal currency code", codes=codes)
    out = ssi.load_outcomes(path)
    assert out.attrs["load_report"].currency == "EUR" and money_currency(out) == {"EUR"}


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        (["€1.200", "900 €", "€ 50", "1.000,50 €"], "EUR"),
        (["R$ 1.200", "R$900", "R$ 50", "R$ 1"], "BRL"),
        (["$1,200", "$900", "$50", "75"], "$"),  # "$" alone: not guessed to be USD
        (["US$1,200", "US$900", "US$50", "US$ 1"], "USD"),
        (["1200 CAD", "CAD 900", "50 CAD", "1 CAD"], "CAD"),
    ],
)
def test_symbols_in_the_amounts(tmp_path, amounts, expected):
    out = ssi.load_outcomes(deals(tmp_path / "d.csv", amounts))
    assert out.attrs["load_report"].currency == expected
    assert money_currency(out) == {expected}
    # the amounts themselves are read as numbers (a plain "75" takes the column's currency)
    assert out.loc[out["metric"] == "pipeline_created", "value"].notna().all()


def test_no_currency_means_none(tmp_path):
    out = ssi.load_outcomes(deals(tmp_path / "d.csv", [1200, 900, 50, 10]))
    assert out.attrs["load_report"].currency is None and money_currency(out) == {""}
    panel = ssi.align(scores_for(out), out)
    assert panel.attrs["align_report"].currency is None


def test_mixed_symbols_in_one_column_keep_the_most_common(tmp_path):
    path = deals(tmp_path / "d.csv", ["€100", "€200", "$300", "€400", "500"])
    with pytest.raises(SSIDataError) as info:
        ssi.load_outcomes(path)
    problems = info.value.problems
    assert problems[["line", "column"]].values.tolist() == [[4, "Amount"]]
    assert "in $ while the others are in EUR" in problems.loc[0, "problem"]
    out = ssi.load_outcomes(path, errors="drop")
    report = out.attrs["load_report"]
    assert report.currency == "EUR" and report.rows_rejected == 1
    assert sorted(out.loc[out["metric"] == "pipeline_created", "value"]) == [100, 200, 400, 500]


def test_exports_in_different_currencies_are_refused(tmp_path):
    eur = deals(tmp_path / "eur.csv", ["€100", "€200"])
    usd = deals(tmp_path / "usd.csv", [100, 200], currency_column="Currency", codes=["USD"] * 2)
    for errors in ("raise", "drop"):  # dropping a whole export would be no better
        with pytest.raises(SSIDataError) as info:
            ssi.load_outcomes([eur, usd], errors=errors)
        message = str(info.value)
        assert "EUR in eur.csv; USD in usd.csv" in message and "cannot be added" in message
        assert "errors='drop'" not in message  # skipping rows cannot help


def test_a_known_and_an_unknown_currency_show_none(tmp_path):
    eur = deals(tmp_path / "eur.csv", ["€100", "€200"])
    plain = deals(tmp_path / "plain.csv", [100, 200], owner="Bo")
    out = ssi.load_outcomes([eur, plain])
    report = out.attrs["load_report"]
    assert report.currency is None
    assert any("eur.csv name EUR but plain.csv name none" in n for n in report.notes)


def scores_for(outcomes):
    """A daily SSI log over the outcomes' span, one per person (values do not matter here)."""
    rows = []
    for person in outcomes["person"].unique():
        days = pd.date_range(outcomes["date"].min(), outcomes["date"].max(), freq="D")
        rows.append(pd.DataFrame({"person": person, "date": days, "ssi": 50.0}))
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def euro_team(tmp_path_factory):
    """A simulated team whose Salesforce export is in euros (code column and € amounts)."""
    from ssi_analysis.simulate import simulate
    from ssi_analysis.simulate.writers import write_salesforce_csv, write_ssi_log

    folder = tmp_path_factory.mktemp("euro")
    sim = simulate("team", seed=5, people=5, days=210, start="2025-06-02", deal_rate=0.8)
    ssi_file = write_ssi_log(sim.scores, folder / "team_ssi.csv", seed=5)
    path = write_salesforce_csv(sim.deals, folder / "report1700000000000.csv", seed=5)
    path.write_text(
        path.read_text(encoding="utf-8").replace('"USD"', '"EUR"').replace("$", "€"),
        encoding="utf-8",
    )
    return ssi_file, path


@pytest.mark.slow
def test_the_currency_reaches_team_answers_sellers_and_plots(euro_team):
    ssi_file, deals_file = euro_team
    panel = ssi.align(ssi.load_ssi(ssi_file), ssi.load_outcomes(deals_file))
    assert panel.attrs["align_report"].currency == "EUR"
    team = ssi.team_answers(
        panel, scores=["ssi"], outcomes=["pipeline_created", "deals_won"], lags=[0], transform=None
    ).table
    units = dict(zip(team["outcome"], team["slope_unit"], strict=True))
    assert units["pipeline_created"] == "pipeline created (EUR) per SSI point per seller-week"
    assert units["deals_won"] == "deals won per SSI point per seller-week"
    money = team[team["outcome"] == "pipeline_created"].iloc[0]
    assert "pipeline created (EUR)" in money["sentence"] + money["between_sentence"]
    sellers = ssi.seller_answers(panel, outcomes=["revenue_won"], lags=[0])
    assert sellers.table["sentence"].str.contains("revenue won (EUR)", regex=False).all()
    from ssi_analysis.present import plots

    fig, ax = plt.subplots()
    plots.team(panel, x="ssi", y="revenue_won", ax=ax)
    assert ax.get_ylabel() == "revenue won (EUR)"
    plt.close(fig)
    # the currency given explicitly wins over the panel's
    again = ssi.team_answers(
        panel, scores=["ssi"], outcomes=["pipeline_created"], lags=[0], currency="EUR (net)"
    ).table
    assert "(EUR (net))" in again.loc[0, "slope_unit"]


@pytest.mark.slow
def test_team_report_shows_the_currency_and_no_currency_shows_no_unit(euro_team, tmp_path):
    from ssi_analysis.present.report import make_report, render

    ssi_file, deals_file = euro_team
    report = make_report(ssi_file, [deals_file], lags=(0, 1), score_columns=["ssi"])
    units = report.csv.set_index("outcome")["slope_unit"]
    assert "pipeline created (EUR)" in units["pipeline_created"]
    page = render(report)
    assert "Pipeline and revenue are in EUR" in page and "revenue won (EUR)" in page
    # the same team with the currency taken out of the export: no unit, never "nan" or "None"
    plain = tmp_path / "report1700000000001.csv"
    text = deals_file.read_text(encoding="utf-8").replace('"EUR",', "").replace("€", "")
    plain.write_text(text.replace('"Amount Currency",', ""), encoding="utf-8")
    report = make_report(ssi_file, [plain], lags=(0,), score_columns=["ssi"])
    units = report.csv.set_index("outcome")["slope_unit"]
    assert units["pipeline_created"].startswith("% change of the expected pipeline created per")
    page = render(report)
    assert (
        "(None)" not in page and "(nan)" not in page and "Pipeline and revenue are in" not in page
    )


def test_deals_in_several_currencies_use_the_converted_amount(tmp_path):
    path = tmp_path / "hub.csv"
    path.write_text(
        "Deal owner,Deal Stage,Amount,Deal currency code,Amount in company currency,"
        "Create Date,Close Date\n"
        "Dana,Closed Won,1000,USD,920,2026-03-02,2026-03-20\n"
        "Dana,Open,500,GBP,580,2026-03-03,\n"
        "Dana,Open,700,USD,640,2026-03-05,\n",
        encoding="utf-8",
    )
    out = ssi.load_outcomes(path)
    report = out.attrs["load_report"]
    pipeline = out.loc[out["metric"] == "pipeline_created", "value"].tolist()
    assert pipeline == [920, 580, 640] and report.rows_rejected == 0
    # the deal's own currency does not describe the company-currency amount: none is shown
    assert report.currency is None and money_currency(out) == {""}
    assert any("read from Amount in company currency" in n for n in report.notes)
