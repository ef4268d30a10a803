"""Reading numbers and dates the way exports write them."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.schema.coerce import decimal_mark, to_datetime, to_number, to_rank


def dates(*values, dayfirst=None):
    out = to_datetime(pd.Series(list(values), dtype=object), dayfirst=dayfirst)
    return [None if np.isnat(v) else str(v)[:19] for v in out.values], out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-12", "2026-05-12T00:00:00"),
        ("2026-05-12T17:55:03Z", "2026-05-12T17:55:03"),
        ("2026-05-12T23:30:00-03:00", "2026-05-12T23:30:00"),  # wall clock kept, no shift
        ("2022-09-08 18:08:14 UTC", "2022-09-08T18:08:14"),
        ("1735689600000", "2025-01-01T00:00:00"),  # Unix milliseconds (UTC)
        ("1735689600", "2025-01-01T00:00:00"),  # Unix seconds
        ("09 Sep 2022", "2022-09-09T00:00:00"),
        ("9-Sep-22", "2022-09-09T00:00:00"),
        ("Sep 9, 2022", "2022-09-09T00:00:00"),
        ("13.01.2025", "2025-01-13T00:00:00"),
    ],
)
def test_single_date_formats(text, expected):
    got, out = dates(text)
    assert got == [expected]
    assert not out.bad.any()


def test_day_month_order_decided_from_the_whole_column():
    got, out = dates("03/04/2025", "25/04/2025")
    assert got[0] == "2025-04-03T00:00:00"
    assert "day first" in out.note
    got, out = dates("03/04/2025", "04/25/2025")
    assert got[0] == "2025-03-04T00:00:00"
    assert "month first" in out.note


def test_ambiguous_column_is_reported_not_guessed():
    got, out = dates("03/04/2025", "05/06/2025")
    assert got == [None, None]
    assert out.bad.all()
    assert "cannot be told apart" in out.problem
    got, out = dates("03/04/2025", "05/06/2025", dayfirst=False)
    assert got == ["2025-03-04T00:00:00", "2025-05-06T00:00:00"]


def test_mixed_day_first_and_month_first_is_a_problem():
    _, out = dates("13/01/2025", "01/13/2025")
    assert out.bad.all() and "mixes" in out.problem


def test_us_timestamp_with_am_pm():
    got, _ = dates("8/26/22, 8:56 PM", "12/1/22, 12:05 AM")
    assert got == ["2022-08-26T20:56:00", "2022-12-01T00:05:00"]


def test_impossible_and_unreadable_dates_are_bad():
    got, out = dates("2025-02-30", "yesterday", "")
    assert got == [None, None, None]
    assert out.bad.tolist() == [True, True, False]  # empty is missing, not bad


def test_numbers_in_many_conventions():
    out = to_number(pd.Series(["20,973", "53 de 100", "53 of 100", " 7 ", "", "x"]))
    np.testing.assert_array_equal(out.values[:4], [20.973, 53, 53, 7])
    assert np.isnan(out.values[4]) and np.isnan(out.values[5])
    assert out.bad.tolist() == [False] * 5 + [True]


def test_thousands_and_currency_for_money():
    out = to_number(pd.Series(['"$1,234,567"', "$ 2,500.50", "(300)"]), ambiguous_as_decimal=False)
    np.testing.assert_allclose(out.values, [1234567, 2500.5, -300])
    out = to_number(pd.Series(["R$ 2.500,50", "€1.000"]), ambiguous_as_decimal=False)
    np.testing.assert_allclose(out.values, [2500.5, 1000])
    out = to_number(pd.Series(["1.234,50", "10,00"]), ambiguous_as_decimal=False)
    np.testing.assert_allclose(out.values, [1234.5, 10.0])
    out = to_number(pd.Series(["1,234", "2,000"]), ambiguous_as_decimal=False)
    np.testing.assert_allclose(out.values, [1234, 2000])
    out = to_number(pd.Series(["1,234", "2,000"]), ambiguous_as_decimal=True)
    np.testing.assert_allclose(out.values, [1.234, 2.0])


def test_percent_as_fraction():
    out = to_number(pd.Series(["2%", "< 1%", "0.5"]), percent="fraction")
    np.testing.assert_allclose(out.values[[0, 2]], [0.02, 0.5])
    assert np.isnan(out.values[1]) and out.bad[1]


def test_decimal_mark_rules():
    assert decimal_mark(["1,5"], ambiguous_as_decimal=False) == ","
    assert decimal_mark(["1,500"], ambiguous_as_decimal=False) == "."
    assert decimal_mark(["1.500"], ambiguous_as_decimal=False) == ","


def test_ranks():
    out = to_rank(pd.Series(["Top 10%", "Primeiros 12%", "8", 9, "top 1 %", "best"]))
    np.testing.assert_array_equal(out.values[:5], [10, 12, 8, 9, 1])
    assert out.bad.tolist() == [False] * 5 + [True]
